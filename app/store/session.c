/* store/session.c: session rows (lookup by token hash). */
#include "core.h"
#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

static void	session_decode(struct arena *, const struct db_row *, int,
		    void *);

/* SESSION_BY_HASH */
enum { SE_ID, SE_UID, SE_USERNAME, SE_DISPLAY_NAME, SE_ROLE, SE_TRUST,
    SE_CREATED, SE_CSRF, SE_UNREAD, SE__MAX };
static const char *const session_cols[SE__MAX] = {
	"id", "uid", "username", "display_name", "role", "trust_level",
	"created", "csrf", "unread",
};
static const struct db_shape session_shape = DB_SHAPE(session_cols,
    struct session, session_decode);

static void
session_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct session	*s = row;

	s->id = db_i64(k, i, SE_ID);
	s->user_id = db_i64(k, i, SE_UID);
	s->username = db_str(a, k, i, SE_USERNAME);
	s->display_name = db_str(a, k, i, SE_DISPLAY_NAME);
	s->role = state_role_parse(db_val(k, i, SE_ROLE));
	s->trust = (int)db_i64(k, i, SE_TRUST);
	s->created = db_i64(k, i, SE_CREATED);
	s->csrf = db_str(a, k, i, SE_CSRF);
	s->unread = db_i64(k, i, SE_UNREAD);
}

int
store_session_by_hash(struct db *db, struct arena *a, const char *hash,
    struct session **out)
{
	const char	*p[1] = { hash };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_SESSION_BY_HASH, p, &session_shape, &v);
	*out = v;
	return rc;
}
