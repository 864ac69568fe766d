/*
 * tests/unit/test_i18n.c: message lookup (view/i18n.c), and its memo of
 * msgid pointers: a pointer whose text changed (an arena's buffer used
 * again) must never get the translation of the text it held before.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core.h"
#include "view/i18n.h"

static int
setup(void **state)
{
	(void)state;
	return i18n_init();
}

/* Literals: translated, again and again (the memo's hits), per language. */
static void
test_lookup(void **state)
{
	int	i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_string_equal(i18n_get(LANG_JA, "Sign in"), "ログイン");
		assert_string_equal(i18n_get(LANG_JA, "Sign out"),
		    "ログアウト");
		assert_string_equal(i18n_get(LANG_EN, "Sign in"), "Sign in");
	}
	/* not in the catalog: the msgid itself */
	assert_string_equal(i18n_get(LANG_JA, "no such msgid, t357"),
	    "no such msgid, t357");
}

/* One buffer, three texts: each gets its own answer. */
static void
test_reused_pointer(void **state)
{
	char		 b[64];
	const char	*s;

	(void)state;
	strcpy(b, "Sign in");
	assert_string_equal(i18n_get(LANG_JA, b), "ログイン");
	assert_string_equal(i18n_get(LANG_JA, b), "ログイン");
	strcpy(b, "Sign out");
	assert_string_equal(i18n_get(LANG_JA, b), "ログアウト");
	strcpy(b, "no such msgid either");
	s = i18n_get(LANG_JA, b);
	assert_ptr_equal(s, b);
	strcpy(b, "Sign in");
	assert_string_equal(i18n_get(LANG_JA, b), "ログイン");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_reused_pointer),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
