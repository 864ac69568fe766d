/* pages/ask.c: ask a question, edit a post, revision history, preview and similar-thread JSON */
/*
 * Forms declare loose field limits (UTF-8, no NUL, an upper bound) so that
 * a title of 9 characters or a rejected tag brings the form back with the
 * reasons and everything typed, instead of a bare 400 page.  The precise
 * rules (title 10..150, body 10..20,000, at most 5 tags) are checked here
 * and in the JSON API through the same qa_* helpers.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "acct/acct.h"
#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "post/post.h"
#include "pages/upload.h"
#include "store/kb.h"
#include "store/store.h"
#include "text/diff.h"
#include "text/fold.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/md.h"
#include "view/widgets.h"

struct ask_data {
	const char	*title;
	const char	*body;
	const char	*tags;
	const char	*cat;
	const char	**errs;
	size_t		 nerr;
};

struct edit_data {
	struct qa_post		*p;
	struct qa_thread	*t;
	const char		*title;
	const char		*body;
	const char		*tags;
	const char		**errs;
	size_t			 nerr;
};

struct hist_data {
	struct qa_post		*p;
	struct qa_thread	*t;
	struct qa_revision	*v;
	size_t			 n;
};

static void	 ask_main(struct html *, struct req *, void *);
static void	 edit_main(struct html *, struct req *, void *);
static void	 hist_main(struct html *, struct req *, void *);
static void	 body_field(struct html *, struct req *, const char *label,
		    const char *body);
static void	 title_tags_fields(struct html *, struct req *,
		    const char *title, const char *tags);
static int	 edit_load(struct req *, struct edit_data *);
static int64_t	 post_param(struct req *);

static int64_t
post_param(struct req *r)
{
	char	*e;
	long long v;

	if (r->param[0] == NULL)
		return 0;
	v = strtoll(r->param[0], &e, 10);
	return *e == '\0' && v > 0 ? (int64_t)v : 0;
}

static void
title_tags_fields(struct html *w, struct req *r, const char *title,
    const char *tags)
{
	enum lang	 l = r->lang;

	html_lit(w, "<p><label for=\"title\">");
	html_text(w, T(l, "Title"));
	html_lit(w, "</label><input id=\"title\" name=\"title\" required "
	    "minlength=\"10\" maxlength=\"150\" autocomplete=\"off\" "
	    "data-similar=\"similar\" aria-describedby=\"title-hint\" value=\"");
	html_attr(w, title ? title : "");
	html_lit(w, "\"><span id=\"title-hint\" class=\"hint\">");
	html_text(w, T(l, "10 to 150 characters. Say what you need in one "
	    "sentence."));
	html_lit(w, "</span></p><div id=\"similar\" class=\"similar\" "
	    "aria-live=\"polite\" data-label=\"");
	html_attr(w, T(l, "Similar questions: maybe yours is answered "
	    "already"));
	html_lit(w, "\" data-official=\"");
	html_attr(w, T(l, "Official answer"));
	html_lit(w, "\" data-verified=\"");
	html_attr(w, T(l, "Staff-verified"));
	html_lit(w, "\" data-accepted=\"");
	html_attr(w, T(l, "Solved"));
	html_lit(w, "\" data-kb=\"");
	html_attr(w, T(l, "From the knowledge base"));
	html_lit(w, "\" data-kb-solved=\"");
	html_attr(w, T(l, "This solved it"));
	html_lit(w, "\" hidden></div>\n<p><label for=\"tags\">");
	html_text(w, T(l, "Tags"));
	html_lit(w, "</label><input id=\"tags\" name=\"tags\" maxlength=\"200\" "
	    "aria-describedby=\"tags-hint\" value=\"");
	html_attr(w, tags ? tags : "");
	html_lit(w, "\"><span id=\"tags-hint\" class=\"hint\">");
	html_text(w, T(l, "Up to 5, separated by spaces, e.g. usdt 送金"));
	html_lit(w, "</span></p>\n");
}

static void
body_field(struct html *w, struct req *r, const char *label, const char *body)
{
	html_lit(w, "<p><label for=\"body\">");
	html_text(w, label);
	html_lit(w, "</label><textarea id=\"body\" name=\"body\" rows=\"12\" "
	    "required minlength=\"10\" maxlength=\"20000\" "
	    "data-preview=\"preview\">");
	html_text(w, body ? body : "");
	html_lit(w, "</textarea></p>");
	upload_editor_html(w, r, "body");	/* pictures (pages/upload.c) */
	html_lit(w, "<div id=\"preview\" class=\"preview\" "
	    "aria-live=\"polite\" data-label=\"");
	html_attr(w, T(r->lang, "Preview"));
	html_lit(w, "\" hidden></div>\n<p class=\"hint\">");
	html_text(w, T(r->lang, "Markdown: **bold**, `code`, lists, links. "
	    "Never post passwords, recovery phrases or private keys: staff "
	    "will never ask for them."));
	html_lit(w, "</p>\n");
}

static void
ask_main(struct html *w, struct req *r, void *arg)
{
	struct ask_data	*d = arg;
	enum lang	 l = r->lang;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Ask a question"));
	html_lit(w, "</h1>\n");
	qa_errors_html(w, r, d->errs, d->nerr);
	html_lit(w, "<form method=\"post\" action=\"/ask\" class=\"post-form\" "
	    "data-draft=\"ask\">");
	layout_csrf(w, r);
	title_tags_fields(w, r, d->title, d->tags);
	html_lit(w, "<p><label for=\"category\">");
	html_text(w, T(l, "Category"));
	html_lit(w, "</label>");
	if (qa_category_select(w, r, d->cat, NULL) == -1)
		html_lit(w, "<input name=\"category\" required>");
	html_lit(w, "</p>\n");
	body_field(w, r, T(l, "Details (Markdown)"), d->body);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Post your question"));
	html_lit(w, "</button></form>\n");
}

void
page_ask_form(struct req *r)
{
	struct ask_data	 d;

	memset(&d, 0, sizeof(d));
	d.cat = r->f[F_ASK_CAT].present ? r->f[F_ASK_CAT].s : NULL;
	layout_page(r, 200, T(r->lang, "Ask a question"), ask_main, &d);
}

void
page_ask(struct req *r)
{
	struct ask_data		 d;
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_ask_in	 in;
	struct post_result	 res;

	memset(&d, 0, sizeof(d));
	d.title = r->f[F_ASK_TITLE].present ? r->f[F_ASK_TITLE].s : "";
	d.body = r->f[F_ASK_BODY].present ? r->f[F_ASK_BODY].s : "";
	d.tags = r->f[F_ASK_TAGS].present ? r->f[F_ASK_TAGS].s : "";
	d.cat = r->f[F_ASK_CAT].present ? r->f[F_ASK_CAT].s : "";
	in.title = d.title;
	in.body = d.body;
	in.tags = d.tags;
	in.category = d.cat;
	qa_post_ctx(r, &c, &by);
	post_ask(&c, &in, &res);
	if (qa_post_failed(r, &res))
		return;
	if (res.err != POST_OK) {
		d.errs = res.errs;
		d.nerr = res.nerr;
		layout_page(r, 422, T(r->lang, "Ask a question"), ask_main, &d);
		return;
	}
	qa_post_done(r, &res);
	/* The thread says it is posted (or waiting for review). */
	reply_redirect(r, arena_printf(r->a, "/t/%lld?posted=%s",
	    (long long)res.thread_id, res.state == PS_VISIBLE ? "question" :
	    "held"));
}

/* The post, its thread, and whether r's user may edit; 0 or -1 after replying. */
static int
edit_load(struct req *r, struct edit_data *d)
{
	struct post_ctx		 c;
	struct post_actor	 by;

	if (store_qa_post(r->w->db, r->a, post_param(r), &d->p) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (d->p == NULL) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_qa_thread(r->w->db, r->a, d->p->thread_id, &d->t) == -1 ||
	    d->t == NULL) {
		reply_error(r, 503, NULL);
		return -1;
	}
	qa_post_ctx(r, &c, &by);
	if (!post_visible_to(&by, d->p->state,
	    d->p->author_id)) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (d->t->status == TS_LOCKED && !qa_is_mod(r)) {
		reply_error(r, 403, N_("This thread is locked."));
		return -1;
	}
	if (!post_may_edit(&by, d->p->author_id, d->p->author_role,
	    d->p->kind)) {
		reply_error(r, 403, d->p->author_role != ROLE_USER ||
		    d->p->kind == PK_OFFICIAL ?
		    N_("Posts by staff can be changed only by staff.") :
		    N_("Editing other people's posts needs trust level 2."));
		return -1;
	}
	return 0;
}

static void
edit_main(struct html *w, struct req *r, void *arg)
{
	struct edit_data	*d = arg;
	enum lang		 l = r->lang;
	int			 q = d->p->kind == PK_QUESTION;

	html_lit(w, "<nav class=\"crumbs\"><a href=\"/t/");
	html_int(w, d->t->id);
	html_lit(w, "\">");
	html_text(w, d->t->title);
	html_lit(w, "</a></nav><h1>");
	html_text(w, q ? T(l, "Edit the question") : T(l, "Edit the answer"));
	html_lit(w, "</h1>\n");
	if ((d->p->verified_by || d->p->kind == PK_OFFICIAL) &&
	    !qa_is_staff(r)) {
		html_lit(w, "<p class=\"notice\" role=\"note\">");
		html_text(w, T(l, "This answer is official or staff-verified. "
		    "If you change it, the verification is removed and staff "
		    "are told, until they check it again."));
		html_lit(w, "</p>\n");
	}
	qa_errors_html(w, r, d->errs, d->nerr);
	html_lit(w, "<form method=\"post\" class=\"post-form\" action=\"/p/");
	html_int(w, d->p->id);
	html_lit(w, "/edit\">");
	layout_csrf(w, r);
	if (q)
		title_tags_fields(w, r, d->title, d->tags);
	body_field(w, r, T(l, "Text (Markdown)"), d->body);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Save changes"));
	html_lit(w, "</button></form>\n");
}

void
page_edit_form(struct req *r)
{
	struct edit_data	 d;

	memset(&d, 0, sizeof(d));
	if (edit_load(r, &d) == -1)
		return;
	d.title = d.t->title;
	d.tags = d.t->tags;
	d.body = d.p->body_md;
	layout_page(r, 200, T(r->lang, "Edit"), edit_main, &d);
}

void
page_edit(struct req *r)
{
	struct edit_data	 d;
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;
	int			 q;

	memset(&d, 0, sizeof(d));
	if (edit_load(r, &d) == -1)
		return;
	q = d.p->kind == PK_QUESTION;
	d.title = r->f[F_EDIT_TITLE].present ? r->f[F_EDIT_TITLE].s : d.t->title;
	d.tags = r->f[F_EDIT_TAGS].present ? r->f[F_EDIT_TAGS].s : d.t->tags;
	d.body = r->f[F_EDIT_BODY].present ? r->f[F_EDIT_BODY].s : "";
	qa_post_ctx(r, &c, &by);
	post_edit(&c, d.p->id, q ? d.title : NULL, q ? d.tags : NULL, d.body,
	    &res);
	if (res.err == POST_E_BLOCKED || res.err == POST_E_INVALID ||
	    res.err == POST_E_SECRET || res.err == POST_E_STALE) {
		d.errs = res.errs;
		d.nerr = res.nerr;
		if (res.msg != NULL) {
			d.errs = arena_calloc(r->a, 2, sizeof(char *));
			d.errs[0] = i18n_get(r->lang, res.msg);
			d.nerr = 1;
		}
		layout_page(r, res.err == POST_E_BLOCKED ||
		    res.err == POST_E_INVALID ? 422 : 409, T(r->lang, "Edit"),
		    edit_main, &d);
		return;
	}
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	reply_redirect(r, arena_printf(r->a, "/t/%lld#p%lld",
	    (long long)d.t->id, (long long)d.p->id));
}

/* A revision's change as a line diff (a post's history; the knowledge base's). */
void
qa_diff_html(struct html *w, struct req *r, const char *old, const char *new)
{
	struct diff_line	*dl;
	size_t			 n, i;

	if (diff_lines(r->a, old, new, &dl, &n) == -1) {
		html_lit(w, "<pre class=\"diff\"><del>");
		html_text(w, old);
		html_lit(w, "</del>\n<ins>");
		html_text(w, new);
		html_lit(w, "</ins></pre>");
		return;
	}
	html_lit(w, "<pre class=\"diff\">");
	for (i = 0; i < n; i++) {
		switch (dl[i].op) {
		case DIFF_DEL:
			html_lit(w, "<del>- ");
			html_textn(w, dl[i].text, dl[i].len);
			html_lit(w, "</del>\n");
			break;
		case DIFF_ADD:
			html_lit(w, "<ins>+ ");
			html_textn(w, dl[i].text, dl[i].len);
			html_lit(w, "</ins>\n");
			break;
		default:
			html_lit(w, "  ");
			html_textn(w, dl[i].text, dl[i].len);
			html_lit(w, "\n");
			break;
		}
	}
	html_lit(w, "</pre>");
}

static void
hist_main(struct html *w, struct req *r, void *arg)
{
	struct hist_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<nav class=\"crumbs\"><a href=\"/t/");
	html_int(w, d->t->id);
	html_lit(w, "\">");
	html_text(w, d->t->title);
	html_lit(w, "</a></nav><h1>");
	html_text(w, T(l, "Revision history"));
	html_lit(w, "</h1>\n<p class=\"lead\">");
	html_text(w, T(l, "Red lines were removed, green lines were added."));
	html_lit(w, "</p>\n");
	if (d->p->redacted_at != 0) {
		html_lit(w, "<p class=\"notice\" role=\"note\" "
		    "data-redacted>");
		html_text(w, T(l, "Redacted by a moderator on"));
		html_lit(w, " ");
		widget_time(w, l, d->p->redacted_at);
		html_lit(w, ": ");
		html_text(w, T(l, "the text of earlier revisions was "
		    "removed."));
		html_lit(w, "</p>\n");
	}
	for (i = d->n; i-- > 0;) {
		const struct qa_revision *v = &d->v[i], *pv =
		    i > 0 ? &d->v[i - 1] : NULL;

		html_lit(w, "<section class=\"revision\"><h2>");
		html_text(w, T(l, "Revision"));
		html_lit(w, " ");
		html_int(w, v->revision);
		html_lit(w, "</h2><p class=\"post-meta\">");
		html_text(w, v->editor);
		html_lit(w, " · ");
		widget_time(w, l, v->at);
		if (d->p->verified_by != 0 &&
		    d->p->verified_revision == v->revision) {
			html_lit(w, " · <span class=\"badge badge-verified\" "
			    "data-verified-revision=\"");
			html_int(w, v->revision);
			html_lit(w, "\">");
			html_text(w, T(l, "Staff-verified"));
			html_lit(w, "</span>");
		}
		html_lit(w, "</p>");
		if (v->redacted_at != 0) {
			/* The text is gone from every copy; say so. */
			html_lit(w, "<p class=\"notice\" data-redacted>");
			html_text(w, T(l, "Redacted by a moderator on"));
			html_lit(w, " ");
			widget_time(w, l, v->redacted_at);
			html_lit(w, "</p></section>\n");
			continue;
		}
		if (pv != NULL && pv->redacted_at == 0 &&
		    strcmp(v->title, pv->title) != 0)
			qa_diff_html(w, r, pv->title, v->title);
		if (pv != NULL && pv->redacted_at == 0 &&
		    strcmp(v->tags, pv->tags) != 0)
			qa_diff_html(w, r, pv->tags, v->tags);
		qa_diff_html(w, r, pv != NULL && pv->redacted_at == 0 ?
		    pv->body_md : "", v->body_md);
		html_lit(w, "</section>\n");
	}
}

void
page_history(struct req *r)
{
	struct hist_data	 d;

	memset(&d, 0, sizeof(d));
	if (store_qa_post(r->w->db, r->a, post_param(r), &d.p) == -1)
		return;
	if (d.p == NULL || d.p->state != PS_VISIBLE) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_qa_thread(r->w->db, r->a, d.p->thread_id, &d.t) == -1 ||
	    d.t == NULL || store_qa_revisions(r->w->db, r->a, d.p->id, &d.v,
	    &d.n) == -1)
		return;
	if (!d.t->visible) {
		reply_error(r, 404, NULL);
		return;
	}
	if (qa_param_canonical(r->param[0]))
		pcache_depend(r, arena_printf(r->a, "thread:%lld",
		    (long long)d.t->id));
	layout_page(r, 200, T(r->lang, "Revision history"), hist_main, &d);
}

void
api_preview(struct req *r)
{
	struct cooked	 ck;
	json_t		*o;
	char		*s;
	const char	*body = r->f[F_PREVIEW_BODY].present ?
	    r->f[F_PREVIEW_BODY].s : "";

	if (md_cook(r->a, body, strlen(body), &ck, NULL) == -1) {
		reply_error(r, 500, NULL);
		return;
	}
	o = json_pack("{s:s}", "html", ck.html);
	s = json_dumps(o, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(o);
}

/*
 * Suggestions while a question is typed: knowledge-base articles first
 * (pages/kb.c), then threads with an accepted, official or verified
 * answer, then the open ones, each group in the search's order.
 */
void
api_similar(struct req *r)
{
	struct thread_row	*t;
	struct kb_hit		*k;
	size_t			 n = 0, nk = 0, i;
	const char		*q = r->f[F_SIMILAR_Q].present ?
	    r->f[F_SIMILAR_Q].s : "";
	json_t			*arr, *arts, *o;
	char			*s;
	int			 solved;

	if (strlen(q) >= 4 && (kb_similar(r, q, 3, &k, &nk) == -1 ||
	    search_similar(r, q, 5, &t, &n) == -1)) {
		reply_error(r, 503, NULL);
		return;
	}
	arts = json_array();
	for (i = 0; i < nk; i++)
		json_array_append_new(arts, json_pack("{s:s, s:s, s:s, s:s}",
		    "slug", k[i].slug, "title", k[i].title, "url",
		    arena_printf(r->a, "/kb/%s", k[i].slug), "solved_url",
		    arena_printf(r->a, "/api/v1/kb/%s/solved", k[i].slug)));
	arr = json_array();
	for (solved = 1; solved >= 0; solved--)
		for (i = 0; i < n; i++) {
			if ((t[i].accepted || t[i].has_official ||
			    t[i].has_verified) != solved)
				continue;
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, "
			    "s:b, s:b, s:b, s:I, s:b}", "id",
			    (json_int_t)t[i].id, "title", t[i].title, "url",
			    arena_printf(r->a, "/t/%lld", (long long)t[i].id),
			    "official", t[i].has_official, "verified",
			    t[i].has_verified, "accepted", t[i].accepted,
			    "answers", (json_int_t)t[i].answers, "solved",
			    solved));
		}
	o = json_pack("{s:o, s:o}", "articles", arts, "threads", arr);
	s = json_dumps(o, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(o);
}
