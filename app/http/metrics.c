/*
 * http/metrics.c: per-route request counters and latency histograms.
 *
 * One slot per route of the table plus one for requests that matched
 * none (404, 405, 414, assets).  Each slot counts answers by status class
 * (1xx..5xx) and durations in fixed buckets; every field is an atomic
 * updated with relaxed order, so recording costs a few uncontended atomic
 * adds on the loop thread that sent the answer.  The buckets (seconds)
 * span a cached page (~100 us) to a stalled store (10 s).
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "http/metrics.h"
#include "http/req.h"
#include "http/routes.h"
#include "lib/buf.h"
#include "lib/util.h"

static const uint64_t bucket_us[] = { 250, 500, 1000, 2500, 5000, 10000,
    25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 10000000 };
#define NBUCKETS	NELEM(bucket_us)

struct slot {
	_Atomic uint64_t	 status[5];		/* 1xx .. 5xx */
	_Atomic uint64_t	 bucket[NBUCKETS + 1];	/* last: +Inf */
	_Atomic uint64_t	 sum_us;
};

static struct slot	*slots;
static size_t		 nslots;

static const char *const method_names[M__MAX] = { "GET", "HEAD", "POST",
    "DELETE", "OTHER" };

void
metrics_init(void)
{
	if (slots != NULL)
		return;
	nslots = route_count() + 1;
	slots = xcalloc(nslots, sizeof(*slots));
}

void
metrics_free(void)
{
	free(slots);
	slots = NULL;
	nslots = 0;
}

void
metrics_record(const struct route *rt, int status, uint64_t us)
{
	struct slot	*s;
	size_t		 i;

	if (slots == NULL)
		return;
	s = &slots[rt != NULL ? route_index(rt) : nslots - 1];
	if (status >= 100 && status < 600)
		atomic_fetch_add_explicit(&s->status[status / 100 - 1], 1,
		    memory_order_relaxed);
	for (i = 0; i < NBUCKETS && us > bucket_us[i]; i++)
		;
	atomic_fetch_add_explicit(&s->bucket[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->sum_us, us, memory_order_relaxed);
}

static void
labels(struct buf *b, size_t i)
{
	const struct route	*rt;

	if (i == nslots - 1) {
		buf_puts(b, "route=\"(none)\",method=\"ANY\"");
		return;
	}
	rt = route_at(i);
	/* Patterns are ours (routes.c): no quote or backslash to escape. */
	buf_printf(b, "route=\"%s\",method=\"%s\"", rt->pattern,
	    method_names[rt->method < M__MAX ? rt->method : M_OTHER]);
}

void
metrics_write(struct buf *b)
{
	size_t		 i, k;
	uint64_t	 n, cum, c[NBUCKETS + 1];
	int		 any;

	if (slots == NULL)
		return;
	buf_puts(b, "# HELP sodan_http_requests_total Requests answered, by "
	    "route and status class.\n# TYPE sodan_http_requests_total "
	    "counter\n");
	for (i = 0; i < nslots; i++)
		for (k = 0; k < 5; k++) {
			n = atomic_load(&slots[i].status[k]);
			if (n == 0)
				continue;
			buf_puts(b, "sodan_http_requests_total{");
			labels(b, i);
			buf_printf(b, ",code=\"%zuxx\"} %llu\n", k + 1,
			    (unsigned long long)n);
		}
	buf_puts(b, "# HELP sodan_http_request_duration_seconds Time from a "
	    "request's arrival to its response.\n# TYPE "
	    "sodan_http_request_duration_seconds histogram\n");
	for (i = 0; i < nslots; i++) {
		any = 0;
		for (k = 0; k <= NBUCKETS; k++)
			if ((c[k] = atomic_load(&slots[i].bucket[k])) != 0)
				any = 1;
		if (!any)
			continue;
		cum = 0;
		for (k = 0; k <= NBUCKETS; k++) {
			cum += c[k];
			buf_puts(b, "sodan_http_request_duration_seconds_bucket{");
			labels(b, i);
			if (k < NBUCKETS)
				buf_printf(b, ",le=\"%g\"} %llu\n",
				    (double)bucket_us[k] / 1e6,
				    (unsigned long long)cum);
			else
				buf_printf(b, ",le=\"+Inf\"} %llu\n",
				    (unsigned long long)cum);
		}
		buf_puts(b, "sodan_http_request_duration_seconds_sum{");
		labels(b, i);
		buf_printf(b, "} %.6f\n", (double)atomic_load(
		    &slots[i].sum_us) / 1e6);
		buf_puts(b, "sodan_http_request_duration_seconds_count{");
		labels(b, i);
		buf_printf(b, "} %llu\n", (unsigned long long)cum);
	}
}
