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

#define I64(res, r, c)	strtoll(PQgetvalue((res), (r), (c)), NULL, 10)

static int	user_by(struct db *, struct arena *, enum q, const char *,
		    struct user **);
static int	run(struct db *, enum q, const char *const *, int *affected);

/* Runs q; *affected (if not NULL) gets the rows changed. */
static int
run(struct db *db, enum q q, const char *const *p, int *affected)
{
	PGresult	*res;

	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	if (affected != NULL)
		*affected = atoi(PQcmdTuples(res));
	PQclear(res);
	return 0;
}

static int
user_by(struct db *db, struct arena *a, enum q q, const char *v,
    struct user **out)
{
	PGresult	*res;
	const char	*p[1] = { v };
	struct user	*u;

	*out = NULL;
	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		u = arena_calloc(a, 1, sizeof(*u));
		u->id = I64(res, 0, 0);
		u->username = arena_strdup(a, PQgetvalue(res, 0, 1));
		u->display_name = arena_strdup(a, PQgetvalue(res, 0, 2));
		u->role = state_role_parse(PQgetvalue(res, 0, 3));
		u->lang = arena_strdup(a, PQgetvalue(res, 0, 4));
		u->password_hash = arena_strdup(a, PQgetvalue(res, 0, 5));
		u->totp_secret = arena_strdup(a, PQgetvalue(res, 0, 6));
		u->totp_last_step = I64(res, 0, 7);
		u->locked_until = I64(res, 0, 8);
		u->trust = atoi(PQgetvalue(res, 0, 9));
		u->created = I64(res, 0, 10);
		u->totp_pending = arena_strdup(a, PQgetvalue(res, 0, 11));
		u->suspended = PQgetvalue(res, 0, 12)[0] == 't';
		u->suspended_until = I64(res, 0, 13);
		u->suspend_reason = arena_strdup(a, PQgetvalue(res, 0, 14));
		*out = u;
	}
	PQclear(res);
	return 0;
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

	if (store_one_id(db, Q_USER_CREATE, p, id) == -1) {
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
	return run(db, Q_USER_CHANGE_PASSWORD, p, NULL);
}

int
store_user_set_profile(struct db *db, int64_t id, const char *display,
    const char *lang)
{
	char		 ids[24];
	const char	*p[3] = { ids, display, lang };

	ID_PARAM(ids, id);
	return run(db, Q_USER_SET_PROFILE, p, NULL);
}

int
store_user_set_lang(struct db *db, int64_t id, const char *lang)
{
	char		 ids[24];
	const char	*p[2] = { ids, lang };

	ID_PARAM(ids, id);
	return run(db, Q_USER_SET_LANG, p, NULL);
}

int
store_user_set_role(struct db *db, int64_t id, const char *role)
{
	char		 ids[24];
	const char	*p[2] = { ids, role };

	ID_PARAM(ids, id);
	return run(db, Q_USER_SET_ROLE, p, NULL);
}

int
store_user_set_locked(struct db *db, int64_t id, long seconds)
{
	char		 ids[24], s[24];
	const char	*p[2] = { ids, s };

	ID_PARAM(ids, id);
	snprintf(s, sizeof(s), "%ld", seconds);
	return run(db, Q_USER_SET_LOCKED, p, NULL);
}

int
store_user_unlock(struct db *db, int64_t id)
{
	char		 ids[24];
	const char	*p[1] = { ids };

	ID_PARAM(ids, id);
	return run(db, Q_USER_UNLOCK, p, NULL);
}

int
store_user_set_totp_pending(struct db *db, int64_t id, const char *secret)
{
	char		 ids[24];
	const char	*p[2] = { ids, secret };

	ID_PARAM(ids, id);
	return run(db, Q_USER_SET_TOTP_PENDING, p, NULL);
}

int
store_user_enable_totp(struct db *db, int64_t id, int64_t step, int *ok)
{
	char		 ids[24], st[24];
	const char	*p[2] = { ids, st };

	ID_PARAM(ids, id);
	ID_PARAM(st, step);
	return run(db, Q_USER_ENABLE_TOTP, p, ok);
}

int
store_user_set_totp(struct db *db, int64_t id, const char *secret)
{
	char		 ids[24];
	const char	*p[2] = { ids, secret };

	ID_PARAM(ids, id);
	if (secret == NULL) {
		const char	*p1[1] = { ids };

		return run(db, Q_USER_DISABLE_TOTP, p1, NULL);
	}
	return run(db, Q_USER_SET_TOTP_SECRET, p, NULL);
}

int
store_user_totp_step(struct db *db, int64_t id, int64_t step, int *ok)
{
	char		 ids[24], st[24];
	const char	*p[2] = { ids, st };

	ID_PARAM(ids, id);
	ID_PARAM(st, step);
	return run(db, Q_USER_TOTP_STEP, p, ok);
}

int
store_user_set_trust(struct db *db, int64_t id, int level)
{
	char		 ids[24], lv[8];
	const char	*p[2] = { ids, lv };

	ID_PARAM(ids, id);
	snprintf(lv, sizeof(lv), "%d", level);
	return run(db, Q_USER_SET_TRUST, p, NULL);
}

int
store_user_trust_inputs(struct db *db, int64_t id,
    struct trust_inputs *t)
{
	PGresult	*res;
	char		 ids[24];
	const char	*p[1] = { ids };

	memset(t, 0, sizeof(*t));
	t->role = ROLE_USER;
	ID_PARAM(ids, id);
	if ((res = db_exec(db, Q_USER_TRUST_INPUTS, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		t->role = state_role_parse(PQgetvalue(res, 0, 0));
		t->age_days = I64(res, 0, 1);
		t->posts_kept = I64(res, 0, 2);
		t->accepted = I64(res, 0, 3);
		t->flagged_upheld = I64(res, 0, 4);
		t->flagger_upheld = I64(res, 0, 5);
		t->flagger_declined = I64(res, 0, 6);
	}
	PQclear(res);
	return 0;
}

int
store_user_posts(struct db *db, struct arena *a, int64_t id, int limit,
    struct user_post **out, size_t *n)
{
	PGresult	*res;
	char		 ids[24], lim[16];
	const char	*p[2] = { ids, lim };
	int		 i, rows;

	ID_PARAM(ids, id);
	snprintf(lim, sizeof(lim), "%d", limit);
	if ((res = db_exec(db, Q_USER_POSTS, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].thread_id = I64(res, i, 0);
		(*out)[i].title = arena_strdup(a, PQgetvalue(res, i, 1));
		(*out)[i].lang = arena_strdup(a, PQgetvalue(res, i, 2));
		(*out)[i].kind = state_kind_parse(PQgetvalue(res, i, 3));
		(*out)[i].created = I64(res, i, 4);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
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
	if (run(db, Q_RECOVERY_DELETE, p, NULL) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		p[1] = hashes[i];
		if (run(db, Q_RECOVERY_ADD, p, NULL) == -1)
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
	return run(db, Q_RECOVERY_USE, p, ok);
}

int
store_recovery_left(struct db *db, int64_t id, int64_t *n)
{
	char		 ids[24];
	const char	*p[1] = { ids };

	ID_PARAM(ids, id);
	return store_one_id(db, Q_RECOVERY_LEFT, p, n);
}

int
store_session_create(struct db *db, const char *token_hash, int64_t user,
    const char *csrf, const char *user_agent, const char *ip, int64_t *id)
{
	char		 ids[24];
	const char	*p[5] = { token_hash, ids, csrf, user_agent, ip };

	ID_PARAM(ids, user);
	return store_one_id(db, Q_SESSION_CREATE, p, id);
}

int
store_session_delete_hash(struct db *db, const char *token_hash)
{
	const char	*p[1] = { token_hash };

	return run(db, Q_SESSION_DELETE_BY_HASH, p, NULL);
}

int
store_session_delete_ended(struct db *db, const char *token_hash)
{
	const char	*p[1] = { token_hash };
	int		 n = 0;

	if (run(db, Q_SESSION_DELETE_ENDED, p, &n) == -1)
		return -1;
	return n > 0;
}

int
store_sessions_sweep(struct db *db)
{
	int		 n = 0;

	if (run(db, Q_SESSIONS_EXPIRED_DELETE, NULL, &n) == -1)
		return -1;
	return n;
}

int
store_session_delete(struct db *db, int64_t id, int64_t user)
{
	char		 ids[24], us[24];
	const char	*p[2] = { ids, us };

	ID_PARAM(ids, id);
	ID_PARAM(us, user);
	return run(db, Q_SESSION_DELETE, p, NULL);
}

int
store_sessions_delete(struct db *db, int64_t user, int64_t keep_id)
{
	char		 us[24], ks[24];
	const char	*p[2] = { us, ks };

	ID_PARAM(us, user);
	ID_PARAM(ks, keep_id);
	return run(db, keep_id ? Q_SESSIONS_DELETE_OTHERS :
	    Q_SESSIONS_DELETE_USER, p, NULL);
}

int
store_sessions_by_user(struct db *db, struct arena *a, int64_t user,
    struct session_row **out, size_t *n)
{
	PGresult	*res;
	char		 us[24];
	const char	*p[1] = { us };
	int		 i, rows;

	ID_PARAM(us, user);
	if ((res = db_exec(db, Q_SESSIONS_BY_USER, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].id = I64(res, i, 0);
		(*out)[i].created = I64(res, i, 1);
		(*out)[i].last_seen = I64(res, i, 2);
		(*out)[i].expires = I64(res, i, 3);
		(*out)[i].user_agent = arena_strdup(a, PQgetvalue(res, i, 4));
		(*out)[i].ip = arena_strdup(a, PQgetvalue(res, i, 5));
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_challenge_create(struct db *db, const char *token_hash, int64_t user,
    const char *next)
{
	char		 us[24];
	const char	*p[3] = { token_hash, us, next };

	ID_PARAM(us, user);
	return run(db, Q_CHALLENGE_CREATE, p, NULL);
}

int
store_challenge_get(struct db *db, struct arena *a, const char *token_hash,
    int64_t *user, const char **next, int *attempts)
{
	PGresult	*res;
	const char	*p[1] = { token_hash };

	*user = 0;
	*next = "/";
	*attempts = 0;
	if ((res = db_exec(db, Q_CHALLENGE_GET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*user = I64(res, 0, 0);
		*next = arena_strdup(a, PQgetvalue(res, 0, 1));
		*attempts = atoi(PQgetvalue(res, 0, 2));
	}
	PQclear(res);
	return 0;
}

int
store_challenge_bump(struct db *db, const char *token_hash, int *attempts)
{
	const char	*p[1] = { token_hash };
	int64_t		 n;

	if (store_one_id(db, Q_CHALLENGE_BUMP, p, &n) == -1)
		return -1;
	*attempts = (int)n;
	return 0;
}

int
store_challenge_delete(struct db *db, const char *token_hash)
{
	const char	*p[1] = { token_hash };

	return run(db, Q_CHALLENGE_DELETE, p, NULL);
}

int
store_audit(struct db *db, const char *actor, const char *action,
    int64_t target, const char *target_name, const char *detail)
{
	char		 ts[24];
	const char	*p[5] = { actor, action, target ? ts : NULL,
	    target_name ? target_name : "", detail ? detail : "" };

	ID_PARAM(ts, target);
	return run(db, Q_AUDIT_ADD, p, NULL);
}

int
store_audit_by_user(struct db *db, struct arena *a, int64_t user,
    struct audit_row **out, size_t *n)
{
	PGresult	*res;
	char		 us[24];
	const char	*p[1] = { us };
	int		 i, rows;

	ID_PARAM(us, user);
	if ((res = db_exec(db, Q_AUDIT_BY_USER, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].at = I64(res, i, 0);
		(*out)[i].actor = arena_strdup(a, PQgetvalue(res, i, 1));
		(*out)[i].action = arena_strdup(a, PQgetvalue(res, i, 2));
		(*out)[i].detail = arena_strdup(a, PQgetvalue(res, i, 3));
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}
