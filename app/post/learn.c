/*
 * post/learn.c: training runs and the model in use (see learn.h).
 *
 * The model in use is an entry with a reference count, as rule sets are
 * (post/ruleset.c): learn_model_get() takes a reference released with the
 * request's arena, so a check in flight keeps the model it started with;
 * installing a new one drops the holder's reference and the last user
 * frees the old one (freeing weights is a free(), harmless anywhere).
 * Which version is in use is one PostgreSQL row (mod_model_current),
 * polled by every instance's rule loader, so a promotion or rollback from
 * any instance or the command line reaches all of them in seconds.
 *
 * Training runs on the command line (`sodan admin model train`) or on
 * this server's trainer thread, never on the request path, inside one
 * transaction holding a transaction-scoped advisory lock, so one instance
 * trains at a time and the lock ends with the run whatever happens.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "moderation/moderation.h"

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/util.h"
#include "post/learn.h"
#include "store/db.h"
#include "store/store.h"

#define LEARN_TICK	2	/* seconds between looks at asked runs */

struct lm_entry {
	struct mod_linear	*m;
	int64_t			 version;
	unsigned		 refs;		/* under lm_mtx */
};

static pthread_mutex_t	 lm_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct lm_entry	*lm_cur;		/* under lm_mtx */
static int64_t		 lm_failed = -1;	/* version that failed to load */
static pthread_t	 lt_thr;
static int		 lt_started;
static atomic_int	 lt_stop;
static pthread_mutex_t	 lt_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 lt_cv = PTHREAD_COND_INITIALIZER;	/* stop */
static char		*lt_url;
static int		 lt_interval, lt_min_p, lt_min_r;

static void	 lm_release(void *);
static void	 lm_unref_locked(struct lm_entry *);
static json_t	*eval_json(const struct mod_eval *);
static json_t	*counts_json(const struct mod_eval_counts *);
static int	 passes(const struct mod_eval *, int, int);
static void	*lt_main(void *);
static void	 lt_run(struct db *, int64_t, const char *);

/* --- the model in use ------------------------------------------------------ */

static void
lm_unref_locked(struct lm_entry *e)
{
	if (--e->refs == 0) {
		mod_linear_free(e->m);
		free(e);
	}
}

static void
lm_release(void *arg)
{
	pthread_mutex_lock(&lm_mtx);
	lm_unref_locked(arg);
	pthread_mutex_unlock(&lm_mtx);
}

const struct mod_linear *
learn_model_get(struct arena *a, int64_t *version)
{
	struct lm_entry	*e;

	pthread_mutex_lock(&lm_mtx);
	if ((e = lm_cur) != NULL)
		e->refs++;
	pthread_mutex_unlock(&lm_mtx);
	*version = e != NULL ? e->version : 0;
	if (e == NULL)
		return NULL;
	arena_defer(a, lm_release, e);
	return e->m;
}

int64_t
learn_model_version(void)
{
	int64_t	v;

	pthread_mutex_lock(&lm_mtx);
	v = lm_cur != NULL ? lm_cur->version : 0;
	pthread_mutex_unlock(&lm_mtx);
	return v;
}

void
learn_poll(struct db *db)
{
	struct arena		*a;
	struct model_row	*row;
	struct mod_linear	*m;
	struct lm_entry		*e = NULL, *old;
	int64_t			 v;
	char			 err[256];

	if (db == NULL || store_learn_current(db, &v) == -1)
		return;
	if (v == learn_model_version() || v == lm_failed)
		return;
	a = arena_new();
	if (v != 0) {
		if (store_learn_model_get(db, a, v, &row) == -1 ||
		    row == NULL) {
			arena_free(a);
			return;
		}
		if ((m = mod_linear_parse(row->weights, strlen(row->weights),
		    err, sizeof(err))) == NULL) {
			log_err("moderation: model %lld cannot be loaded, "
			    "keeping %lld: %s", (long long)v,
			    (long long)learn_model_version(), err);
			lm_failed = v;
			arena_free(a);
			return;
		}
		if ((e = calloc(1, sizeof(*e))) == NULL) {
			mod_linear_free(m);
			arena_free(a);
			return;
		}
		e->m = m;
		e->version = v;
		e->refs = 1;		/* the holder's, while it is in use */
	}
	pthread_mutex_lock(&lm_mtx);
	old = lm_cur;
	lm_cur = e;
	if (old != NULL)
		lm_unref_locked(old);
	pthread_mutex_unlock(&lm_mtx);
	lm_failed = -1;
	log_info("moderation: learned model %lld in use", (long long)v);
	arena_free(a);
}

/* --- training -------------------------------------------------------------- */

static json_t *
counts_json(const struct mod_eval_counts *c)
{
	double	p = mod_eval_precision(c), r = mod_eval_recall(c);

	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}",
	    "tp", (json_int_t)c->tp, "fp", (json_int_t)c->fp,
	    "fn", (json_int_t)c->fn, "tn", (json_int_t)c->tn,
	    "precision", p < 0 ? json_null() : json_real(p),
	    "recall", r < 0 ? json_null() : json_real(r));
}

static json_t *
eval_json(const struct mod_eval *e)
{
	return json_pack("{s:o, s:o, s:o}", "all", counts_json(&e->all),
	    "ja", counts_json(&e->ja), "en", counts_json(&e->en));
}

char *
learn_metrics_json(struct arena *a, const struct learn_report *r)
{
	json_t	*o;
	char	*s, *out;

	o = json_pack("{s:f, s:I, s:I, s:o, s:I, s:o, s:b}", "cut", LEARN_CUT,
	    "train", (json_int_t)r->ntrain, "held_back", (json_int_t)r->ntest,
	    "new", eval_json(&r->fresh), "in_use", (json_int_t)r->in_use,
	    "in_use_eval", eval_json(&r->current), "passed", r->passed);
	s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	out = arena_strdup(a, s != NULL ? s : "{}");
	free(s);
	return out;
}

/*
 * 1 when e beats the floors (percent) over all languages; an undefined
 * figure (no spam held back, nothing predicted) does not.
 */
static int
passes(const struct mod_eval *e, int min_p, int min_r)
{
	double	p = mod_eval_precision(&e->all), r = mod_eval_recall(&e->all);

	return p >= 0 && r >= 0 && p * 100 >= min_p && r * 100 >= min_r;
}

int
learn_train(struct db *db, const char *actor, int min_p, int min_r,
    struct learn_report *out)
{
	struct arena		*a = arena_new();
	struct training_row	*rows;
	struct mod_example	*ex;
	struct mod_linear	*fresh = NULL, *cur = NULL;
	struct model_row	*mr;
	struct mod_train_opts	 o;
	size_t			 n, i, s_tr = 0, h_tr = 0, len;
	char			*weights = NULL, err[256];
	int			 locked, ok = 0, rc = -1;

	memset(out, 0, sizeof(*out));
	if (store_learn_train_begin(db, &locked) == -1)
		goto out;
	if (!locked) {
		out->skipped = 1;
		snprintf(out->message, sizeof(out->message), "%s",
		    LEARN_MSG_BUSY);
		rc = 0;
		goto out;
	}
	if (store_learn_rows(db, a, LEARN_MAX_ROWS, &rows, &n) == -1 ||
	    store_learn_current(db, &out->in_use) == -1)
		goto end;
	ex = arena_calloc(a, n + 1, sizeof(*ex));
	for (i = 0; i < n; i++) {
		ex[i].h = rows[i].h;
		ex[i].n = rows[i].n;
		ex[i].spam = rows[i].spam;
		ex[i].ja = rows[i].ja;
		if (rows[i].spam)
			out->nspam++;
		else
			out->nham++;
	}
	/* the most recent fifth held back, the rest (older) trained on */
	out->ntest = n / 5;
	out->ntrain = n - out->ntest;
	for (i = 0; i < out->ntrain; i++) {
		s_tr += ex[i].spam != 0;
		h_tr += ex[i].spam == 0;
	}
	if (out->ntest == 0 || s_tr == 0 || h_tr == 0) {
		snprintf(out->message, sizeof(out->message), LEARN_MSG_FEW,
		    n, out->nspam, out->nham);
		ok = 1;
		rc = 0;
		goto end;
	}
	memset(&o, 0, sizeof(o));
	if ((fresh = mod_linear_train(ex, out->ntrain, &o)) == NULL) {
		snprintf(out->message, sizeof(out->message), "%s",
		    LEARN_MSG_NOMEM);
		goto end;
	}
	mod_linear_eval(fresh, ex + out->ntrain, out->ntest, LEARN_CUT,
	    &out->fresh);
	cur = NULL;
	if (out->in_use != 0) {
		if (store_learn_model_get(db, a, out->in_use, &mr) == -1)
			goto end;
		if (mr != NULL)
			cur = mod_linear_parse(mr->weights,
			    strlen(mr->weights), err, sizeof(err));
	}
	mod_linear_eval(cur, ex + out->ntrain, out->ntest, LEARN_CUT,
	    &out->current);
	out->passed = passes(&out->fresh, min_p, min_r);
	if ((weights = mod_linear_dump(fresh, &len)) == NULL)
		goto end;
	if (store_learn_model_add(db, a, actor, out->ntrain, out->ntest,
	    weights, learn_metrics_json(a, out), out->passed,
	    &out->version) == -1)
		goto end;
	ok = 1;
	rc = 0;
end:
	if (store_learn_train_end(db, ok) == -1)
		rc = -1;
	if (rc == -1)
		out->version = 0;
out:
	free(weights);
	mod_linear_free(fresh);
	mod_linear_free(cur);
	arena_free(a);
	return rc;
}

/* --- the trainer thread ----------------------------------------------------- */

/* One run: asked (id != 0) or scheduled; logged and recorded. */
static void
lt_run(struct db *db, int64_t id, const char *actor)
{
	struct learn_report	 r;
	struct arena		*a = arena_new();
	const char		*msg;
	int			 rc;

	rc = learn_train(db, actor, lt_min_p, lt_min_r, &r);
	if (rc == -1)
		msg = LEARN_MSG_DBFAIL;
	else if (r.version == 0)
		msg = r.message;
	else
		msg = arena_printf(a, "model %lld: held back %zu, precision "
		    "%.3f recall %.3f%s", (long long)r.version, r.ntest,
		    mod_eval_precision(&r.fresh.all),
		    mod_eval_recall(&r.fresh.all), r.passed ? "" :
		    " (below the floors)");
	log_info("moderation: training run (%s): %s", actor, msg);
	if (id != 0)
		(void)store_learn_run_finish(db, a, id, rc == 0 &&
		    r.version != 0, r.version, msg);
	arena_free(a);
}

static void *
lt_main(void *arg)
{
	struct db	*db = NULL;
	struct timespec	 ts;
	time_t		 due;
	int64_t		 id;

	(void)arg;
	due = lt_interval > 0 ? time(NULL) + lt_interval : 0;
	while (!atomic_load(&lt_stop)) {
		/* LEARN_TICK, or until learn_stop() wakes it */
		util_deadline(&ts, CLOCK_REALTIME, LEARN_TICK * 1000L);
		pthread_mutex_lock(&lt_mtx);
		if (!atomic_load(&lt_stop))
			(void)pthread_cond_timedwait(&lt_cv, &lt_mtx, &ts);
		pthread_mutex_unlock(&lt_mtx);
		if (atomic_load(&lt_stop))
			break;
		if (db == NULL && (db = db_new(lt_url)) == NULL)
			continue;
		if (store_learn_run_claim(db, &id) == 0 && id != 0)
			lt_run(db, id, "asked");
		if (due != 0 && time(NULL) >= due) {
			due = time(NULL) + lt_interval;
			lt_run(db, 0, "schedule");
		}
	}
	db_free(db);
	return NULL;
}

int
learn_start(const char *db_url, int interval, int min_p, int min_r)
{
	if (db_url == NULL || (lt_url = strdup(db_url)) == NULL)
		return -1;
	lt_interval = interval;
	lt_min_p = min_p;
	lt_min_r = min_r;
	if (pthread_create(&lt_thr, NULL, lt_main, NULL) != 0) {
		log_err("moderation: cannot start the trainer");
		free(lt_url);
		lt_url = NULL;
		return -1;
	}
	lt_started = 1;
	return 0;
}

void
learn_stop(void)
{
	struct lm_entry	*e;

	if (lt_started) {
		pthread_mutex_lock(&lt_mtx);
		atomic_store(&lt_stop, 1);
		pthread_cond_signal(&lt_cv);
		pthread_mutex_unlock(&lt_mtx);
		pthread_join(lt_thr, NULL);
		lt_started = 0;
	}
	free(lt_url);
	lt_url = NULL;
	pthread_mutex_lock(&lm_mtx);
	e = lm_cur;
	lm_cur = NULL;
	if (e != NULL)
		lm_unref_locked(e);
	pthread_mutex_unlock(&lm_mtx);
}
