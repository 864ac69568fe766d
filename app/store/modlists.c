/*
 * store/modlists.c: the moderation lists edited at /admin/lists.
 *
 * Every change is one transaction: the entry, the version row that each
 * instance's rule loader polls (post/ruleset.c), and one audit_log row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"

static void	modlist_decode(struct arena *, const struct db_row *, int,
		    void *);
static int	audit(struct db *, const char *const *);

/* One audit_log row (AUDIT_ADD's five parameters).  0 or -1. */
static int
audit(struct db *db, const char *const *p)
{
	PGresult	*res;

	if ((res = db_exec(db, Q_AUDIT_ADD, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/* MODLIST_ALL */
enum { ML_ID, ML_LIST, ML_VALUE, ML_NOTE, ML_CREATED_AT, ML_CREATED_BY,
    ML__MAX };
static const char *const modlist_cols[ML__MAX] = {
	"id", "list", "value", "note", "created_at", "created_by",
};
static const struct db_shape modlist_shape = DB_SHAPE(modlist_cols,
    struct modlist_entry, modlist_decode);

static void
modlist_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct modlist_entry	*e = row;

	e->id = db_i64(k, i, ML_ID);
	e->list = db_str(a, k, i, ML_LIST);
	e->value = db_str(a, k, i, ML_VALUE);
	e->note = db_str(a, k, i, ML_NOTE);
	e->created_at = db_i64(k, i, ML_CREATED_AT);
	e->created_by = db_str(a, k, i, ML_CREATED_BY);
}

int
store_modlist_version(struct db *db, int64_t *version)
{
	*version = 0;
	return store_one_id(db, Q_MODLIST_VERSION, NULL, "version", version);
}

int
store_modlist_all(struct db *db, struct arena *a,
    struct modlist_entry **out, size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_MODLIST_ALL, NULL, &modlist_shape, &v, n);
	*out = v;
	return rc;
}

int
store_modlist_add(struct db *db, const char *list, const char *value,
    const char *note, int64_t by, const char *actor, int *dup)
{
	char		 bys[24], *detail;
	const char	*p[4] = { list, value, note, bys };
	int64_t		 id = 0, ver = 0;
	const char	*ap[5];
	int		 rc;

	*dup = 0;
	snprintf(bys, sizeof(bys), "%lld", (long long)by);
	if (db_begin(db) == -1)
		return -1;
	if (store_one_id(db, Q_MODLIST_ADD, p, "id", &id) == -1)
		goto fail;
	if (id == 0) {
		*dup = 1;
		db_rollback(db);
		return 0;
	}
	if (store_one_id(db, Q_MODLIST_BUMP, NULL, "version", &ver) == -1)
		goto fail;
	if ((detail = malloc(strlen(list) + strlen(value) + 2)) == NULL)
		goto fail;
	sprintf(detail, "%s %s", list, value);
	ap[0] = actor;
	ap[1] = "list-add";
	ap[2] = NULL;
	ap[3] = list;
	ap[4] = detail;
	rc = audit(db, ap);
	free(detail);
	if (rc == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
store_modlist_remove(struct db *db, int64_t id, const char *actor,
    int *found)
{
	struct arena		*a = arena_new();
	struct modlist_entry	*e;
	char			 ids[24];
	const char		*p[1] = { ids }, *ap[5];
	void			*v;
	int64_t			 ver = 0;
	int			 rc = -1;

	*found = 0;
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	if (db_begin(db) == -1)
		goto out;
	if (db_row1(db, a, Q_MODLIST_DELETE, p, &modlist_shape, &v) == -1)
		goto fail;
	if ((e = v) == NULL) {
		db_rollback(db);
		rc = 0;
		goto out;
	}
	*found = 1;
	if (store_one_id(db, Q_MODLIST_BUMP, NULL, "version", &ver) == -1)
		goto fail;
	ap[0] = actor;
	ap[1] = "list-remove";
	ap[2] = NULL;
	ap[3] = e->list;
	ap[4] = arena_printf(a, "%s %s", e->list, e->value);
	if (audit(db, ap) == -1)
		goto fail;
	rc = db_commit(db);
	goto out;
fail:
	db_rollback(db);
out:
	arena_free(a);
	return rc;
}
