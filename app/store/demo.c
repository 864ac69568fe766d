/* store/demo.c: what `sodan demo` needs beyond the demo script itself. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"

static int	set2(struct db *, enum q, int64_t, const char *);

int
store_posts_uncooked(struct db *db, struct arena *a, struct id_text **out,
    size_t *n)
{
	return store_id_texts(db, a, Q_POSTS_UNCOOKED, out, n);
}

static int
set2(struct db *db, enum q q, int64_t id, const char *v)
{
	PGresult	*res;
	char		 ids[24];
	const char	*p[2] = { ids, v };

	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
store_post_set_html(struct db *db, int64_t id, const char *html)
{
	return set2(db, Q_POST_SET_HTML, id, html);
}

