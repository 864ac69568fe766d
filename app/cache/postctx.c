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
#include <ctype.h>
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

static void	 window_add(struct cache_pcmd *, char [4][24], const char *,
		    int64_t, const char *, int64_t, int);
static void	 window_read(struct cache_pcmd *, char [24], const char *,
		    int64_t);
static int	 window_ok(const redisReply *);
static int	 popcount64(uint64_t);
static int	 band_member(const char *, uint64_t *, int64_t *, int64_t *);
static int	 by_post(const void *, const void *);
static int	 by_time(const void *, const void *);

static int
popcount64(uint64_t x)
{
	return __builtin_popcountll(x);
}

/*
 * c: the EVAL that adds member to window key at now, trimmed to what is
 * newer than from and to the newest cap.  The strings are copied into
 * buf (4 * 24 bytes) and c keeps pointers to them and to key and member.
 */
static void
window_add(struct cache_pcmd *c, char buf[4][24], const char *key,
    int64_t now, const char *member, int64_t from, int cap)
{
	int	 i;

	snprintf(buf[0], 24, "%" PRId64, now);
	snprintf(buf[1], 24, "%" PRId64, from);
	snprintf(buf[2], 24, "%d", cap);
	snprintf(buf[3], 24, "%d", POSTCTX_WINDOW);
	c->argc = 9;
	c->argv[0] = "EVAL";
	c->argv[1] = window_lua;
	c->argv[2] = "1";
	c->argv[3] = key;
	c->argv[4] = buf[0];
	c->argv[5] = member;
	c->argv[6] = buf[1];
	c->argv[7] = buf[2];
	c->argv[8] = buf[3];
	for (i = 0; i < c->argc; i++)
		c->lens[i] = strlen(c->argv[i]);
}

/* c: ZRANGEBYSCORE key from +inf WITHSCORES (from kept in sfrom). */
static void
window_read(struct cache_pcmd *c, char sfrom[24], const char *key,
    int64_t from)
{
	int	 i;

	snprintf(sfrom, 24, "%" PRId64, from);
	c->argc = 5;
	c->argv[0] = "ZRANGEBYSCORE";
	c->argv[1] = key;
	c->argv[2] = sfrom;
	c->argv[3] = "+inf";
	c->argv[4] = "WITHSCORES";
	for (i = 0; i < c->argc; i++)
		c->lens[i] = strlen(c->argv[i]);
}

/* A window's reply when it is one (pairs of member and score), or NULL. */
static int
window_ok(const redisReply *rep)
{
	return rep != NULL && rep->type == REDIS_REPLY_ARRAY &&
	    rep->elements % 2 == 0;
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
	char		 key[80], qk[80], sfrom[24];
	struct cache_pcmd c[2];
	size_t		 i, j, n = 0;
	int64_t		*ids;
	int		*hour, nc = 1;
	redisReply	*rep, *m, *sc;
	unsigned long long h;
	long long	 post;
	int64_t		 at;

	memset(out, 0, sizeof(*out));
	out->seconds_after_question = -1;
	/* the author's window and the question's time: one round trip */
	snprintf(key, sizeof(key), "ctx:{u:%" PRId64 "}:p", user_id);
	window_read(&c[0], sfrom, key, now - POSTCTX_WINDOW);
	if (qkey != NULL) {
		snprintf(qk, sizeof(qk), "ctx:{q:%s}", qkey);
		c[1].argc = 2;
		c[1].argv[0] = "GET";
		c[1].argv[1] = qk;
		c[1].lens[0] = 3;
		c[1].lens[1] = strlen(qk);
		nc = 2;
	}
	if (cache_pipe(k, c, nc) == -1)
		return -1;
	if (nc == 2 && (rep = c[1].rep) != NULL) {
		if (rep->type == REDIS_REPLY_STRING) {
			at = strtoll(rep->str, NULL, 10);
			if (at > 0 && at <= now)
				out->seconds_after_question =
				    (long)(now - at);
		}
		freeReplyObject(rep);
	}
	if (!window_ok(rep = c[0].rep)) {
		if (rep != NULL)
			freeReplyObject(rep);
		out->seconds_after_question = -1;
		return -1;
	}
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
	return 0;
}

/* Member "simhash:user:post" (16 hex digits, then decimals); 0 or -1. */
static int
band_member(const char *s, uint64_t *sh, int64_t *user, int64_t *post)
{
	char	*e;
	size_t	 i;

	for (i = 0; i < 16; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	if (s[16] != ':' || !isdigit((unsigned char)s[17]))
		return -1;
	*sh = strtoull(s, NULL, 16);
	*user = strtoll(s + 17, &e, 10);
	if (*e != ':' || !isdigit((unsigned char)e[1]))
		return -1;
	*post = strtoll(e + 1, &e, 10);
	return *e == '\0' ? 0 : -1;
}

/* By post, then time: a post's copies side by side, its oldest first. */
static int
by_post(const void *x, const void *y)
{
	const struct postctx_copy	*a = x, *b = y;

	if (a->post_id != b->post_id)
		return a->post_id < b->post_id ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* Oldest first, then by post. */
static int
by_time(const void *x, const void *y)
{
	const struct postctx_copy	*a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->post_id < b->post_id ? -1 : a->post_id > b->post_id;
}

int
postctx_copies(struct cache *k, struct arena *a, uint64_t h, int maxdist,
    int64_t skip_post, int64_t now, struct postctx_copy **out, size_t *n)
{
	struct postctx_copy	*v;
	size_t			 total = 0, i, j;
	char			 key[4][64], sfrom[4][24];
	struct cache_pcmd	 cmd[4];
	redisReply		*rep, *m, *sc;
	uint64_t		 sh;
	int64_t			 user, post;
	int			 b, bad = 0;

	*out = NULL;
	*n = 0;
	/* the four bands' windows: one round trip */
	for (b = 0; b < 4; b++) {
		snprintf(key[b], sizeof(key[b]), "ctx:{sh:%d:%04x}", b,
		    (unsigned)((h >> (16 * b)) & 0xffff));
		window_read(&cmd[b], sfrom[b], key[b], now - POSTCTX_WINDOW);
	}
	if (cache_pipe(k, cmd, 4) == -1)
		return -1;
	for (b = 0; b < 4; b++)
		if (!window_ok(cmd[b].rep))
			bad = 1;
		else
			total += cmd[b].rep->elements / 2;
	if (bad) {
		for (b = 0; b < 4; b++)
			if (cmd[b].rep != NULL)
				freeReplyObject(cmd[b].rep);
		return -1;
	}
	/*
	 * Every near copy of every band, then each post once (a post is in
	 * up to four bands, and an edited one may be there twice): sorted,
	 * not compared pairwise, since a campaign fills the bands (up to
	 * POSTCTX_BAND_MAX each) exactly when the forum is busiest.
	 */
	v = arena_calloc(a, total + 1, sizeof(*v));
	for (b = 0; b < 4; b++) {
		rep = cmd[b].rep;
		for (i = 0; i + 1 < rep->elements; i += 2) {
			m = rep->element[i];
			sc = rep->element[i + 1];
			if (m->type != REDIS_REPLY_STRING || sc->type !=
			    REDIS_REPLY_STRING || band_member(m->str, &sh,
			    &user, &post) == -1)
				continue;
			if (popcount64(sh ^ h) > maxdist || post == skip_post)
				continue;
			v[*n].simhash = sh;
			v[*n].user_id = user;
			v[*n].post_id = post;
			v[*n].at = strtoll(sc->str, NULL, 10);
			(*n)++;
		}
		freeReplyObject(rep);
	}
	if (*n > 1) {
		qsort(v, *n, sizeof(*v), by_post);
		for (i = 1, j = 1; i < *n; i++)
			if (v[i].post_id != v[j - 1].post_id)
				v[j++] = v[i];
		*n = j;
		qsort(v, *n, sizeof(*v), by_time);
	}
	*out = v;
	return 0;
}

int
postctx_record(struct cache *k, int64_t user_id, int64_t post_id, uint64_t h,
    int site, const char *qkey, int64_t now)
{
	char		 key[6][80], member[2][80], num[6][4][24];
	struct cache_pcmd c[6];
	int		 b, i, nc = 0;

	/* every window and the question's time: queued (cache_defer) */
	snprintf(key[0], sizeof(key[0]), "ctx:{u:%" PRId64 "}:p", user_id);
	snprintf(member[0], sizeof(member[0]), "%016" PRIx64 ":%" PRId64, h,
	    post_id);
	window_add(&c[nc], num[nc], key[0], now, member[0], now -
	    POSTCTX_WINDOW, POSTCTX_USER_MAX);
	nc++;
	if (site) {
		snprintf(member[1], sizeof(member[1]), "%016" PRIx64 ":%" PRId64
		    ":%" PRId64, h, user_id, post_id);
		for (b = 0; b < 4; b++) {
			snprintf(key[nc], sizeof(key[nc]), "ctx:{sh:%d:%04x}",
			    b, (unsigned)((h >> (16 * b)) & 0xffff));
			window_add(&c[nc], num[nc], key[nc], now, member[1],
			    now - POSTCTX_WINDOW, POSTCTX_BAND_MAX);
			nc++;
		}
	}
	if (qkey != NULL) {
		snprintf(key[nc], sizeof(key[nc]), "ctx:{q:%s}", qkey);
		snprintf(num[nc][0], 24, "%" PRId64, now);
		snprintf(num[nc][1], 24, "%d", POSTCTX_QUESTION_TTL);
		c[nc].argc = 5;
		c[nc].argv[0] = "SET";
		c[nc].argv[1] = key[nc];
		c[nc].argv[2] = num[nc][0];
		c[nc].argv[3] = "EX";
		c[nc].argv[4] = num[nc][1];
		for (i = 0; i < 5; i++)
			c[nc].lens[i] = strlen(c[nc].argv[i]);
		nc++;
	}
	/* nobody reads the replies: they go with the next round trip */
	cache_defer(k, c, nc);
	return 0;
}
