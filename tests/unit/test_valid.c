/* tests/unit/test_valid.c: declared-input validators */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/valid.h"
#include "lib/cursor.h"

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

static void
test_cursor(void **state)
{
	static const struct field f_at = { "at", valid_cursor, 0, 0, 0, NULL };
	struct cursor	 c, d;
	struct fval	 v;
	char		 buf[CURSOR_TEXT], bad[CURSOR_TEXT], ts[40];
	size_t		 i, n;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.dir = CURSOR_OLDER;
	c.nk = 3;
	c.k[0] = 1;
	c.k[1] = INT64_C(1733300000123456);
	c.k[2] = INT64_MAX;
	cursor_format(&c, buf);
	assert_int_equal(strncmp(buf, "o.1.1733300000123456.", 21), 0);
	assert_int_equal(cursor_parse(buf, strlen(buf), &d), 0);
	assert_int_equal(d.dir, CURSOR_OLDER);
	assert_int_equal(d.nk, 3);
	assert_true(d.k[1] == c.k[1] && d.k[2] == INT64_MAX);
	assert_int_equal(valid_cursor(&f_at, buf, strlen(buf), &v), 0);
	assert_int_equal(v.i, 3);
	assert_ptr_equal(v.s, buf);

	c.dir = CURSOR_NEWER;
	c.nk = 1;
	c.k[0] = INT64_MIN;
	cursor_format(&c, buf);
	assert_int_equal(buf[0], 'n');
	assert_int_equal(cursor_parse(buf, strlen(buf), &d), 0);
	assert_true(d.dir == CURSOR_NEWER && d.k[0] == INT64_MIN);

	/* Every single changed character is refused. */
	n = strlen(buf);
	for (i = 0; i < n; i++) {
		memcpy(bad, buf, n + 1);
		bad[i] = bad[i] == '1' ? '2' : '1';
		assert_int_equal(cursor_parse(bad, n, &d), -1);
	}
	/* Cut, extended, empty, foreign. */
	assert_int_equal(cursor_parse(buf, n - 1, &d), -1);
	memcpy(bad, buf, n);
	memcpy(bad + n, "0", 2);
	assert_int_equal(cursor_parse(bad, n + 1, &d), -1);
	assert_int_equal(cursor_parse("", 0, &d), -1);
	assert_int_equal(valid_cursor(&f_at, S("o.1.2"), &v), -1);
	assert_int_equal(valid_cursor(&f_at, S("o.1.2.3.4.00000000"), &v), -1);
	assert_int_equal(valid_cursor(&f_at,
	    S("o.99999999999999999999.00000000"), &v), -1);

	/* Timestamps as PostgreSQL reads them; out of range: infinities. */
	assert_string_equal(cursor_ts(0, ts), "1970-01-01 00:00:00.000000+00");
	assert_string_equal(cursor_ts(-1, ts), "1969-12-31 23:59:59.999999+00");
	assert_string_equal(cursor_ts(INT64_C(1733300000123456), ts),
	    "2024-12-04 08:13:20.123456+00");
	assert_string_equal(cursor_ts(INT64_MAX, ts), "infinity");
	assert_string_equal(cursor_ts(INT64_MIN, ts), "-infinity");
	assert_string_equal(cursor_ts(INT64_C(999999999999999999), ts),
	    "infinity");
	assert_string_equal(cursor_ts(-INT64_C(999999999999999999), ts),
	    "-infinity");
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
		cmocka_unit_test(test_cursor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
