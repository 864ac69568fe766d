/* pages/search.c: search, tag pages, a user's questions and answers */
/*
 * Search analyses the query as documents were folded on write
 * (text/fold.c: morphology, synonyms, grams) and asks PostgreSQL for
 * posts whose document matches; the best post per thread wins, ranked
 * with official, verified and accepted answers and recent activity first.
 * The snippet is cut from that post's plain text (md_plain: no Markdown
 * syntax) around the first marked word found and written through the HTML
 * writer, with <mark> around the words of the query and their synonyms:
 * user text only ever enters escaped.
 */
#include <string.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/gate.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "pages/pager.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/kb.h"
#include "store/store.h"
#include "text/fold.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/md.h"
#include "view/widgets.h"

#define SEARCH_PER_PAGE	20
#define SEARCH_WAIT_MS	1000	/* for a place among the running searches */

/*
 * Half the app threads may search at once (search_limit); as many may wait
 * up to SEARCH_WAIT_MS for a place, the others answer 503 at once.  A search
 * is bounded (store_qa_search: tens of milliseconds, a 2 s timeout at
 * worst), so a wait is short.
 */
static struct gate	search_gate;
#define SNIPPET_CHARS	160

struct search_data {
	const char	*q;
	const char	*cat;
	const char	*tag;
	struct search_result res;
	int64_t		 page;
	int		 solved;
	int		 searched;
	struct kb_hit	*kb;		/* knowledge-base articles (page 1) */
	size_t		 nkb;
};

struct list_data {
	const char		*title;
	const char		*lead;
	const char		*base;
	const char		*tag;
	struct thread_row	*t;
	size_t			 n;
	const char		*newer, *older;	/* keyset cursors, or NULL */
	const char		*watch_action;	/* a tag's .../watch, or NULL */
	const char		*watch;		/* the member's level, "" */
};

static void	 search_main(struct html *, struct req *, void *);
static void	 list_main(struct html *, struct req *, void *);
static void	 snippet(struct html *, struct req *, const char *body,
		    const char *const *marks, size_t nmarks);
static void	 pager_link(struct html *, const struct search_data *,
		    int64_t);
static const char *find_ci(const char *hay, const char *needle);
static void	 user_posts(struct req *, int);
static int	 tag_canonical(struct req *, const char *);
static int	 search_words(struct req *, const char *, int, int, int,
		    int, struct search_result *);
static int	 search_once(struct req *, const struct qa_search_query *,
		    int, int, struct qa_hit **, size_t *,
		    struct qa_search_stats *, uint64_t *);

/* ASCII-case-insensitive strstr. */
static const char *
find_ci(const char *hay, const char *needle)
{
	size_t	n = strlen(needle);

	if (n == 0)
		return NULL;
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/*
 * About SNIPPET_CHARS characters of the plain text of body (Markdown)
 * around the first marked word found, with every occurrence of a marked
 * word (the longest where several start at one place) in <mark>.
 */
static void
snippet(struct html *w, struct req *r, const char *md,
    const char *const *words, size_t nw)
{
	const char	*body, *start, *end, *p, *best, *hit;
	size_t		 i, len, blen;

	body = md_plain(r->a, md, strlen(md));
	blen = strlen(body);
	start = body;
	hit = NULL;
	for (i = 0; i < nw; i++)
		if ((p = find_ci(body, words[i])) != NULL &&
		    (hit == NULL || p < hit))
			hit = p;
	if (hit != NULL && utf8_count(body, (size_t)(hit - body)) > 40) {
		/* back up about 40 characters, on a character boundary */
		start = hit;
		for (i = 0; i < 40 && start > body; i++) {
			start--;
			while (start > body &&
			    ((unsigned char)*start & 0xC0) == 0x80)
				start--;
		}
	}
	len = utf8_prefix(start, blen - (size_t)(start - body), SNIPPET_CHARS);
	end = start + len;
	html_lit(w, "<p class=\"snippet\">");
	if (start > body)
		html_lit(w, "… ");
	p = start;
	while (p < end) {
		best = NULL;
		len = 0;
		for (i = 0; i < nw; i++) {
			hit = find_ci(p, words[i]);
			if (hit != NULL && hit + strlen(words[i]) <= end &&
			    (best == NULL || hit < best || (hit == best &&
			    strlen(words[i]) > len))) {
				best = hit;
				len = strlen(words[i]);
			}
		}
		if (best == NULL) {
			html_textn(w, p, (size_t)(end - p));
			break;
		}
		html_textn(w, p, (size_t)(best - p));
		html_lit(w, "<mark>");
		html_textn(w, best, len);
		html_lit(w, "</mark>");
		p = best + len;
	}
	if (end < body + blen)
		html_lit(w, " …");
	html_lit(w, "</p>");
}

static void
pager_link(struct html *w, const struct search_data *d, int64_t page)
{
	html_lit(w, "/search?q=");
	html_url(w, d->q);
	html_lit(w, "&amp;category=");
	html_url(w, d->cat);
	html_lit(w, "&amp;tag=");
	html_url(w, d->tag);
	if (d->solved)
		html_lit(w, "&amp;solved=1");
	html_lit(w, "&amp;page=");
	html_int(w, page);
}

static void
search_main(struct html *w, struct req *r, void *arg)
{
	struct search_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Search"));
	html_lit(w, "</h1>\n<form class=\"search-form\" method=\"get\" "
	    "action=\"/search\" role=\"search\"><label for=\"q\">");
	html_text(w, T(l, "Search words"));
	html_lit(w, "</label> <input id=\"q\" name=\"q\" type=\"search\" "
	    "maxlength=\"200\" value=\"");
	html_attr(w, d->q);
	html_lit(w, "\"> <label for=\"category\">");
	html_text(w, T(l, "Category"));
	html_lit(w, "</label> ");
	(void)qa_category_select(w, r, d->cat, T(l, "All categories"));
	html_lit(w, " <label for=\"tag\">");
	html_text(w, T(l, "Tag"));
	html_lit(w, "</label> <input id=\"tag\" name=\"tag\" size=\"10\" "
	    "maxlength=\"30\" value=\"");
	html_attr(w, d->tag);
	html_lit(w, "\"> <label class=\"check\"><input type=\"checkbox\" "
	    "name=\"solved\" value=\"1\"");
	if (d->solved)
		html_lit(w, " checked");
	html_lit(w, "> ");
	html_text(w, T(l, "Solved only"));
	html_lit(w, "</label> <button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Search"));
	html_lit(w, "</button></form>\n");
	if (!d->searched)
		return;
	if (d->nkb > 0) {
		html_lit(w, "<section class=\"kb-hits\" aria-labelledby=\"kb-h\">"
		    "<h2 id=\"kb-h\">");
		html_text(w, T(l, "From the knowledge base"));
		html_lit(w, "</h2><ul class=\"kb-list\">");
		for (i = 0; i < d->nkb; i++) {
			html_lit(w, "<li><a class=\"kb-title\" href=\"/kb/");
			html_attr(w, d->kb[i].slug);
			html_lit(w, "\">");
			html_text(w, d->kb[i].title);
			html_lit(w, "</a></li>");
		}
		html_lit(w, "</ul></section>\n");
	}
	if (d->res.corrected != NULL) {
		html_lit(w, "<p class=\"search-corrected\">");
		html_text(w, arena_printf(r->a, T(l, "Nothing was found for "
		    "\u201c%s\u201d. Showing the results for:"), d->q));
		html_lit(w, " <a href=\"/search?q=");
		html_url(w, d->res.corrected);
		html_lit(w, "\"><strong>");
		html_text(w, d->res.corrected);
		html_lit(w, "</strong></a></p>\n");
	}
	html_lit(w, "<p class=\"result-count\" role=\"status\">");
	if (d->res.n == 0 && d->page == 1)
		html_text(w, T(l, "No results"));
	else if (d->res.more)
		html_text(w, arena_printf(r->a, T(l, "More than %d results"),
		    d->res.count));
	else
		html_text(w, arena_printf(r->a, d->res.count == 1 ?
		    T(l, "%d result") : T(l, "%d results"), d->res.count));
	html_lit(w, "</p>\n");
	if (d->res.n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "Nothing found. Try other words, or ask a "
		    "question."));
		html_lit(w, " <a href=\"/ask\">");
		html_text(w, T(l, "Ask a question"));
		html_lit(w, "</a></p>\n");
		return;
	}
	html_lit(w, "<ol class=\"search-results\">\n");
	for (i = 0; i < d->res.n; i++) {
		html_lit(w, "<li class=\"search-hit\"><a class=\"thread-title\" "
		    "href=\"/t/");
		html_int(w, d->res.h[i].t.id);
		if (d->res.h[i].kind != PK_QUESTION) {
			html_lit(w, "#p");
			html_int(w, d->res.h[i].post_id);
		}
		html_lit(w, "\" lang=\"");
		html_attr(w, d->res.h[i].t.lang);
		html_lit(w, "\">");
		html_text(w, d->res.h[i].t.title);
		html_lit(w, "</a> ");
		if (d->res.h[i].t.has_official) {
			html_lit(w, "<span class=\"tag tag-official\">");
			html_text(w, T(l, "Official answer"));
			html_lit(w, "</span> ");
		}
		if (d->res.h[i].t.has_verified) {
			html_lit(w, "<span class=\"tag tag-verified\">");
			html_text(w, T(l, "Staff-verified"));
			html_lit(w, "</span> ");
		}
		if (d->res.h[i].t.accepted) {
			html_lit(w, "<span class=\"tag tag-accepted\">");
			html_text(w, T(l, "Solved"));
			html_lit(w, "</span>");
		}
		snippet(w, r, d->res.h[i].body_md, d->res.marks,
		    d->res.nmarks);
		html_lit(w, "</li>\n");
	}
	html_lit(w, "</ol>\n");
	if (d->page > 1 || d->res.has_next) {
		html_lit(w, "<nav class=\"pager\" aria-label=\"");
		html_attr(w, T(l, "Pages"));
		html_lit(w, "\">");
		if (d->page > 1) {
			html_lit(w, "<a rel=\"prev\" href=\"");
			pager_link(w, d, d->page - 1);
			html_lit(w, "\">");
			html_text(w, T(l, "Previous"));
			html_lit(w, "</a> ");
		}
		if (d->res.has_next) {
			html_lit(w, "<a rel=\"next\" href=\"");
			pager_link(w, d, d->page + 1);
			html_lit(w, "\">");
			html_text(w, T(l, "Next"));
			html_lit(w, "</a>");
		}
		html_lit(w, "</nav>\n");
	}
}

void
search_limit(int app_threads)
{
	int	half = app_threads / 2 > 0 ? app_threads / 2 : 1;

	gate_init(&search_gate, "search", half, SEARCH_WAIT_MS,
	    app_threads - half > 0 ? app_threads - half : 1);
}

/* One bounded search under the gate; 0, -1 (store down) or -2 (timeout). */
static int
search_once(struct req *r, const struct qa_search_query *sq, int limit,
    int offset, struct qa_hit **h, size_t *n, struct qa_search_stats *st,
    uint64_t *us)
{
	uint64_t	 t0;
	int		 rc;

	if (gate_take(&search_gate) == -1)
		return -3;
	t0 = util_now_us();
	rc = store_qa_search(r->w->db, r->a, sq, limit, offset,
	    r->w->conf->search_window, h, n, st);
	gate_give(&search_gate);
	*us += util_now_us() - t0;
	return rc;
}

/*
 * Shared by the page and the JSON API: runs the search of r's q,
 * category, tag, page and solved fields into res.
 */
int
search_run(struct req *r, int fq, int fc, int ft, int fp, int fs,
    struct search_result *res)
{
	const char		*q = r->f[fq].present ? r->f[fq].s : "";
	const char		*fix;
	struct search_result	 again;

	if (search_words(r, q, fc, ft, fp, fs, res) == -1)
		return -1;
	/*
	 * Nothing found on the first page: a misspelt English word put
	 * right, when the search then finds something (no dead end).
	 */
	if (res->n > 0 || (r->f[fp].present && r->f[fp].i > 1) ||
	    (fix = fold_suggest(r->a, q, strlen(q))) == NULL)
		return 0;
	if (search_words(r, fix, fc, ft, fp, fs, &again) == -1)
		return -1;
	if (again.n > 0) {
		*res = again;
		res->corrected = fix;
	}
	return 0;
}

/* search_run() for the words q. */
static int
search_words(struct req *r, const char *q, int fc, int ft, int fp, int fs,
    struct search_result *res)
{
	const char		*t = r->f[ft].present ? r->f[ft].s : "";
	int64_t			 page = r->f[fp].present ? r->f[fp].i : 1;
	struct qa_search_query	 sq;
	struct qa_search_stats	 st;
	struct fold_query	 fq2;
	uint64_t		 us = 0;
	int			 rc;

	memset(res, 0, sizeof(*res));
	if (fold_query(r->a, q, strlen(q), 0, &fq2) == -1)
		return 0;
	res->marks = fq2.marks;
	res->nmarks = fq2.nmarks;
	memset(&sq, 0, sizeof(sq));
	sq.match = fq2.match;
	sq.rank = fq2.rank;
	sq.cat = r->f[fc].present ? r->f[fc].s : "";
	sq.tag = t[0] != '\0' ? fold_text(r->a, t, strlen(t)) : "";
	/* a tag synonym finds its canonical tag's threads (0177) */
	if (sq.tag[0] != '\0' && store_tags_canonical(r->w->db, r->a, sq.tag,
	    &sq.tag) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	sq.solved = fs >= 0 && r->f[fs].present && r->f[fs].i;
	rc = search_once(r, &sq, SEARCH_PER_PAGE + 1,
	    (int)((page - 1) * SEARCH_PER_PAGE), &res->h, &res->n, &st, &us);
	if (rc == -3) {
		reply_error(r, 503, N_("Search is busy right now. Please try "
		    "again in a moment."));
		return -1;
	}
	/*
	 * What the search did, for the browser's developer tools and the
	 * benchmark (Server-Timing is the standard header for it): its
	 * milliseconds, the windows of newest posts walked, the way the
	 * candidates were found (walk, index or tag) and how many.
	 */
	reply_header(r, "Server-Timing", arena_printf(r->a, "search;dur=%.1f;"
	    "desc=\"%d windows, %s, %d candidates\"", (double)us / 1000.0,
	    st.windows, st.path != NULL ? st.path : "none", st.candidates));
	if (rc == -2) {
		reply_error(r, 503, N_("This search took too long. Try more "
		    "specific words or choose a category."));
		return -1;
	}
	if (rc == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	res->count = st.threads;
	res->more = st.capped;
	if (res->n > SEARCH_PER_PAGE) {
		res->n = SEARCH_PER_PAGE;
		res->has_next = 1;
	}
	return 0;
}

int
search_similar(struct req *r, const char *q, int limit,
    struct thread_row **out, size_t *n)
{
	struct qa_search_query	 sq;
	struct fold_query	 fq;
	struct qa_search_stats	 st;
	struct qa_hit		*h;
	struct thread_row	*t;
	size_t			 nh, i, j;
	uint64_t		 us = 0;
	int			 pass;

	*n = 0;
	*out = t = arena_calloc(r->a, (size_t)limit + 1, sizeof(*t));
	for (pass = 0; pass < 2 && *n < (size_t)limit; pass++) {
		if (fold_query(r->a, q, strlen(q), pass, &fq) == -1)
			return 0;
		if (pass == 1 && fq.nreq < 2)
			break;		/* "any" would find the same */
		memset(&sq, 0, sizeof(sq));
		sq.match = fq.match;
		sq.rank = fq.rank;
		sq.cat = sq.tag = "";
		if (search_once(r, &sq, limit, 0, &h, &nh, &st, &us) != 0)
			return -1;
		for (i = 0; i < nh && *n < (size_t)limit; i++) {
			for (j = 0; j < *n; j++)
				if (t[j].id == h[i].t.id)
					break;
			if (j == *n)
				t[(*n)++] = h[i].t;
		}
	}
	return 0;
}

void
page_search(struct req *r)
{
	struct search_data	 d;

	memset(&d, 0, sizeof(d));
	d.q = r->f[F_SEARCH_Q].present ? r->f[F_SEARCH_Q].s : "";
	d.cat = r->f[F_SEARCH_CAT].present ? r->f[F_SEARCH_CAT].s : "";
	d.tag = r->f[F_SEARCH_TAG].present ? r->f[F_SEARCH_TAG].s : "";
	d.page = r->f[F_SEARCH_PAGE].present ? r->f[F_SEARCH_PAGE].i : 1;
	d.solved = r->f[F_SEARCH_SOLVED].present && r->f[F_SEARCH_SOLVED].i;
	d.searched = d.q[0] != '\0';
	if (search_run(r, F_SEARCH_Q, F_SEARCH_CAT, F_SEARCH_TAG,
	    F_SEARCH_PAGE, F_SEARCH_SOLVED, &d.res) == -1)
		return;
	/* articles first, on the first page (pages/kb.c) */
	if (d.searched && d.page == 1 &&
	    kb_similar(r, d.q, 3, &d.kb, &d.nkb) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Search"), search_main, &d);
}

static void
list_main(struct html *w, struct req *r, void *arg)
{
	struct list_data	*d = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<h1>");
	html_text(w, d->title);
	html_lit(w, "</h1>\n");
	if (d->lead != NULL) {
		html_lit(w, "<p class=\"lead\">");
		html_text(w, d->lead);
		html_lit(w, "</p>\n");
	}
	if (d->watch_action != NULL)
		watch_buttons(w, r, d->watch_action, d->watch);
	widget_thread_list(w, l, d->t, d->n, T(l, "No questions here yet."));
	widget_keyset_pager(w, l, d->base, d->newer, d->older, 0);
}

/* 1 when r asked for the tag's page by the one path pages link to. */
static int
tag_canonical(struct req *r, const char *tag)
{
	struct html	w;

	html_init(&w, r->a);
	html_lit(&w, "/tag/");
	html_url(&w, tag);
	return w.b.len == strlen(r->path) &&
	    memcmp(w.b.p, r->path, w.b.len) == 0;
}

void
page_tag(struct req *r)
{
	struct list_data	 d;
	struct pager		 pos;
	struct store_page	 pg;
	const char		*tag = fold_text(r->a, r->param[0],
	    strlen(r->param[0]));

	memset(&d, 0, sizeof(d));
	d.base = r->path;	/* as requested: still percent-encoded */
	if (pager_read_or_reply(r, F_LIST_AT, F_LIST_PAGE, SEARCH_PER_PAGE,
	    d.base, &pos) == -1)
		return;
	if (store_list_tag(r->w->db, r->a, tag, pos.at, SEARCH_PER_PAGE,
	    pos.skip, &d.t, &pg) == -1)
		return;
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	d.n = pg.n;
	if (d.n == 0 && pos.at == NULL) {
		/* A synonym: its canonical tag's page (no thread has it). */
		if (qa_tag_synonym_redirect(r, tag, "") != 0)
			return;
		/* No visible thread carries it: no such tag (or page). */
		reply_error(r, 404, NULL);
		return;
	}
	d.newer = pager_newer(r, &pg);
	d.older = pager_older(r, &pg);
	d.title = arena_printf(r->a, "%s: %s", T(r->lang, "Tag"), tag);
	/* cached under the one path the pages link to (tag_path) */
	if (tag_canonical(r, tag)) {
		pcache_depend(r, arena_printf(r->a, "tag:%s", tag));
		pcache_depend(r, "tags");
	}
	d.watch = "";
	if (r->sess != NULL) {
		d.watch_action = arena_printf(r->a, "%s/watch", r->path);
		if (store_watch_get(r->w->db, r->a, r->sess->user_id,
		    WATCH_TAG, tag, &d.watch) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
	}
	r->feed_url = arena_printf(r->a, "%s/feed.atom", r->path);
	r->feed_title = arena_printf(r->a, "%s (%s)", d.title,
	    T(r->lang, "Atom feed"));
	layout_page(r, 200, d.title, list_main, &d);
}

static void
user_posts(struct req *r, int answers)
{
	struct list_data	 d;
	struct pager		 pos;
	struct store_page	 pg;
	const char		*name;
	int64_t			 uid;

	memset(&d, 0, sizeof(d));
	if (store_qa_user_by_name(r->w->db, r->a, r->param[0], &uid,
	    &name) == -1)
		return;
	if (uid == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	d.base = arena_printf(r->a, "/u/%s/%s", r->param[0], answers ?
	    "answers" : "questions");
	if (pager_read_or_reply(r, F_LIST_AT, F_LIST_PAGE, SEARCH_PER_PAGE,
	    d.base, &pos) == -1)
		return;
	if (store_list_user(r->w->db, r->a, uid, answers, pos.at,
	    SEARCH_PER_PAGE, pos.skip, &d.t, &pg) == -1)
		return;
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	d.n = pg.n;
	d.newer = pager_newer(r, &pg);
	d.older = pager_older(r, &pg);
	d.title = arena_printf(r->a, "%s: %s", name, answers ?
	    T(r->lang, "Answers") : T(r->lang, "Questions"));
	/* its rows show counts that any answer changes: "lists" */
	if (strcmp(r->param[0], name) == 0)
		pcache_depend(r, "lists");
	layout_page(r, 200, d.title, list_main, &d);
}

void
page_user_questions(struct req *r)
{
	user_posts(r, 0);
}

void
page_user_answers(struct req *r)
{
	user_posts(r, 1);
}

int
qa_user_activity(struct html *w, struct req *r, int64_t user_id,
    const char *username)
{
	struct thread_row	*q, *a;
	size_t			 nq, na;
	enum lang		 l = r->lang;

	if (store_qa_threads_by_user(r->w->db, r->a, user_id, 0, 5, 0, &q,
	    &nq) == -1 || store_qa_threads_by_user(r->w->db, r->a, user_id, 1,
	    5, 0, &a, &na) == -1)
		return -1;
	html_lit(w, "<section class=\"user-activity\"><h2>");
	html_text(w, T(l, "Questions"));
	html_lit(w, "</h2>");
	widget_thread_list(w, l, q, nq, T(l, "No questions yet."));
	html_lit(w, "<p><a href=\"/u/");
	html_url(w, username);
	html_lit(w, "/questions\">");
	html_text(w, T(l, "All questions"));
	html_lit(w, "</a></p><h2>");
	html_text(w, T(l, "Answers"));
	html_lit(w, "</h2>");
	widget_thread_list(w, l, a, na, T(l, "No answers yet."));
	html_lit(w, "<p><a href=\"/u/");
	html_url(w, username);
	html_lit(w, "/answers\">");
	html_text(w, T(l, "All answers"));
	html_lit(w, "</a></p></section>\n");
	return 0;
}
