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
#include "store/db_internal.h"
#include "store/store.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

static const char *val(struct arena *, PGresult *, int, const char *);
static int64_t	num(PGresult *, int, const char *);

static const char *
val(struct arena *a, PGresult *res, int row, const char *name)
{
	return arena_strdup(a, PQgetvalue(res, row, PQfnumber(res, name)));
}

static int64_t
num(PGresult *res, int row, const char *name)
{
	return strtoll(PQgetvalue(res, row, PQfnumber(res, name)), NULL, 10);
}

int
store_appeal_target(struct db *db, struct arena *a, int64_t post,
    struct appeal_target **out)
{
	PGresult		*res;
	struct appeal_target	*t;
	char			 ps[24];
	const char		*p[1] = { ps };
	const char		*st;

	*out = NULL;
	ID(ps, post);
	if ((res = db_exec(db, Q_APPEAL_TARGET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		t = arena_calloc(a, 1, sizeof(*t));
		st = PQgetvalue(res, 0, PQfnumber(res, "state"));
		/* only "removed" matters here; anything else is not removed */
		t->state = strcmp(st, "removed") == 0 ? PS_REMOVED :
		    strcmp(st, "visible") == 0 ? PS_VISIBLE : PS_HELD;
		t->author = num(res, 0, "author_id");
		t->thread = num(res, 0, "thread_id");
		t->decision = num(res, 0, "decision_id");
		t->removed_by = num(res, 0, "removed_by");
		t->reason = val(a, res, 0, "reason");
		t->appeal = num(res, 0, "appeal_id");
		t->appeal_state = val(a, res, 0, "appeal_state");
		t->appeal_note = val(a, res, 0, "appeal_note");
		*out = t;
	}
	PQclear(res);
	return 0;
}

int
store_appeal_add(struct db *db, struct arena *a, int64_t post,
    const struct appeal_target *t, int64_t user, const char *user_name,
    const char *body, int64_t *id)
{
	PGresult	*res;
	char		 ps[24], us[24], ds[24], rs[24];
	const char	*p[6] = { ps, us, ds, rs, t->reason, body };

	*id = 0;
	ID(ps, post);
	ID(us, user);
	ID(ds, t->decision);
	ID(rs, t->removed_by);
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_APPEAL_ADD, p)) == NULL)
		goto fail;
	if (PQntuples(res) == 1)
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
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
	PGresult		*res;
	struct appeal_row	*r;
	int			 i;

	*out = NULL;
	*n = 0;
	if ((res = db_exec(db, Q_APPEAL_OPEN, NULL)) == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_calloc(a, *n + 1, sizeof(**out));
	for (i = 0; i < (int)*n; i++) {
		r = &(*out)[i];
		r->id = num(res, i, "id");
		r->post_id = num(res, i, "post_id");
		r->thread_id = num(res, i, "thread_id");
		r->title = val(a, res, i, "title");
		r->author = val(a, res, i, "author");
		r->removed_by_name = val(a, res, i, "removed_by_name");
		r->removed_by = num(res, i, "removed_by");
		r->reason = val(a, res, i, "reason");
		r->body = val(a, res, i, "body");
		r->created = num(res, i, "created");
	}
	PQclear(res);
	return 0;
}

int
store_appeal_get(struct db *db, struct arena *a, int64_t id, int64_t *post,
    const char **state, int64_t *removed_by)
{
	PGresult	*res;
	char		 is[24];
	const char	*p[1] = { is };

	*post = 0;
	*state = "";
	*removed_by = 0;
	ID(is, id);
	if ((res = db_exec(db, Q_APPEAL_GET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*post = num(res, 0, "post_id");
		*state = val(a, res, 0, "state");
		*removed_by = num(res, 0, "removed_by");
	}
	PQclear(res);
	return 0;
}

int
store_appeal_uphold(struct db *db, struct arena *a, int64_t id, int64_t actor,
    const char *actor_name, const char *note, int *ok)
{
	PGresult	*res;
	char		 is[24], as[24];
	const char	*p[5] = { is, "upheld", as, note };
	int64_t		 post = 0, user = 0;

	*ok = 0;
	ID(is, id);
	ID(as, actor);
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_APPEAL_DECIDE, p)) == NULL)
		goto fail;
	if (PQntuples(res) == 1) {
		post = num(res, 0, "post_id");
		user = num(res, 0, "user_id");
	}
	PQclear(res);
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
	char		 ds[24];
	const char	*p[1] = { ds };

	*appeals = *reversed = 0;
	ID(ds, days);
	if ((res = db_exec(db, Q_APPEAL_COUNTS, p)) == NULL)
		return -1;
	*appeals = num(res, 0, "appeals");
	*reversed = num(res, 0, "reversed");
	PQclear(res);
	return 0;
}

/* --- appeals of suspensions --------------------------------------------- */

int
store_appeal_susp_target(struct db *db, struct arena *a, int64_t user,
    struct susp_appeal_target *t)
{
	PGresult	*res;
	char		 us[24];
	const char	*p[1] = { us };

	memset(t, 0, sizeof(*t));
	t->appeal_state = "";
	ID(us, user);
	if ((res = db_exec(db, Q_APPEAL_SUSP_TARGET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		t->suspended = strcmp(val(a, res, 0, "suspended"), "t") == 0;
		t->decision = num(res, 0, "decision_id");
		t->removed_by = num(res, 0, "removed_by");
		t->appeal = num(res, 0, "appeal_id");
		t->appeal_state = val(a, res, 0, "appeal_state");
	}
	PQclear(res);
	return 0;
}

int
store_appeal_susp_add(struct db *db, struct arena *a, int64_t user,
    const char *user_name, const struct susp_appeal_target *t,
    const char *body, int64_t *id)
{
	PGresult	*res;
	char		 us[24], ds[24], rs[24];
	const char	*p[4] = { us, ds, rs, body };

	*id = 0;
	ID(us, user);
	ID(ds, t->decision);
	ID(rs, t->removed_by);
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_APPEAL_SUSP_ADD, p)) == NULL)
		goto fail;
	if (PQntuples(res) == 1)
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
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
	PGresult		*res;
	struct susp_appeal_row	*r;
	int			 i;

	*out = NULL;
	*n = 0;
	if ((res = db_exec(db, Q_APPEAL_SUSP_OPEN, NULL)) == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_calloc(a, *n + 1, sizeof(**out));
	for (i = 0; i < (int)*n; i++) {
		r = &(*out)[i];
		r->id = num(res, i, "id");
		r->user_id = num(res, i, "user_id");
		r->member = val(a, res, i, "member");
		r->suspend_reason = val(a, res, i, "suspend_reason");
		r->removed_by_name = val(a, res, i, "removed_by_name");
		r->removed_by = num(res, i, "removed_by");
		r->body = val(a, res, i, "body");
		r->created = num(res, i, "created");
	}
	PQclear(res);
	return 0;
}

int
store_appeal_susp_decide(struct db *db, struct arena *a, int64_t id,
    int reverse, int64_t actor, const char *actor_name, const char *note,
    enum susp_appeal_result *out)
{
	PGresult	*res;
	char		 is[24], as[24], us[24];
	const char	*p[4], *state, *uname;
	int64_t		 user, removed_by;

	*out = SUSP_APPEAL_NOTFOUND;
	ID(is, id);
	ID(as, actor);
	if (db_begin(db) == -1)
		return -1;
	p[0] = is;
	if ((res = db_exec(db, Q_APPEAL_SUSP_GET, p)) == NULL)
		goto fail;
	if (PQntuples(res) != 1) {
		PQclear(res);
		db_rollback(db);
		return 0;
	}
	user = num(res, 0, "user_id");
	state = val(a, res, 0, "state");
	removed_by = num(res, 0, "removed_by");
	uname = val(a, res, 0, "username");
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
