/*
 * mod_expect.h: the expectations the moderation unit tests state about a
 * verdict (held, allowed, not blocked, held by a given rule; the _POST
 * forms with the thread's question and a title), shared by
 * the test programs that include it after mod_fixture.h.  On failure each
 * prints the post and its verdict (dump) before the assertion.
 */
#ifndef SODAN_MOD_EXPECT_H
#define SODAN_MOD_EXPECT_H

/* Held or blocked. */
#define HELD(kind, reply, ak, body) do {				\
	struct mod_verdict v_;						\
	check((kind), (reply), (ak), NULL, (body), &v_);		\
	if (v_.decision == MOD_ALLOW)					\
		dump((body), &v_);					\
	assert_int_not_equal(v_.decision, MOD_ALLOW);			\
	mod_verdict_free(&v_);						\
} while (0)

/* Held or blocked, and the rule (an id or a prefix) among the reasons. */
#define HELD_BY(kind, reply, ak, body, rule) do {			\
	struct mod_verdict v_;						\
	check((kind), (reply), (ak), NULL, (body), &v_);		\
	if (v_.decision == MOD_ALLOW || !has_rule(&v_, (rule)))		\
		dump((body), &v_);					\
	assert_int_not_equal(v_.decision, MOD_ALLOW);			\
	assert_true(has_rule(&v_, (rule)));				\
	mod_verdict_free(&v_);						\
} while (0)

/* Published or held, never refused. */
#define NOT_BLOCKED(kind, reply, ak, body) do {				\
	struct mod_verdict v_;						\
	check((kind), (reply), (ak), NULL, (body), &v_);		\
	if (v_.decision == MOD_BLOCK)					\
		dump((body), &v_);					\
	assert_int_not_equal(v_.decision, MOD_BLOCK);			\
	mod_verdict_free(&v_);						\
} while (0)

/* Published. */
#define ALLOWED(kind, reply, ak, body) do {				\
	struct mod_verdict v_;						\
	check((kind), (reply), (ak), NULL, (body), &v_);		\
	if (v_.decision != MOD_ALLOW)					\
		dump((body), &v_);					\
	assert_int_equal(v_.decision, MOD_ALLOW);			\
	mod_verdict_free(&v_);						\
} while (0)

/* Published, with the thread's question and the post's title (or NULL). */
#define ALLOWED_POST(kind, reply, ak, question, title, body) do {	\
	struct mod_verdict v_;						\
	check_post((kind), (reply), (ak), (question), (title), (body),	\
	    &v_);							\
	if (v_.decision != MOD_ALLOW)					\
		dump((body), &v_);					\
	assert_int_equal(v_.decision, MOD_ALLOW);			\
	mod_verdict_free(&v_);						\
} while (0)

/* Held or blocked, with the thread's question and the post's title. */
#define HELD_POST(kind, reply, ak, question, title, body) do {		\
	struct mod_verdict v_;						\
	check_post((kind), (reply), (ak), (question), (title), (body),	\
	    &v_);							\
	if (v_.decision == MOD_ALLOW)					\
		dump((body), &v_);					\
	assert_int_not_equal(v_.decision, MOD_ALLOW);			\
	mod_verdict_free(&v_);						\
} while (0)

#endif
