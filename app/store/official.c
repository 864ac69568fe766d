/*
 * store/official.c: what "Is this official?" asks of the database besides
 * the block list (store_contact_blocked): how often a contact point was
 * seen in posts removed as scams.
 */
#include <stdlib.h>

#include "store/db_internal.h"
#include "store/store.h"

int
store_contact_scam_posts(struct db *db, const char *type, const char *value,
    int64_t *n)
{
	PGresult	*res;
	const char	*p[2] = { type, value };
	int		 c;

	*n = 0;
	if ((res = db_exec(db, Q_CONTACT_SCAM_POSTS, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1 && (c = PQfnumber(res, "n")) >= 0)
		*n = strtoll(PQgetvalue(res, 0, c), NULL, 10);
	PQclear(res);
	return 0;
}
