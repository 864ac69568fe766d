/*
 * sesscache.h: a short-lived per-instance cache of signed-in sessions and
 * of a member's own parts of a thread page.
 *
 * A signed-in request costs a PostgreSQL round trip for its session
 * (SESSION_BY_HASH) and, on a composed thread page, one more for the
 * reader's parts (THREAD_READER).  With [server] session_cache_ms > 0
 * both answers are kept in memory for at most that long (5,000 at most;
 * 0: off, the default), keyed by the token's hash (a session) and by the
 * session and the thread (the reader's parts).
 *
 * Invalidation:
 *   - this instance, at once: every request that may have changed state
 *     (any method but GET and HEAD, unless refused with a 4xx) drops every
 *     entry before its response leaves (http/dispatch.c, finish): a
 *     sign-out, a password change or reset, a role change, a suspension,
 *     a purge, a step-up, and any write that notifies a member (the
 *     unread count is part of the session);
 *   - other instances, and writes made outside the server (sodan admin,
 *     psql, the expiry of a suspension): when the entry expires, so at
 *     most session_cache_ms later.
 * A lookup that read PostgreSQL before such a drop cannot store its stale
 * answer after it (sesscache_epoch).  Thread-safe (one mutex; short
 * critical sections).
 */
#ifndef SODAN_SESSCACHE_H
#define SODAN_SESSCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct arena;
struct thread_reader;

/* The most session_cache_ms may be ([server]). */
#define SESSCACHE_MAX_TTL_MS	5000

/*
 * Sets the lifetime of an entry (milliseconds; 0 turns the cache off and
 * drops every entry).  Called at start-up, and by tests.
 */
void		 sesscache_init(unsigned ttl_ms);

/* 1 when the cache is on. */
int		 sesscache_on(void);

/*
 * The current invalidation epoch: read it before reading PostgreSQL and
 * pass it to the matching _put, which stores nothing if a drop happened
 * in between.
 */
uint64_t	 sesscache_epoch(void);

/*
 * The live session of the token whose hex SHA-256 is hash, copied into a
 * (arena-owned).  1 found (*out set), 0 not cached or expired.
 */
int		 sesscache_get(const char *hash, struct arena *a,
		    struct session **out);

/* Keeps a copy of s (a cookie session, as session_attach built it). */
void		 sesscache_put(const char *hash, const struct session *s,
		    uint64_t epoch);

/*
 * The reader parts of thread for session sess_id, copied into a
 * (arena-owned).  1 found, 0 not cached or expired.
 */
int		 sesscache_reader_get(int64_t sess_id, int64_t thread,
		    struct arena *a, struct thread_reader *out);

/* Keeps a copy of rd, read for session sess_id. */
void		 sesscache_reader_put(int64_t sess_id, int64_t thread,
		    const struct thread_reader *rd, uint64_t epoch);

/* Drops every entry. */
void		 sesscache_flush(void);

/* Counters for /metrics. */
void		 sesscache_stats(uint64_t *hits, uint64_t *misses,
		    uint64_t *drops);

#endif
