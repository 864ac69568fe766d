/*
 * store/support.c: support cases and their messages (migration 0110).
 *
 * Rows are decoded by column name, once per result.  Every write is one
 * transaction: the case or message row, the first-staff clock and the
 * asker's in-forum notification commit together or not at all.  Nothing
 * here touches posts, search documents or the public thread lists: a
 * case is private to its asker and staff.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/cursor.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"
#include "store/support.h"
#include "store/webhook.h"

static int	case_one(struct db *, struct arena *, enum q, int64_t,
		    struct support_case **);
static int	msg_add(struct db *, int64_t case_id,
		    const struct support_new_msg *);
static int	notify(struct db *, int64_t user, const char *kind,
		    int64_t thread, int64_t actor, int64_t case_id);
static void	 case_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 msg_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 desk_thread_decode(struct arena *, const struct db_row *,
		    int, void *);
static void	 desk_case_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 desk_staff_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 claim_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 week_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 tag_decode(struct arena *, const struct db_row *, int,
		    void *);
static int	 one_id(struct db *, enum q, const char *const *, int64_t *);
static int	 escalated(struct db *, int64_t, int64_t);

static const char *const state_names[SUPPORT__MAX] = {
	[SUPPORT_OPEN] = "open",
	[SUPPORT_RESOLVED] = "resolved",
};

/* SUPPORT_CASE_GET, SUPPORT_CASE_BY_THREAD */
enum { CASE_ID, CASE_THREAD_ID, CASE_ASKER_ID, CASE_STATE, CASE_TITLE,
    CASE_ASKER, CASE_CREATED, CASE_RESOLVED, CASE__MAX };
static const char *const case_cols[CASE__MAX] = {
	"id", "thread_id", "asker_id", "state", "title", "asker", "created",
	"resolved",
};
static const struct db_shape case_shape = DB_SHAPE(case_cols,
    struct support_case, case_decode);

/* SUPPORT_MESSAGES */
enum { MSG_ID, MSG_AUTHOR_ID, MSG_AUTHOR, MSG_ROLE, MSG_STAFF, MSG_COOKED,
    MSG_MASKED, MSG_FLAGGED, MSG_CREATED, MSG__MAX };
static const char *const msg_cols[MSG__MAX] = {
	"id", "author_id", "author", "role", "staff", "cooked", "masked",
	"flagged", "created",
};
static const struct db_shape msg_shape = DB_SHAPE(msg_cols,
    struct support_msg, msg_decode);

/* the desk's thread columns (DESK_PAGE_O / _N, before their keys) */
enum { DT_ID, DT_TITLE, DT_SLUG, DT_NAME_JA, DT_NAME_EN, DT_ANSWERS,
    DT_CREATED, DT_FIRST_ANSWER, DT_FIRST_STAFF, DT_CLAIMED_BY,
    DT_CLAIMED_ID, DT_CASE_ID, DT__MAX };

/* DESK_CASES_O / _N: the case, then its key (creation time in us). */
enum { DC_ID, DC_THREAD_ID, DC_TITLE, DC_SLUG, DC_ASKER, DC_CREATED,
    DC_FIRST_STAFF, DC_CLAIMED_BY, DC_K_AT, DC__MAX };
static const char *const desk_case_cols[DC__MAX] = {
	"id", "thread_id", "title", "slug", "asker", "created", "first_staff",
	"claimed_by", "k_at",
};
struct desk_case_row {
	struct desk_case	 c;
	int64_t			 k_at;
};
static const struct db_shape desk_case_shape = DB_SHAPE(desk_case_cols,
    struct desk_case_row, desk_case_decode);

/* DESK_STAFF */
enum { DS_ID, DS_NAME, DS__MAX };
static const char *const desk_staff_cols[DS__MAX] = { "id", "display_name" };
static const struct db_shape desk_staff_shape = DB_SHAPE(desk_staff_cols,
    struct desk_staff, desk_staff_decode);

/* SUPPORT_CLAIM_OF */
struct claim {
	int64_t		 staff_id;
	const char	*name;
};
enum { CL_STAFF_ID, CL_NAME, CL__MAX };
static const char *const claim_cols[CL__MAX] = { "staff_id", "display_name" };
static const struct db_shape claim_shape = DB_SHAPE(claim_cols, struct claim,
    claim_decode);

/* STATS_WEEKS */
enum { SW_SLUG, SW_NAME_JA, SW_NAME_EN, SW_WEEK, SW_WEEK_LABEL, SW_THIS_WEEK,
    SW_QUESTIONS, SW_ANSWERED, SW_SOLVED, SW_FA_P50, SW_FA_P90, SW_FO_P50,
    SW_FO_P90, SW__MAX };
static const char *const week_cols[SW__MAX] = {
	"slug", "name_ja", "name_en", "week", "week_label", "this_week",
	"questions", "answered", "solved", "fa_p50", "fa_p90", "fo_p50",
	"fo_p90",
};
static const struct db_shape week_shape = DB_SHAPE(week_cols,
    struct stats_week, week_decode);

/* STATS_SOLVED_VIEWS: a week of a category with only its views */
enum { SV_SLUG, SV_NAME_JA, SV_NAME_EN, SV_WEEK, SV_WEEK_LABEL, SV_THIS_WEEK,
    SV_VIEWS, SV__MAX };
static const char *const views_cols[SV__MAX] = {
	"slug", "name_ja", "name_en", "week", "week_label", "this_week", "views",
};
static void	 views_decode(struct arena *, const struct db_row *, int,
		    void *);
static const struct db_shape views_shape = DB_SHAPE(views_cols,
    struct stats_week, views_decode);

/* STATS_CAT_ORDER */
enum { SC_SLUG, SC__MAX };
static const char *const cat_cols[SC__MAX] = { "slug" };

/* STATS_UNANSWERED_TAGS */
enum { ST_SLUG, ST_TAG, ST_N, ST__MAX };
static const char *const tag_cols[ST__MAX] = { "slug", "tag", "n" };
static const struct db_shape tag_shape = DB_SHAPE(tag_cols, struct stats_tag,
    tag_decode);

/* One "id" column */
enum { ID_ID, ID__MAX };
static const char *const id_cols[ID__MAX] = { "id" };

static void
case_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct support_case	*c = row;
	const char		*st = db_val(k, i, CASE_STATE);

	c->id = db_i64(k, i, CASE_ID);
	c->thread_id = db_i64(k, i, CASE_THREAD_ID);
	c->asker_id = db_i64(k, i, CASE_ASKER_ID);
	/* anything but "resolved" is open: staff still see it */
	c->state = SUPPORT_OPEN;
	if (strcmp(st, state_names[SUPPORT_RESOLVED]) == 0)
		c->state = SUPPORT_RESOLVED;
	c->title = db_str(a, k, i, CASE_TITLE);
	c->asker = db_str(a, k, i, CASE_ASKER);
	c->created = db_i64(k, i, CASE_CREATED);
	c->resolved = db_i64(k, i, CASE_RESOLVED);
}

static int
case_one(struct db *db, struct arena *a, enum q q, int64_t id,
    struct support_case **out)
{
	char		 ids[24];
	const char	*p[1] = { ids };
	void		*v;
	int		 rc;

	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	rc = db_row1(db, a, q, p, &case_shape, &v);
	*out = v;
	return rc;
}

static void
msg_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct support_msg	*m = row;

	m->id = db_i64(k, i, MSG_ID);
	m->author_id = db_i64(k, i, MSG_AUTHOR_ID);
	m->author = db_str(a, k, i, MSG_AUTHOR);
	m->role = state_role_parse(db_val(k, i, MSG_ROLE));
	m->staff = db_bool(k, i, MSG_STAFF);
	m->cooked = db_str(a, k, i, MSG_COOKED);
	m->masked = db_bool(k, i, MSG_MASKED);
	m->flagged = db_str(a, k, i, MSG_FLAGGED);
	m->created = db_i64(k, i, MSG_CREATED);
}

/* Runs q; *id gets the "id" of its first row, 0 when none. */
static int
one_id(struct db *db, enum q q, const char *const *p, int64_t *id)
{
	struct db_row	 k;
	PGresult	*res;

	*id = 0;
	if ((res = db_query(db, q, p, &k, id_cols, ID__MAX)) == NULL)
		return -1;
	if (k.rows >= 1)
		*id = db_i64(&k, 0, ID_ID);
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
	char		 ids[24];
	const char	*p[1] = { ids };
	void		*v;
	int		 rc;

	snprintf(ids, sizeof(ids), "%lld", (long long)case_id);
	rc = db_rows(db, a, Q_SUPPORT_MESSAGES, p, &msg_shape, &v, n);
	*out = v;
	return rc;
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

/* The case.escalated event of a new case, in its transaction.  0 or -1. */
static int
escalated(struct db *db, int64_t thread, int64_t case_id)
{
	struct arena	*a = arena_new();
	int		 rc;

	rc = store_webhook_enqueue(db, a, WH_CASE_ESCALATED, thread, 0,
	    case_id);
	arena_free(a);
	return rc;
}

int
store_support_open(struct db *db, int64_t thread, int64_t asker,
    int64_t opened_by, const struct support_new_msg *m, int64_t *case_id)
{
	char		 th[24], as[24], ob[24];
	const char	*p[3] = { th, as, ob };
	int		 opened;

	*case_id = 0;
	snprintf(th, sizeof(th), "%lld", (long long)thread);
	snprintf(as, sizeof(as), "%lld", (long long)asker);
	snprintf(ob, sizeof(ob), "%lld", (long long)opened_by);
	if (db_begin(db) == -1)
		return -1;
	if (one_id(db, Q_SUPPORT_CASE_OPEN, p, case_id) == -1)
		goto fail;
	opened = *case_id != 0;
	if (*case_id == 0) {
		/* the thread had a case: the message joins it */
		p[0] = th;
		if (one_id(db, Q_SUPPORT_CASE_BY_THREAD, p, case_id) == -1 ||
		    *case_id == 0)
			goto fail;
	}
	if (msg_add(db, *case_id, m) == -1)
		goto fail;
	/* webhooks subscribed to escalations (store/webhook.c) */
	if (opened && escalated(db, thread, *case_id) == -1)
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
	const char	*p[3] = { cs, state_names[st == SUPPORT_RESOLVED ?
			    SUPPORT_RESOLVED : SUPPORT_OPEN], sf };

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

static void
desk_thread_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct desk_thread	*t = row;

	t->id = db_i64(k, i, DT_ID);
	t->title = db_str(a, k, i, DT_TITLE);
	t->slug = db_str(a, k, i, DT_SLUG);
	t->cat_name[0] = db_str(a, k, i, DT_NAME_JA);
	t->cat_name[1] = db_str(a, k, i, DT_NAME_EN);
	t->answers = db_i64(k, i, DT_ANSWERS);
	t->created = db_i64(k, i, DT_CREATED);
	t->first_answer = db_i64(k, i, DT_FIRST_ANSWER);
	t->first_staff = db_i64(k, i, DT_FIRST_STAFF);
	t->claimed_by = db_str(a, k, i, DT_CLAIMED_BY);
	t->claimed_id = db_i64(k, i, DT_CLAIMED_ID);
	t->case_id = db_i64(k, i, DT_CASE_ID);
}

/* DESK_PAGE_O / _N: the desk's columns, then the key. */
enum { DP_K_CAT = DT__MAX, DP_K_PART, DP_K_AT, DP__MAX };
static const char *const desk_page_cols[DP__MAX] = {
	"id", "title", "slug", "name_ja", "name_en", "answers", "created",
	"first_answer", "first_staff", "claimed_by", "claimed_id", "case_id",
	"k_cat", "k_part", "k_at",
};
struct desk_page_row {
	struct desk_thread	 t;
	int64_t			 k_cat, k_part, k_at;
};

static void
desk_page_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct desk_page_row	*r = row;

	desk_thread_decode(a, k, i, &r->t);
	r->k_cat = db_i64(k, i, DP_K_CAT);
	r->k_part = db_i64(k, i, DP_K_PART);
	r->k_at = db_i64(k, i, DP_K_AT);
}

static const struct db_shape desk_page_shape = DB_SHAPE(desk_page_cols,
    struct desk_page_row, desk_page_decode);

static void
desk_page_key(const struct desk_page_row *r, enum cursor_dir d,
    struct cursor *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = d;
	c->nk = 3;
	c->k[0] = r->k_cat * 2 + r->k_part;
	c->k[1] = r->k_at;
	c->k[2] = r->t.id;
}

int
store_desk_page(struct db *db, struct arena *a, const struct cursor *at,
    int limit, struct desk_thread **out, struct store_page *pg)
{
	char			 cat[24], part[4], ts[40], id[24], lim[16];
	const char		*p[5] = { cat, part, ts, id, lim };
	struct desk_page_row	*rows;
	struct desk_thread	*t;
	void			*v;
	size_t			 n, i;
	int			 newer;

	memset(pg, 0, sizeof(*pg));
	*out = NULL;
	if (at != NULL && (at->nk != 3 || at->k[0] < 2 ||
	    at->k[0] / 2 > INT32_MAX || at->k[2] < 1)) {
		pg->bad_cursor = 1;
		return 0;
	}
	newer = at != NULL && at->dir == CURSOR_NEWER;
	snprintf(cat, sizeof(cat), "%" PRId64, at != NULL ? at->k[0] / 2 : 0);
	snprintf(part, sizeof(part), "%d", at != NULL ? (int)(at->k[0] % 2) :
	    0);
	cursor_ts(at != NULL ? at->k[1] : INT64_MIN, ts);
	snprintf(id, sizeof(id), "%" PRId64, at != NULL ? at->k[2] : 0);
	snprintf(lim, sizeof(lim), "%d", limit + 1);
	if (db_rows(db, a, newer ? Q_DESK_PAGE_N : Q_DESK_PAGE_O, p,
	    &desk_page_shape, &v, &n) == -1)
		return -1;
	rows = v;
	n = store_page_trim(rows, n, sizeof(*rows), limit, newer, at != NULL,
	    pg);
	if (n > 0) {
		desk_page_key(&rows[0], CURSOR_NEWER, &pg->newer);
		desk_page_key(&rows[n - 1], CURSOR_OLDER, &pg->older);
	}
	t = arena_calloc(a, n > 0 ? n : 1, sizeof(*t));
	for (i = 0; i < n; i++)
		t[i] = rows[i].t;
	*out = t;
	return 0;
}

static void
desk_case_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct desk_case_row	*r = row;
	struct desk_case	*c = &r->c;

	c->id = db_i64(k, i, DC_ID);
	c->thread_id = db_i64(k, i, DC_THREAD_ID);
	c->title = db_str(a, k, i, DC_TITLE);
	c->slug = db_str(a, k, i, DC_SLUG);
	c->asker = db_str(a, k, i, DC_ASKER);
	c->created = db_i64(k, i, DC_CREATED);
	c->first_staff = db_i64(k, i, DC_FIRST_STAFF);
	c->claimed_by = db_str(a, k, i, DC_CLAIMED_BY);
	r->k_at = db_i64(k, i, DC_K_AT);
}

static void
desk_case_key(const struct desk_case_row *r, enum cursor_dir d,
    struct cursor *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = d;
	c->nk = 2;
	c->k[0] = r->k_at;
	c->k[1] = r->c.id;
}

int
store_desk_cases(struct db *db, struct arena *a, const struct cursor *at,
    int limit, struct desk_case **out, struct store_page *pg)
{
	char			 ts[40], id[24], lim[16];
	const char		*p[3] = { ts, id, lim };
	struct desk_case_row	*rows;
	struct desk_case	*c;
	void			*v;
	size_t			 n, i;
	int			 newer;

	memset(pg, 0, sizeof(*pg));
	*out = NULL;
	if (at != NULL && (at->nk != 2 || at->k[1] < 0)) {
		pg->bad_cursor = 1;
		return 0;
	}
	newer = at != NULL && at->dir == CURSOR_NEWER;
	cursor_ts(at != NULL ? at->k[0] : INT64_MIN, ts);
	snprintf(id, sizeof(id), "%" PRId64, at != NULL ? at->k[1] : 0);
	snprintf(lim, sizeof(lim), "%d", limit + 1);
	if (db_rows(db, a, newer ? Q_DESK_CASES_N : Q_DESK_CASES_O, p,
	    &desk_case_shape, &v, &n) == -1)
		return -1;
	rows = v;
	n = store_page_trim(rows, n, sizeof(*rows), limit, newer, at != NULL,
	    pg);
	if (n > 0) {
		desk_case_key(&rows[0], CURSOR_NEWER, &pg->newer);
		desk_case_key(&rows[n - 1], CURSOR_OLDER, &pg->older);
	}
	c = arena_calloc(a, n > 0 ? n : 1, sizeof(*c));
	for (i = 0; i < n; i++)
		c[i] = rows[i].c;
	*out = c;
	return 0;
}

static void
desk_staff_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct desk_staff	*d = row;

	d->id = db_i64(k, i, DS_ID);
	d->name = db_str(a, k, i, DS_NAME);
}

int
store_desk_staff(struct db *db, struct arena *a, struct desk_staff **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_DESK_STAFF, NULL, &desk_staff_shape, &v, n);
	*out = v;
	return rc;
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

static void
claim_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct claim	*c = row;

	c->staff_id = db_i64(k, i, CL_STAFF_ID);
	c->name = db_str(a, k, i, CL_NAME);
}

int
store_support_claim_of(struct db *db, struct arena *a, int64_t thread,
    int64_t *staff_id, const char **name)
{
	char		 th[24];
	const char	*p[1] = { th };
	void		*v;
	struct claim	*c;

	*staff_id = 0;
	*name = NULL;
	snprintf(th, sizeof(th), "%lld", (long long)thread);
	if (db_row1(db, a, Q_SUPPORT_CLAIM_OF, p, &claim_shape, &v) == -1)
		return -1;
	if ((c = v) != NULL) {
		*staff_id = c->staff_id;
		*name = c->name;
	}
	return 0;
}

static size_t	 cat_rank(const char *const *, size_t, const char *);
static int	 stats_views_merge(struct db *, struct arena *, const char *,
		    struct stats_week **, size_t *);
static void
week_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct stats_week	*w = row;

	w->slug = db_str(a, k, i, SW_SLUG);
	w->cat_name[0] = db_str(a, k, i, SW_NAME_JA);
	w->cat_name[1] = db_str(a, k, i, SW_NAME_EN);
	w->week = db_i64(k, i, SW_WEEK);
	w->week_label = db_str(a, k, i, SW_WEEK_LABEL);
	w->this_week = db_i64(k, i, SW_THIS_WEEK);
	w->questions = db_i64(k, i, SW_QUESTIONS);
	w->answered = db_i64(k, i, SW_ANSWERED);
	w->solved = db_i64(k, i, SW_SOLVED);
	w->fa_p50 = db_i64(k, i, SW_FA_P50);
	w->fa_p90 = db_i64(k, i, SW_FA_P90);
	w->fo_p50 = db_i64(k, i, SW_FO_P50);
	w->fo_p90 = db_i64(k, i, SW_FO_P90);
}

int
store_stats_weeks(struct db *db, struct arena *a, int weeks,
    struct stats_week **out, size_t *n)
{
	char		 ws[16];
	const char	*p[1] = { ws };
	void		*v;
	int		 rc;

	snprintf(ws, sizeof(ws), "%d", weeks);
	rc = db_rows(db, a, Q_STATS_WEEKS, p, &week_shape, &v, n);
	*out = v;
	if (rc == -1)
		return -1;
	return stats_views_merge(db, a, ws, out, n);
}

/* The rank of category slug in the forum's order (ncat when unknown). */
static size_t
cat_rank(const char *const *cats, size_t ncat, const char *slug)
{
	size_t	i;

	for (i = 0; i < ncat; i++)
		if (strcmp(cats[i], slug) == 0)
			return i;
	return ncat;
}

/*
 * Views of solved threads (STATS_SOLVED_VIEWS) into the rows of
 * store_stats_weeks: a (category, week) with views but no question gets
 * a row of its own (no questions, no times), in category then week order.
 */
static int
stats_views_merge(struct db *db, struct arena *a, const char *ws,
    struct stats_week **out, size_t *n)
{
	PGresult		*cres;
	struct db_row		 kr;
	struct stats_week	*m, *o = *out, *vw;
	const char		*p[1] = { ws };
	const char		**cats;
	void			*vv;
	size_t			 ncat, nv, i = 0, j = 0, k = 0, ri, rj;
	int			 c;

	if ((cres = db_query(db, Q_STATS_CAT_ORDER, NULL, &kr, cat_cols,
	    SC__MAX)) == NULL)
		return -1;
	ncat = (size_t)kr.rows;
	cats = arena_calloc(a, ncat + 1, sizeof(*cats));
	for (i = 0; i < ncat; i++)
		cats[i] = db_str(a, &kr, (int)i, SC_SLUG);
	PQclear(cres);
	if (db_rows(db, a, Q_STATS_SOLVED_VIEWS, p, &views_shape, &vv,
	    &nv) == -1)
		return -1;
	vw = vv;
	m = arena_calloc(a, *n + nv + 1, sizeof(*m));
	i = 0;
	while (i < *n || j < nv) {
		if (i < *n && j < nv) {
			ri = cat_rank(cats, ncat, o[i].slug);
			rj = cat_rank(cats, ncat, vw[j].slug);
			c = ri < rj ? -1 : ri > rj ? 1 : o[i].week < vw[j].week ?
			    -1 : o[i].week > vw[j].week ? 1 : 0;
		} else
			c = i < *n ? -1 : 1;
		if (c <= 0)
			m[k] = o[i++];
		if (c >= 0) {
			if (c > 0)
				m[k] = vw[j];	/* views, no questions, no times */
			else
				m[k].solved_views = vw[j].solved_views;
			j++;
		}
		k++;
	}
	*out = m;
	*n = k;
	return 0;
}

static void
views_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct stats_week	*w = row;

	w->slug = db_str(a, k, i, SV_SLUG);
	w->cat_name[0] = db_str(a, k, i, SV_NAME_JA);
	w->cat_name[1] = db_str(a, k, i, SV_NAME_EN);
	w->week = db_i64(k, i, SV_WEEK);
	w->week_label = db_str(a, k, i, SV_WEEK_LABEL);
	w->this_week = db_i64(k, i, SV_THIS_WEEK);
	w->solved_views = db_i64(k, i, SV_VIEWS);
	w->fa_p50 = w->fa_p90 = w->fo_p50 = w->fo_p90 = -1;
}

static void
tag_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct stats_tag	*t = row;

	t->slug = db_str(a, k, i, ST_SLUG);
	t->tag = db_str(a, k, i, ST_TAG);
	t->n = db_i64(k, i, ST_N);
}

int
store_stats_tags(struct db *db, struct arena *a, int weeks,
    struct stats_tag **out, size_t *n)
{
	char		 ws[16];
	const char	*p[1] = { ws };
	void		*v;
	int		 rc;

	snprintf(ws, sizeof(ws), "%d", weeks);
	rc = db_rows(db, a, Q_STATS_UNANSWERED_TAGS, p, &tag_shape, &v, n);
	*out = v;
	return rc;
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
