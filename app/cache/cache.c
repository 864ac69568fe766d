/*
 * cache/cache.c: the per-thread Redis connection.  Commands are always
 * sent as argument vectors (redisCommandArgv), never formatted strings.
 *
 * Where the master is: either the address of the URL, or, when sentinels
 * are configured (cache_configure), whatever the first sentinel that
 * answers says for the master name (SENTINEL get-master-addr-by-name).  A
 * discovered address is trusted only after ROLE says "master" (a sentinel
 * may be behind during a failover).  The connection is dropped, and the
 * master looked up again on the next command, when a command gets no
 * reply, and when Redis answers READONLY (we are talking to a replica: the
 * old master demoted).  A READONLY command was not executed, so it is sent
 * once more on the new connection at once; so is a command whose kept
 * connection turns out closed by the server (see cache_cmd_raw).
 *
 * AUTH: with a password configured, every new connection (master or
 * URL address) sends AUTH before anything else.  TLS is not offered:
 * Debian 12's hiredis (0.14.1) has no TLS support (hiredis_ssl came with
 * 1.0); run Redis on loopback or a private network, or put stunnel or
 * spiped in front.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <hiredis.h>

#include "cache/cache.h"
#include "cache/cache_internal.h"
#include "lib/log.h"
#include "lib/util.h"

#define CACHE_RETRY_US	500000
#define CACHE_MAX_SENTINELS	8

/* Set once at start-up (cache_configure), then read-only. */
static char	*opt_password;
static char	*opt_master = NULL;
static int	 nsentinels;
static struct {
	char	 host[128];
	int	 port;
} sentinels[CACHE_MAX_SENTINELS];

static int	cache_connect(struct cache *);
static void	cache_drop(struct cache *);
static int	cache_discover(struct cache *, struct timeval, char *, size_t,
		    int *);
static int	cache_hello(struct cache *);
static int	is_readonly(const redisReply *);
static int	cache_failed(struct cache *, int, int);

int
cache_configure(const char *password, const char *sentinel_list,
    const char *master_name, char *err, size_t errlen)
{
	const char	*p, *e, *colon;
	size_t		 hl;
	char		*end;
	long		 port;

	free(opt_password);
	free(opt_master);
	opt_password = password != NULL && *password ? xstrdup(password) :
	    NULL;
	opt_master = xstrdup(master_name != NULL && *master_name ?
	    master_name : "sodan");
	nsentinels = 0;
	for (p = sentinel_list; p != NULL && *p; p = *e ? e + 1 : e) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e && *e != ','; e++)
			;
		hl = (size_t)(e - p);
		while (hl > 0 && p[hl - 1] == ' ')
			hl--;
		/* The last ':' of the item separates the port. */
		for (colon = p + hl; colon > p && *colon != ':'; colon--)
			;
		if (colon == p || nsentinels ==
		    CACHE_MAX_SENTINELS || (size_t)(colon - p) >=
		    sizeof(sentinels[0].host)) {
			snprintf(err, errlen, "sentinels: expected "
			    "HOST:PORT[, HOST:PORT...] (at most %d), got "
			    "'%.*s'", CACHE_MAX_SENTINELS, (int)hl, p);
			return -1;
		}
		port = strtol(colon + 1, &end, 10);
		if (end != p + hl || end == colon + 1 || port < 1 ||
		    port > 65535) {
			snprintf(err, errlen, "sentinels: bad port in '%.*s'",
			    (int)hl, p);
			return -1;
		}
		/* "[v6]:port": the address without its brackets. */
		if (*p == '[' && colon[-1] == ']' && colon - p > 2)
			snprintf(sentinels[nsentinels].host,
			    sizeof(sentinels[0].host), "%.*s",
			    (int)(colon - p - 2), p + 1);
		else
			snprintf(sentinels[nsentinels].host,
			    sizeof(sentinels[0].host), "%.*s",
			    (int)(colon - p), p);
		sentinels[nsentinels].port = (int)port;
		nsentinels++;
	}
	return 0;
}

void
cache_unconfigure(void)
{
	free(opt_password);
	free(opt_master);
	opt_password = opt_master = NULL;
	nsentinels = 0;
}

int
cache_sentinel_mode(void)
{
	return nsentinels > 0;
}

static int
is_readonly(const redisReply *rep)
{
	return rep != NULL && rep->type == REDIS_REPLY_ERROR &&
	    rep->str != NULL && strncmp(rep->str, "READONLY", 8) == 0;
}

/*
 * Asks each sentinel in turn for the master's address.  Returns 0 with
 * host and *port, or -1 when none answered with one.
 */
static int
cache_discover(struct cache *k, struct timeval tv, char *host, size_t hostlen,
    int *port)
{
	const char	*argv[3] = { "SENTINEL", "get-master-addr-by-name",
			    opt_master };
	redisContext	*s;
	redisReply	*rep;
	int		 i, j, ok;

	for (j = 0; j < nsentinels; j++) {
		/* Start with the one that answered last time. */
		i = (k->sentinel + j) % nsentinels;
		s = redisConnectWithTimeout(sentinels[i].host,
		    sentinels[i].port, tv);
		if (s == NULL || s->err) {
			if (s != NULL)
				redisFree(s);
			continue;
		}
		(void)redisSetTimeout(s, tv);
		rep = redisCommandArgv(s, 3, argv, NULL);
		ok = rep != NULL && rep->type == REDIS_REPLY_ARRAY &&
		    rep->elements == 2 &&
		    rep->element[0]->type == REDIS_REPLY_STRING &&
		    rep->element[1]->type == REDIS_REPLY_STRING;
		if (ok) {
			snprintf(host, hostlen, "%s", rep->element[0]->str);
			*port = atoi(rep->element[1]->str);
			k->sentinel = i;
		}
		if (rep != NULL)
			freeReplyObject(rep);
		redisFree(s);
		if (ok)
			return 0;
	}
	return -1;
}

/*
 * On a new connection: AUTH when a password is set; with sentinels, ROLE
 * must say master.  Returns 0, or -1 (logged; caller drops).
 */
static int
cache_hello(struct cache *k)
{
	const char	*auth[2] = { "AUTH", opt_password };
	const char	*role[1] = { "ROLE" };
	redisReply	*rep;
	int		 ok;

	if (opt_password != NULL) {
		rep = redisCommandArgv(k->c, 2, auth, NULL);
		ok = rep != NULL && rep->type == REDIS_REPLY_STATUS;
		if (!ok)
			log_ratelimited("redis-auth", 10, "Redis: AUTH "
			    "refused: %s", rep == NULL ? k->c->errstr :
			    rep->type == REDIS_REPLY_ERROR ? rep->str :
			    "unexpected reply");
		if (rep != NULL)
			freeReplyObject(rep);
		if (!ok)
			return -1;
	}
	if (nsentinels == 0)
		return 0;
	rep = redisCommandArgv(k->c, 1, role, NULL);
	ok = rep != NULL && rep->type == REDIS_REPLY_ARRAY &&
	    rep->elements > 0 && rep->element[0]->type == REDIS_REPLY_STRING &&
	    strcmp(rep->element[0]->str, "master") == 0;
	if (!ok)
		log_ratelimited("redis-role", 10, "Redis: the address the "
		    "sentinels gave for '%s' is not a master (yet)",
		    opt_master);
	if (rep != NULL)
		freeReplyObject(rep);
	return ok ? 0 : -1;
}

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
	(void)cache_flush(k);
	free(k->defer);
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

	char		 mhost[128] = "";
	int		 mport = 0;

	if (k->c != NULL)
		return 0;
	if (now < k->next_try)
		return -1;
	tv.tv_sec = k->timeout_ms / 1000;
	tv.tv_usec = (k->timeout_ms % 1000) * 1000;
	if (nsentinels > 0) {
		if (cache_discover(k, tv, mhost, sizeof(mhost), &mport) == -1) {
			log_ratelimited("redis-sentinel", 10, "Redis: no "
			    "sentinel knows the master '%s'", opt_master);
			k->next_try = now + CACHE_RETRY_US;
			return -1;
		}
		k->c = redisConnectWithTimeout(mhost, mport, tv);
	} else
		k->c = k->path ? redisConnectUnixWithTimeout(k->path, tv) :
		    redisConnectWithTimeout(k->host, k->port, tv);
	if (k->c == NULL || k->c->err) {
		log_ratelimited("redis-connect", 10, "Redis: cannot connect: "
		    "%s", k->c ? k->c->errstr : "out of memory");
		cache_drop(k);
		k->next_try = now + CACHE_RETRY_US;
		return -1;
	}
	if (redisSetTimeout(k->c, tv) != REDIS_OK || cache_hello(k) == -1) {
		cache_drop(k);
		k->next_try = now + CACHE_RETRY_US;
		return -1;
	}
	if (nsentinels > 0 && (k->port != mport || k->host == NULL ||
	    strcmp(k->host, mhost) != 0)) {
		if (k->host != NULL)
			log_info("Redis: master '%s' is at %s:%d", opt_master,
			    mhost, mport);
		free(k->host);
		k->host = xstrdup(mhost);
		k->port = mport;
	}
	k->gen++;
	return 0;
}

/*
 * After a command or pipeline failed on k's connection: logged, the
 * connection dropped.  1 when it is worth one more attempt on a new
 * connection: a replica answered (a demoted master: nothing was executed;
 * the master is looked up again), or a connection kept from an earlier
 * command was closed by the server meanwhile (a restart, a failover:
 * Sentinel kills the clients of a demoted master).  The server may,
 * rarely, have run the command before it went away; every command sodan
 * sends tolerates running twice (counter increments, GCRA, reads).
 * 0: give up; without sentinels the next try waits CACHE_RETRY_US (with
 * them the master may have moved: asked at once).
 */
static int
cache_failed(struct cache *k, int reused, int readonly)
{
	int	 err = k->c->err;

	if (readonly)
		log_ratelimited("redis-readonly", 10, "Redis: a replica "
		    "answered; looking for the master again");
	else
		log_ratelimited("redis-cmd", 10, "Redis: %s", k->c->errstr);
	cache_drop(k);
	k->drops++;
	if (readonly || (reused && (err == REDIS_ERR_EOF ||
	    err == REDIS_ERR_IO)))
		return 1;
	if (nsentinels == 0)
		k->next_try = util_now_us() + CACHE_RETRY_US;
	return 0;
}

redisReply *
cache_cmd_raw(struct cache *k, int argc, const char **argv,
    const size_t *argvlen)
{
	redisReply	*rep;
	int		 attempt, reused;

	for (attempt = 0; attempt < 2; attempt++) {
		reused = k->c != NULL;
		if (cache_connect(k) == -1)
			return NULL;
		k->trips++;
		rep = redisCommandArgv(k->c, argc, argv, argvlen);
		if (rep != NULL && !is_readonly(rep))
			return rep;
		if (rep != NULL)
			freeReplyObject(rep);
		if (!cache_failed(k, reused, rep != NULL))
			return NULL;
	}
	return NULL;
}

int
cache_pipe(struct cache *k, struct cache_pcmd *cmd, int n)
{
	redisReply	*rep;
	void		*r;
	char		*dq = k->defer;
	size_t		 dlen = k->defer_len;
	int		 nd = k->ndefer;
	int		 attempt, reused, i, ro, sent, ok, rc = -1;

	/* what cache_defer queued goes first (again on the retry), else
	 * it is dropped: taken off the queue either way */
	k->defer = NULL;
	k->defer_len = 0;
	k->ndefer = 0;
	for (i = 0; i < n; i++)
		cmd[i].rep = NULL;
	if (n == 0 && nd == 0)
		return 0;
	for (attempt = 0; attempt < 2; attempt++) {
		reused = k->c != NULL;
		if (cache_connect(k) == -1)
			break;
		k->trips++;
		ro = 0;
		sent = 0;
		ok = nd == 0 || redisAppendFormattedCommand(k->c, dq, dlen) ==
		    REDIS_OK;
		for (i = 0; ok && i < n; i++, sent++)
			if (redisAppendCommandArgv(k->c, cmd[i].argc,
			    cmd[i].argv, cmd[i].lens) != REDIS_OK)
				break;
		/* the queued commands' replies: read, logged, freed */
		for (i = 0; ok && i < nd; i++) {
			if (redisGetReply(k->c, &r) != REDIS_OK) {
				ok = 0;
				break;
			}
			rep = r;
			if (is_readonly(rep))
				ro = 1;
			else if (rep->type == REDIS_REPLY_ERROR)
				log_ratelimited("redis-err", 10, "Redis: %s",
				    rep->str);
			freeReplyObject(rep);
		}
		for (i = 0; ok && i < sent; i++) {
			if (redisGetReply(k->c, &r) != REDIS_OK) {
				ok = 0;
				break;
			}
			rep = r;
			if (is_readonly(rep))
				ro = 1;
			if (rep->type == REDIS_REPLY_ERROR) {
				if (!ro)
					log_ratelimited("redis-err", 10,
					    "Redis: %s", rep->str);
				freeReplyObject(rep);
				continue;
			}
			cmd[i].rep = rep;
		}
		if (ok && sent == n && !ro) {
			rc = 0;
			break;
		}
		for (i = 0; i < n; i++) {
			if (cmd[i].rep != NULL)
				freeReplyObject(cmd[i].rep);
			cmd[i].rep = NULL;
		}
		if (!cache_failed(k, reused, ro))
			break;
	}
	free(dq);
	return rc;
}

void
cache_defer(struct cache *k, const struct cache_pcmd *cmd, int n)
{
	const char	*argv[10];
	char		*one;
	int		 i, len;

	for (i = 0; i < n; i++) {
		/* hiredis takes a const char ** */
		memcpy(argv, cmd[i].argv, sizeof(argv));
		len = redisFormatCommandArgv(&one, cmd[i].argc, argv,
		    cmd[i].lens);
		if (len < 0)
			log_fatal("cache_defer: out of memory");
		k->defer = xrealloc(k->defer, k->defer_len + (size_t)len);
		memcpy(k->defer + k->defer_len, one, (size_t)len);
		k->defer_len += (size_t)len;
		k->ndefer++;
		redisFreeCommand(one);
	}
	if (k->ndefer > CACHE_DEFER_MAX)
		(void)cache_flush(k);
}

int
cache_flush(struct cache *k)
{
	if (k == NULL || k->ndefer == 0)
		return 0;
	return cache_pipe(k, NULL, 0);
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
cache_role(struct cache *k, char *out, size_t outlen)
{
	const char	*argv[1] = { "ROLE" };
	redisReply	*rep;

	if ((rep = cache_cmd(k, 1, argv, NULL)) == NULL)
		return -1;
	if (rep->type == REDIS_REPLY_ARRAY && rep->elements > 0 &&
	    rep->element[0]->type == REDIS_REPLY_STRING)
		snprintf(out, outlen, "%s", rep->element[0]->str);
	else
		snprintf(out, outlen, "unknown");
	freeReplyObject(rep);
	return 0;
}

void
cache_counts(struct cache *k, uint64_t *drops, uint64_t *connects)
{
	*drops = k->drops;
	*connects = k->gen;
}

uint64_t
cache_round_trips(const struct cache *k)
{
	return k->trips;
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
