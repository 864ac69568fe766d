/*
 * ratelimit.h: rate-limit checks in Redis (GCRA), with a strict in-process
 * fallback while Redis is unreachable.  No hiredis types here.
 *
 * A check is keyed by action and subject ("rl:ask:u:42", "rl:global:ip:
 * 192.0.2.7", "rl:api:ip6:2001:db8:1:2::/64") and costs one round trip:
 * EVALSHA of one Lua script, loaded once per connection with SCRIPT LOAD
 * (and again on NOSCRIPT).  The script reads Redis' own clock (TIME), so
 * any number of server instances sharing one Redis agree.
 *
 * Callers pass a limit already scaled for the subject (trust, role); the
 * dispatcher (http/throttle.c) does that.
 */
#ifndef SODAN_RATELIMIT_H
#define SODAN_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/limits.h"

struct cache;

struct rl_result {
	int		 allowed;	/* 1: go on; 0: refuse with 429 */
	int64_t		 remaining;	/* requests still allowed now; -1 unknown */
	int64_t		 retry_us;	/* refused: when the next one is allowed */
	int64_t		 reset_us;	/* when the full burst is back */
	int		 fallback;	/* 1: Redis was unreachable */
};

/*
 * Spends one request of action a for subject under lim.  subject is a
 * short text without spaces ("u:42", "ip:192.0.2.7").  write says
 * whether the request changes state: while Redis is unreachable, writes
 * are checked by the in-process limiter (lim's burst and rate divided by
 * fallback_divisor, per server instance) and reads are allowed.  Never
 * fails: out is always filled.  Thread-safe (k is the caller's own).
 */
void	rl_check(struct cache *k, enum limit_action a, const char *subject,
	    const struct limit *lim, int write, int fallback_divisor,
	    struct rl_result *out);
/*
 * Reads the allowance of action a for subject without spending it.
 * Returns 0, or -1 when Redis is unreachable.
 */
int	rl_peek(struct cache *k, enum limit_action a, const char *subject,
	    const struct limit *lim, struct rl_result *out);
/* Gives subject its whole burst back for action a.  Returns 0 or -1. */
int	rl_reset(struct cache *k, enum limit_action a, const char *subject);
/*
 * The subject of sign-in attempts (signin_account) for account, the
 * normalized name typed: "a:" and the hex of the first 16 bytes of the
 * SHA-256 of at most 128 bytes of it, ASCII case folded (never the name:
 * people type passwords into the name box).  out has at least
 * RL_ACCOUNT_SUBJECT_MAX bytes.
 */
#define RL_ACCOUNT_SUBJECT_MAX	35
void	rl_account_subject(char *out, size_t outlen, const char *account);
/*
 * The in-process limiter alone (used by rl_check while Redis is down;
 * exposed for tests and the benchmark).  Thread-safe; a fixed table, so
 * bounded memory: when a set is full, the entry whose allowance comes
 * back soonest is recycled.
 */
void	rl_local_check(enum limit_action a, const char *subject,
	    const struct limit *lim, struct rl_result *out);

#endif
