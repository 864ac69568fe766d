/*
 * pages/kb.c: the knowledge base: /kb (by category, newest, most
 * helpful), /kb/:slug, staff's /kb/new, /kb/:slug/edit and
 * /kb/:slug/history, "was this helpful?", the staff's confirmation of an
 * article to review, POST /t/:id/promote and "this solved it" from the
 * ask form (POST /api/v1/kb/:slug/solved).
 *
 * Articles are written by staff or promoted from a solved thread: its
 * question and its official (else staff-verified) answer, read by
 * store_kb_source at their current revision only when that revision is
 * public, unredacted and the post visible, and checked again inside the
 * promotion's transaction.  Every write is one store_kb_* call that
 * checks the actor's role in its own transaction (store/kb.h); the routes'
 * roles only spare a round trip.  Markdown is cooked here once, on write
 * (cmark's safe mode, view/md.c), as for posts.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/utf8.h"
#include "pages/kb.h"
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

#define KB_PER_PAGE	30
#define KB_TITLE_MIN	10
#define KB_TITLE_MAX	150
#define KB_BODY_MIN	10
#define KB_BODY_MAX	20000
#define KB_TAGS_MAX	5
#define KB_TAG_MAX	30
#define KB_SLUG_MAX	60	/* the words of the title; "-ID" follows */

struct kb_list_data {
	struct kb_article *k;
	size_t		 n;
	enum kb_sort	 sort;
	const char	*cat, *tag;
	int64_t		 page;
	int		 has_next;
};

struct kb_hist_data {
	struct kb_article *art;
	struct kb_revision *v;
	size_t		 n;
};

static const char *slug_param(struct req *);
static const char *slug_base(struct req *, const char *);
static const char *text_lang(const char *);
static int	 tags_norm(struct req *, const char *, const char **,
		    const char **);
static void	 form_err(struct kb_form *, const char *, const char *);
static int	 form_check(struct req *, struct kb_form *, struct kb_write *);
static void	 form_main(struct html *, struct req *, void *);
static void	 list_main(struct html *, struct req *, void *);
static void	 article_main(struct html *, struct req *, void *);
static void	 hist_main(struct html *, struct req *, void *);
static void	 review_box(struct html *, struct req *,
		    const struct kb_article *);
static void	 helpful_box(struct html *, struct req *,
		    const struct kb_article *);
static const char *reason_text(enum lang, const char *);
static int	 refused(struct req *, enum kb_result);

/* The article's slug from the path: [a-z0-9-]{1,80}, else NULL. */
static const char *
slug_param(struct req *r)
{
	const char	*s = r->param[0];
	size_t		 i;

	if (s == NULL || *s == '\0' || strlen(s) > 80)
		return NULL;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return NULL;
	return s;
}

struct kb_article *
kb_load(struct req *r)
{
	struct kb_article	*k = NULL;
	const char		*s;

	if ((s = slug_param(r)) == NULL) {
		reply_error(r, 404, NULL);
		return NULL;
	}
	if (store_kb_get(r->w->db, r->a, s, qa_is_staff(r), &k) == -1)
		return NULL;
	if (k == NULL)
		reply_error(r, 404, NULL);
	return k;
}

/* The Latin words and digits of a title, lower case, joined by '-'. */
static const char *
slug_base(struct req *r, const char *title)
{
	struct buf	 b;
	const char	*p;
	int		 gap = 0;

	buf_init(&b, r->a);
	buf_puts(&b, "");
	for (p = title; *p != '\0' && b.len < KB_SLUG_MAX; p++) {
		char	c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && b.len > 0)
				buf_putc(&b, '-');
			buf_putc(&b, c);
			gap = 0;
		} else
			gap = 1;
	}
	return b.p;
}

/* "ja" when s holds Japanese characters, else "en". */
static const char *
text_lang(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		if (*p >= 0xE3 && *p <= 0xE9)
			return "ja";
	return "en";
}

/*
 * Tags as the forum takes them: folded, split on spaces, commas and 、,
 * duplicates dropped; letters, digits, '-' and '_', 1 to 30 each, at
 * most 5.  0, or -1 with *err (a msgid).
 */
static int
tags_norm(struct req *r, const char *raw, const char **joined,
    const char **err)
{
	char		*f, *tok, *save = NULL, *p;
	const char	*seen[KB_TAGS_MAX];
	size_t		 n = 0, i, len;
	struct buf	 b;

	*joined = "";
	*err = NULL;
	if (raw == NULL || *raw == '\0')
		return 0;
	f = fold_text(r->a, raw, strlen(raw));
	while ((p = strstr(f, "\xe3\x80\x81")) != NULL)	/* 、 */
		memcpy(p, "   ", 3);
	buf_init(&b, r->a);
	buf_puts(&b, "");
	for (tok = strtok_r(f, " ,\t\r\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " ,\t\r\n", &save)) {
		len = strlen(tok);
		for (i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)tok[i];

			if (ch < 0x80 && !((ch >= 'a' && ch <= 'z') ||
			    (ch >= '0' && ch <= '9') || ch == '-' ||
			    ch == '_'))
				break;
		}
		if (i < len || utf8_count(tok, len) > KB_TAG_MAX) {
			*err = N_("Tags may hold only letters, digits, '-' "
			    "and '_', up to 30 characters each.");
			return -1;
		}
		for (i = 0; i < n; i++)
			if (strcmp(seen[i], tok) == 0)
				break;
		if (i < n)
			continue;
		if (n == KB_TAGS_MAX) {
			*err = N_("At most 5 tags.");
			return -1;
		}
		seen[n++] = tok;
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, tok);
	}
	*joined = b.p;
	return 0;
}

/* One thing to fix in field name of f (msgid). */
static void
form_err(struct kb_form *f, const char *name, const char *msgid)
{
	if (f->nerr == KB_FORM_ERRS)
		return;
	f->errf[f->nerr] = name;
	f->errs[f->nerr++] = msgid;
}

/*
 * Checks the form's fields into w (cooked texts, folded search document).
 * Returns 0, 1 when f->errs says what to fix, -1 when the store failed.
 */
static int
form_check(struct req *r, struct kb_form *f, struct kb_write *w)
{
	struct cooked	 qck, bck;
	const char	*err = NULL, *tags = "", *doc;
	size_t		 nt = utf8_count(f->title, strlen(f->title));
	size_t		 nb = utf8_count(f->body, strlen(f->body));
	int64_t		 cat = 0;

	memset(w, 0, sizeof(*w));
	if (nt < KB_TITLE_MIN || nt > KB_TITLE_MAX)
		form_err(f, "title", N_("The title needs 10 to 150 "
		    "characters."));
	if (nb < KB_BODY_MIN || nb > KB_BODY_MAX)
		form_err(f, "body", N_("The article needs 10 to 20,000 "
		    "characters."));
	if (f->cat[0] == '\0')
		form_err(f, "category", N_("Choose a category."));
	else if (store_qa_category_id(r->w->db, f->cat, &cat) == -1)
		return -1;
	else if (cat == 0)
		form_err(f, "category", N_("There is no such category."));
	if (tags_norm(r, f->tags, &tags, &err) == -1)
		form_err(f, "tags", err);
	if (f->nerr > 0)
		return 1;
	/* an alias is saved as its tag, as a question's tags are */
	if (tags[0] != '\0' &&
	    store_tags_canonical(r->w->db, r->a, tags, &tags) == -1)
		return -1;
	if (md_cook(r->a, f->question, strlen(f->question), &qck, NULL) ==
	    -1 || md_cook(r->a, f->body, strlen(f->body), &bck, NULL) == -1)
		return -1;
	w->actor_id = r->sess->user_id;
	w->slug_base = slug_base(r, f->title);
	w->category_id = cat;
	w->tags = tags;
	w->lang = text_lang(f->title);
	w->title = f->title;
	w->question_md = f->question;
	w->question_html = f->question[0] != '\0' ? qck.html : "";
	w->body_md = f->body;
	w->body_html = bck.html;
	doc = arena_printf(r->a, "%s\n%s\n%s\n%s", f->title, tags,
	    f->question, f->body);
	w->search_doc = fold_doc(r->a, doc, strlen(doc));
	return 0;
}

/* A refusal of the store as its page: 1 when answered. */
static int
refused(struct req *r, enum kb_result res)
{
	switch (res) {
	case KB_OK:
	case KB_EXISTS:
		return 0;
	case KB_FORBIDDEN:
		reply_error(r, 403, N_("Only staff can change the knowledge "
		    "base."));
		return 1;
	case KB_NOTFOUND:
		reply_error(r, 404, NULL);
		return 1;
	case KB_STALE:
	default:
		reply_error(r, 409, N_("This changed while you were reading "
		    "it. Open it again to see the current version."));
		return 1;
	}
}

static void
form_main(struct html *w, struct req *r, void *arg)
{
	struct kb_form	*f = arg;
	enum lang	 l = r->lang;
	const char	*errs[KB_FORM_ERRS];
	size_t		 i;

	html_lit(w, "<h1>");
	html_text(w, f->art != NULL ? T(l, "Edit the article") :
	    T(l, "Write a knowledge-base article"));
	html_lit(w, "</h1>\n");
	if (f->art != NULL && f->art->needs_review) {
		html_lit(w, "<p class=\"notice kb-review\">");
		html_text(w, reason_text(l, f->art->review_reason));
		html_lit(w, " ");
		html_text(w, T(l, "Saving your edit marks the article as "
		    "reviewed."));
		html_lit(w, "</p>\n");
	}
	for (i = 0; i < f->nerr; i++)
		errs[i] = i18n_get(l, f->errs[i]);
	qa_errors_html(w, r, errs, f->nerr);
	html_lit(w, "<form method=\"post\" class=\"kb-form\" action=\"");
	if (f->art != NULL) {
		html_lit(w, "/kb/");
		html_attr(w, f->art->slug);
		html_lit(w, "/edit");
	} else
		html_lit(w, "/kb/new");
	html_lit(w, "\">");
	layout_csrf(w, r);
	if (f->art != NULL) {
		html_lit(w, "<input type=\"hidden\" name=\"revision\" value=\"");
		html_int(w, f->revision);
		html_lit(w, "\">");
	}
	html_lit(w, "<p><label for=\"title\">");
	html_text(w, T(l, "Title"));
	html_lit(w, "</label><input id=\"title\" name=\"title\" required "
	    "minlength=\"10\" maxlength=\"150\" value=\"");
	html_attr(w, f->title);
	html_lit(w, "\"></p>\n<p><label for=\"category\">");
	html_text(w, T(l, "Category"));
	html_lit(w, "</label>");
	if (qa_category_select(w, r, f->cat, NULL) == -1)
		return;
	html_lit(w, "</p>\n<p><label for=\"tags\">");
	html_text(w, T(l, "Tags"));
	html_lit(w, "</label><input id=\"tags\" name=\"tags\" maxlength=\"200\" "
	    "aria-describedby=\"tags-hint\" value=\"");
	html_attr(w, f->tags);
	html_lit(w, "\"><span id=\"tags-hint\" class=\"hint\">");
	html_text(w, T(l, "Up to 5, separated by spaces, e.g. usdt 送金"));
	html_lit(w, "</span></p>\n<p><label for=\"question\">");
	html_text(w, T(l, "Question (optional)"));
	html_lit(w, "</label><textarea id=\"question\" name=\"question\" "
	    "rows=\"6\" maxlength=\"20000\">");
	html_text(w, f->question);
	html_lit(w, "</textarea></p>\n<p><label for=\"body\">");
	html_text(w, T(l, "Article"));
	html_lit(w, "</label><textarea id=\"body\" name=\"body\" rows=\"14\" "
	    "required minlength=\"10\" maxlength=\"20000\">");
	html_text(w, f->body);
	html_lit(w, "</textarea></p>\n<p class=\"hint\">");
	html_text(w, T(l, "Markdown: **bold**, `code`, lists, links. Never "
	    "post passwords, recovery phrases or private keys: staff will "
	    "never ask for them."));
	html_lit(w, "</p>\n<p><button type=\"submit\" class=\"btn\">");
	html_text(w, f->art != NULL ? T(l, "Save the article") :
	    T(l, "Publish the article"));
	html_lit(w, "</button></p></form>\n");
}

void
page_kb_new_form(struct req *r)
{
	struct kb_form	 f;

	memset(&f, 0, sizeof(f));
	f.title = f.cat = f.tags = f.question = f.body = "";
	layout_page(r, 200, T(r->lang, "Write a knowledge-base article"),
	    form_main, &f);
}

void
kb_form_read(struct req *r, struct kb_form *f, int keep)
{
	const struct kb_article	*k = keep ? f->art : NULL;

#define KB_F(i, own)	(r->f[i].present ? r->f[i].s : k != NULL ? (own) : "")
	f->title = KB_F(F_KBW_TITLE, k->title);
	f->cat = KB_F(F_KBW_CAT, k->cat_slug);
	f->tags = KB_F(F_KBW_TAGS, k->tags);
	f->question = KB_F(F_KBW_QUESTION, k->question_md);
	f->body = KB_F(F_KBW_BODY, k->body_md);
#undef KB_F
	f->revision = r->f[F_KBW_REV].present ? r->f[F_KBW_REV].i : 0;
}

int
kb_create(struct req *r, struct kb_form *f, const char **slug)
{
	struct kb_write	 kw;
	enum kb_result	 res;
	int		 rc;

	if ((rc = form_check(r, f, &kw)) != 0)
		return rc;
	if (store_kb_create(r->w->db, r->a, &kw, &res, slug) == -1 ||
	    refused(r, res))
		return -1;
	pcache_invalidate(r->w->cache);
	return 0;
}

void
page_kb_new(struct req *r)
{
	struct kb_form	 f;
	const char	*slug;
	int		 rc;

	memset(&f, 0, sizeof(f));
	kb_form_read(r, &f, 0);
	if ((rc = kb_create(r, &f, &slug)) == -1)
		return;
	if (rc == 1) {
		layout_page(r, 400, T(r->lang, "Write a knowledge-base "
		    "article"), form_main, &f);
		return;
	}
	reply_redirect(r, arena_printf(r->a, "/kb/%s", slug));
}

void
page_kb_edit_form(struct req *r)
{
	struct kb_form		 f;
	struct kb_article	*k;

	if ((k = kb_load(r)) == NULL)
		return;
	memset(&f, 0, sizeof(f));
	f.art = k;
	f.title = k->title;
	f.cat = k->cat_slug;
	f.tags = k->tags;
	f.question = k->question_md;
	f.body = k->body_md;
	f.revision = k->revision;
	layout_page(r, 200, T(r->lang, "Edit the article"), form_main, &f);
}

int
kb_save(struct req *r, struct kb_form *f)
{
	struct kb_write	 kw;
	enum kb_result	 res;
	int		 rc;

	if ((rc = form_check(r, f, &kw)) != 0)
		return rc;
	kw.article_id = f->art->id;
	kw.expect_revision = f->revision;
	if (store_kb_edit(r->w->db, r->a, &kw, &res) == -1)
		return -1;
	if (res == KB_STALE)
		return 2;
	if (refused(r, res))
		return -1;
	pcache_invalidate(r->w->cache);
	return 0;
}

void
page_kb_edit(struct req *r)
{
	struct kb_form		 f;
	struct kb_article	*k;
	int			 rc;

	if ((k = kb_load(r)) == NULL)
		return;
	memset(&f, 0, sizeof(f));
	f.art = k;
	kb_form_read(r, &f, 0);
	if ((rc = kb_save(r, &f)) == -1)
		return;
	if (rc == 1) {
		layout_page(r, 400, T(r->lang, "Edit the article"), form_main,
		    &f);
		return;
	}
	if (rc == 2) {
		refused(r, KB_STALE);
		return;
	}
	reply_redirect(r, arena_printf(r->a, "/kb/%s", k->slug));
}

/* The list: one page of articles, grouped under their category. */
static void
list_main(struct html *w, struct req *r, void *arg)
{
	struct kb_list_data	*d = arg;
	enum lang		 l = r->lang;
	static const char *const sorts[KB_SORT__MAX] = { "category",
	    "newest", "helpful" };
	const char		*labels[KB_SORT__MAX];
	const char		*lastcat = NULL;
	size_t			 i;
	int			 s;

	labels[KB_SORT_CATEGORY] = T(l, "By category");
	labels[KB_SORT_NEWEST] = T(l, "Newest");
	labels[KB_SORT_HELPFUL] = T(l, "Most helpful");
	html_lit(w, "<h1>");
	html_text(w, T(l, "Knowledge base"));
	html_lit(w, "</h1>\n<p class=\"hint\">");
	html_text(w, T(l, "Answers checked by staff, from solved questions "
	    "and written by the support team. Search them before you ask."));
	html_lit(w, "</p>\n");
	if (qa_is_staff(r)) {
		html_lit(w, "<p><a class=\"btn\" href=\"/kb/new\">");
		html_text(w, T(l, "Write an article"));
		html_lit(w, "</a></p>\n");
	}
	html_lit(w, "<nav class=\"kb-sort\" aria-label=\"");
	html_attr(w, T(l, "Order"));
	html_lit(w, "\"><ul class=\"filters\">");
	for (s = 0; s < KB_SORT__MAX; s++) {
		html_lit(w, "<li><a href=\"/kb?sort=");
		html_attr(w, sorts[s]);
		html_lit(w, "\"");
		if ((int)d->sort == s)
			html_lit(w, " aria-current=\"page\"");
		html_lit(w, ">");
		html_text(w, labels[s]);
		html_lit(w, "</a></li>");
	}
	html_lit(w, "</ul></nav>\n");
	if (d->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No articles yet."));
		html_lit(w, "</p>\n");
		return;
	}
	for (i = 0; i < d->n; i++) {
		const struct kb_article	*k = &d->k[i];

		if (d->sort == KB_SORT_CATEGORY && (lastcat == NULL ||
		    strcmp(lastcat, k->cat_slug) != 0)) {
			if (lastcat != NULL)
				html_lit(w, "</ul>\n");
			html_lit(w, "<h2 id=\"kb-");
			html_attr(w, k->cat_slug);
			html_lit(w, "\"><a href=\"/c/");
			html_url(w, k->cat_slug);
			html_lit(w, "\">");
			html_text(w, k->cat_name[l]);
			html_lit(w, "</a></h2>\n<ul class=\"kb-list\">");
			lastcat = k->cat_slug;
		} else if (i == 0)
			html_lit(w, "<ul class=\"kb-list\">");
		html_lit(w, "<li><a class=\"kb-title\" href=\"/kb/");
		html_attr(w, k->slug);
		html_lit(w, "\">");
		html_text(w, k->title);
		html_lit(w, "</a> <span class=\"meta\">");
		if (d->sort != KB_SORT_CATEGORY) {
			html_text(w, k->cat_name[l]);
			html_lit(w, " · ");
		}
		widget_time(w, l, k->updated);
		if (k->yes > 0) {
			html_lit(w, " · ");
			html_text(w, arena_printf(r->a, T(l, "%lld found it "
			    "helpful"), (long long)k->yes));
		}
		html_lit(w, "</span>");
		qa_tags_html(w, k->tags);
		html_lit(w, "</li>\n");
	}
	html_lit(w, "</ul>\n");
	widget_pager(w, l, arena_printf(r->a, "/kb?sort=%s", sorts[d->sort]),
	    d->page, d->has_next);
}

void
page_kb_list(struct req *r)
{
	struct kb_list_data	 d;

	memset(&d, 0, sizeof(d));
	d.sort = r->f[F_KBL_SORT].present ? (enum kb_sort)r->f[F_KBL_SORT].i :
	    KB_SORT_CATEGORY;
	d.cat = r->f[F_KBL_CAT].present ? r->f[F_KBL_CAT].s : "";
	d.tag = r->f[F_KBL_TAG].present ? r->f[F_KBL_TAG].s : "";
	d.page = r->f[F_KBL_PAGE].present ? r->f[F_KBL_PAGE].i : 1;
	if (store_kb_list(r->w->db, r->a, d.sort, d.cat, d.tag,
	    KB_PER_PAGE + 1, (int)((d.page - 1) * KB_PER_PAGE), &d.k,
	    &d.n) == -1)
		return;
	if (d.n > KB_PER_PAGE) {
		d.n = KB_PER_PAGE;
		d.has_next = 1;
	}
	layout_page(r, 200, T(r->lang, "Knowledge base"), list_main, &d);
}

/* Why an article needs a review, for staff. */
static const char *
reason_text(enum lang l, const char *why)
{
	if (strcmp(why, "edited") == 0)
		return T(l, "Needs review: the answer it was built from was "
		    "edited.");
	if (strcmp(why, "unverified") == 0)
		return T(l, "Needs review: the answer it was built from is no "
		    "longer staff-verified.");
	if (strcmp(why, "removed") == 0)
		return T(l, "Needs review: a post it was built from was "
		    "removed. The article is hidden from the public until "
		    "you edit it.");
	if (strcmp(why, "redacted") == 0)
		return T(l, "Needs review: a post it was built from was "
		    "redacted by a moderator. The article is hidden from the "
		    "public until you edit it.");
	if (strcmp(why, "hidden") == 0 || strcmp(why, "held") == 0)
		return T(l, "Needs review: a post it was built from is hidden "
		    "or held. The article is hidden from the public until you "
		    "edit it.");
	return T(l, "Needs review: a post it was built from changed.");
}

/* For staff: the review flag, with "confirm" when still shown. */
static void
review_box(struct html *w, struct req *r, const struct kb_article *k)
{
	enum lang	 l = r->lang;

	if (!qa_is_staff(r))
		return;
	html_lit(w, "<div class=\"kb-staff\">");
	if (k->needs_review) {
		html_lit(w, "<p class=\"notice kb-review\" role=\"status\">");
		html_text(w, reason_text(l, k->review_reason));
		html_lit(w, "</p>");
		if (!k->withheld) {
			html_lit(w, "<form method=\"post\" class=\"inline\" "
			    "action=\"/kb/");
			html_attr(w, k->slug);
			html_lit(w, "/review\">");
			layout_csrf(w, r);
			html_lit(w, "<input type=\"hidden\" name=\"revision\" "
			    "value=\"");
			html_int(w, k->revision);
			html_lit(w, "\"><button type=\"submit\" class=\"btn\">");
			html_text(w, T(l, "Still correct: mark as reviewed"));
			html_lit(w, "</button></form> ");
		}
	}
	html_lit(w, "<a class=\"btn\" href=\"/kb/");
	html_attr(w, k->slug);
	html_lit(w, "/edit\">");
	html_text(w, T(l, "Edit the article"));
	html_lit(w, "</a></div>\n");
}

static void
helpful_box(struct html *w, struct req *r, const struct kb_article *k)
{
	enum lang	 l = r->lang;

	html_lit(w, "<section class=\"kb-helpful\" id=\"helpful\" "
	    "aria-labelledby=\"helpful-h\"><h2 id=\"helpful-h\">");
	html_text(w, T(l, "Was this helpful?"));
	html_lit(w, "</h2>");
	if (r->f[F_KBA_VOTED].present) {
		html_lit(w, "<p role=\"status\">");
		html_text(w, T(l, "Thank you: your answer was counted."));
		html_lit(w, "</p>");
	}
	html_lit(w, "<form method=\"post\" class=\"inline\" action=\"/kb/");
	html_attr(w, k->slug);
	html_lit(w, "/helpful\">");
	layout_csrf(w, r);
	html_lit(w, "<button type=\"submit\" class=\"btn\" name=\"helpful\" "
	    "value=\"1\">");
	html_text(w, T(l, "Yes"));
	html_lit(w, "</button> <button type=\"submit\" class=\"btn\" "
	    "name=\"helpful\" value=\"0\">");
	html_text(w, T(l, "No"));
	html_lit(w, "</button></form> <span class=\"meta kb-votes\">");
	html_text(w, arena_printf(r->a, T(l, "%lld yes, %lld no"),
	    (long long)k->yes, (long long)k->no));
	html_lit(w, "</span></section>\n");
}

static void
article_main(struct html *w, struct req *r, void *arg)
{
	struct kb_article	*k = arg;
	enum lang		 l = r->lang;
	struct cooked		 ck;

	html_lit(w, "<article class=\"kb-article\" lang=\"");
	html_attr(w, k->lang);
	html_lit(w, "\"><p class=\"crumbs\"><a href=\"/kb\">");
	html_text(w, T(l, "Knowledge base"));
	html_lit(w, "</a> › <a href=\"/kb?sort=category#kb-");
	html_attr(w, k->cat_slug);
	html_lit(w, "\">");
	html_text(w, k->cat_name[l]);
	html_lit(w, "</a></p>\n<h1>");
	html_text(w, k->title);
	html_lit(w, "</h1>\n<p class=\"meta\">");
	html_text(w, T(l, "Updated"));
	html_lit(w, " ");
	widget_time(w, l, k->updated);
	html_lit(w, " · ");
	widget_user(w, l, k->author, k->author_role, k->author_id);
	html_lit(w, "</p>\n");
	qa_tags_html(w, k->tags);
	if (k->withheld) {
		html_lit(w, "<p class=\"notice\">");
		html_text(w, T(l, "Only staff see this article now."));
		html_lit(w, "</p>\n");
	}
	review_box(w, r, k);
	if (k->question_html[0] != '\0') {
		html_lit(w, "<section class=\"kb-question\"><h2>");
		html_text(w, T(l, "Question"));
		html_lit(w, "</h2><div class=\"post-body\">");
		ck.html = k->question_html;
		ck.len = strlen(k->question_html);
		html_cooked(w, &ck);
		html_lit(w, "</div></section>\n<section class=\"kb-answer\"><h2>");
		html_text(w, T(l, "Answer"));
		html_lit(w, "</h2>");
	} else
		html_lit(w, "<section class=\"kb-answer\">");
	html_lit(w, "<div class=\"post-body\">");
	ck.html = k->body_html;
	ck.len = strlen(k->body_html);
	html_cooked(w, &ck);
	html_lit(w, "</div></section>\n");
	if (k->source_thread != 0) {
		html_lit(w, "<p class=\"kb-source\"><a href=\"/t/");
		html_int(w, k->source_thread);
		if (k->source_answer != 0) {
			html_lit(w, "#p");
			html_int(w, k->source_answer);
		}
		html_lit(w, "\">");
		html_text(w, T(l, "From the forum: read the whole thread"));
		html_lit(w, "</a></p>\n");
	}
	html_lit(w, "<p><a href=\"/kb/");
	html_attr(w, k->slug);
	html_lit(w, "/history\" rel=\"nofollow\">");
	html_text(w, T(l, "History of this article"));
	html_lit(w, "</a></p>\n</article>\n");
	helpful_box(w, r, k);
	seo_kb_jsonld(w, r, k);
}

void
page_kb_article(struct req *r)
{
	struct kb_article	*k;

	if ((k = kb_load(r)) == NULL)
		return;
	layout_page(r, 200, k->title, article_main, k);
}

static void
hist_main(struct html *w, struct req *r, void *arg)
{
	struct kb_hist_data	*d = arg;
	enum lang		 l = r->lang;
	const char		*prev = NULL, *cur;
	size_t			 i;

	html_lit(w, "<h1>");
	html_text(w, T(l, "History of this article"));
	html_lit(w, "</h1>\n<p><a href=\"/kb/");
	html_attr(w, d->art->slug);
	html_lit(w, "\">");
	html_text(w, d->art->title);
	html_lit(w, "</a></p>\n<ol class=\"history\" reversed>");
	for (i = d->n; i-- > 0;) {
		const struct kb_revision *v = &d->v[i];

		html_lit(w, "<li id=\"r");
		html_int(w, v->revision);
		html_lit(w, "\"><p class=\"meta\">");
		html_text(w, arena_printf(r->a, T(l, "Revision %lld"),
		    (long long)v->revision));
		html_lit(w, " · ");
		html_text(w, strcmp(v->note, "promoted") == 0 ?
		    T(l, "promoted from the forum") :
		    strcmp(v->note, "written") == 0 ? T(l, "written") :
		    T(l, "edited"));
		html_lit(w, " · ");
		widget_user(w, l, v->editor, v->editor_role, v->editor_id);
		html_lit(w, " · ");
		widget_time(w, l, v->created);
		html_lit(w, "</p>");
		if (v->withheld) {
			html_lit(w, "<p class=\"redacted\">");
			html_text(w, T(l, "This revision held text from a post "
			    "that was later removed or redacted; it is no "
			    "longer shown."));
			html_lit(w, "</p></li>\n");
			continue;
		}
		cur = arena_printf(r->a, "# %s\n\n%s\n\n%s", v->title,
		    v->question_md, v->body_md);
		/* each against the revision before it, if that is shown */
		prev = NULL;
		if (i > 0 && !d->v[i - 1].withheld)
			prev = arena_printf(r->a, "# %s\n\n%s\n\n%s",
			    d->v[i - 1].title, d->v[i - 1].question_md,
			    d->v[i - 1].body_md);
		qa_diff_html(w, r, prev != NULL ? prev : "", cur);
		html_lit(w, "</li>\n");
	}
	html_lit(w, "</ol>\n");
}

void
page_kb_history(struct req *r)
{
	struct kb_hist_data	 d;

	memset(&d, 0, sizeof(d));
	if ((d.art = kb_load(r)) == NULL)
		return;
	if (store_kb_revisions(r->w->db, r->a, d.art->id, &d.v, &d.n) == -1)
		return;
	layout_page(r, 200, T(r->lang, "History of this article"), hist_main,
	    &d);
}

int
kb_vote(struct req *r, const struct kb_article *k, int helpful)
{
	int	found;

	if (store_kb_vote(r->w->db, r->a, k->id, r->sess != NULL ?
	    arena_printf(r->a, "u:%lld", (long long)r->sess->user_id) : "",
	    r->csrf != NULL ? r->csrf : "", helpful, &found) == -1)
		return -1;
	if (!found) {
		reply_error(r, 404, NULL);
		return -1;
	}
	return 0;
}

void
page_kb_helpful(struct req *r)
{
	struct kb_article	*k;

	if ((k = kb_load(r)) == NULL ||
	    kb_vote(r, k, r->f[F_KBH_HELPFUL].i != 0) == -1)
		return;
	reply_redirect(r, arena_printf(r->a, "/kb/%s?voted=1#helpful",
	    k->slug));
}

int
kb_confirm(struct req *r, const struct kb_article *k, int64_t revision)
{
	enum kb_result	 res;

	if (k->withheld) {
		reply_error(r, 409, N_("A post this article was built from "
		    "was removed or redacted: edit the article instead."));
		return -1;
	}
	if (store_kb_confirm(r->w->db, r->a, r->sess->user_id, k->id,
	    revision, &res) == -1)
		return -1;
	if (res == KB_STALE)
		return 2;
	return refused(r, res) ? -1 : 0;
}

void
page_kb_confirm(struct req *r)
{
	struct kb_article	*k;
	int			 rc;

	if ((k = kb_load(r)) == NULL ||
	    (rc = kb_confirm(r, k, r->f[F_KBC_REV].i)) == -1)
		return;
	if (rc == 2) {
		refused(r, KB_STALE);
		return;
	}
	reply_redirect(r, arena_printf(r->a, "/kb/%s", k->slug));
}

int
kb_promote(struct req *r, int64_t tid, const char **slug, int *created)
{
	struct kb_source	*src;
	struct kb_form		 f;
	struct kb_write		 kw;
	enum kb_result		 res;
	int			 rc;

	*created = 0;
	if (tid == 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_kb_source(r->w->db, r->a, tid, &src) == -1)
		return -1;
	if (src == NULL) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (src->existing[0] != '\0') {
		*slug = src->existing;
		return 0;
	}
	if (src->answer_id == 0) {
		reply_error(r, 409, N_("Only a thread with an official or a "
		    "staff-verified answer can become an article."));
		return -1;
	}
	memset(&f, 0, sizeof(f));
	f.title = src->title;
	f.cat = src->cat_slug;
	f.tags = src->tags;
	f.question = src->question_md;
	f.body = src->answer_md;
	if ((rc = form_check(r, &f, &kw)) == -1)
		return -1;
	if (rc == 1) {
		reply_error_detail(r, 409, N_("This thread cannot become an "
		    "article as it is:"), i18n_get(r->lang, f.errs[0]));
		return -1;
	}
	kw.category_id = src->category_id;
	kw.lang = src->lang;
	kw.src = src;
	if (store_kb_create(r->w->db, r->a, &kw, &res, slug) == -1)
		return -1;
	if (res == KB_EXISTS) {
		if (store_kb_source(r->w->db, r->a, tid, &src) == -1)
			return -1;
		if (src != NULL && src->existing[0] != '\0') {
			*slug = src->existing;
			return 0;
		}
		res = KB_STALE;
	}
	if (refused(r, res))
		return -1;
	pcache_invalidate(r->w->cache);
	*created = 1;
	return 0;
}

void
page_kb_promote(struct req *r)
{
	const char	*slug;
	int		 created;

	if (kb_promote(r, qa_param_id(r->param[0]), &slug, &created) == -1)
		return;
	reply_redirect(r, arena_printf(r->a, "/kb/%s", slug));
}

void
api_kb_solved(struct req *r)
{
	struct kb_article	*k = NULL;
	const char		*s;
	int			 found, added;
	json_t			*o;
	char			*js;

	if ((s = slug_param(r)) == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_kb_get(r->w->db, r->a, s, 0, &k) == -1)
		return;
	if (k == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_kb_solved(r->w->db, r->a, k->id, r->sess->user_id, &found,
	    &added) == -1)
		return;
	if (!found) {
		reply_error(r, 404, NULL);
		return;
	}
	o = json_pack("{s:b, s:s}", "counted", added, "message",
	    T(r->lang, "Glad it helped. You do not need to post your "
	    "question."));
	js = json_dumps(o, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, js ? js : "{}"));
	free(js);
	json_decref(o);
}

/* For staff, under a thread with an official or verified answer. */
void
kb_promote_box(struct html *w, struct req *r, const struct qa_thread *t)
{
	enum lang	 l = r->lang;

	if (!qa_is_staff(r) || !t->visible || !(t->has_official ||
	    t->has_verified))
		return;
	html_lit(w, "<section class=\"kb-promote\"><form method=\"post\" "
	    "action=\"/t/");
	html_int(w, t->id);
	html_lit(w, "/promote\">");
	layout_csrf(w, r);
	html_lit(w, "<button type=\"submit\" class=\"btn\">");
	html_text(w, T(l, "Promote to the knowledge base"));
	html_lit(w, "</button> <span class=\"hint\">");
	html_text(w, T(l, "The question and its official or staff-verified "
	    "answer, as the public sees them now, become an article."));
	html_lit(w, "</span></form></section>\n");
}

int
kb_similar(struct req *r, const char *q, int limit, struct kb_hit **out,
    size_t *n)
{
	struct fold_query	 fq;
	struct kb_hit		*h, *all;
	size_t			 nh, i, j;
	int			 pass;

	*n = 0;
	*out = all = arena_calloc(r->a, (size_t)limit + 1, sizeof(*all));
	for (pass = 0; pass < 2 && *n < (size_t)limit; pass++) {
		if (fold_query(r->a, q, strlen(q), pass, &fq) == -1)
			return 0;
		if (pass == 1 && fq.nreq < 2)
			break;
		if (store_kb_search(r->w->db, r->a, fq.match, fq.rank, limit,
		    &h, &nh) == -1)
			return -1;
		for (i = 0; i < nh && *n < (size_t)limit; i++) {
			for (j = 0; j < *n; j++)
				if (strcmp(all[j].slug, h[i].slug) == 0)
					break;
			if (j == *n)
				all[(*n)++] = h[i];
		}
	}
	return 0;
}

/* /staff/desk: the articles whose source changed, oldest first. */
void
kb_desk_review(struct html *w, struct req *r)
{
	struct kb_review	*v;
	enum lang		 l = r->lang;
	size_t			 n, i;

	if (store_kb_review_list(r->w->db, r->a, 50, &v, &n) == -1)
		return;
	html_lit(w, "<section class=\"desk-kb\" id=\"kb-review\" "
	    "aria-labelledby=\"kb-review-h\"><h2 id=\"kb-review-h\">");
	html_text(w, T(l, "Knowledge base: articles to review"));
	html_lit(w, " (");
	html_int(w, (int64_t)n);
	html_lit(w, ")</h2>\n");
	if (n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No article needs a review."));
		html_lit(w, "</p></section>\n");
		return;
	}
	html_lit(w, "<ul class=\"kb-review-list\">");
	for (i = 0; i < n; i++) {
		html_lit(w, "<li><a href=\"/kb/");
		html_attr(w, v[i].slug);
		html_lit(w, "\">");
		html_text(w, v[i].title);
		html_lit(w, "</a> <span class=\"meta\">");
		html_text(w, reason_text(l, v[i].reason));
		html_lit(w, " ");
		widget_time(w, l, v[i].since);
		html_lit(w, "</span></li>\n");
	}
	html_lit(w, "</ul></section>\n");
}
