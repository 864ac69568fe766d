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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acct/seal.h"
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
#include "view/widgets.h"

#define APPEAL_MIN	10	/* characters */
#define APPEAL_MAX	1000
/* the suspension notice's appeal link: signed, valid this long */
#define SUSP_CONTEXT	"sodan suspension appeal v1"
#define SUSP_TTL	(24 * 3600)

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
	struct susp_appeal_row	*s;		/* appeals of suspensions */
	size_t			 ns;
};

struct susp_view {
	struct user		*u;
	struct susp_appeal_target t;
	int64_t			 e;
	const char		*mac;
	const char		*draft;
	const char		*error;		/* translated, or NULL */
	int			 sent;
};

static void	 appeal_main(struct html *, struct req *, void *);
static void	 queue_main(struct html *, struct req *, void *);
static int	 load_target(struct req *, struct appeal_view *);
static void	 susp_main(struct html *, struct req *, void *);
static int	 load_susp(struct req *, struct susp_view *);
static void	 susp_queue(struct html *, struct req *, struct queue_view *);
static int	 susp_decide(struct req *, int64_t, int, const char *);
static void	 appeal_decision(struct html *, struct req *, int64_t, int64_t,
		    const char *, int, const char *, const char *,
		    const char *);

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
	int64_t			 id;
	int			 rc;

	memset(&v, 0, sizeof(v));
	r->resp.no_cache = 1;
	if ((rc = appeal_send_apply(r, body, &v.post, &v.t, &id)) == -1)
		return;
	if (rc == 1) {
		v.draft = body;
		v.error = T(r->lang, "Write a few sentences: at least 10 and at "
		    "most 1,000 characters.");
		layout_page(r, 422, T(r->lang, "Appeal a removal"),
		    appeal_main, &v);
		return;
	}
	v.t->appeal = id;
	v.t->appeal_state = APPEAL_OPEN;
	v.sent = 1;
	layout_page(r, 200, T(r->lang, "Appeal a removal"), appeal_main, &v);
}

int
appeal_send_apply(struct req *r, const char *body, int64_t *post,
    struct appeal_target **t, int64_t *id)
{
	struct appeal_view	v;
	size_t			n;

	memset(&v, 0, sizeof(v));
	if (load_target(r, &v) == -1)
		return -1;
	*post = v.post;
	*t = v.t;
	if (v.t->appeal != 0) {
		reply_error(r, 409, N_("You appealed this removal already. "
		    "Each removal can be appealed once."));
		return -1;
	}
	n = utf8_count(body, strlen(body));
	if (n < APPEAL_MIN || n > APPEAL_MAX)
		return 1;
	if (store_appeal_add(r->w->db, r->a, v.post, v.t, r->sess->user_id,
	    r->sess->username, body, id) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (*id == 0) {
		reply_error(r, 409, N_("You appealed this removal already. "
		    "Each removal can be appealed once."));
		return -1;
	}
	return 0;
}

/*
 * The end of one appeal in the moderators' queue, for a removal and for a
 * suspension alike: its age, the member's words, a note when the reader
 * made the decision (another moderator decides), and the decision form
 * with the note for the log and the two buttons.
 */
static void
appeal_decision(struct html *w, struct req *r, int64_t id, int64_t created,
    const char *body, int own, const char *own_msg, const char *reverse,
    const char *uphold)
{
	enum lang	l = r->lang;

	html_lit(w, " &middot; ");
	modview_age(w, l, (int64_t)time(NULL) - created);
	html_lit(w, "</p><blockquote class=\"appeal-text\">");
	html_text(w, body);
	html_lit(w, "</blockquote>");
	if (own) {
		html_lit(w, "<p class=\"muted\">");
		html_text(w, own_msg);
		html_lit(w, "</p>");
	}
	html_lit(w, "<form method=\"post\" class=\"stack\" "
	    "action=\"/mod/appeals/");
	html_int(w, id);
	html_lit(w, "\">");
	layout_csrf(w, r);
	html_lit(w, "<div class=\"field\"><label for=\"note");
	html_int(w, id);
	html_lit(w, "\">");
	html_text(w, T(l, "Note for the log"));
	html_lit(w, "</label><input id=\"note");
	html_int(w, id);
	html_lit(w, "\" name=\"note\" maxlength=\"300\"></div>"
	    "<div class=\"tool-row\"><button type=\"submit\" "
	    "class=\"btn\" name=\"decision\" value=\"reverse\">");
	html_text(w, reverse);
	html_lit(w, "</button><button type=\"submit\" class=\"btn\" "
	    "name=\"decision\" value=\"uphold\">");
	html_text(w, uphold);
	html_lit(w, "</button></div></form></li>\n");
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
	susp_queue(w, r, v);
	if (v->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, v->ns == 0 ? T(l, "No open appeals.") :
		    T(l, "No open appeals of removals."));
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
		appeal_decision(w, r, a->id, a->created, a->body,
		    a->removed_by == r->sess->user_id, T(l, "You removed this "
		    "post: another moderator decides its appeal."),
		    T(l, "Restore the post"), T(l, "Keep it removed"));
	}
	html_lit(w, "</ol>\n");
}

void
page_mod_appeals(struct req *r)
{
	struct queue_view	v;

	memset(&v, 0, sizeof(v));
	if (store_appeal_open(r->w->db, r->a, &v.a, &v.n) == -1 ||
	    store_appeal_susp_open(r->w->db, r->a, &v.s, &v.ns) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Appeals"), queue_main, &v);
}

/*
 * Decides appeal id (a removal's or a suspension's): reverse restores the
 * post (post_moderate, approve, in its transaction) or lifts the
 * suspension; uphold keeps it.  The page and the API (api/mod.c) both
 * call this.  Returns 0 when decided, -1 after replying with the refusal
 * (404, 403 the actor's own decision, 409 decided already or the text
 * holds a secret, 503).
 */
int
appeal_decide(struct req *r, int64_t id, int reverse, const char *note)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_mod_in	 in;
	struct post_result	 res;
	enum appeal_state	 state;
	int64_t			 post, removed_by;
	int			 ok;

	if (id == 0 || store_appeal_get(r->w->db, r->a, id, &post, &state,
	    &removed_by) == -1) {
		reply_error(r, id == 0 ? 404 : 503, NULL);
		return -1;
	}
	if (post == 0)		/* not of a post: of a suspension, or none */
		return susp_decide(r, id, reverse, note);
	if (state != APPEAL_OPEN) {
		reply_error(r, 409, N_("This appeal was decided already."));
		return -1;
	}
	if (!reverse) {
		if (store_appeal_uphold(r->w->db, r->a, id, r->sess->user_id,
		    r->sess->username, note, &ok) == -1) {
			reply_error(r, 503, NULL);
			return -1;
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
			return -1;
		}
		/* the text holds a secret: redact it first (409 says so) */
		if (res.err != POST_OK && res.err != POST_E_STALE) {
			(void)qa_post_failed(r, &res);
			return -1;
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
		return -1;
	}
	return 0;
}

void
page_mod_appeal_decide(struct req *r)
{
	if (appeal_decide(r, qa_param_id(r->param[0]),
	    r->f[F_MAPPEAL_DECISION].i == MAPPEAL_REVERSE,
	    r->f[F_MAPPEAL_NOTE].present ? r->f[F_MAPPEAL_NOTE].s : "") == 0)
		reply_redirect(r, "/mod/queue/appeals");
}

/* --- appeals of a suspension ---------------------------------------------- */

/*
 * A suspended member cannot sign in, so the sign-in page's suspension
 * notice (shown only after the right password) carries a signed link:
 * u (the account), e (expiry, unix seconds) and s, a MAC of "u:e" under
 * the site's key (acct_seal_mac).  It is the authority of the appeal
 * form, as the unsubscribe link is of its page; nothing is stored.
 */
const char *
appeal_susp_link(struct arena *a, int64_t user)
{
	char		 mac[65];
	long long	 e = (long long)time(NULL) + SUSP_TTL;

	if (acct_seal_mac(SUSP_CONTEXT, arena_printf(a, "%lld:%lld",
	    (long long)user, e), mac) == -1)
		return NULL;
	return arena_printf(a, "/appeal/suspension?u=%lld&e=%lld&s=%s",
	    (long long)user, e, mac);
}

/* The member the link names, suspended; -1 after replying. */
static int
load_susp(struct req *r, struct susp_view *v)
{
	int64_t		 u = r->f[F_SAPPEAL_U].i;

	v->e = r->f[F_SAPPEAL_E].i;
	v->mac = r->f[F_SAPPEAL_S].s;
	r->resp.no_cache = 1;
	if (!acct_seal_mac_ok(SUSP_CONTEXT, arena_printf(r->a, "%lld:%lld",
	    (long long)u, (long long)v->e), v->mac)) {
		reply_error(r, 400, N_("This appeal link is not valid. Sign in "
		    "again: the suspension notice has a new link."));
		return -1;
	}
	if (v->e < (int64_t)time(NULL)) {
		reply_error(r, 400, N_("This appeal link has expired. Sign in "
		    "again: the suspension notice has a new link."));
		return -1;
	}
	if (store_user_by_id(r->w->db, r->a, u, &v->u) == -1 ||
	    store_appeal_susp_target(r->w->db, r->a, u, &v->t) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (v->u == NULL) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (!v->t.suspended || v->t.decision == 0) {
		reply_error(r, 409, N_("This account is not suspended: there "
		    "is nothing to appeal. Sign in as usual."));
		return -1;
	}
	return 0;
}

static void
susp_main(struct html *w, struct req *r, void *arg)
{
	struct susp_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Appeal a suspension"));
	html_lit(w, "</h1>\n<div class=\"notice notice-suspended\"><p><strong>");
	html_text(w, T(l, "Suspended until:"));
	html_lit(w, "</strong> ");
	if (v->u->suspended_until > 0)
		widget_time(w, l, v->u->suspended_until);
	else
		html_text(w, T(l, "indefinitely"));
	html_lit(w, "</p><p><strong>");
	html_text(w, T(l, "Reason given by the moderators:"));
	html_lit(w, "</strong> ");
	if (v->u->suspend_reason != NULL && v->u->suspend_reason[0] != '\0')
		html_text(w, v->u->suspend_reason);
	else
		html_text(w, T(l, "none given"));
	html_lit(w, "</p></div>\n");
	if (v->t.appeal != 0) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		if (v->sent)
			html_text(w, T(l, "Your appeal was sent. A moderator "
			    "other than the one who suspended you will look at "
			    "it, and you will be told the outcome by e-mail."));
		else if (strcmp(v->t.appeal_state, "open") == 0)
			html_text(w, T(l, "You appealed this suspension. A "
			    "moderator will look at it; you will be told the "
			    "outcome by e-mail."));
		else
			html_text(w, T(l, "Your appeal was reviewed by another "
			    "moderator; the suspension stays. Each suspension "
			    "can be appealed once."));
		html_lit(w, "</p></section>\n");
		return;
	}
	html_lit(w, "<p>");
	html_text(w, T(l, "If you think this was a mistake, say why in a few "
	    "sentences. Each suspension can be appealed once, and a "
	    "moderator other than the one who suspended you decides. Never "
	    "write a password, recovery phrase or private key here."));
	html_lit(w, "</p>\n");
	if (v->error != NULL) {
		html_lit(w, "<p class=\"error\" role=\"alert\" id=\"body-err\">");
		html_text(w, v->error);
		html_lit(w, "</p>\n");
	}
	html_lit(w, "<form method=\"post\" class=\"stack\" "
	    "action=\"/appeal/suspension\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"u\" value=\"");
	html_int(w, v->u->id);
	html_lit(w, "\"><input type=\"hidden\" name=\"e\" value=\"");
	html_int(w, v->e);
	html_lit(w, "\"><input type=\"hidden\" name=\"s\" value=\"");
	html_attr(w, v->mac);
	html_lit(w, "\"><div class=\"field\"><label for=\"body\">");
	html_text(w, T(l, "Why should the suspension be lifted?"));
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
	html_lit(w, "</button></form></section>\n");
}

void
page_susp_appeal_form(struct req *r)
{
	struct susp_view	v;

	memset(&v, 0, sizeof(v));
	if (load_susp(r, &v) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Appeal a suspension"), susp_main, &v);
}

void
page_susp_appeal(struct req *r)
{
	struct susp_view	v;
	const char		*body = r->f[F_SAPPEAL_BODY].present ?
	    r->f[F_SAPPEAL_BODY].s : "";
	size_t			 n;
	int64_t			 id;

	memset(&v, 0, sizeof(v));
	if (load_susp(r, &v) == -1)
		return;
	if (v.t.appeal != 0) {
		reply_error(r, 409, N_("You appealed this suspension already. "
		    "Each suspension can be appealed once."));
		return;
	}
	n = utf8_count(body, strlen(body));
	if (n < APPEAL_MIN || n > APPEAL_MAX) {
		v.draft = body;
		v.error = T(r->lang, "Write a few sentences: at least 10 and at "
		    "most 1,000 characters.");
		layout_page(r, 422, T(r->lang, "Appeal a suspension"),
		    susp_main, &v);
		return;
	}
	if (store_appeal_susp_add(r->w->db, r->a, v.u->id, v.u->username,
	    &v.t, body, &id) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (id == 0) {
		reply_error(r, 409, N_("You appealed this suspension already. "
		    "Each suspension can be appealed once."));
		return;
	}
	v.t.appeal = id;
	v.t.appeal_state = "open";
	v.sent = 1;
	layout_page(r, 200, T(r->lang, "Appeal a suspension"), susp_main, &v);
}

static void
susp_queue(struct html *w, struct req *r, struct queue_view *v)
{
	struct susp_appeal_row	*a;
	enum lang		 l = r->lang;
	size_t			 i;

	if (v->ns == 0)
		return;
	html_lit(w, "<h2>");
	html_text(w, T(l, "Appeals of suspensions"));
	html_lit(w, "</h2>\n<ol class=\"appeal-list\">\n");
	for (i = 0; i < v->ns; i++) {
		a = &v->s[i];
		html_lit(w, "<li class=\"appeal\" id=\"a");
		html_int(w, a->id);
		html_lit(w, "\"><p><a href=\"/u/");
		html_int(w, a->user_id);
		html_lit(w, "\">");
		html_text(w, a->member);
		html_lit(w, "</a> &middot; ");
		html_text(w, T(l, "suspended by"));
		html_lit(w, " ");
		html_text(w, a->removed_by_name);
		html_lit(w, ": ");
		html_text(w, a->suspend_reason);
		appeal_decision(w, r, a->id, a->created, a->body,
		    a->removed_by == r->sess->user_id, T(l, "You suspended "
		    "this member: another moderator decides the appeal."),
		    T(l, "Lift the suspension"), T(l, "Keep the suspension"));
	}
	html_lit(w, "</ol>\n<h2>");
	html_text(w, T(l, "Appeals of removals"));
	html_lit(w, "</h2>\n");
}

/*
 * A moderator decides an appeal of a suspension (or there is none: 404);
 * 0, or -1 after replying.
 */
static int
susp_decide(struct req *r, int64_t id, int reverse, const char *note)
{
	enum susp_appeal_result	 res;

	if (store_appeal_susp_decide(r->w->db, r->a, id, reverse,
	    r->sess->user_id, r->sess->username, note, &res) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	switch (res) {
	case SUSP_APPEAL_NOTFOUND:
		reply_error(r, 404, NULL);
		return -1;
	case SUSP_APPEAL_OWN:
		reply_error(r, 403, N_("You suspended this member: a moderator "
		    "other than you decides the appeal."));
		return -1;
	case SUSP_APPEAL_DECIDED:
		reply_error(r, 409, N_("This appeal was decided already."));
		return -1;
	default:
		break;
	}
	return 0;
}
