/*
 * tests/unit/test_pcache.c: the page cache (http/pcache.c): invalidation
 * by key, a render that raced a write, CLOCK replacement within a byte
 * budget (a flood of pages read once keeps the hot set), declared key
 * sets, and coalescing (one render per key, waiters get its copy).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "core.h"
#include "http/pcache.h"
#include "lib/arena.h"

#define BODY	"<html><body>page</body></html>"

static void
put(const char *key, const char *dep1, const char *dep2, uint64_t seq)
{
	const char	*deps[2] = { dep1, dep2 };

	pcache_put(key, "text/html", BODY, sizeof(BODY) - 1, NULL, 0, deps,
	    dep2 != NULL ? 2 : 1, seq);
}

static int
cached(const char *key)
{
	struct pcache_entry	*e = pcache_get(key);

	pcache_unref(e);
	return e != NULL;
}

static int
setup(void **state)
{
	(void)state;
	pcache_init(1 << 20, 1024, 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	pcache_free();
	return 0;
}

/* A write invalidates its own keys and nothing else. */
static void
test_by_key(void **state)
{
	const char	*answer[4] = { "thread:1", "home", "tag:出金", "cat:2" };
	const char	*vote[1] = { "thread:2" };

	(void)state;
	put("ja:/t/1", "thread:1", NULL, pcache_seq());
	put("ja:/t/2", "thread:2", NULL, pcache_seq());
	put("ja:/t/3", "thread:3", NULL, pcache_seq());
	put("ja:/", "home", NULL, pcache_seq());
	put("ja:/tag/x", "tag:x", "tags", pcache_seq());
	put("ja:/tag/出金", "tag:出金", "tags", pcache_seq());
	assert_true(cached("ja:/t/1") && cached("ja:/t/2") &&
	    cached("ja:/t/3") && cached("ja:/") && cached("ja:/tag/x") &&
	    cached("ja:/tag/出金"));

	pcache_invalidate_local(answer, 4);
	assert_false(cached("ja:/t/1"));
	assert_false(cached("ja:/"));
	assert_false(cached("ja:/tag/出金"));
	assert_true(cached("ja:/t/2"));
	assert_true(cached("ja:/t/3"));
	assert_true(cached("ja:/tag/x"));

	pcache_invalidate_local(vote, 1);
	assert_false(cached("ja:/t/2"));
	assert_true(cached("ja:/t/3"));

	/* "*" (or no keys at all) is everything */
	pcache_invalidate_local(NULL, 0);
	assert_false(cached("ja:/t/3"));
	assert_false(cached("ja:/tag/x"));
}

/* A page rendered across a write of its key is neither stored nor served. */
static void
test_race(void **state)
{
	const char	*k[1] = { "thread:9" };
	uint64_t	 before;

	(void)state;
	before = pcache_seq();			/* the render begins */
	pcache_invalidate_local(k, 1);		/* a write commits meanwhile */
	put("en:/t/9", "thread:9", NULL, before);
	assert_false(cached("en:/t/9"));
	/* an unrelated key written meanwhile does not matter */
	before = pcache_seq();
	k[0] = "thread:10";
	pcache_invalidate_local(k, 1);
	put("en:/t/9", "thread:9", NULL, before);
	assert_true(cached("en:/t/9"));
	/* rendered after the write: fresh */
	put("en:/t/10", "thread:10", NULL, pcache_seq());
	assert_true(cached("en:/t/10"));
}

/* No declared key, or too many: not cacheable. */
static void
test_depend(void **state)
{
	struct req	 r;
	char		 k[32];
	int		 i;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	pcache_put("ja:/none", "text/html", BODY, sizeof(BODY) - 1, NULL, 0,
	    r.deps, 0, pcache_seq());
	assert_false(cached("ja:/none"));
	pcache_depend(&r, "thread:1");
	pcache_depend(&r, "thread:1");		/* once */
	assert_int_equal(r.ndeps, 1);
	for (i = 0; i < REQ_MAX_DEPS + 3; i++) {
		snprintf(k, sizeof(k), "tag:%d", i);
		pcache_depend(&r, k);
	}
	assert_int_equal(r.ndeps, REQ_MAX_DEPS + 1);	/* over: uncacheable */
	arena_free(r.a);
}

/*
 * Within a byte budget, pages read once (a crawler, a flood of new
 * paths) push each other out, not the pages read between them.
 */
static void
test_clock_keeps_hot_set(void **state)
{
	struct pcache_stats	 st;
	char			 key[64], body[2000];
	const char		*deps[1] = { "lists" };
	int			 i, j;

	(void)state;
	pcache_free();
	/* ~64 pages of 2 KB fit; an eighth of it is the largest page */
	pcache_init(64 * 2300, 4096, 0);
	memset(body, 'x', sizeof(body));
	for (i = 0; i < 8; i++) {
		snprintf(key, sizeof(key), "ja:/hot/%d", i);
		pcache_put(key, "text/html", body, sizeof(body), NULL, 0, deps,
		    1, pcache_seq());
	}
	for (i = 0; i < 2000; i++) {
		snprintf(key, sizeof(key), "ja:/cold/%d", i);
		pcache_put(key, "text/html", body, sizeof(body), NULL, 0, deps,
		    1, pcache_seq());
		/* the hot pages are read now and then */
		if (i % 16 == 0)
			for (j = 0; j < 8; j++) {
				snprintf(key, sizeof(key), "ja:/hot/%d", j);
				assert_true(cached(key));
			}
	}
	pcache_stats(&st);
	assert_true(st.bytes <= st.max_bytes);
	assert_true(st.entries < 70);
	assert_true(st.evictions > 1900);
	for (j = 0; j < 8; j++) {
		snprintf(key, sizeof(key), "ja:/hot/%d", j);
		assert_true(cached(key));
	}
	assert_false(cached("ja:/cold/3"));
	/* a page over an eighth of the budget is not stored at all */
	pcache_put("ja:/big", "text/html", BODY, 64 * 2300 / 8, NULL, 0, deps,
	    1, pcache_seq());
	assert_false(cached("ja:/big"));
}

/* Coalescing: one thread renders, the others wait and take its copy. */
#define WAITERS	6
static int	renders;
static pthread_mutex_t rmu = PTHREAD_MUTEX_INITIALIZER;

static void *
want_page(void *arg)
{
	const char	*deps[1] = { "thread:77" };
	int		*got = arg;

	for (;;) {
		if (cached("ja:/t/77")) {
			*got = 1;
			return NULL;
		}
		switch (pcache_claim("ja:/t/77", 5000)) {
		case 1:
			pthread_mutex_lock(&rmu);
			renders++;
			pthread_mutex_unlock(&rmu);
			usleep(200 * 1000);	/* a slow render */
			pcache_put("ja:/t/77", "text/html", BODY,
			    sizeof(BODY) - 1, NULL, 0, deps, 1, pcache_seq());
			pcache_release("ja:/t/77");
			*got = 1;
			return NULL;
		case 0:
			continue;	/* read the cache again */
		default:
			*got = -1;
			return NULL;
		}
	}
}

static void
test_coalescing(void **state)
{
	pthread_t	t[WAITERS];
	int		got[WAITERS], i;

	(void)state;
	renders = 0;
	for (i = 0; i < WAITERS; i++) {
		got[i] = 0;
		pthread_create(&t[i], NULL, want_page, &got[i]);
	}
	for (i = 0; i < WAITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(got[i], 1);
	}
	assert_int_equal(renders, 1);
	/* a claim that is never released times out */
	assert_int_equal(pcache_claim("ja:/slow", 100), 1);
	assert_int_equal(pcache_claim("ja:/slow", 100), -1);
	pcache_release("ja:/slow");
	assert_int_equal(pcache_claim("ja:/slow", 100), 1);
	pcache_release("ja:/slow");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_by_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_race, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_keeps_hot_set,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_coalescing, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
