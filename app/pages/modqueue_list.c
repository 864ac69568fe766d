/* pages/modqueue_list.c: the moderation queues, as pages and as JSON. */
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
#include "pages/pager.h"
#include "pages/pages.h"
#include "pages/upload.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"
#include "view/widgets.h"

#define PER_PAGE	20

struct queue_data {
	enum modq_kind		 kind;
	struct modq_item	*items;
	size_t			 n;
	int64_t			 page;		/* an old ?page=N, or 1 */
	int			 has_next;
	const char		*prev_at, *next_at;	/* keyset cursors, or NULL */
	const char		*cat, *lang, *reason;
	struct category		*cats;
	size_t			 ncats;
};

static void	 queue_main(struct html *, struct req *, void *);
static void	 queue_filters(struct html *, struct req *, struct queue_data *);
static void	 queue_link(struct html *, struct req *, struct queue_data *,
		    const char *);
static void	 reasons_list(struct html *, struct req *, const char *,
		    const struct modq_check *);
static int	 queue_load(struct req *, struct queue_data *);
static json_t	*item_json(struct modq_item *);

static void
queue_link(struct html *w, struct req *r, struct queue_data *d,
    const char *at)
{
	(void)r;
	html_lit(w, "/mod/queue/");
	html_url(w, store_modq_kind_name(d->kind));
	html_lit(w, "?category=");
	html_url(w, d->cat);
	html_lit(w, "&amp;lang=");
	html_url(w, d->lang);
	html_lit(w, "&amp;reason=");
	html_url(w, d->reason);
	if (at != NULL) {
		html_lit(w, "&amp;at=");
		html_url(w, at);
	}
}

static void
queue_filters(struct html *w, struct req *r, struct queue_data *d)
{
	enum lang	l = r->lang;
	size_t		i;

	html_lit(w, "<form class=\"mod-filters\" method=\"get\" action=\"/mod/"
	    "queue/");
	html_url(w, store_modq_kind_name(d->kind));
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
void
modqueue_item_card(struct html *w, struct req *r, struct modq_item *it,
    int full)
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
	html_text(w, it->post_kind == PK_QUESTION ?
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
	html_attr(w, store_post_state_name(it->state));
	html_lit(w, "\">");
	html_text(w, modview_post_state(l, it->state));
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
	masked = it->state == PS_PRIVATE || (it->open & (1u << MQ_PRIVATE)) ||
	    it->kind == MQ_PRIVATE;
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
	size_t			 i;
	enum modq_kind		 k;

	html_lit(w, "<nav class=\"crumbs\" aria-label=\"");
	html_attr(w, T(l, "Breadcrumbs"));
	html_lit(w, "\"><a href=\"/mod\">");
	html_text(w, T(l, "Moderation"));
	html_lit(w, "</a></nav>\n<h1>");
	html_text(w, modqueue_kind_title(l, d->kind));
	html_lit(w, "</h1>\n<nav class=\"mod-tabs\" aria-label=\"");
	html_attr(w, T(l, "Queues"));
	html_lit(w, "\"><ul>");
	for (k = MQ_HELD; k <= MQ_FIRST; k++) {
		html_lit(w, "<li><a href=\"/mod/queue/");
		html_url(w, store_modq_kind_name(k));
		html_lit(w, "\"");
		if (k == d->kind)
			html_lit(w, " aria-current=\"page\"");
		html_lit(w, ">");
		html_text(w, modqueue_kind_title(l, k));
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
		html_attr(w, store_modq_kind_name(d->kind));
		html_lit(w, "\"><ol class=\"mod-queue\">\n");
		for (i = 0; i < d->n; i++) {
			html_lit(w, "<li class=\"mod-item\"><label class=\""
			    "mod-select\"><input type=\"checkbox\" name=\"ids\" "
			    "value=\"");
			html_int(w, d->items[i].post_id);
			html_lit(w, "\"> ");
			html_text(w, T(l, "Select"));
			html_lit(w, "</label>\n");
			modqueue_item_card(w, r, &d->items[i], 0);
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
	/* Oldest first, by keyset (store_modq_list). */
	if (d->prev_at != NULL || d->next_at != NULL) {
		html_lit(w, "<nav class=\"pager\" aria-label=\"");
		html_attr(w, T(l, "Pages"));
		html_lit(w, "\">");
		if (d->prev_at != NULL) {
			html_lit(w, "<a class=\"button\" href=\"");
			queue_link(w, r, d, NULL);
			html_lit(w, "\">");
			html_text(w, T(l, "First page"));
			html_lit(w, "</a> <a class=\"button\" rel=\"prev\" "
			    "href=\"");
			queue_link(w, r, d, d->prev_at);
			html_lit(w, "\">");
			html_text(w, T(l, "Previous"));
			html_lit(w, "</a> ");
		}
		if (d->next_at != NULL) {
			html_lit(w, "<a class=\"button\" rel=\"next\" "
			    "href=\"");
			queue_link(w, r, d, d->next_at);
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
	struct pager		pos;
	struct store_page	pg;

	memset(d, 0, sizeof(*d));
	if ((d->kind = modqueue_kind(r->param[0])) == MQ__MAX) {
		reply_error(r, 404, NULL);
		return -1;
	}
	d->page = r->f[F_MODQ_PAGE].present ? r->f[F_MODQ_PAGE].i : 1;
	d->cat = modqueue_str(r, F_MODQ_CATEGORY);
	d->lang = modqueue_str(r, F_MODQ_LANG);
	d->reason = modqueue_str(r, F_MODQ_REASON);
	if (pager_read_or_reply(r, F_MODQ_AT, F_MODQ_PAGE, PER_PAGE,
	    arena_printf(r->a, "/mod/queue/%s", store_modq_kind_name(d->kind)),
	    &pos) == -1)
		return -1;
	if (store_modq_list(r->w->db, r->a, d->kind, r->w->conf->first_posts,
	    d->cat, d->lang, d->reason, pos.at, PER_PAGE, pos.skip, &d->items,
	    &pg) == -1 ||
	    store_category_names(r->w->db, r->a, &d->cats, &d->ncats) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (pager_check_or_reply(r, &pg) == -1)
		return -1;
	d->n = pg.n;
	d->prev_at = pager_newer(r, &pg);
	d->next_at = pager_older(r, &pg);
	d->has_next = d->next_at != NULL;
	return 0;
}

void
page_mod_queue(struct req *r)
{
	struct queue_data	d;

	if (queue_load(r, &d) == -1)
		return;
	layout_page(r, 200, modqueue_kind_title(r->lang, d.kind), queue_main,
	    &d);
}

static json_t *
item_json(struct modq_item *it)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:i, "
	    "s:I, s:I, s:s, s:f, s:s, s:s, s:s}",
	    "post_id", (json_int_t)it->post_id,
	    "thread_id", (json_int_t)it->thread_id,
	    "title", it->title, "lang", it->lang, "category", it->category,
	    "post_kind", store_post_kind_name(it->post_kind),
	    "state", store_post_state_name(it->state),
	    "author_id", (json_int_t)it->author_id, "author", it->author,
	    "author_trust", it->author_trust,
	    "queued_at", (json_int_t)it->queued,
	    "flags_open", (json_int_t)it->nflags, "flags", it->flags,
	    "score", it->score, "reasons", it->reasons,
	    "queue", store_modq_kind_name(it->kind),
	    "body", it->state == PS_PRIVATE ? "" : it->body);
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
	root = json_pack("{s:s, s:I, s:b, s:o}", "queue",
	    store_modq_kind_name(d.kind),
	    "page", (json_int_t)d.page, "has_next", d.has_next, "items", arr);
	/* The keyset position of the next page: ?at=NEXT. */
	if (root != NULL)
		json_object_set_new(root, "next", d.next_at != NULL ?
		    json_string(d.next_at) : json_null());
	s = json_dumps(root, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(root);
}
