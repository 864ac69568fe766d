/* pages/pager.c: keyset positions of list pages (pager.h). */
#include <string.h>

#include "http/req.h"
#include "lib/arena.h"
#include "lib/cursor.h"
#include "pages/pager.h"
#include "store/store.h"
#include "view/i18n.h"

#define BAD_CURSOR	N_("This link to a further page of the list is not " \
	"valid: it was changed or cut short. Open the list again and use its " \
	"Newer and Older links.")

int
pager_read_or_reply(struct req *r, int f_at, int f_page, int per,
    const char *first, struct pager *p)
{
	memset(p, 0, sizeof(*p));
	if (r->f[f_at].present) {
		if (cursor_parse(r->f[f_at].s, r->f[f_at].len, &p->c) == -1) {
			reply_error(r, 400, BAD_CURSOR);
			return -1;
		}
		p->at = &p->c;
		return 0;
	}
	if (r->f[f_page].present && r->f[f_page].i > 1) {
		if (!store_page_skip_ok(r->f[f_page].i, per)) {
			reply_redirect(r, first);
			return -1;
		}
		p->skip = (int)((r->f[f_page].i - 1) * per);
	}
	return 0;
}

int
pager_check_or_reply(struct req *r, const struct store_page *pg)
{
	if (!pg->bad_cursor)
		return 0;
	reply_error(r, 400, BAD_CURSOR);
	return -1;
}

const char *
pager_newer(struct req *r, const struct store_page *pg)
{
	char	buf[CURSOR_TEXT];

	if (!pg->more_newer || pg->n == 0)
		return NULL;
	return arena_strdup(r->a, cursor_format(&pg->newer, buf));
}

const char *
pager_older(struct req *r, const struct store_page *pg)
{
	char	buf[CURSOR_TEXT];

	if (!pg->more_older || pg->n == 0)
		return NULL;
	return arena_strdup(r->a, cursor_format(&pg->older, buf));
}
