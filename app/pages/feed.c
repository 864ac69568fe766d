/* pages/feed.c: notifications (list, mark read), the staff feed page, Atom feeds */
/*
 * Notifications are written by the Q&A handlers (store_qa_notify) and
 * read here.  The unread count in the header comes with the session row
 * (one indexed count inside the session lookup, see SESSION_BY_HASH), so
 * a signed-in page costs no extra query for it.
 *
 * The Atom feeds (one writer, atom_reply): the staff feed lists the
 * latest official answers and verifications, what the exchange itself
 * says; a category's and a tag's feed their newest public questions; a
 * thread's its public posts.  Each is the same for every visitor, so
 * the pages and the Atom documents are served from the page cache
 * (R_CACHE) under the keys they declare (pcache_depend).  The Atom
 * documents are written through the HTML writer: html_text/html_attr escape & < > " ' as XML needs, and the
 * post's Markdown source goes in as escaped text (type="text"), never as
 * markup, so a feed reader cannot be fed script.
 */
#include <string.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/state.h"
#include "lib/utf8.h"
#include "pages/pager.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "text/fold.h"
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
#define FEED_BASE	"tag:sodan.invalid,2024"
#define FEED_ID		FEED_BASE ":staff-feed"
#define POST_ID_BASE	FEED_BASE ":post:"

struct notif_data {
	struct qa_notif	*n;
	size_t		 count;
	const char	*newer_at, *older_at;	/* the pager's cursors */
};

struct feed_data {
	struct qa_feed_item	*it;
	size_t			 n;
};

static void	 notif_main(struct html *, struct req *, void *);
static const char *notif_text(enum notif_kind);
static void	 feed_main(struct html *, struct req *, void *);

/*
 * The msgid describing a notification of each kind (lib/state.h names
 * them); a kind without one (NK_UNKNOWN, and those mailed only) reads
 * "Notification".
 */
static const char *const notif_msgid[NK__MAX] = {
	[NK_ANSWER] = N_("New answer to your question"),
	[NK_ACCEPTED] = N_("Your answer was accepted"),
	[NK_VERIFIED] = N_("Your answer was verified by staff"),
	[NK_UNVERIFIED] = N_("Staff removed the verification of your answer"),
	[NK_HELD] = N_("Your post is waiting for review"),
	[NK_APPROVED] = N_("Your post was approved"),
	[NK_REMOVED] = N_("Moderators removed your post"),
	[NK_HIDDEN] = N_("Your post was hidden after flags, pending review"),
	[NK_ACCEPT_REMINDER] = N_("Did an answer solve your question? If so, "
	    "accept it so others find it"),
	[NK_SUPPORT_REPLY] = N_("Official support replied to your case"),
	[NK_SUPPORT_RESOLVED] = N_("Official support resolved your case"),
	[NK_OFFICIAL_EDITED] = N_("An official or verified answer was edited; "
	    "please check it again"),
	[NK_WATCH_ANSWER] = N_("New post in a thread you watch"),
	[NK_WATCH_OFFICIAL] = N_("Official answer in a thread you follow"),
	[NK_WATCH_VERIFIED] = N_("Staff verified an answer in a thread you "
	    "follow"),
	[NK_MENTION] = N_("You were mentioned"),
	[NK_APPEAL_REVERSED] = N_("Your appeal was accepted; your post is "
	    "restored"),
	[NK_APPEAL_UPHELD] = N_("Your appeal was declined; the removal stays"),
	[NK_SUSPENSION_LIFTED] = N_("Your appeal was accepted; your suspension "
	    "is lifted"),
	[NK_SUSPENSION_UPHELD] = N_("Your appeal was declined; the suspension "
	    "stays"),
};

/* The msgid describing a notification of kind. */
static const char *
notif_text(enum notif_kind kind)
{
	if ((int)kind >= 0 && kind < NK__MAX && notif_msgid[kind] != NULL)
		return notif_msgid[kind];
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
		html_attr(w, state_notif_name(d->n[i].kind));
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
		    (d->n[i].kind == NK_SUPPORT_REPLY ||
		    d->n[i].kind == NK_SUPPORT_RESOLVED)) {
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
		if (d->n[i].kind == NK_REMOVED &&
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
	widget_keyset_pager(w, l, "/notifications", d->newer_at, d->older_at,
	    0);
}

/*
 * NOTIF_LIMIT a page, newest first, read by keyset (?at=, no OFFSET);
 * an old ?page=N is not a position here: it shows the newest page.
 */
void
page_notifications(struct req *r)
{
	struct notif_data	 d;
	struct pager		 pp;
	struct store_page	 pg;

	memset(&d, 0, sizeof(d));
	if (pager_read_or_reply(r, F_LIST_AT, F_LIST_PAGE, NOTIF_LIMIT,
	    "/notifications", &pp) == -1)
		return;
	if (store_qa_notifs_page(r->w->db, r->a, r->sess->user_id, pp.at,
	    NOTIF_LIMIT, &d.n, &pg) == -1)
		return;
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	d.count = pg.n;
	d.newer_at = pager_newer(r, &pg);
	d.older_at = pager_older(r, &pg);
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

/* One Atom document: its id, title and addresses, and its entries. */
struct atom_feed {
	const char		*id;	/* a tag: URI, never from the request */
	const char		*title;
	const char		*self;	/* this document's path */
	const char		*alt;	/* the HTML page's path */
	int			 staff;	/* entries name official / verified */
	struct qa_feed_item	*it;
	size_t			 n;
};

static void
atom_reply(struct req *r, const struct atom_feed *f)
{
	struct html	 w;
	enum lang	 l = r->lang;
	const char	*what;
	size_t		 i, len;
	char		 when[WIDGET_ISO_LEN];
	int64_t		 updated = 0;

	for (i = 0; i < f->n; i++)
		if (f->it[i].at > updated)
			updated = f->it[i].at;
	html_init(&w, r->a);
	html_lit(&w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	html_attr(&w, i18n_code(l));
	html_lit(&w, "\">\n<title>");
	html_text(&w, f->title);
	html_lit(&w, "</title>\n<id>");
	html_text(&w, f->id);
	html_lit(&w, "</id>\n<link rel=\"self\" href=\"");
	html_attr(&w, f->self);
	html_lit(&w, "\"/>\n<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"");
	html_attr(&w, f->alt);
	html_lit(&w, "\"/>\n<updated>");
	html_text(&w, widget_iso_time(when, sizeof(when), updated));
	html_lit(&w, "</updated>\n");
	for (i = 0; i < f->n; i++) {
		html_lit(&w, "<entry>\n<title>");
		/* staff feed: official or verified; a thread's: its kinds */
		what = strcmp(f->it[i].what, "official") == 0 ?
		    T(l, "Official answer") : f->staff ?
		    T(l, "Staff-verified") :
		    strcmp(f->it[i].what, "answer") == 0 ? T(l, "Answer") : NULL;
		if (what != NULL) {
			html_text(&w, what);
			html_lit(&w, ": ");
		}
		html_text(&w, f->it[i].title);
		/*
		 * The staff feed's entry ids name what happened to the post;
		 * the others name the post alone (one entry per post).
		 */
		if (f->staff) {
			html_lit(&w, "</title>\n<id>" FEED_ID ":post:");
			html_int(&w, f->it[i].post_id);
			html_lit(&w, ":");
			html_text(&w, f->it[i].what);
		} else {
			html_lit(&w, "</title>\n<id>" POST_ID_BASE);
			html_int(&w, f->it[i].post_id);
		}
		html_lit(&w, "</id>\n<link href=\"/t/");
		html_int(&w, f->it[i].thread_id);
		if (strcmp(f->it[i].what, "question") != 0) {
			html_lit(&w, "#p");
			html_int(&w, f->it[i].post_id);
		}
		html_lit(&w, "\"/>\n<updated>");
		html_text(&w, widget_iso_time(when, sizeof(when), f->it[i].at));
		html_lit(&w, "</updated>\n<author><name>");
		html_text(&w, f->it[i].who);
		html_lit(&w, "</name></author>\n<summary type=\"text\">");
		len = utf8_prefix(f->it[i].body_md, strlen(f->it[i].body_md),
		    FEED_SUMMARY);
		html_textn(&w, f->it[i].body_md, len);
		html_lit(&w, "</summary>\n</entry>\n");
	}
	html_lit(&w, "</feed>\n");
	reply_html(r, 200, &w);
	r->resp.ctype = "application/atom+xml; charset=utf-8";
}

void
page_staff_atom(struct req *r)
{
	struct atom_feed	 f;

	memset(&f, 0, sizeof(f));
	if (store_qa_staff_feed(r->w->db, r->a, FEED_LIMIT, &f.it,
	    &f.n) == -1)
		return;
	pcache_depend(r, "lists");
	f.id = FEED_ID;
	f.title = T(r->lang, "From the staff");
	f.self = "/staff/feed.atom";
	f.alt = "/staff";
	f.staff = 1;
	atom_reply(r, &f);
}

/* /c/:slug/feed.atom: the category's newest public questions. */
void
page_category_atom(struct req *r)
{
	struct atom_feed	 f;
	struct category		*cat;

	memset(&f, 0, sizeof(f));
	if (store_category_by_slug(r->w->db, r->a, r->param[0], &cat) == -1)
		return;
	if (cat == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_qa_feed(r->w->db, r->a, QA_FEED_OF_CATEGORY,
	    arena_printf(r->a, "%lld", (long long)cat->id), FEED_LIMIT, &f.it,
	    &f.n) == -1)
		return;
	pcache_depend(r, arena_printf(r->a, "cat:%lld", (long long)cat->id));
	f.id = arena_printf(r->a, FEED_BASE ":category:%lld",
	    (long long)cat->id);
	f.title = cat->name[r->lang];
	f.alt = arena_printf(r->a, "/c/%s", cat->slug);
	f.self = arena_printf(r->a, "%s/feed.atom", f.alt);
	atom_reply(r, &f);
}

/*
 * /tag/:tag/feed.atom: the newest public questions with the tag; a tag
 * no public question carries has no feed (404, as its page).
 */
void
page_tag_atom(struct req *r)
{
	struct atom_feed	 f;
	const char		*tag = fold_text(r->a, r->param[0],
	    strlen(r->param[0]));
	size_t			 plen = strlen(r->path) - strlen("/feed.atom");

	memset(&f, 0, sizeof(f));
	if (store_qa_feed(r->w->db, r->a, QA_FEED_OF_TAG, tag, FEED_LIMIT,
	    &f.it, &f.n) == -1)
		return;
	if (f.n == 0) {
		/* a tag synonym: its canonical tag's feed (0177) */
		if (qa_tag_synonym_redirect(r, tag, "/feed.atom") != 0)
			return;
		reply_error(r, 404, NULL);
		return;
	}
	/* The tag goes into the id percent-encoded, as in the path. */
	f.alt = arena_strndup(r->a, r->path, plen);
	f.id = arena_printf(r->a, FEED_BASE ":%s", f.alt + 1);
	f.title = arena_printf(r->a, "%s: %s", T(r->lang, "Tag"), tag);
	f.self = r->path;
	atom_reply(r, &f);
}

/* /t/:id/feed.atom: the public posts of a public thread, in order. */
void
page_thread_atom(struct req *r)
{
	struct atom_feed	 f;
	int64_t			 id = qa_param_id(r->param[0]);

	memset(&f, 0, sizeof(f));
	if (id > 0 && store_qa_feed(r->w->db, r->a, QA_FEED_OF_THREAD,
	    arena_printf(r->a, "%lld", (long long)id), FEED_LIMIT, &f.it,
	    &f.n) == -1)
		return;
	if (f.n == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (qa_param_canonical(r->param[0]))
		pcache_depend(r, arena_printf(r->a, "thread:%lld",
		    (long long)id));
	f.id = arena_printf(r->a, FEED_BASE ":thread:%lld", (long long)id);
	f.title = f.it[0].title;
	f.alt = arena_printf(r->a, "/t/%lld", (long long)id);
	f.self = arena_printf(r->a, "/t/%lld/feed.atom", (long long)id);
	atom_reply(r, &f);
}
