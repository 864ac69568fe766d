/* pages/flag.c: flag a post (spam, scam, abusive, off-topic, other). */
/*
 * One flag per user per post, weighted by the flagger's trust (points
 * from conf [moderation]); at flag_threshold points the post is hidden at
 * once pending review and its author is told (store_flag_add).
 */
#include <string.h>

#include "http/req.h"
#include "http/pcache.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "pages/modq.h"
#include "pages/qa.h"
#include "post/post.h"
#include "pages/pages.h"
#include "store/store.h"
#include "lib/utf8.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"

struct flag_data {
	int64_t		 post;
	int64_t		 thread;	/* for the way back; 0: unknown */
	const char	*done;
	const char	*title;		/* the thread's title, or NULL */
	const char	*author;	/* the post's author (display name) */
	const char	*excerpt;	/* the start of its text, arena-owned */
	const char	*reason;	/* as sent, kept on an error; or NULL */
	const char	*note;		/* as sent, kept on an error; or NULL */
	struct form_errs e;
};

/* How much of the reported post the form quotes, in characters. */
#define FLAG_EXCERPT	200

static void	flag_main(struct html *, struct req *, void *);
static int	flag_post_or_reply(struct req *, struct flag_data *);

static const char *const flag_reasons[] = { "spam", "scam", "abusive",
    "offtopic", "other", NULL };

static void
flag_main(struct html *w, struct req *r, void *arg)
{
	struct flag_data	*d = arg;
	enum lang		 l = r->lang;
	const char		*note_err = NULL;
	size_t			 i;

	for (i = 0; i < d->e.n; i++)
		if (d->e.field[i] != NULL && strcmp(d->e.field[i], "note") == 0)
			note_err = d->e.msg[i];
	html_lit(w, "<h1>");
	html_text(w, T(l, "Flag a post"));
	html_lit(w, "</h1>\n");
	if (d->done != NULL) {
		html_lit(w, "<p role=\"status\">");
		html_text(w, d->done);
		html_lit(w, "</p>\n");
		if (d->thread != 0) {
			html_lit(w, "<p><a href=\"/t/");
			html_int(w, d->thread);
			html_lit(w, "\">");
			html_text(w, T(l, "Back to the thread"));
			html_lit(w, "</a></p>\n");
		}
		return;
	}
	/* Which post is being reported, so the flagger can be sure. */
	html_lit(w, "<section class=\"flag-target\" aria-labelledby=\"flag-target-h\">"
	    "<h2 id=\"flag-target-h\">");
	html_text(w, T(l, "The post you are reporting"));
	html_lit(w, "</h2>");
	if (d->title != NULL) {
		html_lit(w, "<p class=\"flag-thread\">");
		html_text(w, T(l, "Thread:"));
		html_lit(w, " <a href=\"/t/");
		html_int(w, d->thread);
		html_lit(w, "#p");
		html_int(w, d->post);
		html_lit(w, "\">");
		html_text(w, d->title);
		html_lit(w, "</a></p>");
	}
	if (d->author != NULL) {
		html_lit(w, "<p class=\"flag-author\">");
		html_text(w, T(l, "Written by"));
		html_lit(w, " ");
		html_text(w, d->author);
		html_lit(w, "</p>");
	}
	if (d->excerpt != NULL) {
		html_lit(w, "<blockquote class=\"flag-excerpt\">");
		html_text(w, d->excerpt);
		html_lit(w, "</blockquote>");
	}
	html_lit(w, "</section>\n");
	form_errors(w, l, &d->e);
	html_lit(w, "<form method=\"post\" action=\"/p/");
	html_int(w, d->post);
	html_lit(w, "/flag\">");
	layout_csrf(w, r);
	html_lit(w, "<fieldset id=\"reason\"><legend>");
	html_text(w, T(l, "What is wrong with this post?"));
	html_lit(w, "</legend>");
	for (i = 0; flag_reasons[i] != NULL; i++) {
		html_lit(w, "<label class=\"choice\"><input type=\"radio\" "
		    "name=\"reason\" value=\"");
		html_attr(w, flag_reasons[i]);
		html_lit(w, "\"");
		if (i == 0)
			html_lit(w, " required");
		if (d->reason != NULL && strcmp(d->reason, flag_reasons[i]) == 0)
			html_lit(w, " checked");
		html_lit(w, "> ");
		html_text(w, modview_reason(l, flag_reasons[i]));
		html_lit(w, "</label>");
	}
	html_lit(w, "</fieldset><div class=\"field\"><label for=\"note\">");
	html_text(w, T(l, "Details (required for \"other\")"));
	html_lit(w, "</label>");
	if (note_err != NULL) {
		html_lit(w, "<p class=\"hint\" id=\"note-hint\"><strong "
		    "class=\"field-error\">");
		html_text(w, note_err);
		html_lit(w, "</strong></p>");
	}
	html_lit(w, "<textarea id=\"note\" name=\"note\" rows=\"3\" "
	    "maxlength=\"500\"");
	if (note_err != NULL)
		html_lit(w, " aria-invalid=\"true\" "
		    "aria-describedby=\"note-hint\"");
	html_lit(w, ">");
	if (d->note != NULL)
		html_text(w, d->note);
	html_lit(w, "</textarea></div>"
	    "<button type=\"submit\">");
	html_text(w, T(l, "Send the flag"));
	html_lit(w, "</button>");
	if (d->thread != 0) {
		html_lit(w, " <a href=\"/t/");
		html_int(w, d->thread);
		html_lit(w, "#p");
		html_int(w, d->post);
		html_lit(w, "\">");
		html_text(w, T(l, "Cancel"));
		html_lit(w, "</a>");
	}
	html_lit(w, "</form>\n");
}

/*
 * The post of /p/:id/flag as r's visitor may see it: 404 when there is
 * none, it is removed or private, or it is not public and the visitor
 * is not a moderator; 403 on one's own post.  Returns 0, or -1 after
 * replying.
 */
static int
flag_post_or_reply(struct req *r, struct flag_data *d)
{
	struct qa_post	*p;
	struct qa_thread *t;

	if (d->post == 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_qa_post(r->w->db, r->a, d->post, &p) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (p == NULL || p->state == PS_REMOVED || p->state == PS_PRIVATE ||
	    (p->state != PS_VISIBLE && r->sess->role < ROLE_MODERATOR)) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (p->author_id == r->sess->user_id) {
		reply_error(r, 403, N_("You cannot flag your own post."));
		return -1;
	}
	d->thread = p->thread_id;
	d->author = p->author;
	if (p->body_md != NULL) {
		size_t	 len = strlen(p->body_md);
		size_t	 cut = utf8_prefix(p->body_md, len, FLAG_EXCERPT);

		d->excerpt = cut < len ? arena_printf(r->a, "%.*s…", (int)cut,
		    p->body_md) : p->body_md;
	}
	if (store_qa_thread(r->w->db, r->a, p->thread_id, &t) == 0 &&
	    t != NULL)
		d->title = t->title;
	return 0;
}

void
page_flag_form(struct req *r)
{
	struct flag_data	d;

	memset(&d, 0, sizeof(d));
	d.post = modq_param_id(r);
	if (flag_post_or_reply(r, &d) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Flag a post"), flag_main, &d);
}

void
page_flag(struct req *r)
{
	struct flag_data	 d;
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;
	const char		*reason = r->f[F_FLAG_REASON].s;
	const char		*note = r->f[F_FLAG_NOTE].present ?
				    r->f[F_FLAG_NOTE].s : "";
	int			 status = 200;

	memset(&d, 0, sizeof(d));
	d.post = modq_param_id(r);
	if (flag_post_or_reply(r, &d) == -1)
		return;
	if (strcmp(reason, "other") == 0 && note[0] == '\0') {
		/* The same form again, with the choice kept. */
		d.reason = reason;
		d.note = note;
		form_err(&d.e, "note", T(r->lang, "Say in a few words what is "
		    "wrong when you choose \"other\"."));
		layout_page(r, 400, T(r->lang, "Flag a post"), flag_main, &d);
		return;
	}
	qa_post_ctx(r, &c, &by);
	post_flag(&c, d.post, reason, note, &res);
	if (res.err == POST_E_TAKEN) {
		status = 409;
		d.done = T(r->lang, "You have already flagged this post.");
	} else if (qa_post_failed(r, &res))
		return;
	else {
		d.done = T(r->lang, "Thank you. Moderators will review the "
		    "post.");
		qa_post_done(r, &res);
	}
	layout_page(r, status, T(r->lang, "Flag a post"), flag_main, &d);
}
