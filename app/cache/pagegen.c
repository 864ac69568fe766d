/*
 * cache/pagegen.c: the shared page-cache invalidation stream (pagegen.h):
 * XADD on the writer's connection, and the poller thread with its own
 * connection, which reads the entries after the last one it saw with one
 * script (one key: Cluster-safe) that also returns the stream's first and
 * last IDs, so a reader learns when entries it never read were trimmed or
 * the stream was emptied (a Redis restarted without its data).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hiredis.h>

#include "cache/cache.h"
#include "cache/cache_internal.h"
#include "cache/pagegen.h"
#include "lib/log.h"
#include "lib/util.h"

/*
 * KEYS[1] the stream, ARGV[1] the last ID read ("" for none yet),
 * ARGV[2] the batch: { last ID, first ID, entries after ARGV[1] }.
 */
static const char poll_lua[] =
    "local e = {}\n"
    "if ARGV[1] ~= '' then\n"
    "  e = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', "
    "ARGV[2])\n"
    "end\n"
    "local l = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)\n"
    "local f = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)\n"
    "return { l[1] and l[1][1] or '0-0', f[1] and f[1][1] or '0-0', e }\n";

static char		 instance[40] = "-";	/* this server's entries */
static _Atomic int	 pending;	/* an XADD failed: the poller owes one */
static _Atomic uint64_t	 owed_since;	/* util_now_us of the oldest owed, 0 none */
static _Atomic uint64_t	 incr_failed;	/* XADDs that failed (counter) */
static pthread_t	 tid;
static int		 running;
static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 cv;
static int		 stopping;
static struct cache	*pk;
static int		 interval_ms;
static void		(*on_changed)(const char *const *, size_t);
static void		(*on_read_ok)(uint64_t);

static int	 append(struct cache *, const char *const *, size_t);
static int	 id_parse(const char *, uint64_t[2]);
static int	 id_cmp(const uint64_t[2], const uint64_t[2]);
static void	 entry_apply(const redisReply *);
static int	 read_once(int, int *);
static void	 poll_once(int);
static void	*poller(void *);

/* XADD one entry: this instance, and the keys joined by spaces. */
static int
append(struct cache *k, const char *const *keys, size_t n)
{
	const char	*argv[10];
	struct cache_pcmd pc;
	redisReply	*rep;
	char		*joined;
	size_t		 i, len = 1;
	int		 ok;

	for (i = 0; i < n; i++)
		len += strlen(keys[i]) + 1;
	joined = xmalloc(len);
	joined[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(joined, " ");
		strcat(joined, keys[i]);
	}
	argv[0] = "XADD";
	argv[1] = PAGEGEN_KEY;
	argv[2] = "MAXLEN";
	argv[3] = "~";
	argv[4] = PAGEGEN_MAXLEN;
	argv[5] = "*";
	argv[6] = "i";
	argv[7] = instance;
	argv[8] = "k";
	argv[9] = joined;
	/* a pipeline of one: commands cache_defer queued ride along */
	memset(&pc, 0, sizeof(pc));
	pc.argc = 10;
	for (i = 0; i < 10; i++) {
		pc.argv[i] = argv[i];
		pc.lens[i] = strlen(argv[i]);
	}
	rep = cache_pipe(k, &pc, 1) == 0 ? pc.rep : NULL;
	free(joined);
	if (rep == NULL)
		return -1;
	/* Anything but an ID (a wrong type, say) did not append. */
	ok = rep->type == REDIS_REPLY_STRING;
	freeReplyObject(rep);
	return ok ? 0 : -1;
}

int
pagegen_publish(struct cache *k, const char *const *keys, size_t n)
{
	uint64_t	zero = 0;

	if (n == 0 || append(k, keys, n) == 0)
		return 0;
	atomic_fetch_add(&incr_failed, 1);
	(void)atomic_compare_exchange_strong(&owed_since, &zero,
	    util_now_us());
	atomic_store(&pending, 1);
	return -1;
}

int
pagegen_bump(struct cache *k)
{
	const char	*all[1] = { PAGEGEN_ALL };

	return pagegen_publish(k, all, 1);
}

double
pagegen_owed_seconds(void)
{
	uint64_t	t = atomic_load(&owed_since), now = util_now_us();

	return t == 0 || now < t ? 0.0 : (double)(now - t) / 1e6;
}

uint64_t
pagegen_incr_failures(void)
{
	return atomic_load(&incr_failed);
}

/* Only the starter, then only the poller thread, touch these. */
static char		 last[48];	/* ID of the last entry read, "" none */
static int		 missed = 1;	/* last read failed, or none yet */
static int		 warned;

/* "ms-seq" -> two numbers; 0, or -1. */
static int
id_parse(const char *s, uint64_t v[2])
{
	char	*e;

	v[0] = strtoull(s, &e, 10);
	if (*e != '-')
		return -1;
	v[1] = strtoull(e + 1, &e, 10);
	return *e == '\0' ? 0 : -1;
}

static int
id_cmp(const uint64_t a[2], const uint64_t b[2])
{
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* One stream entry: [id, [field, value, ...]]; another instance's keys. */
static void
entry_apply(const redisReply *en)
{
	const redisReply	*fv;
	const char		*inst = NULL, *ks = NULL, *keys[64];
	char			*copy, *p, *sp;
	size_t			 i, n = 0;

	if (en->type != REDIS_REPLY_ARRAY || en->elements != 2 ||
	    (fv = en->element[1])->type != REDIS_REPLY_ARRAY) {
		on_changed(NULL, 0);
		return;
	}
	for (i = 0; i + 1 < fv->elements; i += 2) {
		if (fv->element[i]->type != REDIS_REPLY_STRING ||
		    fv->element[i + 1]->type != REDIS_REPLY_STRING)
			continue;
		if (strcmp(fv->element[i]->str, "i") == 0)
			inst = fv->element[i + 1]->str;
		else if (strcmp(fv->element[i]->str, "k") == 0)
			ks = fv->element[i + 1]->str;
	}
	/* This instance invalidated its own keys when it wrote them. */
	if (inst != NULL && strcmp(inst, instance) == 0)
		return;
	if (ks == NULL) {
		on_changed(NULL, 0);
		return;
	}
	copy = xstrdup(ks);
	for (p = strtok_r(copy, " ", &sp); p != NULL;
	    p = strtok_r(NULL, " ", &sp)) {
		if (n == sizeof(keys) / sizeof(keys[0])) {
			on_changed(keys, n);
			n = 0;
		}
		keys[n++] = p;
	}
	if (n > 0)
		on_changed(keys, n);
	free(copy);
}

/*
 * One round trip: the entries after `last`, applied.  0 (*more set when
 * a whole batch came back), or -1 when the stream could not be read.
 */
static int
read_once(int first, int *more)
{
	const char	*argv[6];
	char		 batch[16];
	redisReply	*rep, *en;
	uint64_t	 lv[2], fv[2], mv[2];
	size_t		 i;
	int		 have = last[0] != '\0';

	*more = 0;
	snprintf(batch, sizeof(batch), "%d", PAGEGEN_BATCH);
	argv[0] = "EVAL";
	argv[1] = poll_lua;
	argv[2] = "1";
	argv[3] = PAGEGEN_KEY;
	argv[4] = last;
	argv[5] = batch;
	if ((rep = cache_cmd(pk, 6, argv, NULL)) == NULL)
		return -1;
	if (rep->type != REDIS_REPLY_ARRAY || rep->elements != 3 ||
	    rep->element[0]->type != REDIS_REPLY_STRING ||
	    rep->element[1]->type != REDIS_REPLY_STRING ||
	    rep->element[2]->type != REDIS_REPLY_ARRAY ||
	    id_parse(rep->element[0]->str, lv) == -1 ||
	    id_parse(rep->element[1]->str, fv) == -1) {
		freeReplyObject(rep);
		return -1;
	}
	if (!have || id_parse(last, mv) == -1) {
		/* Before the first read nothing is cached yet. */
		if (!first)
			on_changed(NULL, 0);
	} else if (id_cmp(lv, mv) < 0 ||
	    (id_cmp(fv, mv) > 0 && !(mv[0] == 0 && mv[1] == 0))) {
		/* Emptied, or trimmed past what this reader saw. */
		on_changed(NULL, 0);
	} else {
		en = rep->element[2];
		for (i = 0; i < en->elements; i++)
			entry_apply(en->element[i]);
		if (en->elements > 0 &&
		    en->element[en->elements - 1]->type == REDIS_REPLY_ARRAY &&
		    en->element[en->elements - 1]->elements == 2 &&
		    en->element[en->elements - 1]->element[0]->type ==
		    REDIS_REPLY_STRING) {
			snprintf(last, sizeof(last), "%s", en->element[
			    en->elements - 1]->element[0]->str);
			*more = en->elements == PAGEGEN_BATCH;
			freeReplyObject(rep);
			return 0;
		}
	}
	/* Up to date: continue after the stream's last entry. */
	snprintf(last, sizeof(last), "%s", rep->element[0]->str);
	freeReplyObject(rep);
	return 0;
}
/* One look at the stream: pays an owed entry, then reads and reports. */
static void
poll_once(int first)
{
	const char	*all[1] = { PAGEGEN_ALL };
	uint64_t	 t;
	int		 more = 1, rounds = 0, was_missed = missed;

	if (atomic_exchange(&pending, 0)) {
		if (append(pk, all, 1) == -1) {
			atomic_store(&pending, 1);
			/*
			 * Other instances that can still read the stream do
			 * not know about this write until the entry lands:
			 * say so, loudly and with the age, once a second.
			 */
			log_ratelimited("pagegen-owed", 1, "page cache: the "
			    "shared invalidation has been owed for %.1f s; "
			    "other instances may serve pages that old",
			    pagegen_owed_seconds());
		} else
			atomic_store(&owed_since, 0);
	}
	t = util_now_us();
	while (more && rounds++ < 16) {
		if (read_once(first, &more) == -1) {
			if (!warned)
				log_warn("page cache: the shared invalidation "
				    "stream (Redis) cannot be read; cached "
				    "pages are served only while young until "
				    "it can");
			warned = 1;
			missed = 1;
			return;
		}
	}
	/* Further behind than 16 batches: skip to the end, drop all. */
	if (more) {
		on_changed(NULL, 0);
		last[0] = '\0';
		(void)read_once(1, &more);
	}
	/* Writes may have been missed while the stream was unreadable. */
	if (!first && was_missed && last[0] != '\0')
		on_changed(NULL, 0);
	if (warned)
		log_info("page cache: the shared invalidation stream can be "
		    "read again");
	warned = 0;
	missed = 0;
	on_read_ok(t);
}

static void *
poller(void *arg)
{
	struct timespec	 ts;
	int		 stop;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&mu);
		if (!stopping) {
			util_deadline(&ts, CLOCK_MONOTONIC, interval_ms);
			while (!stopping &&
			    pthread_cond_timedwait(&cv, &mu, &ts) != ETIMEDOUT)
				;
		}
		stop = stopping;
		pthread_mutex_unlock(&mu);
		if (stop)
			break;
		poll_once(0);
	}
	/* An entry still owed is tried once more on the way out. */
	if (atomic_exchange(&pending, 0)) {
		const char	*all[1] = { PAGEGEN_ALL };

		(void)append(pk, all, 1);
	}
	return NULL;
}

int
pagegen_start(const char *url, int timeout_ms, int poll_ms,
    void (*changed)(const char *const *, size_t), void (*read_ok)(uint64_t))
{
	pthread_condattr_t	ca;

	if (running)
		return -1;
	/* Not a secret: tells this instance's entries from the others'. */
	snprintf(instance, sizeof(instance), "%llx-%llx",
	    (unsigned long long)getpid(), (unsigned long long)util_now_us());
	last[0] = '\0';
	missed = 1;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cv, &ca);
	pthread_condattr_destroy(&ca);
	pk = cache_new(url, timeout_ms);
	interval_ms = poll_ms;
	on_changed = changed;
	on_read_ok = read_ok;
	stopping = 0;
	/* First read now, before any page is cached (Redis down: later). */
	poll_once(1);
	if (pthread_create(&tid, NULL, poller, NULL) != 0) {
		cache_free(pk);
		pk = NULL;
		pthread_cond_destroy(&cv);
		return -1;
	}
	running = 1;
	return 0;
}

void
pagegen_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(tid, NULL);
	running = 0;
	cache_free(pk);
	pk = NULL;
	pthread_cond_destroy(&cv);
}
