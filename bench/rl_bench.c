/*
 * bench/rl_bench.c: the cost of one rate-limit check (app/cache/ratelimit.c
 * against a real Redis: EVALSHA of the GCRA script, one round trip), and
 * how many checks one Redis serves to several clients at once.
 *
 *   rl_bench REDIS_URL [CHECKS_PER_THREAD] [THREADS]
 *
 * Phase 1: one connection, CHECKS_PER_THREAD sequential checks over 1,000
 * subjects; prints the median, p99 and max in microseconds.  Phase 2:
 * THREADS connections checking concurrently; prints checks per second.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "cache/ratelimit.h"
#include "lib/limits.h"
#include "lib/util.h"

struct worker_arg {
	const char	*url;
	long		 n;
	int		 id;
	long		 refused;
};

static int	cmp_u64(const void *, const void *);
static void	*worker(void *);

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void *
worker(void *p)
{
	struct worker_arg	*wa = p;
	struct cache		*k = cache_new(wa->url, 1000);
	struct limit		 lim = { 100, 1000, 1 };
	struct rl_result	 res;
	char			 subj[64];
	long			 i;

	for (i = 0; i < wa->n; i++) {
		snprintf(subj, sizeof(subj), "ip:bench-%d-%ld", wa->id,
		    i % 1000);
		rl_check(k, LIMIT_API, subj, &lim, 1, 4, &res);
		if (res.fallback) {
			fprintf(stderr, "Redis unreachable\n");
			exit(1);
		}
		wa->refused += !res.allowed;
	}
	cache_free(k);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct cache		*k;
	struct limit		 lim = { 100, 1000, 1 };
	struct rl_result	 res;
	struct worker_arg	*wa;
	pthread_t		*t;
	uint64_t		*lat, t0, t1;
	char			 subj[64];
	long			 n, i, total = 0;
	int			 nt, j;

	if (argc < 2) {
		fprintf(stderr, "usage: rl_bench REDIS_URL [CHECKS] [THREADS]\n");
		return 2;
	}
	n = argc > 2 ? atol(argv[2]) : 100000;
	nt = argc > 3 ? atoi(argv[3]) : 8;
	lat = xcalloc((size_t)n, sizeof(*lat));
	k = cache_new(argv[1], 1000);
	rl_check(k, LIMIT_API, "ip:warm-up", &lim, 1, 4, &res);	/* connect, SCRIPT LOAD */
	if (res.fallback) {
		fprintf(stderr, "Redis unreachable at %s\n", argv[1]);
		return 1;
	}
	for (i = 0; i < n; i++) {
		snprintf(subj, sizeof(subj), "ip:seq-%ld", i % 1000);
		t0 = util_now_us();
		rl_check(k, LIMIT_API, subj, &lim, 1, 4, &res);
		lat[i] = util_now_us() - t0;
	}
	qsort(lat, (size_t)n, sizeof(*lat), cmp_u64);
	printf("sequential: %ld checks, median %llu us, p99 %llu us, "
	    "max %llu us\n", n, (unsigned long long)lat[n / 2],
	    (unsigned long long)lat[n * 99 / 100],
	    (unsigned long long)lat[n - 1]);
	cache_free(k);
	free(lat);

	wa = xcalloc((size_t)nt, sizeof(*wa));
	t = xcalloc((size_t)nt, sizeof(*t));
	t0 = util_now_us();
	for (j = 0; j < nt; j++) {
		wa[j].url = argv[1];
		wa[j].n = n;
		wa[j].id = j;
		pthread_create(&t[j], NULL, worker, &wa[j]);
	}
	for (j = 0; j < nt; j++) {
		pthread_join(t[j], NULL);
		total += wa[j].n;
	}
	t1 = util_now_us();
	printf("concurrent: %d connections, %ld checks in %.2f s: %.0f "
	    "checks/s\n", nt, total, (double)(t1 - t0) / 1e6,
	    (double)total * 1e6 / (double)(t1 - t0));
	free(wa);
	free(t);
	return 0;
}
