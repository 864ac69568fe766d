/*
 * store/mail.c: e-mail addresses, single-use tokens (only their SHA-256
 * stored) and the outbox.  store_mail_outbox_add runs inside whatever
 * transaction the caller has open, so a mail is written with its event or
 * not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

static int	exec0(struct db *, enum q, const char *const *, int *);

static int
exec0(struct db *db, enum q q, const char *const *p, int *affected)
{
	PGresult	*res;

	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	if (affected != NULL)
		*affected = atoi(PQcmdTuples(res));
	PQclear(res);
	return 0;
}

/* MAIL_USER */
enum { MU_EMAIL, MU_LANG, MU_USERNAME, MU_VERIFIED, MU__MAX };
static const char *const user_cols[MU__MAX] = {
	"email", "lang", "username", "verified",
};

/* MAIL_DUE */
enum { MD_ID, MD_TO, MD_MESSAGE, MD_ATTEMPTS, MD__MAX };
static const char *const due_cols[MD__MAX] = {
	"id", "to_addr", "message", "attempts",
};

/* MAIL_TOKEN_PEEK, MAIL_TOKEN_USE */
enum { MTK_USER_ID, MTK_EMAIL, MTK__MAX };
static const char *const token_cols[MTK__MAX] = { "user_id", "email" };

int
store_mail_user(struct db *db, struct arena *a, int64_t user_id,
    struct mail_user *out)
{
	PGresult	*res;
	struct db_row	 k;
	char		 ids[24];
	const char	*p[1] = { ids };

	memset(out, 0, sizeof(*out));
	ID(ids, user_id);
	if ((res = db_query(db, Q_MAIL_USER, p, &k, user_cols,
	    MU__MAX)) == NULL)
		return -1;
	if (k.rows == 1) {
		out->id = user_id;
		out->email = db_str(a, &k, 0, MU_EMAIL);
		out->lang = db_str(a, &k, 0, MU_LANG);
		out->username = db_str(a, &k, 0, MU_USERNAME);
		out->verified = db_bool(&k, 0, MU_VERIFIED);
	}
	PQclear(res);
	return 0;
}

int
store_mail_user_by_email(struct db *db, const char *email, int64_t *id)
{
	const char	*p[1] = { email };

	return store_one_id(db, Q_MAIL_USER_BY_EMAIL, p, "id", id);
}

int
store_mail_outbox_add(struct db *db, const char *to, int64_t to_user,
    const char *tmpl, const char *message_id, const char *message)
{
	char		 ids[24];
	const char	*p[5] = { to, to_user ? ids : NULL, tmpl, message_id,
	    message };

	ID(ids, to_user);
	return exec0(db, Q_MAIL_OUTBOX_ADD, p, NULL);
}

int
store_mail_due(struct db *db, struct arena *a, struct outbox_row **out,
    size_t *n)
{
	PGresult	*res;
	struct db_row	 k;
	int		 i, rows;

	*n = 0;
	if ((res = db_query(db, Q_MAIL_DUE, NULL, &k, due_cols,
	    MD__MAX)) == NULL)
		return -1;
	rows = k.rows;
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].id = db_i64(&k, i, MD_ID);
		(*out)[i].to = db_str(a, &k, i, MD_TO);
		(*out)[i].message = db_str(a, &k, i, MD_MESSAGE);
		(*out)[i].attempts = (int)db_i64(&k, i, MD_ATTEMPTS);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_mail_sent(struct db *db, int64_t id)
{
	char		 ids[24];
	const char	*p[1] = { ids };

	ID(ids, id);
	return exec0(db, Q_MAIL_SENT, p, NULL);
}

int
store_mail_retry(struct db *db, int64_t id, int delay_s, const char *error)
{
	char		 ids[24], ds[24];
	const char	*p[3] = { ids, ds, error };

	ID(ids, id);
	snprintf(ds, sizeof(ds), "%d", delay_s);
	return exec0(db, Q_MAIL_RETRY, p, NULL);
}

int
store_mail_purge_sent(struct db *db)
{
	return exec0(db, Q_MAIL_SENT_PURGE, NULL, NULL);
}

int
store_mail_token_add(struct db *db, const char *token_hash, int64_t user_id,
    const char *kind, const char *email, int minutes)
{
	char		 ids[24], ms[24];
	const char	*p[5] = { token_hash, ids, kind, email, ms };

	ID(ids, user_id);
	snprintf(ms, sizeof(ms), "%d", minutes);
	return exec0(db, Q_MAIL_TOKEN_ADD, p, NULL);
}

/* PEEK or USE: *user (0 when no live token) and *email (arena). */
static int
token_q(struct db *db, struct arena *a, enum q q, const char *token_hash,
    const char *kind, int64_t *user, const char **email)
{
	PGresult	*res;
	struct db_row	 k;
	const char	*p[2] = { token_hash, kind };

	*user = 0;
	*email = "";
	if ((res = db_query(db, q, p, &k, token_cols, MTK__MAX)) == NULL)
		return -1;
	if (k.rows == 1) {
		*user = db_i64(&k, 0, MTK_USER_ID);
		*email = db_str(a, &k, 0, MTK_EMAIL);
	}
	PQclear(res);
	return 0;
}

int
store_mail_token_peek(struct db *db, struct arena *a, const char *token_hash,
    const char *kind, int64_t *user, const char **email)
{
	return token_q(db, a, Q_MAIL_TOKEN_PEEK, token_hash, kind, user,
	    email);
}

int
store_mail_token_use(struct db *db, struct arena *a, const char *token_hash,
    const char *kind, int64_t *user, const char **email)
{
	return token_q(db, a, Q_MAIL_TOKEN_USE, token_hash, kind, user, email);
}

int
store_mail_tokens_void(struct db *db, int64_t user_id, const char *kind)
{
	char		 ids[24];
	const char	*p[2] = { ids, kind };

	ID(ids, user_id);
	return exec0(db, Q_MAIL_TOKENS_VOID, p, NULL);
}

int
store_mail_set_email(struct db *db, int64_t user_id, const char *email,
    int *taken)
{
	char		 ids[24];
	const char	*p[2] = { ids, email };
	int		 n = 0;

	ID(ids, user_id);
	*taken = 0;
	if (exec0(db, Q_MAIL_SET_EMAIL, p, &n) == -1)
		return -1;
	*taken = n == 0;
	return 0;
}

int
store_mail_email_verified(struct db *db, int64_t user_id, const char *email,
    int *ok)
{
	char		 ids[24];
	const char	*p[2] = { ids, email };
	int		 n = 0;

	ID(ids, user_id);
	if (exec0(db, Q_MAIL_EMAIL_VERIFIED, p, &n) == -1)
		return -1;
	*ok = n == 1;
	return 0;
}

int
store_mail_reset_password(struct db *db, struct arena *a,
    const char *token_hash, const char *hash, int64_t *user)
{
	const char	*email, *p[2];
	char		 ids[24];

	if (db_begin(db) == -1)
		return -1;
	if (token_q(db, a, Q_MAIL_TOKEN_USE, token_hash, "reset", user,
	    &email) == -1)
		goto fail;
	if (*user == 0)
		return db_commit(db);
	ID(ids, *user);
	p[0] = ids;
	p[1] = hash;
	if (exec0(db, Q_MAIL_RESET_PASSWORD, p, NULL) == -1 ||
	    exec0(db, Q_MAIL_SESSIONS_END, p, NULL) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
store_mail_begin(struct db *db)
{
	return db_begin(db);
}

int
store_mail_commit(struct db *db)
{
	return db_commit(db);
}

void
store_mail_rollback(struct db *db)
{
	db_rollback(db);
}
