/* store/category.c: categories and the thread lists shown in them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

static void	category_decode(struct arena *, const struct db_row *, int,
		    void *);

/* CATEGORIES, CATEGORY_NAMES, CATEGORY_BY_SLUG */
enum { CA_ID, CA_SLUG, CA_NAME_JA, CA_NAME_EN, CA_DESC_JA, CA_DESC_EN,
    CA_NTHREADS, CA__MAX };
static const char *const category_cols[CA__MAX] = {
	"id", "slug", "name_ja", "name_en", "description_ja",
	"description_en", "nthreads",
};
static const struct db_shape category_shape = DB_SHAPE(category_cols,
    struct category, category_decode);

static const char *const thread_cols[TR__MAX] = { STORE_THREAD_COLS };
static const struct db_shape thread_shape = DB_SHAPE(thread_cols,
    struct thread_row, store_thread_decode);

static void
category_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct category	*c = row;

	c->id = db_i64(k, i, CA_ID);
	c->slug = db_str(a, k, i, CA_SLUG);
	c->name[0] = db_str(a, k, i, CA_NAME_JA);
	c->name[1] = db_str(a, k, i, CA_NAME_EN);
	c->desc[0] = db_str(a, k, i, CA_DESC_JA);
	c->desc[1] = db_str(a, k, i, CA_DESC_EN);
	c->nthreads = db_i64(k, i, CA_NTHREADS);
}

int
store_categories(struct db *db, struct arena *a, struct category **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_CATEGORIES, NULL, &category_shape, &v, n);
	*out = v;
	return rc;
}

int
store_category_names(struct db *db, struct arena *a, struct category **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_CATEGORY_NAMES, NULL, &category_shape, &v, n);
	*out = v;
	return rc;
}

int
store_category_by_slug(struct db *db, struct arena *a, const char *slug,
    struct category **out)
{
	const char	*p[1] = { slug };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_CATEGORY_BY_SLUG, p, &category_shape, &v);
	*out = v;
	return rc;
}

void
store_thread_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct thread_row	*t = row;

	t->id = db_i64(k, i, TR_ID);
	t->title = db_str(a, k, i, TR_TITLE);
	t->lang = db_str(a, k, i, TR_LANG);
	t->answers = db_i64(k, i, TR_ANSWERS);
	t->status = state_thread_parse(db_val(k, i, TR_STATUS));
	t->author = db_str(a, k, i, TR_AUTHOR);
	t->author_role = state_role_parse(db_val(k, i, TR_AUTHOR_ROLE));
	t->last_activity = db_i64(k, i, TR_LAST_ACTIVITY);
	t->pinned = db_bool(k, i, TR_PINNED);
	t->has_official = db_bool(k, i, TR_HAS_OFFICIAL);
	t->has_verified = db_bool(k, i, TR_HAS_VERIFIED);
	t->accepted = db_bool(k, i, TR_ACCEPTED);
}

int
store_thread_rows(struct db *db, struct arena *a, enum q q,
    const char *const *p, struct thread_row **out, size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, q, p, &thread_shape, &v, n);
	*out = v;
	return rc;
}

int
store_recent_threads(struct db *db, struct arena *a, int limit,
    struct thread_row **out, size_t *n)
{
	char		 l[16];
	const char	*p[1] = { l };

	snprintf(l, sizeof(l), "%d", limit);
	return store_thread_rows(db, a, Q_RECENT_THREADS, p, out, n);
}
