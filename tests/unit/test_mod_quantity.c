/*
 * tests/unit/test_mod_quantity.c: a count written with thousands
 * separators ("2.126.521.750 views", "1,234,567 likes") is no phone
 * number (moderation/contacts.c is_quantity), so a comment about a view
 * count is not a bare contact from a new account; numbers written with
 * dots or commas in the groups phones use are still phones.  Every text
 * is written for these tests; none is taken from a data set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "moderation/moderation.h"
#include "mod_fixture.h"
#include "mod_expect.h"

static int	 phones_in(const char *);

/* How many phone numbers the check records in an answer's body. */
static int
phones_in(const char *body)
{
	struct mod_verdict v;
	size_t		 i;
	int		 n = 0;

	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, body, &v);
	for (i = 0; i < v.ncontacts; i++)
		if (v.contacts[i].type == MOD_CONTACT_PHONE) {
			fprintf(stderr, "  phone %s in: %s\n",
			    v.contacts[i].value, body);
			n++;
		}
	mod_verdict_free(&v);
	return n;
}

/* View, like and price counts with dots or commas are quantities. */
static void
test_counts_are_not_phones(void **state)
{
	(void)state;
	assert_int_equal(phones_in("3.214.652.870 views!!!"), 0);
	assert_int_equal(phones_in("wow, 2,318,904,551 likes already"), 0);
	assert_int_equal(phones_in("The hack drained 4,125,330,000 yen "
	    "from the pool."), 0);
	assert_int_equal(phones_in("再生回数が2.345.678.901回を超えました"),
	    0);
	/* The same comments from a new account are published. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "3.214.652.870 views!!!");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "9,876,543,210 plays lol");
}

/* Phone numbers with dots or commas in phone groups stay phones. */
static void
test_phones_with_dots_stay(void **state)
{
	(void)state;
	assert_int_equal(phones_in("call 212.652.1750 for help"), 1);
	assert_int_equal(phones_in("サポート 0120.123.456 まで"), 1);
	assert_int_equal(phones_in("text +1.415.555.2671 now"), 1);
	assert_int_equal(phones_in("携帯 090.1234.5678"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_are_not_phones),
		cmocka_unit_test(test_phones_with_dots_stay),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
