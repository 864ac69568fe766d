/* pages/home.c: the home page, category pages and the language switch. */
#include <string.h>

#include "http/pcache.h"
#include "http/redirect.h"
#include "http/req.h"
#include "http/routes.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/pager.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

#define PER_PAGE	20

struct home_data {
	struct category		*cats;
	size_t			 ncats;
	struct thread_row	*recent;
	size_t			 nrecent;
	struct thread_row	*unanswered;
	size_t			 nunanswered;
};

struct cat_data {
	struct category		*cat;
	struct thread_row	*threads;
	size_t			 n;
	const char		*base;		/* the list's first page */
	const char		*newer, *older;	/* cursors, or NULL */
	int			 deep;		/* not the first page */
	enum qa_sort		 sort;
	const char		*watch;		/* the member's level, "" */
};

static const char *const sort_keys[QA_SORT__MAX] = {
	"active", "newest", "unanswered", "answered", "verified"
};
static const char *const sort_labels[QA_SORT__MAX] = {
	N_("Active"), N_("Newest"), N_("Unanswered"), N_("Answered"),
	N_("Official or verified")
};

static void	home_main(struct html *, struct req *, void *);
static void	cat_main(struct html *, struct req *, void *);

static void
home_main(struct html *w, struct req *r, void *arg)
{
	struct home_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"intro\"><h1>");
	html_text(w, T(l, "Questions and answers for exchange users"));
	html_lit(w, "</h1><p>");
	html_text(w, T(l, "Ask about accounts, deposits and withdrawals, "
	    "security, trading, taxes and the API. Answers marked official "
	    "or staff-verified come from the exchange itself."));
	html_lit(w, "</p></section>\n<section aria-labelledby=\"cats-h\">"
	    "<h2 id=\"cats-h\">");
	html_text(w, T(l, "Categories"));
	html_lit(w, "</h2>\n");
	if (d->ncats == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No categories yet."));
		html_lit(w, "</p>");
	} else
		html_lit(w, "<ul class=\"category-grid\">\n");
	for (i = 0; i < d->ncats; i++) {
		html_lit(w, "<li class=\"category\"><a href=\"/c/");
		html_url(w, d->cats[i].slug);
		html_lit(w, "\"><span class=\"category-name\">");
		html_text(w, d->cats[i].name[l]);
		html_lit(w, "</span></a><p>");
		html_text(w, d->cats[i].desc[l]);
		html_lit(w, "</p><span class=\"count\">");
		html_int(w, d->cats[i].nthreads);
		html_lit(w, " ");
		html_text(w, T(l, "threads"));
		html_lit(w, "</span></li>\n");
	}
	if (d->ncats > 0)
		html_lit(w, "</ul>\n");
	html_lit(w, "</section>\n<section aria-labelledby=\"recent-h\">"
	    "<h2 id=\"recent-h\">");
	html_text(w, T(l, "Recent questions"));
	html_lit(w, "</h2>\n");
	widget_thread_list(w, l, d->recent, d->nrecent,
	    T(l, "No questions yet. Be the first to ask."));
	html_lit(w, "</section>\n<section aria-labelledby=\"unans-h\">"
	    "<h2 id=\"unans-h\">");
	html_text(w, T(l, "Unanswered questions"));
	html_lit(w, "</h2>\n");
	widget_thread_list(w, l, d->unanswered, d->nunanswered,
	    T(l, "Every question has an answer."));
	html_lit(w, "</section>\n");
}

void
page_home(struct req *r)
{
	struct home_data	d;

	memset(&d, 0, sizeof(d));
	if (store_categories(r->w->db, r->a, &d.cats, &d.ncats) == -1 ||
	    store_recent_threads(r->w->db, r->a, 10, &d.recent,
	    &d.nrecent) == -1 || store_qa_threads(r->w->db, r->a, 0,
	    QA_SORT_UNANSWERED, 10, 0, &d.unanswered, &d.nunanswered) == -1)
		return;
	pcache_depend(r, "home");
	layout_page(r, 200, T(r->lang, "Home"), home_main, &d);
}

static void
cat_main(struct html *w, struct req *r, void *arg)
{
	struct cat_data	*d = arg;
	enum lang	 l = r->lang;
	size_t		 i;

	html_lit(w, "<nav class=\"crumbs\" aria-label=\"");
	html_attr(w, T(l, "Breadcrumbs"));
	html_lit(w, "\"><a href=\"/\">");
	html_text(w, T(l, "Home"));
	html_lit(w, "</a></nav>\n<h1>");
	html_text(w, d->cat->name[l]);
	html_lit(w, "</h1>\n<p class=\"lead\">");
	html_text(w, d->cat->desc[l]);
	html_lit(w, "</p>\n<p><a class=\"button\" href=\"/ask?category=");
	html_url(w, d->cat->slug);
	html_lit(w, "\">");
	html_text(w, T(l, "Ask a question"));
	html_lit(w, "</a></p>\n");
	watch_buttons(w, r, arena_printf(r->a, "/c/%s/watch", d->cat->slug),
	    d->watch != NULL ? d->watch : "");
	html_lit(w, "<nav class=\"filters\" aria-label=\"");
	html_attr(w, T(l, "Show"));
	html_lit(w, "\"><ul>");
	for (i = 0; i < QA_SORT__MAX; i++) {
		html_lit(w, "<li><a href=\"/c/");
		html_url(w, d->cat->slug);
		html_lit(w, "?sort=");
		html_text(w, sort_keys[i]);
		html_lit(w, "\"");
		if (i == d->sort)
			html_lit(w, " aria-current=\"page\"");
		html_lit(w, ">");
		html_text(w, i18n_get(l, sort_labels[i]));
		html_lit(w, "</a></li>");
	}
	html_lit(w, "</ul></nav>\n");
	widget_thread_list(w, l, d->threads, d->n, d->deep ?
	    T(l, "There are no more questions here.") :
	    T(l, "No questions in this category yet."));
	widget_keyset_pager(w, l, d->base, d->newer, d->older, 0);
}

void
page_category(struct req *r)
{
	struct cat_data		d;
	struct pager		pos;
	struct store_page	pg;

	memset(&d, 0, sizeof(d));
	d.sort = r->f[F_CAT_SORT].present ? (enum qa_sort)r->f[F_CAT_SORT].i :
	    QA_SORT_ACTIVE;
	if (store_category_by_slug(r->w->db, r->a, r->param[0], &d.cat) == -1)
		return;
	if (d.cat == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	d.base = d.sort == QA_SORT_ACTIVE ?
	    arena_printf(r->a, "/c/%s", d.cat->slug) :
	    arena_printf(r->a, "/c/%s?sort=%s", d.cat->slug, sort_keys[d.sort]);
	if (pager_read_or_reply(r, F_CAT_AT, F_CAT_PAGE, PER_PAGE, d.base,
	    &pos) == -1)
		return;
	if (store_list_category(r->w->db, r->a, d.cat->id, d.sort, pos.at,
	    PER_PAGE, pos.skip, &d.threads, &pg) == -1)
		return;
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	d.n = pg.n;
	d.deep = pos.at != NULL || pos.skip > 0;
	d.newer = pager_newer(r, &pg);
	d.older = pager_older(r, &pg);
	d.watch = "";
	if (r->sess != NULL && store_watch_get(r->w->db, r->a,
	    r->sess->user_id, WATCH_CATEGORY, arena_printf(r->a, "%lld",
	    (long long)d.cat->id), &d.watch) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	r->meta_desc = d.cat->desc[r->lang];
	r->feed_url = arena_printf(r->a, "/c/%s/feed.atom", d.cat->slug);
	r->feed_title = arena_printf(r->a, "%s (%s)", d.cat->name[r->lang],
	    T(r->lang, "Atom feed"));
	layout_page(r, 200, d.cat->name[r->lang], cat_main, &d);
}

void
page_lang(struct req *r)
{
	const char	*next = r->f[F_LANG_NEXT].present ?
	    r->f[F_LANG_NEXT].s : "/";

	/* Signed in, the language is the account's setting. */
	if (r->sess != NULL && r->sess->user_id != 0 &&
	    store_user_set_lang(r->w->db, r->sess->user_id,
	    r->f[F_LANG_LANG].s) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	reply_cookie(r, "lang", r->f[F_LANG_LANG].s, 365L * 24 * 3600);
	/* Never back to a form's POST-only address (405): its page. */
	reply_redirect(r, route_get_page(r->a, redirect_local(r->a, next)));
}
