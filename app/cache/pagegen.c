/*
 * cache/pagegen.c: the shared page-cache generation (pagegen.h): INCR on
 * the writer's connection, and the poller thread with its own connection.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>

#include "cache/cache.h"
#include "cache/cache_internal.h"
#include "cache/pagegen.h"
#include "lib/log.h"
#include "lib/util.h"

static _Atomic int	 pending;	/* an INCR failed: the poller owes one */
static _Atomic uint64_t	 owed_since;	/* util_now_us of the oldest owed INCR, 0 none */
static _Atomic uint64_t	 incr_failed;	/* INCRs that failed (counter) */
static pthread_t	 tid;
static int		 running;
static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 cv;
static int		 stopping;
static struct cache	*pk;
static int		 interval_ms;
static void		(*on_changed)(void);
static void		(*on_read_ok)(uint64_t);

static int	 incr(struct cache *);
static void	 poll_once(int);
static void	*poller(void *);

static int
incr(struct cache *k)
{
	const char	*argv[2] = { "INCR", PAGEGEN_KEY };
	redisReply	*rep;

	int		 ok;

	if ((rep = cache_cmd(k, 2, argv, NULL)) == NULL)
		return -1;
	/* Anything but a number (a wrong type, say) did not increment. */
	ok = rep->type == REDIS_REPLY_INTEGER;
	freeReplyObject(rep);
	return ok ? 0 : -1;
}

int
pagegen_bump(struct cache *k)
{
	uint64_t	zero = 0;

	if (incr(k) == 0)
		return 0;
	atomic_fetch_add(&incr_failed, 1);
	(void)atomic_compare_exchange_strong(&owed_since, &zero,
	    util_now_us());
	atomic_store(&pending, 1);
	return -1;
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
static uint64_t		 last;		/* value of the last read */
static int		 missed = 1;	/* last read failed, or none yet */
static int		 warned;

/* One look at the key: pays an owed INCR, then GETs and reports. */
static void
poll_once(int first)
{
	const char	*argv[2] = { "GET", PAGEGEN_KEY };
	redisReply	*rep;
	uint64_t	 t, v;

	if (atomic_exchange(&pending, 0)) {
		if (incr(pk) == -1) {
			atomic_store(&pending, 1);
			/*
			 * Other instances that can still read the key do not
			 * know about this write until the increment lands:
			 * say so, loudly and with the age, once a second.
			 */
			log_ratelimited("pagegen-owed", 1, "page cache: the "
			    "shared generation increment has been owed for "
			    "%.1f s; other instances may serve pages that "
			    "old", pagegen_owed_seconds());
		} else
			atomic_store(&owed_since, 0);
	}
	t = util_now_us();
	if ((rep = cache_cmd(pk, 2, argv, NULL)) == NULL ||
	    (rep->type != REDIS_REPLY_STRING && rep->type != REDIS_REPLY_NIL)) {
		if (rep != NULL)
			freeReplyObject(rep);	/* not a counter */
		if (!warned)
			log_warn("page cache: the shared generation "
			    "(Redis) cannot be read; cached pages are "
			    "served only while young until it can");
		warned = 1;
		missed = 1;
		return;
	}
	v = rep->type == REDIS_REPLY_NIL ? 0 : strtoull(rep->str, NULL, 10);
	freeReplyObject(rep);
	/* Before the first read nothing is cached yet: no call needed. */
	if (!first && (missed || v != last))
		on_changed();
	if (warned)
		log_info("page cache: the shared generation can be read again");
	warned = 0;
	last = v;
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
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_nsec += (long)(interval_ms % 1000) * 1000000L;
			ts.tv_sec += interval_ms / 1000 + ts.tv_nsec / 1000000000L;
			ts.tv_nsec %= 1000000000L;
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
	/* An increment still owed is tried once more on the way out. */
	if (atomic_exchange(&pending, 0))
		(void)incr(pk);
	return NULL;
}

int
pagegen_start(const char *url, int timeout_ms, int poll_ms,
    void (*changed)(void), void (*read_ok)(uint64_t))
{
	pthread_condattr_t	ca;

	if (running)
		return -1;
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
