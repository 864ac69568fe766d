/*
 * pager.h: the position a list page starts from (keyset pagination,
 * lib/cursor.h), read from the declared "at" and "page" fields.
 */
#ifndef SODAN_PAGER_H
#define SODAN_PAGER_H

#include "lib/cursor.h"

struct req;
struct store_page;

struct pager {
	struct cursor		 c;
	const struct cursor	*at;		/* NULL: the first page */
	int			 skip;		/* rows an old ?page=N skips */
};

/*
 * Fills p from field f_at (a cursor; the dispatcher refused a bad one)
 * or field f_page (an old link: page N skips (N-1)*per rows while that
 * is at most STORE_SKIP_MAX rows; a deeper page redirects to first, the
 * list's first page).  Returns 0, or -1 after replying.
 */
int	pager_read_or_reply(struct req *, int f_at, int f_page, int per,
	    const char *first, struct pager *p);
/*
 * After the store read: 400 when the cursor did not fit the list
 * (pg->bad_cursor), and -1; else 0.
 */
int	pager_check_or_reply(struct req *, const struct store_page *pg);
/* The text of pg's newer / older cursor when there is such a page, else NULL. */
const char *pager_newer(struct req *, const struct store_page *pg);
const char *pager_older(struct req *, const struct store_page *pg);

#endif
