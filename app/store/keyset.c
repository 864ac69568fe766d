/*
 * store/keyset.c: thread lists read by keyset (no OFFSET).
 *
 * A list is a pair of statements (queries.def, KS_*): _O reads the rows
 * after a key in list order, _N the rows before it in reverse.  The key
 * of a list is (pinned, last activity, id) for a category's "active"
 * order, (last activity, id) or (creation time, id) for the others; the
 * first page passes the sentinel key, so it runs the same index condition
 * as page 10,000 (indexes: sql/0170_keyset.sql).  Old links with a page
 * number are served by reading skip + limit rows from the start, bounded
 * by the callers (STORE_SKIP_MAX rows).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/cursor.h"
#include "store/db_internal.h"
#include "store/store.h"

enum ks_key { KEY_PIN, KEY_AT, KEY_NEW };

struct ks_list {
	enum q		 older, newer;
	enum ks_key	 key;
	int		 arg;		/* the list takes an argument ($1) */
	int		 filter;	/* the list takes the sort name */
};

enum { L_CAT_PIN, L_CAT_AT, L_CAT_NEW, L_ALL_AT, L_ALL_NEW, L_TAG,
    L_ASKED, L_ANSWERED, L__MAX };

static const struct ks_list lists[L__MAX] = {
	[L_CAT_PIN] = { Q_KS_CAT_PIN_O, Q_KS_CAT_PIN_N, KEY_PIN, 1, 0 },
	[L_CAT_AT] = { Q_KS_CAT_AT_O, Q_KS_CAT_AT_N, KEY_AT, 1, 1 },
	[L_CAT_NEW] = { Q_KS_CAT_NEW_O, Q_KS_CAT_NEW_N, KEY_NEW, 1, 0 },
	[L_ALL_AT] = { Q_KS_ALL_AT_O, Q_KS_ALL_AT_N, KEY_AT, 0, 1 },
	[L_ALL_NEW] = { Q_KS_ALL_NEW_O, Q_KS_ALL_NEW_N, KEY_NEW, 0, 0 },
	[L_TAG] = { Q_KS_TAG_O, Q_KS_TAG_N, KEY_AT, 1, 0 },
	[L_ASKED] = { Q_KS_ASKED_O, Q_KS_ASKED_N, KEY_NEW, 1, 0 },
	[L_ANSWERED] = { Q_KS_ANSWERED_O, Q_KS_ANSWERED_N, KEY_AT, 1, 0 },
};

static const char *const sort_names[QA_SORT__MAX] = {
	[QA_SORT_ACTIVE] = "active",
	[QA_SORT_NEWEST] = "newest",
	[QA_SORT_UNANSWERED] = "unanswered",
	[QA_SORT_ANSWERED] = "answered",
	[QA_SORT_VERIFIED] = "verified",
};

/* The thread columns, then the two keys. */
enum { KS_K_AT = TR__MAX, KS_K_NEW, KS_COLS };
static const char *const ks_cols[KS_COLS] = { STORE_THREAD_COLS, "k_at",
	"k_new" };

struct ks_row {
	struct thread_row	 t;
	int64_t			 k_at, k_new;
};

static void	ks_decode(struct arena *, const struct db_row *, int, void *);
static void	ks_key(const struct ks_list *, const struct ks_row *,
		    enum cursor_dir, struct cursor *);
static int	ks_read(struct db *, struct arena *, int, const char *,
		    enum qa_sort, const struct cursor *, int, int,
		    struct thread_row **, struct store_page *);

static const struct db_shape ks_shape = DB_SHAPE(ks_cols, struct ks_row,
    ks_decode);

static void
ks_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct ks_row	*r = row;

	store_thread_decode(a, k, i, &r->t);
	r->k_at = db_i64(k, i, KS_K_AT);
	r->k_new = db_i64(k, i, KS_K_NEW);
}

static void
ks_key(const struct ks_list *l, const struct ks_row *r, enum cursor_dir d,
    struct cursor *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = d;
	switch (l->key) {
	case KEY_PIN:
		c->nk = 3;
		c->k[0] = r->t.pinned ? 1 : 0;
		c->k[1] = r->k_at;
		c->k[2] = r->t.id;
		break;
	case KEY_AT:
		c->nk = 2;
		c->k[0] = r->k_at;
		c->k[1] = r->t.id;
		break;
	case KEY_NEW:
		c->nk = 2;
		c->k[0] = r->k_new;
		c->k[1] = r->t.id;
		break;
	}
}

int
store_page_skip_ok(int64_t page, int per)
{
	return page >= 1 && (page - 1) * (int64_t)per <= STORE_SKIP_MAX;
}

static int
ks_read(struct db *db, struct arena *a, int which, const char *arg,
    enum qa_sort sort, const struct cursor *at, int limit, int skip,
    struct thread_row **out, struct store_page *pg)
{
	const struct ks_list	*l = &lists[which];
	const char		*p[6];
	char			 ts[40], id[24], lim[16];
	struct ks_row		*rows, tmp;
	void			*v;
	size_t			 n, i, np = 0;
	int			 newer, nk = l->key == KEY_PIN ? 3 : 2;

	memset(pg, 0, sizeof(*pg));
	*out = NULL;
	if (skip < 0 || skip > STORE_SKIP_MAX || limit < 1)
		skip = 0;
	if (at != NULL && at->nk != nk) {
		pg->bad_cursor = 1;
		return 0;
	}
	newer = at != NULL && at->dir == CURSOR_NEWER;
	if (l->arg)
		p[np++] = arg;
	if (l->filter)
		p[np++] = sort_names[sort < QA_SORT__MAX ? sort :
		    QA_SORT_ACTIVE];
	if (l->key == KEY_PIN)
		p[np++] = at == NULL || at->k[0] != 0 ? "true" : "false";
	if (at == NULL) {
		p[np++] = cursor_ts(INT64_MAX, ts);
		p[np++] = "9223372036854775807";
	} else {
		p[np++] = cursor_ts(at->k[nk - 2], ts);
		snprintf(id, sizeof(id), "%lld", (long long)at->k[nk - 1]);
		p[np++] = id;
	}
	snprintf(lim, sizeof(lim), "%d", (newer ? 0 : skip) + limit + 1);
	p[np++] = lim;
	if (db_rows(db, a, newer ? l->newer : l->older, p, &ks_shape, &v,
	    &n) == -1)
		return -1;
	rows = v;
	if (newer) {
		pg->more_older = 1;
		if (n > (size_t)limit) {
			pg->more_newer = 1;
			n = (size_t)limit;
		}
		for (i = 0; i < n / 2; i++) {
			tmp = rows[i];
			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = tmp;
		}
	} else {
		pg->more_newer = at != NULL || skip > 0;
		if (n <= (size_t)skip)
			n = 0;
		else {
			rows += skip;
			n -= (size_t)skip;
		}
		if (n > (size_t)limit) {
			pg->more_older = 1;
			n = (size_t)limit;
		}
	}
	pg->n = n;
	*out = arena_calloc(a, n + 1, sizeof(**out));
	for (i = 0; i < n; i++)
		(*out)[i] = rows[i].t;
	if (n > 0) {
		ks_key(l, &rows[n - 1], CURSOR_OLDER, &pg->older);
		ks_key(l, &rows[0], CURSOR_NEWER, &pg->newer);
	}
	return 0;
}

size_t
store_page_trim(void *rows, size_t n, size_t size, int limit, int newer,
    int had_cursor, struct store_page *pg)
{
	unsigned char	*lo, *hi, t;
	size_t		 i, j;

	if (newer) {
		pg->more_newer = n > (size_t)limit;
		pg->more_older = 1;
	} else {
		pg->more_older = n > (size_t)limit;
		pg->more_newer = had_cursor;
	}
	if (n > (size_t)limit)
		n = (size_t)limit;
	if (newer)	/* read oldest first: newest first for the page */
		for (i = 0; i < n / 2; i++) {
			lo = (unsigned char *)rows + i * size;
			hi = (unsigned char *)rows + (n - 1 - i) * size;
			for (j = 0; j < size; j++) {
				t = lo[j];
				lo[j] = hi[j];
				hi[j] = t;
			}
		}
	pg->n = n;
	return n;
}

int
store_list_category(struct db *db, struct arena *a, int64_t cat,
    enum qa_sort sort, const struct cursor *at, int limit, int skip,
    struct thread_row **out, struct store_page *pg)
{
	char	c[24];
	int	which;

	if (cat > 0) {
		snprintf(c, sizeof(c), "%lld", (long long)cat);
		which = sort == QA_SORT_NEWEST ? L_CAT_NEW :
		    sort == QA_SORT_ACTIVE || sort >= QA_SORT__MAX ?
		    L_CAT_PIN : L_CAT_AT;
		return ks_read(db, a, which, c, sort, at, limit, skip, out, pg);
	}
	which = sort == QA_SORT_NEWEST ? L_ALL_NEW : L_ALL_AT;
	return ks_read(db, a, which, NULL, sort, at, limit, skip, out, pg);
}

int
store_list_tag(struct db *db, struct arena *a, const char *tag,
    const struct cursor *at, int limit, int skip, struct thread_row **out,
    struct store_page *pg)
{
	return ks_read(db, a, L_TAG, tag, QA_SORT_ACTIVE, at, limit, skip,
	    out, pg);
}

int
store_list_user(struct db *db, struct arena *a, int64_t user, int answered,
    const struct cursor *at, int limit, int skip, struct thread_row **out,
    struct store_page *pg)
{
	char	u[24];

	snprintf(u, sizeof(u), "%lld", (long long)user);
	return ks_read(db, a, answered ? L_ANSWERED : L_ASKED, u,
	    QA_SORT_ACTIVE, at, limit, skip, out, pg);
}
