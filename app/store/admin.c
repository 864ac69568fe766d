/*
 * store/admin.c: the admin console's changes (docs/admin.md), one
 * transaction each.
 *
 * Every change first reads its actor's row FOR SHARE and goes on only
 * when the account is an administrator now (ADMIN_ACTOR): the role is
 * checked where the state changes, in the same transaction, not only by
 * the route's role.  Every change appends one row to audit_log (actor
 * "user:ID") before COMMIT, so a change and its audit row exist together
 * or not at all.  Readers need no lock: the lists are read from
 * PostgreSQL per request and the page cache is dropped by the caller
 * (pcache_invalidate), so every instance shows a change at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

static int	actor_ok(struct db *, int64_t actor, char *who, size_t);
static int	audit(struct db *, const char *who, const char *action,
		    const char *target, const char *detail);
static void	category_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	audit_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	member_decode(struct arena *, const struct db_row *, int,
		    void *);

/* ADMIN_CATEGORIES, ADMIN_CATEGORY */
enum { AC_ID, AC_SLUG, AC_NAME_JA, AC_NAME_EN, AC_DESC_JA, AC_DESC_EN,
    AC_POSITION, AC_ARCHIVED, AC_NTHREADS, AC__MAX };
static const char *const category_cols[AC__MAX] = {
	"id", "slug", "name_ja", "name_en", "description_ja",
	"description_en", "position", "archived", "nthreads",
};
static const struct db_shape category_shape = DB_SHAPE(category_cols,
    struct admin_category, category_decode);

/* ADMIN_AUDIT */
enum { AU_AT, AU_ACTOR, AU_ACTION, AU_TARGET, AU_DETAIL, AU__MAX };
static const char *const audit_cols[AU__MAX] = {
	"at", "actor", "action", "target_name", "detail",
};
static const struct db_shape audit_shape = DB_SHAPE(audit_cols,
    struct admin_audit, audit_decode);

/* ADMIN_MEMBERS, ADMIN_MEMBER_LOCK */
enum { AM_ID, AM_USERNAME, AM_DISPLAY, AM_ROLE, AM_EMAIL, AM_SUSPENDED,
    AM__MAX };
static const char *const member_cols[AM__MAX] = {
	"id", "username", "display_name", "role", "email", "suspended",
};
static const struct db_shape member_shape = DB_SHAPE(member_cols,
    struct admin_member, member_decode);

static void
member_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct admin_member	*m = row;

	m->id = db_i64(k, i, AM_ID);
	m->username = db_str(a, k, i, AM_USERNAME);
	m->display_name = db_str(a, k, i, AM_DISPLAY);
	m->role = state_role_parse(db_val(k, i, AM_ROLE));
	m->email = db_str(a, k, i, AM_EMAIL);
	m->suspended = db_bool(k, i, AM_SUSPENDED);
}

static void
category_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct admin_category	*c = row;

	c->id = db_i64(k, i, AC_ID);
	c->slug = db_str(a, k, i, AC_SLUG);
	c->name[0] = db_str(a, k, i, AC_NAME_JA);
	c->name[1] = db_str(a, k, i, AC_NAME_EN);
	c->desc[0] = db_str(a, k, i, AC_DESC_JA);
	c->desc[1] = db_str(a, k, i, AC_DESC_EN);
	c->position = db_i64(k, i, AC_POSITION);
	c->archived = db_bool(k, i, AC_ARCHIVED);
	c->nthreads = db_i64(k, i, AC_NTHREADS);
}

static void
audit_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct admin_audit	*u = row;

	u->at = db_i64(k, i, AU_AT);
	u->actor = db_str(a, k, i, AU_ACTOR);
	u->action = db_str(a, k, i, AU_ACTION);
	u->target = db_str(a, k, i, AU_TARGET);
	u->detail = db_str(a, k, i, AU_DETAIL);
}

/*
 * Inside a transaction: 1 when actor is an administrator now (its row
 * locked FOR SHARE until COMMIT; who gets "user:ID"), 0 when not, -1 when
 * the store failed.
 */
static int
actor_ok(struct db *db, int64_t actor, char *who, size_t len)
{
	char		 ids[24];
	const char	*p[1] = { ids };
	int		 n;

	ID(ids, actor);
	snprintf(who, len, "user:%lld", (long long)actor);
	if (db_run_count(db, Q_ADMIN_ACTOR, p, &n) == -1)
		return -1;
	return n == 1;
}

static int
audit(struct db *db, const char *who, const char *action, const char *target,
    const char *detail)
{
	const char	*p[5] = { who, action, NULL, target, detail };

	return db_run_count(db, Q_AUDIT_ADD, p, NULL);
}

/*
 * Opens the transaction of a change by actor.  ADMIN_OK with the
 * transaction open, ADMIN_FORBIDDEN (rolled back), or -1.
 */
static int
begin_as(struct db *db, int64_t actor, char *who, size_t len)
{
	int	ok;

	if (db_begin(db) == -1)
		return -1;
	if ((ok = actor_ok(db, actor, who, len)) != 1) {
		db_rollback(db);
		return ok == 0 ? ADMIN_FORBIDDEN : -1;
	}
	return ADMIN_OK;
}

/* Audits and commits; rolls back on failure.  ADMIN_OK or -1. */
static int
finish(struct db *db, const char *who, const char *action,
    const char *target, const char *detail)
{
	if (audit(db, who, action, target, detail) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == -1 ? -1 : ADMIN_OK;
}

int
store_admin_categories(struct db *db, struct arena *a,
    struct admin_category **out, size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_ADMIN_CATEGORIES, NULL, &category_shape, &v, n);
	*out = v;
	return rc;
}

int
store_admin_category(struct db *db, struct arena *a, int64_t id,
    struct admin_category **out)
{
	char		 ids[24];
	const char	*p[1] = { ids };
	void		*v;
	int		 rc;

	ID(ids, id);
	rc = db_row1(db, a, Q_ADMIN_CATEGORY, p, &category_shape, &v);
	*out = v;
	return rc;
}

int
store_admin_audit(struct db *db, struct arena *a, struct admin_audit **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_ADMIN_AUDIT, NULL, &audit_shape, &v, n);
	*out = v;
	return rc;
}

int
store_admin_category_save(struct db *db, struct arena *a, int64_t actor,
    int64_t id, const struct admin_category *c, int64_t *newid)
{
	char		 who[40], ids[24];
	const char	*pc[5] = { c->slug, c->name[0], c->name[1], c->desc[0],
	    c->desc[1] };
	const char	*pe[6] = { ids, c->slug, c->name[0], c->name[1],
	    c->desc[0], c->desc[1] };
	const char	*pt[2] = { c->slug, ids };
	int64_t		 taken;
	int		 rc, n;

	*newid = 0;
	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	ID(ids, id);
	if (id == 0) {
		if (store_one_id(db, Q_ADMIN_CATEGORY_CREATE, pc, "id",
		    newid) == -1)
			goto fail;
		if (*newid == 0) {
			db_rollback(db);
			return ADMIN_TAKEN;
		}
		return finish(db, who, "category-create", c->slug,
		    arena_printf(a, "%s / %s", c->name[0], c->name[1]));
	}
	if (store_one_id(db, Q_ADMIN_CATEGORY_SLUG_TAKEN, pt, "n",
	    &taken) == -1)
		goto fail;
	if (taken > 0) {
		db_rollback(db);
		return ADMIN_TAKEN;
	}
	if (db_run_count(db, Q_ADMIN_CATEGORY_EDIT, pe, &n) == -1)
		goto fail;
	if (n == 0) {
		db_rollback(db);
		return ADMIN_NOT_FOUND;
	}
	*newid = id;
	return finish(db, who, "category-edit", c->slug,
	    arena_printf(a, "%s / %s", c->name[0], c->name[1]));
fail:
	db_rollback(db);
	return -1;
}

int
store_admin_category_move(struct db *db, int64_t actor, int64_t id,
    int up)
{
	char		 who[40], ids[24], oth[24];
	const char	*pn[2] = { ids, up ? "up" : "down" };
	const char	*ps[2] = { ids, oth };
	int64_t		 other;
	int		 rc;

	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	ID(ids, id);
	if (db_run_count(db, Q_ADMIN_CATEGORY_RENUMBER, NULL, NULL) == -1 ||
	    store_one_id(db, Q_ADMIN_CATEGORY_NEIGHBOUR, pn, "id",
	    &other) == -1)
		goto fail;
	if (other == 0) {
		/* first or last already, or no such category: nothing */
		db_rollback(db);
		return ADMIN_SAME;
	}
	ID(oth, other);
	if (db_run_count(db, Q_ADMIN_CATEGORY_SWAP, ps, NULL) == -1)
		goto fail;
	return finish(db, who, up ? "category-up" : "category-down", ids,
	    up ? "moved up" : "moved down");
fail:
	db_rollback(db);
	return -1;
}

int
store_admin_category_archive(struct db *db, int64_t actor, int64_t id,
    int on)
{
	char		 who[40], ids[24];
	const char	*p[2] = { ids, on ? "true" : "false" };
	int		 rc, n;

	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	ID(ids, id);
	if (db_run_count(db, Q_ADMIN_CATEGORY_ARCHIVE, p, &n) == -1)
		goto fail;
	if (n == 0) {
		db_rollback(db);
		return ADMIN_NOT_FOUND;
	}
	return finish(db, who, on ? "category-archive" : "category-restore",
	    ids, "");
fail:
	db_rollback(db);
	return -1;
}

int
store_admin_category_merge(struct db *db, struct arena *a, int64_t actor,
    int64_t from, int64_t to, int64_t *moved)
{
	char		 who[40], fs[24], ts[24];
	const char	*p[2] = { fs, ts };
	const char	*pa[2] = { fs, "true" };
	int		 rc, n;

	*moved = 0;
	if (from == to)
		return ADMIN_SAME;
	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	ID(fs, from);
	ID(ts, to);
	if (db_run_count(db, Q_ADMIN_CATEGORY_MOVE_THREADS, p, &n) == -1 ||
	    db_run_count(db, Q_ADMIN_CATEGORY_MOVE_WATCHES, p, NULL) == -1)
		goto fail;
	*moved = n;
	if (db_run_count(db, Q_ADMIN_CATEGORY_ARCHIVE, pa, &n) == -1)
		goto fail;
	if (n == 0) {
		db_rollback(db);
		*moved = 0;
		return ADMIN_NOT_FOUND;
	}
	return finish(db, who, "category-merge", fs, arena_printf(a,
	    "into %s; %lld threads moved; %s archived", ts,
	    (long long)*moved, fs));
fail:
	db_rollback(db);
	*moved = 0;
	return -1;
}

int
store_admin_tag_count(struct db *db, const char *tag, int64_t *n)
{
	const char	*p[1] = { tag };

	return store_one_id(db, Q_ADMIN_TAG_COUNT, p, "n", n);
}

int
store_admin_tag_retag(struct db *db, struct arena *a, int64_t actor,
    const char *from, const char *to, int merge, int64_t *moved)
{
	char		 who[40];
	const char	*p[2] = { from, to };
	const char	*canon;
	int		 rc, n;

	*moved = 0;
	if (strcmp(from, to) == 0)
		return ADMIN_SAME;
	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	/* tag synonyms (0177): never to an alias; from's synonyms follow */
	if (db_run(db, Q_TAGSYN_LOCK, NULL) == -1 ||
	    store_tag_synonym_of(db, a, to, &canon) == -1)
		goto fail;
	if (canon != NULL) {
		db_rollback(db);
		return ADMIN_TAKEN;
	}
	if (db_run_count(db, Q_TAGSYN_REPOINT, p, NULL) == -1)
		goto fail;
	if (db_run_count(db, Q_ADMIN_TAG_RETAG, p, &n) == -1 ||
	    db_run(db, Q_ADMIN_TAG_RETAG_KB, p) == -1 ||
	    db_run_count(db, Q_ADMIN_TAG_MOVE_WATCHES, p, NULL) == -1)
		goto fail;
	*moved = n;
	return finish(db, who, merge ? "tag-merge" : "tag-rename", from,
	    arena_printf(a, "%s -> %s; %lld threads", from, to,
	    (long long)n));
fail:
	db_rollback(db);
	return -1;
}

int
store_admin_tagsyn_add(struct db *db, struct arena *a, int64_t actor,
    const char *alias, const char *tag, int64_t *moved)
{
	char		 who[40], ids[24];
	const char	*p[2] = { alias, tag }, *pa[3] = { alias, tag, ids };
	const char	*canon, *was;
	int		 rc, n, nre = 0;

	*moved = 0;
	if (strcmp(alias, tag) == 0)
		return ADMIN_SAME;
	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	ID(ids, actor);
	if (db_run(db, Q_TAGSYN_LOCK, NULL) == -1 ||
	    store_tag_synonym_of(db, a, tag, &canon) == -1 ||
	    store_tag_synonym_of(db, a, alias, &was) == -1)
		goto fail;
	if (canon != NULL) {
		/* no chains: the canonical tag is never an alias */
		db_rollback(db);
		return ADMIN_TAKEN;
	}
	if (was != NULL && strcmp(was, tag) == 0) {
		db_rollback(db);
		return ADMIN_SAME;
	}
	/* A -> alias becomes A -> tag before alias -> tag is recorded */
	if (db_run_count(db, Q_TAGSYN_REPOINT, p, &nre) == -1 ||
	    db_run(db, Q_TAGSYN_ADD, pa) == -1 ||
	    db_run_count(db, Q_ADMIN_TAG_RETAG, p, &n) == -1 ||
	    db_run(db, Q_ADMIN_TAG_RETAG_KB, p) == -1 ||
	    db_run_count(db, Q_ADMIN_TAG_MOVE_WATCHES, p, NULL) == -1)
		goto fail;
	*moved = n;
	return finish(db, who, "tag-synonym", alias, arena_printf(a,
	    "%s -> %s; %lld threads retagged; %d synonyms re-pointed%s%s",
	    alias, tag, (long long)n, nre, was != NULL ? "; was -> " : "",
	    was != NULL ? was : ""));
fail:
	db_rollback(db);
	return -1;
}

int
store_admin_tagsyn_remove(struct db *db, struct arena *a, int64_t actor,
    const char *alias)
{
	char		 who[40];
	const char	*p[1] = { alias };
	const char	*tag;
	int		 rc;

	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	if (db_run(db, Q_TAGSYN_LOCK, NULL) == -1 ||
	    store_tag_synonym_of(db, a, alias, &tag) == -1)
		goto fail;
	if (tag == NULL) {
		db_rollback(db);
		return ADMIN_NOT_FOUND;
	}
	if (db_run(db, Q_TAGSYN_DELETE, p) == -1)
		goto fail;
	return finish(db, who, "tag-synonym-remove", alias,
	    arena_printf(a, "%s -> %s", alias, tag));
fail:
	db_rollback(db);
	return -1;
}

int
store_admin_members(struct db *db, struct arena *a, const char *q,
    struct admin_member **out, size_t *n)
{
	char		*pat, *p;
	const char	*s, *pp[1];
	void		*v;
	int		 rc;

	/* '%' q '%', with \ % _ taken literally; ASCII folded to lower */
	pat = p = arena_alloc(a, strlen(q) * 2 + 3);
	*p++ = '%';
	for (s = q; *s != '\0'; s++) {
		if (*s == '\\' || *s == '%' || *s == '_')
			*p++ = '\\';
		*p++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
	}
	*p++ = '%';
	*p = '\0';
	pp[0] = pat;
	rc = db_rows(db, a, Q_ADMIN_MEMBERS, pp, &member_shape, &v, n);
	*out = v;
	return rc;
}

int
store_admin_role_change(struct db *db, struct arena *a, int64_t actor,
    int64_t user_id, enum role role, int needs_email)
{
	char			 who[40], ids[24];
	const char		*p[1] = { ids };
	const char		*pr[2] = { ids, state_role_name(role) };
	const char		*pa[5];
	struct admin_member	*m;
	void			*v;
	int			 rc;

	if (actor == user_id)
		return ADMIN_SELF;
	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	ID(ids, user_id);
	if (db_row1(db, a, Q_ADMIN_MEMBER_LOCK, p, &member_shape, &v) == -1)
		goto fail;
	if ((m = v) == NULL) {
		db_rollback(db);
		return ADMIN_NOT_FOUND;
	}
	if (m->role == role) {
		db_rollback(db);
		return ADMIN_SAME;
	}
	if (needs_email && m->email[0] == '\0') {
		db_rollback(db);
		return ADMIN_NEEDS_EMAIL;
	}
	pa[0] = who;
	pa[1] = "set-role";
	pa[2] = ids;
	pa[3] = m->username;
	pa[4] = arena_printf(a, "%s -> %s; every session ended",
	    state_role_name(m->role), state_role_name(role));
	/* privilege follows the session: every session of the account ends */
	if (db_run_count(db, Q_ACCT_SET_ROLE, pr, NULL) == -1 ||
	    db_run_count(db, Q_ACCT_SESSIONS_END, p, NULL) == -1 ||
	    db_run_count(db, Q_ACCT_CHALLENGES_DELETE_USER, p, NULL) == -1 ||
	    db_run_count(db, Q_AUDIT_ADD, pa, NULL) == -1)
		goto fail;
	return db_commit(db) == -1 ? -1 : ADMIN_OK;
fail:
	db_rollback(db);
	return -1;
}

/* ADMIN_MEMBER_SUSP, ADMIN_MEMBER_SUSP_LOCK */
enum { AS_ID, AS_USERNAME, AS_DISPLAY, AS_ROLE, AS_SUSPENDED, AS_UNTIL,
    AS_REASON, AS_SESSIONS, AS__MAX };
static const char *const susp_cols[AS__MAX] = {
	"id", "username", "display_name", "role", "suspended",
	"suspended_until", "suspend_reason", "sessions",
};
static void	susp_decode(struct arena *, const struct db_row *, int,
		    void *);
static const struct db_shape susp_shape = DB_SHAPE(susp_cols,
    struct admin_susp, susp_decode);

static void
susp_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct admin_susp	*s = row;

	s->id = db_i64(k, i, AS_ID);
	s->username = db_str(a, k, i, AS_USERNAME);
	s->display_name = db_str(a, k, i, AS_DISPLAY);
	s->role = state_role_parse(db_val(k, i, AS_ROLE));
	s->suspended = db_bool(k, i, AS_SUSPENDED);
	s->until = db_i64(k, i, AS_UNTIL);
	s->reason = db_str(a, k, i, AS_REASON);
	s->sessions = db_i64(k, i, AS_SESSIONS);
}

int
store_admin_suspension(struct db *db, struct arena *a, int64_t user_id,
    struct admin_susp **out)
{
	char		 ids[24];
	const char	*p[1] = { ids };
	void		*v;

	ID(ids, user_id);
	if (db_row1(db, a, Q_ADMIN_MEMBER_SUSP, p, &susp_shape, &v) == -1)
		return -1;
	*out = v;
	return 0;
}

int
store_admin_suspend(struct db *db, struct arena *a, int64_t actor,
    int64_t user_id, int days, const char *reason)
{
	char			 who[40], ids[24], ds[16];
	const char		*p[1] = { ids };
	const char		*ps[3] = { ids, ds, NULL };
	const char		*pa[5];
	struct admin_susp	*m;
	struct user		*by;
	char			*before, *after;
	json_t			*jb, *ja;
	void			*v;
	int			 rc;

	if (actor == user_id)
		return ADMIN_SELF;
	if (days < 0 || days > 3650)
		return -1;
	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	ID(ids, user_id);
	snprintf(ds, sizeof(ds), "%d", days);
	if (db_row1(db, a, Q_ADMIN_MEMBER_SUSP_LOCK, p, &susp_shape,
	    &v) == -1)
		goto fail;
	if ((m = v) == NULL) {
		db_rollback(db);
		return ADMIN_NOT_FOUND;
	}
	if (m->role == ROLE_ADMIN) {
		db_rollback(db);
		return ADMIN_PROTECTED;
	}
	if (days == 0 && !m->suspended) {
		db_rollback(db);
		return ADMIN_SAME;
	}
	/* the member is told the suspension's reason, not the restore's */
	ps[2] = days > 0 ? reason : "";
	pa[0] = who;
	pa[1] = days > 0 ? "suspend" : "restore";
	pa[2] = ids;
	pa[3] = m->username;
	pa[4] = days > 0 ? arena_printf(a, "%d days: %s; every session ended",
	    days, reason) : arena_printf(a, "suspension lifted: %s", reason);
	if (db_run_count(db, Q_ADMIN_MEMBER_SUSPEND, ps, NULL) == -1)
		goto fail;
	/* a suspended member is signed out everywhere, at once */
	if (days > 0 && (db_run_count(db, Q_ACCT_SESSIONS_END, p, NULL) == -1 ||
	    db_run_count(db, Q_ACCT_CHALLENGES_DELETE_USER, p, NULL) == -1))
		goto fail;
	if (db_run_count(db, Q_AUDIT_ADD, pa, NULL) == -1)
		goto fail;
	/*
	 * The moderation log too, in the shape of a moderator's suspension
	 * (store_modq_purge_user: "suspend", the state before for undo) and
	 * of a suspension lifted on appeal ("unsuspend"), so moderators see
	 * every suspension in one place.
	 */
	if (store_user_by_id(db, a, actor, &by) == -1 || by == NULL)
		goto fail;
	jb = json_pack("{s:I, s:s}", "suspended_until", (json_int_t)m->until,
	    "suspend_reason", m->reason ? m->reason : "");
	ja = days > 0 ? json_pack("{s:i, s:s, s:b, s:s}", "days", days,
	    "suspend_reason", reason, "sessions_ended", 1, "by", "admin") :
	    json_pack("{s:s}", "by", "admin");
	before = jb != NULL ? json_dumps(jb, JSON_COMPACT) : NULL;
	after = ja != NULL ? json_dumps(ja, JSON_COMPACT) : NULL;
	json_decref(jb);
	json_decref(ja);
	rc = store_modlog_add(db, actor, by->username, days > 0 ? "suspend" :
	    "unsuspend", "user", user_id, m->username, user_id, reason, "",
	    before != NULL ? before : "{}", after != NULL ? after : "{}", NULL);
	free(before);
	free(after);
	if (rc == -1)
		goto fail;
	return db_commit(db) == -1 ? -1 : ADMIN_OK;
fail:
	db_rollback(db);
	return -1;
}

/* SITE_GET */
enum { SI_NAME_JA, SI_NAME_EN, SI_LOGO, SI_VERSION, SI__MAX };
static const char *const site_cols[SI__MAX] = {
	"name_ja", "name_en", "logo", "version",
};
static void	site_decode(struct arena *, const struct db_row *, int,
		    void *);
static const struct db_shape site_shape = DB_SHAPE(site_cols,
    struct site_row, site_decode);

static void
site_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct site_row	*s = row;

	s->name[0] = db_str(a, k, i, SI_NAME_JA);
	s->name[1] = db_str(a, k, i, SI_NAME_EN);
	s->logo = db_str(a, k, i, SI_LOGO);
	s->version = db_i64(k, i, SI_VERSION);
}

int
store_site_version(struct db *db, int64_t *version)
{
	return store_one_id(db, Q_SITE_VERSION, NULL, "version", version);
}

int
store_site_get(struct db *db, struct arena *a, struct site_row *out)
{
	void	*v;

	memset(out, 0, sizeof(*out));
	if (db_row1(db, a, Q_SITE_GET, NULL, &site_shape, &v) == -1)
		return -1;
	if (v == NULL) {
		out->name[0] = out->name[1] = out->logo = "";
		return 0;
	}
	*out = *(struct site_row *)v;
	return 0;
}

/* SITE_LOGO_MIME */
enum { SM_MIME, SM__MAX };
static const char *const mime_cols[SM__MAX] = { "mime" };
struct site_mime {
	const char	*mime;
};
static void	mime_decode(struct arena *, const struct db_row *, int,
		    void *);
static const struct db_shape mime_shape = DB_SHAPE(mime_cols,
    struct site_mime, mime_decode);

static void
mime_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	((struct site_mime *)row)->mime = db_str(a, k, i, SM_MIME);
}

int
store_site_logo_mime(struct db *db, struct arena *a, const char *hash,
    const char **mime)
{
	const char	*p[1] = { hash };
	void		*v;

	*mime = NULL;
	if (db_row1(db, a, Q_SITE_LOGO_MIME, p, &mime_shape, &v) == -1)
		return -1;
	if (v != NULL)
		*mime = ((struct site_mime *)v)->mime;
	return 0;
}

int
store_site_save(struct db *db, struct arena *a, int64_t actor,
    const struct site_row *s)
{
	char			 who[40], ids[24];
	const char		*p[4];
	struct site_row		 old;
	struct buf		 d;
	int			 rc;

	if ((rc = begin_as(db, actor, who, sizeof(who))) != ADMIN_OK)
		return rc;
	if (store_site_get(db, a, &old) == -1)
		goto fail;
	buf_init(&d, a);
	if (strcmp(old.name[0], s->name[0]) != 0)
		buf_printf(&d, "name_ja: %s -> %s; ", old.name[0], s->name[0]);
	if (strcmp(old.name[1], s->name[1]) != 0)
		buf_printf(&d, "name_en: %s -> %s; ", old.name[1], s->name[1]);
	if (strcmp(old.logo, s->logo) != 0)
		buf_printf(&d, "logo: %s -> %s; ", old.logo[0] != '\0' ?
		    old.logo : "none", s->logo[0] != '\0' ? s->logo : "none");
	if (d.len == 0) {
		db_rollback(db);
		return ADMIN_SAME;
	}
	ID(ids, actor);
	p[0] = s->name[0];
	p[1] = s->name[1];
	p[2] = s->logo;
	p[3] = ids;
	if (db_run_count(db, Q_SITE_SAVE, p, NULL) == -1)
		goto fail;
	d.len -= 2;		/* the last "; " */
	buf_putc(&d, '\0');
	return finish(db, who, "site-settings", "site", d.p);
fail:
	db_rollback(db);
	return -1;
}
