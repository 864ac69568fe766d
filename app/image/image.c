/*
 * image/image.c: type by content, polyglot and bomb checks, re-encoding,
 * and the pixel scans (OCR, QR, dHash).  See image.h.
 *
 * libvips runs with one worker per operation (vips_concurrency_set(1)):
 * the app thread that called is the one that works, so the number of
 * pictures decoded at once is the image gate's, and nothing runs behind
 * the event loops.  Its operation cache is off, so nothing from one
 * upload outlives the call.  libmagic handles are not thread-safe: one is
 * opened per call (loading the compiled database takes well under a
 * millisecond).  Tesseract engines are costly to start (the jpn and eng
 * models): a small pool, created on first use and bounded by max_ocr,
 * lends them to callers; each call sets a deadline on its own monitor.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <magic.h>
#include <tesseract/capi.h>
#include <vips/vips.h>
#include <zbar.h>

#include "image/image.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/gate.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "lib/util.h"

#define OCR_MAX		8	/* engines at most */
#define IMAGE_WAIT_MS	2000	/* an upload waits this long for a place */

static pthread_mutex_t	 ocr_mu = PTHREAD_MUTEX_INITIALIZER;
static TessBaseAPI	*ocr_free[OCR_MAX];	/* idle engines */
static size_t		 ocr_nfree;
static struct gate	 ocr_gate;
static struct gate	 img_gate;
static int		 image_ready;

static enum image_err	 magic_type(const void *, size_t, enum image_type *);
static size_t		 png_end(const unsigned char *, size_t);
static size_t		 jpeg_end(const unsigned char *, size_t);
static size_t		 webp_end(const unsigned char *, size_t);
static int		 has_sig(const unsigned char *, size_t, const char *,
			    size_t, int);
static int		 save(VipsImage *, enum image_type, void **, size_t *);
static unsigned char	*gray_of(struct arena *, VipsImage *);
static TessBaseAPI	*ocr_take(void);
static void		 ocr_give(TessBaseAPI *);
static void		 ocr_run(struct arena *, const struct image_out *,
			    const struct image_limits *, struct image_scan *);
static void		 qr_run(struct arena *, const struct image_out *,
			    struct image_scan *);
static char		*cjk_join(struct arena *, const char *);
static int		 is_cjk_at(const char *, size_t, size_t *);
static int		 isdigitish(const char *, size_t);

static const char *const mimes[IMAGE_TYPE__MAX] = {
	[IMAGE_PNG] = "image/png",
	[IMAGE_JPEG] = "image/jpeg",
	[IMAGE_WEBP] = "image/webp",
};
static const char *const exts[IMAGE_TYPE__MAX] = {
	[IMAGE_PNG] = "png",
	[IMAGE_JPEG] = "jpg",
	[IMAGE_WEBP] = "webp",
};

const char *
image_mime(enum image_type t)
{
	return (int)t >= 0 && t < IMAGE_TYPE__MAX ? mimes[t] :
	    "application/octet-stream";
}

const char *
image_ext(enum image_type t)
{
	return (int)t >= 0 && t < IMAGE_TYPE__MAX ? exts[t] : "bin";
}

/* libvips warns on stderr about every damaged upload; image_process
 * logs each refusal once itself. */
static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer arg)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)arg;
}

int
image_init(const char *argv0, int max_ocr, int max_images)
{
	if (VIPS_INIT(argv0 != NULL ? argv0 : "sodan") != 0) {
		log_err("images: libvips did not start: %s", vips_error_buffer());
		vips_error_clear();
		return -1;
	}
	/* Only the three loaders sodan accepts may run, whatever a file
	 * claims to be; libmagic has already said which one it is. */
	vips_block_untrusted_set(TRUE);
	vips_operation_block_set("VipsForeignLoad", TRUE);
	vips_operation_block_set("VipsForeignLoadPngBuffer", FALSE);
	vips_operation_block_set("VipsForeignLoadJpegBuffer", FALSE);
	vips_operation_block_set("VipsForeignLoadWebpBuffer", FALSE);
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, quiet, NULL);
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_cache_set_max_files(0);
	if (max_ocr < 1)
		max_ocr = 1;
	if (max_ocr > OCR_MAX)
		max_ocr = OCR_MAX;
	gate_init(&ocr_gate, "ocr", max_ocr, 30000, 64);
	gate_init(&img_gate, "image", max_images < 1 ? 1 : max_images,
	    IMAGE_WAIT_MS, 16);
	image_ready = 1;
	return 0;
}

void
image_shutdown(void)
{
	size_t	i;

	if (!image_ready)
		return;
	pthread_mutex_lock(&ocr_mu);
	for (i = 0; i < ocr_nfree; i++) {
		TessBaseAPIEnd(ocr_free[i]);
		TessBaseAPIDelete(ocr_free[i]);
	}
	ocr_nfree = 0;
	pthread_mutex_unlock(&ocr_mu);
	vips_shutdown();
	image_ready = 0;
}

/* The type by content; IMAGE_BAD_TYPE for anything but the three. */
static enum image_err
magic_type(const void *buf, size_t len, enum image_type *t)
{
	magic_t		 m;
	const char	*mt;
	enum image_err	 rc = IMAGE_BAD_TYPE;

	if ((m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) == NULL)
		return IMAGE_CORRUPT;
	if (magic_load(m, NULL) == -1) {
		log_err("images: libmagic: %s", magic_error(m));
		magic_close(m);
		return IMAGE_CORRUPT;
	}
	if ((mt = magic_buffer(m, buf, len)) != NULL) {
		if (strcmp(mt, "image/png") == 0) {
			*t = IMAGE_PNG;
			rc = IMAGE_OK;
		} else if (strcmp(mt, "image/jpeg") == 0) {
			*t = IMAGE_JPEG;
			rc = IMAGE_OK;
		} else if (strcmp(mt, "image/webp") == 0) {
			*t = IMAGE_WEBP;
			rc = IMAGE_OK;
		}
	}
	magic_close(m);
	return rc;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Bytes up to and including IEND, or 0 when the chunks do not parse. */
static size_t
png_end(const unsigned char *p, size_t len)
{
	size_t		 off = 8;
	uint32_t	 n;

	if (len < 8 || memcmp(p, "\x89PNG\r\n\x1a\n", 8) != 0)
		return 0;
	while (len - off >= 12) {
		n = be32(p + off);
		if (n > len - off - 12)
			return 0;
		if (memcmp(p + off + 4, "IEND", 4) == 0)
			return off + 12 + n;
		off += 12 + (size_t)n;
	}
	return 0;
}

/*
 * Bytes up to and including the first EOI that ends the main picture,
 * walking marker segments and entropy-coded data; 0 when it does not
 * parse.
 */
static size_t
jpeg_end(const unsigned char *p, size_t len)
{
	size_t		 off = 2, n;
	unsigned char	 mk;

	if (len < 4 || p[0] != 0xFF || p[1] != 0xD8)
		return 0;
	while (off + 2 <= len) {
		if (p[off] != 0xFF)
			return 0;
		mk = p[off + 1];
		if (mk == 0xFF) {		/* fill byte */
			off++;
			continue;
		}
		if (mk == 0xD9)
			return off + 2;
		if (mk == 0x01 || (mk >= 0xD0 && mk <= 0xD7)) {
			off += 2;
			continue;
		}
		if (off + 4 > len)
			return 0;
		n = (size_t)p[off + 2] << 8 | p[off + 3];
		if (n < 2 || off + 2 + n > len)
			return 0;
		off += 2 + n;
		if (mk != 0xDA)
			continue;
		/* Entropy-coded data: up to the next marker that is not
		 * a stuffed zero or a restart. */
		while (off + 1 < len) {
			if (p[off] == 0xFF && p[off + 1] != 0x00 &&
			    !(p[off + 1] >= 0xD0 && p[off + 1] <= 0xD7))
				break;
			off++;
		}
	}
	return 0;
}

/* RIFF size + 8 (and a pad byte), or 0. */
static size_t
webp_end(const unsigned char *p, size_t len)
{
	uint32_t	n;

	if (len < 12 || memcmp(p, "RIFF", 4) != 0 ||
	    memcmp(p + 8, "WEBP", 4) != 0)
		return 0;
	n = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
	    (uint32_t)p[7] << 24;
	if ((size_t)n + 8 > len || n < 4)
		return 0;
	return (size_t)n + 8 + (n & 1 ? 1 : 0) > len ? len : (size_t)n + 8 +
	    (n & 1);
}

/* 1 when sig[0..n) occurs in p[0..len) (ASCII case ignored when icase). */
static int
has_sig(const unsigned char *p, size_t len, const char *sig, size_t n,
    int icase)
{
	size_t	i, j;

	if (n == 0 || len < n)
		return 0;
	for (i = 0; i + n <= len; i++) {
		if (p[i] != (unsigned char)sig[0] && !(icase &&
		    (p[i] | 0x20) == (unsigned char)sig[0]))
			continue;
		for (j = 1; j < n; j++) {
			unsigned char c = p[i + j];

			if (icase && c >= 'A' && c <= 'Z')
				c |= 0x20;
			if (c != (unsigned char)sig[j])
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

/*
 * A polyglot is a file that is a picture and also something else a
 * program would open: a page (markup a browser sniffs), a script, an
 * archive (ZIP's directory sits at the end of the file), a PDF, an
 * executable.  Refused: markup anywhere in the file; bytes after the end
 * of a PNG or WebP; after a JPEG's end only further JPEG pictures (the
 * extra frames phones append), nothing that starts like another format.
 */
int
image_polyglot(enum image_type t, const unsigned char *p, size_t len)
{
	/* Five characters or more: shorter ones turn up by chance in 5 MB
	 * of compressed pixels.  XMP metadata is XML, so "<?xml" is fine. */
	static const char *const markup[] = { "<script", "<html", "<svg ",
	    "<svg>", "<svg\n", "<?php", "<!doctype", "<iframe", "<body",
	    "<object", "<embed", "javascript:" };
	static const struct {
		const char	*s;
		size_t		 n;
	} magics[] = {
		{ "PK\x03\x04", 4 }, { "PK\x05\x06", 4 }, { "%PDF-", 5 },
		{ "Rar!\x1a\x07", 6 }, { "7z\xbc\xaf\x27\x1c", 6 },
		{ "\x7f" "ELF", 4 }, { "#!", 2 }, { "MZ", 2 },
		{ "GIF8", 4 }, { "\x89PNG", 4 }, { "RIFF", 4 },
	};
	size_t		 end, i, tail, k;

	if (len == 0)
		return 0;
	for (i = 0; i < NELEM(markup); i++)
		if (has_sig(p, len, markup[i], strlen(markup[i]), 1))
			return 1;
	/* A ZIP archive is read from its end-of-directory record. */
	tail = len > 65557 ? len - 65557 : 0;
	if (has_sig(p + tail, len - tail, "PK\x05\x06", 4, 0))
		return 1;
	switch (t) {
	case IMAGE_PNG:
		end = png_end(p, len);
		break;
	case IMAGE_JPEG:
		end = jpeg_end(p, len);
		break;
	case IMAGE_WEBP:
		end = webp_end(p, len);
		break;
	default:
		return 1;
	}
	if (end == 0)
		return 0;	/* the decoder decides about broken files */
	if (end == len)
		return 0;
	if (t != IMAGE_JPEG)
		return 1;
	/* After a JPEG: zero padding, or more JPEG frames. */
	for (k = end; k < len && p[k] == 0; k++)
		;
	if (k == len)
		return 0;
	if (len - k >= 3 && p[k] == 0xFF && p[k + 1] == 0xD8 &&
	    p[k + 2] == 0xFF) {
		/* Two-byte signatures (MZ, #!) occur by chance in
		 * compressed data: only the longer ones count here. */
		for (i = 0; i < NELEM(magics); i++)
			if (magics[i].n > 2 && has_sig(p + k, len - k,
			    magics[i].s, magics[i].n, 0))
				return 1;
		return 0;
	}
	return 1;
}

/* Saves img as t with metadata stripped; *buf is g_malloc'd.  0 or -1. */
static int
save(VipsImage *img, enum image_type t, void **buf, size_t *len)
{
	switch (t) {
	case IMAGE_PNG:
		return vips_pngsave_buffer(img, buf, len, "strip", TRUE,
		    "compression", 6, NULL);
	case IMAGE_JPEG:
		return vips_jpegsave_buffer(img, buf, len, "strip", TRUE,
		    "Q", 88, "optimize_coding", TRUE, NULL);
	case IMAGE_WEBP:
		return vips_webpsave_buffer(img, buf, len, "strip", TRUE,
		    "Q", 88, NULL);
	default:
		return -1;
	}
}

/* 8-bit grey pixels of img, alpha flattened on white (arena), or NULL. */
static unsigned char *
gray_of(struct arena *a, VipsImage *img)
{
	VipsImage	*t[4] = { NULL, NULL, NULL, NULL }, *cur = img;
	VipsArrayDouble	*white = NULL;
	void		*mem = NULL;
	size_t		 n = 0;
	unsigned char	*out = NULL;

	if (vips_image_hasalpha(cur)) {
		white = vips_array_double_newv(1, 255.0);
		if (vips_flatten(cur, &t[0], "background", white, NULL) != 0)
			goto out;
		cur = t[0];
	}
	if (vips_colourspace(cur, &t[1], VIPS_INTERPRETATION_B_W, NULL) != 0)
		goto out;
	cur = t[1];
	if (cur->Bands > 1) {
		if (vips_extract_band(cur, &t[2], 0, NULL) != 0)
			goto out;
		cur = t[2];
	}
	if (vips_cast_uchar(cur, &t[3], NULL) != 0)
		goto out;
	cur = t[3];
	if ((mem = vips_image_write_to_memory(cur, &n)) == NULL)
		goto out;
	if (n == (size_t)vips_image_get_width(img) *
	    (size_t)vips_image_get_height(img)) {
		out = arena_alloc(a, n);
		memcpy(out, mem, n);
	}
out:
	g_free(mem);
	if (white != NULL)
		vips_area_unref(VIPS_AREA(white));
	for (n = 0; n < 4; n++)
		if (t[n] != NULL)
			g_object_unref(t[n]);
	return out;
}

enum image_err
image_process(struct arena *a, const void *buf, size_t len,
    const struct image_limits *lim, struct image_out *out)
{
	VipsImage	*hdr = NULL, *img = NULL, *th = NULL, *mem = NULL;
	void		*enc = NULL, *tenc = NULL;
	size_t		 elen = 0, tlen = 0;
	enum image_type	 t = IMAGE_PNG;
	enum image_err	 rc;
	int64_t		 px;
	const char	*opts;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return IMAGE_EMPTY;
	if (len > lim->max_bytes)
		return IMAGE_TOO_LARGE;
	if ((rc = magic_type(buf, len, &t)) != IMAGE_OK)
		return rc;
	if (image_polyglot(t, buf, len))
		return IMAGE_POLYGLOT;
	if (gate_take(&img_gate) == -1)
		return IMAGE_BUSY;
	rc = IMAGE_CORRUPT;
	/* The header only: libvips decodes no pixel before asked to. */
	if ((hdr = vips_image_new_from_buffer(buf, len, "", NULL)) == NULL)
		goto out;
	px = (int64_t)vips_image_get_width(hdr) *
	    (int64_t)vips_image_get_height(hdr);
	if (vips_image_get_width(hdr) < 1 || vips_image_get_height(hdr) < 1)
		goto out;
	if (px > lim->max_pixels) {
		rc = IMAGE_TOO_MANY_PIXELS;
		goto out;
	}
	/* Decode (shrink-on-load where the format allows), apply the
	 * orientation, fit in max_side; a damaged file fails here. */
	opts = "fail_on=error";
	if (vips_thumbnail_buffer((void *)(uintptr_t)buf, len, &img,
	    lim->max_side, "height", lim->max_side, "size", VIPS_SIZE_DOWN,
	    "option_string", opts, NULL) != 0)
		goto out;
	/* Decoded once into memory (at most max_side squared): the saves,
	 * the thumbnail and the grey copy each read it again. */
	if ((mem = vips_image_copy_memory(img)) == NULL)
		goto out;
	g_object_unref(img);
	img = mem;
	mem = NULL;
	if (save(img, t, &enc, &elen) != 0)
		goto out;
	if (vips_thumbnail_image(img, &th, lim->thumb_side, "height",
	    lim->thumb_side, "size", VIPS_SIZE_DOWN, NULL) != 0 ||
	    save(th, t, &tenc, &tlen) != 0)
		goto out;
	out->type = t;
	out->width = vips_image_get_width(img);
	out->height = vips_image_get_height(img);
	out->thumb_width = vips_image_get_width(th);
	out->thumb_height = vips_image_get_height(th);
	out->data = arena_alloc(a, elen);
	memcpy((void *)(uintptr_t)out->data, enc, elen);
	out->len = elen;
	out->thumb = arena_alloc(a, tlen);
	memcpy((void *)(uintptr_t)out->thumb, tenc, tlen);
	out->thumb_len = tlen;
	if ((out->gray = gray_of(a, img)) == NULL)
		goto out;
	rc = IMAGE_OK;
out:
	if (rc == IMAGE_CORRUPT && vips_error_buffer()[0] != '\0')
		log_info("images: refused: %.200s", vips_error_buffer());
	vips_error_clear();
	g_free(enc);
	g_free(tenc);
	if (th != NULL)
		g_object_unref(th);
	if (img != NULL)
		g_object_unref(img);
	if (hdr != NULL)
		g_object_unref(hdr);
	vips_thread_shutdown();
	gate_give(&img_gate);
	return rc;
}

uint64_t
image_dhash(const unsigned char *g, int w, int h)
{
	uint64_t	 bits = 0, sum;
	double		 cell[8][9];
	int		 cx, cy, x, y, x0, x1, y0, y1, n;

	for (cy = 0; cy < 8; cy++)
		for (cx = 0; cx < 9; cx++) {
			x0 = cx * w / 9;
			x1 = (cx + 1) * w / 9;
			y0 = cy * h / 8;
			y1 = (cy + 1) * h / 8;
			if (x1 <= x0)
				x1 = x0 + 1 > w ? w : x0 + 1;
			if (y1 <= y0)
				y1 = y0 + 1 > h ? h : y0 + 1;
			if (x0 >= w)
				x0 = w - 1;
			if (y0 >= h)
				y0 = h - 1;
			sum = 0;
			n = 0;
			for (y = y0; y < y1; y++)
				for (x = x0; x < x1; x++) {
					sum += g[(size_t)y * (size_t)w +
					    (size_t)x];
					n++;
				}
			cell[cy][cx] = n > 0 ? (double)sum / n : 0;
		}
	for (cy = 0; cy < 8; cy++)
		for (cx = 0; cx < 8; cx++)
			bits = bits << 1 | (cell[cy][cx] < cell[cy][cx + 1]);
	return bits;
}

int
image_dhash_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

static TessBaseAPI *
ocr_take(void)
{
	TessBaseAPI	*api = NULL;

	pthread_mutex_lock(&ocr_mu);
	if (ocr_nfree > 0)
		api = ocr_free[--ocr_nfree];
	pthread_mutex_unlock(&ocr_mu);
	if (api != NULL)
		return api;
	if ((api = TessBaseAPICreate()) == NULL)
		return NULL;
	if (TessBaseAPIInit3(api, NULL, "jpn+eng") != 0) {
		log_err("images: tesseract could not load jpn+eng");
		TessBaseAPIDelete(api);
		return NULL;
	}
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	(void)TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	return api;
}

static void
ocr_give(TessBaseAPI *api)
{
	pthread_mutex_lock(&ocr_mu);
	if (ocr_nfree < OCR_MAX)
		ocr_free[ocr_nfree++] = api;
	else {
		TessBaseAPIEnd(api);
		TessBaseAPIDelete(api);
		api = NULL;
	}
	pthread_mutex_unlock(&ocr_mu);
}

/* Leading byte length of a CJK or full-width character at s[i], else 0. */
static int
is_cjk_at(const char *s, size_t len, size_t *n)
{
	const unsigned char	*p = (const unsigned char *)s;

	/* U+3000..U+9FFF and U+FF00..U+FFEF lead with E3..E9 and EF BC..BF. */
	if (len >= 3 && p[0] >= 0xE3 && p[0] <= 0xE9) {
		*n = 3;
		return 1;
	}
	if (len >= 3 && p[0] == 0xEF && p[1] >= 0xBC && p[1] <= 0xBF) {
		*n = 3;
		return 1;
	}
	return 0;
}

/* 1 when the text o[0..j) ends with an ASCII or full-width digit. */
static int
isdigitish(const char *o, size_t j)
{
	const unsigned char	*p = (const unsigned char *)o;

	if (isdigit(p[j - 1]))
		return 1;
	return j >= 3 && p[j - 3] == 0xEF && p[j - 2] == 0xBC &&
	    p[j - 1] >= 0x90 && p[j - 1] <= 0x99;
}

/*
 * What OCR reads, made the way a person would have typed it, for the
 * filters: Tesseract's Japanese model puts a space between characters
 * ("サ ポ ー ト"), so spaces between two CJK or full-width characters
 * are dropped; a dash between digits read as 一 or ー becomes '-'
 * ("090一1234" -> "090-1234"); a numbered list read without its space
 * ("2ability") gets it back.  Arena-owned.
 */
static char *
cjk_join(struct arena *a, const char *s)
{
	size_t		 len = strlen(s), i, j, n, m;
	char		*o = arena_alloc(a, len * 2 + 1);
	int		 prev = 0;

	for (i = 0, j = 0; i < len;) {
		if (s[i] == ' ' && prev) {
			for (m = i; m < len && s[m] == ' '; m++)
				;
			if (m < len && is_cjk_at(s + m, len - m, &n)) {
				i = m;
				continue;
			}
		}
		/* "090一1234": OCR reads a dash between digits as 一 or ー. */
		if (j > 0 && isdigitish(o, j) && len - i >= 3 &&
		    (memcmp(s + i, "\xe4\xb8\x80", 3) == 0 ||
		    memcmp(s + i, "\xe3\x83\xbc", 3) == 0) &&
		    i + 3 < len && (isdigit((unsigned char)s[i + 3]) ||
		    memcmp(s + i + 3, "\xef\xbc", 2) == 0)) {
			o[j++] = '-';
			i += 3;
			prev = 0;
			continue;
		}
		/* "2ability": a numbered list read without its space. */
		if (j > 0 && isdigit((unsigned char)o[j - 1]) &&
		    isalpha((unsigned char)s[i]) && (j < 2 ||
		    !isalnum((unsigned char)o[j - 2]) || isdigit((unsigned char)
		    o[j - 2]))) {
			o[j++] = ' ';
			o[j++] = s[i++];
			prev = 0;
			continue;
		}
		if (is_cjk_at(s + i, len - i, &n)) {
			memcpy(o + j, s + i, n);
			j += n;
			i += n;
			prev = 1;
			continue;
		}
		prev = 0;
		o[j++] = s[i++];
	}
	o[j] = '\0';
	return o;
}

static void
ocr_run(struct arena *a, const struct image_out *im,
    const struct image_limits *lim, struct image_scan *sc)
{
	TessBaseAPI		*api;
	ETEXT_DESC		*mon;
	TessResultIterator	*it;
	const TessPageIterator	*pit;
	char			*txt, *w;
	struct image_box	*words = NULL;
	size_t			 nw = 0, cap = 0;
	int			 l, t, r, b, rc;
	int64_t			 t0 = (int64_t)util_now_us();

	sc->text = "";
	if (gate_take(&ocr_gate) == -1) {
		sc->failed = 1;
		return;
	}
	if ((api = ocr_take()) == NULL) {
		gate_give(&ocr_gate);
		sc->failed = 1;
		return;
	}
	/* The deadline counts recognition only: an engine's first use
	 * loads its models (about 2 s), which is not the picture's fault. */
	t0 = (int64_t)util_now_us();
	TessBaseAPISetImage(api, im->gray, im->width, im->height, 1,
	    im->width);
	mon = TessMonitorCreate();
	TessMonitorSetDeadlineMSecs(mon, lim->ocr_ms);
	rc = TessBaseAPIRecognize(api, mon);
	TessMonitorDelete(mon);
	if ((int64_t)util_now_us() - t0 >= (int64_t)lim->ocr_ms * 1000)
		sc->timed_out = 1;
	if (rc != 0 && !sc->timed_out)
		sc->failed = 1;
	if ((txt = TessBaseAPIGetUTF8Text(api)) != NULL) {
		if (utf8_valid(txt, strlen(txt)))
			sc->text = cjk_join(a, txt);
		TessDeleteText(txt);
	}
	if ((it = TessBaseAPIGetIterator(api)) != NULL) {
		pit = TessResultIteratorGetPageIteratorConst(it);
		do {
			if ((w = TessResultIteratorGetUTF8Text(it,
			    RIL_WORD)) == NULL)
				continue;
			if (w[0] != '\0' && utf8_valid(w, strlen(w)) &&
			    TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t,
			    &r, &b)) {
				if (nw == cap) {
					struct image_box *nb;

					cap = cap ? cap * 2 : 32;
					nb = arena_calloc(a, cap, sizeof(*nb));
					if (nw > 0)
						memcpy(nb, words,
						    nw * sizeof(*nb));
					words = nb;
				}
				words[nw].text = arena_strdup(a, w);
				words[nw].x = l;
				words[nw].y = t;
				words[nw].w = r - l;
				words[nw].h = b - t;
				words[nw].conf = (int)
				    TessResultIteratorConfidence(it, RIL_WORD);
				nw++;
			}
			TessDeleteText(w);
		} while (nw < 2000 && TessResultIteratorNext(it, RIL_WORD));
		TessResultIteratorDelete(it);
	}
	TessBaseAPIClear(api);
	ocr_give(api);
	gate_give(&ocr_gate);
	sc->words = words;
	sc->nwords = nw;
	sc->ocr_us = (int64_t)util_now_us() - t0;
}

static void
qr_run(struct arena *a, const struct image_out *im, struct image_scan *sc)
{
	zbar_image_scanner_t	*zs;
	zbar_image_t		*zi;
	const zbar_symbol_t	*sym;
	const char		*d;
	unsigned int		 dl, i, nloc;
	int			 minx, miny, maxx, maxy, x, y;
	struct buf		 hex;
	size_t			 n = 0;
	int64_t			 t0 = (int64_t)util_now_us();

	if ((zs = zbar_image_scanner_create()) == NULL)
		return;
	zbar_image_scanner_set_config(zs, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(zs, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zi = zbar_image_create();
	zbar_image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zi, (unsigned)im->width, (unsigned)im->height);
	zbar_image_set_data(zi, im->gray, (unsigned long)im->width *
	    (unsigned long)im->height, NULL);
	if (zbar_scan_image(zs, zi) > 0) {
		sc->qr = arena_calloc(a, 16, sizeof(*sc->qr));
		for (sym = zbar_image_first_symbol(zi); sym != NULL && n < 16;
		    sym = zbar_symbol_next(sym)) {
			d = zbar_symbol_get_data(sym);
			dl = zbar_symbol_get_data_length(sym);
			if (d == NULL)
				continue;
			if (utf8_valid(d, dl) && memchr(d, '\0', dl) == NULL)
				sc->qr[n].text = arena_strndup(a, d, dl);
			else {
				buf_init(&hex, a);
				buf_puts(&hex, "hex:");
				for (i = 0; i < dl && i < 512; i++)
					buf_printf(&hex, "%02x",
					    (unsigned char)d[i]);
				sc->qr[n].text = hex.p;
			}
			nloc = zbar_symbol_get_loc_size(sym);
			minx = miny = 1 << 30;
			maxx = maxy = -1;
			for (i = 0; i < nloc; i++) {
				x = zbar_symbol_get_loc_x(sym, i);
				y = zbar_symbol_get_loc_y(sym, i);
				minx = x < minx ? x : minx;
				miny = y < miny ? y : miny;
				maxx = x > maxx ? x : maxx;
				maxy = y > maxy ? y : maxy;
			}
			if (nloc > 0) {
				sc->qr[n].x = minx;
				sc->qr[n].y = miny;
				sc->qr[n].w = maxx - minx;
				sc->qr[n].h = maxy - miny;
			}
			sc->qr[n].conf = 100;
			n++;
		}
	}
	/* The pixels are ours: detach them before zbar frees its image. */
	zbar_image_set_data(zi, NULL, 0, NULL);
	zbar_image_destroy(zi);
	zbar_image_scanner_destroy(zs);
	sc->nqr = n;
	sc->qr_us = (int64_t)util_now_us() - t0;
}

int
image_scan(struct arena *a, const struct image_out *im,
    const struct image_limits *lim, struct image_scan *out)
{
	memset(out, 0, sizeof(*out));
	out->text = "";
	if (im->gray == NULL || im->width < 1 || im->height < 1) {
		out->failed = 1;
		return 0;
	}
	out->dhash = image_dhash(im->gray, im->width, im->height);
	qr_run(a, im, out);
	ocr_run(a, im, lim, out);
	return 0;
}
