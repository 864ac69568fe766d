/*
 * metrics.h: request counts and latency histograms per route, kept in
 * the process (atomics, no lock) and written as Prometheus text by
 * GET /metrics (pages/health.c).
 */
#ifndef SODAN_METRICS_H
#define SODAN_METRICS_H

#include <stdint.h>

struct buf;
struct route;

/* Sizes the tables by the route table; once, before the loops start. */
void	metrics_init(void);
void	metrics_free(void);
/*
 * One answered request: rt (NULL: no route matched), its status and the
 * microseconds from its arrival to its response.  Any thread.
 */
void	metrics_record(const struct route *rt, int status, uint64_t us);
/* Appends the counters and histograms (Prometheus text format) to b. */
void	metrics_write(struct buf *b);

#endif
