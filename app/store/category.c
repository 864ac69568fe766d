/* store/category.c: categories and the thread lists shown in them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

static void	category_row(struct arena *, PGresult *, int, struct category *);
static int	category_list(struct db *, enum q, struct arena *,
		    struct category **, size_t *);

static void
category_row(struct arena *a, PGresult *res, int i, struct category *c)
{
	c->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	c->slug = arena_strdup(a, PQgetvalue(res, i, 1));
	c->name[0] = arena_strdup(a, PQgetvalue(res, i, 2));
	c->name[1] = arena_strdup(a, PQgetvalue(res, i, 3));
	c->desc[0] = arena_strdup(a, PQgetvalue(res, i, 4));
	c->desc[1] = arena_strdup(a, PQgetvalue(res, i, 5));
	c->nthreads = strtoll(PQgetvalue(res, i, 6), NULL, 10);
}

static int
category_list(struct db *db, enum q q, struct arena *a, struct category **out,
    size_t *n)
{
	PGresult	*res;
	int		 i, rows;

	if ((res = db_exec(db, q, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++)
		category_row(a, res, i, &(*out)[i]);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_categories(struct db *db, struct arena *a, struct category **out,
    size_t *n)
{
	return category_list(db, Q_CATEGORIES, a, out, n);
}

int
store_category_names(struct db *db, struct arena *a, struct category **out,
    size_t *n)
{
	return category_list(db, Q_CATEGORY_NAMES, a, out, n);
}

int
store_category_by_slug(struct db *db, struct arena *a, const char *slug,
    struct category **out)
{
	PGresult	*res;
	const char	*p[1] = { slug };

	*out = NULL;
	if ((res = db_exec(db, Q_CATEGORY_BY_SLUG, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*out = arena_calloc(a, 1, sizeof(**out));
		category_row(a, res, 0, *out);
	}
	PQclear(res);
	return 0;
}

int
store_thread_rows(struct arena *a, PGresult *res, struct thread_row **out,
    size_t *n)
{
	int			 i, rows = PQntuples(res);
	struct thread_row	*t;

	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		t = &(*out)[i];
		t->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
		t->title = arena_strdup(a, PQgetvalue(res, i, 1));
		t->lang = arena_strdup(a, PQgetvalue(res, i, 2));
		t->answers = strtoll(PQgetvalue(res, i, 3), NULL, 10);
		t->status = state_thread_parse(PQgetvalue(res, i, 4));
		t->author = arena_strdup(a, PQgetvalue(res, i, 5));
		t->author_role = state_role_parse(PQgetvalue(res, i, 6));
		t->last_activity = strtoll(PQgetvalue(res, i, 7), NULL, 10);
		t->pinned = PQgetvalue(res, i, 8)[0] == 't';
		t->has_official = PQgetvalue(res, i, 9)[0] == 't';
		t->has_verified = PQgetvalue(res, i, 10)[0] == 't';
		t->accepted = PQgetvalue(res, i, 11)[0] == 't';
	}
	*n = (size_t)rows;
	return 0;
}

int
store_threads_by_category(struct db *db, struct arena *a, int64_t cat,
    int limit, int offset, struct thread_row **out, size_t *n)
{
	PGresult	*res;
	char		 c[24], l[16], o[16];
	const char	*p[3] = { c, l, o };

	snprintf(c, sizeof(c), "%lld", (long long)cat);
	snprintf(l, sizeof(l), "%d", limit);
	snprintf(o, sizeof(o), "%d", offset);
	if ((res = db_exec(db, Q_THREADS_BY_CATEGORY, p)) == NULL)
		return -1;
	store_thread_rows(a, res, out, n);
	PQclear(res);
	return 0;
}

int
store_recent_threads(struct db *db, struct arena *a, int limit,
    struct thread_row **out, size_t *n)
{
	PGresult	*res;
	char		 l[16];
	const char	*p[1] = { l };

	snprintf(l, sizeof(l), "%d", limit);
	if ((res = db_exec(db, Q_RECENT_THREADS, p)) == NULL)
		return -1;
	store_thread_rows(a, res, out, n);
	PQclear(res);
	return 0;
}
