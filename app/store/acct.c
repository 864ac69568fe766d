/*
 * store/acct.c: the changes of an account's privilege, each one
 * transaction: a role change (every session ends, audited), a reset of
 * two-step verification, and the second factor a session has passed.
 *
 * A session's powers follow what the session itself proved: mfa_at is
 * set when the session passes a second factor (at sign-in, on the step-up
 * page or on a re-authentication), never copied from another session.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "store/db_internal.h"
#include "store/store.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

static int	exec1(struct db *, enum q, const char *const *);

/* ACCT_SECRETS_LOCK */
enum { SE_ID, SE_TOTP_SECRET, SE_TOTP_PENDING, SE__MAX };
static const char *const secret_cols[SE__MAX] = {
	"id", "totp_secret", "totp_pending",
};

/* Runs q; 0 or -1. */
static int
exec1(struct db *db, enum q q, const char *const *p)
{
	PGresult	*res;

	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
store_acct_session_mfa_at(struct db *db, int64_t session_id, int64_t *at)
{
	char		 ids[24];
	const char	*p[1] = { ids };

	ID(ids, session_id);
	return store_one_id(db, Q_ACCT_SESSION_MFA_AT, p, "mfa_at", at);
}

int
store_acct_session_mfa_set(struct db *db, int64_t session_id)
{
	char		 ids[24];
	const char	*p[1] = { ids };

	ID(ids, session_id);
	return exec1(db, Q_ACCT_SESSION_MFA_SET, p);
}

int
store_acct_session_id(struct db *db, const char *token_hash, int64_t *id)
{
	const char	*p[1] = { token_hash };

	return store_one_id(db, Q_ACCT_SESSION_ID_BY_HASH, p, "id", id);
}

int
store_acct_role_change(struct db *db, int64_t user_id, const char *username,
    const char *old_role, const char *new_role, const char *actor)
{
	char		 ids[24], detail[80];
	const char	*p[2] = { ids, new_role };
	const char	*pa[5] = { actor, "set-role", ids, username, detail };

	ID(ids, user_id);
	snprintf(detail, sizeof(detail), "%s -> %s; every session ended",
	    old_role, new_role);
	if (db_begin(db) == -1)
		return -1;
	if (exec1(db, Q_ACCT_SET_ROLE, p) == -1 ||
	    exec1(db, Q_ACCT_SESSIONS_END, p) == -1 ||
	    exec1(db, Q_ACCT_CHALLENGES_DELETE_USER, p) == -1 ||
	    exec1(db, Q_AUDIT_ADD, pa) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int
store_acct_reset_2fa(struct db *db, int64_t user_id, const char *username,
    const char *actor)
{
	char		 ids[24];
	const char	*p[1] = { ids };
	const char	*pa[5] = { actor, "reset-2fa", ids, username,
	    "secret and recovery codes removed; every session ended" };

	ID(ids, user_id);
	if (db_begin(db) == -1)
		return -1;
	if (exec1(db, Q_ACCT_DISABLE_TOTP, p) == -1 ||
	    exec1(db, Q_ACCT_RECOVERY_DELETE, p) == -1 ||
	    exec1(db, Q_ACCT_SESSIONS_END, p) == -1 ||
	    exec1(db, Q_ACCT_CHALLENGES_DELETE_USER, p) == -1 ||
	    exec1(db, Q_AUDIT_ADD, pa) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int
store_acct_reseal(struct db *db, struct arena *a,
    int (*fn)(void *, struct arena *, const char *, const char **),
    void *arg, size_t *changed)
{
	PGresult	*res;
	struct db_row	 k;
	const char	*sec, *pen, *ns, *np, *p[3];
	int		 i, rows;

	*changed = 0;
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_query(db, Q_ACCT_SECRETS_LOCK, NULL, &k, secret_cols,
	    SE__MAX)) == NULL)
		goto fail;
	rows = k.rows;
	for (i = 0; i < rows; i++) {
		sec = db_val(&k, i, SE_TOTP_SECRET);
		pen = db_val(&k, i, SE_TOTP_PENDING);
		if (fn(arg, a, sec, &ns) == -1 || fn(arg, a, pen, &np) == -1) {
			PQclear(res);
			goto fail;
		}
		if (ns == sec && np == pen)
			continue;
		p[0] = db_val(&k, i, SE_ID);
		p[1] = ns;
		p[2] = np;
		if (exec1(db, Q_ACCT_SECRETS_SET, p) == -1) {
			PQclear(res);
			goto fail;
		}
		(*changed)++;
	}
	PQclear(res);
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}
