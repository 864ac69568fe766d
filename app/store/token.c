/* store/token.c: personal access tokens (api_tokens, sql/0147) */
/*
 * Only the hex SHA-256 of a token is stored; the token itself exists in
 * the answer that shows it once and in the requests of its owner.  A
 * token is looked up as a session is (SESSION_BY_HASH): one round trip
 * that also notes the use at most once a minute.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

static void	token_sess_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	token_row_decode(struct arena *, const struct db_row *, int,
		    void *);

/* TOKEN_BY_HASH */
enum { TK_ID, TK_UID, TK_USERNAME, TK_DISPLAY_NAME, TK_ROLE, TK_TRUST,
    TK_CREATED, TK_SCOPES, TK_UNREAD, TK__MAX };
static const char *const token_sess_cols[TK__MAX] = {
	"id", "uid", "username", "display_name", "role", "trust_level",
	"created", "scopes", "unread",
};
static const struct db_shape token_sess_shape = DB_SHAPE(token_sess_cols,
    struct session, token_sess_decode);

/* TOKENS_BY_USER */
enum { TL_ID, TL_NAME, TL_SCOPES, TL_CREATED, TL_EXPIRES, TL_LAST_USED,
    TL_LAST_IP, TL_REVOKED, TL_EXPIRED, TL__MAX };
static const char *const token_row_cols[TL__MAX] = {
	"id", "name", "scopes", "created", "expires", "last_used",
	"last_used_ip", "revoked", "expired",
};
static const struct db_shape token_row_shape = DB_SHAPE(token_row_cols,
    struct token_row, token_row_decode);

unsigned
store_token_scopes(const char *s)
{
	unsigned	 m = 0;
	size_t		 n;

	while (s != NULL && *s != '\0') {
		n = strcspn(s, " ,");
		if (n == 4 && strncmp(s, "read", 4) == 0)
			m |= TOKEN_SCOPE_READ;
		else if (n == 5 && strncmp(s, "write", 5) == 0)
			m |= TOKEN_SCOPE_WRITE;
		else if (n == 8 && strncmp(s, "moderate", 8) == 0)
			m |= TOKEN_SCOPE_MODERATE;
		else if (n == 5 && strncmp(s, "admin", 5) == 0)
			m |= TOKEN_SCOPE_ADMIN;
		else if (n == 6 && strncmp(s, "stepup", 6) == 0)
			m |= TOKEN_SCOPE_STEPUP;
		s += n;
		while (*s == ' ' || *s == ',')
			s++;
	}
	return m;
}

static void
token_sess_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct session	*s = row;

	s->token_id = db_i64(k, i, TK_ID);
	s->user_id = db_i64(k, i, TK_UID);
	s->username = db_str(a, k, i, TK_USERNAME);
	s->display_name = db_str(a, k, i, TK_DISPLAY_NAME);
	s->role = state_role_parse(db_val(k, i, TK_ROLE));
	s->granted = s->role;
	s->trust = (int)db_i64(k, i, TK_TRUST);
	s->created = db_i64(k, i, TK_CREATED);
	s->token_scopes = store_token_scopes(db_val(k, i, TK_SCOPES));
	s->unread = db_i64(k, i, TK_UNREAD);
}

static void
token_row_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct token_row	*t = row;

	t->id = db_i64(k, i, TL_ID);
	t->name = db_str(a, k, i, TL_NAME);
	t->scopes = store_token_scopes(db_val(k, i, TL_SCOPES));
	t->created = db_i64(k, i, TL_CREATED);
	t->expires = db_i64(k, i, TL_EXPIRES);
	t->last_used = db_i64(k, i, TL_LAST_USED);
	t->last_ip = db_str(a, k, i, TL_LAST_IP);
	t->revoked = db_i64(k, i, TL_REVOKED);
	t->expired = db_bool(k, i, TL_EXPIRED);
}

int
store_token_by_hash(struct db *db, struct arena *a, const char *hash,
    const char *ip, struct session **out)
{
	const char	*p[2] = { hash, ip != NULL ? ip : "" };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_TOKEN_BY_HASH, p, &token_sess_shape, &v);
	*out = v;
	return rc;
}

int
store_token_create(struct db *db, int64_t user, const char *name,
    const char *hash, const char *scopes, int days, int64_t *id)
{
	char		 us[24], ds[16];
	const char	*p[5] = { us, name, hash, scopes, ds };

	snprintf(us, sizeof(us), "%lld", (long long)user);
	snprintf(ds, sizeof(ds), "%d", days);
	return store_one_id(db, Q_TOKEN_CREATE, p, "id", id);
}

int
store_tokens_by_user(struct db *db, struct arena *a, int64_t user,
    struct token_row **out, size_t *n)
{
	char		 us[24];
	const char	*p[1] = { us };
	void		*v;
	int		 rc;

	snprintf(us, sizeof(us), "%lld", (long long)user);
	rc = db_rows(db, a, Q_TOKENS_BY_USER, p, &token_row_shape, &v, n);
	*out = v;
	return rc;
}

int
store_token_revoke(struct db *db, int64_t id, int64_t user, int *done)
{
	char		 ids[24], us[24];
	const char	*p[2] = { ids, us };
	PGresult	*res;

	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	snprintf(us, sizeof(us), "%lld", (long long)user);
	if ((res = db_exec(db, Q_TOKEN_REVOKE, p)) == NULL)
		return -1;
	*done = atoi(PQcmdTuples(res)) > 0;
	PQclear(res);
	return 0;
}
