/*
 * tests/unit/test_post_purge.c: the moderators' transitions beyond one
 * post (post_undo, post_purge_user, post_purge_campaign) check the
 * actor's privilege themselves, before anything is read or written: a
 * member, a staff member and an anonymous caller are refused with
 * POST_E_FORBIDDEN.  The store is absent (db NULL), so a transition that
 * reached it without the check would crash this test.  What a moderator
 * does is tested against a real database in tests/http (t160-t162, t250).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "post/post.h"

static const struct post_actor member = { 7, "kenji_t", "Kenji", ROLE_USER,
    3, 0 };
static const struct post_actor staff = { 8, "support_aoi", "Aoi",
    ROLE_STAFF, 3, 0 };

static void
ctx(struct post_ctx *c, struct arena *a, const struct post_actor *by)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->db = NULL;
	c->lang = LANG_EN;
	c->by = by;
}

static void
test_refused(void **state)
{
	const struct post_actor	*who[] = { &member, &staff, NULL };
	struct arena		*a = arena_new();
	struct post_ctx		 c;
	struct post_result	 res;
	struct post_purge_in	 pu = { 9, 365, "scam", "", 1 };
	struct post_campaign_in	 cin;
	size_t			 i;

	(void)state;
	memset(&cin, 0, sizeof(cin));
	cin.type = "phone";
	cin.value = "+81312345678";
	cin.purge = 1;
	cin.days = 365;
	cin.reason = "scam";
	for (i = 0; i < 3; i++) {
		ctx(&c, a, who[i]);
		assert_int_equal(post_undo(&c, 1, "", &res), 0);
		assert_int_equal(res.err, POST_E_FORBIDDEN);
		assert_int_equal(res.public_changed, 0);
		assert_int_equal(post_purge_user(&c, &pu, &res), 0);
		assert_int_equal(res.err, POST_E_FORBIDDEN);
		assert_int_equal(res.public_changed, 0);
		assert_int_equal(post_purge_campaign(&c, &cin, &res), 0);
		assert_int_equal(res.err, POST_E_FORBIDDEN);
		assert_int_equal(res.nposts + res.naccounts, 0);
	}
	arena_free(a);
}

/* A moderator with a suspension outside 1..3650 days: refused as invalid. */
static void
test_purge_days(void **state)
{
	static const struct post_actor mod = { 5, "mod_ren", "Ren",
	    ROLE_MODERATOR, 3, 0 };
	struct arena		*a = arena_new();
	struct post_ctx		 c;
	struct post_result	 res;
	struct post_purge_in	 pu = { 9, 0, "scam", "", 1 };

	(void)state;
	ctx(&c, a, &mod);
	assert_int_equal(post_purge_user(&c, &pu, &res), 0);
	assert_int_equal(res.err, POST_E_INVALID);
	pu.days = 3651;
	assert_int_equal(post_purge_user(&c, &pu, &res), 0);
	assert_int_equal(res.err, POST_E_INVALID);
	pu.days = 30;
	pu.reason = "";
	assert_int_equal(post_purge_user(&c, &pu, &res), 0);
	assert_int_equal(res.err, POST_E_INVALID);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_purge_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
