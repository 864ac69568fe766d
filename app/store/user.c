/*
 * store/user.c: accounts, sessions, sign-in challenges, recovery codes and
 * the audit log.  Rows are copied into arena structs; PGresult is cleared
 * before every return.  Passwords never reach this file: only argon2id
 * hashes, and SHA-256 hashes of tokens and recovery codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"


static int	user_by(struct db *, struct arena *, enum q, const char *,
		    struct user **);

static void	user_decode(struct arena *, const struct db_row *, int, void *);
static void	user_post_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	session_row_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	audit_decode(struct arena *, const struct db_row *, int,
		    void *);

/* USER_BY_KEY, USER_BY_ID */
enum { US_ID, US_USERNAME, US_DISPLAY_NAME, US_ROLE, US_LANG,
    US_PASSWORD_HASH, US_TOTP_SECRET, US_TOTP_LAST_STEP, US_LOCKED_UNTIL,
    US_TRUST, US_CREATED, US_TOTP_PENDING, US_SUSPENDED, US_SUSPENDED_UNTIL,
    US_SUSPEND_REASON, US__MAX };
static const char *const user_cols[US__MAX] = {
	"id", "username", "display_name", "role", "lang", "password_hash",
	"totp_secret", "totp_last_step", "locked_until", "trust_level",
	"created", "totp_pending", "suspended", "suspended_until",
	"suspend_reason",
};
static const struct db_shape user_shape = DB_SHAPE(user_cols, struct user,
    user_decode);

/* USER_TRUST_INPUTS */
enum { TI_ROLE, TI_AGE_DAYS, TI_POSTS_KEPT, TI_ACCEPTED, TI_FLAGGED_UPHELD,
    TI_FLAGGER_UPHELD, TI_FLAGGER_DECLINED, TI__MAX };
static const char *const trust_cols[TI__MAX] = {
	"role", "age_days", "posts_kept", "accepted", "flagged_upheld",
	"flags_upheld", "flags_declined",
};

/* USER_POSTS */
enum { UP_THREAD_ID, UP_TITLE, UP_LANG, UP_KIND, UP_CREATED, UP__MAX };
static const char *const user_post_cols[UP__MAX] = {
	"id", "title", "lang", "kind", "created",
};
static const struct db_shape user_post_shape = DB_SHAPE(user_post_cols,
    struct user_post, user_post_decode);

/* SESSIONS_BY_USER */
enum { SR_ID, SR_CREATED, SR_LAST_SEEN, SR_EXPIRES, SR_USER_AGENT, SR_IP,
    SR__MAX };
static const char *const session_row_cols[SR__MAX] = {
	"id", "created", "last_seen", "expires", "user_agent", "ip",
};
static const struct db_shape session_row_shape = DB_SHAPE(session_row_cols,
    struct session_row, session_row_decode);

/* CHALLENGE_GET */
enum { CH_USER_ID, CH_NEXT, CH_ATTEMPTS, CH__MAX };
static const char *const challenge_cols[CH__MAX] = {
	"user_id", "next", "attempts",
};

/* AUDIT_BY_USER */
enum { AU_AT, AU_ACTOR, AU_ACTION, AU_DETAIL, AU__MAX };
static const char *const audit_cols[AU__MAX] = {
	"at", "actor", "action", "detail",
};
static const struct db_shape audit_shape = DB_SHAPE(audit_cols,
    struct audit_row, audit_decode);

static void
user_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct user	*u = row;

	u->id = db_i64(k, i, US_ID);
	u->username = db_str(a, k, i, US_USERNAME);
	u->display_name = db_str(a, k, i, US_DISPLAY_NAME);
	u->role = state_role_parse(db_val(k, i, US_ROLE));
	u->lang = db_str(a, k, i, US_LANG);
	u->password_hash = db_str(a, k, i, US_PASSWORD_HASH);
	u->totp_secret = db_str(a, k, i, US_TOTP_SECRET);
	u->totp_last_step = db_i64(k, i, US_TOTP_LAST_STEP);
	u->locked_until = db_i64(k, i, US_LOCKED_UNTIL);
	u->trust = (int)db_i64(k, i, US_TRUST);
	u->created = db_i64(k, i, US_CREATED);
	u->totp_pending = db_str(a, k, i, US_TOTP_PENDING);
	u->suspended = db_bool(k, i, US_SUSPENDED);
	u->suspended_until = db_i64(k, i, US_SUSPENDED_UNTIL);
	u->suspend_reason = db_str(a, k, i, US_SUSPEND_REASON);
}

static void
user_post_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct user_post	*p = row;

	p->thread_id = db_i64(k, i, UP_THREAD_ID);
	p->title = db_str(a, k, i, UP_TITLE);
	p->lang = db_str(a, k, i, UP_LANG);
	p->kind = state_kind_parse(db_val(k, i, UP_KIND));
	p->created = db_i64(k, i, UP_CREATED);
}

static void
session_row_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct session_row	*s = row;

	s->id = db_i64(k, i, SR_ID);
	s->created = db_i64(k, i, SR_CREATED);
	s->last_seen = db_i64(k, i, SR_LAST_SEEN);
	s->expires = db_i64(k, i, SR_EXPIRES);
	s->user_agent = db_str(a, k, i, SR_USER_AGENT);
	s->ip = db_str(a, k, i, SR_IP);
}

static void
audit_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct audit_row	*r = row;

	r->at = db_i64(k, i, AU_AT);
	r->actor = db_str(a, k, i, AU_ACTOR);
	r->action = db_str(a, k, i, AU_ACTION);
	r->detail = db_str(a, k, i, AU_DETAIL);
}

static int
user_by(struct db *db, struct arena *a, enum q q, const char *v,
    struct user **out)
{
	const char	*p[1] = { v };
	void		*u;
	int		 rc;

	rc = db_row1(db, a, q, p, &user_shape, &u);
	*out = u;
	return rc;
}

int
store_user_by_key(struct db *db, struct arena *a, const char *key,
    struct user **out)
{
	return user_by(db, a, Q_USER_BY_KEY, key, out);
}

int
store_user_by_id(struct db *db, struct arena *a, int64_t id,
    struct user **out)
{
	char	ids[24];

	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	return user_by(db, a, Q_USER_BY_ID, ids, out);
}

int
store_user_create(struct db *db, const char *username, const char *key,
    const char *display, const char *hash, const char *lang, const char *role,
    int64_t *id)
{
	const char	*p[6] = { username, key, display, hash, lang, role };

	if (store_one_id(db, Q_USER_CREATE, p, "id", id) == -1) {
		*id = 0;
		return strcmp(db_sqlstate(db), "23505") == 0 ? 0 : -1;
	}
	return 0;
}

#define ID_PARAM(ids, id)	snprintf((ids), sizeof(ids), "%lld", \
				    (long long)(id))

int
store_user_change_password(struct db *db, int64_t id, const char *hash)
{
	char		 ids[24];
	const char	*p[2] = { ids, hash };

	ID_PARAM(ids, id);
	return db_run_count(db, Q_USER_CHANGE_PASSWORD, p, NULL);
}

int
store_user_set_profile(struct db *db, int64_t id, const char *display,
    const char *lang)
{
	char		 ids[24];
	const char	*p[3] = { ids, display, lang };

	ID_PARAM(ids, id);
	return db_run_count(db, Q_USER_SET_PROFILE, p, NULL);
}

int
store_user_set_lang(struct db *db, int64_t id, const char *lang)
{
	char		 ids[24];
	const char	*p[2] = { ids, lang };

	ID_PARAM(ids, id);
	return db_run_count(db, Q_USER_SET_LANG, p, NULL);
}

int
store_user_staff_names(struct db *db, struct arena *a, const char ***names,
    size_t *n)
{
	PGresult	*res;
	int		 i, rows;

	*names = NULL;
	*n = 0;
	if ((res = db_exec(db, Q_USER_STAFF_NAMES, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	*names = arena_calloc(a, (size_t)rows * 2 + 1, sizeof(char *));
	for (i = 0; i < rows; i++) {
		(*names)[(*n)++] = arena_strdup(a, PQgetvalue(res, i, 0));
		(*names)[(*n)++] = arena_strdup(a, PQgetvalue(res, i, 1));
	}
	PQclear(res);
	return 0;
}

int
store_user_set_role(struct db *db, int64_t id, const char *role)
{
	char		 ids[24];
	const char	*p[2] = { ids, role };

	ID_PARAM(ids, id);
	return db_run_count(db, Q_USER_SET_ROLE, p, NULL);
}

int
store_user_set_locked(struct db *db, int64_t id, long seconds)
{
	char		 ids[24], s[24];
	const char	*p[2] = { ids, s };

	ID_PARAM(ids, id);
	snprintf(s, sizeof(s), "%ld", seconds);
	return db_run_count(db, Q_USER_SET_LOCKED, p, NULL);
}

int
store_user_unlock(struct db *db, int64_t id)
{
	char		 ids[24];
	const char	*p[1] = { ids };

	ID_PARAM(ids, id);
	return db_run_count(db, Q_USER_UNLOCK, p, NULL);
}

int
store_user_set_totp_pending(struct db *db, int64_t id, const char *secret)
{
	char		 ids[24];
	const char	*p[2] = { ids, secret };

	ID_PARAM(ids, id);
	return db_run_count(db, Q_USER_SET_TOTP_PENDING, p, NULL);
}

int
store_user_enable_totp(struct db *db, int64_t id, int64_t step, int *ok)
{
	char		 ids[24], st[24];
	const char	*p[2] = { ids, st };

	ID_PARAM(ids, id);
	ID_PARAM(st, step);
	return db_run_count(db, Q_USER_ENABLE_TOTP, p, ok);
}

int
store_user_set_totp(struct db *db, int64_t id, const char *secret)
{
	char		 ids[24];
	const char	*p[2] = { ids, secret };

	ID_PARAM(ids, id);
	if (secret == NULL) {
		const char	*p1[1] = { ids };

		return db_run_count(db, Q_USER_DISABLE_TOTP, p1, NULL);
	}
	return db_run_count(db, Q_USER_SET_TOTP_SECRET, p, NULL);
}

int
store_user_totp_step(struct db *db, int64_t id, int64_t step, int *ok)
{
	char		 ids[24], st[24];
	const char	*p[2] = { ids, st };

	ID_PARAM(ids, id);
	ID_PARAM(st, step);
	return db_run_count(db, Q_USER_TOTP_STEP, p, ok);
}

int
store_user_set_trust(struct db *db, int64_t id, int level)
{
	char		 ids[24], lv[8];
	const char	*p[2] = { ids, lv };

	ID_PARAM(ids, id);
	snprintf(lv, sizeof(lv), "%d", level);
	return db_run_count(db, Q_USER_SET_TRUST, p, NULL);
}

int
store_user_trust_inputs(struct db *db, int64_t id,
    struct trust_inputs *t)
{
	PGresult	*res;
	struct db_row	 k;
	char		 ids[24];
	const char	*p[1] = { ids };

	memset(t, 0, sizeof(*t));
	t->role = ROLE_USER;
	ID_PARAM(ids, id);
	if ((res = db_query(db, Q_USER_TRUST_INPUTS, p, &k, trust_cols,
	    TI__MAX)) == NULL)
		return -1;
	if (k.rows == 1) {
		t->role = state_role_parse(db_val(&k, 0, TI_ROLE));
		t->age_days = db_i64(&k, 0, TI_AGE_DAYS);
		t->posts_kept = db_i64(&k, 0, TI_POSTS_KEPT);
		t->accepted = db_i64(&k, 0, TI_ACCEPTED);
		t->flagged_upheld = db_i64(&k, 0, TI_FLAGGED_UPHELD);
		t->flagger_upheld = db_i64(&k, 0, TI_FLAGGER_UPHELD);
		t->flagger_declined = db_i64(&k, 0, TI_FLAGGER_DECLINED);
	}
	PQclear(res);
	return 0;
}

int
store_user_posts(struct db *db, struct arena *a, int64_t id, int limit,
    struct user_post **out, size_t *n)
{
	char		 ids[24], lim[16];
	const char	*p[2] = { ids, lim };
	void		*v;
	int		 rc;

	ID_PARAM(ids, id);
	snprintf(lim, sizeof(lim), "%d", limit);
	rc = db_rows(db, a, Q_USER_POSTS, p, &user_post_shape, &v, n);
	*out = v;
	return rc;
}

int
store_recovery_set(struct db *db, int64_t id, char **hashes, size_t n)
{
	char		 ids[24];
	const char	*p[2] = { ids, NULL };
	size_t		 i;

	ID_PARAM(ids, id);
	if (db_begin(db) == -1)
		return -1;
	if (db_run_count(db, Q_RECOVERY_DELETE, p, NULL) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		p[1] = hashes[i];
		if (db_run_count(db, Q_RECOVERY_ADD, p, NULL) == -1)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
store_recovery_use(struct db *db, int64_t id, const char *hash, int *ok)
{
	char		 ids[24];
	const char	*p[2] = { ids, hash };

	ID_PARAM(ids, id);
	return db_run_count(db, Q_RECOVERY_USE, p, ok);
}

int
store_recovery_left(struct db *db, int64_t id, int64_t *n)
{
	char		 ids[24];
	const char	*p[1] = { ids };

	ID_PARAM(ids, id);
	return store_one_id(db, Q_RECOVERY_LEFT, p, "count", n);
}

int
store_session_create(struct db *db, const char *token_hash, int64_t user,
    const char *csrf, const char *user_agent, const char *ip, int64_t *id)
{
	char		 ids[24];
	const char	*p[5] = { token_hash, ids, csrf, user_agent, ip };

	ID_PARAM(ids, user);
	return store_one_id(db, Q_SESSION_CREATE, p, "id", id);
}

int
store_session_delete_hash(struct db *db, const char *token_hash)
{
	const char	*p[1] = { token_hash };

	return db_run_count(db, Q_SESSION_DELETE_BY_HASH, p, NULL);
}

int
store_session_delete_ended(struct db *db, const char *token_hash)
{
	const char	*p[1] = { token_hash };
	int		 n = 0;

	if (db_run_count(db, Q_SESSION_DELETE_ENDED, p, &n) == -1)
		return -1;
	return n > 0;
}

int
store_sessions_sweep(struct db *db, int *skipped)
{
	static const char *const cols[] = { "got" };
	PGresult	*res;
	struct db_row	 k;
	int		 n = 0, got;

	*skipped = 0;
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_query(db, Q_SESSIONS_SWEEP_LOCK, NULL, &k, cols, 1)) ==
	    NULL)
		goto fail;
	got = k.rows == 1 && db_bool(&k, 0, 0);
	PQclear(res);
	if (!got) {
		/* Another instance is sweeping now: nothing to do here. */
		*skipped = 1;
		db_rollback(db);
		return 0;
	}
	if (db_run_count(db, Q_SESSIONS_EXPIRED_DELETE, NULL, &n) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	return n;
fail:
	db_rollback(db);
	return -1;
}

int
store_session_delete(struct db *db, int64_t id, int64_t user)
{
	char		 ids[24], us[24];
	const char	*p[2] = { ids, us };

	ID_PARAM(ids, id);
	ID_PARAM(us, user);
	return db_run_count(db, Q_SESSION_DELETE, p, NULL);
}

int
store_sessions_delete(struct db *db, int64_t user, int64_t keep_id)
{
	char		 us[24], ks[24];
	const char	*p[2] = { us, ks };

	ID_PARAM(us, user);
	ID_PARAM(ks, keep_id);
	return db_run_count(db, keep_id ? Q_SESSIONS_DELETE_OTHERS :
	    Q_SESSIONS_DELETE_USER, p, NULL);
}

int
store_sessions_by_user(struct db *db, struct arena *a, int64_t user,
    struct session_row **out, size_t *n)
{
	char		 us[24];
	const char	*p[1] = { us };
	void		*v;
	int		 rc;

	ID_PARAM(us, user);
	rc = db_rows(db, a, Q_SESSIONS_BY_USER, p, &session_row_shape, &v, n);
	*out = v;
	return rc;
}

int
store_challenge_create(struct db *db, const char *token_hash, int64_t user,
    const char *next)
{
	char		 us[24];
	const char	*p[3] = { token_hash, us, next };

	ID_PARAM(us, user);
	return db_run_count(db, Q_CHALLENGE_CREATE, p, NULL);
}

int
store_challenge_get(struct db *db, struct arena *a, const char *token_hash,
    int64_t *user, const char **next, int *attempts)
{
	PGresult	*res;
	struct db_row	 k;
	const char	*p[1] = { token_hash };

	*user = 0;
	*next = "/";
	*attempts = 0;
	if ((res = db_query(db, Q_CHALLENGE_GET, p, &k, challenge_cols,
	    CH__MAX)) == NULL)
		return -1;
	if (k.rows == 1) {
		*user = db_i64(&k, 0, CH_USER_ID);
		*next = db_str(a, &k, 0, CH_NEXT);
		*attempts = (int)db_i64(&k, 0, CH_ATTEMPTS);
	}
	PQclear(res);
	return 0;
}

int
store_challenge_bump(struct db *db, const char *token_hash, int *attempts)
{
	const char	*p[1] = { token_hash };
	int64_t		 n;

	if (store_one_id(db, Q_CHALLENGE_BUMP, p, "attempts", &n) == -1)
		return -1;
	*attempts = (int)n;
	return 0;
}

int
store_challenge_delete(struct db *db, const char *token_hash)
{
	const char	*p[1] = { token_hash };

	return db_run_count(db, Q_CHALLENGE_DELETE, p, NULL);
}

int
store_audit(struct db *db, const char *actor, const char *action,
    int64_t target, const char *target_name, const char *detail)
{
	char		 ts[24];
	const char	*p[5] = { actor, action, target ? ts : NULL,
	    target_name ? target_name : "", detail ? detail : "" };

	ID_PARAM(ts, target);
	return db_run_count(db, Q_AUDIT_ADD, p, NULL);
}

int
store_audit_by_user(struct db *db, struct arena *a, int64_t user,
    struct audit_row **out, size_t *n)
{
	char		 us[24];
	const char	*p[1] = { us };
	void		*v;
	int		 rc;

	ID_PARAM(us, user);
	rc = db_rows(db, a, Q_AUDIT_BY_USER, p, &audit_shape, &v, n);
	*out = v;
	return rc;
}
