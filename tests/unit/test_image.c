/* tests/unit/test_image.c: type by content, polyglots, bombs, re-encoding, QR, dHash */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>
#include <vips/vips.h>
#include <zlib.h>

#include "lib/arena.h"
#include "image/image.h"

static const struct image_limits lim = {
	.max_bytes = 5 << 20, .max_pixels = 40000000, .max_side = 256,
	.thumb_side = 64, .ocr_ms = 5000,
};

/* A w x h picture saved as type t (caller g_frees *buf): grey stripes,
 * or a QR code of payload scaled by 6 with a white margin. */
static void
make(enum image_type t, int w, int h, const char *payload, void **buf,
    size_t *len)
{
	VipsImage	*img = NULL, *big = NULL;
	unsigned char	*px;
	QRcode		*q = NULL;
	int		 x, y;

	if (payload != NULL) {
		q = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		assert_non_null(q);
		w = h = (q->width + 8) * 6;
	}
	px = calloc((size_t)w * (size_t)h, 1);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			if (q != NULL) {
				int mx = x / 6 - 4, my = y / 6 - 4;

				px[y * w + x] = mx >= 0 && my >= 0 &&
				    mx < q->width && my < q->width &&
				    (q->data[my * q->width + mx] & 1) ? 0 : 255;
			} else
				px[y * w + x] = (unsigned char)((x / 8) % 2 ?
				    40 : 220);
		}
	img = vips_image_new_from_memory_copy(px, (size_t)w * (size_t)h, w, h,
	    1, VIPS_FORMAT_UCHAR);
	assert_non_null(img);
	free(px);
	if (q != NULL)
		QRcode_free(q);
	if (t == IMAGE_PNG)
		assert_int_equal(vips_pngsave_buffer(img, buf, len, NULL), 0);
	else if (t == IMAGE_JPEG)
		assert_int_equal(vips_jpegsave_buffer(img, buf, len, NULL), 0);
	else
		assert_int_equal(vips_webpsave_buffer(img, buf, len, NULL), 0);
	g_object_unref(img);
	(void)big;
}

static int
setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void
test_reencode(void **state)
{
	struct image_out	 o;
	void			*b;
	size_t			 n;
	enum image_type		 t;

	for (t = IMAGE_PNG; t < IMAGE_TYPE__MAX; t++) {
		make(t, 600, 300, NULL, &b, &n);
		assert_int_equal(image_process(*state, b, n, &lim, &o),
		    IMAGE_OK);
		assert_int_equal(o.type, t);
		/* Longest side fitted to max_side, aspect kept. */
		assert_int_equal(o.width, 256);
		assert_int_equal(o.height, 128);
		assert_true(o.thumb_width <= 64 && o.thumb_height <= 64);
		assert_non_null(o.gray);
		assert_true(o.len > 0 && o.thumb_len > 0);
		g_free(b);
	}
	/* Small pictures are not enlarged. */
	make(IMAGE_PNG, 100, 50, NULL, &b, &n);
	assert_int_equal(image_process(*state, b, n, &lim, &o), IMAGE_OK);
	assert_int_equal(o.width, 100);
	assert_int_equal(o.height, 50);
	g_free(b);
}

static void
test_refusals(void **state)
{
	struct image_out	 o;
	struct image_limits	 small = lim;
	void			*b;
	size_t			 n;
	unsigned char		*x;

	assert_int_equal(image_process(*state, "", 0, &lim, &o), IMAGE_EMPTY);
	assert_int_equal(image_process(*state, "hello, not a picture\n", 21,
	    &lim, &o), IMAGE_BAD_TYPE);
	assert_int_equal(image_process(*state, "GIF89a\x01\x00\x01\x00\x00"
	    "\x00\x00;", 14, &lim, &o), IMAGE_BAD_TYPE);
	make(IMAGE_PNG, 300, 200, NULL, &b, &n);
	/* Too many pixels by the header: refused before decoding. */
	small.max_pixels = 300 * 200 - 1;
	assert_int_equal(image_process(*state, b, n, &small, &o),
	    IMAGE_TOO_MANY_PIXELS);
	small = lim;
	small.max_bytes = n - 1;
	assert_int_equal(image_process(*state, b, n, &small, &o),
	    IMAGE_TOO_LARGE);
	/* Cut short: the decoder refuses it. */
	assert_int_equal(image_process(*state, b, n - 30, &lim, &o),
	    IMAGE_CORRUPT);
	/* A ZIP appended. */
	x = malloc(n + 22);
	memcpy(x, b, n);
	memcpy(x + n, "PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22);
	assert_int_equal(image_process(*state, x, n + 22, &lim, &o),
	    IMAGE_POLYGLOT);
	free(x);
	g_free(b);
}

static void
test_polyglot(void **state)
{
	void		*j1, *j2, *p;
	size_t		 n1, n2, np;
	unsigned char	*x;

	(void)state;
	make(IMAGE_JPEG, 64, 64, NULL, &j1, &n1);
	make(IMAGE_JPEG, 32, 32, NULL, &j2, &n2);
	make(IMAGE_PNG, 64, 64, NULL, &p, &np);
	assert_int_equal(image_polyglot(IMAGE_JPEG, j1, n1), 0);
	assert_int_equal(image_polyglot(IMAGE_PNG, p, np), 0);
	x = malloc(n1 + n2 + 64);
	/* A JPEG followed by another frame (phones do it): fine. */
	memcpy(x, j1, n1);
	memcpy(x + n1, j2, n2);
	assert_int_equal(image_polyglot(IMAGE_JPEG, x, n1 + n2), 0);
	/* Zero padding after the end: fine. */
	memset(x + n1, 0, 16);
	assert_int_equal(image_polyglot(IMAGE_JPEG, x, n1 + 16), 0);
	/* Anything else after a JPEG, or a PNG: refused. */
	memcpy(x + n1, "%PDF-1.4 ...", 12);
	assert_int_equal(image_polyglot(IMAGE_JPEG, x, n1 + 12), 1);
	memcpy(x, p, np);
	memcpy(x + np, "x", 1);
	assert_int_equal(image_polyglot(IMAGE_PNG, x, np + 1), 1);
	/* Markup anywhere, whatever the case. */
	memcpy(x, j1, n1);
	memcpy(x + 40, "<ScRiPt>", 8);
	assert_int_equal(image_polyglot(IMAGE_JPEG, x, n1), 1);
	free(x);
	g_free(j1);
	g_free(j2);
	g_free(p);
}

static void
test_qr_and_dhash(void **state)
{
	struct image_out	 o, o2;
	struct image_scan	 s;
	struct image_limits	 l = lim;
	void			*b;
	size_t			 n;
	const char		*url = "https://bitfIyer-support.com/login";

	l.max_side = 1024;
	make(IMAGE_PNG, 0, 0, url, &b, &n);
	assert_int_equal(image_process(*state, b, n, &l, &o), IMAGE_OK);
	g_free(b);
	assert_int_equal(image_scan(*state, &o, &l, &s), 0);
	assert_int_equal(s.nqr, 1);
	assert_string_equal(s.qr[0].text, url);
	assert_true(s.qr[0].w > 0 && s.qr[0].h > 0);
	assert_false(s.failed);
	/* The same picture as JPEG and smaller: a near dHash. */
	make(IMAGE_JPEG, 0, 0, url, &b, &n);
	l.max_side = 200;
	assert_int_equal(image_process(*state, b, n, &l, &o2), IMAGE_OK);
	g_free(b);
	assert_true(image_dhash_distance(s.dhash,
	    image_dhash(o2.gray, o2.width, o2.height)) <= 6);
	/* A different picture: far. */
	make(IMAGE_PNG, 300, 300, NULL, &b, &n);
	assert_int_equal(image_process(*state, b, n, &l, &o2), IMAGE_OK);
	g_free(b);
	assert_true(image_dhash_distance(s.dhash,
	    image_dhash(o2.gray, o2.width, o2.height)) > 10);
	assert_int_equal(image_dhash_distance(5, 5), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reencode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polyglot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qr_and_dhash, setup,
		    teardown),
	};
	int	rc;

	if (image_init("test_image", 1, 2) == -1)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	image_shutdown();
	return rc;
}
