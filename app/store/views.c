/*
 * store/views.c: thread views, counted in memory (lib/views.c), added to
 * thread_views (migration 0136) in batches by the server's flusher thread.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "lib/buf.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/views.h"
#include "store/db_internal.h"
#include "store/store.h"

#define VIEWS_BATCH	1024

static pthread_mutex_t	flush_mu = PTHREAD_MUTEX_INITIALIZER;

int
store_views_flush(struct db *db)
{
	static int64_t	 ids[VIEWS_BATCH], n[VIEWS_BATCH];
	struct arena	*a;
	struct buf	 bi, bn;
	PGresult	*res;
	const char	*p[2];
	uint64_t	 lost;
	size_t		 got, i;
	int		 rc = 0;

	if (pthread_mutex_trylock(&flush_mu) != 0)
		return 0;
	a = arena_new();
	do {
		got = views_take(ids, n, VIEWS_BATCH);
		if (got == 0)
			break;
		buf_init(&bi, a);
		buf_init(&bn, a);
		buf_putc(&bi, '{');
		buf_putc(&bn, '{');
		for (i = 0; i < got; i++) {
			buf_printf(&bi, "%s%lld", i > 0 ? "," : "",
			    (long long)ids[i]);
			buf_printf(&bn, "%s%lld", i > 0 ? "," : "",
			    (long long)n[i]);
		}
		buf_puts(&bi, "}");
		buf_puts(&bn, "}");
		p[0] = bi.p;
		p[1] = bn.p;
		if ((res = db_exec(db, Q_VIEWS_ADD, p)) == NULL) {
			log_warn("views: %zu threads' views not saved (the "
			    "database did not answer)", got);
			rc = -1;
		} else
			PQclear(res);
	} while (got == VIEWS_BATCH);
	if ((lost = views_dropped()) > 0)
		log_warn("views: %llu views not counted (more than %d "
		    "threads viewed in one interval)", (unsigned long long)lost,
		    VIEWS_SLOTS);
	arena_free(a);
	pthread_mutex_unlock(&flush_mu);
	return rc;
}
