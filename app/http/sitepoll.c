/*
 * http/sitepoll.c: the site settings' poller (http/sitepoll.h).  Polling
 * a one-row version, as the moderation lists' loader does
 * (post/ruleset.c), costs one indexed read a second per instance and
 * needs nothing from Redis.  The instance that saved a change learns it
 * the same way, at most SITEPOLL_MS later; its page cache is dropped
 * then too, so no page keeps the old name.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "http/pcache.h"
#include "http/sitepoll.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/site.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/store.h"

static pthread_t	 sp_tid;
static pthread_mutex_t	 sp_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 sp_cv = PTHREAD_COND_INITIALIZER;
static int		 sp_stop, sp_running;
static struct db	*sp_db;

static int	sp_load(int drop_pages);
static void	*sp_main(void *);

/* Reads the settings when their version moved; 0 or -1 (store down). */
static int
sp_load(int drop_pages)
{
	struct arena	*a;
	struct site_row	 s;
	const char	*name[LANG__MAX];
	int64_t		 v;
	int		 i;

	if (store_site_version(sp_db, &v) == -1)
		return -1;
	if (v == site_version())
		return 0;
	a = arena_new();
	if (store_site_get(sp_db, a, &s) == -1) {
		arena_free(a);
		return -1;
	}
	for (i = 0; i < LANG__MAX; i++)
		name[i] = s.name[i];
	site_set(name, s.logo[0] != '\0', s.version);
	arena_free(a);
	/* pages cached with the old name or logo */
	if (drop_pages) {
		log_info("site settings: version %lld", (long long)s.version);
		pcache_invalidate_local(NULL, 0);
	}
	return 0;
}

static void *
sp_main(void *arg)
{
	struct timespec	until;
	int		failed = 0;

	(void)arg;
	pthread_mutex_lock(&sp_mtx);
	while (!sp_stop) {
		util_deadline(&until, CLOCK_REALTIME, SITEPOLL_MS);
		(void)pthread_cond_timedwait(&sp_cv, &sp_mtx, &until);
		if (sp_stop)
			break;
		pthread_mutex_unlock(&sp_mtx);
		if (sp_load(1) == -1) {
			if (!failed)
				log_warn("site settings: cannot read them; "
				    "keeping the ones in use");
			failed = 1;
		} else
			failed = 0;
		pthread_mutex_lock(&sp_mtx);
	}
	pthread_mutex_unlock(&sp_mtx);
	return NULL;
}

int
sitepoll_start(const char *db_url)
{
	if (db_url == NULL || (sp_db = db_new(db_url)) == NULL)
		return -1;
	if (sp_load(0) == -1)
		log_warn("site settings: not readable now; the built-in name "
		    "is shown until they are");
	sp_stop = 0;
	if ((errno = pthread_create(&sp_tid, NULL, sp_main, NULL)) != 0) {
		log_err("site settings: cannot start the poller: %s",
		    strerror(errno));
		db_free(sp_db);
		sp_db = NULL;
		return -1;
	}
	sp_running = 1;
	return 0;
}

void
sitepoll_stop(void)
{
	if (sp_running) {
		pthread_mutex_lock(&sp_mtx);
		sp_stop = 1;
		pthread_cond_signal(&sp_cv);
		pthread_mutex_unlock(&sp_mtx);
		pthread_join(sp_tid, NULL);
		sp_running = 0;
	}
	if (sp_db != NULL) {
		db_free(sp_db);
		sp_db = NULL;
	}
	site_free();
}
