/*
 * lib/views.h: counting thread views without a write per view.
 *
 * views_hit() adds one view of a thread to an in-memory table: a few
 * atomic operations, no lock and no I/O, so the event loop may call it for
 * pages it serves from the page cache.  An app thread takes the counts
 * every [support] views_flush_ms (views_take) and adds them to the day's
 * row of each thread in one statement (store_views_flush).  Two tables
 * alternate: hits go to the current one while the other is taken, and the
 * taker waits for the hits already inside it (a handful of instructions).
 * A table holds VIEWS_SLOTS threads per interval; views of more threads
 * than that are dropped and counted (views_dropped).
 */
#ifndef SODAN_LIB_VIEWS_H
#define SODAN_LIB_VIEWS_H

#include <stddef.h>
#include <stdint.h>

#define VIEWS_SLOTS	16384

/* 1 when a User-Agent (len bytes, may be NULL) looks like a robot. */
int	views_is_bot(const char *ua, size_t len);
/* One view of thread id (id > 0). */
void	views_hit(int64_t id);
/*
 * Moves the counts out: up to max (id, views) pairs into ids and n;
 * returns how many.  Counts left over (more than max) stay for the next
 * call.  One taker at a time (the caller serializes).
 */
size_t	views_take(int64_t *ids, int64_t *n, size_t max);
/* Views dropped because a table was full, since the last call. */
uint64_t views_dropped(void);

#endif
