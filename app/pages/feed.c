/* pages/feed.c: notifications (list, mark read) and the staff feed (page and Atom) */
/*
 * Notifications are written by the Q&A handlers (store_qa_notify) and
 * read here.  The unread count in the header comes with the session row
 * (one indexed count inside the session lookup, see SESSION_BY_HASH), so
 * a signed-in page costs no extra query for it.
 *
 * The staff feed lists the latest official answers and verifications:
 * what the exchange itself says.  It is the same for every visitor, so
 * both the page and the Atom document are served from the page cache
 * (R_CACHE); every write that can change them already calls
 * pcache_invalidate(cache).  The Atom document is written through the HTML
 * writer: html_text/html_attr escape & < > " ' as XML needs, and the
 * post's Markdown source goes in as escaped text (type="text"), never as
 * markup, so a feed reader cannot be fed script.
 */
#include <string.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"
#include "view/widgets.h"

#define NOTIF_LIMIT	50
#define FEED_LIMIT	30
#define FEED_SUMMARY	300	/* characters of the body in the feed */
/*
 * Atom ids are tag: URIs and links are relative to the feed's own URL, so
 * nothing in the document comes from the request's Host header: a forged
 * Host can neither inject links nor poison the cached feed.
 */
#define FEED_ID		"tag:sodan.invalid,2024:staff-feed"

struct notif_data {
	struct qa_notif	*n;
	size_t		 count;
};

struct feed_data {
	struct qa_feed_item	*it;
	size_t			 n;
};

static void	 notif_main(struct html *, struct req *, void *);
static const char *notif_text(const char *kind);
static void	 feed_main(struct html *, struct req *, void *);

/* The msgid describing a notification of kind. */
static const char *
notif_text(const char *kind)
{
	if (strcmp(kind, "answer") == 0)
		return N_("New answer to your question");
	if (strcmp(kind, "accepted") == 0)
		return N_("Your answer was accepted");
	if (strcmp(kind, "verified") == 0)
		return N_("Your answer was verified by staff");
	if (strcmp(kind, "unverified") == 0)
		return N_("Staff removed the verification of your answer");
	if (strcmp(kind, "held") == 0)
		return N_("Your post is waiting for review");
	if (strcmp(kind, "approved") == 0)
		return N_("Your post was approved");
	if (strcmp(kind, "removed") == 0)
		return N_("Moderators removed your post");
	if (strcmp(kind, "hidden") == 0)
		return N_("Your post was hidden after flags, pending review");
	if (strcmp(kind, "accept_reminder") == 0)
		return N_("Did an answer solve your question? If so, accept "
		    "it so others find it");
	if (strcmp(kind, "support_reply") == 0)
		return N_("Official support replied to your case");
	if (strcmp(kind, "support_resolved") == 0)
		return N_("Official support resolved your case");
	if (strcmp(kind, "official_edited") == 0)
		return N_("An official or verified answer was edited; "
		    "please check it again");
	if (strcmp(kind, "watch_answer") == 0)
		return N_("New post in a thread you watch");
	if (strcmp(kind, "watch_official") == 0)
		return N_("Official answer in a thread you follow");
	if (strcmp(kind, "watch_verified") == 0)
		return N_("Staff verified an answer in a thread you follow");
	if (strcmp(kind, "mention") == 0)
		return N_("You were mentioned");
	if (strcmp(kind, "appeal_reversed") == 0)
		return N_("Your appeal was accepted; your post is restored");
	if (strcmp(kind, "appeal_upheld") == 0)
		return N_("Your appeal was declined; the removal stays");
	if (strcmp(kind, "suspension_lifted") == 0)
		return N_("Your appeal was accepted; your suspension is lifted");
	if (strcmp(kind, "suspension_upheld") == 0)
		return N_("Your appeal was declined; the suspension stays");
	return N_("Notification");
}

static void
notif_main(struct html *w, struct req *r, void *arg)
{
	struct notif_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i, unread = 0;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Notifications"));
	html_lit(w, "</h1>\n");
	for (i = 0; i < d->count; i++)
		if (d->n[i].unread)
			unread++;
	if (unread > 0) {
		html_lit(w, "<form method=\"post\" action=\"/notifications/"
		    "read\" class=\"inline\">");
		layout_csrf(w, r);
		html_lit(w, "<button type=\"submit\" class=\"btn\">");
		html_text(w, T(l, "Mark all as read"));
		html_lit(w, "</button></form>\n");
	}
	if (d->count == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No notifications yet."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<ol class=\"notif-list\">\n");
	for (i = 0; i < d->count; i++) {
		html_lit(w, "<li class=\"notif ");
		if (d->n[i].unread)
			html_lit(w, "notif-unread");
		else
			html_lit(w, "notif-read");
		html_lit(w, "\" id=\"n");
		html_int(w, d->n[i].id);
		html_lit(w, "\" data-kind=\"");
		html_attr(w, d->n[i].kind);
		html_lit(w, "\">");
		if (d->n[i].unread) {
			html_lit(w, "<span class=\"badge badge-new\">");
			html_text(w, T(l, "Unread"));
			html_lit(w, "</span> ");
		}
		html_text(w, i18n_get(l, notif_text(d->n[i].kind)));
		if (d->n[i].actor[0] != '\0') {
			html_lit(w, " (");
			html_text(w, d->n[i].actor);
			html_lit(w, ")");
		}
		if (d->n[i].reason[0] != '\0') {
			html_lit(w, " <span class=\"notif-reason\">");
			html_text(w, T(l, "Reason:"));
			html_lit(w, " ");
			html_text(w, modview_reason(l, d->n[i].reason));
			html_lit(w, "</span>");
		}
		if (d->n[i].thread_id != 0 &&
		    strncmp(d->n[i].kind, "support_", 8) == 0) {
			/* the case, for its asker (pages/support.c) */
			html_lit(w, ": <a href=\"/t/");
			html_int(w, d->n[i].thread_id);
			html_lit(w, "/support\">");
			html_text(w, d->n[i].thread_title);
			html_lit(w, "</a>");
		} else if (d->n[i].thread_id != 0) {
			html_lit(w, ": <a href=\"/t/");
			html_int(w, d->n[i].thread_id);
			if (d->n[i].post_id != 0) {
				html_lit(w, "#p");
				html_int(w, d->n[i].post_id);
			}
			html_lit(w, "\">");
			html_text(w, d->n[i].thread_title);
			html_lit(w, "</a>");
		}
		/* a removal can be appealed (pages/appeal.c) */
		if (strcmp(d->n[i].kind, "removed") == 0 &&
		    d->n[i].post_id != 0) {
			html_lit(w, " <a class=\"notif-appeal\" href=\"/p/");
			html_int(w, d->n[i].post_id);
			html_lit(w, "/appeal\">");
			html_text(w, T(l, "Appeal this removal"));
			html_lit(w, "</a>");
		}
		html_lit(w, " <span class=\"thread-meta\">");
		widget_time(w, l, d->n[i].at);
		html_lit(w, "</span>");
		if (d->n[i].unread) {
			html_lit(w, " <form method=\"post\" class=\"inline\" "
			    "action=\"/notifications/");
			html_int(w, d->n[i].id);
			html_lit(w, "/read\">");
			layout_csrf(w, r);
			html_lit(w, "<button type=\"submit\" class=\"btn\">");
			html_text(w, T(l, "Mark as read"));
			html_lit(w, "</button></form>");
		}
		html_lit(w, "</li>\n");
	}
	html_lit(w, "</ol>\n");
}

void
page_notifications(struct req *r)
{
	struct notif_data	 d;

	memset(&d, 0, sizeof(d));
	if (store_qa_notifs(r->w->db, r->a, r->sess->user_id, NOTIF_LIMIT,
	    &d.n, &d.count) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Notifications"), notif_main, &d);
}

void
page_notifications_read(struct req *r)
{
	if (store_qa_notifs_read(r->w->db, r->sess->user_id) == -1)
		return;
	reply_redirect(r, "/notifications");
}

void
page_notification_read(struct req *r)
{
	int64_t	id = qa_param_id(r->param[0]);

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	/* Only the owner's row matches; another user's id changes nothing. */
	if (store_qa_notif_read(r->w->db, r->sess->user_id, id) == -1)
		return;
	reply_redirect(r, "/notifications");
}

static void
feed_main(struct html *w, struct req *r, void *arg)
{
	struct feed_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;
	int			 official;

	html_lit(w, "<h1>");
	html_text(w, T(l, "From the staff"));
	html_lit(w, "</h1>\n<p class=\"lead\">");
	html_text(w, T(l, "The latest official answers and staff-verified "
	    "answers: what the exchange itself says."));
	html_lit(w, " <a class=\"feed-link\" href=\"/staff/feed.atom\" "
	    "type=\"application/atom+xml\">");
	html_text(w, T(l, "Atom feed"));
	html_lit(w, "</a></p>\n");
	if (d->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "Nothing from the staff yet."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<ol class=\"feed-list\">\n");
	for (i = 0; i < d->n; i++) {
		official = strcmp(d->it[i].what, "official") == 0;
		html_lit(w, "<li class=\"feed-item ");
		if (official)
			html_lit(w, "feed-item-official");
		else
			html_lit(w, "feed-item-verified");
		html_lit(w, "\">");
		if (official) {
			html_lit(w, "<span class=\"badge badge-official\">");
			html_text(w, T(l, "Official answer"));
		} else {
			html_lit(w, "<span class=\"badge badge-verified\">");
			html_text(w, T(l, "Staff-verified"));
		}
		html_lit(w, "</span> <a class=\"thread-title\" href=\"/t/");
		html_int(w, d->it[i].thread_id);
		html_lit(w, "#p");
		html_int(w, d->it[i].post_id);
		html_lit(w, "\">");
		html_text(w, d->it[i].title);
		html_lit(w, "</a><div class=\"thread-meta\">");
		html_text(w, d->it[i].who);
		html_lit(w, " · ");
		widget_time(w, l, d->it[i].at);
		html_lit(w, "</div></li>\n");
	}
	html_lit(w, "</ol>\n");
}

void
page_staff_feed(struct req *r)
{
	struct feed_data	 d;

	memset(&d, 0, sizeof(d));
	if (store_qa_staff_feed(r->w->db, r->a, FEED_LIMIT, &d.it,
	    &d.n) == -1)
		return;
	pcache_depend(r, "lists");
	layout_page(r, 200, T(r->lang, "From the staff"), feed_main, &d);
}

void
page_staff_atom(struct req *r)
{
	struct feed_data	 d;
	struct html		 w;
	enum lang		 l = r->lang;
	size_t			 i, len;
	char			 when[WIDGET_ISO_LEN];

	memset(&d, 0, sizeof(d));
	if (store_qa_staff_feed(r->w->db, r->a, FEED_LIMIT, &d.it,
	    &d.n) == -1)
		return;
	pcache_depend(r, "lists");
	html_init(&w, r->a);
	html_lit(&w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	html_attr(&w, i18n_code(l));
	html_lit(&w, "\">\n<title>");
	html_text(&w, T(l, "From the staff"));
	html_lit(&w, "</title>\n<id>" FEED_ID "</id>\n"
	    "<link rel=\"self\" href=\"/staff/feed.atom\"/>\n"
	    "<link rel=\"alternate\" type=\"text/html\" href=\"/staff\"/>\n"
	    "<updated>");
	html_text(&w, widget_iso_time(when, sizeof(when), d.n > 0 ?
	    d.it[0].at : 0));
	html_lit(&w, "</updated>\n");
	for (i = 0; i < d.n; i++) {
		html_lit(&w, "<entry>\n<title>");
		html_text(&w, strcmp(d.it[i].what, "official") == 0 ?
		    T(l, "Official answer") : T(l, "Staff-verified"));
		html_lit(&w, ": ");
		html_text(&w, d.it[i].title);
		html_lit(&w, "</title>\n<id>" FEED_ID ":post:");
		html_int(&w, d.it[i].post_id);
		html_lit(&w, ":");
		html_text(&w, d.it[i].what);
		html_lit(&w, "</id>\n<link href=\"/t/");
		html_int(&w, d.it[i].thread_id);
		html_lit(&w, "#p");
		html_int(&w, d.it[i].post_id);
		html_lit(&w, "\"/>\n<updated>");
		html_text(&w, widget_iso_time(when, sizeof(when), d.it[i].at));
		html_lit(&w, "</updated>\n<author><name>");
		html_text(&w, d.it[i].who);
		html_lit(&w, "</name></author>\n<summary type=\"text\">");
		len = utf8_prefix(d.it[i].body_md, strlen(d.it[i].body_md),
		    FEED_SUMMARY);
		html_textn(&w, d.it[i].body_md, len);
		html_lit(&w, "</summary>\n</entry>\n");
	}
	html_lit(&w, "</feed>\n");
	reply_html(r, 200, &w);
	r->resp.ctype = "application/atom+xml; charset=utf-8";
}
