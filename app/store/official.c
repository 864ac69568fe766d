/*
 * store/official.c: what "Is this official?" asks of the database besides
 * the block list (store_contact_blocked): how often a contact point was
 * seen in posts removed as scams.
 */
#include "store/db_internal.h"
#include "store/store.h"

int
store_contact_scam_posts(struct db *db, const char *type, const char *value,
    int64_t *n)
{
	const char	*p[2] = { type, value };

	return store_one_id(db, Q_CONTACT_SCAM_POSTS, p, "n", n);
}
