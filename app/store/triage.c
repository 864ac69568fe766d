/*
 * store/triage.c: the urgency triage of questions (see store/triage.h).
 *
 * The rules' class is written by store_triage_set from store_post_write,
 * inside the transaction that creates the question, so a question is
 * never visible unclassified.  A staff correction is one transaction:
 * the thread row is locked, the correction row is inserted by a statement
 * that selects the actor among staff and admins (the privilege is checked
 * where the state changes, not only by the route), then the class and the
 * audit log.  Rows are decoded by column name.
 */
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"
#include "store/triage.h"

static char	*i64s(struct arena *, int64_t);
static int	 class_ix(const char *);
static void	 of_decode(struct arena *, const struct db_row *, int, void *);
static void	 urgent_decode(struct arena *, const struct db_row *, int,
		    void *);

/* TRIAGE_OF */
enum { TO_CLASS, TO_AUTO, TO_AUTHOR, TO_JA, TO_EN, TO__MAX };
static const char *const of_cols[TO__MAX] = {
	"triage_class", "triage_auto", "author_id", "reasons_ja",
	"reasons_en",
};
static const struct db_shape of_shape = DB_SHAPE(of_cols, struct triage_row,
    of_decode);

/* DESK_URGENT */
enum { DU_ID, DU_TITLE, DU_CREATED, DU_FIRST_STAFF, DU_ANSWERS,
    DU_CLAIMED_BY, DU_CLAIMED_ID, DU_AUTO, DU_JA, DU_EN, DU__MAX };
static const char *const urgent_cols[DU__MAX] = {
	"id", "title", "created", "first_staff", "answers", "claimed_by",
	"claimed_id", "triage_auto", "reasons_ja", "reasons_en",
};
static const struct db_shape urgent_shape = DB_SHAPE(urgent_cols,
    struct desk_urgent, urgent_decode);

/* TRIAGE_LOCK */
enum { TL_CLASS, TL_AUTO, TL__MAX };
static const char *const lock_cols[TL__MAX] = {
	"triage_class", "triage_auto",
};

/* TRIAGE_MATRIX, TRIAGE_CORRECTIONS */
enum { TM_AUTO, TM_FINAL, TM_N, TM__MAX };
static const char *const matrix_cols[TM__MAX] = {
	"auto_class", "final_class", "n",
};
enum { TC_N, TC_THREADS, TC__MAX };
static const char *const corr_cols[TC__MAX] = { "n", "threads" };

static char *
i64s(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

/* normal 0, urgent 1, low 2 (enum mod_tclass), -1 otherwise. */
static int
class_ix(const char *s)
{
	if (strcmp(s, "normal") == 0)
		return 0;
	if (strcmp(s, "urgent") == 0)
		return 1;
	if (strcmp(s, "low") == 0)
		return 2;
	return -1;
}

static void
of_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct triage_row	*t = row;

	t->tclass = db_str(a, k, i, TO_CLASS);
	t->auto_class = db_str(a, k, i, TO_AUTO);
	t->author_id = db_i64(k, i, TO_AUTHOR);
	t->reasons[0] = db_str(a, k, i, TO_JA);
	t->reasons[1] = db_str(a, k, i, TO_EN);
}

static void
urgent_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct desk_urgent	*u = row;

	u->id = db_i64(k, i, DU_ID);
	u->title = db_str(a, k, i, DU_TITLE);
	u->created = db_i64(k, i, DU_CREATED);
	u->first_staff = db_i64(k, i, DU_FIRST_STAFF);
	u->answers = db_i64(k, i, DU_ANSWERS);
	u->claimed_by = db_str(a, k, i, DU_CLAIMED_BY);
	u->claimed_id = db_i64(k, i, DU_CLAIMED_ID);
	u->auto_class = db_str(a, k, i, DU_AUTO);
	u->reasons[0] = db_str(a, k, i, DU_JA);
	u->reasons[1] = db_str(a, k, i, DU_EN);
}

int
store_triage_set(struct db *db, struct arena *a, int64_t thread,
    const char *tclass, const char *reasons_json)
{
	const char	*p[3];
	PGresult	*res;

	if (class_ix(tclass) < 0)
		return -1;
	p[0] = i64s(a, thread);
	p[1] = tclass;
	p[2] = reasons_json != NULL ? reasons_json : "[]";
	if ((res = db_exec(db, Q_TRIAGE_SET, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
store_triage_of(struct db *db, struct arena *a, int64_t thread,
    struct triage_row **out)
{
	const char	*p[1] = { i64s(a, thread) };
	void		*v = NULL;
	int		 rc;

	rc = db_row1(db, a, Q_TRIAGE_OF, p, &of_shape, &v);
	*out = v;
	return rc;
}

int
store_triage_correct(struct db *db, struct arena *a, int64_t thread,
    int64_t staff_id, const char *staff_name, const char *tclass,
    const char *note, enum store_triage_result *result, const char **from)
{
	PGresult	*res;
	struct db_row	 k;
	const char	*p[6], *cur, *autoc, *tid, *sid;

	*result = STORE_TRIAGE_NOTFOUND;
	*from = "";
	if (class_ix(tclass) < 0)
		return -1;
	tid = i64s(a, thread);
	sid = i64s(a, staff_id);
	if (db_begin(db) == -1)
		return -1;
	p[0] = tid;
	if ((res = db_query(db, Q_TRIAGE_LOCK, p, &k, lock_cols, TL__MAX)) ==
	    NULL)
		goto fail;
	if (PQntuples(res) != 1) {
		PQclear(res);
		db_rollback(db);
		return 0;
	}
	cur = db_str(a, &k, 0, TL_CLASS);
	autoc = db_str(a, &k, 0, TL_AUTO);
	PQclear(res);
	*from = cur;
	if (strcmp(cur, tclass) == 0) {
		*result = STORE_TRIAGE_UNCHANGED;
		db_rollback(db);
		return 0;
	}
	p[0] = tid;
	p[1] = sid;
	p[2] = cur;
	p[3] = tclass;
	/* unclassified (asked before triage): the rules said nothing */
	p[4] = autoc[0] != '\0' ? autoc : cur;
	p[5] = note != NULL ? note : "";
	if ((res = db_exec(db, Q_TRIAGE_CORRECT, p)) == NULL)
		goto fail;
	if (PQntuples(res) != 1) {
		PQclear(res);
		*result = STORE_TRIAGE_FORBIDDEN;
		db_rollback(db);
		return 0;
	}
	PQclear(res);
	p[0] = tid;
	p[1] = tclass;
	if ((res = db_exec(db, Q_TRIAGE_UPDATE, p)) == NULL)
		goto fail;
	PQclear(res);
	if (store_modlog_add(db, staff_id, staff_name != NULL ? staff_name :
	    "", "triage", "thread", thread, "", 0, "", note != NULL ? note :
	    "", arena_printf(a, "{\"class\": \"%s\"}", cur),
	    arena_printf(a, "{\"class\": \"%s\"}", tclass), NULL) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	*result = STORE_TRIAGE_OK;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
store_desk_urgent(struct db *db, struct arena *a, int limit,
    struct desk_urgent **out, size_t *n)
{
	const char	*p[1] = { i64s(a, limit) };
	void		*v = NULL;
	int		 rc;

	rc = db_rows(db, a, Q_DESK_URGENT, p, &urgent_shape, &v, n);
	*out = v;
	return rc;
}

int
store_triage_stats(struct db *db, struct arena *a, struct triage_stats *s)
{
	PGresult	*res;
	struct db_row	 k;
	int		 i, x, y;

	(void)a;
	memset(s, 0, sizeof(*s));
	if ((res = db_query(db, Q_TRIAGE_MATRIX, NULL, &k, matrix_cols,
	    TM__MAX)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		x = class_ix(db_val(&k, i, TM_AUTO));
		y = class_ix(db_val(&k, i, TM_FINAL));
		if (x >= 0 && y >= 0)
			s->n[x][y] += db_i64(&k, i, TM_N);
	}
	PQclear(res);
	if ((res = db_query(db, Q_TRIAGE_CORRECTIONS, NULL, &k, corr_cols,
	    TC__MAX)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		s->corrections = db_i64(&k, 0, TC_N);
		s->corrected_threads = db_i64(&k, 0, TC_THREADS);
	}
	PQclear(res);
	return 0;
}
