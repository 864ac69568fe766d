/* tests/unit/test_mod_threads.c: one rule set shared by several threads; load errors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <pthread.h>

#include "moderation/moderation.h"

#include "mod_fixture.h"

#define EXPECT(v, dec) do {						\
	if ((v).decision != (dec))					\
		dump(#v, &(v));						\
	assert_int_equal((v).decision, (dec));				\
} while (0)
#define EXPECT_HELD(v) do {						\
	if ((v).decision == MOD_ALLOW)					\
		dump(#v, &(v));						\
	assert_int_not_equal((v).decision, MOD_ALLOW);			\
} while (0)

#define NTHREADS	4
#define NROUNDS		150

static const char *const bodies[] = {
	"call +1 888 343 0116 for help, they fixed my account",
	"How do I withdraw JPY to my bank account?",
	"公式サポートです。こちらの番号にお電話ください：0120-123-456",
	"visit https://blnance.com/login to verify",
	"abandon abandon abandon abandon abandon abandon abandon abandon "
	"abandon abandon abandon about",
	"確定申告で利益は700,000円ですか？",
};
#define NBODIES	(sizeof(bodies) / sizeof(bodies[0]))

static enum mod_decision expected[NBODIES];
static double	 expected_score[NBODIES];

static void *
worker(void *arg)
{
	struct mod_post	 p;
	struct mod_verdict v;
	size_t		 i, k;
	long		 bad = 0;

	(void)arg;
	for (k = 0; k < NROUNDS; k++) {
		i = k % NBODIES;
		memset(&p, 0, sizeof(p));
		p.kind = MOD_KIND_ANSWER;
		p.reply_to_question = 1;
		p.seconds_after_question = -1;
		p.body = bodies[i];
		p.body_len = strlen(bodies[i]);
		if (mod_check(R, &p, NULL, &v) != 0 ||
		    v.decision != expected[i] || v.score != expected_score[i])
			bad++;
		mod_verdict_free(&v);
	}
	return (void *)bad;
}

static void
test_concurrent(void **state)
{
	pthread_t	 t[NTHREADS];
	struct mod_post	 p;
	struct mod_verdict v;
	size_t		 i;
	void		*ret;
	long		 bad = 0;

	(void)state;
	for (i = 0; i < NBODIES; i++) {
		memset(&p, 0, sizeof(p));
		p.kind = MOD_KIND_ANSWER;
		p.reply_to_question = 1;
		p.seconds_after_question = -1;
		p.body = bodies[i];
		p.body_len = strlen(bodies[i]);
		assert_int_equal(mod_check(R, &p, NULL, &v), 0);
		expected[i] = v.decision;
		expected_score[i] = v.score;
		mod_verdict_free(&v);
	}
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, NULL), 0);
	for (i = 0; i < NTHREADS; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		bad += (long)ret;
	}
	assert_int_equal(bad, 0);
}

static void
test_load_errors(void **state)
{
	char		 err[512];
	struct mod_rules *r;

	(void)state;
	assert_null(r = mod_rules_load("/nonexistent-dir", err, sizeof(err)));
	assert_true(strlen(err) > 0);
	assert_int_equal(mod_rules_count(R) > 40, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_load_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
