/* tests/unit/test_mod_normalize.c: moderation normalization and skeletons */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
