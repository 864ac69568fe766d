/*
 * cache/ratelimit.c: GCRA rate limits in Redis, and the in-process
 * fallback.  The only Redis code for limits.
 *
 * GCRA (the generic cell rate algorithm) keeps one number per key: the
 * theoretical arrival time (TAT) of the next request.  With emission
 * interval T (1 / rate) and burst B, a request at time now is allowed when
 * now >= max(TAT, now) + T - B*T; it then moves TAT to max(TAT, now) + T.
 * The key expires when TAT passes, so idle subjects cost no memory.  The
 * whole step runs inside Redis as one Lua script (atomic, one round trip)
 * with Redis' clock, so two server instances never disagree about time.
 *
 * The script is loaded with SCRIPT LOAD once per connection (struct cache
 * remembers on which connection generation) and run with EVALSHA; a
 * NOSCRIPT answer (SCRIPT FLUSH, a restarted Redis) loads it again and
 * retries once.  When Redis is unreachable, reads pass and writes go to a
 * fixed-size in-process table with the same algorithm, stricter limits and
 * a monotonic clock, one per server instance; that is logged at most once
 * a minute.  cache.c reconnects by itself, so Redis is used again as soon
 * as it answers.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis.h>
#include <sodium.h>

#include "cache/cache_internal.h"
#include "cache/ratelimit.h"
#include "lib/limits.h"
#include "lib/log.h"
#include "lib/util.h"

/*
 * KEYS[1] the key; ARGV[1] T in microseconds; ARGV[2] burst; ARGV[3] "1"
 * to peek.  Returns { allowed, remaining, retry_us, reset_us }.  TAT is
 * written with %.0f: Lua 5.1 numbers are doubles, exact to 2^53 us (285
 * years), but tostring() would print 1.7e+15.
 */
static const char rl_lua[] =
    "local t = redis.call('TIME')\n"
    "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
    "local T = tonumber(ARGV[1])\n"
    "local burst = tonumber(ARGV[2])\n"
    "local tat = tonumber(redis.call('GET', KEYS[1]) or now) or now\n"
    "if tat < now then tat = now end\n"
    "local span = T * burst\n"
    "if ARGV[3] == '1' then\n"
    "  local rem = math.floor((now - tat + span) / T)\n"
    "  if rem < 0 then rem = 0 end\n"
    "  if rem > burst then rem = burst end\n"
    "  local retry = 0\n"
    "  if rem == 0 then retry = tat + T - span - now end\n"
    "  return { 1, rem, retry, tat - now }\n"
    "end\n"
    "local new = tat + T\n"
    "local allow_at = new - span\n"
    "if now < allow_at then\n"
    "  return { 0, 0, allow_at - now, tat - now }\n"
    "end\n"
    "redis.call('SET', KEYS[1], string.format('%.0f', new), 'PX',\n"
    "  math.ceil((new - now) / 1000))\n"
    "return { 1, math.floor((now - allow_at) / T), 0, new - now }\n";

#define RL_SETS		2048		/* power of two */
#define RL_WAYS		8

struct rl_slot {
	uint64_t	 h;		/* 0: empty */
	int64_t		 tat;		/* monotonic microseconds */
};

static struct rl_slot	 rl_table[RL_SETS][RL_WAYS];
static pthread_mutex_t	 rl_mu = PTHREAD_MUTEX_INITIALIZER;

static int	 rl_key(char *, size_t, enum limit_action, const char *);
static int	 rl_load(struct cache *);
static int	 rl_eval(struct cache *, enum limit_action, const char *,
		    const struct limit *, int, struct rl_result *);
static uint64_t	 rl_hash(enum limit_action, const char *);

static int
rl_key(char *buf, size_t len, enum limit_action a, const char *subject)
{
	int	n;

	n = snprintf(buf, len, "rl:%s:%s", limits_name(a), subject);
	return n > 0 && (size_t)n < len ? n : -1;
}

/* SCRIPT LOAD on the current connection; 0 or -1. */
static int
rl_load(struct cache *k)
{
	const char	*argv[3] = { "SCRIPT", "LOAD", rl_lua };
	size_t		 lens[3] = { 6, 4, sizeof(rl_lua) - 1 };
	redisReply	*rep;

	if ((rep = cache_cmd(k, 3, argv, lens)) == NULL)
		return -1;
	if (rep->type != REDIS_REPLY_STRING || rep->len != 40) {
		freeReplyObject(rep);
		return -1;
	}
	memcpy(k->rl_sha, rep->str, 40);
	k->rl_sha[40] = '\0';
	k->rl_gen = k->gen;
	freeReplyObject(rep);
	return 0;
}

/* One EVALSHA (plus SCRIPT LOAD on a new connection or NOSCRIPT). */
static int
rl_eval(struct cache *k, enum limit_action a, const char *subject,
    const struct limit *lim, int peek, struct rl_result *out)
{
	const char	*argv[7];
	char		 key[192], t[32], b[32];
	redisReply	*rep = NULL;
	int		 tries, rc = -1;

	if (rl_key(key, sizeof(key), a, subject) == -1)
		return -1;
	snprintf(t, sizeof(t), "%lld", (long long)lim->interval_us);
	snprintf(b, sizeof(b), "%lld", (long long)lim->burst);
	argv[0] = "EVALSHA";
	argv[2] = "1";
	argv[3] = key;
	argv[4] = t;
	argv[5] = b;
	argv[6] = peek ? "1" : "0";
	for (tries = 0; tries < 2; tries++) {
		/* Not connected yet, or a new connection: load first. */
		if ((k->c == NULL || k->rl_gen != k->gen) && rl_load(k) == -1)
			return -1;
		argv[1] = k->rl_sha;
		if ((rep = cache_cmd_raw(k, 7, argv, NULL)) == NULL)
			return -1;
		if (rep->type == REDIS_REPLY_ERROR &&
		    strncmp(rep->str, "NOSCRIPT", 8) == 0) {
			freeReplyObject(rep);
			rep = NULL;
			k->rl_gen = 0;
			continue;
		}
		break;
	}
	if (rep == NULL)
		return -1;
	if (rep->type != REDIS_REPLY_ARRAY || rep->elements != 4 ||
	    rep->element[0]->type != REDIS_REPLY_INTEGER ||
	    rep->element[1]->type != REDIS_REPLY_INTEGER ||
	    rep->element[2]->type != REDIS_REPLY_INTEGER ||
	    rep->element[3]->type != REDIS_REPLY_INTEGER) {
		log_ratelimited("rl-reply", 60, "rate limits: unexpected "
		    "reply from Redis (%s)", rep->type == REDIS_REPLY_ERROR ?
		    rep->str : "not an array of 4 integers");
		goto out;
	}
	out->allowed = rep->element[0]->integer != 0;
	out->remaining = rep->element[1]->integer;
	out->retry_us = rep->element[2]->integer;
	out->reset_us = rep->element[3]->integer;
	out->fallback = 0;
	rc = 0;
out:
	freeReplyObject(rep);
	return rc;
}

void
rl_check(struct cache *k, enum limit_action a, const char *subject,
    const struct limit *lim, int write, int fallback_divisor,
    struct rl_result *out)
{
	struct limit	 strict;
	int		 div = fallback_divisor > 0 ? fallback_divisor : 1;

	memset(out, 0, sizeof(*out));
	if (rl_eval(k, a, subject, lim, 0, out) == 0)
		return;
	out->fallback = 1;
	if (!write) {
		out->allowed = 1;
		out->remaining = -1;
		return;
	}
	log_ratelimited("rl-fallback", 60, "rate limits: Redis unreachable; "
	    "writes are limited in-process (bursts and rates / %d)", div);
	strict.burst = lim->burst / div > 0 ? lim->burst / div : 1;
	strict.interval_us = lim->interval_us * div;
	strict.per_user = lim->per_user;
	rl_local_check(a, subject, &strict, out);
	out->fallback = 1;
}

int
rl_peek(struct cache *k, enum limit_action a, const char *subject,
    const struct limit *lim, struct rl_result *out)
{
	memset(out, 0, sizeof(*out));
	return rl_eval(k, a, subject, lim, 1, out);
}

int
rl_reset(struct cache *k, enum limit_action a, const char *subject)
{
	const char	*argv[2];
	char		 key[192];
	redisReply	*rep;

	if (rl_key(key, sizeof(key), a, subject) == -1)
		return -1;
	argv[0] = "DEL";
	argv[1] = key;
	if ((rep = cache_cmd(k, 2, argv, NULL)) == NULL)
		return -1;
	freeReplyObject(rep);
	return 0;
}

void
rl_account_subject(char *out, size_t outlen, const char *account)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 fold[128];
	size_t		 i, n;

	if (outlen < RL_ACCOUNT_SUBJECT_MAX) {
		if (outlen > 0)
			out[0] = '\0';
		return;
	}
	/*
	 * A hash, not the name: what is typed into the name box is now and
	 * then a password, and Redis keys are listed in the clear.
	 */
	n = strnlen(account, sizeof(fold));
	for (i = 0; i < n; i++)
		fold[i] = account[i] >= 'A' && account[i] <= 'Z' ?
		    (char)(account[i] - 'A' + 'a') : account[i];
	crypto_hash_sha256(h, (const unsigned char *)fold, n);
	out[0] = 'a';
	out[1] = ':';
	sodium_bin2hex(out + 2, outlen - 2, h, 16);
}

/* FNV-1a over action and subject; never 0 (0 marks an empty slot). */
static uint64_t
rl_hash(enum limit_action a, const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	h ^= (uint64_t)a;
	h *= 1099511628211ULL;
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h != 0 ? h : 1;
}

void
rl_local_check(enum limit_action a, const char *subject,
    const struct limit *lim, struct rl_result *out)
{
	struct rl_slot	*set, *e = NULL;
	uint64_t	 h = rl_hash(a, subject);
	int64_t		 now = (int64_t)util_now_us(), tat, span, at;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	out->fallback = 1;
	span = lim->interval_us * lim->burst;
	pthread_mutex_lock(&rl_mu);
	set = rl_table[(h >> 32) & (RL_SETS - 1)];
	for (i = 0; i < RL_WAYS; i++)
		if (set[i].h == h) {
			e = &set[i];
			break;
		}
	if (e == NULL) {
		/* Recycle the slot whose allowance is back soonest. */
		e = &set[0];
		for (i = 1; i < RL_WAYS; i++)
			if (set[i].h == 0 || set[i].tat < e->tat)
				e = &set[i];
		e->h = h;
		e->tat = now;
	}
	tat = e->tat > now ? e->tat : now;
	at = tat + lim->interval_us - span;
	if (now < at) {
		out->allowed = 0;
		out->remaining = 0;
		out->retry_us = at - now;
		out->reset_us = tat - now;
	} else {
		e->tat = tat + lim->interval_us;
		out->allowed = 1;
		out->remaining = (now - at) / lim->interval_us;
		out->reset_us = e->tat - now;
	}
	pthread_mutex_unlock(&rl_mu);
}
