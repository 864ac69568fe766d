/* tests/unit/test_mod_normalize.c: moderation normalization and skeletons */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>

#include "moderation/mod_int.h"

static void	 expect_norm(const char *, const char *);

static void
expect_norm(const char *in, const char *want)
{
	struct mod_text	 t;

	assert_int_equal(mod_norm(in, strlen(in), &t), 0);
	assert_string_equal(t.s, want);
	mod_text_free(&t);
}

static void
test_fullwidth_and_case(void **state)
{
	(void)state;
	expect_norm("ＢＩＮＡＮＣＥ　０１２", "binance 012");
	expect_norm("ＨＥＬＬＯ World", "hello world");
	expect_norm("ｻﾎﾟｰﾄ", "サポート");
}

static void
test_zero_width_and_bidi(void **state)
{
	(void)state;
	expect_norm("s\xe2\x80\x8b" "e\xe2\x80\x8c" "n\xe2\x80\x8d" "d",
	    "send");
	expect_norm("a\xe2\x80\xae" "b\xef\xbb\xbf" "c", "abc");
	expect_norm("se\xc2\xad" "ed", "seed");
}

static void
test_kanji_digits(void **state)
{
	(void)state;
	expect_norm("〇九〇ー一二三四ー五六七八", "090-1234-5678");
	expect_norm("電話は〇一二〇ー一二三ー四五六まで",
	    "電話は0120-123-456まで");
	/* Ordinary Japanese is left alone. */
	expect_norm("一つ目のサポート", "一つ目のサポート");
	expect_norm("一二三", "一二三");
}

static void
test_dashes(void **state)
{
	(void)state;
	expect_norm("0120―123‐456", "0120-123-456");
	expect_norm("0120－123－456", "0120-123-456");
	expect_norm("+1 888 — 343 − 0116", "+1 888 - 343 - 0116");
}

static void
test_span_map(void **state)
{
	struct mod_text	 t;
	const char	*in = "ＡＢ send";
	const char	*p;
	size_t		 a, b;

	(void)state;
	assert_int_equal(mod_norm(in, strlen(in), &t), 0);
	assert_string_equal(t.s, "ab send");
	p = strstr(t.s, "send");
	mod_text_span(&t, (size_t)(p - t.s), (size_t)(p - t.s) + 4, &a, &b);
	assert_int_equal(a, 7);
	assert_int_equal(b, 11);
	mod_text_span(&t, 0, 1, &a, &b);
	assert_int_equal(a, 0);
	assert_int_equal(b, 3);
	mod_text_free(&t);
}

static void
test_invalid_utf8(void **state)
{
	struct mod_text	 t;
	const char	 bad[] = "ab\xff\xfe" "c\xe3\x81";

	(void)state;
	assert_int_equal(mod_norm(bad, sizeof(bad) - 1, &t), 0);
	assert_non_null(strstr(t.s, "ab"));
	mod_text_free(&t);
	assert_int_equal(mod_utf8_valid(bad, sizeof(bad) - 1), 0);
	assert_int_equal(mod_utf8_valid("日本", strlen("日本")), 1);
}

static void
test_skeleton(void **state)
{
	UErrorCode	 st = U_ZERO_ERROR;
	USpoofChecker	*sc;
	char		*a, *b, *c;

	(void)state;
	sc = uspoof_open(&st);
	assert_non_null(sc);
	/* Greek omicron. */
	assert_int_equal(mod_skeleton(sc, "Supp\xce\xbfrt",
	    strlen("Supp\xce\xbfrt"), &a), 0);
	assert_int_equal(mod_skeleton(sc, "support", 7, &b), 0);
	assert_string_equal(a, b);
	/* Cyrillic i and a diacritic. */
	assert_int_equal(mod_skeleton(sc, "b\xd1\x96n\xc3\xa2nce",
	    strlen("b\xd1\x96n\xc3\xa2nce"), &c), 0);
	free(a);
	assert_int_equal(mod_skeleton(sc, "binance", 7, &a), 0);
	assert_string_equal(a, c);
	free(a);
	free(b);
	free(c);
	uspoof_close(sc);
}

static void
test_deleet(void **state)
{
	char		 s[] = "c01nb4$3";

	(void)state;
	mod_deleet(s);
	assert_string_equal(s, "colnbase");
}

/* A fixed sequence for the property test below (no rand()). */
static uint64_t
lcg_next(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

/* normalize.c's mapping of dashes, spaces and controls, restated. */
static UChar32
ref_fold(UChar32 c)
{
	if (c >= 0x2776 && c <= 0x2793 && (c - 0x2776) % 10 < 9)
		return '1' + (c - 0x2776) % 10;
	if (c >= 0x24f5 && c <= 0x24fd)
		return '1' + (c - 0x24f5);
	if (c == 0x24ff || c == 0x1f10b || c == 0x1f10c)
		return '0';
	if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xfe58 ||
	    c == 0xfe63 || c == 0xff0d || c == 0x2043 || c == 0x2500 ||
	    c == 0x2501 || c == 0x30a0)
		return '-';
	if (c == '\n')
		return c;
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return ' ';
	if (c > 0x7f && u_isUWhiteSpace(c))
		return ' ';
	return c;
}

/*
 * mod_norm against ICU alone: every code point that is not inert (with
 * the combining marks after it) given to unorm2_normalize, and all
 * mapped by ref_fold,
 * without mod_norm's fast paths (ASCII, inert code points copied as
 * they are, the kana and full-width forms normalized once per process).
 * 2,000 random strings of ASCII, kana with and without voicing marks,
 * full- and half-width forms, Han, CJK punctuation, Latin-1 and
 * combining marks, emoji and line breaks; the text and both maps must
 * be the same.  (Kanji digits, ー and lookalike letters are left out:
 * the passes after this one read them.)
 */
static void
test_fast_paths_match_icu(void **state)
{
	static const UChar32 pool[] = { 'a', 'Z', 'q', '0', '7', ' ', '.',
	    '?', '@', '-', '\n', '\t', 0x7f, 0xe9, 0xdf, 0xc5, 0x301, 0x308,
	    0x3000, 0x3001, 0x3002, 0x300c, 0x3041, 0x304b, 0x304c, 0x3057,
	    0x3064, 0x3063, 0x3099, 0x309a, 0x309b, 0x30a0, 0x30ab, 0x30ac,
	    0x30b5, 0x30c4, 0x30c3, 0x30f4, 0x30fb, 0x30ff, 0xff01, 0xff0d,
	    0xff10, 0xff21, 0xff41, 0xff5e, 0xff61, 0xff66, 0xff76, 0xff9e,
	    0xff9f, 0xffe5, 0xffe8, 0xff3f, 0x4e2d, 0x6587, 0x9fa0, 0x2014,
	    0x2212, 0x200b, 0xfe0f, 0x1f600, 0x2776, 0xac00, 0x1100, 0x1161,
	    0x3131, 0xfb01, 0x212b };
	const UNormalizer2 *n2;
	UErrorCode	 st = U_ZERO_ERROR;
	uint64_t	 seed = 7;
	char		 in[512], want[4096];
	uint32_t	 wmap[4096], wend[4096];
	UChar		 seg[64], out[256];
	struct mod_text	 t;
	int32_t		 i, len, next, nseg, nout, k, wl;
	UChar32		 c, d;
	int		 round, n;
	UBool		 err;

	(void)state;
	assert_non_null(n2 = unorm2_getNFKCCasefoldInstance(&st));
	for (round = 0; round < 2000; round++) {
		len = 0;
		err = 0;
		n = 1 + (int)(lcg_next(&seed) % 60);
		while (n-- > 0) {
			c = pool[lcg_next(&seed) % (sizeof(pool) /
			    sizeof(pool[0]))];
			U8_APPEND((uint8_t *)in, len, (int32_t)sizeof(in) - 1,
			    c, err);
			assert_false(err);
		}
		in[len] = '\0';
		wl = 0;
		for (i = 0; i < len; ) {
			int32_t	 segstart = i;

			U8_NEXT(in, i, len, c);
			if (c < 0x80 || unorm2_isInert(n2, c)) {
				nout = 0;
				U16_APPEND_UNSAFE(out, nout, c >= 'A' &&
				    c <= 'Z' ? c + 'a' - 'A' : c);
			} else {
				nseg = 0;
				U16_APPEND_UNSAFE(seg, nseg, c);
				while (i < len && nseg < 40) {
					next = i;
					U8_NEXT(in, next, len, d);
					if (d < 0 ||
					    unorm2_hasBoundaryBefore(n2, d))
						break;
					U16_APPEND_UNSAFE(seg, nseg, d);
					i = next;
				}
				st = U_ZERO_ERROR;
				nout = unorm2_normalize(n2, seg, nseg, out,
				    256, &st);
				assert_true(U_SUCCESS(st));
			}
			for (k = 0; k < nout; ) {
				int32_t	 w0 = wl;

				U16_NEXT(out, k, nout, d);
				U8_APPEND((uint8_t *)want, wl,
				    (int32_t)sizeof(want), ref_fold(d), err);
				assert_false(err);
				for (; w0 < wl; w0++) {
					wmap[w0] = (uint32_t)segstart;
					wend[w0] = (uint32_t)i;
				}
			}
		}
		want[wl] = '\0';
		assert_int_equal(mod_norm(in, (size_t)len, &t), 0);
		if (t.len != (size_t)wl || memcmp(t.s, want, (size_t)wl) != 0)
			fprintf(stderr, "in [%s]\ngot [%s]\nwant [%s]\n", in,
			    t.s, want);
		assert_int_equal(t.len, (size_t)wl);
		assert_memory_equal(t.s, want, (size_t)wl);
		assert_memory_equal(t.map, wmap, (size_t)wl * sizeof(uint32_t));
		assert_memory_equal(t.mapend, wend,
		    (size_t)wl * sizeof(uint32_t));
		mod_text_free(&t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fullwidth_and_case),
		cmocka_unit_test(test_zero_width_and_bidi),
		cmocka_unit_test(test_kanji_digits),
		cmocka_unit_test(test_dashes),
		cmocka_unit_test(test_span_map),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_skeleton),
		cmocka_unit_test(test_deleet),
		cmocka_unit_test(test_fast_paths_match_icu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
