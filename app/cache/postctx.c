/*
 * cache/postctx.c: the filters' context of a post in Redis (see postctx.h
 * for the keys).
 *
 * Adding to a window is one EVAL of a small script on one key (ZADD, drop
 * what left the window, keep the newest N, EXPIRE), so a window never
 * grows past its cap and a key nobody writes to expires.  Reads are
 * ZRANGEBYSCORE over the window.  Every call is a command on a single key
 * (Cluster-safe).  Replies are parsed defensively: a member that does not
 * parse is skipped.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis.h>
#include <sodium.h>

#include "cache/cache_internal.h"
#include "cache/postctx.h"
#include "lib/arena.h"
#include "lib/log.h"

static const char window_lua[] =
    "redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])\n"
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])\n"
    "redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))\n"
    "redis.call('EXPIRE', KEYS[1], ARGV[5])\n"
    "return 1\n";

static int	 window_add(struct cache *, const char *, int64_t,
		    const char *, int64_t, int);
static redisReply *window_read(struct cache *, const char *, int64_t);
static int	 popcount64(uint64_t);

static int
popcount64(uint64_t x)
{
	return __builtin_popcountll(x);
}

/* ZADD key now member, trimmed to the window and the cap; 0 or -1. */
static int
window_add(struct cache *k, const char *key, int64_t now, const char *member,
    int64_t from, int cap)
{
	char		 snow[24], sfrom[24], scap[16], sttl[16];
	const char	*argv[9];
	size_t		 lens[9];
	redisReply	*rep;
	int		 i;

	snprintf(snow, sizeof(snow), "%" PRId64, now);
	snprintf(sfrom, sizeof(sfrom), "%" PRId64, from);
	snprintf(scap, sizeof(scap), "%d", cap);
	snprintf(sttl, sizeof(sttl), "%d", POSTCTX_WINDOW);
	argv[0] = "EVAL";
	argv[1] = window_lua;
	argv[2] = "1";
	argv[3] = key;
	argv[4] = snow;
	argv[5] = member;
	argv[6] = sfrom;
	argv[7] = scap;
	argv[8] = sttl;
	for (i = 0; i < 9; i++)
		lens[i] = strlen(argv[i]);
	if ((rep = cache_cmd(k, 9, argv, lens)) == NULL)
		return -1;
	freeReplyObject(rep);
	return 0;
}

/* ZRANGEBYSCORE key from +inf WITHSCORES, or NULL. */
static redisReply *
window_read(struct cache *k, const char *key, int64_t from)
{
	char		 sfrom[24];
	const char	*argv[5];
	size_t		 lens[5];
	redisReply	*rep;
	int		 i;

	snprintf(sfrom, sizeof(sfrom), "%" PRId64, from);
	argv[0] = "ZRANGEBYSCORE";
	argv[1] = key;
	argv[2] = sfrom;
	argv[3] = "+inf";
	argv[4] = "WITHSCORES";
	for (i = 0; i < 5; i++)
		lens[i] = strlen(argv[i]);
	if ((rep = cache_cmd(k, 5, argv, lens)) == NULL)
		return NULL;
	if (rep->type != REDIS_REPLY_ARRAY || rep->elements % 2 != 0) {
		freeReplyObject(rep);
		return NULL;
	}
	return rep;
}

void
postctx_question_key(const char *text, size_t len, char out[33])
{
	unsigned char	h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)text, len);
	sodium_bin2hex(out, 33, h, 16);
}

int
postctx_get(struct cache *k, struct arena *a, int64_t user_id,
    int64_t skip_post, const char *qkey, int64_t now, struct postctx *out)
{
	char		 key[80];
	const char	*argv[2];
	size_t		 lens[2], i, j, n = 0;
	int64_t		*ids;
	int		*hour;
	redisReply	*rep, *m, *sc;
	unsigned long long h;
	long long	 post;
	int64_t		 at;

	memset(out, 0, sizeof(*out));
	out->seconds_after_question = -1;
	snprintf(key, sizeof(key), "ctx:{u:%" PRId64 "}:p", user_id);
	if ((rep = window_read(k, key, now - POSTCTX_WINDOW)) == NULL)
		return -1;
	out->known = 1;
	out->recent = arena_calloc(a, rep->elements / 2 + 1, sizeof(uint64_t));
	ids = arena_calloc(a, rep->elements / 2 + 1, sizeof(int64_t));
	hour = arena_calloc(a, rep->elements / 2 + 1, sizeof(int));
	/*
	 * Oldest first; an edited post appears once per text: each post
	 * counts once in the hour, and only its newest text is recent.
	 */
	for (i = 0; i + 1 < rep->elements; i += 2) {
		m = rep->element[i];
		sc = rep->element[i + 1];
		if (m->type != REDIS_REPLY_STRING || sc->type !=
		    REDIS_REPLY_STRING ||
		    sscanf(m->str, "%16llx:%lld", &h, &post) != 2)
			continue;
		at = strtoll(sc->str, NULL, 10);
		if (post == skip_post)
			continue;
		for (j = 0; j < n && ids[j] != post; j++)
			continue;
		if (j == n)
			ids[n++] = post;
		out->recent[j] = (uint64_t)h;
		if (at >= now - 3600)
			hour[j] = 1;
	}
	freeReplyObject(rep);
	out->nrecent = n;
	for (j = 0; j < n; j++)
		out->posts_last_hour += hour[j];
	if (qkey == NULL)
		return 0;
	snprintf(key, sizeof(key), "ctx:{q:%s}", qkey);
	argv[0] = "GET";
	argv[1] = key;
	lens[0] = 3;
	lens[1] = strlen(key);
	if ((rep = cache_cmd(k, 2, argv, lens)) == NULL)
		return 0;
	if (rep->type == REDIS_REPLY_STRING) {
		at = strtoll(rep->str, NULL, 10);
		if (at > 0 && at <= now)
			out->seconds_after_question = (long)(now - at);
	}
	freeReplyObject(rep);
	return 0;
}

int
postctx_copies(struct cache *k, struct arena *a, uint64_t h, int maxdist,
    int64_t skip_post, int64_t now, struct postctx_copy **out, size_t *n)
{
	struct postctx_copy	*v = NULL, *nv, c;
	size_t			 cap = 0, i, j;
	char			 key[64];
	redisReply		*rep, *m, *sc;
	unsigned long long	 sh;
	long long		 user, post;
	int			 b, dup;

	*out = NULL;
	*n = 0;
	for (b = 0; b < 4; b++) {
		snprintf(key, sizeof(key), "ctx:{sh:%d:%04x}", b,
		    (unsigned)((h >> (16 * b)) & 0xffff));
		if ((rep = window_read(k, key, now - POSTCTX_WINDOW)) == NULL)
			return -1;
		for (i = 0; i + 1 < rep->elements; i += 2) {
			m = rep->element[i];
			sc = rep->element[i + 1];
			if (m->type != REDIS_REPLY_STRING || sc->type !=
			    REDIS_REPLY_STRING || sscanf(m->str,
			    "%16llx:%lld:%lld", &sh, &user, &post) != 3)
				continue;
			if (popcount64((uint64_t)sh ^ h) > maxdist ||
			    post == skip_post)
				continue;
			for (dup = 0, j = 0; j < *n && !dup; j++)
				dup = v[j].post_id == post;
			if (dup)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				nv = arena_calloc(a, cap, sizeof(*nv));
				if (*n > 0)
					memcpy(nv, v, *n * sizeof(*nv));
				v = nv;
			}
			v[*n].simhash = (uint64_t)sh;
			v[*n].user_id = user;
			v[*n].post_id = post;
			v[*n].at = strtoll(sc->str, NULL, 10);
			(*n)++;
		}
		freeReplyObject(rep);
	}
	/* Oldest first (insertion sort: a handful of copies). */
	for (i = 1; i < *n; i++) {
		c = v[i];
		for (j = i; j > 0 && (v[j - 1].at > c.at || (v[j - 1].at ==
		    c.at && v[j - 1].post_id > c.post_id)); j--)
			v[j] = v[j - 1];
		v[j] = c;
	}
	*out = v;
	return 0;
}

int
postctx_record(struct cache *k, int64_t user_id, int64_t post_id, uint64_t h,
    int site, const char *qkey, int64_t now)
{
	char		 key[80], member[80], snow[24], sttl[16];
	const char	*argv[5];
	size_t		 lens[5];
	redisReply	*rep;
	int		 b, rc = 0, i;

	snprintf(key, sizeof(key), "ctx:{u:%" PRId64 "}:p", user_id);
	snprintf(member, sizeof(member), "%016" PRIx64 ":%" PRId64, h,
	    post_id);
	if (window_add(k, key, now, member, now - POSTCTX_WINDOW,
	    POSTCTX_USER_MAX) == -1)
		return -1;
	if (site) {
		snprintf(member, sizeof(member), "%016" PRIx64 ":%" PRId64
		    ":%" PRId64, h, user_id, post_id);
		for (b = 0; b < 4; b++) {
			snprintf(key, sizeof(key), "ctx:{sh:%d:%04x}", b,
			    (unsigned)((h >> (16 * b)) & 0xffff));
			if (window_add(k, key, now, member, now -
			    POSTCTX_WINDOW, POSTCTX_BAND_MAX) == -1)
				rc = -1;
		}
	}
	if (qkey != NULL) {
		snprintf(key, sizeof(key), "ctx:{q:%s}", qkey);
		snprintf(snow, sizeof(snow), "%" PRId64, now);
		snprintf(sttl, sizeof(sttl), "%d", POSTCTX_QUESTION_TTL);
		argv[0] = "SET";
		argv[1] = key;
		argv[2] = snow;
		argv[3] = "EX";
		argv[4] = sttl;
		for (i = 0; i < 5; i++)
			lens[i] = strlen(argv[i]);
		if ((rep = cache_cmd(k, 5, argv, lens)) == NULL)
			rc = -1;
		else
			freeReplyObject(rep);
	}
	return rc;
}
