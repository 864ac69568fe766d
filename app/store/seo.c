/*
 * store/seo.c: what search engines may list (the sitemap): public threads
 * only, read by id range so that each sitemap file is one index scan.
 */
#include <stdlib.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"

static void	url_decode(struct arena *, const struct db_row *, int, void *);

/* SEO_THREADS_RANGE */
enum { SU_ID, SU_LASTMOD, SU__MAX };
static const char *const url_cols[SU__MAX] = { "id", "lastmod" };
static const struct db_shape url_shape = DB_SHAPE(url_cols, struct seo_url,
    url_decode);

int
store_seo_max_thread(struct db *db, int64_t *id)
{
	return store_one_id(db, Q_SEO_MAX_THREAD, NULL, "max_id", id);
}

static void
url_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct seo_url	*u = row;

	(void)a;
	u->thread_id = db_i64(k, i, SU_ID);
	u->lastmod = db_i64(k, i, SU_LASTMOD);
}

int
store_seo_threads(struct db *db, struct arena *a, int64_t lo, int64_t hi,
    struct seo_url **out, size_t *n)
{
	const char	*p[2];
	void		*v;
	int		 rc;

	p[0] = arena_printf(a, "%lld", (long long)lo);
	p[1] = arena_printf(a, "%lld", (long long)hi);
	rc = db_rows(db, a, Q_SEO_THREADS_RANGE, p, &url_shape, &v, n);
	*out = v;
	return rc;
}
