/*
 * store/oidc.c: identities at the exchange's OpenID provider linked to
 * forum accounts (oidc_identities, migration 0157).  Linking, unlinking
 * and creating an account from an identity are one transaction each,
 * with their audit_log row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"

static int	exec_n(struct db *, enum q, const char *const *, int *);
static void	link_decode(struct arena *, const struct db_row *, int, void *);

enum { LK_ISSUER, LK_SUBJECT, LK_EMAIL, LK_CREATED, LK__MAX };
static const char *const link_cols[LK__MAX] = {
	"issuer", "subject", "email", "created"
};
static const struct db_shape link_shape = DB_SHAPE(link_cols,
    struct oidc_link_row, link_decode);

static void
link_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct oidc_link_row	*r = row;

	r->issuer = db_str(a, k, i, LK_ISSUER);
	r->subject = db_str(a, k, i, LK_SUBJECT);
	r->email = db_str(a, k, i, LK_EMAIL);
	r->created = db_i64(k, i, LK_CREATED);
}

/* Runs q; *n gets the rows it returned or changed.  0 or -1. */
static int
exec_n(struct db *db, enum q q, const char *const *p, int *n)
{
	PGresult	*res;

	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	*n = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) :
	    atoi(PQcmdTuples(res));
	PQclear(res);
	return 0;
}

int
store_oidc_user(struct db *db, const char *issuer, const char *subject,
    int64_t *user_id)
{
	const char	*p[2] = { issuer, subject };

	return store_one_id(db, Q_OIDC_USER_BY_SUB, p, "id", user_id);
}

int
store_oidc_touch(struct db *db, const char *issuer, const char *subject)
{
	const char	*p[2] = { issuer, subject };
	int		 n;

	return exec_n(db, Q_OIDC_TOUCH, p, &n);
}

int
store_oidc_links(struct db *db, struct arena *a, int64_t user_id,
    struct oidc_link_row **out, size_t *n)
{
	char		 us[24];
	const char	*p[1] = { us };
	void		*v;
	int		 rc;

	snprintf(us, sizeof(us), "%lld", (long long)user_id);
	rc = db_rows(db, a, Q_OIDC_OF_USER, p, &link_shape, &v, n);
	*out = v;
	return rc;
}

int
store_oidc_link(struct db *db, int64_t user_id, const char *username,
    const char *issuer, const char *subject, const char *email, int *linked)
{
	char		 us[24];
	const char	*p[4] = { us, issuer, subject, email ? email : "" };
	const char	*ap[5] = { "user", "oidc_link", us, username, issuer };
	int		 n;

	*linked = 0;
	snprintf(us, sizeof(us), "%lld", (long long)user_id);
	if (db_begin(db) == -1)
		return -1;
	if (exec_n(db, Q_OIDC_LINK, p, &n) == -1)
		goto fail;
	if (n == 1 && exec_n(db, Q_AUDIT_ADD, ap, &n) == -1)
		goto fail;
	else if (n == 1)
		*linked = 1;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
store_oidc_unlink(struct db *db, int64_t user_id, const char *username,
    const char *issuer, int *unlinked)
{
	char		 us[24];
	const char	*p[2] = { us, issuer };
	const char	*ap[5] = { "user", "oidc_unlink", us, username, issuer };
	int		 n;

	*unlinked = 0;
	snprintf(us, sizeof(us), "%lld", (long long)user_id);
	if (db_begin(db) == -1)
		return -1;
	if (exec_n(db, Q_OIDC_UNLINK, p, &n) == -1)
		goto fail;
	if (n > 0) {
		*unlinked = 1;
		if (exec_n(db, Q_AUDIT_ADD, ap, &n) == -1)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
store_oidc_user_create(struct db *db, const char *username, const char *key,
    const char *display, const char *lang, const char *issuer,
    const char *subject, const char *email, int64_t *id, int *linked)
{
	char		 us[24];
	const char	*cp[6] = { username, key, display, NULL, lang, "user" };
	const char	*lp[4] = { us, issuer, subject, email ? email : "" };
	const char	*ep[2] = { us, email };
	const char	*ap[5] = { "user", "oidc_register", us, username,
	    issuer };
	int		 n;

	*id = 0;
	*linked = 0;
	if (db_begin(db) == -1)
		return -1;
	if (store_one_id(db, Q_USER_CREATE, cp, "id", id) == -1) {
		*id = 0;
		if (strcmp(db_sqlstate(db), "23505") == 0) {
			db_rollback(db);	/* the name is taken */
			return 0;
		}
		goto fail;
	}
	snprintf(us, sizeof(us), "%lld", (long long)*id);
	if (exec_n(db, Q_OIDC_LINK, lp, &n) == -1)
		goto fail;
	if (n == 0) {
		db_rollback(db);
		*id = 0;
		*linked = -1;
		return 0;
	}
	*linked = 1;
	if (email != NULL && email[0] != '\0' &&
	    exec_n(db, Q_OIDC_USER_EMAIL, ep, &n) == -1)
		goto fail;
	if (exec_n(db, Q_AUDIT_ADD, ap, &n) == -1)
		goto fail;
	return db_commit(db);
fail:
	*id = 0;
	*linked = 0;
	db_rollback(db);
	return -1;
}
