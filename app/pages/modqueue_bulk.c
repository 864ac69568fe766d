/* pages/modqueue_bulk.c: acting on many posts: a selection, a campaign. */
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

struct campaign_data {
	const char		*type, *value;
	struct campaign_row	*rows;
	size_t			 n;
	int			 blocked;
};

static void	 campaign_main(struct html *, struct req *, void *);
static int	 official_cb(void *, const char *);

/*
 * The bulk decision on the queue items of ids (a comma-separated list,
 * checked by valid_idlist): each one is modqueue_decide, its own
 * transaction; a remove without a reason is "other".  *done counts the
 * items decided, *taken those decided first by someone else.  0, or -1
 * when the store failed.  The page and the API (api/mod.c) call it.
 */
int
modqueue_bulk(struct req *r, enum modq_kind kind, const char *action,
    const char *reason, const char *ids, int *done, int *taken)
{
	const char		*s;
	char			*end;
	struct post_result	 res;
	int64_t			 id;

	*done = *taken = 0;
	if (strcmp(action, "remove") == 0 && reason[0] == '\0')
		reason = "other";
	if (strcmp(action, "remove") != 0)
		reason = "";
	for (s = ids; *s != '\0'; s = *end ? end + 1 : end) {
		id = strtoll(s, &end, 10);
		if (modqueue_decide(r, id, kind, action, reason, "bulk", "",
		    &res) == -1)
			return -1;
		if (res.err == POST_OK)
			(*done)++;
		else
			(*taken)++;
	}
	return 0;
}

void
page_mod_bulk(struct req *r)
{
	const char		*action = r->f[F_MODB_ACTION].s;
	enum modq_kind		 kind = modqueue_kind(r->f[F_MODB_KIND].s);
	const char		*reason = modqueue_str(r, F_MODB_REASON);
	int			 done = 0, taken = 0;

	if (kind == MQ__MAX) {
		reply_error_detail(r, 400, N_("A field is not valid:"), "kind");
		return;
	}
	if (!r->f[F_MODB_CONFIRM].i) {
		modqueue_message(r, 400, T(r->lang, "Please confirm"),
		    T(r->lang, "Tick the confirmation box to act on the "
		    "selected posts."), NULL,
		    arena_printf(r->a, "/mod/queue/%s",
		    store_modq_kind_name(kind)));
		return;
	}
	if (modqueue_bulk(r, kind, action, reason, r->f[F_MODB_IDS].s, &done,
	    &taken) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	modqueue_message(r, 200, T(r->lang, "Done"), arena_printf(r->a,
	    "%s: %d · %s: %d", T(r->lang, "Decided"), done, T(r->lang,
	    "Already decided by someone else"), taken), NULL,
	    arena_printf(r->a, "/mod/queue/%s", store_modq_kind_name(kind)));
}

/* --- campaigns ------------------------------------------------------------ */

static void
campaign_main(struct html *w, struct req *r, void *arg)
{
	struct campaign_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;
	int64_t			 last = 0, accounts = 0;

	for (i = 0; i < d->n; i++)
		if (d->rows[i].user_id != last) {
			accounts++;
			last = d->rows[i].user_id;
		}
	html_lit(w, "<nav class=\"crumbs\" aria-label=\"");
	html_attr(w, T(l, "Breadcrumbs"));
	html_lit(w, "\"><a href=\"/mod\">");
	html_text(w, T(l, "Moderation"));
	html_lit(w, "</a></nav>\n<h1>");
	html_text(w, T(l, "Campaign"));
	html_lit(w, ": <code>");
	html_text(w, d->value);
	html_lit(w, "</code></h1>\n<p>");
	html_text(w, d->type);
	html_lit(w, " · ");
	html_int(w, accounts);
	html_lit(w, " ");
	html_text(w, T(l, "accounts"));
	html_lit(w, " · ");
	html_int(w, (int64_t)d->n);
	html_lit(w, " ");
	html_text(w, T(l, "posts"));
	if (d->blocked) {
		html_lit(w, " · <strong>");
		html_text(w, T(l, "blocked as a scam"));
		html_lit(w, "</strong>");
	}
	html_lit(w, "</p>\n<table class=\"mod-campaign\"><thead><tr>"
	    "<th scope=\"col\">");
	html_text(w, T(l, "Account"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Post"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "State"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Posted"));
	html_lit(w, "</th></tr></thead><tbody>\n");
	for (i = 0; i < d->n; i++) {
		html_lit(w, "<tr><td>");
		html_text(w, d->rows[i].username);
		if (d->rows[i].suspended_until != 0) {
			html_lit(w, " <span class=\"tag\">");
			html_text(w, T(l, "suspended"));
			html_lit(w, "</span>");
		}
		html_lit(w, "</td><td><a href=\"/mod/post/");
		html_int(w, d->rows[i].post_id);
		html_lit(w, "\">");
		html_text(w, d->rows[i].title);
		html_lit(w, "</a></td><td>");
		html_text(w, modview_post_state(l, d->rows[i].state));
		html_lit(w, "</td><td>");
		widget_time(w, l, d->rows[i].created);
		html_lit(w, "</td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n<form method=\"post\" action=\""
	    "/mod/campaign\" class=\"mod-form mod-danger\"><fieldset><legend>");
	html_text(w, T(l, "Act on the whole campaign"));
	html_lit(w, "</legend>");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"type\" value=\"");
	html_attr(w, d->type);
	html_lit(w, "\"><input type=\"hidden\" name=\"value\" value=\"");
	html_attr(w, d->value);
	html_lit(w, "\"><p><label><input type=\"radio\" name=\"action\" "
	    "value=\"purge\" checked> ");
	html_text(w, T(l, "Purge every account above (suspend, remove all "
	    "their posts, sign them out) and block this contact point"));
	html_lit(w, "</label><br><label><input type=\"radio\" name=\"action\" "
	    "value=\"remove\"> ");
	html_text(w, T(l, "Remove the posts above as scam and block this "
	    "contact point"));
	html_lit(w, "</label></p><p><label>");
	html_text(w, T(l, "Suspension (days)"));
	html_lit(w, " <input name=\"days\" type=\"number\" min=\"1\" "
	    "max=\"3650\" value=\"365\"></label> <label>");
	html_text(w, T(l, "Reason the user sees"));
	html_lit(w, " <input name=\"reason\" maxlength=\"300\"></label></p>"
	    "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
	    "required> ");
	html_text(w, T(l, "I confirm this action on every account and post "
	    "listed"));
	html_lit(w, "</label></p><button type=\"submit\">");
	html_text(w, T(l, "Apply to the campaign"));
	html_lit(w, "</button></fieldset></form>\n");
}

void
page_mod_campaign(struct req *r)
{
	struct campaign_data	d;

	memset(&d, 0, sizeof(d));
	d.type = r->f[F_MODC_TYPE].s;
	d.value = r->f[F_MODC_VALUE].s;
	if (store_campaign_posts(r->w->db, r->a, d.type, d.value, &d.rows,
	    &d.n) == -1 || store_contact_blocked(r->w->db, r->a, d.type,
	    d.value, &d.blocked, NULL, NULL) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Campaign"), campaign_main, &d);
}

/* The campaign's official-contact test, for post_purge_campaign. */
static int
official_cb(void *arg, const char *value)
{
	return official_listed(arg, value);
}

int
modqueue_campaign_apply(struct req *r, struct post_result *res)
{
	struct post_campaign_in	 in;
	struct post_ctx		 c;
	struct post_actor	 by;

	if (!r->f[F_MODC_CONFIRM].i)
		return 1;
	memset(&in, 0, sizeof(in));
	in.type = r->f[F_MODC_TYPE].s;
	in.value = r->f[F_MODC_VALUE].s;
	in.purge = !r->f[F_MODC_ACTION].present ||
	    strcmp(r->f[F_MODC_ACTION].s, "purge") == 0;
	in.days = r->f[F_MODC_DAYS].present ? (int)r->f[F_MODC_DAYS].i : 365;
	in.reason = r->f[F_MODC_REASON].present && r->f[F_MODC_REASON].s[0] ?
	    r->f[F_MODC_REASON].s : "scam";
	in.official = official_cb;
	in.official_arg = r;
	qa_post_ctx(r, &c, &by);
	post_purge_campaign(&c, &in, res);
	return 0;
}

void
page_mod_campaign_act(struct req *r)
{
	struct post_result	 res;

	if (modqueue_campaign_apply(r, &res) == 1) {
		modqueue_message(r, 400, T(r->lang, "Please confirm"),
		    T(r->lang, "Tick the confirmation box first."), NULL,
		    "/mod");
		return;
	}
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	modqueue_message(r, 200, T(r->lang, "Done"), arena_printf(r->a,
	    "%s: %d · %s: %d · %s", T(r->lang, "Posts removed"), res.nposts,
	    T(r->lang, "Accounts purged"), res.naccounts, T(r->lang, "The "
	    "contact point is now blocked for everyone.")), NULL, "/mod");
}
