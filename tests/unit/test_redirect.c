/* tests/unit/test_redirect.c: redirect_local, the one check of `next`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/redirect.h"
#include "http/valid.h"
#include "lib/arena.h"

/* Targets that leave the site, or could in some browser: all become "/". */
static const char *const refused[] = {
	"/%09/evil.example/",
	"/\t/evil.example/",
	"/\n/evil.example/",
	"/\r\n/evil.example/",
	"/%0a/evil.example/",
	"/%0D%0A/evil.example/",
	"/%00",
	"/%7f/evil.example/",
	"/\x7f/evil.example/",
	"/\\evil.example",
	"/\\/evil.example",
	"\\\\evil.example",
	"/%5Cevil.example",
	"/%5c/evil.example",
	"//x",
	"//evil.example/path",
	"///evil.example",
	"/%2F%2Fx",
	"/%2fevil.example",
	"/%2F/evil.example",
	"https:x",
	"https://evil.example/",
	"http:/evil.example",
	"javascript:alert(1)",
	"JavaScript:alert(1)",
	"data:text/html,x",
	"evil.example",
	"./x",
	"../x",
	"?next=/",
	"#top",
	"",
	" /t/1",
	"%2Ft%2F1",
	"/%",
	"/%4",
	"/%zz",
	"/%G0",
	"/t/%1",
	"/\x01",
	"/a\x1b[31m",
	NULL
};

/* Paths on this site, kept as they are. */
static const char *const kept[] = {
	"/",
	"/t/42",
	"/t/42#a-7",
	"/search?q=usdt&page=2",
	"/settings/2fa",
	"/u/hanako_w",
	"/tag/%E6%9A%97%E5%8F%B7",
	"/a/%2F/b",		/* an escaped slash past the first segment */
	"/a//b",
	"/mod/queue/held?lang=ja",
	"/x:y",
	"/@user",
	NULL
};

static void
test_refused(void **state)
{
	struct arena	*a = arena_new();
	size_t		 i;

	(void)state;
	for (i = 0; refused[i] != NULL; i++) {
		if (strcmp(redirect_local(a, refused[i]), "/") != 0)
			fail_msg("kept: \"%s\"", refused[i]);
		assert_int_equal(redirect_local_ok(a, refused[i]), 0);
	}
	assert_string_equal(redirect_local(a, NULL), "/");
	assert_int_equal(redirect_local_ok(a, NULL), 0);
	arena_free(a);
}

static void
test_kept(void **state)
{
	struct arena	*a = arena_new();
	size_t		 i;

	(void)state;
	for (i = 0; kept[i] != NULL; i++) {
		assert_string_equal(redirect_local(a, kept[i]), kept[i]);
		assert_int_equal(redirect_local_ok(a, kept[i]), 1);
	}
	arena_free(a);
}

/* Raw text a URI cannot hold is escaped, not refused. */
static void
test_escaped(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(redirect_local(a, "/tag/暗号"),
	    "/tag/%E6%9A%97%E5%8F%B7");
	assert_string_equal(redirect_local(a, "/search?q=a b"),
	    "/search?q=a%20b");
	assert_string_equal(redirect_local(a, "/search?q=\"x\"|<y>"),
	    "/search?q=%22x%22%7C%3Cy%3E");
	/* A long path is refused rather than copied. */
	{
		char	big[3000];

		memset(big, 'a', sizeof(big) - 1);
		big[0] = '/';
		big[sizeof(big) - 1] = '\0';
		assert_string_equal(redirect_local(a, big), "/");
	}
	arena_free(a);
}

/* The `next` field is never refused: a bad one becomes "/" later. */
static void
test_valid_next(void **state)
{
	static const struct field f = { "next", valid_next, 0, 1, 512, NULL };
	struct fval	 v;
	char		 big[600];

	(void)state;
	assert_int_equal(valid_next(&f, "/\t/evil", 7, &v), 0);
	assert_true(v.present);
	assert_string_equal(v.s, "/\t/evil");
	assert_int_equal(valid_next(&f, "/a\0b", 4, &v), 0);
	assert_string_equal(v.s, "/");
	assert_int_equal(valid_next(&f, "", 0, &v), 0);
	assert_string_equal(v.s, "/");
	memset(big, '/', sizeof(big));
	assert_int_equal(valid_next(&f, big, sizeof(big), &v), 0);
	assert_string_equal(v.s, "/");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_valid_next),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
