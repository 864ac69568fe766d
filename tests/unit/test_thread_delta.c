/*
 * tests/unit/test_thread_delta.c: the thread's counters by increment
 * (store_thread_delta) against a recount, on a model thread.
 *
 * A thread here is an array of posts (kind, state, verified) and its
 * counters; random transitions of the kinds store_post_write receives
 * (a new answer or official answer, a change of state, a verification
 * set or cleared, an acceptance) are applied to the posts, the delta is
 * applied to the counters the way QA_THREAD_DELTA_KEYS does (a CHECK
 * looks at the posts after the change), and after every step the
 * counters must equal a recount of the posts, as QA_THREAD_REFRESH
 * computes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/store.h"

#define NPOST	24

struct mpost {
	enum post_kind	 kind;
	enum post_state	 state;
	int		 verified;
};

struct mthread {
	struct mpost	 p[NPOST];
	int		 n;
	/* the counters */
	int		 answers, official, verified, visible;
	int		 accepted;	/* index + 1; 0: none */
};

static unsigned long	rnd_state = 358;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33) % n;
}

static void
recount(const struct mthread *t, struct mthread *r)
{
	int	i;

	r->answers = r->official = r->verified = 0;
	r->visible = t->n > 0 && t->p[0].state == PS_VISIBLE;
	for (i = 0; i < t->n; i++) {
		if (t->p[i].state != PS_VISIBLE)
			continue;
		if (t->p[i].kind != PK_QUESTION)
			r->answers++;
		if (t->p[i].kind == PK_OFFICIAL)
			r->official = 1;
		if (t->p[i].verified)
			r->verified = 1;
	}
	r->accepted = t->accepted > 0 &&
	    t->p[t->accepted - 1].state == PS_VISIBLE ? t->accepted : 0;
}

/* The delta applied as QA_THREAD_DELTA_KEYS applies it. */
static void
apply(struct mthread *t, const struct thread_delta *d)
{
	struct mthread	r;

	recount(t, &r);		/* what a CHECK's EXISTS sees */
	t->answers += d->answers;
	if (d->official == TD_ON)
		t->official = 1;
	else if (d->official == TD_CHECK)
		t->official = r.official;
	if (d->verified == TD_ON)
		t->verified = 1;
	else if (d->verified == TD_CHECK)
		t->verified = r.verified;
	if (d->visible == TD_ON)
		t->visible = 1;
	else if (d->visible == TD_OFF)
		t->visible = 0;
	if (d->accepted == TD_CHECK && t->accepted > 0 &&
	    t->p[t->accepted - 1].state != PS_VISIBLE)
		t->accepted = 0;
}

static void
step(struct mthread *t)
{
	struct post_write	 w;
	struct post_row		 cur, *cp = NULL;
	struct thread_delta	 d;
	int			 i = -1, op = (int)rnd(5);

	memset(&w, 0, sizeof(w));
	memset(&cur, 0, sizeof(cur));
	if (t->n == 0 || (op == 0 && t->n < NPOST)) {
		/* a new post: the question first, then answers */
		i = t->n++;
		t->p[i].kind = i == 0 ? PK_QUESTION :
		    rnd(3) == 0 ? PK_OFFICIAL : PK_ANSWER;
		t->p[i].state = (enum post_state)rnd(PS__MAX);
		t->p[i].verified = 0;
		w.kind = t->p[i].kind;
		w.state = t->p[i].state;
		store_thread_delta(NULL, &w, &d);
		apply(t, &d);
		return;
	}
	i = (int)rnd((unsigned)t->n);
	cur.kind = t->p[i].kind;
	cur.state = t->p[i].state;
	cur.verified_by = t->p[i].verified ? 7 : 0;
	cp = &cur;
	switch (op) {
	case 0:
	case 1:			/* a change of state (approve, remove, ...) */
		w.set_state = 1;
		w.state = (enum post_state)rnd(PS__MAX);
		t->p[i].state = w.state;
		if (rnd(3) == 0) {	/* an edit by a member clears it */
			w.clear_verify = 1;
			t->p[i].verified = 0;
		}
		break;
	case 2:			/* verification set or cleared */
		w.set_verify = 1;
		w.verify_by = rnd(2) ? 7 : 0;
		t->p[i].verified = w.verify_by != 0;
		break;
	case 3:			/* a text edit that clears verification */
		w.set_text = 1;
		w.clear_verify = 1;
		t->p[i].verified = 0;
		break;
	default:		/* acceptance (of a visible answer, or none) */
		w.set_accept = 1;
		if (i > 0 && t->p[i].state == PS_VISIBLE && rnd(4) != 0)
			t->accepted = i + 1;
		else
			t->accepted = 0;
		break;
	}
	store_thread_delta(cp, &w, &d);
	apply(t, &d);
}

static void
test_increments_equal_the_recount(void **state)
{
	struct mthread	 t, r;
	int		 run, k, moved[4] = { 0 };
	int		 last[4];

	(void)state;
	for (run = 0; run < 2000; run++) {
		memset(&t, 0, sizeof(t));
		memset(last, 0, sizeof(last));
		for (k = 0; k < 60; k++) {
			step(&t);
			recount(&t, &r);
			if (t.answers != r.answers || t.official != r.official ||
			    t.verified != r.verified || t.visible != r.visible ||
			    t.accepted != r.accepted)
				fail_msg("run %d step %d: stored %d %d %d %d %d, "
				    "recount %d %d %d %d %d", run, k, t.answers,
				    t.official, t.verified, t.visible, t.accepted,
				    r.answers, r.official, r.verified, r.visible,
				    r.accepted);
			moved[0] |= t.official != last[0];
			moved[1] |= t.verified != last[1];
			moved[2] |= t.accepted != last[2] && last[2] != 0;
			moved[3] |= t.answers < last[3];
			last[0] = t.official;
			last[1] = t.verified;
			last[2] = t.accepted;
			last[3] = t.answers;
		}
	}
	/* the runs turned every flag on and off and counted down */
	assert_true(moved[0] && moved[1] && moved[2] && moved[3]);
}

static void
test_new_answer_is_one_increment(void **state)
{
	struct post_write	w;
	struct thread_delta	d;

	(void)state;
	memset(&w, 0, sizeof(w));
	w.kind = PK_ANSWER;
	w.state = PS_VISIBLE;
	store_thread_delta(NULL, &w, &d);
	assert_int_equal(d.answers, 1);
	assert_int_equal(d.official, TD_KEEP);
	assert_int_equal(d.verified, TD_KEEP);
	assert_int_equal(d.visible, TD_KEEP);
	assert_int_equal(d.accepted, TD_KEEP);
	/* a held answer changes nothing but the activity time */
	w.state = PS_HELD;
	store_thread_delta(NULL, &w, &d);
	assert_int_equal(d.answers, 0);
	/* a visible official answer turns the flag on, no look at others */
	w.kind = PK_OFFICIAL;
	w.state = PS_VISIBLE;
	store_thread_delta(NULL, &w, &d);
	assert_int_equal(d.answers, 1);
	assert_int_equal(d.official, TD_ON);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_increments_equal_the_recount),
		cmocka_unit_test(test_new_answer_is_one_increment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
