/* cache_internal.h: for the files of app/cache only. */
#ifndef SODAN_CACHE_INTERNAL_H
#define SODAN_CACHE_INTERNAL_H

#include <stdint.h>

#include <hiredis.h>

#include "cache/cache.h"

/* One per app thread (or per benchmark client); owned by its creator. */
struct cache {
	char		*path;		/* unix socket, or NULL */
	char		*host;
	int		 port;
	int		 timeout_ms;
	redisContext	*c;
	uint64_t	 next_try;	/* no reconnect attempt before (us) */
	uint64_t	 gen;		/* bumped on every new connection */
	uint64_t	 drops;		/* connections dropped (no reply, READONLY) */
	int		 sentinel;	/* the sentinel that answered last */
	uint64_t	 rl_gen;	/* connection the rate-limit script was loaded on */
	char		 rl_sha[41];	/* its SHA1, from SCRIPT LOAD */
	uint64_t	 trips;		/* commands sent (cache_round_trips) */
};

/*
 * Runs a command given as argv (binary-safe).  Returns the reply (caller
 * freeReplyObject()s) or NULL when Redis is unavailable or answered with
 * an error (the error text is logged unless quiet).
 */
redisReply	*cache_cmd(struct cache *, int argc, const char **argv,
		    const size_t *argvlen);
/*
 * As cache_cmd, but error replies are returned to the caller (who inspects
 * rep->type == REDIS_REPLY_ERROR, e.g. for NOSCRIPT) and not logged.
 * NULL only when Redis is unreachable (the connection is then dropped).
 */
redisReply	*cache_cmd_raw(struct cache *, int argc, const char **argv,
		    const size_t *argvlen);

#endif
