/*
 * image.h: uploaded pictures, bytes in, checked pictures out.
 *
 * The only code that knows libmagic, libvips, libtesseract and zbar.  No
 * HTTP, SQL or Redis: pages/upload.c hands it the bytes of an upload and
 * stores what it returns.  Everything here is blocking and CPU-bound and
 * runs on an app thread, never on an event loop.
 *
 * image_process() decides the type by content (libmagic: PNG, JPEG and
 * WebP only), refuses polyglots (bytes after the image's own end, or
 * markup and archive signatures inside) and decompression bombs (the
 * header's dimensions are read before any pixel is decoded), then decodes
 * and re-encodes with libvips: orientation applied, metadata (EXIF, GPS,
 * XMP, ICC comments) dropped, longest side at most max_side, and a
 * thumbnail.  image_scan() reads the pixels for the moderation check: OCR
 * (Tesseract, jpn+eng) with word boxes, QR codes (zbar) and a 64-bit
 * perceptual hash (dHash).
 */
#ifndef SODAN_IMAGE_H
#define SODAN_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

enum image_err {
	IMAGE_OK,
	IMAGE_EMPTY,		/* no bytes */
	IMAGE_TOO_LARGE,	/* more than max_bytes */
	IMAGE_BAD_TYPE,		/* not PNG, JPEG or WebP by content */
	IMAGE_TOO_MANY_PIXELS,	/* header says more than max_pixels: a bomb */
	IMAGE_POLYGLOT,		/* also another kind of file */
	IMAGE_CORRUPT,		/* the decoder refused it */
	IMAGE_BUSY,		/* every image place is taken: try again */
	IMAGE_ERR__MAX
};

enum image_type {
	IMAGE_PNG,
	IMAGE_JPEG,
	IMAGE_WEBP,
	IMAGE_TYPE__MAX
};

struct image_limits {
	size_t		 max_bytes;	/* of the upload */
	int64_t		 max_pixels;	/* width * height in the header */
	int		 max_side;	/* longest side after re-encoding */
	int		 thumb_side;	/* longest side of the thumbnail */
	int		 ocr_ms;	/* OCR deadline, milliseconds */
};

/* A re-encoded picture; all arena-owned. */
struct image_out {
	enum image_type	 type;
	int		 width;		/* after orientation and resize */
	int		 height;
	const unsigned char *data;	/* the re-encoded file */
	size_t		 len;
	const unsigned char *thumb;	/* the thumbnail, same type */
	size_t		 thumb_len;
	int		 thumb_width;
	int		 thumb_height;
	unsigned char	*gray;		/* 8-bit grey pixels, width * height,
					 * for image_scan (alpha on white) */
};

/* A word OCR found, or a QR code zbar found; boxes in pixels of image_out. */
struct image_box {
	const char	*text;		/* UTF-8 (QR payloads that are not UTF-8
					 * are given as hex) */
	int		 x, y, w, h;
	int		 conf;		/* OCR confidence 0..100; QR: 100 */
};

struct image_scan {
	uint64_t	 dhash;		/* perceptual hash (64 bits) */
	const char	*text;		/* OCR text, CJK spacing undone */
	struct image_box *words;
	size_t		 nwords;
	struct image_box *qr;
	size_t		 nqr;
	int		 timed_out;	/* OCR stopped at the deadline */
	int		 failed;	/* OCR could not run */
	int64_t		 ocr_us;	/* time spent in OCR */
	int64_t		 qr_us;		/* time spent in QR decoding */
};

/*
 * Once, before any thread calls the functions below: starts libvips (one
 * thread per operation, no operation cache).  max_ocr: OCR engines that
 * may run at once (each holds the jpn+eng models, about 100 MB);
 * max_images: uploads decoded at once.  Returns 0, or -1 (logged).
 */
int	image_init(const char *argv0, int max_ocr, int max_images);
/* At exit, after the app threads: frees the OCR engines and libvips. */
void	image_shutdown(void);

/*
 * Checks and re-encodes buf[0..len).  Fills *out (arena-owned) and
 * returns IMAGE_OK, or the reason it refused.
 */
enum image_err image_process(struct arena *, const void *buf, size_t len,
	    const struct image_limits *, struct image_out *out);

/*
 * Reads the pixels of a processed image: dHash, QR codes, then OCR with
 * the deadline of lim->ocr_ms.  Fills *out (arena-owned).  Returns 0;
 * out->failed or out->timed_out say when OCR did not finish.
 */
int	image_scan(struct arena *, const struct image_out *,
	    const struct image_limits *, struct image_scan *out);

/* dHash of 8-bit grey pixels (w * h, w and h >= 1). */
uint64_t image_dhash(const unsigned char *gray, int w, int h);
/* Bits that differ between two dHashes. */
int	image_dhash_distance(uint64_t, uint64_t);
/* The polyglot check alone (fuzzed): 1 when buf is also another kind of file. */
int	image_polyglot(enum image_type, const unsigned char *buf, size_t len);
/* "image/png" ..., and the file name extension "png" ... */
const char *image_mime(enum image_type);
const char *image_ext(enum image_type);

#endif
