/* pages/modqueue_item.c: one post's review page and the decision on it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "http/server.h"
#include "http/pcache.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "pages/modq.h"
#include "pages/modqueue.h"
#include "pages/qa.h"
#include "post/post.h"
#include "pages/pages.h"
#include "pages/upload.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"
#include "view/widgets.h"

struct item_data {
	struct modq_item	*it;
	struct contact_row	*contacts;
	size_t			 ncontacts;
	enum modq_kind		 kind;	/* the open item acted on, or MQ_NONE */
	struct modlog_row	*last;	/* its latest decision, or NULL */
};

static void	 item_main(struct html *, struct req *, void *);
static const char *redact_secrets(struct req *, const char *, int,
		    const struct modq_check *);
static int	 item_last_decision(struct req *, struct item_data *);
static void	 taken_text(struct req *, struct modq_outcome *, struct buf *);

static void
item_main(struct html *w, struct req *r, void *arg)
{
	struct item_data	*d = arg;
	struct modq_item	*it = d->it;
	enum lang		 l = r->lang;
	struct modq_check	 chk;
	const char		*redacted;
	size_t			 i;
	int			 secret;

	/* The author's own secret is never approved as it stands: the
	 * form offers a redaction with the secret already replaced. */
	(void)modq_recheck(r, it, &chk);
	secret = chk.nsecrets > 0 || (!chk.ok &&
	    it->state == PS_PRIVATE);
	redacted = redact_secrets(r, it->body, it->state == PS_PRIVATE, &chk);

	html_lit(w, "<nav class=\"crumbs\" aria-label=\"");
	html_attr(w, T(l, "Breadcrumbs"));
	html_lit(w, "\"><a href=\"/mod\">");
	html_text(w, T(l, "Moderation"));
	html_lit(w, "</a></nav>\n<h1>");
	html_text(w, T(l, "Review a post"));
	html_lit(w, "</h1>\n<p class=\"mod-thread-link\"><a href=\"/t/");
	html_int(w, it->thread_id);
	html_lit(w, "#p");
	html_int(w, it->post_id);
	html_lit(w, "\">");
	html_text(w, T(l, "See it in its thread"));
	html_lit(w, "</a></p>\n<article class=\"mod-item\">");
	modqueue_item_card(w, r, it, 1);
	html_lit(w, "</article>\n");

	if (d->ncontacts > 0) {
		html_lit(w, "<section class=\"mod-contacts\"><h2>");
		html_text(w, T(l, "Contact points in this post"));
		html_lit(w, "</h2><ul>");
		for (i = 0; i < d->ncontacts; i++) {
			html_lit(w, "<li><a href=\"/mod/campaign?type=");
			html_url(w, d->contacts[i].type);
			html_lit(w, "&amp;value=");
			html_url(w, d->contacts[i].value);
			html_lit(w, "\">");
			html_text(w, d->contacts[i].type);
			html_lit(w, " <code>");
			html_text(w, d->contacts[i].value);
			html_lit(w, "</code></a> — ");
			html_int(w, d->contacts[i].accounts);
			html_lit(w, " ");
			html_text(w, T(l, "accounts used it"));
			if (d->contacts[i].blocked) {
				html_lit(w, " · <strong>");
				html_text(w, T(l, "blocked as a scam"));
				html_lit(w, "</strong>");
			}
			html_lit(w, "</li>");
		}
		html_lit(w, "</ul></section>\n");
	}

	upload_mod_html(w, r, it->post_id);

	/* Decided already (nothing open): the decision, not the forms. */
	if (d->kind == MQ_NONE && d->last != NULL) {
		html_lit(w, "<section class=\"mod-decided\"><h2>");
		html_text(w, T(l, "Decision"));
		html_lit(w, "</h2>\n<p role=\"status\">");
		html_text(w, d->last->actor);
		html_lit(w, " ");
		html_text(w, modview_action(l, d->last->action));
		html_lit(w, " · ");
		widget_time(w, l, d->last->at);
		if (d->last->reason[0] != '\0') {
			html_lit(w, " · ");
			html_text(w, T(l, "Reason"));
			html_lit(w, ": ");
			html_text(w, modview_reason(l, d->last->reason));
		}
		html_lit(w, "</p>\n<p><a href=\"/mod/log?target=");
		html_int(w, it->post_id);
		html_lit(w, "&amp;target_kind=post\">");
		html_text(w, T(l, "Its entries in the audit log (undo from "
		    "there)"));
		html_lit(w, "</a></p></section>\n");
		return;
	}
	html_lit(w, "<section class=\"mod-actions\"><h2>");
	html_text(w, T(l, "Decide"));
	html_lit(w, "</h2>\n");
	if (d->kind == MQ_NONE && it->state == PS_REMOVED) {
		html_lit(w, "<p>");
		html_text(w, T(l, "This post has been removed. Undo the "
		    "decision from the audit log if it was a mistake."));
		html_lit(w, "</p>");
	}
	/* approve: never while the author's secret is in the text */
	if (secret) {
		html_lit(w, "<p class=\"notice\" role=\"note\">");
		html_text(w, T(l, "This post holds the author's own recovery "
		    "phrase, private key or secret. It cannot be published as "
		    "it is: redact it below (the secret is already replaced "
		    "with [removed]), or remove the post."));
		html_lit(w, "</p>\n");
	} else {
		html_lit(w, "<form method=\"post\" action=\"/mod/post/");
		html_int(w, it->post_id);
		html_lit(w, "\" class=\"mod-form\">");
		layout_csrf(w, r);
		html_lit(w, "<input type=\"hidden\" name=\"kind\" "
		    "value=\"");
		html_attr(w, store_modq_kind_name(d->kind));
		html_lit(w, "\"><input type=\"hidden\" name=\"action\" "
		    "value=\"approve\"><button type=\"submit\">");
		html_text(w, T(l, "Approve and publish"));
		html_lit(w, "</button></form>\n");
	}
	if (d->kind == MQ_FLAGGED || it->nflags > 0) {
		html_lit(w, "<form method=\"post\" action=\"/mod/post/");
		html_int(w, it->post_id);
		html_lit(w, "\" class=\"mod-form\">");
		layout_csrf(w, r);
		html_lit(w, "<input type=\"hidden\" name=\"kind\" value=\"");
		html_attr(w, store_modq_kind_name(d->kind));
		html_lit(w, "\"><input type=\"hidden\" name=\"action\" "
		    "value=\"dismiss\"><button type=\"submit\">");
		html_text(w, T(l, "Dismiss the flags"));
		html_lit(w, "</button></form>\n");
	}
	/* remove (+ purge) */
	html_lit(w, "<form method=\"post\" action=\"/mod/post/");
	html_int(w, it->post_id);
	html_lit(w, "\" class=\"mod-form mod-danger\"><fieldset><legend>");
	html_text(w, T(l, "Remove"));
	html_lit(w, "</legend>");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"kind\" value=\"");
	html_attr(w, store_modq_kind_name(d->kind));
	html_lit(w, "\"><input type=\"hidden\" name=\"action\" "
	    "value=\"remove\"><label>");
	html_text(w, T(l, "Reason"));
	html_lit(w, " ");
	modview_reason_select(w, l, "reason", 1);
	html_lit(w, "</label> <label>");
	html_text(w, T(l, "Note for the audit log"));
	html_lit(w, " <input name=\"note\" maxlength=\"300\"></label><br>"
	    "<label><input type=\"checkbox\" name=\"purge\" value=\"1\"> ");
	html_text(w, T(l, "Also purge the author: suspend the account, remove "
	    "all their posts and sign them out everywhere"));
	html_lit(w, "</label> <label>");
	html_text(w, T(l, "Suspension (days)"));
	html_lit(w, " <input name=\"days\" type=\"number\" min=\"1\" "
	    "max=\"3650\" value=\"365\"></label> <label>");
	html_text(w, T(l, "Reason the user sees"));
	html_lit(w, " <input name=\"user_reason\" maxlength=\"300\"></label>"
	    "<br><label><input type=\"checkbox\" name=\"confirm\" "
	    "value=\"1\" required> ");
	html_text(w, T(l, "I confirm this removal"));
	html_lit(w, "</label> <button type=\"submit\">");
	html_text(w, T(l, "Remove"));
	html_lit(w, "</button></fieldset></form>\n");
	/* edit and approve */
	html_lit(w, "<form method=\"post\" action=\"/mod/post/");
	html_int(w, it->post_id);
	html_lit(w, "\" class=\"mod-form\"><fieldset><legend>");
	html_text(w, secret ? T(l, "Redact and approve") :
	    T(l, "Edit and approve"));
	html_lit(w, "</legend>");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"kind\" value=\"");
	html_attr(w, store_modq_kind_name(d->kind));
	html_lit(w, "\"><input type=\"hidden\" name=\"action\" value=\"edit\">"
	    "<label for=\"mod-body\">");
	html_text(w, T(l, "Text"));
	html_lit(w, "</label><textarea id=\"mod-body\" name=\"body\" rows=\"8\" "
	    "cols=\"70\">");
	if (redacted != NULL)
		html_text(w, redacted);
	html_lit(w, "</textarea><br><button type=\"submit\">");
	html_text(w, T(l, "Save and approve"));
	html_lit(w, "</button></fieldset></form>\n");
	html_lit(w, "<p><a href=\"/mod/user/");
	html_int(w, it->author_id);
	html_lit(w, "/purge\">");
	html_text(w, T(l, "Suspend or purge the author…"));
	html_lit(w, "</a></p></section>\n");
}

/*
 * The body with every secret span replaced by "[removed]" (arena-owned),
 * the text a redaction starts from; NULL when the filters did not run on
 * a private post (private: then nothing of it is shown).
 */
static const char *
redact_secrets(struct req *r, const char *body, int private,
    const struct modq_check *c)
{
	struct buf	 b;
	size_t		 i, k, n = strlen(body);
	int		 in, was = 0;

	if (!c->ok)
		return private ? NULL : body;
	buf_init(&b, r->a);
	buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		in = 0;
		for (k = 0; k < c->nspans; k++)
			if (c->spans[k].secret && i >= c->spans[k].start &&
			    i < c->spans[k].end)
				in = 1;
		if (in && !was)
			buf_puts(&b, "[removed]");
		else if (!in)
			buf_putc(&b, body[i]);
		was = in;
	}
	return b.p;
}

/* d->last: the post's latest approve/remove/edit/redact/dismiss. */
static int
item_last_decision(struct req *r, struct item_data *d)
{
	static const char *const decisions[] = { "approve", "remove", "edit",
	    "redact", "dismiss", NULL };
	struct modlog_filter	 lf;
	struct modlog_row	*rows;
	struct store_page	 pg;
	size_t			 n, i, k;

	memset(&lf, 0, sizeof(lf));
	lf.action = "";
	lf.actor = "";
	lf.target = d->it->post_id;
	lf.target_kind = "post";
	if (store_modlog_list(r->w->db, r->a, &lf, NULL, 10, 0, &rows,
	    &pg) == -1)
		return -1;
	n = pg.n;
	for (i = 0; i < n && d->last == NULL; i++)
		for (k = 0; decisions[k] != NULL; k++)
			if (strcmp(rows[i].action, decisions[k]) == 0)
				d->last = &rows[i];
	return 0;
}

void
page_mod_post(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct item_data	d;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	memset(&d, 0, sizeof(d));
	if (store_modq_item(r->w->db, r->a, id, &d.it) == -1)
		return;
	if (d.it == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	/* The open item acted on: the first open kind. */
	d.kind = d.it->kind;
	if (d.kind == MQ_NONE && d.it->state == PS_VISIBLE &&
	    d.it->author_trust == 0)
		d.kind = MQ_FIRST;
	if (store_contacts_of_post(r->w->db, r->a, d.it->post_id, &d.contacts,
	    &d.ncontacts) == -1)
		return;
	/* The latest moderator decision on the post, when nothing is open. */
	if (d.kind == MQ_NONE && item_last_decision(r, &d) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Review a post"), item_main, &d);
}

/* "Already decided by NAME: remove (scam), at TIME" */
static void
taken_text(struct req *r, struct modq_outcome *o, struct buf *b)
{
	buf_init(b, r->a);
	buf_printf(b, "%s %s: %s%s%s%s", T(r->lang, "Decided by"),
	    o->by && o->by[0] ? o->by : "?", o->decision ? o->decision : "",
	    o->decision_reason && o->decision_reason[0] ? " (" : "",
	    o->decision_reason ? o->decision_reason : "",
	    o->decision_reason && o->decision_reason[0] ? ")" : "");
}

/*
 * Decides one post through the lifecycle (post_moderate): the contact
 * points never to block on a scam removal are the exchange's official
 * ones.  Returns 0 (see res->err) or -1 when the store failed.
 */
int
modqueue_decide(struct req *r, int64_t post, enum modq_kind kind,
    const char *action, const char *reason, const char *note, const char *body,
    struct post_result *res)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_mod_in	 in;
	struct contact_row	*cs;
	const char		**keep;
	size_t			 ncs, i;

	memset(&in, 0, sizeof(in));
	in.kind = store_modq_kind_name(kind);
	in.action = action;
	in.reason = reason;
	in.note = note;
	in.body = body;
	if (strcmp(action, "remove") == 0 && strcmp(reason, "scam") == 0) {
		if (store_contacts_of_post(r->w->db, r->a, post, &cs,
		    &ncs) == -1)
			return -1;
		keep = arena_calloc(r->a, ncs + 1, sizeof(*keep));
		for (i = 0; i < ncs; i++)
			if (official_listed(r, cs[i].value))
				keep[in.nkeep++] = cs[i].value;
		in.keep = keep;
	}
	qa_post_ctx(r, &c, &by);
	post_moderate(&c, post, &in, res);
	if (res->err == POST_E_STORE)
		return -1;
	qa_post_done(r, res);
	return 0;
}

void
page_mod_decide(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct modq_outcome	 o;
	struct post_purge_in	 pu;
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res, pres;
	struct buf		 b;
	const char		*action = r->f[F_MODD_ACTION].s;
	enum modq_kind		 kind;
	const char		*reason = modqueue_str(r, F_MODD_REASON);
	int64_t			 post = id;
	char			*back = arena_printf(r->a, "/mod/post/%lld",
				    (long long)post);

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	kind = r->f[F_MODD_KIND].present && r->f[F_MODD_KIND].s[0] != '\0' ?
	    modqueue_kind(r->f[F_MODD_KIND].s) : MQ_NONE;
	if (kind == MQ__MAX) {
		reply_error_detail(r, 400, N_("A field is not valid:"), "kind");
		return;
	}
	if (strcmp(action, "remove") == 0 && !r->f[F_MODD_CONFIRM].i) {
		modqueue_message(r, 400, T(r->lang, "Please confirm"),
		    T(r->lang, "Tick the confirmation box to remove a post."),
		    NULL, back);
		return;
	}
	if (strcmp(action, "remove") == 0 && reason[0] == '\0') {
		modqueue_message(r, 400, T(r->lang, "Choose a reason"),
		    T(r->lang, "Choose why the post is removed: the author "
		    "and the audit log are told."), NULL, back);
		return;
	}
	if (strcmp(action, "remove") != 0)
		reason = "";
	if (strcmp(action, "edit") == 0 && !r->f[F_MODD_BODY].present) {
		reply_error_detail(r, 400, N_("A required field is missing:"),
		    "body");
		return;
	}
	memset(&o, 0, sizeof(o));
	qa_post_ctx(r, &c, &by);
	if (modqueue_decide(r, post, kind, action, reason,
	    modqueue_str(r, F_MODD_NOTE), modqueue_str(r, F_MODD_BODY),
	    &res) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (res.err == POST_E_NOTFOUND) {
		reply_error(r, 404, NULL);
		return;
	}
	if (res.err == POST_E_TAKEN) {
		o.by = res.taken_by;
		o.decision = res.taken_decision;
		o.decision_reason = res.taken_reason;
		taken_text(r, &o, &b);
		modqueue_message(r, 409, T(r->lang, "Already decided"),
		    T(r->lang, "Another moderator decided this item first. "
		    "Nothing was changed."), b.p, back);
		return;
	}
	if (res.err == POST_E_SECRET || res.err == POST_E_STALE) {
		modqueue_message(r, 409, T(r->lang, "Not published"),
		    i18n_get(r->lang, res.msg), NULL, back);
		return;
	}
	if (res.err != POST_OK) {
		reply_error(r, 403, res.msg);
		return;
	}
	if (strcmp(action, "remove") == 0 && r->f[F_MODD_PURGE].i) {
		memset(&pu, 0, sizeof(pu));
		pu.user = res.author_id;
		pu.days = r->f[F_MODD_DAYS].present ? (int)r->f[F_MODD_DAYS].i :
		    365;
		pu.reason = r->f[F_MODD_UREASON].present &&
		    r->f[F_MODD_UREASON].s[0] ? r->f[F_MODD_UREASON].s :
		    reason;
		pu.note = modqueue_str(r, F_MODD_NOTE);
		pu.remove_posts = 1;
		post_purge_user(&c, &pu, &pres);
		if (pres.err == POST_E_FORBIDDEN) {
			modqueue_message(r, 403, T(r->lang, "Post removed"),
			    T(r->lang, "The post was removed, but staff "
			    "accounts cannot be purged."), NULL, back);
			return;
		}
		if (qa_post_failed(r, &pres))
			return;
		qa_post_done(r, &pres);
	}
	reply_redirect(r, arena_printf(r->a, "/mod/post/%lld?done=%s",
	    (long long)post, action));
}
