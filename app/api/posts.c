/* api/posts.c: JSON twins of the post actions: vote, accept, verify, edit, flag, watch, notifications, a moderator's decision */
/*
 * Each handler parses its declared fields, calls the same transition of
 * app/post/ (or the same store function) as the page, and renders the
 * outcome as JSON: no rule of its own.  The page's refusals become
 * problem details (http/req.h) through qa_post_failed: 404 (no such
 * post, or one this account may not see: a held post is not voted by a
 * stranger), 403 with the reason (a member verifying, accepting on
 * another's thread, voting on one's own post), 409 (a stale revision, a
 * queue item decided first), 422 (lengths, filters), 503.  Signed in
 * with the session cookie, every write needs the session's CSRF token
 * (X-CSRF-Token); with a personal access token it needs the write scope
 * (moderate for the moderator's decision).  docs/api.md.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/state.h"
#include "pages/modq.h"
#include "pages/modqueue.h"
#include "pages/pager.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "post/post.h"
#include "store/store.h"
#include "view/i18n.h"

#define API_NOTIF_LIMIT	50

static json_t	*outcome(struct req *, const struct post_result *);
static int	 failed(struct req *, const struct post_result *);
static void	 field_problem(struct req *, int, const char *, const char *);

/* What a transition left: the post, its thread and state. */
static json_t *
outcome(struct req *r, const struct post_result *res)
{
	return json_pack("{s:I, s:I, s:s, s:s}", "post_id",
	    (json_int_t)res->post_id, "thread_id", (json_int_t)res->thread_id,
	    "state", store_post_state_name(res->state), "url",
	    arena_printf(r->a, "/t/%lld#p%lld", (long long)res->thread_id,
	    (long long)res->post_id));
}

/* One field's error as problem details (status 400 or 422). */
static void
field_problem(struct req *r, int status, const char *name, const char *msg)
{
	struct problem		p;
	struct problem_field	f;

	memset(&p, 0, sizeof(p));
	f.field = name;
	f.detail = msg;
	p.status = status;
	p.detail = msg;
	p.errors = &f;
	p.nerrors = 1;
	reply_problem(r, &p);
}

/*
 * A transition's refusal as problem details; 1 when it answered.  A
 * stale revision (edit, verify) carries the current one and its text,
 * so the client can start again from it.
 */
static int
failed(struct req *r, const struct post_result *res)
{
	struct problem		 p;
	struct problem_field	*f;
	size_t			 i;

	switch (res->err) {
	case POST_OK:
		return 0;
	case POST_E_BLOCKED:
	case POST_E_INVALID:
		f = arena_calloc(r->a, res->nerr + 1, sizeof(*f));
		for (i = 0; i < res->nerr; i++)
			f[i].detail = res->errs[i];
		memset(&p, 0, sizeof(p));
		p.status = 422;
		p.code = res->err == POST_E_BLOCKED ? "blocked" : "invalid";
		p.detail = res->err == POST_E_BLOCKED ? T(r->lang, "The "
		    "filters refused this post.") : T(r->lang, "Please correct "
		    "the fields.");
		p.errors = f;
		p.nerrors = res->nerr;
		p.blocked = res->err == POST_E_BLOCKED ? 1 : -1;
		reply_problem(r, &p);
		return 1;
	case POST_E_STALE:
		if (res->current_revision > 0) {
			memset(&p, 0, sizeof(p));
			p.status = 409;
			p.code = "stale_revision";
			p.detail = i18n_get(r->lang, res->msg);
			reply_problem(r, &p);
			/* the current revision, for the client to start from */
			reply_header(r, "X-Current-Revision", arena_printf(r->a,
			    "%lld", (long long)res->current_revision));
			return 1;
		}
		break;
	case POST_E_TAKEN:
		memset(&p, 0, sizeof(p));
		p.status = 409;
		p.code = "already_done";
		p.detail = res->msg != NULL ? i18n_get(r->lang, res->msg) :
		    T(r->lang, "Another moderator decided this item first. "
		    "Nothing was changed.");
		reply_problem(r, &p);
		return 1;
	default:
		break;
	}
	return qa_post_failed(r, res);
}

/* POST /api/v1/posts/:id/vote: post_vote, as the vote button. */
void
api_post_vote(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;

	qa_post_ctx(r, &c, &by);
	post_vote(&c, qa_param_id(r->param[0]), &res);
	if (failed(r, &res))
		return;
	qa_post_done(r, &res);
	api_send(r, 200, outcome(r, &res));
}

/* POST /api/v1/posts/:id/accept: post_accept (the asker only). */
void
api_post_accept(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;

	qa_post_ctx(r, &c, &by);
	post_accept(&c, qa_param_id(r->param[0]), &res);
	if (failed(r, &res))
		return;
	qa_post_done(r, &res);
	api_send(r, 200, outcome(r, &res));
}

/* POST /api/v1/posts/:id/verify: post_verify (staff), bound to a revision. */
void
api_post_verify(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;
	json_t			*o;
	int			 on = !r->f[F_API_VERIFY_ON].present ||
	    r->f[F_API_VERIFY_ON].i != 0;

	qa_post_ctx(r, &c, &by);
	post_verify(&c, qa_param_id(r->param[0]), r->f[F_API_VERIFY_REV].i, on,
	    &res);
	if (failed(r, &res))
		return;
	qa_post_done(r, &res);
	o = outcome(r, &res);
	json_object_set_new(o, "verified", json_boolean(on));
	api_send(r, 200, o);
}

/*
 * POST /api/v1/posts/:id: an edit of the text as it was at revision
 * (post_edit_from): another current revision answers 409.  title and
 * tags are for questions; absent, they are kept.
 */
void
api_post_edit(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;

	qa_post_ctx(r, &c, &by);
	post_edit_from(&c, qa_param_id(r->param[0]), r->f[F_API_EDIT_REV].i,
	    r->f[F_API_EDIT_TITLE].present ? r->f[F_API_EDIT_TITLE].s : NULL,
	    r->f[F_API_EDIT_TAGS].present ? r->f[F_API_EDIT_TAGS].s : NULL,
	    r->f[F_API_EDIT_BODY].s, &res);
	if (failed(r, &res))
		return;
	qa_post_done(r, &res);
	api_send(r, 200, outcome(r, &res));
}

/* POST /api/v1/posts/:id/flag: post_flag; "other" needs a note, as on the page. */
void
api_post_flag(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;
	const char		*reason = r->f[F_API_FLAG_REASON].s;
	const char		*note = r->f[F_API_FLAG_NOTE].present ?
				    r->f[F_API_FLAG_NOTE].s : "";
	json_t			*o;

	if (strcmp(reason, "other") == 0 && note[0] == '\0') {
		field_problem(r, 422, "note", T(r->lang, "Say in a few words "
		    "what is wrong when you choose \"other\"."));
		return;
	}
	qa_post_ctx(r, &c, &by);
	post_flag(&c, qa_param_id(r->param[0]), reason, note, &res);
	if (failed(r, &res))
		return;
	qa_post_done(r, &res);
	o = json_pack("{s:I, s:b}", "post_id", (json_int_t)res.post_id,
	    "flagged", 1);
	api_send(r, 200, o);
}

/* POST and DELETE /api/v1/threads/:id/watch: the same store call as the page. */
void
api_thread_watch(struct req *r)
{
	const char	*level;
	int64_t		 id;

	if (watch_thread_or_reply(r, &id) == -1)
		return;
	level = r->method == M_DELETE ? "none" :
	    r->f[F_API_WATCH_LEVEL].present ? r->f[F_API_WATCH_LEVEL].s :
	    "watching";
	if (store_watch_set(r->w->db, r->sess->user_id, WATCH_THREAD,
	    arena_printf(r->a, "%lld", (long long)id), level) == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:s}", "thread_id", (json_int_t)id,
	    "level", level));
}

/*
 * POST /api/v1/tags/:tag/watch (level), DELETE: follow a tag as the
 * tag page's button does (watch_tag_or_reply), or stop.
 */
void
api_tag_watch(struct req *r)
{
	const char	*level, *tag;

	if (watch_tag_or_reply(r, &tag) == -1)
		return;
	level = r->method == M_DELETE ? "none" :
	    r->f[F_API_WATCH_LEVEL].present ? r->f[F_API_WATCH_LEVEL].s :
	    "watching";
	if (store_watch_set(r->w->db, r->sess->user_id, WATCH_TAG, tag,
	    level) == -1)
		return;
	api_send(r, 200, json_pack("{s:s, s:s}", "tag", tag, "level", level));
}

/* POST /api/v1/categories/:slug/watch (level), DELETE: as the category page. */
void
api_category_watch(struct req *r)
{
	struct category	*c;
	const char	*level;

	if (watch_category_or_reply(r, &c) == -1)
		return;
	level = r->method == M_DELETE ? "none" :
	    r->f[F_API_WATCH_LEVEL].present ? r->f[F_API_WATCH_LEVEL].s :
	    "watching";
	if (store_watch_set(r->w->db, r->sess->user_id, WATCH_CATEGORY,
	    arena_printf(r->a, "%lld", (long long)c->id), level) == -1)
		return;
	api_send(r, 200, json_pack("{s:s, s:s}", "category", c->slug,
	    "level", level));
}

/* GET /api/v1/notifications: the newest, as on /notifications. */
void
api_notifications(struct req *r)
{
	struct qa_notif		*n;
	struct pager		 pp;
	struct store_page	 pg;
	size_t			 i;
	json_t			*arr, *o, *root;
	const char		*older, *newer;

	/* read by keyset as the page is (?at= from "older" / "newer") */
	if (pager_read_or_reply(r, F_LIST_AT, F_LIST_PAGE, API_NOTIF_LIMIT,
	    "/api/v1/notifications", &pp) == -1)
		return;
	if (store_qa_notifs_page(r->w->db, r->a, r->sess->user_id, pp.at,
	    API_NOTIF_LIMIT, &n, &pg) == -1)
		return;
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	arr = json_array();
	for (i = 0; i < pg.n; i++) {
		o = json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:I, s:b}",
		    "id", (json_int_t)n[i].id, "kind",
		    state_notif_name(n[i].kind),
		    "thread_id", (json_int_t)n[i].thread_id,
		    "thread_title", n[i].thread_title != NULL ?
		    n[i].thread_title : "",
		    "post_id", (json_int_t)n[i].post_id,
		    "actor", n[i].actor != NULL ? n[i].actor : "",
		    "at", (json_int_t)n[i].at, "unread", n[i].unread);
		if (o != NULL && n[i].reason != NULL && n[i].reason[0] != '\0')
			json_object_set_new(o, "reason",
			    json_string(n[i].reason));
		json_array_append_new(arr, o);
	}
	root = json_pack("{s:o, s:I}", "notifications", arr, "unread",
	    (json_int_t)r->sess->unread);
	older = pager_older(r, &pg);
	newer = pager_newer(r, &pg);
	if (root != NULL && older != NULL)
		json_object_set_new(root, "older", json_string(older));
	if (root != NULL && newer != NULL)
		json_object_set_new(root, "newer", json_string(newer));
	api_send(r, 200, root);
}

/* POST /api/v1/notifications/read: every one read. */
void
api_notifications_read(struct req *r)
{
	if (store_qa_notifs_read(r->w->db, r->sess->user_id) == -1)
		return;
	api_send(r, 200, json_pack("{s:b}", "read", 1));
}

/* POST /api/v1/notifications/:id/read: one, the owner's only. */
void
api_notification_read(struct req *r)
{
	int64_t	id = qa_param_id(r->param[0]);

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_qa_notif_read(r->w->db, r->sess->user_id, id) == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "read",
	    1));
}

/*
 * POST /api/v1/mod/posts/:id/decide: a moderator's decision on a post
 * and its queue item, through modqueue_decide as /mod/post/:id (purging
 * the author needs a fresh second factor: the page only).
 */
void
api_mod_decide(struct req *r)
{
	struct post_result	 res;
	const char		*action = r->f[F_API_MODD_ACTION].s;
	const char		*reason = modqueue_str(r, F_API_MODD_REASON);
	enum modq_kind		 kind;
	json_t			*o;
	int64_t			 post = qa_param_id(r->param[0]);

	if (post == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	kind = r->f[F_API_MODD_KIND].present &&
	    r->f[F_API_MODD_KIND].s[0] != '\0' ?
	    modqueue_kind(r->f[F_API_MODD_KIND].s) : MQ_NONE;
	if (strcmp(action, "remove") == 0 && reason[0] == '\0') {
		field_problem(r, 422, "reason", T(r->lang, "Choose why the "
		    "post is removed: the author and the audit log are told."));
		return;
	}
	if (strcmp(action, "remove") != 0)
		reason = "";
	if (strcmp(action, "edit") == 0 && !r->f[F_API_MODD_BODY].present) {
		reply_error_detail(r, 400, N_("A required field is missing:"),
		    "body");
		return;
	}
	if (modqueue_decide(r, post, kind, action, reason,
	    modqueue_str(r, F_API_MODD_NOTE), modqueue_str(r,
	    F_API_MODD_BODY), &res) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (res.err == POST_E_SECRET) {
		field_problem(r, 409, "body", i18n_get(r->lang, res.msg));
		return;
	}
	if (failed(r, &res))
		return;
	o = json_pack("{s:I, s:s, s:b}", "post_id", (json_int_t)post,
	    "action", action, "decided", 1);
	api_send(r, 200, o);
}
