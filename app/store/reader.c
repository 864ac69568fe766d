/* store/reader.c: a signed-in reader's own parts of a thread page */
/*
 * A signed-in member's thread page is composed from a body cached for
 * every member (pages/thread.c, http/dispatch.c) and the parts that are
 * the reader's own.  This reads those parts in one round trip
 * (THREAD_READER): the thread's author and whether the reader has held or
 * private posts in it (either one means the reader gets the page rendered
 * whole), the posts the reader voted for and the reader's watch level.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

/* THREAD_READER */
enum { RD_AUTHOR, RD_OWN_HELD, RD_VOTED, RD_WATCH, RD__MAX };
static const char *const reader_cols[RD__MAX] = {
	"author", "own_held", "voted", "watch",
};

int
store_thread_reader(struct db *db, struct arena *a, int64_t thread,
    int64_t user, struct thread_reader *out)
{
	PGresult	*res;
	struct db_row	 k;
	char		 t[24], u[24];
	const char	*p[3] = { t, u, t };
	const char	*v;
	char		*end;
	size_t		 n, cap;

	memset(out, 0, sizeof(*out));
	out->watch = "";
	ID(t, thread);
	ID(u, user);
	if ((res = db_query(db, Q_THREAD_READER, p, &k, reader_cols,
	    RD__MAX)) == NULL)
		return -1;
	if (k.rows != 1) {
		PQclear(res);
		return 0;
	}
	out->author = db_i64(&k, 0, RD_AUTHOR);
	out->own_held = db_bool(&k, 0, RD_OWN_HELD);
	out->watch = db_str(a, &k, 0, RD_WATCH);
	v = db_val(&k, 0, RD_VOTED);
	for (cap = 0, n = 0; v[n] != '\0'; n++)
		if (v[n] == ' ')
			cap++;
	cap = v[0] != '\0' ? cap + 1 : 0;
	out->voted = arena_alloc(a, (cap ? cap : 1) * sizeof(int64_t));
	while (*v != '\0' && out->nvoted < cap) {
		out->voted[out->nvoted++] = strtoll(v, &end, 10);
		if (end == v)
			break;
		v = end;
		while (*v == ' ')
			v++;
	}
	PQclear(res);
	return 1;
}
