/*
 * post/ruleset.c: the rule set in use, its loader thread and reloads
 * (see ruleset.h).
 *
 * Each loaded set is an entry with a reference count; `cur` is the entry
 * new requests get.  ruleset_get() takes a reference under the mutex and
 * registers its release with the request's arena (arena_defer), so the
 * reference is dropped when the request's memory is, wherever that
 * happens.  Installing a new set moves `cur` and drops the loader's own
 * reference to the old entry; an entry nobody references is put on the
 * retired list, and the loader thread frees it (freeing a Hyperscan
 * database never happens on an event loop or in a request).
 *
 * The loader waits on a semaphore, posted by SIGHUP's handler (sem_post is
 * async-signal-safe) or by ruleset_reload(), and wakes once a second to
 * free retired sets.  Before loading it hashes the files of the moderation
 * directory: unchanged files install nothing and clear an earlier error.
 * A load that fails keeps the set in use and keeps the library's message
 * (file and line).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "moderation/moderation.h"

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/util.h"
#include "post/ruleset.h"

#define RULESET_WAIT	120	/* seconds a post waits for the first load */

struct rs_entry {
	struct mod_rules	*rules;
	unsigned		 refs;		/* under rs_mtx */
	char			 hash[RULESET_HASH_LEN + 1];
	char			 version[64];
	time_t			 loaded_at;
	size_t			 nrules;
	struct rs_entry		*next;		/* on the retired list */
};

static pthread_mutex_t	 rs_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 rs_cv = PTHREAD_COND_INITIALIZER;	/* first load */
static struct rs_entry	*rs_cur;		/* under rs_mtx */
static struct rs_entry	*rs_retired;		/* under rs_mtx */
static int		 rs_first_done;		/* under rs_mtx */
static struct ruleset_status rs_st;		/* under rs_mtx */
static size_t		 rs_alive;		/* under rs_mtx */
static sem_t		 rs_sem;
static volatile sig_atomic_t rs_asked;		/* a reload is asked for */
static atomic_int	 rs_stop;
static atomic_int	 rs_busy;		/* the loader is loading */
static pthread_t	 rs_thr;
static int		 rs_started;
static char		*rs_dir;
static char		*rs_cache;

static void		*rs_loader(void *);
static void		 rs_load(void);
static void		 rs_release(void *);
static void		 rs_unref_locked(struct rs_entry *);
static void		 rs_free_retired(void);
static const struct mod_rules *rs_take(struct arena *, int);
static int		 rs_name_cmp(const void *, const void *);

static int
rs_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ruleset_hash(const char *confdir, char *out)
{
	crypto_hash_sha256_state h;
	unsigned char		 d[crypto_hash_sha256_BYTES], chunk[8192];
	char			 hex[sizeof(d) * 2 + 1], **names = NULL, **nn;
	char			*path = NULL;
	DIR			*dp;
	struct dirent		*de;
	struct stat		 sb;
	size_t			 n = 0, cap = 0, i, k;
	FILE			*fp;
	int			 rc = -1;

	if ((dp = opendir(confdir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nn = realloc(names, cap * sizeof(*names))) == NULL)
				goto out;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto out;
		n++;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), rs_name_cmp);
	crypto_hash_sha256_init(&h);
	for (i = 0; i < n; i++) {
		free(path);
		if ((path = malloc(strlen(confdir) + strlen(names[i]) + 2)) ==
		    NULL)
			goto out;
		sprintf(path, "%s/%s", confdir, names[i]);
		if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		if ((fp = fopen(path, "rb")) == NULL)
			goto out;
		crypto_hash_sha256_update(&h, (const unsigned char *)names[i],
		    strlen(names[i]) + 1);
		while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			crypto_hash_sha256_update(&h, chunk, k);
		if (ferror(fp)) {
			fclose(fp);
			goto out;
		}
		fclose(fp);
	}
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, sizeof(hex), d, sizeof(d));
	memcpy(out, hex, RULESET_HASH_LEN);
	out[RULESET_HASH_LEN] = '\0';
	rc = 0;
out:
	closedir(dp);
	free(path);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* One load attempt, on the loader thread. */
static void
rs_load(void)
{
	struct mod_load_opts	 o;
	struct mod_rules	*rs = NULL;
	struct rs_entry		*e, *old;
	char			 hash[RULESET_HASH_LEN + 1], err[512];
	int			 same;

	memset(&o, 0, sizeof(o));
	o.cache_dir = rs_cache;
	if (rs_cache != NULL && util_mkdir_p(rs_cache) == -1) {
		log_warn("moderation: cannot create %s; compiling without "
		    "a cache", rs_cache);
		o.cache_dir = NULL;
	}
	err[0] = '\0';
	if (ruleset_hash(rs_dir, hash) == -1) {
		snprintf(err, sizeof(err), "%s: cannot read the directory or "
		    "one of its files", rs_dir);
		goto done;
	}
	pthread_mutex_lock(&rs_mtx);
	same = rs_cur != NULL && strcmp(rs_cur->hash, hash) == 0;
	if (same) {
		rs_st.attempt_at = time(NULL);
		rs_st.attempts++;
		rs_st.attempt_ok = 1;
		rs_st.error[0] = '\0';
	}
	pthread_mutex_unlock(&rs_mtx);
	if (same) {
		log_info("moderation: rules unchanged (sha256:%s)", hash);
		return;
	}
	rs = mod_rules_load_ex(rs_dir, &o, err, sizeof(err));
done:
	pthread_mutex_lock(&rs_mtx);
	rs_st.attempt_at = time(NULL);
	rs_st.attempts++;
	rs_st.attempt_ok = rs != NULL;
	if (rs == NULL) {
		rs_st.failures++;
		snprintf(rs_st.error, sizeof(rs_st.error), "%s", err);
		if (rs_cur != NULL)
			log_err("moderation: reload failed, keeping %s: %s",
			    rs_cur->version, err);
		else
			log_err("moderation: %s; every post will be held for "
			    "review", err);
	} else if ((e = calloc(1, sizeof(*e))) == NULL) {
		rs_st.failures++;
		snprintf(rs_st.error, sizeof(rs_st.error), "out of memory");
		log_err("moderation: out of memory installing rules");
		pthread_mutex_unlock(&rs_mtx);
		mod_rules_free(rs);
		pthread_mutex_lock(&rs_mtx);
	} else {
		e->rules = rs;
		e->refs = 1;		/* the loader's, while it is cur */
		memcpy(e->hash, hash, sizeof(e->hash));
		e->nrules = mod_rules_count(rs);
		snprintf(e->version, sizeof(e->version), "%zu rules, "
		    "sha256:%s", e->nrules, hash);
		e->loaded_at = time(NULL);
		old = rs_cur;
		rs_cur = e;
		rs_alive++;
		if (old != NULL) {
			rs_st.reloads++;
			rs_unref_locked(old);
		}
		rs_st.error[0] = '\0';
		log_info("moderation: %zu rules loaded from %s (sha256:%s)",
		    e->nrules, rs_dir, hash);
	}
	rs_first_done = 1;
	pthread_cond_broadcast(&rs_cv);
	pthread_mutex_unlock(&rs_mtx);
}

/* Drops one reference; the last one of a set not in use retires it. */
static void
rs_unref_locked(struct rs_entry *e)
{
	if (--e->refs == 0 && e != rs_cur) {
		e->next = rs_retired;
		rs_retired = e;
	}
}

static void
rs_release(void *arg)
{
	pthread_mutex_lock(&rs_mtx);
	rs_unref_locked(arg);
	pthread_mutex_unlock(&rs_mtx);
}

static void
rs_free_retired(void)
{
	struct rs_entry	*e, *next;

	pthread_mutex_lock(&rs_mtx);
	e = rs_retired;
	rs_retired = NULL;
	pthread_mutex_unlock(&rs_mtx);
	for (; e != NULL; e = next) {
		next = e->next;
		log_info("moderation: rule set sha256:%s freed", e->hash);
		mod_rules_free(e->rules);
		free(e);
		pthread_mutex_lock(&rs_mtx);
		rs_alive--;
		pthread_mutex_unlock(&rs_mtx);
	}
}

static void *
rs_loader(void *arg)
{
	struct timespec	until;

	(void)arg;
	rs_load();
	atomic_store(&rs_busy, 0);
	while (!atomic_load(&rs_stop)) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (sem_timedwait(&rs_sem, &until) == -1 &&
		    errno != ETIMEDOUT && errno != EINTR)
			log_warn("moderation: loader wait: %s",
			    strerror(errno));
		rs_free_retired();
		if (atomic_load(&rs_stop))
			break;
		if (!rs_asked)
			continue;
		while (sem_trywait(&rs_sem) == 0)
			;		/* several asks, one reload */
		rs_asked = 0;
		atomic_store(&rs_busy, 1);
		log_info("moderation: reloading rules from %s", rs_dir);
		rs_load();
		atomic_store(&rs_busy, 0);
	}
	return NULL;
}

int
ruleset_start(const char *confdir, const char *cachedir)
{
	if (confdir == NULL || confdir[0] == '\0') {
		log_err("moderation: no rule directory configured; every post "
		    "will be held for review");
		goto fail;
	}
	rs_dir = strdup(confdir);
	rs_cache = cachedir != NULL && cachedir[0] != '\0' ?
	    strdup(cachedir) : NULL;
	if (rs_dir == NULL || sem_init(&rs_sem, 0, 0) == -1) {
		log_err("moderation: cannot start the rule loader");
		goto fail;
	}
	atomic_store(&rs_busy, 1);
	if (pthread_create(&rs_thr, NULL, rs_loader, NULL) != 0) {
		log_err("moderation: cannot start the rule loader");
		atomic_store(&rs_busy, 0);
		sem_destroy(&rs_sem);
		goto fail;
	}
	rs_started = 1;
	return 0;
fail:
	pthread_mutex_lock(&rs_mtx);
	rs_first_done = 1;
	snprintf(rs_st.error, sizeof(rs_st.error), "the rule loader did not "
	    "start");
	pthread_mutex_unlock(&rs_mtx);
	return -1;
}

void
ruleset_stop(void)
{
	struct rs_entry	*e;

	if (!rs_started)
		goto names;
	atomic_store(&rs_stop, 1);
	sem_post(&rs_sem);
	if (atomic_load(&rs_busy)) {
		/* Shutting down mid-compile: let exit end the loader. */
		pthread_detach(rs_thr);
		rs_started = 0;
		return;
	}
	pthread_join(rs_thr, NULL);
	rs_started = 0;
	sem_destroy(&rs_sem);
	rs_free_retired();
	pthread_mutex_lock(&rs_mtx);
	e = rs_cur;
	rs_cur = NULL;
	if (e != NULL)
		rs_alive--;
	pthread_mutex_unlock(&rs_mtx);
	if (e != NULL) {
		mod_rules_free(e->rules);
		free(e);
	}
names:
	free(rs_dir);
	free(rs_cache);
	rs_dir = rs_cache = NULL;
}

/* The set in use with a reference for arena a; wait: for the first load. */
static const struct mod_rules *
rs_take(struct arena *a, int wait)
{
	struct timespec		 until;
	struct rs_entry		*e;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += RULESET_WAIT;
	pthread_mutex_lock(&rs_mtx);
	while (wait && !rs_first_done)
		if (pthread_cond_timedwait(&rs_cv, &rs_mtx, &until) ==
		    ETIMEDOUT)
			break;
	if ((e = rs_cur) != NULL)
		e->refs++;
	pthread_mutex_unlock(&rs_mtx);
	if (e == NULL)
		return NULL;
	arena_defer(a, rs_release, e);
	return e->rules;
}

const struct mod_rules *
ruleset_get(struct arena *a)
{
	return rs_take(a, 1);
}

const struct mod_rules *
ruleset_ready(struct arena *a)
{
	return rs_take(a, 0);
}

void
ruleset_reload_signal(void)
{
	int	saved = errno;

	rs_asked = 1;
	if (rs_started)
		(void)sem_post(&rs_sem);
	errno = saved;
}

void
ruleset_reload(void)
{
	ruleset_reload_signal();
}

void
ruleset_status(struct ruleset_status *out)
{
	pthread_mutex_lock(&rs_mtx);
	*out = rs_st;
	out->loaded = rs_cur != NULL;
	out->alive = rs_alive;
	if (rs_cur != NULL) {
		memcpy(out->hash, rs_cur->hash, sizeof(out->hash));
		memcpy(out->version, rs_cur->version, sizeof(out->version));
		out->loaded_at = rs_cur->loaded_at;
		out->nrules = rs_cur->nrules;
	} else {
		out->hash[0] = out->version[0] = '\0';
		out->loaded_at = 0;
		out->nrules = 0;
	}
	out->pending = rs_asked || atomic_load(&rs_busy);
	pthread_mutex_unlock(&rs_mtx);
}
