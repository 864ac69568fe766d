/* pages/modqueue.c: the moderation dashboard, /metrics, shared helpers. */
/*
 * What moderators see and do (docs/moderation-queues.md) is split by
 * idea: the queue lists (modqueue_list.c), one post's review and
 * decision (modqueue_item.c), bulk and campaign actions
 * (modqueue_bulk.c), suspending or purging an account
 * (modqueue_purge.c).  Every change is a transition of app/post/ (one
 * transaction that appends to mod_log); these files check inputs, ask
 * for confirmation of destructive actions (a checkbox the server checks,
 * so it works without JavaScript) and render the result.
 * pages/modqueue.h is what they share.
 */
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


struct msg_data {
	const char	*title;
	const char	*text;
	const char	*detail;
	const char	*back;
};

struct health_data {
	struct modq_health	*h;
	size_t			 n;
};

static void	 msg_main(struct html *, struct req *, void *);
static void	 dash_main(struct html *, struct req *, void *);

/* An optional text field's value, or "". */
const char *
modqueue_str(struct req *r, int i)
{
	return r->f[i].present ? r->f[i].s : "";
}

enum modq_kind
modqueue_kind(const char *s)
{
	enum modq_kind	k = store_modq_kind_parse(s);

	return k == MQ_NONE ? MQ__MAX : k;
}

const char *
modqueue_kind_title(enum lang l, enum modq_kind k)
{
	switch (k) {
	case MQ_HELD:
		return T(l, "Held by the filters");
	case MQ_PRIVATE:
		return T(l, "Held privately (secrets)");
	case MQ_FLAGGED:
		return T(l, "Flagged by users");
	default:
		return T(l, "First posts of new accounts");
	}
}

void
modqueue_message(struct req *r, int status, const char *title,
    const char *text, const char *detail, const char *back)
{
	struct msg_data	d = { title, text, detail, back };

	layout_page(r, status, title, msg_main, &d);
}

static void
msg_main(struct html *w, struct req *r, void *arg)
{
	struct msg_data	*d = arg;

	html_lit(w, "<h1>");
	html_text(w, d->title);
	html_lit(w, "</h1>\n<p role=\"status\">");
	html_text(w, d->text);
	html_lit(w, "</p>\n");
	if (d->detail != NULL && d->detail[0] != '\0') {
		html_lit(w, "<p class=\"mod-detail\">");
		html_text(w, d->detail);
		html_lit(w, "</p>\n");
	}
	html_lit(w, "<p><a href=\"");
	html_attr(w, d->back ? d->back : "/mod");
	html_lit(w, "\">");
	html_text(w, T(r->lang, "Back"));
	html_lit(w, "</a></p>\n");
}

/* --- the dashboard and /metrics -------------------------------------- */

static void
dash_main(struct html *w, struct req *r, void *arg)
{
	struct health_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Moderation"));
	html_lit(w, "</h1>\n<table class=\"mod-health\"><caption>");
	html_text(w, T(l, "Queue health"));
	html_lit(w, "</caption><thead><tr><th scope=\"col\">");
	html_text(w, T(l, "Queue"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Waiting"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Oldest"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Median time to a decision (7 days)"));
	html_lit(w, "</th></tr></thead><tbody>\n");
	for (i = 0; i < d->n; i++) {
		html_lit(w, "<tr><th scope=\"row\"><a href=\"/mod/queue/");
		html_url(w, store_modq_kind_name(d->h[i].kind));
		html_lit(w, "\">");
		html_text(w, modqueue_kind_title(l, d->h[i].kind));
		html_lit(w, "</a></th><td>");
		if (d->h[i].kind == MQ_FIRST)
			html_lit(w, "—");
		else
			html_int(w, d->h[i].size);
		html_lit(w, "</td><td>");
		modview_age(w, l, d->h[i].oldest);
		html_lit(w, "</td><td>");
		modview_age(w, l, d->h[i].median);
		html_lit(w, "</td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n<ul class=\"mod-links\"><li><a href=\""
	    "/mod/log\">");
	html_text(w, T(l, "Audit log"));
	html_lit(w, "</a></li><li><a href=\"/mod/queue/appeals\">");
	html_text(w, T(l, "Appeals"));
	html_lit(w, "</a></li><li><a href=\"/mod/limits\">");
	html_text(w, T(l, "Rate limits"));
	html_lit(w, "</a></li><li><a href=\"/mod/rules\">");
	html_text(w, T(l, "Moderation rules"));
	html_lit(w, "</a></li><li><a href=\"/moderation\">");
	html_text(w, T(l, "Public moderation statistics"));
	html_lit(w, "</a></li><li><a href=\"/official\">");
	html_text(w, T(l, "Is this official?"));
	html_lit(w, "</a></li></ul>\n");
}

void
page_mod_dashboard(struct req *r)
{
	struct health_data	d;

	if (store_modq_health(r->w->db, r->a, &d.h, &d.n) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Moderation"), dash_main, &d);
}

int
page_metrics_modq(struct req *r, struct buf *bp)
{
	struct modq_health	*h;
	size_t			 n, i;

	if (store_modq_health(r->w->db, r->a, &h, &n) == -1)
		return -1;
	buf_puts(bp, "# HELP sodan_modq_size Items waiting in a moderation "
	    "queue.\n# TYPE sodan_modq_size gauge\n");
	for (i = 0; i < n; i++)
		if (h[i].kind != MQ_FIRST)
			buf_printf(bp, "sodan_modq_size{queue=\"%s\"} %lld\n",
			    store_modq_kind_name(h[i].kind),
			    (long long)h[i].size);
	buf_puts(bp, "# HELP sodan_modq_oldest_seconds Age of the oldest "
	    "waiting item.\n# TYPE sodan_modq_oldest_seconds gauge\n");
	for (i = 0; i < n; i++)
		if (h[i].kind != MQ_FIRST)
			buf_printf(bp, "sodan_modq_oldest_seconds{queue=\"%s\"} "
			    "%lld\n", store_modq_kind_name(h[i].kind),
			    (long long)h[i].oldest);
	buf_puts(bp, "# HELP sodan_modq_decision_median_seconds Median time "
	    "from queueing to a decision over the last 7 days.\n"
	    "# TYPE sodan_modq_decision_median_seconds gauge\n");
	for (i = 0; i < n; i++)
		buf_printf(bp, "sodan_modq_decision_median_seconds{queue=\"%s\"} "
		    "%lld\n", store_modq_kind_name(h[i].kind),
		    (long long)h[i].median);
	buf_puts(bp, "# HELP sodan_modq_decisions_7d Decisions over the last "
	    "7 days.\n# TYPE sodan_modq_decisions_7d gauge\n");
	for (i = 0; i < n; i++)
		buf_printf(bp, "sodan_modq_decisions_7d{queue=\"%s\"} %lld\n",
		    store_modq_kind_name(h[i].kind), (long long)h[i].decided);
	return 0;
}

