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
	/* commands queued by cache_defer, in the wire format (malloc'd) */
	char		*defer;
	size_t		 defer_len;
	int		 ndefer;
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
/*
 * One command of a pipeline (cache_pipe): argc strings of argv with their
 * lengths; rep is set by cache_pipe.
 */
struct cache_pcmd {
	int		 argc;
	const char	*argv[10];
	size_t		 lens[10];
	redisReply	*rep;		/* NULL: no reply, or an error reply */
};
/*
 * Sends the n commands at once and reads their n replies: one round trip.
 * Each reply lands in its command's rep (the caller freeReplyObject()s
 * the ones set); an error reply is logged and left NULL.  As cache_cmd, a
 * connection closed meanwhile or a demoted master is tried once more.
 * 0, or -1 when Redis is unavailable (every rep NULL).
 */
int		 cache_pipe(struct cache *, struct cache_pcmd *, int n);
/*
 * Queues the n commands (copied; their rep is not used) to go out in
 * front of this handle's next cache_pipe, or with cache_flush: writes
 * whose replies nobody reads (the filters' context windows after
 * COMMIT) then share a round trip with the request's next command
 * instead of costing one of their own.  Best effort: their error replies
 * are logged, and when Redis is unreachable they are dropped.  More
 * than CACHE_DEFER_MAX queued sends them at once.
 */
void		 cache_defer(struct cache *, const struct cache_pcmd *, int n);
#define CACHE_DEFER_MAX	32

#endif
