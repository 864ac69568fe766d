/* tests/unit/test_input.c: form/query parser and cookie lookup */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "http/input.h"

#define S(lit)	(lit), sizeof(lit) - 1

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
test_form_basic(void **state)
{
	struct kv	*kv;
	size_t		 n;

	assert_int_equal(input_parse_form(*state, S("a=1&b=two&c=3"), &kv, &n),
	    0);
	assert_int_equal(n, 3);
	assert_string_equal(kv[0].key, "a");
	assert_int_equal(kv[0].keylen, 1);
	assert_string_equal(kv[0].val, "1");
	assert_int_equal(kv[0].vallen, 1);
	assert_string_equal(kv[1].key, "b");
	assert_string_equal(kv[1].val, "two");
	assert_string_equal(kv[2].key, "c");
	assert_string_equal(kv[2].val, "3");
}

static void
test_form_decode(void **state)
{
	struct kv	*kv;
	size_t		 n;

	assert_int_equal(input_parse_form(*state,
	    S("q=hello+world&t=%E6%97%A5%e6%9c%AC&p=%2B%26%3D&x=a%2bb"),
	    &kv, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(kv[0].val, "hello world");
	assert_string_equal(kv[1].val, "日本");
	assert_string_equal(kv[2].val, "+&=");
	assert_string_equal(kv[3].val, "a+b");
	/* Keys are decoded too; only the first '=' splits. */
	assert_int_equal(input_parse_form(*state, S("k%20y=v=w"), &kv, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(kv[0].key, "k y");
	assert_string_equal(kv[0].val, "v=w");
	/* ';' is data, not a separator. */
	assert_int_equal(input_parse_form(*state, S("a=1;b=2"), &kv, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(kv[0].val, "1;b=2");
}

static void
test_form_nul(void **state)
{
	struct kv	*kv;
	size_t		 n;

	/* %00 decodes to a NUL byte; the length tells the truth. */
	assert_int_equal(input_parse_form(*state, S("a=x%00y&b%00=1"), &kv, &n),
	    0);
	assert_int_equal(n, 2);
	assert_int_equal(kv[0].vallen, 3);
	assert_memory_equal(kv[0].val, "x\0y\0", 4);
	assert_int_equal(kv[1].keylen, 2);
	assert_memory_equal(kv[1].key, "b\0", 3);
	/* A raw NUL byte in the input is just a byte. */
	assert_int_equal(input_parse_form(*state, S("a=\0&\0=\0"), &kv, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(kv[0].vallen, 1);
	assert_int_equal(kv[1].keylen, 1);
	assert_int_equal(kv[1].vallen, 1);
	/* Any high byte passes through; validators judge it. */
	assert_int_equal(input_parse_form(*state, S("a=%FF%C0%80\xff"), &kv, &n),
	    0);
	assert_memory_equal(kv[0].val, "\xff\xc0\x80\xff", 5);
}

static void
test_form_bad_escape(void **state)
{
	struct kv	*kv = (struct kv *)1;
	size_t		 n = 9;

	assert_int_equal(input_parse_form(*state, S("a=%4"), &kv, &n), -1);
	assert_null(kv);
	assert_int_equal(n, 0);
	assert_int_equal(input_parse_form(*state, S("a=%"), &kv, &n), -1);
	assert_int_equal(input_parse_form(*state, S("a=%zz"), &kv, &n), -1);
	assert_int_equal(input_parse_form(*state, S("a=%4g"), &kv, &n), -1);
	assert_int_equal(input_parse_form(*state, S("a=%g4"), &kv, &n), -1);
	assert_int_equal(input_parse_form(*state, S("%=1"), &kv, &n), -1);
	assert_int_equal(input_parse_form(*state, S("ok=1&b=%4&c=1"), &kv, &n),
	    -1);
	/* "%4" followed by '&': the escape may not eat the separator. */
	assert_int_equal(input_parse_form(*state, S("a=%4&b=1"), &kv, &n), -1);
	assert_int_equal(input_parse_form(*state, S("a=%%41"), &kv, &n), -1);
	assert_int_equal(input_parse_form(*state, S("a=%\0" "0"), &kv, &n), -1);
}

static void
test_form_empty(void **state)
{
	struct kv	*kv;
	size_t		 n;

	assert_int_equal(input_parse_form(*state, NULL, 0, &kv, &n), 0);
	assert_int_equal(n, 0);
	assert_non_null(kv);
	assert_int_equal(input_parse_form(*state, S("&&&"), &kv, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(input_parse_form(*state, S("a=1&&b=2&"), &kv, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(kv[1].key, "b");
	/* No '=': empty value.  Empty key: kept, matches no field. */
	assert_int_equal(input_parse_form(*state, S("flag&=v&k="), &kv, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(kv[0].key, "flag");
	assert_string_equal(kv[0].val, "");
	assert_int_equal(kv[0].vallen, 0);
	assert_string_equal(kv[1].key, "");
	assert_int_equal(kv[1].keylen, 0);
	assert_string_equal(kv[1].val, "v");
	assert_string_equal(kv[2].key, "k");
	assert_string_equal(kv[2].val, "");
	assert_int_equal(input_parse_form(*state, S("="), &kv, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(kv[0].keylen, 0);
	assert_int_equal(kv[0].vallen, 0);
	assert_int_equal(input_parse_form(*state, S("+=+"), &kv, &n), 0);
	assert_string_equal(kv[0].key, " ");
	assert_string_equal(kv[0].val, " ");
}

static void
test_form_max_pairs(void **state)
{
	struct buf	 b;
	struct kv	*kv;
	size_t		 n, i;

	buf_init(&b, *state);
	for (i = 0; i < INPUT_MAX_PAIRS; i++)
		buf_printf(&b, "k%zu=%zu&&", i, i);
	assert_int_equal(input_parse_form(*state, b.p, b.len, &kv, &n), 0);
	assert_int_equal(n, 256);
	assert_string_equal(kv[255].key, "k255");
	assert_string_equal(kv[255].val, "255");
	/* 257 pairs */
	buf_puts(&b, "x=1");
	assert_int_equal(input_parse_form(*state, b.p, b.len, &kv, &n), -1);
	assert_null(kv);
	/* ... but empty segments do not count. */
	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		buf_puts(&b, "&");
	buf_puts(&b, "a=1");
	assert_int_equal(input_parse_form(*state, b.p, b.len, &kv, &n), 0);
	assert_int_equal(n, 1);
}

static void
test_form_no_overread(void **state)
{
	struct kv	*kv;
	size_t		 n;
	const char	*s = "a=1&b=%41XXXX";

	/* Only len bytes are read: "a=1&b=%4" is cut mid-escape. */
	assert_int_equal(input_parse_form(*state, s, 8, &kv, &n), -1);
	assert_int_equal(input_parse_form(*state, s, 9, &kv, &n), 0);
	assert_string_equal(kv[1].val, "A");
	assert_int_equal(input_parse_form(*state, s, 3, &kv, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(kv[0].val, "1");
}

static void
test_cookie(void **state)
{
	const char	*v;
	size_t		 len;
	const char	*h = "theme=dark; sid=abc123;  lang = ja ;x=\"q v\"; e=";

	(void)state;
	v = input_cookie(h, strlen(h), "sid", &len);
	assert_non_null(v);
	assert_int_equal(len, 6);
	assert_memory_equal(v, "abc123", 6);
	v = input_cookie(h, strlen(h), "theme", &len);
	assert_memory_equal(v, "dark", len);
	v = input_cookie(h, strlen(h), "lang", &len);
	assert_int_equal(len, 2);
	assert_memory_equal(v, "ja", 2);
	v = input_cookie(h, strlen(h), "x", &len);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "q v", 3);
	v = input_cookie(h, strlen(h), "e", &len);
	assert_non_null(v);
	assert_int_equal(len, 0);
	assert_null(input_cookie(h, strlen(h), "SID", &len));
	assert_null(input_cookie(h, strlen(h), "si", &len));
	assert_null(input_cookie(h, strlen(h), "id", &len));
	assert_null(input_cookie(h, strlen(h), "", &len));
	assert_null(input_cookie(NULL, 0, "sid", &len));
	assert_null(input_cookie("", 0, "sid", &len));
	/* Value containing '=' and a name that only appears as a value. */
	h = "a=sid=1; sid=2";
	v = input_cookie(h, strlen(h), "sid", &len);
	assert_memory_equal(v, "2", len);
	v = input_cookie(h, strlen(h), "a", &len);
	assert_int_equal(len, 5);
	/* First one wins; pairs without '=' are skipped. */
	h = "sid; sid=first; sid=second";
	v = input_cookie(h, strlen(h), "sid", &len);
	assert_memory_equal(v, "first", len);
	/* Only hdrlen bytes are read; NUL bytes are just bytes. */
	h = "sid=abcdef";
	v = input_cookie(h, 7, "sid", &len);
	assert_int_equal(len, 3);
	v = input_cookie("s\0d=1; sid=2", 12, "sid", &len);
	assert_memory_equal(v, "2", len);
	/* A lone quote is not a quoted value. */
	v = input_cookie("sid=\"", 5, "sid", &len);
	assert_int_equal(len, 1);
	v = input_cookie("sid=;", 5, "sid", &len);
	assert_non_null(v);
	assert_int_equal(len, 0);
}

static void
test_multipart(void **state)
{
	struct kv	*kv;
	size_t		 n;
	/* A file part holding CR LF, NUL and a near-boundary "--b". */
	static const char body[] =
	    "preamble\r\n"
	    "--b\r\n"
	    "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	    "tok\r\n"
	    "--b\r\n"
	    "Content-Disposition: form-data; name=\"file\"; "
	    "filename=\"a \\\"x\\\".png\"\r\n"
	    "Content-Type: image/png\r\n\r\n"
	    "\x89PNG\r\n\0--b-not-a-delimiter\r\n--\r\n"
	    "--b--\r\nepilogue";

	assert_int_equal(input_parse_multipart(*state,
	    "multipart/form-data; boundary=b", body, sizeof(body) - 1, &kv,
	    &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(kv[0].key, "csrf");
	assert_string_equal(kv[0].val, "tok");
	assert_false(kv[0].file);
	assert_string_equal(kv[1].key, "file");
	assert_true(kv[1].file);
	assert_int_equal(kv[1].vallen, 30);
	assert_memory_equal(kv[1].val,
	    "\x89PNG\r\n\0--b-not-a-delimiter\r\n--", 30);
	assert_int_equal(kv[1].val[30], '\0');
	/* The boundary quoted, the body opening with it, case of the type. */
	assert_int_equal(input_parse_multipart(*state,
	    "Multipart/Form-Data; charset=utf-8; boundary=\"b\"",
	    S("--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--b--"), &kv, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(kv[0].key, "x");
	assert_string_equal(kv[0].val, "1");
}

static void
test_multipart_bad(void **state)
{
	struct kv	*kv;
	size_t		 n, i;
	struct buf	 b;
	static const char *const ct = "multipart/form-data; boundary=b";

	/* No boundary, empty or too long, or another type. */
	assert_int_equal(input_parse_multipart(*state,
	    "multipart/form-data", S("--b--"), &kv, &n), -1);
	assert_int_equal(input_parse_multipart(*state,
	    "multipart/form-data; boundary=", S("--b--"), &kv, &n), -1);
	assert_int_equal(input_parse_multipart(*state,
	    "multipart/form-data; boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", S("--b--"), &kv, &n), -1);
	assert_int_equal(input_parse_multipart(*state,
	    "multipart/mixed; boundary=b", S("--b--"), &kv, &n), -1);
	/* No delimiter at all; no closing delimiter; a part without a name;
	 * headers without their blank line; a disposition not form-data. */
	assert_int_equal(input_parse_multipart(*state, ct, S("hello"), &kv, &n),
	    -1);
	assert_int_equal(input_parse_multipart(*state, ct,
	    S("--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1"),
	    &kv, &n), -1);
	assert_int_equal(input_parse_multipart(*state, ct,
	    S("--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--"),
	    &kv, &n), -1);
	assert_int_equal(input_parse_multipart(*state, ct,
	    S("--b\r\nContent-Disposition: form-data; name=x\r\n1\r\n--b--"),
	    &kv, &n), -1);
	assert_int_equal(input_parse_multipart(*state, ct,
	    S("--b\r\nContent-Disposition: attachment; name=x\r\n\r\n1\r\n"
	    "--b--"), &kv, &n), -1);
	/* The delimiter inside a part (RFC 2046 forbids it): refused. */
	assert_int_equal(input_parse_multipart(*state, ct,
	    S("--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--bx\r\n--b--"), &kv, &n), -1);
	/* More than INPUT_MAX_PARTS parts. */
	buf_init(&b, *state);
	for (i = 0; i <= INPUT_MAX_PARTS; i++)
		buf_printf(&b, "--b\r\nContent-Disposition: form-data; "
		    "name=p%zu\r\n\r\nv\r\n", i);
	buf_puts(&b, "--b--");
	assert_int_equal(input_parse_multipart(*state, ct, b.p, b.len, &kv, &n),
	    -1);
	assert_null(kv);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_form_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_decode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_bad_escape, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_max_pairs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_no_overread, setup,
		    teardown),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test_setup_teardown(test_multipart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_bad, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
