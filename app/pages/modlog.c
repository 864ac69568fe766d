/* pages/modlog.c: the audit log (moderators), undo, and the public daily counts. */
/*
 * mod_log is append-only (a trigger refuses UPDATE and DELETE), so undo
 * appends a row that points at the row undone; the transition post_undo
 * (app/post/) restores the state recorded in the row's "before".
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http/req.h"
#include "http/pcache.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/modq.h"
#include "pages/modqueue.h"
#include "pages/pager.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "post/post.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"
#include "view/widgets.h"

#define LOG_PER_PAGE	50
#define DAYS		30

struct log_data {
	struct modlog_row	*rows;
	size_t			 n;
	struct modlog_filter	 f;
	const char		*newer, *older;	/* keyset cursors, or NULL */
};

struct daily_data {
	struct modlog_day	*d;
	size_t			 n;
	int64_t			 appeals;	/* made in the last DAYS days */
	int64_t			 reversed;
};

struct undo_data {
	struct modlog_row	*row;
	const char		*text;
};

static void	log_main(struct html *, struct req *, void *);
static void	daily_main(struct html *, struct req *, void *);
static void	undo_main(struct html *, struct req *, void *);
static void	log_link(struct html *, struct log_data *, const char *);
static void	log_sentence(struct html *, enum lang,
		    const struct modlog_row *);
static void	log_target(struct html *, enum lang,
		    const struct modlog_row *);

static void
log_link(struct html *w, struct log_data *d, const char *at)
{
	html_lit(w, "/mod/log?action=");
	html_url(w, d->f.action);
	html_lit(w, "&amp;actor=");
	html_url(w, d->f.actor);
	html_lit(w, "&amp;target_kind=");
	html_url(w, d->f.target_kind);
	if (d->f.target > 0) {
		html_lit(w, "&amp;target=");
		html_int(w, d->f.target);
	}
	if (at != NULL) {
		html_lit(w, "&amp;at=");
		html_url(w, at);
	}
}

/* "post #12" (a link), "thread #3", "user #5 (name)", "contact …". */
static void
log_target(struct html *w, enum lang l, const struct modlog_row *x)
{
	enum modlog_target	k = x->target_kind;

	switch (k) {
	case MT_POST:
		html_lit(w, "<a href=\"/mod/post/");
		html_int(w, x->target_id);
		html_lit(w, "\">");
		html_text(w, T(l, "post"));
		html_lit(w, " #");
		html_int(w, x->target_id);
		html_lit(w, "</a>");
		break;
	case MT_THREAD:
		html_lit(w, "<a href=\"/t/");
		html_int(w, x->target_id);
		html_lit(w, "\">");
		html_text(w, T(l, "thread"));
		html_lit(w, " #");
		html_int(w, x->target_id);
		html_lit(w, "</a>");
		break;
	case MT_USER:
		html_lit(w, "<a href=\"/u/");
		html_int(w, x->target_id);
		html_lit(w, "\">");
		html_text(w, T(l, "user"));
		html_lit(w, " #");
		html_int(w, x->target_id);
		html_lit(w, "</a>");
		break;
	default:
		html_text(w, k == MT_CONTACT ? T(l, "contact") :
		    k == MT_IP ? T(l, "address") : "?");
		if (x->target_id > 0) {
			html_lit(w, " #");
			html_int(w, x->target_id);
		}
		break;
	}
	if (x->target_text[0] != '\0' && k != MT_POST) {
		html_lit(w, " <code>");
		html_text(w, x->target_text);
		html_lit(w, "</code>");
	}
}

/*
 * One row as a sentence in the reader's language: the template
 * "{who} {what} {target}" is translated whole (word order differs in
 * Japanese), then each placeholder is written through the HTML writer.
 */
static void
log_sentence(struct html *w, enum lang l, const struct modlog_row *x)
{
	const char	*t = T(l, "{who} {what} {target}");
	const char	*p;

	while (*t != '\0') {
		if ((p = strchr(t, '{')) == NULL) {
			html_text(w, t);
			break;
		}
		html_textn(w, t, (size_t)(p - t));
		if (strncmp(p, "{who}", 5) == 0) {
			html_lit(w, "<strong>");
			html_text(w, x->actor[0] != '\0' ? x->actor :
			    T(l, "the system"));
			html_lit(w, "</strong>");
			t = p + 5;
		} else if (strncmp(p, "{what}", 6) == 0) {
			html_text(w, modview_action(l, x->action));
			if (x->undo_of > 0) {
				html_lit(w, " <a href=\"#log-");
				html_int(w, x->undo_of);
				html_lit(w, "\">#");
				html_int(w, x->undo_of);
				html_lit(w, "</a>");
			}
			t = p + 6;
		} else if (strncmp(p, "{target}", 8) == 0) {
			log_target(w, l, x);
			t = p + 8;
		} else {
			html_textn(w, p, 1);
			t = p + 1;
		}
	}
}

static void
log_main(struct html *w, struct req *r, void *arg)
{
	struct log_data		*d = arg;
	struct modlog_row	*x;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<nav class=\"crumbs\" aria-label=\"");
	html_attr(w, T(l, "Breadcrumbs"));
	html_lit(w, "\"><a href=\"/mod\">");
	html_text(w, T(l, "Moderation"));
	html_lit(w, "</a></nav>\n<h1>");
	html_text(w, T(l, "Audit log"));
	html_lit(w, "</h1>\n<form class=\"mod-filters\" method=\"get\" "
	    "action=\"/mod/log\"><label>");
	html_text(w, T(l, "Action"));
	html_lit(w, " <input name=\"action\" size=\"10\" value=\"");
	html_attr(w, d->f.action);
	html_lit(w, "\"></label> <label>");
	html_text(w, T(l, "Moderator"));
	html_lit(w, " <input name=\"actor\" size=\"12\" value=\"");
	html_attr(w, d->f.actor);
	html_lit(w, "\"></label> <label>");
	html_text(w, T(l, "Target (post or user id)"));
	html_lit(w, " <input name=\"target\" size=\"8\" inputmode=\"numeric\" "
	    "value=\"");
	if (d->f.target > 0)
		html_int(w, d->f.target);
	html_lit(w, "\"></label> <label>");
	html_text(w, T(l, "Target kind"));
	html_lit(w, " <select name=\"target_kind\"><option value=\"\">");
	html_text(w, T(l, "All"));
	html_lit(w, "</option><option value=\"post\">post</option>"
	    "<option value=\"user\">user</option><option value=\"contact\">"
	    "contact</option><option value=\"ip\">ip</option><option "
	    "value=\"thread\">thread</option></select>"
	    "</label> <button type=\"submit\">");
	html_text(w, T(l, "Filter"));
	html_lit(w, "</button></form>\n");
	if (d->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No entries."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<table class=\"mod-log\"><thead><tr><th scope=\"col\">#"
	    "</th><th scope=\"col\">");
	html_text(w, T(l, "Time"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "What happened"));
	html_lit(w, "</th><th scope=\"col\"><span class=\"visually-hidden\">");
	html_text(w, T(l, "Undo"));
	html_lit(w, "</span></th></tr></thead><tbody>\n");
	for (i = 0; i < d->n; i++) {
		x = &d->rows[i];
		html_lit(w, "<tr class=\"log-row\" id=\"log-");
		html_int(w, x->id);
		html_lit(w, "\" data-action=\"");
		html_attr(w, x->action);
		html_lit(w, "\"><td>");
		html_int(w, x->id);
		html_lit(w, "</td><td class=\"log-time\">");
		widget_time(w, l, x->at);
		html_lit(w, "</td><td class=\"log-what\"><p>");
		log_sentence(w, l, x);
		html_lit(w, "</p>");
		if (x->reason[0] != '\0' || x->note[0] != '\0') {
			html_lit(w, "<p class=\"log-reason\">");
			html_text(w, T(l, "Reason"));
			html_lit(w, ": ");
			if (x->reason[0] != '\0')
				html_text(w, modview_reason(l, x->reason));
			if (x->note[0] != '\0') {
				if (x->reason[0] != '\0')
					html_lit(w, " — ");
				html_text(w, x->note);
			}
			html_lit(w, "</p>");
		}
		/* Before and after (filters' hashes and all): folded. */
		html_lit(w, "<details class=\"log-details\"><summary>");
		html_text(w, T(l, "Details"));
		html_lit(w, "</summary><dl><dt>");
		html_text(w, T(l, "Before"));
		html_lit(w, "</dt><dd><code class=\"log-json\">");
		html_text(w, x->before);
		html_lit(w, "</code></dd><dt>");
		html_text(w, T(l, "After"));
		html_lit(w, "</dt><dd><code class=\"log-json\">");
		html_text(w, x->after);
		html_lit(w, "</code></dd></dl></details></td><td>");
		if (x->undoable) {
			html_lit(w, "<a href=\"/mod/log/");
			html_int(w, x->id);
			html_lit(w, "/undo\">");
			html_text(w, T(l, "Undo…"));
			html_lit(w, "</a>");
		}
		html_lit(w, "</td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n");
	/* Newest first, by keyset on the row id (store_modlog_list). */
	if (d->newer != NULL || d->older != NULL) {
		html_lit(w, "<nav class=\"pager\" aria-label=\"");
		html_attr(w, T(l, "Pages"));
		html_lit(w, "\">");
		if (d->newer != NULL) {
			html_lit(w, "<a class=\"button\" href=\"");
			log_link(w, d, NULL);
			html_lit(w, "\">");
			html_text(w, T(l, "Newest"));
			html_lit(w, "</a> <a class=\"button\" rel=\"prev\" "
			    "href=\"");
			log_link(w, d, d->newer);
			html_lit(w, "\">");
			html_text(w, T(l, "\u2190 Newer"));
			html_lit(w, "</a> ");
		}
		if (d->older != NULL) {
			html_lit(w, "<a class=\"button\" rel=\"next\" "
			    "href=\"");
			log_link(w, d, d->older);
			html_lit(w, "\">");
			html_text(w, T(l, "Older \u2192"));
			html_lit(w, "</a>");
		}
		html_lit(w, "</nav>\n");
	}
}

void
page_mod_log(struct req *r)
{
	struct log_data		d;
	struct pager		pos;
	struct store_page	pg;

	memset(&d, 0, sizeof(d));
	d.f.action = r->f[F_MODL_ACTION].present ? r->f[F_MODL_ACTION].s : "";
	d.f.actor = r->f[F_MODL_ACTOR].present ? r->f[F_MODL_ACTOR].s : "";
	d.f.target_kind = r->f[F_MODL_TKIND].present ?
	    r->f[F_MODL_TKIND].s : "";
	d.f.target = r->f[F_MODL_TARGET].present ? r->f[F_MODL_TARGET].i : 0;
	if (pager_read_or_reply(r, F_MODL_AT, F_MODL_PAGE, LOG_PER_PAGE,
	    "/mod/log", &pos) == -1)
		return;
	if (store_modlog_list(r->w->db, r->a, &d.f, pos.at, LOG_PER_PAGE,
	    pos.skip, &d.rows, &pg) == -1)
		return;
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	d.n = pg.n;
	d.newer = pager_newer(r, &pg);
	d.older = pager_older(r, &pg);
	layout_page(r, 200, T(r->lang, "Audit log"), log_main, &d);
}

static void
undo_main(struct html *w, struct req *r, void *arg)
{
	struct undo_data	*d = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Undo a decision"));
	html_lit(w, "</h1>\n");
	if (d->text != NULL) {
		html_lit(w, "<p role=\"status\">");
		html_text(w, d->text);
		html_lit(w, "</p><p><a href=\"/mod/log\">");
		html_text(w, T(l, "Audit log"));
		html_lit(w, "</a></p>\n");
		return;
	}
	html_lit(w, "<p>#");
	html_int(w, d->row->id);
	html_lit(w, " ");
	html_text(w, d->row->action);
	html_lit(w, " ");
	html_text(w, store_modlog_target_name(d->row->target_kind));
	html_lit(w, " ");
	html_int(w, d->row->target_id);
	html_lit(w, " ");
	html_text(w, d->row->target_text);
	html_lit(w, " — ");
	html_text(w, d->row->actor);
	html_lit(w, "</p>\n<p>");
	html_text(w, T(l, "Undo restores the post and the author's state as "
	    "they were before, and reverses what the classifier learned. "
	    "Ended sessions stay ended."));
	html_lit(w, "</p>\n<form method=\"post\" action=\"/mod/log/");
	html_int(w, d->row->id);
	html_lit(w, "/undo\">");
	layout_csrf(w, r);
	html_lit(w, "<p><label>");
	html_text(w, T(l, "Note for the audit log"));
	html_lit(w, " <input name=\"note\" maxlength=\"300\"></label></p><p>"
	    "<label><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
	    "required> ");
	html_text(w, T(l, "I confirm the undo"));
	html_lit(w, "</label></p><button type=\"submit\">");
	html_text(w, T(l, "Undo"));
	html_lit(w, "</button></form>\n");
}

void
page_mod_undo_form(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct undo_data	d;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	memset(&d, 0, sizeof(d));
	if (store_modlog_get(r->w->db, r->a, id, &d.row) == -1)
		return;
	if (d.row == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	if (!d.row->undoable)
		d.text = T(r->lang, "This entry can no longer be undone (it is "
		    "older than a day, already undone, or not a decision).");
	layout_page(r, 200, T(r->lang, "Undo a decision"), undo_main, &d);
}

int
modqueue_undo_apply(struct req *r, int64_t id, struct post_result *res)
{
	struct post_ctx		 c;
	struct post_actor	 by;

	if (!r->f[F_MODX_CONFIRM].i)
		return 1;
	qa_post_ctx(r, &c, &by);
	post_undo(&c, id, r->f[F_MODX_NOTE].present ? r->f[F_MODX_NOTE].s :
	    "", res);
	return 0;
}

void
page_mod_undo(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct undo_data	 d;
	struct post_result	 res;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	memset(&d, 0, sizeof(d));
	if (modqueue_undo_apply(r, id, &res) == 1) {
		reply_redirect(r, arena_printf(r->a, "/mod/log/%lld/undo",
		    (long long)id));
		return;
	}
	if (res.err == POST_E_STALE) {
		d.text = i18n_get(r->lang, res.msg);
		layout_page(r, 409, T(r->lang, "Undo a decision"), undo_main,
		    &d);
		return;
	}
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	d.text = T(r->lang, "Undone.");
	layout_page(r, 200, T(r->lang, "Undo a decision"), undo_main, &d);
}

/* --- public daily counts ---------------------------------------------- */

static void
daily_main(struct html *w, struct req *r, void *arg)
{
	struct daily_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Moderation on this forum"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "What moderators did each day over the last 30 "
	    "days, by action and reason. Every action is recorded in an "
	    "audit log that cannot be changed afterwards."));
	html_lit(w, "</p>\n<p class=\"appeal-counts\">");
	/* appeals of removals and of suspensions alike (APPEAL_COUNTS) */
	html_text(w, T(l, "Appeals of removals and suspensions in the last "
	    "30 days:"));
	html_lit(w, " <strong data-appeals=\"");
	html_int(w, d->appeals);
	html_lit(w, "\">");
	html_int(w, d->appeals);
	html_lit(w, "</strong>; ");
	html_text(w, T(l, "decisions reversed on appeal:"));
	html_lit(w, " <strong data-reversed=\"");
	html_int(w, d->reversed);
	html_lit(w, "\">");
	html_int(w, d->reversed);
	html_lit(w, "</strong></p>\n");
	if (d->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No moderation actions yet."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<table class=\"mod-daily\"><thead><tr><th scope=\"col\">");
	html_text(w, T(l, "Day"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Action"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Reason"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Count"));
	html_lit(w, "</th></tr></thead><tbody>\n");
	for (i = 0; i < d->n; i++) {
		html_lit(w, "<tr><td>");
		html_text(w, d->d[i].day);
		html_lit(w, "</td><td>");
		html_text(w, d->d[i].action);
		html_lit(w, "</td><td>");
		html_text(w, d->d[i].reason);
		html_lit(w, "</td><td>");
		html_int(w, d->d[i].count);
		html_lit(w, "</td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n");
}

void
page_transparency(struct req *r)
{
	struct daily_data	d;

	if (store_modlog_daily(r->w->db, r->a, DAYS, &d.d, &d.n) == -1 ||
	    store_appeal_counts(r->w->db, DAYS, &d.appeals, &d.reversed) ==
	    -1)
		return;
	layout_page(r, 200, T(r->lang, "Moderation on this forum"), daily_main,
	    &d);
}

void
api_transparency(struct req *r)
{
	struct modlog_day	*d;
	size_t			 n, i;
	json_t			*arr, *root;
	char			*s;

	if (store_modlog_daily(r->w->db, r->a, DAYS, &d, &n) == -1)
		return;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I}",
		    "day", d[i].day, "action", d[i].action, "reason",
		    d[i].reason, "count", (json_int_t)d[i].count));
	root = json_pack("{s:i, s:o}", "days", DAYS, "counts", arr);
	s = json_dumps(root, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(root);
}
