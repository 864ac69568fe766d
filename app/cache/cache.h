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

struct cache;

/* url: "unix:/path/redis.sock" or "redis://host:port" or "host:port". */
struct cache	*cache_new(const char *url, int timeout_ms);
void		 cache_free(struct cache *);
/* 0 when Redis answers PING now, -1 otherwise. */
int		 cache_ping(struct cache *);

#endif
