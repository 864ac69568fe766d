/* pages/watch.c: watching threads, tags and categories; notification settings; unsubscribe */
/*
 * A member follows a thread, a tag or a category at one of three levels
 * (store/watch.c says what each tells): POST /t/:id/watch,
 * /tag/:tag/watch, /c/:slug/watch with level=watching|tracking|muted, or
 * none to stop following; /watching lists them.  Mail preferences
 * (instant, daily digest, off; kinds) are at /settings/notifications.
 * /unsubscribe is the one-click link of every notification mail (RFC
 * 8058): its signed token (mail_unsubscribe_url) is the authority, so
 * the POST a mail client sends without cookies works, and GET only shows
 * a button.
 */
#include <string.h>

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "mail/mail.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/store.h"
#include "text/fold.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

/* The kinds of mail a member may turn off, and the rows each covers. */
struct mail_kind {
	const char	*field;		/* form field */
	const char	*label;		/* English msgid */
	const char	*kinds;		/* notifications.kind, spaces */
};
static const struct mail_kind mail_kinds[] = {
	{ "answer", N_("An answer to my question"), "answer" },
	{ "watch_official", N_("An official answer in a thread I follow"),
	    "watch_official" },
	{ "watch_verified", N_("A staff verification in a thread I follow"),
	    "watch_verified" },
	{ "watch_answer", N_("Every new post in a thread I watch"),
	    "watch_answer" },
	{ "mention", N_("Someone mentions me (@name)"), "mention" },
	{ "accepted", N_("My answer is accepted or verified"),
	    "accepted verified" },
	{ "moderation", N_("My post is held, hidden, removed or restored, and "
	    "appeals"), "held hidden removed approved redacted appeal_upheld "
	    "appeal_reversed" },
};
#define NKINDS	(sizeof(mail_kinds) / sizeof(mail_kinds[0]))

static const char *const levels[] = { "watching", "tracking", "muted", NULL };

struct watching_view {
	struct watch_row	*w;
	size_t			 n;
};

struct prefs_view {
	const char	*mode;
	const char	*mail_off;
	const char	*notice;
};

struct unsub_view {
	int64_t		 user;
	const char	*kind;
	const char	*mac;
	int		 done;
};

static const char *level_label(enum lang, const char *);
static void	 watching_main(struct html *, struct req *, void *);
static void	 prefs_main(struct html *, struct req *, void *);
static void	 unsub_main(struct html *, struct req *, void *);
static int	 word_in(const char *list, const char *word);
static int	 tag_ok(const char *);
static void	 set_level(struct req *, enum watch_kind, const char *target,
		    const char *back);

static const char *
level_label(enum lang l, const char *lv)
{
	if (strcmp(lv, "watching") == 0)
		return T(l, "Watching");
	if (strcmp(lv, "tracking") == 0)
		return T(l, "Tracking");
	if (strcmp(lv, "muted") == 0)
		return T(l, "Muted");
	return T(l, "Not following");
}

void
watch_buttons(struct html *w, struct req *r, const char *action,
    const char *current)
{
	enum lang	l = r->lang;
	size_t		i;
	static const char *const hints[] = {
		N_("every new post"),
		N_("official answers and staff verifications"),
		N_("nothing, not even from its tags or category"),
	};

	if (r->sess == NULL)
		return;
	if (r->compose_rec) {
		html_hole(w, HOLE_WATCH, action);
		return;
	}
	html_lit(w, "<form class=\"watch\" method=\"post\" action=\"");
	html_attr(w, action);
	html_lit(w, "\">");
	layout_csrf(w, r);
	html_lit(w, "<fieldset><legend>");
	html_text(w, T(l, "Notifications"));
	html_lit(w, ": <strong>");
	html_text(w, level_label(l, current));
	html_lit(w, "</strong></legend><div class=\"tool-row\">");
	for (i = 0; levels[i] != NULL; i++) {
		html_lit(w, "<button type=\"submit\" class=\"btn\" name=\"level\" "
		    "value=\"");
		html_attr(w, levels[i]);
		/* the current level reads as a pressed toggle */
		if (strcmp(current, levels[i]) == 0)
			html_lit(w, "\" aria-pressed=\"true\" data-current=\"1");
		else
			html_lit(w, "\" aria-pressed=\"false");
		html_lit(w, "\" title=\"");
		html_attr(w, i18n_get(l, hints[i]));
		html_lit(w, "\">");
		html_text(w, level_label(l, levels[i]));
		html_lit(w, "</button>");
	}
	if (current[0] != '\0') {
		html_lit(w, "<button type=\"submit\" class=\"btn\" name=\"level\" "
		    "value=\"none\">");
		html_text(w, T(l, "Stop following"));
		html_lit(w, "</button>");
	}
	html_lit(w, "</div><p class=\"muted\"><a href=\"/watching\">");
	html_text(w, T(l, "What I follow"));
	html_lit(w, "</a></p></fieldset></form>\n");
}

/* Stores r's level for (kind, target) and goes back; replies itself. */
static void
set_level(struct req *r, enum watch_kind k, const char *target,
    const char *back)
{
	if (store_watch_set(r->w->db, r->sess->user_id, k, target,
	    r->f[F_WATCH_LEVEL].s) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	reply_redirect(r, back);
}

int
watch_thread_or_reply(struct req *r, int64_t *out)
{
	struct qa_thread	*t;
	const char		*s = r->param[0];
	int64_t			 id = 0;

	for (; s != NULL && *s >= '0' && *s <= '9' && id < 100000000000LL; s++)
		id = id * 10 + (*s - '0');
	if (s == NULL || *s != '\0' || id == 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_qa_thread(r->w->db, r->a, id, &t) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	/* a thread the member may not see cannot be followed either */
	if (t == NULL || (!t->visible && t->author_id != r->sess->user_id &&
	    !qa_sees_held(r))) {
		reply_error(r, 404, NULL);
		return -1;
	}
	*out = id;
	return 0;
}

void
page_watch_thread(struct req *r)
{
	int64_t	id;

	if (watch_thread_or_reply(r, &id) == -1)
		return;
	set_level(r, WATCH_THREAD, arena_printf(r->a, "%lld", (long long)id),
	    arena_printf(r->a, "/t/%lld", (long long)id));
}

/* A tag as threads store them: 1..30 bytes, no space, comma or control. */
static int
tag_ok(const char *s)
{
	size_t	n = strlen(s), i;

	if (n == 0 || n > 30)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == ',' || s[i] == 0x7f ||
		    s[i] == '/' || s[i] == '?' || s[i] == '#')
			return 0;
	return 1;
}

int
watch_tag_or_reply(struct req *r, const char **out)
{
	const char	*tag = r->param[0], *canon;

	/* as threads store tags and the tag page looks them up */
	if (tag != NULL)
		tag = fold_text(r->a, tag, strlen(tag));
	if (tag == NULL || !tag_ok(tag)) {
		reply_error(r, 404, NULL);
		return -1;
	}
	/* /tag/ALIAS answers 301 to its tag: watch that tag */
	if (store_tag_synonym_of(r->w->db, r->a, tag, &canon) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (canon != NULL)
		tag = canon;
	*out = tag;
	return 0;
}

void
page_watch_tag(struct req *r)
{
	const char	*tag;
	struct html	 back;

	if (watch_tag_or_reply(r, &tag) == -1)
		return;
	html_init(&back, r->a);
	html_lit(&back, "/tag/");
	html_url(&back, tag);
	set_level(r, WATCH_TAG, tag, back.b.p);
}

int
watch_category_or_reply(struct req *r, struct category **out)
{
	struct category	*c;

	if (store_category_by_slug(r->w->db, r->a, r->param[0], &c) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (c == NULL) {
		reply_error(r, 404, NULL);
		return -1;
	}
	*out = c;
	return 0;
}

void
page_watch_category(struct req *r)
{
	struct category	*c;

	if (watch_category_or_reply(r, &c) == -1)
		return;
	set_level(r, WATCH_CATEGORY, arena_printf(r->a, "%lld",
	    (long long)c->id), arena_printf(r->a, "/c/%s", c->slug));
}

static void
watching_main(struct html *w, struct req *r, void *arg)
{
	struct watching_view	*v = arg;
	struct watch_row	*x;
	enum lang		 l = r->lang;
	size_t			 i;
	const char		*act;

	html_lit(w, "<h1>");
	html_text(w, T(l, "What I follow"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "Watching: every new post. Tracking: official "
	    "answers and staff verifications. Muted: nothing. A level on a "
	    "thread wins over its tags and category. You watch the threads "
	    "you ask in and track those you answer in."));
	html_lit(w, " <a href=\"/settings/notifications\">");
	html_text(w, T(l, "Notification settings"));
	html_lit(w, "</a></p>\n");
	if (v->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "You follow nothing yet."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<ul class=\"watch-list\">\n");
	for (i = 0; i < v->n; i++) {
		x = &v->w[i];
		html_lit(w, "<li>");
		switch (x->kind) {
		case WATCH_THREAD:
			html_text(w, T(l, "Thread"));
			html_lit(w, ": ");
			if (x->label[0] != '\0') {
				html_lit(w, "<a href=\"/t/");
				html_url(w, x->target);
				html_lit(w, "\">");
				html_text(w, x->label);
				html_lit(w, "</a>");
			} else
				html_text(w, T(l, "(not public)"));
			act = arena_printf(r->a, "/t/%s/watch", x->target);
			break;
		case WATCH_CATEGORY:
			html_text(w, T(l, "Category"));
			html_lit(w, ": <a href=\"/c/");
			html_url(w, x->label);
			html_lit(w, "\">");
			html_text(w, x->name[l]);
			html_lit(w, "</a>");
			act = arena_printf(r->a, "/c/%s/watch", x->label);
			break;
		case WATCH_TAG:
		default:
			html_text(w, T(l, "Tag"));
			html_lit(w, ": <a href=\"/tag/");
			html_url(w, x->target);
			html_lit(w, "\">");
			html_text(w, x->target);
			html_lit(w, "</a>");
			{
				struct html	b;

				html_init(&b, r->a);
				html_lit(&b, "/tag/");
				html_url(&b, x->target);
				html_lit(&b, "/watch");
				act = b.b.p;
			}
			break;
		}
		watch_buttons(w, r, act, x->level);
		html_lit(w, "</li>\n");
	}
	html_lit(w, "</ul>\n");
}

void
page_watching(struct req *r)
{
	struct watching_view	v;

	memset(&v, 0, sizeof(v));
	if (store_watch_list(r->w->db, r->a, r->sess->user_id, &v.w,
	    &v.n) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "What I follow"), watching_main, &v);
}

/* 1 when word is one of the space-separated words of list. */
static int
word_in(const char *list, const char *word)
{
	size_t		 n = strlen(word);
	const char	*p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static void
prefs_main(struct html *w, struct req *r, void *arg)
{
	struct prefs_view	*v = arg;
	enum lang		 l = r->lang;
	const char		*field;
	size_t			 i;
	static const char *const modes[] = { "instant", "digest", "off" };
	static const char *const mode_labels[] = {
		N_("Soon after it happens (at most one mail per thread every "
		    "15 minutes)"),
		N_("A daily digest"),
		N_("No mail (the list in the forum stays)"),
	};

	html_lit(w, "<h1>");
	html_text(w, T(l, "Notifications"));
	html_lit(w, "</h1>\n");
	if (v->notice != NULL) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, v->notice);
		html_lit(w, "</p>\n");
	}
	html_lit(w, "<p><a href=\"/watching\">");
	html_text(w, T(l, "What I follow"));
	html_lit(w, "</a> &middot; <a href=\"/notifications\">");
	html_text(w, T(l, "Notifications in the forum"));
	html_lit(w, "</a></p>\n<form method=\"post\" "
	    "action=\"/settings/notifications\" class=\"stack\">");
	layout_csrf(w, r);
	html_lit(w, "<fieldset><legend>");
	html_text(w, T(l, "E-mail"));
	html_lit(w, "</legend>");
	for (i = 0; i < 3; i++) {
		html_lit(w, "<div><label><input type=\"radio\" name=\"mode\" "
		    "value=\"");
		html_attr(w, modes[i]);
		html_lit(w, "\"");
		if (strcmp(v->mode, modes[i]) == 0)
			html_lit(w, " checked");
		html_lit(w, "> ");
		html_text(w, i18n_get(l, mode_labels[i]));
		html_lit(w, "</label></div>");
	}
	html_lit(w, "</fieldset><fieldset><legend>");
	html_text(w, T(l, "Mail me when"));
	html_lit(w, "</legend>");
	for (i = 0; i < NKINDS; i++) {
		html_lit(w, "<div><label><input type=\"checkbox\" name=\"");
		html_attr(w, mail_kinds[i].field);
		html_lit(w, "\" value=\"1\"");
		if (watch_prefs_kind(v->mail_off, i, &field) == 1)
			html_lit(w, " checked");
		html_lit(w, "> ");
		html_text(w, i18n_get(l, mail_kinds[i].label));
		html_lit(w, "</label></div>");
	}
	html_lit(w, "</fieldset><p class=\"muted\">");
	html_text(w, T(l, "Mail goes to your confirmed address only. It never "
	    "quotes a post: it says what happened and links to it."));
	html_lit(w, "</p><button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Save"));
	html_lit(w, "</button></form>\n");
}

void
page_notify_prefs(struct req *r)
{
	struct prefs_view	v;

	memset(&v, 0, sizeof(v));
	if (store_notify_prefs_get(r->w->db, r->a, r->sess->user_id, &v.mode,
	    &v.mail_off) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Notifications"), prefs_main, &v);
}

void
page_notify_prefs_save(struct req *r)
{
	struct prefs_view	v;

	memset(&v, 0, sizeof(v));
	if (watch_prefs_save_or_reply(r, &v.mode, &v.mail_off) == -1)
		return;
	v.notice = T(r->lang, "Saved.");
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Notifications"), prefs_main, &v);
}

int
watch_prefs_save_or_reply(struct req *r, const char **mode,
    const char **mail_off)
{
	struct buf	off;
	size_t		i;

	buf_init(&off, r->a);
	buf_puts(&off, "");
	for (i = 0; i < NKINDS; i++)
		if (!r->f[F_NPREF_ANSWER + i].present ||
		    r->f[F_NPREF_ANSWER + i].i == 0) {
			if (off.len > 0)
				buf_puts(&off, " ");
			buf_puts(&off, mail_kinds[i].kinds);
		}
	*mode = r->f[F_NPREF_MODE].s;
	*mail_off = off.p;
	if (store_notify_prefs_set(r->w->db, r->sess->user_id, *mode,
	    *mail_off) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	return 0;
}

int
watch_prefs_kind(const char *mail_off, size_t i, const char **field)
{
	const char	*k, *sp;
	char		 first[32];
	size_t		 n;

	if (i >= NKINDS)
		return -1;
	*field = mail_kinds[i].field;
	/* a kind is off when its first row kind is in the list */
	k = mail_kinds[i].kinds;
	n = (sp = strchr(k, ' ')) != NULL ? (size_t)(sp - k) : strlen(k);
	if (n >= sizeof(first))
		n = sizeof(first) - 1;
	memcpy(first, k, n);
	first[n] = '\0';
	return !word_in(mail_off, first);
}

static void
unsub_main(struct html *w, struct req *r, void *arg)
{
	struct unsub_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Stop notification mail"));
	html_lit(w, "</h1>\n");
	if (v->done) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, T(l, "Done: you will get no more notification mail. "
		    "Mail about your account's security still comes. You can "
		    "turn notification mail on again in your settings."));
		html_lit(w, "</p>\n<p><a href=\"/settings/notifications\">");
		html_text(w, T(l, "Notification settings"));
		html_lit(w, "</a></p>\n");
		return;
	}
	html_lit(w, "<p>");
	html_text(w, T(l, "Press the button to get no more notification mail "
	    "from the forum."));
	html_lit(w, "</p>\n<form method=\"post\" action=\"/unsubscribe\">"
	    "<input type=\"hidden\" name=\"u\" value=\"");
	html_int(w, v->user);
	html_lit(w, "\"><input type=\"hidden\" name=\"k\" value=\"");
	html_attr(w, v->kind);
	html_lit(w, "\"><input type=\"hidden\" name=\"s\" value=\"");
	html_attr(w, v->mac);
	html_lit(w, "\"><button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Stop notification mail"));
	html_lit(w, "</button></form>\n");
}

void
page_unsubscribe(struct req *r)
{
	struct unsub_view	v;

	memset(&v, 0, sizeof(v));
	v.user = r->f[F_UNSUB_U].i;
	v.kind = r->f[F_UNSUB_K].s;
	v.mac = r->f[F_UNSUB_S].s;
	if (!mail_unsubscribe_ok(v.user, v.kind, v.mac)) {
		reply_error(r, 400, N_("This unsubscribe link is not valid "
		    "(it may be cut, or older than a change of the site's "
		    "keys). Change your mail settings after signing in."));
		return;
	}
	if (r->method == M_POST) {
		if (store_notify_unsubscribe(r->w->db, v.user, v.kind) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
		v.done = 1;
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Stop notification mail"), unsub_main,
	    &v);
}
