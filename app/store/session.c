/* store/session.c: session rows (lookup by token hash). */
#include <stdlib.h>

#include "core.h"
#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

int
store_session_by_hash(struct db *db, struct arena *a, const char *hash,
    struct session **out)
{
	PGresult	*res;
	const char	*p[1] = { hash };
	struct session	*s;

	*out = NULL;
	if ((res = db_exec(db, Q_SESSION_BY_HASH, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		s = arena_calloc(a, 1, sizeof(*s));
		s->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		s->user_id = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
		s->username = arena_strdup(a, PQgetvalue(res, 0, 2));
		s->display_name = arena_strdup(a, PQgetvalue(res, 0, 3));
		s->role = state_role_parse(PQgetvalue(res, 0, 4));
		s->trust = atoi(PQgetvalue(res, 0, 5));
		s->created = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
		s->csrf = arena_strdup(a, PQgetvalue(res, 0, 7));
		s->unread = strtoll(PQgetvalue(res, 0, 8), NULL, 10);
		*out = s;
	}
	PQclear(res);
	return 0;
}
