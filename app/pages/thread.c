/* pages/thread.c: show a thread, answer, vote, accept, verify, close/lock/pin/duplicate */
/*
 * The thread page is the same for every anonymous visitor, so it is
 * served from the page cache (R_CACHE); every write below ends with
 * pcache_invalidate(cache) (qa_post_done after each transition), so a cached
 * page never outlives a change.  Answers come in the order readers should
 * trust them: the official answer, staff-verified answers, the accepted
 * answer, then by votes (store_qa_posts sorts).  A post the filters held
 * is shown only to its author (and to moderators), marked as waiting.
 *
 * Signed-in members' pages are composed (http/dispatch.c, R_COMPOSE):
 * the body every member sees is recorded once with the reader's own
 * parts as holes (view/html.h: the menu, CSRF tokens, the watch form,
 * each post's buttons and links) and kept in the page cache under the
 * page's own keys; each request reads the reader's parts in one round
 * trip (page_thread_reader) and fills the holes with the same functions
 * that render the page whole (page_thread_compose), so the bytes are
 * those of the whole render.  Staff, moderators, the thread's author and
 * a member with held or private posts in the thread see more than other
 * members: their pages are rendered whole, never recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "acct/acct.h"
#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "http/sesscache.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/state.h"
#include "lib/utf8.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "post/post.h"
#include "pages/upload.h"
#include "pages/support.h"
#include "pages/triage.h"
#include "store/store.h"
#include "store/triage.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/md.h"
#include "view/modview.h"
#include "view/session_view.h"
#include "view/widgets.h"

#define META_DESC	160	/* characters of the question in its description */

struct thread_data {
	struct qa_thread	*t;
	struct qa_post		*p;
	size_t			 n;
	const char		*draft;		/* answer text to keep */
	int			 draft_official;
	const char		**errs;
	size_t			 nerr;
	struct support_view	 support;	/* escalation (pages/support.c) */
	const char		*watch;		/* the member's level, "" */
	const char		*posted;	/* GET ?posted=: the notice's kind */
	struct triage_row	*triage;	/* asker and staff only, or NULL */
};

static int	 load(struct req *, int64_t, struct thread_data *);
static void	 thread_main(struct html *, struct req *, void *);
static void	 head_info(struct req *, struct thread_data *);
static void	 post_html(struct html *, struct req *, struct thread_data *,
		    struct qa_post *);
static void	 post_actions(struct html *, struct req *,
		    struct thread_data *, struct qa_post *);
static void	 answer_form(struct html *, struct req *, struct thread_data *);
static void	 mod_tools(struct html *, struct req *, struct qa_thread *);
static void	 posted_notice(struct html *, struct req *, const char *);
static void	 button_form(struct html *, struct req *, const char *action,
		    const char *name, const char *value, const char *label,
		    const char *cls);
static void	 stale_main(struct html *, struct req *, void *);
static void	 back_to(struct req *, int64_t thread, int64_t post);
static int64_t	 param_id(struct req *);
static void	 actions_hole(struct html *, struct req *,
		    struct thread_data *, struct qa_post *);
static void	 fill(struct html *, int, const char *, void *);
static int	 recordable(struct req *, struct thread_data *);

/* What page_thread_compose's holes are filled from. */
struct compose_ctx {
	struct req			*r;
	const struct thread_reader	*rd;
};

static int64_t
param_id(struct req *r)
{
	return qa_param_id(r->param[0]);
}

/* Loads the thread and what r's visitor may see; 0, or -1 after replying. */
static int
load(struct req *r, int64_t id, struct thread_data *d)
{
	int64_t	 viewer = r->sess ? r->sess->user_id : 0;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_qa_thread(r->w->db, r->a, id, &d->t) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (d->t == NULL || (!d->t->visible && viewer != d->t->author_id &&
	    !qa_sees_held(r))) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (store_qa_posts(r->w->db, r->a, id, viewer, qa_sees_held(r),
	    &d->p, &d->n) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (support_page_case(r, id, &d->support) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (triage_page_load(r, id, d->t->author_id, &d->triage) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	d->watch = "";
	if (viewer != 0 && store_watch_get(r->w->db, r->a, viewer,
	    WATCH_THREAD, arena_printf(r->a, "%lld", (long long)id),
	    &d->watch) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	return 0;
}

static void
button_form(struct html *w, struct req *r, const char *action,
    const char *name, const char *value, const char *label, const char *cls)
{
	html_lit(w, "<form class=\"inline\" method=\"post\" action=\"");
	html_attr(w, action);
	html_lit(w, "\">");
	layout_csrf(w, r);
	if (name != NULL) {
		html_lit(w, "<input type=\"hidden\" name=\"");
		html_attr(w, name);
		html_lit(w, "\" value=\"");
		html_attr(w, value);
		html_lit(w, "\">");
	}
	html_lit(w, "<button type=\"submit\" class=\"");
	html_attr(w, cls);
	html_lit(w, "\">");
	html_text(w, label);
	html_lit(w, "</button></form>");
}

static void
post_actions(struct html *w, struct req *r, struct thread_data *d,
    struct qa_post *p)
{
	enum lang	 l = r->lang;
	struct session	*s = r->sess;
	int		 locked = d->t->status == TS_LOCKED;
	int		 visible = p->state == PS_VISIBLE;
	const char	*base = arena_printf(r->a, "/p/%lld/", (long long)p->id);
	struct post_ctx	 c;
	struct post_actor by;

	if (r->compose_rec) {
		actions_hole(w, r, d, p);
		return;
	}
	html_lit(w, "<div class=\"post-actions\"><span class=\"score\" "
	    "aria-label=\"");
	html_attr(w, T(l, "Votes"));
	html_lit(w, "\">▲ ");
	html_int(w, p->score);
	html_lit(w, "</span> ");
	if (s != NULL && s->user_id != p->author_id && visible && !locked)
		button_form(w, r, arena_printf(r->a, "%svote", base), NULL,
		    NULL, p->voted ? T(l, "Remove vote") : T(l, "Helpful"),
		    p->voted ? "btn btn-on" : "btn");
	if (s != NULL && s->user_id == d->t->author_id &&
	    p->kind != PK_QUESTION && visible && !locked)
		button_form(w, r, arena_printf(r->a, "%saccept", base), NULL,
		    NULL, d->t->accepted_post_id == p->id ?
		    T(l, "Unaccept") : T(l, "Accept this answer"), "btn");
	if (qa_is_staff(r) && p->kind == PK_ANSWER && visible) {
		/* Bound to the revision on screen (post_verify). */
		html_lit(w, "<form class=\"inline\" method=\"post\" "
		    "action=\"");
		html_attr(w, base);
		html_lit(w, "verify\">");
		layout_csrf(w, r);
		html_lit(w, "<input type=\"hidden\" name=\"on\" value=\"");
		html_int(w, p->verified_by ? 0 : 1);
		html_lit(w, "\"><input type=\"hidden\" name=\"revision\" "
		    "value=\"");
		html_int(w, p->revision);
		html_lit(w, "\"><button type=\"submit\" class=\"btn "
		    "btn-staff\">");
		html_text(w, p->verified_by ? T(l, "Remove verification") :
		    T(l, "Mark staff-verified"));
		html_lit(w, "</button></form>");
	}
	qa_post_ctx(r, &c, &by);
	if (s != NULL && !locked && post_may_edit(&by, p->author_id,
	    p->author_role, p->kind)) {
		html_lit(w, " <a href=\"");
		html_attr(w, base);
		html_lit(w, "edit\">");
		html_text(w, T(l, "Edit"));
		html_lit(w, "</a>");
	}
	if (p->revision > 1) {
		html_lit(w, " <a href=\"");
		html_attr(w, base);
		html_lit(w, "history\">");
		html_text(w, T(l, "History"));
		html_lit(w, " (");
		html_int(w, p->revision);
		html_lit(w, ")</a>");
	}
	if (s != NULL && s->user_id != p->author_id && visible) {
		/* Any signed-in reader but the author may flag (pages/flag.c). */
		html_lit(w, " <a class=\"flag-link\" rel=\"nofollow\" href=\"");
		html_attr(w, base);
		html_lit(w, "flag\" title=\"");
		html_attr(w, T(l, "Report this post to the moderators"));
		html_lit(w, "\">");
		html_text(w, T(l, "Flag"));
		html_lit(w, "</a>");
	}
	html_lit(w, "</div>");
}

static void
post_html(struct html *w, struct req *r, struct thread_data *d,
    struct qa_post *p)
{
	enum lang	 l = r->lang;
	int		 official = p->kind == PK_OFFICIAL;
	int		 question = p->kind == PK_QUESTION;
	int		 accepted = d->t->accepted_post_id == p->id;
	struct cooked	 ck;

	if (p->state == PS_REMOVED) {
		/* Where a removed answer stood: why and when, never its
		 * text nor its author's name (a scammer's name is part of
		 * the scam). */
		html_lit(w, "<article class=\"post post-gone\" id=\"p");
		html_int(w, p->id);
		html_lit(w, "\">");
		modview_placeholder(w, l, p->removed_reason, p->removed_at);
		if (qa_is_mod(r)) {
			html_lit(w, "<p class=\"post-gone-mod\"><a href=\""
			    "/mod/post/");
			html_int(w, p->id);
			html_lit(w, "\">");
			html_text(w, T(l, "Review in the moderation tools"));
			html_lit(w, "</a></p>");
		}
		html_lit(w, "</article>\n");
		return;
	}
	html_lit(w, "<article class=\"post");
	if (question)
		html_lit(w, " post-question");
	if (official)
		html_lit(w, " post-official");
	if (p->verified_by)
		html_lit(w, " post-verified");
	if (accepted)
		html_lit(w, " post-accepted");
	if (p->state != PS_VISIBLE)
		html_lit(w, " post-held");
	html_lit(w, "\" id=\"p");
	html_int(w, p->id);
	html_lit(w, "\" data-kind=\"");
	html_attr(w, state_kind_name(p->kind));
	html_lit(w, "\">\n<div class=\"post-badges\">");
	if (official) {
		html_lit(w, "<span class=\"badge badge-official\">");
		html_text(w, T(l, "Official answer"));
		html_lit(w, "</span> ");
	}
	if (p->verified_by) {
		html_lit(w, "<span class=\"badge badge-verified\">");
		html_text(w, T(l, "Staff-verified"));
		html_lit(w, "</span> <span class=\"verified-by\">");
		html_text(w, T(l, "verified by"));
		html_lit(w, " ");
		html_text(w, p->verifier);
		html_lit(w, " · ");
		widget_time(w, l, p->verified_at);
		if (p->verified_revision > 0) {
			html_lit(w, " · <span data-verified-revision=\"");
			html_int(w, p->verified_revision);
			html_lit(w, "\">");
			html_text(w, T(l, "revision"));
			html_lit(w, " ");
			html_int(w, p->verified_revision);
			html_lit(w, "</span>");
		}
		html_lit(w, "</span> ");
	}
	if (accepted) {
		html_lit(w, "<span class=\"badge badge-accepted\">");
		html_text(w, T(l, "Accepted answer"));
		html_lit(w, "</span>");
	}
	html_lit(w, "</div>\n");
	if (p->state != PS_VISIBLE) {
		html_lit(w, "<p class=\"notice notice-held\" role=\"status\">"
		    "<strong>");
		if (p->state == PS_PRIVATE)
			html_text(w, T(l, "Kept private: this post seems to "
			    "contain a secret (a recovery phrase or key). Only "
			    "you and the moderators can see it. Never share "
			    "it with anyone."));
		else if (p->state == PS_HELD)
			html_text(w, T(l, "Waiting for review: only you and "
			    "the moderators can see this post until a "
			    "moderator approves it."));
		else
			html_text(w, T(l, "Hidden by a moderator."));
		html_lit(w, "</strong> <span class=\"state\" data-state=\"");
		html_attr(w, state_post_name(p->state));
		html_lit(w, "\">");
		html_text(w, modview_state(l, state_post_name(p->state)));
		html_lit(w, "</span></p>\n");
	}
	/* The author's name leads to their profile (/u/NAME). */
	html_lit(w, "<div class=\"post-meta\"><span class=\"author\">");
	if (p->author_username != NULL && p->author_username[0] != '\0') {
		html_lit(w, "<a href=\"/u/");
		html_url(w, p->author_username);
		html_lit(w, "\">");
		html_text(w, p->author);
		html_lit(w, "</a>");
	} else
		html_text(w, p->author);
	html_lit(w, "</span> ");
	if (p->author_role != ROLE_USER) {
		html_lit(w, "<span class=\"badge badge-staff\">");
		html_text(w, p->author_role == ROLE_MODERATOR ?
		    T(l, "Moderator") : T(l, "Staff"));
		html_lit(w, "</span> ");
	}
	widget_time(w, l, p->created);
	if (p->redacted_at != 0) {
		html_lit(w, " <span class=\"edited-by\" data-edited-by "
		    "data-redacted>");
		html_text(w, T(l, "redacted by a moderator"));
		html_lit(w, " · ");
		widget_time(w, l, p->redacted_at);
		html_lit(w, "</span>");
	} else if (p->editor[0] != '\0') {
		html_lit(w, " <span class=\"edited-by\" data-edited-by>");
		html_text(w, T(l, "edited by"));
		html_lit(w, " ");
		html_text(w, p->editor);
		html_lit(w, "</span>");
	}
	if (accepted && d->t->accepted_revision > 0 &&
	    p->revision > d->t->accepted_revision) {
		html_lit(w, " <a class=\"edited-after-accept\" href=\"/p/");
		html_int(w, p->id);
		html_lit(w, "/history\">");
		html_text(w, T(l, "edited after it was accepted: see the "
		    "changes"));
		html_lit(w, "</a>");
	}
	html_lit(w, "</div>\n<div class=\"post-body\">");
	ck.html = p->body_html;
	ck.len = strlen(p->body_html);
	html_cooked(w, &ck);
	html_lit(w, "</div>\n");
	post_actions(w, r, d, p);
	html_lit(w, "</article>\n");
}

static void
answer_form(struct html *w, struct req *r, struct thread_data *d)
{
	enum lang	 l = r->lang;

	html_lit(w, "<section class=\"answer-form\" aria-labelledby=\"ans-h\">"
	    "<h2 id=\"ans-h\">");
	html_text(w, T(l, "Your answer"));
	html_lit(w, "</h2>\n");
	if (d->t->status != TS_OPEN) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "This thread is closed to new answers."));
		html_lit(w, "</p></section>\n");
		return;
	}
	if (r->sess == NULL) {
		html_lit(w, "<p><a href=\"/login?next=/t/");
		html_int(w, d->t->id);
		html_lit(w, "\">");
		html_text(w, T(l, "Sign in to answer"));
		html_lit(w, "</a></p></section>\n");
		return;
	}
	qa_errors_html(w, r, d->errs, d->nerr);
	html_lit(w, "<form method=\"post\" action=\"/t/");
	html_int(w, d->t->id);
	html_lit(w, "/answer\" class=\"post-form\" data-draft=\"answer-");
	html_int(w, d->t->id);
	html_lit(w, "\">");
	layout_csrf(w, r);
	html_lit(w, "<label for=\"body\">");
	html_text(w, T(l, "Answer (Markdown)"));
	html_lit(w, "</label><textarea id=\"body\" name=\"body\" rows=\"10\" "
	    "required minlength=\"10\" maxlength=\"20000\" "
	    "data-preview=\"preview\">");
	if (d->draft != NULL)
		html_text(w, d->draft);
	html_lit(w, "</textarea>");
	upload_editor_html(w, r, "body");	/* pictures (pages/upload.c) */
	html_lit(w, "<div id=\"preview\" class=\"preview\" "
	    "aria-live=\"polite\" data-label=\"");
	html_attr(w, T(l, "Preview"));
	html_lit(w, "\" hidden></div>");
	if (qa_is_staff(r)) {
		html_lit(w, "<p><label><input type=\"checkbox\" "
		    "name=\"official\" value=\"1\"");
		if (d->draft_official)
			html_lit(w, " checked");
		html_lit(w, "> ");
		html_text(w, T(l, "Post as the official answer (公式回答)"));
		html_lit(w, "</label></p>");
	}
	html_lit(w, "<p class=\"hint\">");
	html_text(w, T(l, "Never ask for or share passwords, recovery "
	    "phrases or private keys."));
	html_lit(w, "</p><button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Post your answer"));
	html_lit(w, "</button></form></section>\n");
}

static void
mod_tools(struct html *w, struct req *r, struct qa_thread *t)
{
	enum lang	 l = r->lang;
	const char	*act = arena_printf(r->a, "/t/%lld/state",
	    (long long)t->id);

	html_lit(w, "<section class=\"mod-tools\" aria-labelledby=\"mod-h\">"
	    "<h2 id=\"mod-h\">");
	html_text(w, T(l, "Staff tools"));
	html_lit(w, "</h2><div class=\"tool-row\">");
	if (t->status == TS_OPEN) {
		button_form(w, r, act, "action", "close", T(l, "Close"), "btn");
		button_form(w, r, act, "action", "lock", T(l, "Lock"), "btn");
	} else
		button_form(w, r, act, "action", "reopen", T(l, "Reopen"),
		    "btn");
	button_form(w, r, act, "action", t->pinned ? "unpin" : "pin",
	    t->pinned ? T(l, "Unpin") : T(l, "Pin as FAQ"), "btn");
	html_lit(w, "</div><form method=\"post\" class=\"inline\" action=\"");
	html_attr(w, act);
	html_lit(w, "\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"action\" value=\"duplicate\">"
	    "<label for=\"dup\">");
	html_text(w, T(l, "Duplicate of thread number"));
	html_lit(w, "</label> <input id=\"dup\" name=\"dup\" inputmode=\"numeric\" "
	    "size=\"8\" required> <button type=\"submit\" class=\"btn\">");
	html_text(w, T(l, "Mark as duplicate"));
	html_lit(w, "</button></form></section>\n");
}

/*
 * After a question or an answer is sent (?posted=…, signed in only: the
 * address is not cached and says nothing to anyone else).  The browser's
 * draft of the form is dropped by app.js when it sees data-posted.
 */
static void
posted_notice(struct html *w, struct req *r, const char *k)
{
	enum lang	 l = r->lang;

	if (k == NULL || r->sess == NULL || r->sess->user_id == 0)
		return;
	html_lit(w, "<p class=\"notice notice-posted\" role=\"status\" "
	    "data-posted=\"");
	html_attr(w, k);
	html_lit(w, "\">");
	if (strcmp(k, "question") == 0)
		html_text(w, T(l, "Your question is posted."));
	else if (strcmp(k, "answer") == 0)
		html_text(w, T(l, "Your answer is posted."));
	else
		html_text(w, T(l, "Your post was received. It waits for a "
		    "moderator's review before others can see it."));
	html_lit(w, "</p>\n");
}

static void
thread_main(struct html *w, struct req *r, void *arg)
{
	struct thread_data	*d = arg;
	struct qa_thread	*t = d->t;
	enum lang		 l = r->lang;
	size_t			 i, nans = 0;

	html_lit(w, "<nav class=\"crumbs\" aria-label=\"");
	html_attr(w, T(l, "Breadcrumbs"));
	html_lit(w, "\"><a href=\"/\">");
	html_text(w, T(l, "Home"));
	html_lit(w, "</a> › <a href=\"/c/");
	html_url(w, t->cat_slug);
	html_lit(w, "\">");
	html_text(w, t->cat_name[l]);
	html_lit(w, "</a></nav>\n<h1 lang=\"");
	html_attr(w, t->lang);
	html_lit(w, "\">");
	html_text(w, t->title);
	html_lit(w, "</h1>\n<div class=\"thread-status\">");
	if (t->pinned) {
		html_lit(w, "<span class=\"tag tag-pinned\">");
		html_text(w, T(l, "FAQ"));
		html_lit(w, "</span> ");
	}
	if (t->status == TS_CLOSED) {
		html_lit(w, "<span class=\"tag tag-closed\">");
		html_text(w, T(l, "Closed"));
		html_lit(w, "</span> ");
	} else if (t->status == TS_LOCKED) {
		html_lit(w, "<span class=\"tag tag-closed\">");
		html_text(w, T(l, "Locked"));
		html_lit(w, "</span> ");
	}
	support_page_tag(w, r, &d->support);
	html_lit(w, "</div>\n");
	posted_notice(w, r, d->posted);
	triage_page_box(w, r, t->id, d->triage);
	qa_tags_html(w, t->tags);
	watch_buttons(w, r, arena_printf(r->a, "/t/%lld/watch",
	    (long long)t->id), d->watch != NULL ? d->watch : "");
	if (t->duplicate_of != 0) {
		html_lit(w, "<p class=\"notice notice-duplicate\">");
		html_text(w, T(l, "This question has been asked before. See:"));
		html_lit(w, " <a href=\"/t/");
		html_int(w, t->duplicate_of);
		html_lit(w, "\">");
		html_text(w, t->dup_title);
		html_lit(w, "</a></p>\n");
	}
	for (i = 0; i < d->n; i++)
		if (d->p[i].kind == PK_QUESTION) {
			post_html(w, r, d, &d->p[i]);
			break;
		}
	for (i = 0; i < d->n; i++)
		if (d->p[i].kind != PK_QUESTION &&
		    d->p[i].state != PS_REMOVED)
			nans++;
	html_lit(w, "<section class=\"answers\" aria-labelledby=\"answers-h\">"
	    "<h2 id=\"answers-h\">");
	html_int(w, (int64_t)nans);
	html_lit(w, " ");
	html_text(w, nans == 1 ? T(l, "answer") : T(l, "answers"));
	html_lit(w, "</h2>\n");
	for (i = 0; i < d->n; i++)
		if (d->p[i].kind != PK_QUESTION)
			post_html(w, r, d, &d->p[i]);
	html_lit(w, "</section>\n");
	answer_form(w, r, d);
	support_page_box(w, r, t->id, t->author_id, &d->support);
	if (qa_is_mod(r))
		mod_tools(w, r, t);
	kb_promote_box(w, r, t);	/* staff: pages/kb.c */
	seo_thread_jsonld(w, r, t, d->p, d->n);
}

void
page_thread(struct req *r)
{
	struct thread_data	 d;

	memset(&d, 0, sizeof(d));
	if (load(r, param_id(r), &d) == -1)
		return;
	/* Only this route declares "posted" (F_THREAD_POSTED). */
	if (r->f[F_THREAD_POSTED].present)
		d.posted = r->f[F_THREAD_POSTED].s;
	/* cached for strangers until this thread (or the one named) changes */
	if (qa_param_canonical(r->param[0]) && recordable(r, &d)) {
		pcache_depend(r, arena_printf(r->a, "thread:%lld",
		    (long long)d.t->id));
		if (d.t->duplicate_of > 0)
			pcache_depend(r, arena_printf(r->a, "thread:%lld",
			    (long long)d.t->duplicate_of));
	}
	head_info(r, &d);
	layout_page(r, 200, d.t->title, thread_main, &d);
}

/*
 * What link previews and search engines read besides the title: the
 * question's text as plain text, cut at META_DESC characters, only when
 * the question is public (a held question's author sees the page, but
 * its text goes into no meta tag); the thread's Atom feed.
 */
static void
head_info(struct req *r, struct thread_data *d)
{
	const char	*plain;
	size_t		 i, len;

	r->og_article = 1;
	r->feed_url = arena_printf(r->a, "/t/%lld/feed.atom",
	    (long long)d->t->id);
	r->feed_title = arena_printf(r->a, "%s (%s)", d->t->title,
	    T(r->lang, "Atom feed"));
	for (i = 0; i < d->n; i++) {
		if (d->p[i].kind != PK_QUESTION)
			continue;
		if (d->p[i].state != PS_VISIBLE)
			break;
		plain = md_plain(r->a, d->p[i].body_md,
		    strlen(d->p[i].body_md));
		len = utf8_prefix(plain, strlen(plain), META_DESC);
		r->meta_desc = len < strlen(plain) ? arena_printf(r->a,
		    "%.*s…", (int)len, plain) : plain;
		break;
	}
}

void
page_answer(struct req *r)
{
	struct thread_data	 d;
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;
	const char		*body = r->f[F_ANS_BODY].present ?
	    r->f[F_ANS_BODY].s : "";
	int			 official = r->f[F_ANS_OFFICIAL].i != 0;

	/*
	 * post_answer reads what it needs of the thread; the page reads the
	 * whole thread only to show the form again (on a refusal), so an
	 * answer that goes through costs no read of the thread's posts.
	 */
	memset(&d, 0, sizeof(d));
	if (param_id(r) == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	qa_post_ctx(r, &c, &by);
	post_answer(&c, param_id(r), body, official, &res);
	if (qa_post_failed(r, &res))
		return;
	if (res.err != POST_OK) {
		if (load(r, param_id(r), &d) == -1)
			return;
		d.draft = body;
		d.draft_official = official;
		d.errs = res.errs;
		d.nerr = res.nerr;
		layout_page(r, 422, d.t->title, thread_main, &d);
		return;
	}
	qa_post_done(r, &res);
	reply_redirect(r, arena_printf(r->a, "/t/%lld?posted=%s#p%lld",
	    (long long)param_id(r), res.state == PS_VISIBLE ? "answer" :
	    "held", (long long)res.post_id));
}

static void
back_to(struct req *r, int64_t thread, int64_t post)
{
	if (post != 0)
		reply_redirect(r, arena_printf(r->a, "/t/%lld#p%lld",
		    (long long)thread, (long long)post));
	else
		reply_redirect(r, arena_printf(r->a, "/t/%lld",
		    (long long)thread));
}

void
page_vote(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;

	qa_post_ctx(r, &c, &by);
	post_vote(&c, param_id(r), &res);
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	back_to(r, res.thread_id, res.post_id);
}

void
page_accept(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;

	qa_post_ctx(r, &c, &by);
	post_accept(&c, param_id(r), &res);
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	back_to(r, res.thread_id, res.post_id);
}

/* A verification of a revision that is no longer current: the text as it is now. */
static void
stale_main(struct html *w, struct req *r, void *arg)
{
	const struct post_result	*res = arg;

	html_lit(w, "<h1>");
	html_text(w, T(r->lang, "The answer changed"));
	html_lit(w, "</h1>\n<p class=\"notice\" role=\"alert\">");
	html_text(w, i18n_get(r->lang, res->msg));
	html_lit(w, "</p>\n<pre class=\"current-text\">");
	html_text(w, res->current_md != NULL ? res->current_md : "");
	html_lit(w, "</pre>\n<p><a href=\"/t/");
	html_int(w, res->thread_id);
	html_lit(w, "#p");
	html_int(w, res->post_id);
	html_lit(w, "\">");
	html_text(w, T(r->lang, "Back to the thread"));
	html_lit(w, "</a></p>\n");
}

void
page_verify(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;

	qa_post_ctx(r, &c, &by);
	post_verify(&c, param_id(r), r->f[F_VERIFY_REV].i,
	    r->f[F_VERIFY_ON].i != 0, &res);
	if (res.err == POST_E_STALE) {
		layout_page(r, 409, T(r->lang, "The answer changed"),
		    stale_main, &res);
		return;
	}
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	back_to(r, res.thread_id, res.post_id);
}

void
page_thread_state(struct req *r)
{
	int64_t	id;

	if (qa_thread_state_apply(r, &id, NULL) == -1)
		return;
	back_to(r, id, 0);
}

int
qa_thread_state_apply(struct req *r, int64_t *id, const char **done)
{
	struct qa_thread	*t, *dup = NULL;
	struct qa_actor		 by;
	enum thread_status	 status;
	const char		*action, **keys;
	size_t			 nkeys;
	int			 pinned;
	int64_t			 dupid;

	if (!qa_is_mod(r)) {
		reply_error(r, 403, NULL);
		return -1;
	}
	if (store_qa_thread(r->w->db, r->a, param_id(r), &t) == -1)
		return -1;
	if (t == NULL) {
		reply_error(r, 404, NULL);
		return -1;
	}
	status = t->status;
	pinned = t->pinned;
	dupid = t->duplicate_of;
	switch (r->f[F_TSTATE_ACTION].i) {
	case QA_ACT_CLOSE:
		status = TS_CLOSED;
		action = "close";
		break;
	case QA_ACT_REOPEN:
		status = TS_OPEN;
		dupid = 0;
		action = "reopen";
		break;
	case QA_ACT_LOCK:
		status = TS_LOCKED;
		action = "lock";
		break;
	case QA_ACT_PIN:
		pinned = 1;
		action = "pin";
		break;
	case QA_ACT_UNPIN:
		pinned = 0;
		action = "unpin";
		break;
	case QA_ACT_DUPLICATE:
		action = "duplicate";
		dupid = r->f[F_TSTATE_DUP].present ? r->f[F_TSTATE_DUP].i : 0;
		if (dupid == t->id || dupid == 0 ||
		    store_qa_thread(r->w->db, r->a, dupid, &dup) == -1 ||
		    dup == NULL || !dup->visible) {
			reply_error(r, 400, N_("There is no other thread with "
			    "that number."));
			return -1;
		}
		status = TS_CLOSED;
		break;
	default:
		reply_error(r, 400, NULL);
		return -1;
	}
	by.id = r->sess->user_id;
	by.name = r->sess->username;
	if (store_qa_thread_state(r->w->db, t->id, status, pinned, dupid, &by,
	    action) == -1)
		return -1;
	if (post_thread_keys(r->a, r->w->db, t->id, &keys, &nkeys) == -1)
		pcache_invalidate(r->w->cache);
	else
		pcache_invalidate_keys(r->w->cache, keys, nkeys);
	*id = t->id;
	if (done != NULL)
		*done = action;
	return 0;
}

/*
 * A recorded body is shared by every member who is neither staff nor a
 * moderator nor the thread's author and has no held or private post in
 * it; the page reader's probe (page_thread_reader) chose so, and this
 * checks it again against what was read for the render, so a post held
 * between the probe and the render is never stored for others.  Pages
 * not being recorded (anonymous visitors) are recordable as before.
 */
static int
recordable(struct req *r, struct thread_data *d)
{
	size_t	i;

	if (!r->compose_rec)
		return 1;
	if (r->sess == NULL || r->sess->role != ROLE_USER ||
	    r->sess->granted != ROLE_USER || r->sess->user_id == d->t->author_id ||
	    !d->t->visible)
		return 0;
	for (i = 0; i < d->n; i++)
		if (d->p[i].state != PS_VISIBLE && d->p[i].state != PS_REMOVED)
			return 0;
	return 1;
}

/*
 * The hole of a post's buttons and links: every field post_actions reads
 * of the post and of the thread, as numbers; whether the reader voted
 * for it comes from the reader's parts.
 */
static void
actions_hole(struct html *w, struct req *r, struct thread_data *d,
    struct qa_post *p)
{
	html_hole(w, HOLE_ACTIONS, arena_printf(r->a,
	    "%lld %lld %d %d %d %lld %lld %d %d %lld %lld",
	    (long long)p->id, (long long)p->author_id, (int)p->author_role,
	    (int)p->kind, (int)p->state, (long long)p->score,
	    (long long)p->revision, p->verified_by != 0, (int)d->t->status,
	    (long long)d->t->author_id, (long long)d->t->accepted_post_id));
}

/*
 * The probe of both: store 1 reads PostgreSQL on a miss of the session
 * cache, store 0 answers -1 instead (the event loop's caller).
 */
static int
thread_reader(struct req *r, struct thread_reader *out, int store)
{
	int64_t		id = param_id(r);
	uint64_t	epoch;
	int		rc;

	if (id == 0 || r->sess == NULL || r->sess->user_id == 0 ||
	    r->sess->role != ROLE_USER || r->sess->granted != ROLE_USER ||
	    !qa_param_canonical(r->param[0]))
		return 0;
	if (sesscache_reader_get(r->sess->id, id, r->a, out) == 0) {
		if (!store)
			return -1;
		epoch = sesscache_epoch();
		if ((rc = store_thread_reader(r->w->db, r->a, id,
		    r->sess->user_id, out)) != 1)
			return rc;
		sesscache_reader_put(r->sess->id, id, out, epoch);
	}
	if (out->author == r->sess->user_id || out->own_held)
		return 0;
	return 1;
}

int
page_thread_reader(struct req *r, struct thread_reader *out)
{
	return thread_reader(r, out, 1);
}

int
page_thread_reader_cached(struct req *r, struct thread_reader *out)
{
	return thread_reader(r, out, 0);
}

static void
fill(struct html *w, int kind, const char *arg, void *arg0)
{
	struct compose_ctx	*cc = arg0;
	struct req		*r = cc->r;
	struct thread_data	 d;
	struct qa_thread	 t;
	struct qa_post		 p;
	long long		 v[11];
	const char		*q = arg;
	char			*end;
	size_t			 i;

	switch (kind) {
	case HOLE_NAV:
		session_view_nav(w, r);
		return;
	case HOLE_CSRF:
		layout_csrf(w, r);
		return;
	case HOLE_WATCH:
		watch_buttons(w, r, arg, cc->rd->watch);
		return;
	case HOLE_ACTIONS:
		break;
	default:
		log_err("composed page: unknown hole %d", kind);
		return;
	}
	for (i = 0; i < 11; i++) {
		v[i] = strtoll(q, &end, 10);
		if (end == q) {
			log_err("composed page: bad hole \"%s\"", arg);
			return;
		}
		q = end;
	}
	memset(&d, 0, sizeof(d));
	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	t.status = (enum thread_status)v[8];
	t.author_id = v[9];
	t.accepted_post_id = v[10];
	p.id = v[0];
	p.author_id = v[1];
	p.author_role = (enum role)v[2];
	p.kind = (enum post_kind)v[3];
	p.state = (enum post_state)v[4];
	p.score = v[5];
	p.revision = v[6];
	p.verified_by = v[7];
	for (i = 0; i < cc->rd->nvoted; i++)
		if (cc->rd->voted[i] == p.id)
			p.voted = 1;
	d.t = &t;
	post_actions(w, r, &d, &p);
}

int
page_thread_compose(struct html *w, struct req *r,
    const struct thread_reader *rd, const char *rec, size_t len)
{
	struct compose_ctx	cc = { r, rd };

	return html_compose(w, rec, len, fill, &cc);
}
