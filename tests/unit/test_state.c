/* tests/unit/test_state.c: the names of post states, kinds, roles, thread statuses */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/state.h"
#include "post/post.h"

static void
test_round_trip(void **state)
{
	int	i;

	(void)state;
	for (i = 0; i < PS__MAX; i++)
		assert_int_equal(state_post_parse(state_post_name(
		    (enum post_state)i)), i);
	for (i = 0; i < PK__MAX; i++)
		assert_int_equal(state_kind_parse(state_kind_name(
		    (enum post_kind)i)), i);
	for (i = ROLE_USER; i < ROLE__MAX; i++)
		assert_int_equal(state_role_parse(state_role_name(
		    (enum role)i)), i);
	for (i = 0; i < TS__MAX; i++)
		assert_int_equal(state_thread_parse(state_thread_name(
		    (enum thread_status)i)), i);
	/* the names the database stores (sql/0001_init.sql CHECKs) */
	assert_string_equal(state_post_name(PS_VISIBLE), "visible");
	assert_string_equal(state_post_name(PS_PRIVATE), "private");
	assert_string_equal(state_post_name(PS_REMOVED), "removed");
	assert_string_equal(state_kind_name(PK_OFFICIAL), "official");
	assert_string_equal(state_role_name(ROLE_MODERATOR), "moderator");
	assert_string_equal(state_thread_name(TS_LOCKED), "locked");
	assert_int_equal(state_post_parse("hidden"), PS_HIDDEN);
	assert_int_equal(state_role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(state_thread_parse("closed"), TS_CLOSED);
}

static void
test_unknown_is_safe(void **state)
{
	const char *const odd[] = { "", "Visible", "visible ", "published",
	    "quarantined", NULL };
	struct post_actor stranger = { .id = 7, .role = ROLE_USER, .trust = 3 };
	struct post_actor author = { .id = 42, .role = ROLE_USER };
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		enum post_state	st = state_post_parse(odd[i]);

		/* an unknown state is held: neither the public nor another
		 * member sees the text; its author does, as for any held post */
		assert_int_equal(st, PS_HELD);
		assert_false(post_visible_to(NULL, st, 42));
		assert_false(post_visible_to(&stranger, st, 42));
		assert_true(post_visible_to(&author, st, 42));
		/* no badge, no privilege; a thread takes nothing */
		assert_int_equal(state_role_parse(odd[i]), ROLE_USER);
		assert_int_equal(state_thread_parse(odd[i]), TS_LOCKED);
		assert_int_equal(state_kind_parse(odd[i]), PK_ANSWER);
	}
	/* ROLE_ANY is no stored role */
	assert_string_equal(state_role_name(ROLE_ANY), "user");
	assert_string_equal(state_post_name((enum post_state)99), "held");
	/* a visible post is public */
	assert_true(post_visible_to(NULL, state_post_parse("visible"), 42));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unknown_is_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
