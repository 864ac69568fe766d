/* pages/webhooks.c: the admin console's webhooks: list, add, enable, delete, delivery log */
/*
 * GET /admin/webhooks lists the hooks and a form to add one; POST adds
 * it and shows its signing secret once (the page is not cached and the
 * secret is stored only sealed, acct/seal.h).  GET /admin/webhooks/:id
 * shows a hook and its last deliveries (event, state, HTTP status,
 * attempts, next retry, error); POST .../enable turns it on or off;
 * GET .../delete asks for confirmation and POST .../delete removes the
 * hook with its deliveries.  Routes need ROLE_ADMIN, and every POST is
 * R_CSRF and R_FRESH2FA; store/webhook.c checks the role again in the
 * transaction of each change and writes its audit_log row.
 *
 * A URL is checked before saving (webhook_url_check): https only (and,
 * when [webhooks] allow_http_loopback is set, http://127.0.0.1), no user
 * name or password, no fragment; a refused form comes back (422) with
 * the message at the field and what was typed kept.
 */
#include <stdlib.h>
#include <string.h>

#include "acct/seal.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "pages/admin.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/webhook.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"
#include "webhook/webhook.h"

/* How many deliveries a hook's page shows. */
#define DELIVERIES_SHOWN	50

/* The events in the form's order, with their field and label. */
static const struct {
	enum webhook_event	 ev;
	int			 field;		/* F_WHADD_* */
	const char		*name;		/* form field */
	const char		*label;		/* msgid */
} events[] = {
	{ WH_QUESTION_CREATED, F_WHADD_QUESTION, "ev_question",
	    N_("A question is published") },
	{ WH_OFFICIAL_ANSWER, F_WHADD_OFFICIAL, "ev_official",
	    N_("An official answer is published") },
	{ WH_POST_HELD, F_WHADD_HELD, "ev_held",
	    N_("A post is held for moderators") },
	{ WH_POST_REMOVED, F_WHADD_REMOVED, "ev_removed",
	    N_("A moderator removes a post") },
	{ WH_CASE_ESCALATED, F_WHADD_ESCALATED, "ev_escalated",
	    N_("A thread is escalated to support") },
};
#define NEVENTS	(sizeof(events) / sizeof(events[0]))

struct hooks_view {
	struct webhook		*h;
	size_t			 n;
	struct form_errs	 err;
	const char		*url;		/* what was typed, kept */
	const char		*note;
	int			 checked[NEVENTS];
	const char		*secret;	/* shown once, after adding */
	int64_t			 new_id;
	int			 changed;	/* ?changed=1 */
};

struct hook_view {
	struct webhook		*h;
	struct webhook_delivery	*d;
	size_t			 nd;
	int			 changed;
};

static const char *event_label(enum lang, const char *);
static const char *url_message(enum lang, enum webhook_url_err);
static void	 events_list(struct html *, enum lang, const char *);
static void	 hooks_main(struct html *, struct req *, void *);
static void	 hook_main(struct html *, struct req *, void *);
static void	 delete_main(struct html *, struct req *, void *);
static const char *state_label(enum lang, const char *);
static int	 hook_load(struct req *, struct webhook **);
static int	 refused(struct req *, int);

/* The label of an event name, or the name itself. */
static const char *
event_label(enum lang l, const char *name)
{
	size_t	i;

	for (i = 0; i < NEVENTS; i++)
		if (strcmp(store_webhook_event_name(events[i].ev), name) == 0)
			return i18n_get(l, events[i].label);
	return name;
}

static const char *
url_message(enum lang l, enum webhook_url_err e)
{
	switch (e) {
	case WEBHOOK_URL_SCHEME:
		return T(l, "The address must start with https:// "
		    "(webhooks are sent over HTTPS only).");
	case WEBHOOK_URL_HOST:
		return T(l, "The address has no host name: write it as "
		    "https://host/path.");
	case WEBHOOK_URL_USERINFO:
		return T(l, "Do not put a user name or password in the "
		    "address: the signature proves each delivery is ours.");
	case WEBHOOK_URL_FRAGMENT:
		return T(l, "Remove the part from # on: it is never sent to "
		    "the receiver.");
	case WEBHOOK_URL_LONG:
		return T(l, "The address is too long (at most 2,000 "
		    "characters).");
	default:
		return T(l, "Enter the receiver's full address, for example "
		    "https://hooks.example.com/sodan.");
	}
}

static const char *
state_label(enum lang l, const char *state)
{
	if (strcmp(state, "delivered") == 0)
		return T(l, "Delivered");
	if (strcmp(state, "failed") == 0)
		return T(l, "Failed");
	return T(l, "Waiting");
}

/* The events of a hook (space-separated names) as a list of labels. */
static void
events_list(struct html *w, enum lang l, const char *names)
{
	char	*s = arena_strdup(w->b.a, names), *tok, *save = NULL;

	html_lit(w, "<ul class=\"hook-events\">");
	for (tok = strtok_r(s, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		html_lit(w, "<li>");
		html_text(w, event_label(l, tok));
		html_lit(w, " <code>");
		html_text(w, tok);
		html_lit(w, "</code></li>");
	}
	html_lit(w, "</ul>");
}

static void
hooks_main(struct html *w, struct req *r, void *arg)
{
	struct hooks_view	*v = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin\">");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</a></p><h1>");
	html_text(w, T(l, "Webhooks"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "A webhook tells another system (a chat channel, "
	    "a ticket system) when something happens here. Each delivery is "
	    "signed with the hook's secret and retried until the receiver "
	    "answers 2xx. Every change is written to the audit log."));
	html_lit(w, " <a href=\"/admin\">");
	html_text(w, T(l, "Recent administrative changes"));
	html_lit(w, "</a></p>\n");
	if (v->secret != NULL) {
		html_lit(w, "<div class=\"notice hook-secret\" role=\"status\">"
		    "<p><strong>");
		html_text(w, T(l, "The webhook was added. Copy its signing "
		    "secret now: it is shown only this once."));
		html_lit(w, "</strong></p><p><code class=\"secret\" "
		    "id=\"hook-secret\">");
		html_text(w, v->secret);
		html_lit(w, "</code></p><p>");
		html_text(w, T(l, "The receiver checks the Sodan-Signature "
		    "header with it (see the administrators' guide)."));
		html_lit(w, " <a href=\"/admin/webhooks/");
		html_int(w, v->new_id);
		html_lit(w, "\">");
		html_text(w, T(l, "Delivery log"));
		html_lit(w, "</a></p></div>\n");
	} else if (v->changed) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, T(l, "Saved."));
		html_lit(w, "</p>\n");
	}
	if (v->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No webhooks yet."));
		html_lit(w, "</p>\n");
	} else {
		html_lit(w, "<div class=\"table-scroll\"><table class=\"desk "
		    "hooks\"><thead><tr><th scope=\"col\">");
		html_text(w, T(l, "Receiver's address"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Events"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "State"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Waiting"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Failed"));
		html_lit(w, "</th></tr></thead><tbody>");
		for (i = 0; i < v->n; i++) {
			html_lit(w, "<tr><td><a class=\"hook-link\" href=\""
			    "/admin/webhooks/");
			html_int(w, v->h[i].id);
			html_lit(w, "\"><code>");
			html_text(w, v->h[i].url);
			html_lit(w, "</code></a>");
			if (v->h[i].note[0] != '\0') {
				html_lit(w, "<br><small>");
				html_text(w, v->h[i].note);
				html_lit(w, "</small>");
			}
			html_lit(w, "</td><td data-label=\"");
			html_attr(w, T(l, "Events"));
			html_lit(w, "\">");
			events_list(w, l, v->h[i].events);
			html_lit(w, "</td><td data-label=\"");
			html_attr(w, T(l, "State"));
			html_lit(w, "\">");
			html_text(w, v->h[i].enabled ? T(l, "On") :
			    T(l, "Off"));
			html_lit(w, "</td><td data-label=\"");
			html_attr(w, T(l, "Waiting"));
			html_lit(w, "\">");
			html_int(w, v->h[i].pending);
			html_lit(w, "</td><td data-label=\"");
			html_attr(w, T(l, "Failed"));
			html_lit(w, "\">");
			html_int(w, v->h[i].failed);
			html_lit(w, "</td></tr>");
		}
		html_lit(w, "</tbody></table></div>\n");
	}
	html_lit(w, "<form method=\"post\" action=\"/admin/webhooks\" "
	    "class=\"mod-form hook-add\"><fieldset><legend>");
	html_text(w, T(l, "Add a webhook"));
	html_lit(w, "</legend>");
	layout_csrf(w, r);
	form_errors(w, l, &v->err);
	form_input(w, "url", T(l, "Receiver's address"), "url", v->url, "off",
	    r->w->conf->webhook_allow_http_loopback ? T(l, "https://... "
	    "(on this server also http://127.0.0.1:PORT/...)") :
	    T(l, "https://..."), &v->err, 1);
	html_lit(w, "<fieldset class=\"hook-events-choice\"><legend>");
	html_text(w, T(l, "Events"));
	html_lit(w, "</legend>");
	for (i = 0; i < NEVENTS; i++) {
		html_lit(w, "<label class=\"check\"><input type=\"checkbox\" "
		    "value=\"1\" name=\"");
		html_attr(w, events[i].name);
		html_lit(w, "\"");
		if (v->checked[i])
			html_lit(w, " checked");
		html_lit(w, "> ");
		html_text(w, i18n_get(l, events[i].label));
		html_lit(w, " <code>");
		html_text(w, store_webhook_event_name(events[i].ev));
		html_lit(w, "</code></label>");
	}
	html_lit(w, "</fieldset>");
	form_input(w, "note", T(l, "Note (for other administrators)"), "text",
	    v->note, "off", NULL, &v->err, 0);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Add the webhook"));
	html_lit(w, "</button></fieldset></form>\n</section>\n");
}

void
page_admin_webhooks(struct req *r)
{
	struct hooks_view	*v = arena_calloc(r->a, 1, sizeof(*v));

	if (store_webhook_list(r->w->db, r->a, &v->h, &v->n) == -1)
		return;
	v->changed = r->f[F_WHLIST_CHANGED].present &&
	    r->f[F_WHLIST_CHANGED].i;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Webhooks"), hooks_main, v);
}

/* Sends the page of a refused change (403, 404); returns -1. */
static int
refused(struct req *r, int rc)
{
	if (rc == WEBHOOK_FORBIDDEN)
		reply_error(r, 403, NULL);
	else
		reply_error(r, 404, N_("There is no such webhook."));
	return -1;
}

/*
 * Adds the hook of the form's fields (F_WHADD_*: url, events, note),
 * checked as the page does; checked (NEVENTS, or NULL) gets the events
 * ticked.  0 when added (*secret the signing secret, shown once; *id);
 * 422 with the errors in e (among them a hook that already sends one of
 * the events to the same address); -1 after replying (403, 503) or when the
 * store failed.  The page and the API (api/admin.c) call it.
 */
int
admin_webhook_add(struct req *r, int *checked, const char **secret,
    int64_t *id, struct form_errs *e)
{
	struct buf		 ev;
	enum webhook_url_err	 ue;
	const char		*sealed, *url, *note;
	char			*sec;
	size_t			 i, k = 0;
	int			 rc;

	*secret = NULL;
	*id = 0;
	url = r->f[F_WHADD_URL].present ? r->f[F_WHADD_URL].s : "";
	note = r->f[F_WHADD_NOTE].present ? r->f[F_WHADD_NOTE].s : "";
	buf_init(&ev, r->a);
	buf_putc(&ev, '{');
	for (i = 0; i < NEVENTS; i++) {
		if (!r->f[events[i].field].present ||
		    !r->f[events[i].field].i)
			continue;
		if (checked != NULL)
			checked[i] = 1;
		if (k++ > 0)
			buf_putc(&ev, ',');
		buf_puts(&ev, store_webhook_event_name(events[i].ev));
	}
	buf_putc(&ev, '}');
	if ((ue = webhook_url_check(url,
	    r->w->conf->webhook_allow_http_loopback)) != WEBHOOK_URL_OK)
		form_err(e, "url", url_message(r->lang, ue));
	if (k == 0)
		form_err(e, NULL, T(r->lang, "Choose at least one "
		    "event."));
	if (e->n > 0)
		return 422;
	sec = webhook_secret_new(r->a);
	if ((sealed = acct_seal(r->a, sec)) == NULL) {
		reply_error(r, 503, N_("The server has no key to seal the "
		    "secret with; see the operators' guide ([paths] "
		    "secret_key)."));
		return -1;
	}
	rc = store_webhook_add(r->w->db, r->a, r->sess->user_id, url,
	    ev.p, sealed, note, id);
	if (rc == -1)
		return -1;
	if (rc == WEBHOOK_DUPLICATE) {
		form_err(e, "url", arena_printf(r->a, T(r->lang, "Webhook "
		    "#%lld already sends some of these events to this "
		    "address, so the receiver would get them twice. Choose "
		    "other events, or delete that webhook first."),
		    (long long)*id));
		*id = 0;
		return 422;
	}
	if (rc != WEBHOOK_OK)
		return refused(r, rc);
	*secret = sec;
	return 0;
}

void
page_admin_webhook_add(struct req *r)
{
	struct hooks_view	*v = arena_calloc(r->a, 1, sizeof(*v));
	int			 rc;

	v->url = r->f[F_WHADD_URL].present ? r->f[F_WHADD_URL].s : "";
	v->note = r->f[F_WHADD_NOTE].present ? r->f[F_WHADD_NOTE].s : "";
	rc = admin_webhook_add(r, v->checked, &v->secret, &v->new_id,
	    &v->err);
	if (rc == -1)
		return;
	if (rc != 0) {
		if (store_webhook_list(r->w->db, r->a, &v->h, &v->n) == -1)
			return;
		r->resp.no_cache = 1;
		layout_page(r, rc, T(r->lang, "Webhooks"), hooks_main, v);
		return;
	}
	v->url = NULL;
	v->note = NULL;
	memset(v->checked, 0, sizeof(v->checked));
	if (store_webhook_list(r->w->db, r->a, &v->h, &v->n) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 201, T(r->lang, "Webhooks"), hooks_main, v);
}

/* The hook of r->param[0]; 0 with *h set, or -1 with the reply sent. */
static int
hook_load(struct req *r, struct webhook **h)
{
	int64_t	 id = qa_param_id(r->param[0]);

	*h = NULL;
	if (id > 0 && store_webhook_get(r->w->db, r->a, id, h) == -1)
		return -1;
	if (*h == NULL) {
		reply_error(r, 404, N_("There is no such webhook."));
		return -1;
	}
	return 0;
}

static void
hook_main(struct html *w, struct req *r, void *arg)
{
	struct hook_view	*v = arg;
	struct webhook		*h = v->h;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin\">");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</a> › <a href=\"/admin/webhooks\">");
	html_text(w, T(l, "Webhooks"));
	html_lit(w, "</a></p><h1>");
	html_text(w, T(l, "Webhook"));
	html_lit(w, " <code class=\"hook-url\">");
	html_text(w, h->url);
	html_lit(w, "</code></h1>\n");
	if (v->changed) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, T(l, "Saved."));
		html_lit(w, "</p>\n");
	}
	html_lit(w, "<dl class=\"hook-facts\"><dt>");
	html_text(w, T(l, "State"));
	html_lit(w, "</dt><dd class=\"hook-state\">");
	html_text(w, h->enabled ? T(l, "On: new events are delivered.") :
	    T(l, "Off: no new events are recorded and waiting deliveries "
	    "wait."));
	html_lit(w, "</dd><dt>");
	html_text(w, T(l, "Events"));
	html_lit(w, "</dt><dd>");
	events_list(w, l, h->events);
	html_lit(w, "</dd>");
	if (h->note[0] != '\0') {
		html_lit(w, "<dt>");
		html_text(w, T(l, "Note"));
		html_lit(w, "</dt><dd>");
		html_text(w, h->note);
		html_lit(w, "</dd>");
	}
	html_lit(w, "<dt>");
	html_text(w, T(l, "Added"));
	html_lit(w, "</dt><dd>");
	widget_time(w, l, h->created_at);
	if (h->created_by[0] != '\0') {
		html_lit(w, " (");
		html_text(w, h->created_by);
		html_lit(w, ")");
	}
	html_lit(w, "</dd></dl>\n<div class=\"hook-actions\">"
	    "<form method=\"post\" class=\"inline\" action=\"/admin/webhooks/");
	html_int(w, h->id);
	html_lit(w, "/enable\">");
	layout_csrf(w, r);
	if (h->enabled)
		html_lit(w, "<input type=\"hidden\" name=\"enabled\" "
		    "value=\"0\">");
	else
		html_lit(w, "<input type=\"hidden\" name=\"enabled\" "
		    "value=\"1\">");
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, h->enabled ? T(l, "Turn off") : T(l, "Turn on"));
	html_lit(w, "</button></form> <a class=\"button hook-delete\" "
	    "href=\"/admin/webhooks/");
	html_int(w, h->id);
	html_lit(w, "/delete\">");
	html_text(w, T(l, "Delete…"));
	html_lit(w, "</a></div>\n<h2>");
	html_text(w, T(l, "Delivery log"));
	html_lit(w, "</h2>\n<p class=\"hint\">");
	html_text(w, T(l, "The last 50 deliveries, newest first. A delivery "
	    "that did not get a 2xx answer is tried again later, each time "
	    "after a longer wait."));
	html_lit(w, "</p>\n");
	if (v->nd == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "Nothing has been sent to this webhook "
		    "yet."));
		html_lit(w, "</p>\n");
	} else {
		html_lit(w, "<div class=\"table-scroll\"><table class=\"desk "
		    "hook-log\"><thead><tr><th scope=\"col\">");
		html_text(w, T(l, "Delivery"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Event"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "State"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "HTTP status"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Attempts"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Next attempt"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Error"));
		html_lit(w, "</th></tr></thead><tbody>");
		for (i = 0; i < v->nd; i++) {
			html_lit(w, "<tr class=\"delivery\" data-state=\"");
			html_attr(w, v->d[i].state);
			html_lit(w, "\"><td data-label=\"");
			html_attr(w, T(l, "Delivery"));
			html_lit(w, "\">#");
			html_int(w, v->d[i].id);
			html_lit(w, " <small>");
			widget_time(w, l, v->d[i].created_at);
			html_lit(w, "</small></td><td data-label=\"");
			html_attr(w, T(l, "Event"));
			html_lit(w, "\">");
			html_text(w, event_label(l, v->d[i].event));
			html_lit(w, " <code>");
			html_text(w, v->d[i].event);
			html_lit(w, "</code></td><td class=\"delivery-state\" "
			    "data-label=\"");
			html_attr(w, T(l, "State"));
			html_lit(w, "\">");
			html_text(w, state_label(l, v->d[i].state));
			html_lit(w, "</td><td class=\"delivery-status\" "
			    "data-label=\"");
			html_attr(w, T(l, "HTTP status"));
			html_lit(w, "\">");
			if (v->d[i].last_status > 0)
				html_int(w, v->d[i].last_status);
			else
				html_lit(w, "—");
			html_lit(w, "</td><td class=\"delivery-attempts\" "
			    "data-label=\"");
			html_attr(w, T(l, "Attempts"));
			html_lit(w, "\">");
			html_int(w, v->d[i].attempts);
			html_lit(w, "</td><td data-label=\"");
			html_attr(w, T(l, "Next attempt"));
			html_lit(w, "\">");
			if (strcmp(v->d[i].state, "pending") == 0)
				widget_time(w, l, v->d[i].next_attempt_at);
			else if (v->d[i].delivered_at > 0)
				widget_time(w, l, v->d[i].delivered_at);
			else
				html_lit(w, "—");
			html_lit(w, "</td><td class=\"delivery-error\" "
			    "data-label=\"");
			html_attr(w, T(l, "Error"));
			html_lit(w, "\">");
			html_text(w, v->d[i].last_error);
			html_lit(w, "</td></tr>");
		}
		html_lit(w, "</tbody></table></div>\n");
	}
	html_lit(w, "</section>\n");
}

void
page_admin_webhook(struct req *r)
{
	struct hook_view	*v = arena_calloc(r->a, 1, sizeof(*v));

	if (hook_load(r, &v->h) == -1)
		return;
	if (store_webhook_deliveries(r->w->db, r->a, v->h->id,
	    DELIVERIES_SHOWN, &v->d, &v->nd) == -1)
		return;
	v->changed = r->f[F_WHLIST_CHANGED].present &&
	    r->f[F_WHLIST_CHANGED].i;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Webhook"), hook_main, v);
}

/*
 * Turns the hook of r->param[0] on or off (F_WHEN_ENABLED): 0 with *id,
 * or -1 after replying (403, 404) or when the store failed.  The page
 * and the API call it.
 */
int
admin_webhook_enable(struct req *r, int64_t *id)
{
	struct webhook	*h;
	int		 rc;

	if (hook_load(r, &h) == -1)
		return -1;
	*id = h->id;
	rc = store_webhook_set_enabled(r->w->db, r->a, r->sess->user_id,
	    h->id, (int)r->f[F_WHEN_ENABLED].i);
	if (rc == -1)
		return -1;
	if (rc != WEBHOOK_OK)
		return refused(r, rc);
	return 0;
}

void
page_admin_webhook_enable(struct req *r)
{
	int64_t	id;

	if (admin_webhook_enable(r, &id) == 0)
		reply_redirect(r, arena_printf(r->a, "/admin/webhooks/%lld?"
		    "changed=1", (long long)id));
}

static void
delete_main(struct html *w, struct req *r, void *arg)
{
	struct webhook	*h = arg;
	enum lang	 l = r->lang;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin/webhooks\">");
	html_text(w, T(l, "Webhooks"));
	html_lit(w, "</a></p><h1>");
	html_text(w, T(l, "Delete this webhook?"));
	html_lit(w, "</h1>\n<p><code>");
	html_text(w, h->url);
	html_lit(w, "</code></p>\n<p>");
	html_text(w, T(l, "It stops at once: deliveries still waiting are "
	    "dropped and its delivery log is deleted with it. To pause it "
	    "instead, turn it off."));
	html_lit(w, "</p>\n<form method=\"post\" action=\"/admin/webhooks/");
	html_int(w, h->id);
	html_lit(w, "/delete\" class=\"stack narrow\">");
	layout_csrf(w, r);
	html_lit(w, "<button class=\"button hook-delete\" type=\"submit\">");
	html_text(w, T(l, "Delete the webhook"));
	html_lit(w, "</button></form>\n<p><a href=\"/admin/webhooks/");
	html_int(w, h->id);
	html_lit(w, "\">");
	html_text(w, T(l, "Cancel"));
	html_lit(w, "</a></p></section>\n");
}

void
page_admin_webhook_delete_form(struct req *r)
{
	struct webhook	*h;

	if (hook_load(r, &h) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Delete this webhook?"), delete_main,
	    h);
}

/*
 * Deletes hook id with its deliveries: 0, or -1 after replying (403,
 * 404) or when the store failed.  The page and the API call it.
 */
int
admin_webhook_delete(struct req *r, int64_t id)
{
	int	rc;

	if (id <= 0) {
		reply_error(r, 404, N_("There is no such webhook."));
		return -1;
	}
	rc = store_webhook_delete(r->w->db, r->a, r->sess->user_id, id);
	if (rc == -1)
		return -1;
	if (rc != WEBHOOK_OK)
		return refused(r, rc);
	return 0;
}

void
page_admin_webhook_delete(struct req *r)
{
	if (admin_webhook_delete(r, qa_param_id(r->param[0])) == 0)
		reply_redirect(r, "/admin/webhooks?changed=1");
}
