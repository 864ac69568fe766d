/* pages/modqueue.c: moderator queues, item pages, decisions, purge, bulk, campaigns, health. */
/*
 * What moderators see and do (docs/moderation-queues.md).  Every state
 * change is one store call (store/modq.c) that runs in one transaction
 * and appends to mod_log; this file only checks inputs, asks for
 * confirmation of destructive actions (a checkbox the server checks, so
 * it works without JavaScript), computes the classifier features of the
 * post decided (moderation library) and renders the result.
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

#define PER_PAGE	20

static const char *const queue_kinds[] = { "held", "private", "flagged",
    "first", NULL };

struct queue_data {
	const char		*kind;
	struct modq_item	*items;
	size_t			 n;
	int64_t			 page;
	int			 has_next;
	const char		*cat, *lang, *reason;
	struct category		*cats;
	size_t			 ncats;
};

struct item_data {
	struct modq_item	*it;
	struct contact_row	*contacts;
	size_t			 ncontacts;
	const char		*kind;	/* the open item acted on ("" none) */
	struct modlog_row	*last;	/* its latest decision, or NULL */
};

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

struct campaign_data {
	const char		*type, *value;
	struct campaign_row	*rows;
	size_t			 n;
	int			 blocked;
};

struct purge_data {
	int64_t			 user;
	struct modq_item	*it;	/* optional: the post that led here */
};

static int	 kind_ok(const char *);
static const char *kind_title(enum lang, const char *);
static void	 queue_main(struct html *, struct req *, void *);
static void	 queue_filters(struct html *, struct req *, struct queue_data *);
static void	 queue_link(struct html *, struct req *, struct queue_data *,
		    int64_t);
static void	 item_card(struct html *, struct req *, struct modq_item *,
		    int);
static void	 reasons_list(struct html *, struct req *, const char *,
		    const struct modq_check *);
static void	 item_main(struct html *, struct req *, void *);
static const char *redact_secrets(struct req *, const char *, int,
		    const struct modq_check *);
static void	 msg_main(struct html *, struct req *, void *);
static void	 dash_main(struct html *, struct req *, void *);
static void	 campaign_main(struct html *, struct req *, void *);
static void	 purge_main(struct html *, struct req *, void *);
static void	 message(struct req *, int, const char *, const char *,
		    const char *, const char *);
struct post_result;
static int	 decide_one(struct req *, int64_t, const char *, const char *,
		    const char *, const char *, const char *,
		    struct post_result *);
static void	 taken_text(struct req *, struct modq_outcome *, struct buf *);
static json_t	*item_json(struct modq_item *);
static int	 official_cb(void *, const char *);
static const char *q_str(struct req *, int);

/* An optional text field's value, or "". */
static const char *
q_str(struct req *r, int i)
{
	return r->f[i].present ? r->f[i].s : "";
}

static int
kind_ok(const char *k)
{
	size_t	i;

	for (i = 0; queue_kinds[i] != NULL; i++)
		if (strcmp(k, queue_kinds[i]) == 0)
			return 1;
	return 0;
}

static const char *
kind_title(enum lang l, const char *k)
{
	if (strcmp(k, "held") == 0)
		return T(l, "Held by the filters");
	if (strcmp(k, "private") == 0)
		return T(l, "Held privately (secrets)");
	if (strcmp(k, "flagged") == 0)
		return T(l, "Flagged by users");
	return T(l, "First posts of new accounts");
}

static void
message(struct req *r, int status, const char *title, const char *text,
    const char *detail, const char *back)
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
		html_url(w, d->h[i].kind);
		html_lit(w, "\">");
		html_text(w, kind_title(l, d->h[i].kind));
		html_lit(w, "</a></th><td>");
		if (strcmp(d->h[i].kind, "first") == 0)
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
		if (strcmp(h[i].kind, "first") != 0)
			buf_printf(bp, "sodan_modq_size{queue=\"%s\"} %lld\n",
			    h[i].kind, (long long)h[i].size);
	buf_puts(bp, "# HELP sodan_modq_oldest_seconds Age of the oldest "
	    "waiting item.\n# TYPE sodan_modq_oldest_seconds gauge\n");
	for (i = 0; i < n; i++)
		if (strcmp(h[i].kind, "first") != 0)
			buf_printf(bp, "sodan_modq_oldest_seconds{queue=\"%s\"} "
			    "%lld\n", h[i].kind, (long long)h[i].oldest);
	buf_puts(bp, "# HELP sodan_modq_decision_median_seconds Median time "
	    "from queueing to a decision over the last 7 days.\n"
	    "# TYPE sodan_modq_decision_median_seconds gauge\n");
	for (i = 0; i < n; i++)
		buf_printf(bp, "sodan_modq_decision_median_seconds{queue=\"%s\"} "
		    "%lld\n", h[i].kind, (long long)h[i].median);
	buf_puts(bp, "# HELP sodan_modq_decisions_7d Decisions over the last "
	    "7 days.\n# TYPE sodan_modq_decisions_7d gauge\n");
	for (i = 0; i < n; i++)
		buf_printf(bp, "sodan_modq_decisions_7d{queue=\"%s\"} %lld\n",
		    h[i].kind, (long long)h[i].decided);
	return 0;
}

/* --- queues -------------------------------------------------------------- */

static void
queue_link(struct html *w, struct req *r, struct queue_data *d, int64_t page)
{
	(void)r;
	html_lit(w, "/mod/queue/");
	html_url(w, d->kind);
	html_lit(w, "?category=");
	html_url(w, d->cat);
	html_lit(w, "&amp;lang=");
	html_url(w, d->lang);
	html_lit(w, "&amp;reason=");
	html_url(w, d->reason);
	html_lit(w, "&amp;page=");
	html_int(w, page);
}

static void
queue_filters(struct html *w, struct req *r, struct queue_data *d)
{
	enum lang	l = r->lang;
	size_t		i;

	html_lit(w, "<form class=\"mod-filters\" method=\"get\" action=\"/mod/"
	    "queue/");
	html_url(w, d->kind);
	html_lit(w, "\"><label>");
	html_text(w, T(l, "Category"));
	html_lit(w, " <select name=\"category\"><option value=\"\">");
	html_text(w, T(l, "All"));
	html_lit(w, "</option>");
	for (i = 0; i < d->ncats; i++) {
		html_lit(w, "<option value=\"");
		html_attr(w, d->cats[i].slug);
		html_lit(w, "\"");
		if (strcmp(d->cats[i].slug, d->cat) == 0)
			html_lit(w, " selected");
		html_lit(w, ">");
		html_text(w, d->cats[i].name[l]);
		html_lit(w, "</option>");
	}
	html_lit(w, "</select></label> <label>");
	html_text(w, T(l, "Language"));
	html_lit(w, " <select name=\"lang\"><option value=\"\">");
	html_text(w, T(l, "All"));
	html_lit(w, "</option><option value=\"ja\"");
	if (strcmp(d->lang, "ja") == 0)
		html_lit(w, " selected");
	html_lit(w, ">日本語</option><option value=\"en\"");
	if (strcmp(d->lang, "en") == 0)
		html_lit(w, " selected");
	html_lit(w, ">English</option></select></label> <label>");
	html_text(w, T(l, "Reason"));
	html_lit(w, " <input name=\"reason\" size=\"16\" value=\"");
	html_attr(w, d->reason);
	html_lit(w, "\" placeholder=\"scam, contact.phone…\"></label> "
	    "<button type=\"submit\">");
	html_text(w, T(l, "Filter"));
	html_lit(w, "</button></form>\n");
}

/* One item: what the moderator needs to decide, with evidence. */
static void
item_card(struct html *w, struct req *r, struct modq_item *it, int full)
{
	enum lang		 l = r->lang;
	const char		*s, *e;
	time_t			 now = time(NULL);
	struct modq_check	 chk;
	int			 masked;

	html_lit(w, "<h2 class=\"mod-item-title\"><a href=\"/mod/post/");
	html_int(w, it->post_id);
	html_lit(w, "\" lang=\"");
	html_attr(w, it->lang);
	html_lit(w, "\">");
	html_text(w, it->title);
	html_lit(w, "</a></h2>\n<p class=\"mod-meta\">");
	html_text(w, strcmp(it->post_kind, "question") == 0 ?
	    T(l, "Question") : T(l, "Answer"));
	html_lit(w, " · ");
	html_text(w, T(l, "waiting"));
	html_lit(w, " ");
	modview_age(w, l, (int64_t)now - it->queued);
	html_lit(w, " · ");
	html_text(w, it->category);
	html_lit(w, " · ");
	html_text(w, modview_lang(it->lang));
	html_lit(w, " · ");
	html_text(w, T(l, "author"));
	html_lit(w, " <a href=\"/mod/log?target=");
	html_int(w, it->author_id);
	html_lit(w, "\">");
	html_text(w, it->author);
	html_lit(w, "</a> (");
	html_text(w, T(l, "trust"));
	html_lit(w, " ");
	html_int(w, it->author_trust);
	html_lit(w, ", ");
	html_text(w, T(l, "account age"));
	html_lit(w, " ");
	modview_age(w, l, (int64_t)now - it->author_created);
	html_lit(w, ") · ");
	html_text(w, T(l, "state"));
	html_lit(w, " <span class=\"mod-state\" data-state=\"");
	html_attr(w, it->state);
	html_lit(w, "\">");
	html_text(w, modview_state(l, it->state));
	html_lit(w, "</span></p>\n");
	(void)modq_recheck(r, it, &chk);
	if (it->reasons[0] != '\0' || it->score > 0) {
		html_lit(w, "<div class=\"mod-reasons\"><p><strong>");
		html_text(w, T(l, "Filter score"));
		html_lit(w, "</strong> ");
		html_text(w, arena_printf(r->a, "%.2f", it->score));
		html_lit(w, " · <strong>");
		html_text(w, T(l, "Reasons"));
		html_lit(w, "</strong></p>");
		reasons_list(w, r, it->reasons, &chk);
		html_lit(w, "</div>\n");
	}
	if (it->nflags > 0) {
		html_lit(w, "<div class=\"mod-flags\"><strong>");
		html_int(w, it->nflags);
		html_lit(w, " ");
		html_text(w, T(l, "flags"));
		html_lit(w, "</strong><ul>");
		for (s = it->flags; *s != '\0'; s = *e ? e + 1 : e) {
			e = strchr(s, ',');
			if (e == NULL)
				e = s + strlen(s);
			html_lit(w, "<li>");
			modview_flag(w, l, arena_strndup(r->a, s,
			    (size_t)(e - s)));
			html_lit(w, "</li>");
		}
		html_lit(w, "</ul></div>\n");
	}
	masked = strcmp(it->state, "private") == 0 ||
	    strstr(it->kind, "private") != NULL;
	/* A private post is shown only when the filters find its secret
	 * again, with the secret masked; otherwise its length only. */
	if (chk.ok && (!masked || chk.nsecrets > 0))
		modview_body_marked(w, r, it->body, chk.spans, chk.nspans,
		    full);
	else
		modview_body(w, r, it->body, masked, full);
}

/*
 * The stored rule ids ("rule; rule p=..."), each with its sentence in
 * the viewer's language when the filters found it again (chk), else as
 * recorded.
 */
static void
reasons_list(struct html *w, struct req *r, const char *ids,
    const struct modq_check *chk)
{
	enum lang	 l = r->lang;
	const char	*s, *e, *sentence;
	char		*id, *sp;
	size_t		 i, n;

	html_lit(w, "<ul class=\"mod-reason-list\">");
	for (s = ids; *s != '\0'; s = *e ? e + 1 : e) {
		while (*s == ' ')
			s++;
		if ((e = strchr(s, ';')) == NULL)
			e = s + strlen(s);
		if ((n = (size_t)(e - s)) == 0)
			continue;
		id = arena_strndup(r->a, s, n);
		if ((sp = strchr(id, ' ')) != NULL)	/* "learned.db p=0.9" */
			*sp = '\0';
		sentence = NULL;
		for (i = 0; i < chk->nreasons && sentence == NULL; i++)
			if (strcmp(chk->rule[i], id) == 0)
				sentence = chk->text[i];
		if (sentence == NULL && strcmp(id, "contact.blocked") == 0)
			sentence = T(l, "It gives a contact point that was "
			    "removed here as a scam.");
		if (sentence == NULL && strcmp(id, "learned.db") == 0)
			sentence = T(l, "Spam probability from the classifier "
			    "trained on moderators' decisions");
		html_lit(w, "<li>");
		if (sentence != NULL && sentence[0] != '\0') {
			html_text(w, sentence);
			html_lit(w, " ");
		}
		html_lit(w, "<code class=\"mod-rule\">");
		html_textn(w, s, n);
		html_lit(w, "</code></li>");
	}
	html_lit(w, "</ul>");
}

static void
queue_main(struct html *w, struct req *r, void *arg)
{
	struct queue_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i, k;

	html_lit(w, "<nav class=\"crumbs\" aria-label=\"");
	html_attr(w, T(l, "Breadcrumbs"));
	html_lit(w, "\"><a href=\"/mod\">");
	html_text(w, T(l, "Moderation"));
	html_lit(w, "</a></nav>\n<h1>");
	html_text(w, kind_title(l, d->kind));
	html_lit(w, "</h1>\n<nav class=\"mod-tabs\" aria-label=\"");
	html_attr(w, T(l, "Queues"));
	html_lit(w, "\"><ul>");
	for (k = 0; queue_kinds[k] != NULL; k++) {
		html_lit(w, "<li><a href=\"/mod/queue/");
		html_url(w, queue_kinds[k]);
		html_lit(w, "\"");
		if (strcmp(queue_kinds[k], d->kind) == 0)
			html_lit(w, " aria-current=\"page\"");
		html_lit(w, ">");
		html_text(w, kind_title(l, queue_kinds[k]));
		html_lit(w, "</a></li>");
	}
	html_lit(w, "</ul></nav>\n");
	queue_filters(w, r, d);
	if (d->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "Nothing is waiting here."));
		html_lit(w, "</p>\n");
	} else {
		html_lit(w, "<form method=\"post\" action=\"/mod/bulk\">");
		layout_csrf(w, r);
		html_lit(w, "<input type=\"hidden\" name=\"kind\" value=\"");
		html_attr(w, d->kind);
		html_lit(w, "\"><ol class=\"mod-queue\">\n");
		for (i = 0; i < d->n; i++) {
			html_lit(w, "<li class=\"mod-item\"><label class=\""
			    "mod-select\"><input type=\"checkbox\" name=\"ids\" "
			    "value=\"");
			html_int(w, d->items[i].post_id);
			html_lit(w, "\"> ");
			html_text(w, T(l, "Select"));
			html_lit(w, "</label>\n");
			item_card(w, r, &d->items[i], 0);
			html_lit(w, "</li>\n");
		}
		html_lit(w, "</ol>\n<fieldset class=\"mod-bulk\"><legend>");
		html_text(w, T(l, "Selected posts"));
		html_lit(w, "</legend><label><span class=\"visually-hidden\">");
		html_text(w, T(l, "Action"));
		html_lit(w, "</span><select name=\"action\">"
		    "<option value=\"approve\">");
		html_text(w, T(l, "Approve"));
		html_lit(w, "</option><option value=\"remove\">");
		html_text(w, T(l, "Remove"));
		html_lit(w, "</option><option value=\"dismiss\">");
		html_text(w, T(l, "Dismiss flags"));
		html_lit(w, "</option></select></label> <label>");
		html_text(w, T(l, "Reason"));
		html_lit(w, " ");
		modview_reason_select(w, l, "reason", 0);
		html_lit(w, "</label> <label><input type=\"checkbox\" "
		    "name=\"confirm\" value=\"1\"> ");
		html_text(w, T(l, "I have checked every selected post"));
		html_lit(w, "</label> <button type=\"submit\">");
		html_text(w, T(l, "Apply to selected"));
		html_lit(w, "</button></fieldset></form>\n");
	}
	if (d->page > 1 || d->has_next) {
		html_lit(w, "<nav class=\"pager\" aria-label=\"");
		html_attr(w, T(l, "Pages"));
		html_lit(w, "\">");
		if (d->page > 1) {
			html_lit(w, "<a rel=\"prev\" href=\"");
			queue_link(w, r, d, d->page - 1);
			html_lit(w, "\">");
			html_text(w, T(l, "Previous"));
			html_lit(w, "</a> ");
		}
		if (d->has_next) {
			html_lit(w, "<a rel=\"next\" href=\"");
			queue_link(w, r, d, d->page + 1);
			html_lit(w, "\">");
			html_text(w, T(l, "Next"));
			html_lit(w, "</a>");
		}
		html_lit(w, "</nav>\n");
	}
}

/* Loads a queue page from the request; 0, or -1 after replying. */
static int
queue_load(struct req *r, struct queue_data *d)
{
	memset(d, 0, sizeof(*d));
	d->kind = r->param[0];
	if (!kind_ok(d->kind)) {
		reply_error(r, 404, NULL);
		return -1;
	}
	d->page = r->f[F_MODQ_PAGE].present ? r->f[F_MODQ_PAGE].i : 1;
	d->cat = q_str(r, F_MODQ_CATEGORY);
	d->lang = q_str(r, F_MODQ_LANG);
	d->reason = q_str(r, F_MODQ_REASON);
	if (store_modq_list(r->w->db, r->a, d->kind, r->w->conf->first_posts,
	    d->cat, d->lang, d->reason, PER_PAGE + 1,
	    (int)((d->page - 1) * PER_PAGE), &d->items, &d->n) == -1 ||
	    store_categories(r->w->db, r->a, &d->cats, &d->ncats) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (d->n > PER_PAGE) {
		d->n = PER_PAGE;
		d->has_next = 1;
	}
	return 0;
}

void
page_mod_queue(struct req *r)
{
	struct queue_data	d;

	if (queue_load(r, &d) == -1)
		return;
	layout_page(r, 200, kind_title(r->lang, d.kind), queue_main, &d);
}

static json_t *
item_json(struct modq_item *it)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:i, "
	    "s:I, s:I, s:s, s:f, s:s, s:s, s:s}",
	    "post_id", (json_int_t)it->post_id,
	    "thread_id", (json_int_t)it->thread_id,
	    "title", it->title, "lang", it->lang, "category", it->category,
	    "post_kind", it->post_kind, "state", it->state,
	    "author_id", (json_int_t)it->author_id, "author", it->author,
	    "author_trust", it->author_trust,
	    "queued_at", (json_int_t)it->queued,
	    "flags_open", (json_int_t)it->nflags, "flags", it->flags,
	    "score", it->score, "reasons", it->reasons, "queue", it->kind,
	    "body", strcmp(it->state, "private") == 0 ? "" : it->body);
}

void
api_mod_queue(struct req *r)
{
	struct queue_data	 d;
	json_t			*arr, *root;
	size_t			 i;
	char			*s;

	if (queue_load(r, &d) == -1)
		return;
	arr = json_array();
	for (i = 0; i < d.n; i++)
		json_array_append_new(arr, item_json(&d.items[i]));
	root = json_pack("{s:s, s:I, s:b, s:o}", "queue", d.kind,
	    "page", (json_int_t)d.page, "has_next", d.has_next, "items", arr);
	s = json_dumps(root, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(root);
}

/* --- one item ------------------------------------------------------------ */

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
	    strcmp(it->state, "private") == 0);
	redacted = redact_secrets(r, it->body, strcmp(it->state,
	    "private") == 0, &chk);

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
	item_card(w, r, it, 1);
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
	if (d->kind[0] == '\0' && d->last != NULL) {
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
	if (d->kind[0] == '\0' && strcmp(it->state, "removed") == 0) {
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
		html_attr(w, d->kind);
		html_lit(w, "\"><input type=\"hidden\" name=\"action\" "
		    "value=\"approve\"><button type=\"submit\">");
		html_text(w, T(l, "Approve and publish"));
		html_lit(w, "</button></form>\n");
	}
	if (strstr(d->kind, "flagged") != NULL || it->nflags > 0) {
		html_lit(w, "<form method=\"post\" action=\"/mod/post/");
		html_int(w, it->post_id);
		html_lit(w, "\" class=\"mod-form\">");
		layout_csrf(w, r);
		html_lit(w, "<input type=\"hidden\" name=\"kind\" value=\"");
		html_attr(w, d->kind);
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
	html_attr(w, d->kind);
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
	html_attr(w, d->kind);
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
	size_t			 n, i, k;

	memset(&lf, 0, sizeof(lf));
	lf.action = "";
	lf.actor = "";
	lf.target = d->it->post_id;
	lf.target_kind = "post";
	if (store_modlog_list(r->w->db, r->a, &lf, 10, 0, &rows, &n) == -1)
		return -1;
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
	char			*sp;

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
	d.kind = arena_strdup(r->a, d.it->kind);
	if ((sp = strchr(d.kind, ' ')) != NULL)
		*sp = '\0';
	if (d.kind[0] == '\0' && strcmp(d.it->state, "visible") == 0 &&
	    d.it->author_trust == 0)
		d.kind = "first";
	if (store_contacts_of_post(r->w->db, r->a, d.it->post_id, &d.contacts,
	    &d.ncontacts) == -1)
		return;
	/* The latest moderator decision on the post, when nothing is open. */
	if (d.kind[0] == '\0' && item_last_decision(r, &d) == -1)
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
static int
decide_one(struct req *r, int64_t post, const char *kind, const char *action,
    const char *reason, const char *note, const char *body,
    struct post_result *res)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_mod_in	 in;
	struct contact_row	*cs;
	const char		**keep;
	size_t			 ncs, i;

	memset(&in, 0, sizeof(in));
	in.kind = kind;
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
	const char		*kind = q_str(r, F_MODD_KIND);
	const char		*reason = q_str(r, F_MODD_REASON);
	int64_t			 post = id;
	char			*back = arena_printf(r->a, "/mod/post/%lld",
				    (long long)post);

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (kind[0] != '\0' && !kind_ok(kind)) {
		reply_error_detail(r, 400, N_("A field is not valid:"), "kind");
		return;
	}
	if (strcmp(action, "remove") == 0 && !r->f[F_MODD_CONFIRM].i) {
		message(r, 400, T(r->lang, "Please confirm"),
		    T(r->lang, "Tick the confirmation box to remove a post."),
		    NULL, back);
		return;
	}
	if (strcmp(action, "remove") == 0 && reason[0] == '\0') {
		message(r, 400, T(r->lang, "Choose a reason"),
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
	if (decide_one(r, post, kind, action, reason, q_str(r, F_MODD_NOTE),
	    q_str(r, F_MODD_BODY), &res) == -1) {
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
		message(r, 409, T(r->lang, "Already decided"),
		    T(r->lang, "Another moderator decided this item first. "
		    "Nothing was changed."), b.p, back);
		return;
	}
	if (res.err == POST_E_SECRET || res.err == POST_E_STALE) {
		message(r, 409, T(r->lang, "Not published"),
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
		pu.note = q_str(r, F_MODD_NOTE);
		pu.remove_posts = 1;
		post_purge_user(&c, &pu, &pres);
		if (pres.err == POST_E_FORBIDDEN) {
			message(r, 403, T(r->lang, "Post removed"),
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

/* --- bulk ---------------------------------------------------------------- */

void
page_mod_bulk(struct req *r)
{
	const char		*action = r->f[F_MODB_ACTION].s;
	const char		*kind = r->f[F_MODB_KIND].s;
	const char		*reason = q_str(r, F_MODB_REASON);
	const char		*s;
	char			*end;
	struct post_result	 res;
	int			 done = 0, taken = 0;
	int64_t			 id;

	if (!kind_ok(kind)) {
		reply_error_detail(r, 400, N_("A field is not valid:"), "kind");
		return;
	}
	if (!r->f[F_MODB_CONFIRM].i) {
		message(r, 400, T(r->lang, "Please confirm"),
		    T(r->lang, "Tick the confirmation box to act on the "
		    "selected posts."), NULL,
		    arena_printf(r->a, "/mod/queue/%s", kind));
		return;
	}
	if (strcmp(action, "remove") == 0 && reason[0] == '\0')
		reason = "other";
	if (strcmp(action, "remove") != 0)
		reason = "";
	for (s = r->f[F_MODB_IDS].s; *s != '\0'; s = *end ? end + 1 : end) {
		id = strtoll(s, &end, 10);
		if (decide_one(r, id, kind, action, reason, "bulk", "",
		    &res) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
		if (res.err == POST_OK)
			done++;
		else
			taken++;
	}
	message(r, 200, T(r->lang, "Done"), arena_printf(r->a, "%s: %d · %s: "
	    "%d", T(r->lang, "Decided"), done, T(r->lang, "Already decided "
	    "by someone else"), taken), NULL,
	    arena_printf(r->a, "/mod/queue/%s", kind));
}

/* --- suspend and purge ------------------------------------------------- */

static void
purge_main(struct html *w, struct req *r, void *arg)
{
	struct purge_data	*d = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Suspend or purge an account"));
	html_lit(w, "</h1>\n<form method=\"post\" action=\"/mod/user/");
	html_int(w, d->user);
	html_lit(w, "/purge\" class=\"mod-form mod-danger\">");
	layout_csrf(w, r);
	html_lit(w, "<p><label><input type=\"radio\" name=\"what\" "
	    "value=\"purge\" checked> ");
	html_text(w, T(l, "Purge: suspend, remove all their posts and sign "
	    "them out everywhere"));
	html_lit(w, "</label><br><label><input type=\"radio\" name=\"what\" "
	    "value=\"suspend\"> ");
	html_text(w, T(l, "Suspend only"));
	html_lit(w, "</label></p><p><label>");
	html_text(w, T(l, "Suspension (days)"));
	html_lit(w, " <input name=\"days\" type=\"number\" min=\"1\" "
	    "max=\"3650\" value=\"365\" required></label></p><p><label>");
	html_text(w, T(l, "Reason the user sees"));
	html_lit(w, " <input name=\"reason\" maxlength=\"300\" required>"
	    "</label></p><p><label>");
	html_text(w, T(l, "Note for the audit log"));
	html_lit(w, " <input name=\"note\" maxlength=\"300\"></label></p>"
	    "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
	    "required> ");
	html_text(w, T(l, "I confirm this action on the account"));
	html_lit(w, "</label></p><button type=\"submit\">");
	html_text(w, T(l, "Apply"));
	html_lit(w, "</button></form>\n");
}

void
page_mod_purge_form(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct purge_data	d;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	memset(&d, 0, sizeof(d));
	d.user = id;
	layout_page(r, 200, T(r->lang, "Suspend or purge an account"),
	    purge_main, &d);
}

void
page_mod_purge(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct post_purge_in	 pu;
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (!r->f[F_MODU_CONFIRM].i) {
		message(r, 400, T(r->lang, "Please confirm"),
		    T(r->lang, "Tick the confirmation box first."), NULL,
		    arena_printf(r->a, "/mod/user/%lld/purge",
		    (long long)id));
		return;
	}
	memset(&pu, 0, sizeof(pu));
	pu.user = id;
	pu.days = (int)r->f[F_MODU_DAYS].i;
	pu.reason = r->f[F_MODU_REASON].s;
	pu.note = q_str(r, F_MODU_NOTE);
	pu.remove_posts = !r->f[F_MODU_WHAT].present ||
	    strcmp(r->f[F_MODU_WHAT].s, "purge") == 0;
	qa_post_ctx(r, &c, &by);
	post_purge_user(&c, &pu, &res);
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	message(r, 200, T(r->lang, "Done"), pu.remove_posts ?
	    T(r->lang, "The account is suspended, its posts are removed and "
	    "its sessions have ended.") : T(r->lang, "The account is "
	    "suspended."), NULL, "/mod");
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
		if (d->rows[i].suspended_until > 0) {
			html_lit(w, " <span class=\"tag\">");
			html_text(w, T(l, "suspended"));
			html_lit(w, "</span>");
		}
		html_lit(w, "</td><td><a href=\"/mod/post/");
		html_int(w, d->rows[i].post_id);
		html_lit(w, "\">");
		html_text(w, d->rows[i].title);
		html_lit(w, "</a></td><td>");
		html_text(w, modview_state(l, d->rows[i].state));
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

void
page_mod_campaign_act(struct req *r)
{
	struct post_campaign_in	 in;
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;

	if (!r->f[F_MODC_CONFIRM].i) {
		message(r, 400, T(r->lang, "Please confirm"),
		    T(r->lang, "Tick the confirmation box first."), NULL, "/mod");
		return;
	}
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
	post_purge_campaign(&c, &in, &res);
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	message(r, 200, T(r->lang, "Done"), arena_printf(r->a,
	    "%s: %d · %s: %d · %s", T(r->lang, "Posts removed"), res.nposts,
	    T(r->lang, "Accounts purged"), res.naccounts, T(r->lang, "The "
	    "contact point is now blocked for everyone.")), NULL, "/mod");
}
