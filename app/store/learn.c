/*
 * store/learn.c: learning from moderators' decisions (migration 0184).
 *
 * A decision that teaches the classifier adds a mod_training row in its
 * own transaction (store_modq_decide); an undo marks it undone
 * (store_modq_undo).  The training set is each post's latest decision not
 * undone.  Models are rows of mod_models; mod_model_current names the
 * one every instance uses, and mod_model_history records promotions and
 * rollbacks, each one transaction with its audit_log row.  Training runs
 * asked for from the moderators' page are mod_train_runs rows, claimed
 * by one instance (FOR UPDATE SKIP LOCKED).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "store/db_internal.h"
#include "store/store.h"

static char	*i64s(struct arena *, int64_t);
static void	 training_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 model_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 run_decode(struct arena *, const struct db_row *, int,
		    void *);
static int	 audit(struct db *, const char *, const char *, const char *);

static char *
i64s(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

static int
audit(struct db *db, const char *actor, const char *action,
    const char *detail)
{
	const char	*p[5] = { actor, action, NULL, "", detail };

	return db_run(db, Q_AUDIT_ADD, p);
}

int
store_learn_add(struct db *db, struct arena *a, int64_t post, int64_t modlog,
    int spam, const char *lang, const uint64_t *h, size_t n)
{
	struct buf	 b;
	const char	*p[5];
	size_t		 i;

	buf_init(&b, a);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%" PRId64, i ? "," : "", (int64_t)h[i]);
	buf_putc(&b, '}');
	p[0] = i64s(a, post);
	p[1] = i64s(a, modlog);
	p[2] = spam ? "t" : "f";
	p[3] = strcmp(lang, "ja") == 0 ? "ja" : "en";
	p[4] = b.p;
	return db_run(db, Q_LEARN_ADD, p);
}

int
store_learn_undo(struct db *db, struct arena *a, int64_t modlog)
{
	const char	*p[1] = { i64s(a, modlog) };

	return db_run(db, Q_LEARN_UNDO, p);
}

/* LEARN_ROWS */
enum { TRN_ID, TRN_SPAM, TRN_LANG, TRN_FEATURES, TRN__MAX };
static const char *const training_cols[TRN__MAX] = {
	"id", "spam", "lang", "features",
};
static const struct db_shape training_shape = DB_SHAPE(training_cols,
    struct training_row, training_decode);

/* features::text is "{1,-2,3}": parsed into arena hashes. */
static void
training_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct training_row	*t = row;
	const char		*s = db_val(k, i, TRN_FEATURES), *q;
	char			*end;
	size_t			 n = 0;

	t->id = db_i64(k, i, TRN_ID);
	t->spam = db_bool(k, i, TRN_SPAM);
	t->ja = strcmp(db_val(k, i, TRN_LANG), "ja") == 0;
	for (q = s; *q != '\0'; q++)
		if (*q == ',')
			n++;
	t->h = arena_calloc(a, n + 2, sizeof(*t->h));
	t->n = 0;
	for (q = s; *q != '\0' && *q != '}'; ) {
		if (*q == '{' || *q == ',') {
			q++;
			continue;
		}
		t->h[t->n++] = (uint64_t)strtoll(q, &end, 10);
		if (end == q)
			break;
		q = end;
	}
}

int
store_learn_rows(struct db *db, struct arena *a, size_t max,
    struct training_row **out, size_t *n)
{
	const char	*p[1] = { arena_printf(a, "%zu", max) };
	struct training_row *t, tmp;
	void		*v;
	size_t		 i;

	if (db_rows(db, a, Q_LEARN_ROWS, p, &training_shape, &v, n) == -1) {
		*out = NULL;
		return -1;
	}
	/* newest first from SQL (for the LIMIT): oldest first here */
	t = v;
	for (i = 0; i < *n / 2; i++) {
		tmp = t[i];
		t[i] = t[*n - 1 - i];
		t[*n - 1 - i] = tmp;
	}
	*out = t;
	return 0;
}

int
store_learn_train_begin(struct db *db, int *locked)
{
	PGresult	*res;

	*locked = 0;
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_LEARN_TRAIN_LOCK, NULL)) == NULL) {
		db_rollback(db);
		return -1;
	}
	*locked = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (!*locked)
		db_rollback(db);
	return 0;
}

int
store_learn_train_end(struct db *db, int ok)
{
	if (ok)
		return db_commit(db);
	db_rollback(db);
	return 0;
}

/* LEARN_MODELS, LEARN_MODEL_GET */
enum { MR_VERSION, MR_CREATED_AT, MR_CREATED_BY, MR_NTRAIN, MR_NTEST,
    MR_WEIGHTS, MR_METRICS, MR_PASSED, MR_CURRENT, MR__MAX };
static const char *const model_cols[MR__MAX] = {
	"version", "created_at", "created_by", "ntrain", "ntest", "weights",
	"metrics", "passed", "current",
};
static const struct db_shape model_shape = DB_SHAPE(model_cols,
    struct model_row, model_decode);

static void
model_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct model_row	*m = row;

	m->version = db_i64(k, i, MR_VERSION);
	m->created_at = db_i64(k, i, MR_CREATED_AT);
	m->created_by = db_str(a, k, i, MR_CREATED_BY);
	m->ntrain = db_i64(k, i, MR_NTRAIN);
	m->ntest = db_i64(k, i, MR_NTEST);
	m->weights = db_str(a, k, i, MR_WEIGHTS);
	m->metrics = db_str(a, k, i, MR_METRICS);
	m->passed = db_bool(k, i, MR_PASSED);
	m->current = db_bool(k, i, MR_CURRENT);
}

int
store_learn_model_add(struct db *db, struct arena *a, const char *created_by,
    size_t ntrain, size_t ntest, const char *weights, const char *metrics,
    int passed, int64_t *version)
{
	const char	*p[6];

	p[0] = created_by;
	p[1] = arena_printf(a, "%zu", ntrain);
	p[2] = arena_printf(a, "%zu", ntest);
	p[3] = weights;
	p[4] = metrics;
	p[5] = passed ? "t" : "f";
	*version = 0;
	return store_one_id(db, Q_LEARN_MODEL_ADD, p, "version", version);
}

int
store_learn_models(struct db *db, struct arena *a, struct model_row **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_LEARN_MODELS, NULL, &model_shape, &v, n);
	*out = v;
	return rc;
}

int
store_learn_model_get(struct db *db, struct arena *a, int64_t version,
    struct model_row **m)
{
	const char	*p[1] = { i64s(a, version) };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_LEARN_MODEL_GET, p, &model_shape, &v);
	*m = v;
	return rc;
}

int
store_learn_current(struct db *db, int64_t *version)
{
	*version = 0;
	return store_one_id(db, Q_LEARN_CURRENT, NULL, "version", version);
}

int
store_learn_promote(struct db *db, struct arena *a, int64_t version,
    const char *actor, int64_t *previous)
{
	struct model_row *m;
	const char	*p[4];
	int64_t		 cur = 0;

	*previous = 0;
	if (db_begin(db) == -1)
		return -1;
	if (store_one_id(db, Q_LEARN_CURRENT_LOCK, NULL, "version", &cur) ==
	    -1 || store_learn_model_get(db, a, version, &m) == -1)
		goto fail;
	*previous = cur;
	if (m == NULL || !m->passed || cur == version) {
		db_rollback(db);
		return m == NULL ? LEARN_NO_MODEL : !m->passed ?
		    LEARN_BELOW_FLOOR : LEARN_ALREADY;
	}
	p[0] = i64s(a, version);
	if (db_run(db, Q_LEARN_CURRENT_SET, p) == -1)
		goto fail;
	p[0] = "promote";
	p[1] = i64s(a, version);
	p[2] = i64s(a, cur);
	p[3] = actor;
	if (db_run(db, Q_LEARN_HISTORY_ADD, p) == -1 ||
	    audit(db, actor, "model-promote", arena_printf(a, "model %lld "
	    "in use (was %lld)", (long long)version, (long long)cur)) == -1)
		goto fail;
	if (db_commit(db) == -1)
		goto fail;
	return LEARN_CHANGED;
fail:
	db_rollback(db);
	return -1;
}

int
store_learn_rollback(struct db *db, struct arena *a, const char *actor,
    int64_t *from, int64_t *to)
{
	const char	*p[4];
	int64_t		 cur = 0, prev = -1;
	PGresult	*res;

	*from = *to = 0;
	if (db_begin(db) == -1)
		return -1;
	if (store_one_id(db, Q_LEARN_CURRENT_LOCK, NULL, "version", &cur) ==
	    -1)
		goto fail;
	*from = cur;
	p[0] = i64s(a, cur);
	if (cur != 0) {
		if ((res = db_exec(db, Q_LEARN_PREVIOUS, p)) == NULL)
			goto fail;
		if (PQntuples(res) == 1)
			prev = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	if (prev < 0) {
		db_rollback(db);
		return LEARN_NOTHING_BEFORE;
	}
	*to = prev;
	p[0] = i64s(a, prev);
	if (db_run(db, Q_LEARN_CURRENT_SET, p) == -1)
		goto fail;
	p[0] = "rollback";
	p[1] = i64s(a, prev);
	p[2] = i64s(a, cur);
	p[3] = actor;
	if (db_run(db, Q_LEARN_HISTORY_ADD, p) == -1 ||
	    audit(db, actor, "model-rollback", arena_printf(a, "model %lld "
	    "in use (was %lld)", (long long)prev, (long long)cur)) == -1)
		goto fail;
	if (db_commit(db) == -1)
		goto fail;
	return LEARN_CHANGED;
fail:
	db_rollback(db);
	return -1;
}

int
store_learn_run_ask(struct db *db, const char *asked_by, int64_t *id)
{
	const char	*p[1] = { asked_by };

	*id = 0;
	return store_one_id(db, Q_LEARN_RUN_ASK, p, "id", id);
}

int
store_learn_run_claim(struct db *db, int64_t *id)
{
	*id = 0;
	if (db_run(db, Q_LEARN_RUN_STALE, NULL) == -1)
		return -1;
	return store_one_id(db, Q_LEARN_RUN_CLAIM, NULL, "id", id);
}

int
store_learn_run_finish(struct db *db, struct arena *a, int64_t id, int ok,
    int64_t version, const char *message)
{
	const char	*p[4];

	p[0] = i64s(a, id);
	p[1] = ok ? "done" : "failed";
	p[2] = i64s(a, version);
	p[3] = message;
	return db_run(db, Q_LEARN_RUN_FINISH, p);
}

/* LEARN_RUN_LAST */
enum { RR_ID, RR_ASKED_BY, RR_ASKED_AT, RR_STATE, RR_FINISHED_AT,
    RR_VERSION, RR_MESSAGE, RR__MAX };
static const char *const run_cols[RR__MAX] = {
	"id", "asked_by", "asked_at", "state", "finished_at", "version",
	"message",
};
static const struct db_shape run_shape = DB_SHAPE(run_cols,
    struct train_run, run_decode);

static void
run_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct train_run	*r = row;

	r->id = db_i64(k, i, RR_ID);
	r->asked_by = db_str(a, k, i, RR_ASKED_BY);
	r->asked_at = db_i64(k, i, RR_ASKED_AT);
	r->state = db_str(a, k, i, RR_STATE);
	r->finished_at = db_i64(k, i, RR_FINISHED_AT);
	r->version = db_i64(k, i, RR_VERSION);
	r->message = db_str(a, k, i, RR_MESSAGE);
}

int
store_learn_run_last(struct db *db, struct arena *a, struct train_run **r)
{
	void	*v;
	int	 rc;

	rc = db_row1(db, a, Q_LEARN_RUN_LAST, NULL, &run_shape, &v);
	*r = v;
	return rc;
}
