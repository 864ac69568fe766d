/* pages/support.c: escalate, a support case, reply, resolve and reopen */
/*
 * Adapters of app/support/: they parse, call one transition, render.  A
 * case is private to its asker and staff: every route answers 404 to
 * anyone else (moderators too, unless staff; signed out too), the same
 * page whether the case exists or not, so nothing tells a stranger that
 * a case exists.  The thread page (pages/thread.c) shows only the case's
 * state, through support_page_tag().
 */
#include <stdlib.h>
#include <string.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "pages/support.h"
#include "acct/acct.h"
#include "store/store.h"
#include "store/support.h"
#include "support/support.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

struct case_data {
	struct support_case	*c;
	struct support_msg	*m;
	size_t			 n;
	const char		*draft;
	const char		**errs;
	size_t			 nerr;
	int			 masked;	/* warn: a secret was masked */
};

struct esc_data {
	struct qa_thread	*t;
	const char		*draft;
	const char		**errs;
	size_t			 nerr;
};

static void	 actor(struct req *, struct support_actor *);
static int	 load_case(struct req *, struct support_case **);
static void	 case_main(struct html *, struct req *, void *);
static void	 esc_main(struct html *, struct req *, void *);
static void	 esc_form(struct html *, struct req *, int64_t thread,
		    const char *draft);
static void	 masked_warning(struct html *, struct req *);
static int	 failed(struct req *, const struct support_result *);
static int	 outcome(const struct support_result *,
		    struct support_outcome *);
static void	 canned_form(struct html *, struct req *,
		    const struct support_case *);
static const char *canned_text(struct req *, const struct support_case *,
		    const char *choice);

static void
actor(struct req *r, struct support_actor *a)
{
	memset(a, 0, sizeof(*a));
	if (r->sess == NULL)
		return;
	a->id = r->sess->user_id;
	a->name = r->sess->username;
	a->display_name = r->sess->display_name;
	a->role = r->sess->role;
	a->trust = r->sess->trust;
	a->created = r->sess->created;
}

/* The case of r->param[0] when r's visitor may see it; 0, or -1 replied. */
static int
load_case(struct req *r, struct support_case **c)
{
	struct support_actor	 a;
	int64_t			 id = qa_param_id(r->param[0]);

	actor(r, &a);
	if (id == 0 || a.id == 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_support_get(r->w->db, r->a, id, c) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (*c == NULL || !support_may_see(&a, *c)) {
		reply_error(r, 404, NULL);
		return -1;
	}
	return 0;
}

int
support_page_case(struct req *r, int64_t thread, struct support_view *v)
{
	int64_t	staff;

	memset(v, 0, sizeof(*v));
	if (store_support_by_thread(r->w->db, r->a, thread, &v->c) == -1 ||
	    store_support_claim_of(r->w->db, r->a, thread, &staff,
	    &v->claimed_by) == -1)
		return -1;
	return 0;
}

void
support_page_tag(struct html *w, struct req *r, const struct support_view *v)
{
	const struct support_case	*c = v->c;

	if (v->claimed_by != NULL && (c == NULL ||
	    c->state != SUPPORT_RESOLVED)) {
		html_lit(w, "<span class=\"tag tag-support tag-handled\" "
		    "data-support=\"handled\">");
		html_text(w, T(r->lang, "Being handled by staff"));
		html_lit(w, "</span> ");
	}
	if (c == NULL)
		return;
	if (c->state == SUPPORT_RESOLVED) {
		html_lit(w, "<span class=\"tag tag-support tag-support-resolved\""
		    " data-support=\"resolved\">");
		html_text(w, T(r->lang, "Resolved by official support"));
	} else {
		html_lit(w, "<span class=\"tag tag-support\" "
		    "data-support=\"escalated\">");
		html_text(w, T(r->lang, "Escalated to official support"));
	}
	html_lit(w, "</span> ");
}

static void
masked_warning(struct html *w, struct req *r)
{
	html_lit(w, "<div class=\"notice notice-held\" role=\"alert\" "
	    "id=\"masked-warning\"><p>");
	html_text(w, T(r->lang, "We masked what looked like a recovery phrase "
	    "or private key before saving your message. Staff never ask for "
	    "it: anyone who does is a scammer. If you think it was seen by "
	    "someone else, move your assets to a new wallet."));
	html_lit(w, "</p></div>\n");
}

static void
esc_form(struct html *w, struct req *r, int64_t thread, const char *draft)
{
	enum lang	l = r->lang;

	html_lit(w, "<form method=\"post\" action=\"/t/");
	html_int(w, thread);
	html_lit(w, "/escalate\" class=\"post-form support-form\">");
	layout_csrf(w, r);
	html_lit(w, "<label for=\"support-body\">");
	html_text(w, T(l, "Your message to official support (Markdown; only "
	    "you and staff can read it)"));
	html_lit(w, "</label><textarea id=\"support-body\" name=\"body\" "
	    "rows=\"6\" required maxlength=\"20000\">");
	if (draft != NULL)
		html_text(w, draft);
	html_lit(w, "</textarea><p class=\"hint\">");
	html_text(w, T(l, "Staff never ask for your password, recovery phrase "
	    "or private key. A withdrawal or order ID is fine."));
	html_lit(w, "</p><button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Ask official support"));
	if (l == LANG_EN)
		html_lit(w, " (公式サポートに相談)");
	html_lit(w, "</button></form>\n");
}

void
support_page_box(struct html *w, struct req *r, int64_t thread,
    int64_t asker, const struct support_view *v)
{
	const struct support_case *c = v->c;
	struct support_actor	 a;
	enum lang		 l = r->lang;

	actor(r, &a);
	if (a.id == 0 || (a.id != asker && !support_is_staff(&a)))
		return;
	html_lit(w, "<section class=\"support-box\" aria-labelledby="
	    "\"support-h\"><h2 id=\"support-h\">");
	html_text(w, T(l, "Official support"));
	html_lit(w, "</h2>\n");
	if (c != NULL) {
		html_lit(w, "<p><a class=\"support-link\" href=\"/support/");
		html_int(w, c->id);
		html_lit(w, "\">");
		html_text(w, T(l, "Open the support case"));
		html_lit(w, " #");
		html_int(w, c->id);
		html_lit(w, "</a></p></section>\n");
		return;
	}
	html_lit(w, "<details class=\"support-escalate\"><summary>");
	html_text(w, T(l, "Ask official support"));
	if (l == LANG_EN)
		html_lit(w, " (公式サポートに相談)");
	html_lit(w, "</summary><p>");
	html_text(w, T(l, "When your problem needs your account (a stuck "
	    "withdrawal, a locked account), write to staff privately here "
	    "instead of in the public thread."));
	html_lit(w, "</p>");
	esc_form(w, r, thread, NULL);
	html_lit(w, "</details></section>\n");
}

static void
esc_main(struct html *w, struct req *r, void *arg)
{
	struct esc_data	*d = arg;

	html_lit(w, "<h1>");
	html_text(w, T(r->lang, "Ask official support"));
	html_lit(w, "</h1>\n<p><a href=\"/t/");
	html_int(w, d->t->id);
	html_lit(w, "\">");
	html_text(w, d->t->title);
	html_lit(w, "</a></p>\n");
	qa_errors_html(w, r, d->errs, d->nerr);
	esc_form(w, r, d->t->id, d->draft);
}

/* What the pages and the API read of res; 1 when the message was refused. */
static int
outcome(const struct support_result *res, struct support_outcome *o)
{
	memset(o, 0, sizeof(*o));
	o->case_id = res->case_id;
	o->masked = res->masked;
	o->changed = res->changed;
	o->blocked = res->err == SUPPORT_E_BLOCKED;
	o->reasons = res->reasons;
	o->nreasons = res->nreasons;
	return res->err != SUPPORT_OK;
}

/* Renders a refusal; returns 1 when it replied (else the caller goes on). */
static int
failed(struct req *r, const struct support_result *res)
{
	switch (res->err) {
	case SUPPORT_OK:
	case SUPPORT_E_INVALID:
	case SUPPORT_E_BLOCKED:
		return 0;
	case SUPPORT_E_NOTFOUND:
		reply_error(r, 404, NULL);
		break;
	case SUPPORT_E_CLOSED:
		reply_error(r, 409, T(r->lang, "This support case is resolved; "
		    "staff can reopen it."));
		break;
	case SUPPORT_E_UNCHECKED:
		reply_error(r, 503, T(r->lang, "The filters could not check "
		    "your message, so it was not saved. Please try again in a "
		    "minute."));
		break;
	default:
		reply_error(r, 503, NULL);
		break;
	}
	return 1;
}

void
page_escalate(struct req *r)
{
	struct support_outcome	 res;
	struct esc_data		 d;
	const char		*body = r->f[F_SUP_BODY].present ?
				    r->f[F_SUP_BODY].s : "";
	char			*loc;
	int			 rc;

	if ((rc = support_escalate_apply(r, body, &res)) == -1)
		return;
	if (rc == 1) {
		memset(&d, 0, sizeof(d));
		if (store_qa_thread(r->w->db, r->a, qa_param_id(r->param[0]),
		    &d.t) == -1 || d.t == NULL) {
			reply_error(r, 503, NULL);
			return;
		}
		d.draft = body;
		d.errs = res.reasons;
		d.nerr = res.nreasons;
		layout_page(r, res.blocked ? 422 : 400,
		    T(r->lang, "Ask official support"), esc_main, &d);
		return;
	}
	loc = arena_printf(r->a, "/support/%lld%s", (long long)res.case_id,
	    res.masked ? "?masked=1" : "");
	reply_redirect(r, loc);
}

int
support_escalate_apply(struct req *r, const char *body,
    struct support_outcome *o)
{
	struct support_actor	 a;
	struct support_result	 res;

	actor(r, &a);
	support_escalate(r->a, r->w->db, r->lang, &a, qa_param_id(r->param[0]),
	    body, &res);
	if (failed(r, &res))
		return -1;
	if (outcome(&res, o))
		return 1;
	/* the public thread now says "escalated" */
	pcache_invalidate(r->w->cache);
	return 0;
}

void
page_support_of_thread(struct req *r)
{
	struct support_actor	 a;
	struct support_case	*c = NULL;
	int64_t			 id = qa_param_id(r->param[0]);

	actor(r, &a);
	if (id == 0 || store_support_by_thread(r->w->db, r->a, id, &c) == -1) {
		reply_error(r, id == 0 ? 404 : 503, NULL);
		return;
	}
	if (c == NULL || !support_may_see(&a, c)) {
		reply_error(r, 404, NULL);
		return;
	}
	reply_redirect(r, arena_printf(r->a, "/support/%lld",
	    (long long)c->id));
}

static void
case_main(struct html *w, struct req *r, void *arg)
{
	struct case_data	*d = arg;
	struct support_actor	 a;
	enum lang		 l = r->lang;
	size_t			 i;

	actor(r, &a);
	html_lit(w, "<h1>");
	html_text(w, T(l, "Support case"));
	html_lit(w, " #");
	html_int(w, d->c->id);
	html_lit(w, "</h1>\n<p class=\"support-meta\">");
	html_text(w, T(l, "Thread:"));
	html_lit(w, " <a href=\"/t/");
	html_int(w, d->c->thread_id);
	html_lit(w, "\">");
	html_text(w, d->c->title);
	html_lit(w, "</a> · ");
	html_text(w, T(l, "Asked by"));
	html_lit(w, " ");
	html_text(w, d->c->asker);
	html_lit(w, " · <span class=\"support-state\" data-state=\"");
	if (d->c->state == SUPPORT_RESOLVED)
		html_lit(w, "resolved");
	else
		html_lit(w, "open");
	html_lit(w, "\">");
	html_text(w, d->c->state == SUPPORT_RESOLVED ? T(l, "Resolved") :
	    T(l, "Open"));
	html_lit(w, "</span></p>\n<p class=\"notice\">");
	html_text(w, T(l, "Private: only the member who asked and the "
	    "exchange's staff can read this case. Staff never ask for your "
	    "password, recovery phrase or private key."));
	html_lit(w, "</p>\n");
	if (d->masked)
		masked_warning(w, r);
	html_lit(w, "<ol class=\"support-messages\">\n");
	for (i = 0; i < d->n; i++) {
		html_lit(w, "<li class=\"support-msg");
		if (d->m[i].staff)
			html_lit(w, " support-msg-staff");
		html_lit(w, "\" id=\"m");
		html_int(w, d->m[i].id);
		html_lit(w, "\"><div class=\"post-meta\">");
		widget_user(w, l, d->m[i].author,
		    d->m[i].role, d->m[i].author_id);
		html_lit(w, " ");
		widget_time(w, l, d->m[i].created);
		html_lit(w, "</div><div class=\"post-body\">");
		html_cooked(w, &(struct cooked){ d->m[i].cooked,
		    strlen(d->m[i].cooked) });
		html_lit(w, "</div>");
		if (d->m[i].masked) {
			html_lit(w, "<p class=\"hint support-masked\">");
			html_text(w, T(l, "A secret (recovery phrase or key) "
			    "was masked in this message before it was saved."));
			html_lit(w, "</p>");
		}
		if (d->m[i].flagged[0] != '\0' && support_is_staff(&a)) {
			html_lit(w, "<p class=\"hint support-flagged\">");
			html_text(w, T(l, "The filters flagged this message:"));
			html_lit(w, " ");
			html_text(w, d->m[i].flagged);
			html_lit(w, "</p>");
		}
		html_lit(w, "</li>\n");
	}
	html_lit(w, "</ol>\n");
	if (d->c->state == SUPPORT_OPEN) {
		if (support_is_staff(&a))
			canned_form(w, r, d->c);
		qa_errors_html(w, r, d->errs, d->nerr);
		html_lit(w, "<form method=\"post\" action=\"/support/");
		html_int(w, d->c->id);
		html_lit(w, "/reply\" class=\"post-form support-form\">");
		layout_csrf(w, r);
		html_lit(w, "<label for=\"support-body\">");
		html_text(w, T(l, "Reply (Markdown)"));
		html_lit(w, "</label><textarea id=\"support-body\" "
		    "name=\"body\" rows=\"8\" required maxlength=\"20000\">");
		if (d->draft != NULL)
			html_text(w, d->draft);
		html_lit(w, "</textarea><button type=\"submit\" "
		    "class=\"button\">");
		html_text(w, T(l, "Send"));
		html_lit(w, "</button></form>\n");
	}
	if (support_is_staff(&a)) {
		html_lit(w, "<form method=\"post\" action=\"/support/");
		html_int(w, d->c->id);
		html_lit(w, "/state\" class=\"inline\">");
		layout_csrf(w, r);
		if (d->c->state == SUPPORT_OPEN) {
			html_lit(w, "<input type=\"hidden\" name=\"action\" "
			    "value=\"resolve\"><button type=\"submit\" "
			    "class=\"btn\">");
			html_text(w, T(l, "Mark as resolved"));
		} else {
			html_lit(w, "<input type=\"hidden\" name=\"action\" "
			    "value=\"reopen\"><button type=\"submit\" "
			    "class=\"btn\">");
			html_text(w, T(l, "Reopen"));
		}
		html_lit(w, "</button></form>\n");
	}
}

/* Staff pick a canned reply (no script: a GET form fills the textarea). */
static void
canned_form(struct html *w, struct req *r, const struct support_case *c)
{
	const struct conf	*cf = r->w->conf;
	enum lang		 l = r->lang;
	size_t			 i;

	if (cf->ncanned == 0)
		return;
	html_lit(w, "<form method=\"get\" action=\"/support/");
	html_int(w, c->id);
	html_lit(w, "\" class=\"canned-form\"><label for=\"canned\">");
	html_text(w, T(l, "Canned reply"));
	html_lit(w, "</label> <select id=\"canned\" name=\"canned\">");
	for (i = 0; i < cf->ncanned; i++) {
		html_lit(w, "<option value=\"");
		html_attr(w, cf->canned[i].key);
		html_lit(w, ".ja\">");
		html_text(w, cf->canned[i].title[LANG_JA]);
		html_lit(w, " (日本語)</option><option value=\"");
		html_attr(w, cf->canned[i].key);
		html_lit(w, ".en\">");
		html_text(w, cf->canned[i].title[LANG_EN]);
		html_lit(w, " (English)</option>");
	}
	html_lit(w, "</select> <button type=\"submit\" class=\"btn\">");
	html_text(w, T(l, "Insert"));
	html_lit(w, "</button></form>\n");
}

/* The filled text of choice ("key.ja" / "key.en"), or NULL. */
static const char *
canned_text(struct req *r, const struct support_case *c, const char *choice)
{
	const struct conf	*cf = r->w->conf;
	const char		*dot;
	size_t			 i, klen;
	int			 li;

	if ((dot = strrchr(choice, '.')) == NULL)
		return NULL;
	if (strcmp(dot, ".ja") == 0)
		li = LANG_JA;
	else if (strcmp(dot, ".en") == 0)
		li = LANG_EN;
	else
		return NULL;
	klen = (size_t)(dot - choice);
	for (i = 0; i < cf->ncanned; i++)
		if (strlen(cf->canned[i].key) == klen &&
		    strncmp(cf->canned[i].key, choice, klen) == 0)
			return support_canned_fill(r->a,
			    cf->canned[i].body[li], c->asker,
			    r->sess->display_name, c->id, c->title);
	return NULL;
}

void
page_support(struct req *r)
{
	struct case_data	 d;
	struct support_actor	 a;

	memset(&d, 0, sizeof(d));
	if (load_case(r, &d.c) == -1)
		return;
	if (store_support_messages(r->w->db, r->a, d.c->id, &d.m,
	    &d.n) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	actor(r, &a);
	d.masked = r->f[F_SUPV_MASKED].present && r->f[F_SUPV_MASKED].i;
	if (r->f[F_SUPV_CANNED].present && support_is_staff(&a) &&
	    (d.draft = canned_text(r, d.c, r->f[F_SUPV_CANNED].s)) == NULL) {
		reply_error(r, 400, T(r->lang, "There is no such canned "
		    "reply."));
		return;
	}
	layout_page(r, 200, T(r->lang, "Support case"), case_main, &d);
}

void
page_support_reply(struct req *r)
{
	struct support_outcome	 res;
	struct case_data	 d;
	const char		*body = r->f[F_SUP_BODY].present ?
				    r->f[F_SUP_BODY].s : "";
	int			 rc;

	memset(&d, 0, sizeof(d));
	if ((rc = support_reply_apply(r, body, &d.c, &res)) == -1)
		return;
	if (rc == 1) {
		/* the case again, with the message and why it was refused */
		if (store_support_messages(r->w->db, r->a, d.c->id, &d.m,
		    &d.n) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
		d.draft = body;
		d.errs = res.reasons;
		d.nerr = res.nreasons;
		layout_page(r, res.blocked ? 422 : 400,
		    T(r->lang, "Support case"), case_main, &d);
		return;
	}
	reply_redirect(r, arena_printf(r->a, "/support/%lld%s",
	    (long long)d.c->id, res.masked ? "?masked=1" : ""));
}

int
support_reply_apply(struct req *r, const char *body,
    struct support_case **c, struct support_outcome *o)
{
	struct support_actor	 a;
	struct support_result	 res;

	if (load_case(r, c) == -1)
		return -1;
	actor(r, &a);
	support_reply(r->a, r->w->db, r->lang, &a, *c, body, &res);
	if (failed(r, &res))
		return -1;
	return outcome(&res, o);
}

void
page_support_state(struct req *r)
{
	struct support_outcome	 res;
	struct support_case	*c;

	if (support_state_apply(r, &c, &res) == -1)
		return;
	reply_redirect(r, arena_printf(r->a, "/support/%lld",
	    (long long)c->id));
}

int
support_state_apply(struct req *r, struct support_case **c,
    struct support_outcome *o)
{
	struct support_actor	 a;
	struct support_result	 res;

	if (load_case(r, c) == -1)
		return -1;
	actor(r, &a);
	support_set_resolved(r->w->db, &a, *c,
	    strcmp(r->f[F_SUPS_ACTION].s, "resolve") == 0, &res);
	if (failed(r, &res))
		return -1;
	(void)outcome(&res, o);
	if (o->changed)
		pcache_invalidate(r->w->cache);	/* the thread's tag */
	return 0;
}
