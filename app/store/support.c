/*
 * store/support.c: support cases and their messages (migration 0110).
 *
 * Rows are decoded by column name, once per result.  Every write is one
 * transaction: the case or message row, the first-staff clock and the
 * asker's in-forum notification commit together or not at all.  Nothing
 * here touches posts, search documents or the public thread lists: a
 * case is private to its asker and staff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/support.h"

static int	case_one(struct db *, struct arena *, enum q, int64_t,
		    struct support_case **);
static int	msg_add(struct db *, int64_t case_id,
		    const struct support_new_msg *);
static int	notify(struct db *, int64_t user, const char *kind,
		    int64_t thread, int64_t actor, int64_t case_id);
static const char *col(PGresult *, int, const char *);
static int64_t	 num(PGresult *, int, const char *);

/* The value of column name in row i ("" when the column is missing). */
static const char *
col(PGresult *res, int i, const char *name)
{
	int	c;

	if ((c = PQfnumber(res, name)) < 0)
		return "";
	return PQgetvalue(res, i, c);
}

static int
case_one(struct db *db, struct arena *a, enum q q, int64_t id,
    struct support_case **out)
{
	PGresult		*res;
	struct support_case	*c;
	char			 ids[24];
	const char		*p[1] = { ids };

	*out = NULL;
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		c = arena_calloc(a, 1, sizeof(*c));
		c->id = strtoll(col(res, 0, "id"), NULL, 10);
		c->thread_id = strtoll(col(res, 0, "thread_id"), NULL, 10);
		c->asker_id = strtoll(col(res, 0, "asker_id"), NULL, 10);
		c->state = strcmp(col(res, 0, "state"), "resolved") == 0 ?
		    SUPPORT_RESOLVED : SUPPORT_OPEN;
		c->title = arena_strdup(a, col(res, 0, "title"));
		c->asker = arena_strdup(a, col(res, 0, "asker"));
		c->created = strtoll(col(res, 0, "created"), NULL, 10);
		c->resolved = strtoll(col(res, 0, "resolved"), NULL, 10);
		*out = c;
	}
	PQclear(res);
	return 0;
}

int
store_support_by_thread(struct db *db, struct arena *a, int64_t thread,
    struct support_case **out)
{
	return case_one(db, a, Q_SUPPORT_CASE_BY_THREAD, thread, out);
}

int
store_support_get(struct db *db, struct arena *a, int64_t id,
    struct support_case **out)
{
	return case_one(db, a, Q_SUPPORT_CASE_GET, id, out);
}

int
store_support_messages(struct db *db, struct arena *a, int64_t case_id,
    struct support_msg **out, size_t *n)
{
	PGresult		*res;
	struct support_msg	*m;
	char			 ids[24];
	const char		*p[1] = { ids };
	int			 i, rows;

	*out = NULL;
	*n = 0;
	snprintf(ids, sizeof(ids), "%lld", (long long)case_id);
	if ((res = db_exec(db, Q_SUPPORT_MESSAGES, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		m = &(*out)[i];
		m->id = strtoll(col(res, i, "id"), NULL, 10);
		m->author_id = strtoll(col(res, i, "author_id"), NULL, 10);
		m->author = arena_strdup(a, col(res, i, "author"));
		m->role = state_role_parse(col(res, i, "role"));
		m->staff = col(res, i, "staff")[0] == 't';
		m->cooked = arena_strdup(a, col(res, i, "cooked"));
		m->masked = col(res, i, "masked")[0] == 't';
		m->flagged = arena_strdup(a, col(res, i, "flagged"));
		m->created = strtoll(col(res, i, "created"), NULL, 10);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

static int
msg_add(struct db *db, int64_t case_id, const struct support_new_msg *m)
{
	PGresult	*res;
	char		 cs[24], au[24];
	const char	*p[7] = { cs, au, m->staff ? "t" : "f", m->body_md,
			    m->cooked, m->masked ? "t" : "f",
			    m->flagged != NULL ? m->flagged : "" };
	int		 ok;

	snprintf(cs, sizeof(cs), "%lld", (long long)case_id);
	snprintf(au, sizeof(au), "%lld", (long long)m->author_id);
	if ((res = db_exec(db, Q_SUPPORT_MSG_ADD, p)) == NULL)
		return -1;
	ok = PQntuples(res) == 1;
	PQclear(res);
	if (!ok)
		return -1;
	if (m->staff) {
		p[0] = cs;
		if ((res = db_exec(db, Q_SUPPORT_FIRST_STAFF, p)) == NULL)
			return -1;
		PQclear(res);
	}
	return 0;
}

static int
notify(struct db *db, int64_t user, const char *kind, int64_t thread,
    int64_t actor, int64_t case_id)
{
	PGresult	*res;
	char		 us[24], th[24], ac[24], cs[24];
	const char	*p[5] = { us, kind, th, ac, cs };

	snprintf(us, sizeof(us), "%lld", (long long)user);
	snprintf(th, sizeof(th), "%lld", (long long)thread);
	snprintf(ac, sizeof(ac), "%lld", (long long)actor);
	snprintf(cs, sizeof(cs), "%lld", (long long)case_id);
	if ((res = db_exec(db, Q_SUPPORT_NOTIFY, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
store_support_open(struct db *db, int64_t thread, int64_t asker,
    int64_t opened_by, const struct support_new_msg *m, int64_t *case_id)
{
	PGresult	*res;
	char		 th[24], as[24], ob[24];
	const char	*p[3] = { th, as, ob };

	*case_id = 0;
	snprintf(th, sizeof(th), "%lld", (long long)thread);
	snprintf(as, sizeof(as), "%lld", (long long)asker);
	snprintf(ob, sizeof(ob), "%lld", (long long)opened_by);
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_SUPPORT_CASE_OPEN, p)) == NULL)
		goto fail;
	if (PQntuples(res) == 1)
		*case_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (*case_id == 0) {
		/* the thread had a case: the message joins it */
		p[0] = th;
		if ((res = db_exec(db, Q_SUPPORT_CASE_BY_THREAD, p)) == NULL)
			goto fail;
		if (PQntuples(res) == 1)
			*case_id = strtoll(col(res, 0, "id"), NULL, 10);
		PQclear(res);
		if (*case_id == 0)
			goto fail;
	}
	if (msg_add(db, *case_id, m) == -1)
		goto fail;
	if (m->staff && opened_by != asker) {
		if (notify(db, asker, "support_reply", thread, opened_by,
		    *case_id) == -1)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
store_support_reply(struct db *db, const struct support_case *c,
    const struct support_new_msg *m)
{
	if (db_begin(db) == -1)
		return -1;
	if (msg_add(db, c->id, m) == -1)
		goto fail;
	if (m->staff && notify(db, c->asker_id, "support_reply",
	    c->thread_id, m->author_id, c->id) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
store_support_set_state(struct db *db, const struct support_case *c,
    enum support_state st, int64_t staff_id, int *changed)
{
	PGresult	*res;
	char		 cs[24], sf[24];
	const char	*state = st == SUPPORT_RESOLVED ? "resolved" : "open";
	const char	*p[3] = { cs, state, sf };

	*changed = 0;
	snprintf(cs, sizeof(cs), "%lld", (long long)c->id);
	snprintf(sf, sizeof(sf), "%lld", (long long)staff_id);
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_SUPPORT_SET_STATE, p)) == NULL)
		goto fail;
	*changed = PQntuples(res) == 1;
	PQclear(res);
	if (*changed && st == SUPPORT_RESOLVED &&
	    notify(db, c->asker_id, "support_resolved", c->thread_id,
	    staff_id, c->id) == -1)
		goto fail;
	return db_commit(db);
fail:
	*changed = 0;
	db_rollback(db);
	return -1;
}

static int64_t
num(PGresult *res, int i, const char *name)
{
	return strtoll(col(res, i, name), NULL, 10);
}

int
store_desk_threads(struct db *db, struct arena *a, int limit,
    struct desk_thread **out, size_t *n)
{
	PGresult		*res;
	struct desk_thread	*t;
	char			 ls[16];
	const char		*p[1] = { ls };
	int			 i, rows;

	*out = NULL;
	*n = 0;
	snprintf(ls, sizeof(ls), "%d", limit);
	if ((res = db_exec(db, Q_DESK_THREADS, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		t = &(*out)[i];
		t->id = num(res, i, "id");
		t->title = arena_strdup(a, col(res, i, "title"));
		t->slug = arena_strdup(a, col(res, i, "slug"));
		t->cat_name[0] = arena_strdup(a, col(res, i, "name_ja"));
		t->cat_name[1] = arena_strdup(a, col(res, i, "name_en"));
		t->answers = num(res, i, "answers");
		t->created = num(res, i, "created");
		t->first_answer = num(res, i, "first_answer");
		t->first_staff = num(res, i, "first_staff");
		t->claimed_by = arena_strdup(a, col(res, i, "claimed_by"));
		t->claimed_id = num(res, i, "claimed_id");
		t->case_id = num(res, i, "case_id");
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_desk_cases(struct db *db, struct arena *a, int limit,
    struct desk_case **out, size_t *n)
{
	PGresult		*res;
	struct desk_case	*c;
	char			 ls[16];
	const char		*p[1] = { ls };
	int			 i, rows;

	*out = NULL;
	*n = 0;
	snprintf(ls, sizeof(ls), "%d", limit);
	if ((res = db_exec(db, Q_DESK_CASES, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		c = &(*out)[i];
		c->id = num(res, i, "id");
		c->thread_id = num(res, i, "thread_id");
		c->title = arena_strdup(a, col(res, i, "title"));
		c->slug = arena_strdup(a, col(res, i, "slug"));
		c->asker = arena_strdup(a, col(res, i, "asker"));
		c->created = num(res, i, "created");
		c->first_staff = num(res, i, "first_staff");
		c->claimed_by = arena_strdup(a, col(res, i, "claimed_by"));
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_desk_staff(struct db *db, struct arena *a, struct desk_staff **out,
    size_t *n)
{
	PGresult	*res;
	int		 i, rows;

	*out = NULL;
	*n = 0;
	if ((res = db_exec(db, Q_DESK_STAFF, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].id = num(res, i, "id");
		(*out)[i].name = arena_strdup(a, col(res, i, "display_name"));
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_support_claim(struct db *db, int64_t thread, int64_t staff_id,
    int64_t by, int *ok)
{
	PGresult	*res;
	char		 th[24], st[24], bs[24];
	const char	*p[3] = { th, st, bs };

	*ok = 0;
	snprintf(th, sizeof(th), "%lld", (long long)thread);
	snprintf(st, sizeof(st), "%lld", (long long)staff_id);
	snprintf(bs, sizeof(bs), "%lld", (long long)by);
	if ((res = db_exec(db, Q_SUPPORT_CLAIM, p)) == NULL)
		return -1;
	*ok = PQntuples(res) == 1;
	PQclear(res);
	return 0;
}

int
store_support_release(struct db *db, int64_t thread, int *ok)
{
	PGresult	*res;
	char		 th[24];
	const char	*p[1] = { th };

	*ok = 0;
	snprintf(th, sizeof(th), "%lld", (long long)thread);
	if ((res = db_exec(db, Q_SUPPORT_RELEASE, p)) == NULL)
		return -1;
	*ok = PQntuples(res) == 1;
	PQclear(res);
	return 0;
}

int
store_support_claim_of(struct db *db, struct arena *a, int64_t thread,
    int64_t *staff_id, const char **name)
{
	PGresult	*res;
	char		 th[24];
	const char	*p[1] = { th };

	*staff_id = 0;
	*name = NULL;
	snprintf(th, sizeof(th), "%lld", (long long)thread);
	if ((res = db_exec(db, Q_SUPPORT_CLAIM_OF, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*staff_id = num(res, 0, "staff_id");
		*name = arena_strdup(a, col(res, 0, "display_name"));
	}
	PQclear(res);
	return 0;
}

int
store_stats_weeks(struct db *db, struct arena *a, int weeks,
    struct stats_week **out, size_t *n)
{
	PGresult		*res;
	struct stats_week	*w;
	char			 ws[16];
	const char		*p[1] = { ws };
	int			 i, rows;

	*out = NULL;
	*n = 0;
	snprintf(ws, sizeof(ws), "%d", weeks);
	if ((res = db_exec(db, Q_STATS_WEEKS, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		w = &(*out)[i];
		w->slug = arena_strdup(a, col(res, i, "slug"));
		w->cat_name[0] = arena_strdup(a, col(res, i, "name_ja"));
		w->cat_name[1] = arena_strdup(a, col(res, i, "name_en"));
		w->week = num(res, i, "week");
		w->week_label = arena_strdup(a, col(res, i, "week_label"));
		w->this_week = num(res, i, "this_week");
		w->questions = num(res, i, "questions");
		w->answered = num(res, i, "answered");
		w->solved = num(res, i, "solved");
		w->fa_p50 = num(res, i, "fa_p50");
		w->fa_p90 = num(res, i, "fa_p90");
		w->fo_p50 = num(res, i, "fo_p50");
		w->fo_p90 = num(res, i, "fo_p90");
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_stats_tags(struct db *db, struct arena *a, int weeks,
    struct stats_tag **out, size_t *n)
{
	PGresult	*res;
	char		 ws[16];
	const char	*p[1] = { ws };
	int		 i, rows;

	*out = NULL;
	*n = 0;
	snprintf(ws, sizeof(ws), "%d", weeks);
	if ((res = db_exec(db, Q_STATS_UNANSWERED_TAGS, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].slug = arena_strdup(a, col(res, i, "slug"));
		(*out)[i].tag = arena_strdup(a, col(res, i, "tag"));
		(*out)[i].n = num(res, i, "n");
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_support_sweep(struct db *db, int remind_days, int close_days,
    int64_t *reminded, int64_t *closed)
{
	PGresult	*res;
	char		 ds[16];
	const char	*p[1] = { ds };

	*reminded = *closed = 0;
	if (db_begin(db) == -1)
		return -1;
	if (remind_days > 0) {
		snprintf(ds, sizeof(ds), "%d", remind_days);
		if ((res = db_exec(db, Q_SUPPORT_REMIND, p)) == NULL)
			goto fail;
		*reminded = PQntuples(res);
		PQclear(res);
	}
	if (close_days > 0) {
		snprintf(ds, sizeof(ds), "%d", close_days);
		if ((res = db_exec(db, Q_SUPPORT_AUTOCLOSE, p)) == NULL)
			goto fail;
		*closed = PQntuples(res);
		PQclear(res);
	}
	return db_commit(db);
fail:
	*reminded = *closed = 0;
	db_rollback(db);
	return -1;
}
