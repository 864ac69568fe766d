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
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"

struct flag_data {
	int64_t		 post;
	int64_t		 thread;	/* for the way back; 0: unknown */
	const char	*done;
};

static void	flag_main(struct html *, struct req *, void *);
static int	flag_post_or_reply(struct req *, struct flag_data *);

static const char *const flag_reasons[] = { "spam", "scam", "abusive",
    "offtopic", "other", NULL };

static void
flag_main(struct html *w, struct req *r, void *arg)
{
	struct flag_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;

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
	html_lit(w, "<form method=\"post\" action=\"/p/");
	html_int(w, d->post);
	html_lit(w, "/flag\">");
	layout_csrf(w, r);
	html_lit(w, "<fieldset><legend>");
	html_text(w, T(l, "What is wrong with this post?"));
	html_lit(w, "</legend>");
	for (i = 0; flag_reasons[i] != NULL; i++) {
		html_lit(w, "<label><input type=\"radio\" name=\"reason\" "
		    "value=\"");
		html_attr(w, flag_reasons[i]);
		html_lit(w, "\"");
		if (i == 0)
			html_lit(w, " required");
		html_lit(w, "> ");
		html_text(w, modview_reason(l, flag_reasons[i]));
		html_lit(w, "</label><br>");
	}
	html_lit(w, "</fieldset><p><label for=\"flag-note\">");
	html_text(w, T(l, "Details (required for \"other\")"));
	html_lit(w, "</label><br><textarea id=\"flag-note\" name=\"note\" "
	    "rows=\"3\" cols=\"60\" maxlength=\"500\"></textarea></p>"
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

	if (d->post == 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_qa_post(r->w->db, r->a, d->post, &p) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (p == NULL || strcmp(p->state, "removed") == 0 ||
	    strcmp(p->state, "private") == 0 ||
	    (strcmp(p->state, "visible") != 0 && r->sess->role <
	    ROLE_MODERATOR)) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (p->author_id == r->sess->user_id) {
		reply_error(r, 403, N_("You cannot flag your own post."));
		return -1;
	}
	d->thread = p->thread_id;
	return 0;
}

void
page_flag_form(struct req *r)
{
	struct flag_data	d = { modq_param_id(r), 0, NULL };

	if (flag_post_or_reply(r, &d) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Flag a post"), flag_main, &d);
}

void
page_flag(struct req *r)
{
	struct flag_data	 d = { modq_param_id(r), 0, NULL };
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;
	const char		*reason = r->f[F_FLAG_REASON].s;
	const char		*note = r->f[F_FLAG_NOTE].present ?
				    r->f[F_FLAG_NOTE].s : "";
	int			 status = 200;

	if (flag_post_or_reply(r, &d) == -1)
		return;
	if (strcmp(reason, "other") == 0 && note[0] == '\0') {
		reply_error_detail(r, 400, N_("A required field is missing:"),
		    "note");
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
