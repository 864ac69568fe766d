/*
 * store/appeal.c: appeals of moderators' removals.
 *
 * The author of a removed post appeals once per removal: the appeal names
 * the mod_log row of that removal (appeals.decision_id, unique), so a
 * post removed again after a reversal can be appealed again, and the
 * same decision never twice.  Filing writes the appeal and a mod_log row
 * in one transaction.  Upholding is one transaction here; reversing is a
 * moderator's decision on the post (post_moderate -> store_modq_decide,
 * struct modq_act.appeal_id), which decides the appeal in its own
 * transaction.  The rule "another moderator decides, where there are two"
 * is part of the statement that decides (APPEAL_DECIDE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

static enum appeal_state appeal_state(const char *);
static void	 target_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 open_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 get_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 decide_decode(struct arena *, const struct db_row *, int,
		    void *);

/* appeals.state; APPEAL_NONE is no stored state ("" from the outer join) */
static const char *const appeal_names[APPEAL__MAX] = {
	[APPEAL_OPEN] = "open",
	[APPEAL_UPHELD] = "upheld",
	[APPEAL_REVERSED] = "reversed",
};

/* APPEAL_TARGET */
enum { TG_STATE, TG_AUTHOR_ID, TG_THREAD_ID, TG_DECISION_ID, TG_REMOVED_BY,
    TG_REASON, TG_APPEAL_ID, TG_APPEAL_STATE, TG_APPEAL_NOTE, TG__MAX };
static const char *const target_cols[TG__MAX] = {
	"state", "author_id", "thread_id", "decision_id", "removed_by",
	"reason", "appeal_id", "appeal_state", "appeal_note",
};
static const struct db_shape target_shape = DB_SHAPE(target_cols,
    struct appeal_target, target_decode);

/* APPEAL_OPEN */
enum { AO_ID, AO_POST_ID, AO_THREAD_ID, AO_TITLE, AO_AUTHOR,
    AO_REMOVED_BY_NAME, AO_REMOVED_BY, AO_REASON, AO_BODY, AO_CREATED,
    AO__MAX };
static const char *const open_cols[AO__MAX] = {
	"id", "post_id", "thread_id", "title", "author", "removed_by_name",
	"removed_by", "reason", "body", "created",
};
static const struct db_shape open_shape = DB_SHAPE(open_cols,
    struct appeal_row, open_decode);

/* APPEAL_GET */
struct appeal_get {
	int64_t			 post;
	enum appeal_state	 state;
	int64_t			 removed_by;
};
enum { AG_POST_ID, AG_STATE, AG_REMOVED_BY, AG__MAX };
static const char *const get_cols[AG__MAX] = {
	"post_id", "state", "removed_by",
};
static const struct db_shape get_shape = DB_SHAPE(get_cols,
    struct appeal_get, get_decode);

/* APPEAL_DECIDE */
struct appeal_decided {
	int64_t		 post;
	int64_t		 user;
};
enum { AD_POST_ID, AD_USER_ID, AD__MAX };
static const char *const decide_cols[AD__MAX] = { "post_id", "user_id" };
static const struct db_shape decide_shape = DB_SHAPE(decide_cols,
    struct appeal_decided, decide_decode);

/* APPEAL_COUNTS */
enum { AC_APPEALS, AC_REVERSED, AC__MAX };
static const char *const counts_cols[AC__MAX] = { "appeals", "reversed" };

/* APPEAL_ADD */
/* APPEAL_SUSP_TARGET */
enum { SST_SUSPENDED, SST_DECISION, SST_REMOVED_BY, SST_APPEAL,
    SST_APPEAL_STATE, ST__MAX };
static const char *const susp_target_cols[ST__MAX] = {
	"suspended", "decision_id", "removed_by", "appeal_id", "appeal_state",
};

/* APPEAL_SUSP_OPEN */
enum { SO_ID, SO_USER_ID, SO_MEMBER, SO_REASON, SO_REMOVED_BY_NAME,
    SO_REMOVED_BY, SO_BODY, SO_CREATED, SO__MAX };
static const char *const susp_open_cols[SO__MAX] = {
	"id", "user_id", "member", "suspend_reason", "removed_by_name",
	"removed_by", "body", "created",
};
static void	 susp_open_decode(struct arena *, const struct db_row *, int,
		    void *);
static const struct db_shape susp_open_shape = DB_SHAPE(susp_open_cols,
    struct susp_appeal_row, susp_open_decode);

/* APPEAL_SUSP_GET */
enum { SG_USER_ID, SG_STATE, SG_REMOVED_BY, SG_USERNAME, SG__MAX };
static const char *const susp_get_cols[SG__MAX] = {
	"user_id", "state", "removed_by", "username",
};

enum { ID_ID, ID__MAX };
static const char *const id_cols[ID__MAX] = { "id" };

static enum appeal_state
appeal_state(const char *s)
{
	int	i;

	for (i = APPEAL_OPEN; i < APPEAL__MAX; i++)
		if (strcmp(appeal_names[i], s) == 0)
			return (enum appeal_state)i;
	return APPEAL_NONE;
}

static void
target_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct appeal_target	*t = row;

	/* only "removed" matters here; an unknown state is not removed */
	t->state = state_post_parse(db_val(k, i, TG_STATE));
	t->author = db_i64(k, i, TG_AUTHOR_ID);
	t->thread = db_i64(k, i, TG_THREAD_ID);
	t->decision = db_i64(k, i, TG_DECISION_ID);
	t->removed_by = db_i64(k, i, TG_REMOVED_BY);
	t->reason = db_str(a, k, i, TG_REASON);
	t->appeal = db_i64(k, i, TG_APPEAL_ID);
	t->appeal_state = appeal_state(db_val(k, i, TG_APPEAL_STATE));
	t->appeal_note = db_str(a, k, i, TG_APPEAL_NOTE);
}

static void
open_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct appeal_row	*r = row;

	r->id = db_i64(k, i, AO_ID);
	r->post_id = db_i64(k, i, AO_POST_ID);
	r->thread_id = db_i64(k, i, AO_THREAD_ID);
	r->title = db_str(a, k, i, AO_TITLE);
	r->author = db_str(a, k, i, AO_AUTHOR);
	r->removed_by_name = db_str(a, k, i, AO_REMOVED_BY_NAME);
	r->removed_by = db_i64(k, i, AO_REMOVED_BY);
	r->reason = db_str(a, k, i, AO_REASON);
	r->body = db_str(a, k, i, AO_BODY);
	r->created = db_i64(k, i, AO_CREATED);
}

static void
get_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct appeal_get	*g = row;

	(void)a;
	g->post = db_i64(k, i, AG_POST_ID);
	g->state = appeal_state(db_val(k, i, AG_STATE));
	g->removed_by = db_i64(k, i, AG_REMOVED_BY);
}

static void
decide_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct appeal_decided	*d = row;

	(void)a;
	d->post = db_i64(k, i, AD_POST_ID);
	d->user = db_i64(k, i, AD_USER_ID);
}

int
store_appeal_target(struct db *db, struct arena *a, int64_t post,
    struct appeal_target **out)
{
	char		 ps[24];
	const char	*p[1] = { ps };
	void		*v;
	int		 rc;

	ID(ps, post);
	rc = db_row1(db, a, Q_APPEAL_TARGET, p, &target_shape, &v);
	*out = v;
	return rc;
}

int
store_appeal_add(struct db *db, struct arena *a, int64_t post,
    const struct appeal_target *t, int64_t user, const char *user_name,
    const char *body, int64_t *id)
{
	PGresult	*res;
	struct db_row	 k;
	char		 ps[24], us[24], ds[24], rs[24];
	const char	*p[6] = { ps, us, ds, rs, t->reason, body };

	*id = 0;
	ID(ps, post);
	ID(us, user);
	ID(ds, t->decision);
	ID(rs, t->removed_by);
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_query(db, Q_APPEAL_ADD, p, &k, id_cols,
	    ID__MAX)) == NULL)
		goto fail;
	if (k.rows == 1)
		*id = db_i64(&k, 0, ID_ID);
	PQclear(res);
	if (*id == 0) {
		db_rollback(db);
		return 0;
	}
	/* the log records that an appeal was made, not its words */
	if (store_modlog_add(db, user, user_name, "appeal", "post", post, "",
	    t->author, t->reason, "", "{}", arena_printf(a,
	    "{\"appeal\": %lld, \"decision\": %lld}", (long long)*id,
	    (long long)t->decision), NULL) == -1)
		goto fail;
	if (db_commit(db) == -1) {
		*id = 0;
		return -1;
	}
	return 0;
fail:
	db_rollback(db);
	*id = 0;
	return -1;
}

int
store_appeal_open(struct db *db, struct arena *a, struct appeal_row **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_APPEAL_OPEN, NULL, &open_shape, &v, n);
	*out = v;
	return rc;
}

int
store_appeal_get(struct db *db, struct arena *a, int64_t id, int64_t *post,
    enum appeal_state *state, int64_t *removed_by)
{
	char			 is[24];
	const char		*p[1] = { is };
	void			*v;
	struct appeal_get	*g;

	*post = 0;
	*state = APPEAL_NONE;
	*removed_by = 0;
	ID(is, id);
	if (db_row1(db, a, Q_APPEAL_GET, p, &get_shape, &v) == -1)
		return -1;
	if ((g = v) != NULL) {
		*post = g->post;
		*state = g->state;
		*removed_by = g->removed_by;
	}
	return 0;
}

int
store_appeal_uphold(struct db *db, struct arena *a, int64_t id, int64_t actor,
    const char *actor_name, const char *note, int *ok)
{
	PGresult	*res;
	char		 is[24], as[24];
	const char	*p[5] = { is, appeal_names[APPEAL_UPHELD], as, note };
	int64_t		 post = 0, user = 0;
	void		*v;
	struct appeal_decided *d;

	*ok = 0;
	ID(is, id);
	ID(as, actor);
	if (db_begin(db) == -1)
		return -1;
	if (db_row1(db, a, Q_APPEAL_DECIDE, p, &decide_shape, &v) == -1)
		goto fail;
	if ((d = v) != NULL) {
		post = d->post;
		user = d->user;
	}
	if (post == 0) {
		db_rollback(db);
		return 0;
	}
	p[0] = arena_printf(a, "%lld", (long long)user);
	p[1] = "appeal_upheld";
	p[2] = arena_printf(a, "%lld", (long long)post);
	p[3] = as;
	p[4] = "";
	if ((res = db_exec(db, Q_MODQ_NOTIFY, p)) == NULL)
		goto fail;
	PQclear(res);
	if (store_modlog_add(db, actor, actor_name, "appeal_uphold", "post",
	    post, "", user, "", note, "{}", arena_printf(a,
	    "{\"appeal\": %lld}", (long long)id), NULL) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	*ok = 1;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
store_appeal_counts(struct db *db, int days, int64_t *appeals,
    int64_t *reversed)
{
	PGresult	*res;
	struct db_row	 k;
	char		 ds[24];
	const char	*p[1] = { ds };

	*appeals = *reversed = 0;
	ID(ds, days);
	if ((res = db_query(db, Q_APPEAL_COUNTS, p, &k, counts_cols,
	    AC__MAX)) == NULL)
		return -1;
	if (k.rows >= 1) {
		*appeals = db_i64(&k, 0, AC_APPEALS);
		*reversed = db_i64(&k, 0, AC_REVERSED);
	}
	PQclear(res);
	return 0;
}

/* --- appeals of suspensions --------------------------------------------- */

static void
susp_open_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct susp_appeal_row	*r = row;

	r->id = db_i64(k, i, SO_ID);
	r->user_id = db_i64(k, i, SO_USER_ID);
	r->member = db_str(a, k, i, SO_MEMBER);
	r->suspend_reason = db_str(a, k, i, SO_REASON);
	r->removed_by_name = db_str(a, k, i, SO_REMOVED_BY_NAME);
	r->removed_by = db_i64(k, i, SO_REMOVED_BY);
	r->body = db_str(a, k, i, SO_BODY);
	r->created = db_i64(k, i, SO_CREATED);
}

int
store_appeal_susp_target(struct db *db, struct arena *a, int64_t user,
    struct susp_appeal_target *t)
{
	PGresult	*res;
	struct db_row	 k;
	char		 us[24];
	const char	*p[1] = { us };

	memset(t, 0, sizeof(*t));
	t->appeal_state = "";
	ID(us, user);
	if ((res = db_query(db, Q_APPEAL_SUSP_TARGET, p, &k, susp_target_cols,
	    ST__MAX)) == NULL)
		return -1;
	if (k.rows == 1) {
		t->suspended = db_bool(&k, 0, SST_SUSPENDED);
		t->decision = db_i64(&k, 0, SST_DECISION);
		t->removed_by = db_i64(&k, 0, SST_REMOVED_BY);
		t->appeal = db_i64(&k, 0, SST_APPEAL);
		t->appeal_state = db_str(a, &k, 0, SST_APPEAL_STATE);
	}
	PQclear(res);
	return 0;
}

int
store_appeal_susp_add(struct db *db, struct arena *a, int64_t user,
    const char *user_name, const struct susp_appeal_target *t,
    const char *body, int64_t *id)
{
	char		 us[24], ds[24], rs[24];
	const char	*p[4] = { us, ds, rs, body };

	*id = 0;
	ID(us, user);
	ID(ds, t->decision);
	ID(rs, t->removed_by);
	if (db_begin(db) == -1)
		return -1;
	if (store_one_id(db, Q_APPEAL_SUSP_ADD, p, "id", id) == -1)
		goto fail;
	if (*id == 0) {
		db_rollback(db);
		return 0;
	}
	/* the log records that an appeal was made, not its words */
	if (store_modlog_add(db, user, user_name, "appeal", "user", user,
	    user_name, user, "suspension", "", "{}", arena_printf(a,
	    "{\"appeal\": %lld, \"decision\": %lld}", (long long)*id,
	    (long long)t->decision), NULL) == -1)
		goto fail;
	if (db_commit(db) == -1) {
		*id = 0;
		return -1;
	}
	return 0;
fail:
	db_rollback(db);
	*id = 0;
	return -1;
}

int
store_appeal_susp_open(struct db *db, struct arena *a,
    struct susp_appeal_row **out, size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_APPEAL_SUSP_OPEN, NULL, &susp_open_shape, &v, n);
	*out = v;
	return rc;
}

int
store_appeal_susp_decide(struct db *db, struct arena *a, int64_t id,
    int reverse, int64_t actor, const char *actor_name, const char *note,
    enum susp_appeal_result *out)
{
	PGresult	*res;
	struct db_row	 k;
	char		 is[24], as[24], us[24];
	const char	*p[4], *state, *uname;
	int64_t		 user, removed_by;

	*out = SUSP_APPEAL_NOTFOUND;
	ID(is, id);
	ID(as, actor);
	if (db_begin(db) == -1)
		return -1;
	p[0] = is;
	if ((res = db_query(db, Q_APPEAL_SUSP_GET, p, &k, susp_get_cols,
	    SG__MAX)) == NULL)
		goto fail;
	if (k.rows != 1) {
		PQclear(res);
		db_rollback(db);
		return 0;
	}
	user = db_i64(&k, 0, SG_USER_ID);
	state = db_str(a, &k, 0, SG_STATE);
	removed_by = db_i64(&k, 0, SG_REMOVED_BY);
	uname = db_str(a, &k, 0, SG_USERNAME);
	PQclear(res);
	ID(us, user);
	p[0] = is;
	p[1] = reverse ? "reversed" : "upheld";
	p[2] = as;
	p[3] = note;
	if ((res = db_exec(db, Q_APPEAL_DECIDE, p)) == NULL)
		goto fail;
	if (PQntuples(res) != 1) {
		PQclear(res);
		db_rollback(db);
		*out = strcmp(state, "open") != 0 ? SUSP_APPEAL_DECIDED :
		    removed_by == actor ? SUSP_APPEAL_OWN : SUSP_APPEAL_DECIDED;
		return 0;
	}
	PQclear(res);
	if (reverse) {
		p[0] = us;
		p[1] = "0";
		p[2] = "";
		if ((res = db_exec(db, Q_USER_SUSPEND, p)) == NULL)
			goto fail;
		PQclear(res);
	}
	p[0] = us;
	p[1] = reverse ? "suspension_lifted" : "suspension_upheld";
	p[2] = as;
	if ((res = db_exec(db, Q_APPEAL_SUSP_NOTIFY, p)) == NULL)
		goto fail;
	PQclear(res);
	if (store_modlog_add(db, actor, actor_name, reverse ? "unsuspend" :
	    "appeal_uphold", "user", user, uname, user, "suspension", note,
	    "{}", arena_printf(a, "{\"appeal\": %lld}", (long long)id),
	    NULL) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	*out = SUSP_APPEAL_DONE;
	return 0;
fail:
	db_rollback(db);
	return -1;
}
