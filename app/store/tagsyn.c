/*
 * store/tagsyn.c: reading tag synonyms (migration 0177; docs/admin.md,
 * "Tags").
 *
 * Synonyms are read from PostgreSQL on every use (a question's write, a
 * tag page that has no thread, a search with a tag), so a change made on
 * one instance holds on every other at once, with nothing to poll.  The
 * changes are store/admin.c's (store_admin_tagsyn_add, _remove); the
 * mapping inside a question's own transaction is store/post.c's
 * (TAGSYN_APPLY under the shared lock).
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"

static void	syn_decode(struct arena *, const struct db_row *, int, void *);
static void	preview_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	one_decode(struct arena *, const struct db_row *, int, void *);

/* TAGSYN_LIST */
enum { SY_ALIAS, SY_TAG, SY_BY, SY_AT, SY__MAX };
static const char *const syn_cols[SY__MAX] = {
	"alias", "tag", "created_by", "created_at",
};
static const struct db_shape syn_shape = DB_SHAPE(syn_cols,
    struct tag_synonym, syn_decode);

/* TAGSYN_PREVIEW */
enum { TP_NTHREADS, TP_NALIASES, TP_TAG_OF, TP_ALIAS_OF, TP__MAX };
static const char *const preview_cols[TP__MAX] = {
	"nthreads", "naliases", "tag_alias_of", "alias_of",
};
static const struct db_shape preview_shape = DB_SHAPE(preview_cols,
    struct tagsyn_preview, preview_decode);

/* TAGSYN_CANONICAL ("tags"), TAGSYN_OF ("tag"): one text column */
struct one_text {
	const char	*s;
};
static const char *const canonical_cols[1] = { "tags" };
static const struct db_shape canonical_shape = DB_SHAPE(canonical_cols,
    struct one_text, one_decode);
static const char *const of_cols[1] = { "tag" };
static const struct db_shape of_shape = DB_SHAPE(of_cols, struct one_text,
    one_decode);

static void
syn_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct tag_synonym	*s = row;

	s->alias = db_str(a, k, i, SY_ALIAS);
	s->tag = db_str(a, k, i, SY_TAG);
	s->created_by = db_str(a, k, i, SY_BY);
	s->created_at = db_i64(k, i, SY_AT);
}

static void
preview_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct tagsyn_preview	*p = row;

	p->nthreads = db_i64(k, i, TP_NTHREADS);
	p->naliases = db_i64(k, i, TP_NALIASES);
	p->tag_alias_of = db_str(a, k, i, TP_TAG_OF);
	p->alias_of = db_str(a, k, i, TP_ALIAS_OF);
}

static void
one_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct one_text	*o = row;

	o->s = db_str(a, k, i, 0);
}

int
store_tags_canonical(struct db *db, struct arena *a, const char *tags,
    const char **out)
{
	const char	*p[1] = { tags };
	struct one_text	*o;
	void		*v;

	*out = tags;
	if (tags[0] == '\0')
		return 0;
	if (db_row1(db, a, Q_TAGSYN_CANONICAL, p, &canonical_shape, &v) == -1)
		return -1;
	if ((o = v) != NULL)
		*out = o->s;
	return 0;
}

int
store_tag_synonym_of(struct db *db, struct arena *a, const char *alias,
    const char **tag)
{
	const char	*p[1] = { alias };
	struct one_text	*o;
	void		*v;

	*tag = NULL;
	if (db_row1(db, a, Q_TAGSYN_OF, p, &of_shape, &v) == -1)
		return -1;
	if ((o = v) != NULL)
		*tag = o->s;
	return 0;
}

int
store_tag_synonyms(struct db *db, struct arena *a, struct tag_synonym **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_TAGSYN_LIST, NULL, &syn_shape, &v, n);
	*out = v;
	return rc;
}

int
store_tagsyn_preview(struct db *db, struct arena *a, const char *alias,
    const char *tag, struct tagsyn_preview *p)
{
	const char	*pp[2] = { alias, tag };
	void		*v;

	memset(p, 0, sizeof(*p));
	p->tag_alias_of = p->alias_of = "";
	if (db_row1(db, a, Q_TAGSYN_PREVIEW, pp, &preview_shape, &v) == -1)
		return -1;
	if (v != NULL)
		*p = *(struct tagsyn_preview *)v;
	return 0;
}
