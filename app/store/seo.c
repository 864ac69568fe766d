/*
 * store/seo.c: what search engines may list (the sitemap): public threads
 * only, read by id range so that each sitemap file is one index scan.
 */
#include <stdlib.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"

int
store_seo_max_thread(struct db *db, int64_t *id)
{
	return store_one_id(db, Q_SEO_MAX_THREAD, NULL, id);
}

int
store_seo_threads(struct db *db, struct arena *a, int64_t lo, int64_t hi,
    struct seo_url **out, size_t *n)
{
	PGresult	*res;
	const char	*p[2];
	int		 i, rows;

	p[0] = arena_printf(a, "%lld", (long long)lo);
	p[1] = arena_printf(a, "%lld", (long long)hi);
	if ((res = db_exec(db, Q_SEO_THREADS_RANGE, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].thread_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
		(*out)[i].lastmod = strtoll(PQgetvalue(res, i, 1), NULL, 10);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}
