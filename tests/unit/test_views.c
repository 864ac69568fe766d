/* tests/unit/test_views.c: thread view counters and robot User-Agents */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/views.h"

#define S(lit)	(lit), sizeof(lit) - 1

static void
test_bots(void **state)
{
	(void)state;
	assert_int_equal(views_is_bot(NULL, 0), 1);
	assert_int_equal(views_is_bot(S("")), 1);
	assert_int_equal(views_is_bot(S("Mozilla/5.0 (compatible; "
	    "Googlebot/2.1; +http://www.google.com/bot.html)")), 1);
	assert_int_equal(views_is_bot(S("Mozilla/5.0 (compatible; bingbot/"
	    "2.0)")), 1);
	assert_int_equal(views_is_bot(S("curl/8.5.0")), 1);
	assert_int_equal(views_is_bot(S("Wget/1.21.4")), 1);
	assert_int_equal(views_is_bot(S("python-requests/2.31")), 1);
	assert_int_equal(views_is_bot(S("facebookexternalhit/1.1")), 1);
	assert_int_equal(views_is_bot(S("Mozilla/5.0 (X11; Linux x86_64) "
	    "AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 "
	    "Safari/537.36")), 1);
	assert_int_equal(views_is_bot(S("Mozilla/5.0 (Windows NT 10.0; "
	    "Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
	    "Chrome/120.0.0.0 Safari/537.36")), 0);
	assert_int_equal(views_is_bot(S("Mozilla/5.0 (iPhone; CPU iPhone OS "
	    "17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
	    "Version/17.1 Mobile/15E148 Safari/604.1")), 0);
}

/* Everything taken: (id, views) pairs summed per id into want[id]. */
static void
take_all(int64_t *got, size_t nid)
{
	int64_t	ids[100], n[100];
	size_t	k, i;

	memset(got, 0, nid * sizeof(*got));
	do {
		k = views_take(ids, n, 100);
		for (i = 0; i < k; i++) {
			assert_true(ids[i] > 0 && (size_t)ids[i] < nid);
			got[ids[i]] += n[i];
		}
	} while (k == 100);
}

static void
test_counts(void **state)
{
	int64_t	got[400];
	int	i;

	(void)state;
	take_all(got, 400);	/* start empty */
	for (i = 1; i < 400; i++)
		views_hit(i);
	views_hit(7);
	views_hit(7);
	views_hit(0);		/* ignored */
	views_hit(-3);
	take_all(got, 400);
	assert_int_equal(got[7], 3);
	assert_int_equal(got[1], 1);
	assert_int_equal(got[399], 1);
	for (i = 1; i < 400; i++)
		assert_int_equal(got[i], i == 7 ? 3 : 1);
	/* taken once: nothing left the second time */
	take_all(got, 400);
	for (i = 0; i < 400; i++)
		assert_int_equal(got[i], 0);
	assert_int_equal(views_dropped(), 0);
}

#define HITTERS	4
#define HITS	20000

static void *
hitter(void *arg)
{
	int	i;

	(void)arg;
	for (i = 0; i < HITS; i++)
		views_hit(1 + i % 50);
	return NULL;
}

/* Taken while others count: nothing lost, nothing twice. */
static void
test_concurrent(void **state)
{
	pthread_t	t[HITTERS];
	int64_t		got[64], sum = 0;
	int		i, k, round;

	(void)state;
	take_all(got, 64);
	for (i = 0; i < HITTERS; i++)
		pthread_create(&t[i], NULL, hitter, NULL);
	for (round = 0; round < 50; round++) {
		take_all(got, 64);
		for (k = 0; k < 64; k++)
			sum += got[k];
		sched_yield();
	}
	for (i = 0; i < HITTERS; i++)
		pthread_join(t[i], NULL);
	take_all(got, 64);
	for (k = 0; k < 64; k++)
		sum += got[k];
	assert_int_equal(sum, (int64_t)HITTERS * HITS);
	assert_int_equal(views_dropped(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bots),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_concurrent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
