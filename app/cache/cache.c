/*
 * cache/cache.c: the per-thread Redis connection.  Commands are always
 * sent as argument vectors (redisCommandArgv), never formatted strings.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <hiredis.h>

#include "cache/cache.h"
#include "cache/cache_internal.h"
#include "lib/log.h"
#include "lib/util.h"

#define CACHE_RETRY_US	500000

static int	cache_connect(struct cache *);
static void	cache_drop(struct cache *);

struct cache *
cache_new(const char *url, int timeout_ms)
{
	struct cache	*k = xcalloc(1, sizeof(*k));
	const char	*hp, *colon;

	k->timeout_ms = timeout_ms;
	if (strncmp(url, "unix:", 5) == 0) {
		hp = url + 5;
		while (strncmp(hp, "//", 2) == 0)
			hp++;
		k->path = xstrdup(hp);
		return k;
	}
	hp = strncmp(url, "redis://", 8) == 0 ? url + 8 : url;
	if ((colon = strrchr(hp, ':')) != NULL) {
		k->host = xstrndup(hp, (size_t)(colon - hp));
		k->port = atoi(colon + 1);
	} else {
		k->host = xstrdup(hp);
		k->port = 6379;
	}
	return k;
}

void
cache_free(struct cache *k)
{
	if (k == NULL)
		return;
	cache_drop(k);
	free(k->path);
	free(k->host);
	free(k);
}

static void
cache_drop(struct cache *k)
{
	if (k->c != NULL)
		redisFree(k->c);
	k->c = NULL;
}

static int
cache_connect(struct cache *k)
{
	struct timeval	 tv;
	uint64_t	 now = util_now_us();

	if (k->c != NULL)
		return 0;
	if (now < k->next_try)
		return -1;
	tv.tv_sec = k->timeout_ms / 1000;
	tv.tv_usec = (k->timeout_ms % 1000) * 1000;
	k->c = k->path ? redisConnectUnixWithTimeout(k->path, tv) :
	    redisConnectWithTimeout(k->host, k->port, tv);
	if (k->c == NULL || k->c->err) {
		log_ratelimited("redis-connect", 10, "Redis: cannot connect: "
		    "%s", k->c ? k->c->errstr : "out of memory");
		cache_drop(k);
		k->next_try = now + CACHE_RETRY_US;
		return -1;
	}
	if (redisSetTimeout(k->c, tv) != REDIS_OK) {
		cache_drop(k);
		k->next_try = now + CACHE_RETRY_US;
		return -1;
	}
	k->gen++;
	return 0;
}

redisReply *
cache_cmd_raw(struct cache *k, int argc, const char **argv,
    const size_t *argvlen)
{
	redisReply	*rep;

	if (cache_connect(k) == -1)
		return NULL;
	rep = redisCommandArgv(k->c, argc, argv, argvlen);
	if (rep == NULL) {
		log_ratelimited("redis-cmd", 10, "Redis: %s", k->c->errstr);
		cache_drop(k);
		k->next_try = util_now_us() + CACHE_RETRY_US;
		return NULL;
	}
	return rep;
}

redisReply *
cache_cmd(struct cache *k, int argc, const char **argv, const size_t *argvlen)
{
	redisReply	*rep;

	if ((rep = cache_cmd_raw(k, argc, argv, argvlen)) == NULL)
		return NULL;
	if (rep->type == REDIS_REPLY_ERROR) {
		log_ratelimited("redis-err", 10, "Redis: %s", rep->str);
		freeReplyObject(rep);
		return NULL;
	}
	return rep;
}

int
cache_ping(struct cache *k)
{
	const char	*argv[1] = { "PING" };
	redisReply	*rep;

	if ((rep = cache_cmd(k, 1, argv, NULL)) == NULL)
		return -1;
	freeReplyObject(rep);
	return 0;
}
