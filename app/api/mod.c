/* api/mod.c: JSON twins of the moderator pages: the audit log, appeals (list, decide), bulk decisions, purges, campaigns, undo, rules, limits, unlock, thread state */
/*
 * Each handler reads the same declared fields as its page (the routes
 * share the page's field table, so the indices are the page's), calls
 * the same store function or the same shared decision (appeal_decide,
 * pages/appeal.c) and renders JSON; refusals are problem details
 * (reply_error under /api/).  Routes are ROLE_MODERATOR: a token needs
 * the moderate scope (http/dispatch.c).  Purge, campaign, undo and rules
 * reload want a recent second factor of a browser (R_FRESH2FA): a token
 * needs the stepup scope as well, which stands for it (made only right
 * after a second factor, one day; pages/tokens.c).  Each calls the
 * function its page calls (pages/modqueue.h, qa.h), so a check is never
 * written twice.  docs/api.md.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/modq.h"
#include "pages/modqueue.h"
#include "pages/pager.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "post/post.h"
#include "store/store.h"
#include "view/i18n.h"

#define API_LOG_PER_PAGE	50

static json_t	*str_or_null(const char *);
static int	 post_or_reply(struct req *, const struct post_result *);
static void	 unconfirmed(struct req *, const char *);

/* 1 after a problem for a transition that did not happen, else 0. */
static int
post_or_reply(struct req *r, const struct post_result *res)
{
	struct problem		 p;
	struct problem_field	*f;
	size_t			 i;

	if (qa_post_failed(r, res))
		return 1;
	if (res->err == POST_OK)
		return 0;
	f = arena_calloc(r->a, res->nerr + 1, sizeof(*f));
	for (i = 0; i < res->nerr; i++)
		f[i].detail = res->errs[i];
	memset(&p, 0, sizeof(p));
	p.status = 422;
	p.code = "invalid";
	p.detail = res->nerr == 1 ? res->errs[0] : T(r->lang, "Please "
	    "correct the fields.");
	p.errors = f;
	p.nerrors = res->nerr;
	reply_problem(r, &p);
	return 1;
}

/* 422 naming the field confirm: what=the action it would do. */
static void
unconfirmed(struct req *r, const char *what)
{
	struct problem		 p;
	struct problem_field	 f;

	f.field = "confirm";
	f.detail = what;
	memset(&p, 0, sizeof(p));
	p.status = 422;
	p.code = "unprocessable";
	p.detail = what;
	p.errors = &f;
	p.nerrors = 1;
	reply_problem(r, &p);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/*
 * GET /api/v1/mod/log: the audit log, newest first, with the page's
 * filters (action, actor, target, target_kind) and keyset position
 * (at: the "older" cursor of the previous answer).
 */
void
api_mod_log(struct req *r)
{
	struct modlog_filter	 f;
	struct modlog_row	*rows;
	struct pager		 pos;
	struct store_page	 pg;
	const char		*older;
	json_t			*arr, *o;
	size_t			 i;

	memset(&f, 0, sizeof(f));
	f.action = r->f[F_MODL_ACTION].present ? r->f[F_MODL_ACTION].s : "";
	f.actor = r->f[F_MODL_ACTOR].present ? r->f[F_MODL_ACTOR].s : "";
	f.target_kind = r->f[F_MODL_TKIND].present ? r->f[F_MODL_TKIND].s :
	    "";
	f.target = r->f[F_MODL_TARGET].present ? r->f[F_MODL_TARGET].i : 0;
	if (pager_read_or_reply(r, F_MODL_AT, F_MODL_PAGE, API_LOG_PER_PAGE,
	    "/api/v1/mod/log", &pos) == -1)
		return;
	if (store_modlog_list(r->w->db, r->a, &f, pos.at, API_LOG_PER_PAGE,
	    pos.skip, &rows, &pg) == -1)
		return;
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	arr = json_array();
	for (i = 0; i < pg.n; i++) {
		o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, "
		    "s:b}", "id", (json_int_t)rows[i].id, "at",
		    (json_int_t)rows[i].at, "actor", rows[i].actor, "action",
		    rows[i].action, "target_kind",
		    store_modlog_target_name(rows[i].target_kind), "target_id",
		    (json_int_t)rows[i].target_id, "target_text",
		    rows[i].target_text ? rows[i].target_text : "", "reason",
		    rows[i].reason ? rows[i].reason : "", "note",
		    rows[i].note ? rows[i].note : "", "undoable",
		    rows[i].undoable);
		if (o == NULL)
			continue;
		json_object_set_new(o, "undo_of", rows[i].undo_of > 0 ?
		    json_integer((json_int_t)rows[i].undo_of) : json_null());
		json_array_append_new(arr, o);
	}
	older = pager_older(r, &pg);
	api_send(r, 200, json_pack("{s:o, s:o}", "entries", arr, "older",
	    str_or_null(older)));
}

/* GET /api/v1/mod/appeals: the open appeals of removals and suspensions. */
void
api_mod_appeals(struct req *r)
{
	struct appeal_row	*a;
	struct susp_appeal_row	*s;
	size_t			 n, ns, i;
	json_t			*pa, *sa;

	if (store_appeal_open(r->w->db, r->a, &a, &n) == -1 ||
	    store_appeal_susp_open(r->w->db, r->a, &s, &ns) == -1)
		return;
	pa = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(pa, json_pack("{s:I, s:s, s:I, s:I, s:s, "
		    "s:s, s:s, s:s, s:b, s:s, s:I}", "id", (json_int_t)a[i].id,
		    "kind", "removal", "post_id", (json_int_t)a[i].post_id,
		    "thread_id", (json_int_t)a[i].thread_id, "title",
		    a[i].title ? a[i].title : "", "author",
		    a[i].author ? a[i].author : "", "reason",
		    a[i].reason ? a[i].reason : "", "removed_by",
		    a[i].removed_by_name ? a[i].removed_by_name : "",
		    "own", a[i].removed_by == r->sess->user_id, "body",
		    a[i].body ? a[i].body : "", "created",
		    (json_int_t)a[i].created));
	sa = json_array();
	for (i = 0; i < ns; i++)
		json_array_append_new(sa, json_pack("{s:I, s:s, s:I, s:s, s:s, "
		    "s:s, s:b, s:s, s:I}", "id", (json_int_t)s[i].id, "kind",
		    "suspension", "user_id", (json_int_t)s[i].user_id,
		    "member", s[i].member ? s[i].member : "", "reason",
		    s[i].suspend_reason ? s[i].suspend_reason : "",
		    "suspended_by", s[i].removed_by_name ?
		    s[i].removed_by_name : "", "own",
		    s[i].removed_by == r->sess->user_id, "body",
		    s[i].body ? s[i].body : "", "created",
		    (json_int_t)s[i].created));
	api_send(r, 200, json_pack("{s:o, s:o}", "removals", pa, "suspensions",
	    sa));
}

/*
 * POST /api/v1/mod/appeals/:id: decision reverse (restore the post or
 * lift the suspension) or uphold, note; the page's checks
 * (appeal_decide).
 */
void
api_mod_appeal_decide(struct req *r)
{
	int64_t	id = qa_param_id(r->param[0]);
	int	reverse = r->f[F_MAPPEAL_DECISION].i == MAPPEAL_REVERSE;

	if (appeal_decide(r, id, reverse, r->f[F_MAPPEAL_NOTE].present ?
	    r->f[F_MAPPEAL_NOTE].s : "") == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:s, s:b}", "appeal_id",
	    (json_int_t)id, "decision", reverse ? "reverse" : "uphold",
	    "decided", 1));
}

/*
 * POST /api/v1/mod/bulk: ids (comma-separated, up to 100), kind, action
 * (approve, remove, dismiss), reason, confirm; the page's checks and the
 * same decisions (modqueue_bulk).
 */
void
api_mod_bulk(struct req *r)
{
	const char		*action = r->f[F_MODB_ACTION].s;
	enum modq_kind		 kind = modqueue_kind(r->f[F_MODB_KIND].s);
	int			 done, taken;

	if (kind == MQ__MAX) {
		reply_error_detail(r, 400, N_("A field is not valid:"), "kind");
		return;
	}
	if (!r->f[F_MODB_CONFIRM].i) {
		reply_error_detail(r, 422, N_("A required field is missing:"),
		    "confirm");
		return;
	}
	if (modqueue_bulk(r, kind, action, modqueue_str(r, F_MODB_REASON),
	    r->f[F_MODB_IDS].s, &done, &taken) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	api_send(r, 200, json_pack("{s:s, s:s, s:i, s:i}", "queue",
	    store_modq_kind_name(kind), "action", action, "decided", done,
	    "taken", taken));
}

/*
 * POST /api/v1/mod/users/:id/purge: what (purge or suspend), days,
 * reason, note, confirm; the page's transition (modqueue_purge_apply,
 * post_purge_user).  stepup scope with a token.
 */
void
api_mod_purge(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct post_result	 res;
	int			 purge;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (modqueue_purge_apply(r, id, &purge, &res) == 1) {
		unconfirmed(r, purge ? T(r->lang, "Send confirm=1 to suspend "
		    "the account, remove all its posts and end its sessions.") :
		    T(r->lang, "Send confirm=1 to suspend the account."));
		return;
	}
	if (post_or_reply(r, &res))
		return;
	qa_post_done(r, &res);
	api_send(r, 200, json_pack("{s:I, s:s, s:b}", "user_id",
	    (json_int_t)id, "action", purge ? "purge" : "suspend", "done", 1));
}

/*
 * POST /api/v1/mod/campaign: type, value, action (purge or block),
 * days, reason, confirm; the page's transition (modqueue_campaign_apply,
 * post_purge_campaign).  stepup scope with a token.
 */
void
api_mod_campaign(struct req *r)
{
	struct post_result	 res;

	if (modqueue_campaign_apply(r, &res) == 1) {
		unconfirmed(r, T(r->lang, "Send confirm=1 to block the contact "
		    "point for everyone and act on the posts and accounts "
		    "that carry it."));
		return;
	}
	if (post_or_reply(r, &res))
		return;
	qa_post_done(r, &res);
	api_send(r, 200, json_pack("{s:s, s:s, s:i, s:i}", "type",
	    r->f[F_MODC_TYPE].s, "value", r->f[F_MODC_VALUE].s,
	    "posts_removed", res.nposts, "accounts_purged", res.naccounts));
}

/*
 * POST /api/v1/mod/log/:id/undo: note, confirm; the page's transition
 * (modqueue_undo_apply, post_undo): 409 when the entry cannot be undone
 * (any more).  stepup scope with a token.
 */
void
api_mod_undo(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct post_result	 res;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (modqueue_undo_apply(r, id, &res) == 1) {
		unconfirmed(r, T(r->lang, "Send confirm=1 to undo this "
		    "decision."));
		return;
	}
	if (post_or_reply(r, &res))
		return;
	qa_post_done(r, &res);
	api_send(r, 200, json_pack("{s:I, s:b}", "log_id", (json_int_t)id,
	    "undone", 1));
}

/* POST /api/v1/mod/rules/reload: reason; as the page (stepup scope). */
void
api_mod_rules_reload(struct req *r)
{
	if (modqueue_rules_reload(r) == -1)
		return;
	api_send(r, 200, json_pack("{s:b}", "reloading", 1));
}

/* POST /api/v1/mod/rules/train: a training run of the model queued. */
void
api_mod_rules_train(struct req *r)
{
	int64_t	run;

	if (modqueue_rules_train(r, &run) == -1)
		return;
	api_send(r, run != 0 ? 202 : 200, json_pack("{s:o, s:b}", "run",
	    run != 0 ? json_integer((json_int_t)run) : json_null(), "queued",
	    run != 0));
}

/*
 * POST /api/v1/mod/limits/reset: q (a member's name or an IP address),
 * limit (a name, or "all"), reason, confirm; the page's reset
 * (modqueue_limits_reset), its audit row first.
 */
void
api_mod_limits_reset(struct req *r)
{
	const char	*msg, *reset;
	int		 status;

	status = modqueue_limits_reset(r, &msg, &reset);
	if (status == -1)
		return;
	if (status == 400 && !r->f[F_MODLIMR_CONFIRM].i) {
		unconfirmed(r, T(r->lang, "Send confirm=1 to reset the "
		    "limits."));
		return;
	}
	if (status != 200) {
		reply_error(r, status == 400 ? 422 : status, msg);
		return;
	}
	api_send(r, 200, json_pack("{s:s, s:s}", "q", r->f[F_MODLIMR_Q].s,
	    "reset", reset));
}

/* POST /api/v1/mod/users/:id/unlock: the sign-in lock lifted, as the profile page. */
void
api_mod_unlock(struct req *r)
{
	struct user	*u;

	if (user_unlock_apply(r, "through the API", &u) == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:s, s:b}", "user_id",
	    (json_int_t)u->id, "username", u->username, "unlocked", 1));
}

/*
 * POST /api/v1/threads/:id/state: action (close, reopen, lock, pin,
 * unpin, duplicate), dup; staff and moderators, as the thread page
 * (qa_thread_state_apply).
 */
void
api_thread_state(struct req *r)
{
	const char	*done;
	int64_t		 id;

	if (qa_thread_state_apply(r, &id, &done) == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:s}", "thread_id", (json_int_t)id,
	    "action", done));
}
