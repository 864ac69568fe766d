/* api/mod.c: JSON twins of the moderator pages: the audit log, appeals (list, decide), bulk decisions */
/*
 * Each handler reads the same declared fields as its page (the routes
 * share the page's field table, so the indices are the page's), calls
 * the same store function or the same shared decision (appeal_decide,
 * pages/appeal.c) and renders JSON; refusals are problem details
 * (reply_error under /api/).  Routes are ROLE_MODERATOR: a token needs
 * the moderate scope (http/dispatch.c).  docs/api.md.
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
#include "store/store.h"
#include "view/i18n.h"

#define API_LOG_PER_PAGE	50

static json_t	*str_or_null(const char *);

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
