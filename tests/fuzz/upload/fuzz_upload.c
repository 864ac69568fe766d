/*
 * tests/fuzz/upload/fuzz_upload.c: the upload path, bytes to picture.
 *
 * The first byte chooses: even, the rest is a multipart body (boundary
 * "b") parsed by input_parse_multipart(), and every file part goes on;
 * odd, the rest is the file itself.  A file goes through image_process()
 * (libmagic, the polyglot check, the header's pixel count, libvips
 * decoding and re-encoding) with small limits, and a picture it accepts
 * through the dHash and the QR decoder (OCR is left out: seconds per
 * input).  The polyglot check alone runs on every type.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "http/input.h"
#include "image/image.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct image_limits lim = {
	.max_bytes = 1 << 20, .max_pixels = 1 << 20, .max_side = 256,
	.thumb_side = 32, .ocr_ms = 100,
};

static void
picture(struct arena *a, const unsigned char *p, size_t n)
{
	struct image_out	o;
	enum image_type		t;

	for (t = IMAGE_PNG; t < IMAGE_TYPE__MAX; t++)
		(void)image_polyglot(t, p, n);
	if (image_process(a, p, n, &lim, &o) != IMAGE_OK)
		return;
	if (o.width < 1 || o.height < 1 || o.width > 256 || o.height > 256 ||
	    o.gray == NULL || o.len == 0)
		abort();
	(void)image_dhash(o.gray, o.width, o.height);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 ready;
	struct arena	*a;
	struct kv	*kv;
	size_t		 n, i;

	if (!ready) {
		if (image_init("fuzz_upload", 1, 1) == -1)
			abort();
		ready = 1;
	}
	if (size < 1)
		return 0;
	a = arena_new();
	if (data[0] & 1)
		picture(a, data + 1, size - 1);
	else if (input_parse_multipart(a, "multipart/form-data; boundary=b",
	    (const char *)data + 1, size - 1, &kv, &n) == 0) {
		if (n > INPUT_MAX_PARTS)
			abort();
		for (i = 0; i < n; i++) {
			if (kv[i].val[kv[i].vallen] != '\0' ||
			    kv[i].vallen > size)
				abort();
			if (kv[i].file)
				picture(a, (const unsigned char *)kv[i].val,
				    kv[i].vallen);
		}
	}
	arena_free(a);
	return 0;
}
