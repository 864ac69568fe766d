/*
 * cache.h: one Redis connection per app thread (no hiredis types here).
 *
 * Connected lazily, with connect and command timeouts; a failed command
 * drops the connection and a later call reconnects (at most one attempt
 * every 500 ms while Redis stays down), so Redis coming back is picked up
 * without a restart.
 */
#ifndef SODAN_CACHE_H
#define SODAN_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct cache;

/*
 * Process-wide, once at start-up before any cache_new (then read-only):
 * password (NULL or "": no AUTH), sentinel_list "host:port, host:port"
 * (NULL or "": use the URL's address), master_name (the sentinels' name
 * for the master; NULL or "": "sodan").  Returns 0, or -1 with the reason
 * in err.  cache_unconfigure() frees what it kept.
 */
int		 cache_configure(const char *password,
		    const char *sentinel_list, const char *master_name,
		    char *err, size_t errlen);
void		 cache_unconfigure(void);
/* 1 when the master is found through sentinels. */
int		 cache_sentinel_mode(void);

/* url: "unix:/path/redis.sock" or "redis://host:port" or "host:port". */
struct cache	*cache_new(const char *url, int timeout_ms);
void		 cache_free(struct cache *);
/* 0 when Redis answers PING now, -1 otherwise. */
int		 cache_ping(struct cache *);
/*
 * The first word of ROLE ("master", "slave") into out; 0, or -1 when
 * Redis does not answer.
 */
int		 cache_role(struct cache *, char *out, size_t outlen);
/* Connections dropped (no reply, READONLY) and opened by this handle. */
void		 cache_counts(struct cache *, uint64_t *drops,
		    uint64_t *connects);
/*
 * Commands this handle sent to Redis, one round trip each (connection
 * set-up, AUTH and Sentinel questions not counted): the dispatcher logs
 * the count of each request (access log "redis=").
 */
uint64_t	 cache_round_trips(const struct cache *);
/*
 * Sends what cache_defer queued (one round trip; none when nothing is
 * queued).  The app thread calls it after each request, so a queued
 * write never waits for another request.  0, or -1 when Redis is
 * unavailable (the queued commands are then dropped).
 */
int		 cache_flush(struct cache *);

#endif
