/* pages/appeal.c: appeal a removal; the moderators' appeals queue */
/*
 * The author of a removed post appeals once per removal with a short
 * text (GET/POST /p/:id/appeal).  Moderators decide at
 * /mod/queue/appeals: "uphold" keeps the removal (store_appeal_uphold),
 * "reverse" restores the post through the lifecycle (post_moderate with
 * the appeal's id, so the post, the appeal and the notification change
 * in one transaction).  The moderator who removed the post may not decide
 * its appeal while another moderator exists; the store's statement
 * enforces it, the page explains it.
 */
#include <string.h>
#include <time.h>

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "post/post.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"

#define APPEAL_MIN	10	/* characters */
#define APPEAL_MAX	1000

struct appeal_view {
	int64_t			 post;
	struct appeal_target	*t;
	const char		*draft;
	const char		*error;		/* translated, or NULL */
	int			 sent;
};

struct queue_view {
	struct appeal_row	*a;
	size_t			 n;
};

static void	 appeal_main(struct html *, struct req *, void *);
static void	 queue_main(struct html *, struct req *, void *);
static int	 load_target(struct req *, struct appeal_view *);

/* The post r names, if it is r's own removed post; -1 after replying. */
static int
load_target(struct req *r, struct appeal_view *v)
{
	v->post = qa_param_id(r->param[0]);
	if (v->post == 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_appeal_target(r->w->db, r->a, v->post, &v->t) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	/* nobody learns whether someone else's post exists or was removed */
	if (v->t == NULL || v->t->author != r->sess->user_id) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (v->t->state != PS_REMOVED || v->t->decision == 0) {
		reply_error(r, 409, N_("Only a post that moderators removed can "
		    "be appealed, and this one is not removed."));
		return -1;
	}
	return 0;
}

static void
appeal_main(struct html *w, struct req *r, void *arg)
{
	struct appeal_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Appeal a removal"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "Moderators removed your post. Reason:"));
	html_lit(w, " <strong>");
	html_text(w, modview_reason(l, v->t->reason));
	html_lit(w, "</strong></p>\n");
	if (v->t->appeal != 0) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		if (v->sent)
			html_text(w, T(l, "Your appeal was sent. A moderator "
			    "other than the one who removed your post will look "
			    "at it, and you will be notified of the outcome."));
		else if (v->t->appeal_state == APPEAL_OPEN)
			html_text(w, T(l, "You appealed this removal. A "
			    "moderator will look at it; you will be notified."));
		else if (v->t->appeal_state == APPEAL_UPHELD)
			html_text(w, T(l, "Your appeal was reviewed by another "
			    "moderator; the removal stays. Each removal can be "
			    "appealed once."));
		else
			html_text(w, T(l, "Your appeal was accepted."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<p>");
	html_text(w, T(l, "If you think this was a mistake, say why in a few "
	    "sentences. Each removal can be appealed once, and a moderator "
	    "other than the one who removed it decides. Never write a "
	    "password, recovery phrase or private key here."));
	html_lit(w, "</p>\n");
	if (v->error != NULL) {
		html_lit(w, "<p class=\"error\" role=\"alert\" id=\"body-err\">");
		html_text(w, v->error);
		html_lit(w, "</p>\n");
	}
	html_lit(w, "<form method=\"post\" class=\"stack\" action=\"/p/");
	html_int(w, v->post);
	html_lit(w, "/appeal\">");
	layout_csrf(w, r);
	html_lit(w, "<div class=\"field\"><label for=\"body\">");
	html_text(w, T(l, "Why should the post be restored?"));
	html_lit(w, "</label><textarea id=\"body\" name=\"body\" rows=\"5\" "
	    "maxlength=\"1000\" required");
	if (v->error != NULL)
		html_lit(w, " aria-invalid=\"true\" aria-describedby=\"body-err\"");
	html_lit(w, ">");
	if (v->draft != NULL)
		html_text(w, v->draft);
	html_lit(w, "</textarea></div><button type=\"submit\" "
	    "class=\"button\">");
	html_text(w, T(l, "Send the appeal"));
	html_lit(w, "</button></form>\n");
}

void
page_appeal_form(struct req *r)
{
	struct appeal_view	v;

	memset(&v, 0, sizeof(v));
	if (load_target(r, &v) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Appeal a removal"), appeal_main, &v);
}

void
page_appeal(struct req *r)
{
	struct appeal_view	v;
	const char		*body = r->f[F_APPEAL_BODY].present ?
	    r->f[F_APPEAL_BODY].s : "";
	size_t			 n;
	int64_t			 id;

	memset(&v, 0, sizeof(v));
	if (load_target(r, &v) == -1)
		return;
	r->resp.no_cache = 1;
	if (v.t->appeal != 0) {
		reply_error(r, 409, N_("You appealed this removal already. "
		    "Each removal can be appealed once."));
		return;
	}
	n = utf8_count(body, strlen(body));
	if (n < APPEAL_MIN || n > APPEAL_MAX) {
		v.draft = body;
		v.error = T(r->lang, "Write a few sentences: at least 10 and at "
		    "most 1,000 characters.");
		layout_page(r, 422, T(r->lang, "Appeal a removal"),
		    appeal_main, &v);
		return;
	}
	if (store_appeal_add(r->w->db, r->a, v.post, v.t, r->sess->user_id,
	    r->sess->username, body, &id) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (id == 0) {
		reply_error(r, 409, N_("You appealed this removal already. "
		    "Each removal can be appealed once."));
		return;
	}
	v.t->appeal = id;
	v.t->appeal_state = APPEAL_OPEN;
	v.sent = 1;
	layout_page(r, 200, T(r->lang, "Appeal a removal"), appeal_main, &v);
}

static void
queue_main(struct html *w, struct req *r, void *arg)
{
	struct queue_view	*v = arg;
	struct appeal_row	*a;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<nav class=\"crumbs\"><a href=\"/mod\">");
	html_text(w, T(l, "Moderation"));
	html_lit(w, "</a></nav>\n<h1>");
	html_text(w, T(l, "Appeals"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "Members ask for another look at a removal, once per "
	    "decision. The moderator who removed a post does not decide its "
	    "appeal while another moderator can."));
	html_lit(w, "</p>\n");
	if (v->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No open appeals."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<ol class=\"appeal-list\">\n");
	for (i = 0; i < v->n; i++) {
		a = &v->a[i];
		html_lit(w, "<li class=\"appeal\" id=\"a");
		html_int(w, a->id);
		html_lit(w, "\"><p><a href=\"/mod/post/");
		html_int(w, a->post_id);
		html_lit(w, "\">");
		html_text(w, a->title);
		html_lit(w, "</a> &middot; ");
		html_text(w, a->author);
		html_lit(w, " &middot; ");
		html_text(w, T(l, "removed as"));
		html_lit(w, " ");
		html_text(w, modview_reason(l, a->reason));
		html_lit(w, " ");
		html_text(w, T(l, "by"));
		html_lit(w, " ");
		html_text(w, a->removed_by_name);
		html_lit(w, " &middot; ");
		modview_age(w, l, (int64_t)time(NULL) - a->created);
		html_lit(w, "</p><blockquote class=\"appeal-text\">");
		html_text(w, a->body);
		html_lit(w, "</blockquote>");
		if (a->removed_by == r->sess->user_id) {
			html_lit(w, "<p class=\"muted\">");
			html_text(w, T(l, "You removed this post: another "
			    "moderator decides its appeal."));
			html_lit(w, "</p>");
		}
		html_lit(w, "<form method=\"post\" class=\"stack\" "
		    "action=\"/mod/appeals/");
		html_int(w, a->id);
		html_lit(w, "\">");
		layout_csrf(w, r);
		html_lit(w, "<div class=\"field\"><label for=\"note");
		html_int(w, a->id);
		html_lit(w, "\">");
		html_text(w, T(l, "Note for the log"));
		html_lit(w, "</label><input id=\"note");
		html_int(w, a->id);
		html_lit(w, "\" name=\"note\" maxlength=\"300\"></div>"
		    "<div class=\"tool-row\"><button type=\"submit\" "
		    "class=\"btn\" name=\"decision\" value=\"reverse\">");
		html_text(w, T(l, "Restore the post"));
		html_lit(w, "</button><button type=\"submit\" class=\"btn\" "
		    "name=\"decision\" value=\"uphold\">");
		html_text(w, T(l, "Keep it removed"));
		html_lit(w, "</button></div></form></li>\n");
	}
	html_lit(w, "</ol>\n");
}

void
page_mod_appeals(struct req *r)
{
	struct queue_view	v;

	memset(&v, 0, sizeof(v));
	if (store_appeal_open(r->w->db, r->a, &v.a, &v.n) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Appeals"), queue_main, &v);
}

void
page_mod_appeal_decide(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_mod_in	 in;
	struct post_result	 res;
	enum appeal_state	 state;
	const char		*note;
	int64_t			 id = qa_param_id(r->param[0]), post, removed_by;
	int			 ok;

	note = r->f[F_MAPPEAL_NOTE].present ? r->f[F_MAPPEAL_NOTE].s : "";
	if (id == 0 || store_appeal_get(r->w->db, r->a, id, &post, &state,
	    &removed_by) == -1) {
		reply_error(r, id == 0 ? 404 : 503, NULL);
		return;
	}
	if (post == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (state != APPEAL_OPEN) {
		reply_error(r, 409, N_("This appeal was decided already."));
		return;
	}
	if (r->f[F_MAPPEAL_DECISION].i == MAPPEAL_UPHOLD) {
		if (store_appeal_uphold(r->w->db, r->a, id, r->sess->user_id,
		    r->sess->username, note, &ok) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
	} else {
		memset(&in, 0, sizeof(in));
		in.kind = "";
		in.action = "approve";
		in.reason = "";
		in.note = note[0] != '\0' ? note : arena_printf(r->a,
		    "appeal %lld", (long long)id);
		in.appeal = id;
		qa_post_ctx(r, &c, &by);
		post_moderate(&c, post, &in, &res);
		if (res.err == POST_E_STORE) {
			reply_error(r, 503, NULL);
			return;
		}
		/* the text holds a secret: redact it first (409 says so) */
		if (res.err != POST_OK && res.err != POST_E_STALE) {
			(void)qa_post_failed(r, &res);
			return;
		}
		ok = res.err == POST_OK;
		if (ok)
			qa_post_done(r, &res);
	}
	if (!ok) {
		if (removed_by == r->sess->user_id)
			reply_error(r, 403, N_("You removed this post: a "
			    "moderator other than you decides its appeal."));
		else
			reply_error(r, 409, N_("This appeal was decided "
			    "already."));
		return;
	}
	reply_redirect(r, "/mod/queue/appeals");
}
