/* tests/unit/test_valid.c: declared-input validators */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/valid.h"

#define S(lit)	(lit), sizeof(lit) - 1

static const char *const kinds[] = { "question", "answer", "official", NULL };

static const struct field f_title = { "title", valid_line, FIELD_REQUIRED,
	5, 10, NULL };
static const struct field f_body = { "body", valid_text, FIELD_REQUIRED,
	0, 20, NULL };
static const struct field f_page = { "page", valid_int, 0, -5, 1000, NULL };
static const struct field f_wide = { "n", valid_int, 0, INT64_MIN, INT64_MAX,
	NULL };
static const struct field f_id = { "id", valid_id, FIELD_REQUIRED, 0, 0,
	NULL };
static const struct field f_kind = { "kind", valid_enum, 0, 0, 0, kinds };
static const struct field f_noenum = { "kind", valid_enum, 0, 0, 0, NULL };
static const struct field f_bool = { "b", valid_bool, 0, 0, 0, NULL };
static const struct field f_user = { "u", valid_username, 0, 0, 0, NULL };
static const struct field f_tok = { "t", valid_token, 0, 0, 0, NULL };

static void
test_text(void **state)
{
	struct fval	 v;

	(void)state;
	assert_int_equal(valid_text(&f_body, S("line1\r\nline2\tx"), &v), 0);
	assert_true(v.present);
	assert_int_equal(v.len, 14);
	assert_int_equal(v.i, 14);
	assert_string_equal(v.s, "line1\r\nline2\tx");
	assert_int_equal(valid_text(&f_body, S(""), &v), 0);
	/* Counts code points: 20 kanji (60 bytes) pass, 21 fail. */
	assert_int_equal(valid_text(&f_body,
	    S("日本語日本語日本語日本語日本語日本語日本"), &v), 0);
	assert_int_equal(v.i, 20);
	assert_int_equal(v.len, 60);
	assert_int_equal(valid_text(&f_body,
	    S("日本語日本語日本語日本語日本語日本語日本語"), &v), -1);
	assert_false(v.present);
	assert_int_equal(valid_text(&f_body, S("a\0b"), &v), -1);
	assert_int_equal(valid_text(&f_body, S("\x01"), &v), -1);
	assert_int_equal(valid_text(&f_body, S("\x1b[31m"), &v), -1);
	assert_int_equal(valid_text(&f_body, S("\x7f"), &v), 0);	/* not C0 */
	assert_int_equal(valid_text(&f_body, S("\xc0\xaf"), &v), -1);
	assert_int_equal(valid_text(&f_body, S("\xed\xa0\x80"), &v), -1);
	assert_int_equal(valid_text(&f_body, S("\xf4\x90\x80\x80"), &v), -1);
	assert_int_equal(valid_text(&f_body, S("\xe6\x97"), &v), -1);
	assert_int_equal(valid_text(&f_body, S("\xf4\x8f\xbf\xbf"), &v), 0);
}

static void
test_line(void **state)
{
	struct fval	 v;

	(void)state;
	assert_int_equal(valid_line(&f_title, S("  hello "), &v), 0);
	assert_int_equal(v.len, 8);			/* spaces kept */
	assert_int_equal(valid_line(&f_title, S("a\tbcd"), &v), 0);
	assert_int_equal(valid_line(&f_title, S("abcd"), &v), -1);	/* min */
	assert_int_equal(valid_line(&f_title, S("ビットコインの送金です"), &v), -1);
	assert_int_equal(valid_line(&f_title, S("ビットコインの送金"), &v), 0);
	assert_int_equal(v.i, 9);
	assert_int_equal(valid_line(&f_title, S("hello\nworld"), &v), -1);
	assert_int_equal(valid_line(&f_title, S("hello\rworld"), &v), -1);
	assert_int_equal(valid_line(&f_title, S("hello\0world"), &v), -1);
	assert_int_equal(valid_line(&f_title, S("12345678901"), &v), -1);
	assert_int_equal(valid_line(&f_title, S("1234567890"), &v), 0);
}

static void
test_int(void **state)
{
	struct fval	 v;

	(void)state;
	assert_int_equal(valid_int(&f_page, S("0"), &v), 0);
	assert_int_equal(v.i, 0);
	assert_int_equal(valid_int(&f_page, S("1000"), &v), 0);
	assert_int_equal(v.i, 1000);
	assert_int_equal(valid_int(&f_page, S("-5"), &v), 0);
	assert_int_equal(v.i, -5);
	assert_int_equal(valid_int(&f_page, S("007"), &v), 0);
	assert_int_equal(v.i, 7);
	assert_int_equal(valid_int(&f_page, S("-0"), &v), 0);
	assert_int_equal(valid_int(&f_page, S("1001"), &v), -1);
	assert_int_equal(valid_int(&f_page, S("-6"), &v), -1);
	assert_int_equal(valid_int(&f_page, S(""), &v), -1);
	assert_int_equal(valid_int(&f_page, S("-"), &v), -1);
	assert_int_equal(valid_int(&f_page, S("+1"), &v), -1);
	assert_int_equal(valid_int(&f_page, S(" 1"), &v), -1);
	assert_int_equal(valid_int(&f_page, S("1 "), &v), -1);
	assert_int_equal(valid_int(&f_page, S("1\0"), &v), -1);
	assert_int_equal(valid_int(&f_page, S("0x10"), &v), -1);
	assert_int_equal(valid_int(&f_page, S("1e3"), &v), -1);
	assert_int_equal(valid_int(&f_page, S("--1"), &v), -1);
	assert_int_equal(valid_int(&f_page, S("１"), &v), -1);	/* full width */
	assert_int_equal(valid_int(&f_wide, S("9223372036854775807"), &v), 0);
	assert_true(v.i == INT64_MAX);
	assert_int_equal(valid_int(&f_wide, S("-9223372036854775808"), &v), 0);
	assert_true(v.i == INT64_MIN);
	assert_int_equal(valid_int(&f_wide, S("9223372036854775808"), &v), -1);
	assert_int_equal(valid_int(&f_wide, S("-9223372036854775809"), &v), -1);
	assert_int_equal(valid_int(&f_wide, S("99999999999999999999"), &v), -1);
	assert_int_equal(valid_int(&f_wide,
	    S("000000000000000000000000000000000000042"), &v), 0);
	assert_int_equal(v.i, 42);
}

static void
test_id(void **state)
{
	struct fval	 v;

	(void)state;
	assert_int_equal(valid_id(&f_id, S("1"), &v), 0);
	assert_int_equal(v.i, 1);
	assert_int_equal(valid_id(&f_id, S("123456"), &v), 0);
	assert_int_equal(v.i, 123456);
	assert_int_equal(valid_id(&f_id, S("9223372036854775807"), &v), 0);
	assert_true(v.i == INT64_MAX);
	assert_int_equal(valid_id(&f_id, S("9223372036854775808"), &v), -1);
	assert_int_equal(valid_id(&f_id, S("0"), &v), -1);
	assert_int_equal(valid_id(&f_id, S("01"), &v), -1);
	assert_int_equal(valid_id(&f_id, S("-1"), &v), -1);
	assert_int_equal(valid_id(&f_id, S("+1"), &v), -1);
	assert_int_equal(valid_id(&f_id, S(""), &v), -1);
	assert_int_equal(valid_id(&f_id, S("1a"), &v), -1);
	assert_int_equal(valid_id(&f_id, S("1\0"), &v), -1);
	assert_false(v.present);
}

static void
test_enum(void **state)
{
	struct fval	 v;

	(void)state;
	assert_int_equal(valid_enum(&f_kind, S("question"), &v), 0);
	assert_int_equal(v.i, 0);
	assert_int_equal(valid_enum(&f_kind, S("official"), &v), 0);
	assert_int_equal(v.i, 2);
	assert_string_equal(v.s, "official");
	assert_int_equal(valid_enum(&f_kind, S("Answer"), &v), -1);
	assert_int_equal(valid_enum(&f_kind, S("answer\0"), &v), -1);
	assert_int_equal(valid_enum(&f_kind, S("answe"), &v), -1);
	assert_int_equal(valid_enum(&f_kind, S("answers"), &v), -1);
	assert_int_equal(valid_enum(&f_kind, S(""), &v), -1);
	assert_int_equal(valid_enum(&f_noenum, S("question"), &v), -1);
}

static void
test_bool(void **state)
{
	struct fval	 v;

	(void)state;
	assert_int_equal(valid_bool(&f_bool, S("1"), &v), 0);
	assert_int_equal(v.i, 1);
	assert_int_equal(valid_bool(&f_bool, S("on"), &v), 0);
	assert_int_equal(v.i, 1);
	assert_int_equal(valid_bool(&f_bool, S("true"), &v), 0);
	assert_int_equal(v.i, 1);
	assert_int_equal(valid_bool(&f_bool, S("0"), &v), 0);
	assert_int_equal(v.i, 0);
	assert_true(v.present);
	assert_int_equal(valid_bool(&f_bool, S("off"), &v), 0);
	assert_int_equal(v.i, 0);
	assert_int_equal(valid_bool(&f_bool, S("false"), &v), 0);
	assert_int_equal(valid_bool(&f_bool, S(""), &v), 0);
	assert_int_equal(v.i, 0);
	assert_int_equal(valid_bool(&f_bool, S("yes"), &v), -1);
	assert_int_equal(valid_bool(&f_bool, S("2"), &v), -1);
	assert_int_equal(valid_bool(&f_bool, S("ON"), &v), -1);
	assert_int_equal(valid_bool(&f_bool, S("1\0"), &v), -1);
	assert_int_equal(valid_bool(&f_bool, S("on "), &v), -1);
}

static void
test_username(void **state)
{
	struct fval	 v;

	(void)state;
	assert_int_equal(valid_username(&f_user, S("bob"), &v), 0);
	assert_int_equal(valid_username(&f_user, S("Alice_the-2nd"), &v), 0);
	assert_int_equal(valid_username(&f_user, S("abcdefghijklmnopqrstuvwx"),
	    &v), 0);
	assert_int_equal(valid_username(&f_user, S("abcdefghijklmnopqrstuvwxy"),
	    &v), -1);
	assert_int_equal(valid_username(&f_user, S("ab"), &v), -1);
	assert_int_equal(valid_username(&f_user, S(""), &v), -1);
	assert_int_equal(valid_username(&f_user, S("bob smith"), &v), -1);
	assert_int_equal(valid_username(&f_user, S("bob.smith"), &v), -1);
	assert_int_equal(valid_username(&f_user, S("たなか"), &v), -1);
	assert_int_equal(valid_username(&f_user, S("ｂｏｂ"), &v), -1);
	assert_int_equal(valid_username(&f_user, S("b\0b"), &v), -1);
	assert_int_equal(valid_username(&f_user, S("<b>"), &v), -1);
	assert_int_equal(valid_username(&f_user, S("supp\xce\xbfrt"), &v), -1);
}

static void
test_token(void **state)
{
	struct fval	 v;

	(void)state;
	assert_int_equal(valid_token(&f_tok, S("abcdefghijklmnop"), &v), 0);
	assert_int_equal(valid_token(&f_tok, S("abcdefghijklmno"), &v), -1);
	assert_int_equal(valid_token(&f_tok,
	    S("AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-"
	    "AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-"),
	    &v), 0);
	assert_int_equal(v.len, 128);
	assert_int_equal(valid_token(&f_tok,
	    S("AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-"
	    "AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-AZaz09_-x"),
	    &v), -1);
	assert_int_equal(valid_token(&f_tok, S("abcdefghijklmno="), &v), -1);
	assert_int_equal(valid_token(&f_tok, S("abcdefghijklmno+"), &v), -1);
	assert_int_equal(valid_token(&f_tok, S("abcdefghijklmno/"), &v), -1);
	assert_int_equal(valid_token(&f_tok, S("abcdefghijklmno\0"), &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_token),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
