/*
 * cache/guard.c: sign-in failure counting, delays and locks (see guard.h).
 *
 * Keys (all under "lg:"): {<name>}:f failures in a row (1 day), {<name>}:d
 * the delay marker (PX), {<name>}:l the lock (EX), {<name>}:n locks within
 * 30 days, i:<address> failures from an address (15 minutes).  A failure
 * is one Lua script over the name's four keys, so two app instances
 * counting at once cannot both miss the lock threshold; the braces are a
 * Redis Cluster hash tag, so those four keys share one slot and the script
 * runs on a cluster too.  The address counter is another slot: it has its
 * own one-key script.  Names are hashed into the key (SHA-256, hex): what
 * a visitor typed never reaches Redis as is.
 *
 * guard_success() and guard_unlock() also give the name its whole
 * signin_account rate-limit allowance back (cache/ratelimit.c), so the
 * right password works at once after an unlock.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <hiredis.h>
#include <sodium.h>

#include "cache/cache_internal.h"
#include "cache/guard.h"
#include "cache/ratelimit.h"
#include "lib/log.h"

#define KEYLEN	80

static void	name_keys(const char *, char f[KEYLEN], char d[KEYLEN],
		    char l[KEYLEN], char n[KEYLEN]);
static long	pttl(struct cache *, const char *);

/* KEYS[1] the address counter; ARGV[1] its window in seconds. */
static const char ip_lua[] =
    "local ip = redis.call('INCR', KEYS[1])\n"
    "if ip == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end\n"
    "return ip\n";

/* KEYS: the name's f, d, l, n (one hash tag); ARGV: lock after, lock s. */
static const char fail_lua[] =
    "local f = redis.call('INCR', KEYS[1])\n"
    "redis.call('EXPIRE', KEYS[1], 86400)\n"
    "if f >= tonumber(ARGV[1]) then\n"
    "  local n = redis.call('INCR', KEYS[4])\n"
    "  redis.call('EXPIRE', KEYS[4], 2592000)\n"
    "  local e = n - 1\n"
    "  if e > 6 then e = 6 end\n"
    "  local secs = tonumber(ARGV[2]) * (2 ^ e)\n"
    "  redis.call('SET', KEYS[3], '1', 'EX', secs)\n"
    "  redis.call('DEL', KEYS[1], KEYS[2])\n"
    "  return {secs, n}\n"
    "end\n"
    "if f >= 3 then\n"
    "  redis.call('SET', KEYS[2], '1', 'PX', 250 * (f - 2))\n"
    "end\n"
    "return {0, 0}\n";

static void
name_keys(const char *acct, char f[KEYLEN], char d[KEYLEN], char l[KEYLEN],
    char n[KEYLEN])
{
	unsigned char	h[crypto_hash_sha256_BYTES];
	char		hex[65];

	crypto_hash_sha256(h, (const unsigned char *)acct, strlen(acct));
	sodium_bin2hex(hex, sizeof(hex), h, 16);
	snprintf(f, KEYLEN, "lg:{%s}:f", hex);
	snprintf(d, KEYLEN, "lg:{%s}:d", hex);
	snprintf(l, KEYLEN, "lg:{%s}:l", hex);
	snprintf(n, KEYLEN, "lg:{%s}:n", hex);
}

/* Milliseconds key still lives, 0 when absent or on error (logged by cache_cmd). */
static long
pttl(struct cache *k, const char *key)
{
	const char	*argv[2] = { "PTTL", key };
	redisReply	*rep;
	long		 v = 0;

	if ((rep = cache_cmd(k, 2, argv, NULL)) == NULL)
		return 0;
	if (rep->type == REDIS_REPLY_INTEGER && rep->integer > 0)
		v = (long)rep->integer;
	freeReplyObject(rep);
	return v;
}

void
guard_ip_key(const char *peer, char *out, size_t outlen)
{
	unsigned char	a6[16];
	char		txt[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET6, peer, a6) == 1) {
		if (memcmp(a6, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
			inet_ntop(AF_INET, a6 + 12, txt, sizeof(txt));
			snprintf(out, outlen, "%s", txt);
			return;
		}
		memset(a6 + 8, 0, 8);
		inet_ntop(AF_INET6, a6, txt, sizeof(txt));
		snprintf(out, outlen, "%s/64", txt);
		return;
	}
	snprintf(out, outlen, "%s", peer);
}

enum guard_verdict
guard_check(struct cache *k, const char *acct, const char *ip, long *wait_ms)
{
	char		 f[KEYLEN], d[KEYLEN], l[KEYLEN], n[KEYLEN], ik[KEYLEN];
	char		 ipk[64];
	const char	*argv[2];
	redisReply	*rep;
	long		 t;
	long long	 cnt = 0;

	*wait_ms = 0;
	name_keys(acct, f, d, l, n);
	if ((t = pttl(k, l)) > 0) {
		*wait_ms = t;
		return GUARD_LOCKED;
	}
	guard_ip_key(ip, ipk, sizeof(ipk));
	snprintf(ik, sizeof(ik), "lg:i:%s", ipk);
	argv[0] = "GET";
	argv[1] = ik;
	if ((rep = cache_cmd(k, 2, argv, NULL)) != NULL) {
		if (rep->type == REDIS_REPLY_STRING)
			cnt = strtoll(rep->str, NULL, 10);
		freeReplyObject(rep);
	}
	if (cnt >= GUARD_IP_MAX) {
		t = pttl(k, ik);
		*wait_ms = t > 0 ? t : 1000;
		return GUARD_IP_BLOCKED;
	}
	if ((t = pttl(k, d)) > 0) {
		*wait_ms = t;
		return GUARD_DELAY;
	}
	return GUARD_OK;
}

int
guard_fail(struct cache *k, const char *acct, const char *ip, long *locked,
    long *nlocks)
{
	char		 f[KEYLEN], d[KEYLEN], l[KEYLEN], n[KEYLEN], ik[KEYLEN];
	char		 ipk[64], a1[16], a2[16], a3[16];
	const char	*argv[11];
	redisReply	*rep;

	*locked = *nlocks = 0;
	name_keys(acct, f, d, l, n);
	guard_ip_key(ip, ipk, sizeof(ipk));
	snprintf(ik, sizeof(ik), "lg:i:%s", ipk);
	snprintf(a1, sizeof(a1), "%d", GUARD_LOCK_AFTER);
	snprintf(a2, sizeof(a2), "%d", GUARD_LOCK_SECONDS);
	snprintf(a3, sizeof(a3), "%d", GUARD_IP_WINDOW);
	argv[0] = "EVAL";
	argv[1] = ip_lua;
	argv[2] = "1";
	argv[3] = ik;
	argv[4] = a3;
	if ((rep = cache_cmd(k, 5, argv, NULL)) != NULL)
		freeReplyObject(rep);
	argv[0] = "EVAL";
	argv[1] = fail_lua;
	argv[2] = "4";
	argv[3] = f;
	argv[4] = d;
	argv[5] = l;
	argv[6] = n;
	argv[7] = a1;
	argv[8] = a2;
	if ((rep = cache_cmd(k, 9, argv, NULL)) == NULL) {
		log_ratelimited("guard", 10, "guard: Redis unavailable: "
		    "sign-in failures are not being counted");
		return -1;
	}
	if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 &&
	    rep->element[0]->type == REDIS_REPLY_INTEGER) {
		*locked = (long)rep->element[0]->integer;
		*nlocks = (long)rep->element[1]->integer;
	}
	freeReplyObject(rep);
	return 0;
}

int
guard_success(struct cache *k, const char *acct)
{
	char		 f[KEYLEN], d[KEYLEN], l[KEYLEN], n[KEYLEN];
	char		 subj[RL_ACCOUNT_SUBJECT_MAX];
	const char	*argv[3] = { "DEL", f, d };
	redisReply	*rep;

	name_keys(acct, f, d, l, n);
	if ((rep = cache_cmd(k, 3, argv, NULL)) == NULL)
		return -1;
	freeReplyObject(rep);
	rl_account_subject(subj, sizeof(subj), acct);
	return rl_reset(k, LIMIT_SIGNIN_ACCOUNT, subj);
}

void
guard_2fa_key(const char *acct, char *out, size_t outlen)
{
	snprintf(out, outlen, "2fa:%s", acct);
}

int
guard_unlock(struct cache *k, const char *acct)
{
	char		 f[KEYLEN], d[KEYLEN], l[KEYLEN], n[KEYLEN];
	char		 f2[KEYLEN], d2[KEYLEN], l2[KEYLEN], n2[KEYLEN];
	char		 subj[RL_ACCOUNT_SUBJECT_MAX], k2[300];
	const char	*argv[9] = { "DEL", f, d, l, n, f2, d2, l2, n2 };
	redisReply	*rep;

	name_keys(acct, f, d, l, n);
	guard_2fa_key(acct, k2, sizeof(k2));
	name_keys(k2, f2, d2, l2, n2);
	if ((rep = cache_cmd(k, 9, argv, NULL)) == NULL)
		return -1;
	freeReplyObject(rep);
	rl_account_subject(subj, sizeof(subj), acct);
	return rl_reset(k, LIMIT_SIGNIN_ACCOUNT, subj);
}
