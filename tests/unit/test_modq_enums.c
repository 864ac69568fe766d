/*
 * tests/unit/test_modq_enums.c: the moderation domain's closed sets are
 * decoded once, from the stored text, into enums: the queue kinds
 * (mod_queue.kind), the audit log's target kinds, and a post's state as
 * moderators read it.  Unknown text never becomes a queue, and an
 * unknown post state reads as held (never as visible).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/store.h"
#include "view/modview.h"

static void
test_queue_kinds(void **state)
{
	static const char *const names[] = { "held", "private", "flagged",
	    "first" };
	enum modq_kind	k;
	size_t		i;

	(void)state;
	for (i = 0; i < 4; i++) {
		k = store_modq_kind_parse(names[i]);
		assert_true(k > MQ_NONE && k < MQ__MAX);
		assert_string_equal(store_modq_kind_name(k), names[i]);
	}
	assert_int_equal(store_modq_kind_parse("held"), MQ_HELD);
	assert_int_equal(store_modq_kind_parse("first"), MQ_FIRST);
	assert_int_equal(store_modq_kind_parse(""), MQ_NONE);
	assert_string_equal(store_modq_kind_name(MQ_NONE), "");
	assert_int_equal(store_modq_kind_parse("Held"), MQ__MAX);
	assert_int_equal(store_modq_kind_parse("appeals"), MQ__MAX);
	assert_int_equal(store_modq_kind_parse("held "), MQ__MAX);
	assert_string_equal(store_modq_kind_name(MQ__MAX), "");
}

static void
test_log_targets(void **state)
{
	(void)state;
	assert_string_equal(store_modlog_target_name(MT_POST), "post");
	assert_string_equal(store_modlog_target_name(MT_USER), "user");
	assert_string_equal(store_modlog_target_name(MT_CONTACT), "contact");
	assert_string_equal(store_modlog_target_name(MT_IP), "ip");
	assert_string_equal(store_modlog_target_name(MT_THREAD), "thread");
	assert_string_equal(store_modlog_target_name(MT__MAX), "");
}

static void
test_post_state_words(void **state)
{
	(void)state;
	assert_string_equal(modview_post_state(LANG_EN, PS_VISIBLE),
	    "Visible");
	assert_string_equal(modview_post_state(LANG_EN, PS_HELD),
	    "Waiting for review");
	assert_string_equal(modview_post_state(LANG_EN, PS_REMOVED),
	    "Removed");
	assert_string_equal(modview_state(LANG_EN, "private"), "Private");
	assert_string_equal(modview_state(LANG_EN, "hidden"), "Hidden");
	/* unknown text: held, never "Visible" */
	assert_string_equal(modview_state(LANG_EN, "publishd"),
	    "Waiting for review");
	assert_string_equal(modview_state(LANG_EN, ""), "Waiting for review");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_kinds),
		cmocka_unit_test(test_log_targets),
		cmocka_unit_test(test_post_state_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
