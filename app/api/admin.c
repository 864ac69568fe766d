/* api/admin.c: JSON twins of the admin console: categories, tags, members, suspensions, site settings, moderation lists, webhooks */
/*
 * Each route shares its page's declared fields (so the field indices are
 * the page's) and the page's checks (pages/admin.h), and changes state
 * through the same store/admin.c transaction, which checks again that the
 * actor is an administrator and writes the audit_log row.  The routes
 * need ROLE_ADMIN; a write needs a fresh second factor (R_FRESH2FA) from
 * a browser session, or a token with the admin scope, which is given only
 * after a fresh second factor and lives one day (http/dispatch.c,
 * pages/tokens.c).  A refused form is 422 (or 409) problem details with
 * the errors at their fields.  docs/api.md, "Admin actions".
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http/pcache.h"
#include "api/api.h"
#include "http/req.h"
#include "http/server.h"
#include "acct/acct.h"
#include "lib/arena.h"
#include "pages/admin.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/store.h"
#include "store/webhook.h"
#include "view/form.h"
#include "view/i18n.h"

static json_t	*cat_json(const struct admin_category *);
static const char *role_name(enum role);
static const char *field_or_empty(struct req *, int);
static void	 cat_changed(struct req *, int64_t);
static void	 cat_save(struct req *, int64_t);
static void	 susp(struct req *, int);
static json_t	*site_json(struct req *, const struct site_row *);
static json_t	*hook_json(const struct webhook *);

static json_t *
cat_json(const struct admin_category *c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:I}",
	    "id", (json_int_t)c->id, "slug", c->slug, "name_ja", c->name[0],
	    "name_en", c->name[1], "desc_ja", c->desc[0] ? c->desc[0] : "",
	    "desc_en", c->desc[1] ? c->desc[1] : "", "position",
	    (json_int_t)c->position, "archived", c->archived, "threads",
	    (json_int_t)c->nthreads);
}

static const char *
role_name(enum role ro)
{
	switch (ro) {
	case ROLE_STAFF:
		return "staff";
	case ROLE_MODERATOR:
		return "moderator";
	case ROLE_ADMIN:
		return "admin";
	default:
		return "user";
	}
}

static const char *
field_or_empty(struct req *r, int i)
{
	return r->f[i].present ? r->f[i].s : "";
}

/* After a change of categories: every page shows it, then category id. */
static void
cat_changed(struct req *r, int64_t id)
{
	struct admin_category	*c;

	pcache_invalidate(r->w->cache);
	if (store_admin_category(r->w->db, r->a, id, &c) == -1)
		return;
	if (c == NULL) {
		reply_error(r, 404, T(r->lang, "There is no such category."));
		return;
	}
	api_send(r, 200, json_pack("{s:o}", "category", cat_json(c)));
}

/* --- categories ------------------------------------------------------ */

/* GET /api/v1/admin/categories: every category, archived ones too. */
void
api_admin_categories(struct req *r)
{
	struct admin_category	*c;
	size_t			 n, i;
	json_t			*arr;

	if (store_admin_categories(r->w->db, r->a, &c, &n) == -1)
		return;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, cat_json(&c[i]));
	api_send(r, 200, json_pack("{s:o}", "categories", arr));
}

/*
 * POST /api/v1/admin/categories (create) and /api/v1/admin/categories/:id
 * (save): slug, name_ja, name_en, desc_ja, desc_en, as the page.
 */
static void
cat_save(struct req *r, int64_t cat)
{
	struct admin_category	 c, *old = NULL;
	struct form_errs	 e;
	int64_t			 id = 0;
	int			 rc;

	if (cat != -1) {
		if (store_admin_category(r->w->db, r->a, cat, &old) == -1)
			return;
		if (old == NULL) {
			reply_error(r, 404, T(r->lang, "There is no such "
			    "category."));
			return;
		}
	}
	memset(&c, 0, sizeof(c));
	memset(&e, 0, sizeof(e));
	if (admin_cat_read(r, &c, &e) > 0) {
		api_form_problem(r, 422, &e);
		return;
	}
	rc = store_admin_category_save(r->w->db, r->a, r->sess->user_id,
	    old ? old->id : 0, &c, &id);
	if (admin_refused(r, rc))
		return;
	if (rc != ADMIN_OK) {
		form_err(&e, "slug", T(r->lang, "Another category has this "
		    "address name already; choose another."));
		api_form_problem(r, 409, &e);
		return;
	}
	cat_changed(r, old ? old->id : id);
}

void
api_admin_category_create(struct req *r)
{
	cat_save(r, -1);
}

void
api_admin_category_save(struct req *r)
{
	cat_save(r, qa_param_id(r->param[0]));
}

/* POST /api/v1/admin/categories/:id/move: dir up or down. */
void
api_admin_category_move(struct req *r)
{
	int64_t	id = qa_param_id(r->param[0]);
	int	rc;

	rc = store_admin_category_move(r->w->db, r->sess->user_id, id,
	    r->f[F_ADMIN_MOVE_DIR].i == 0);
	if (admin_refused(r, rc))
		return;
	/* ADMIN_SAME: first or last already; the order is unchanged */
	cat_changed(r, id);
}

/* POST /api/v1/admin/categories/:id/archive: on 1 archives, 0 restores. */
void
api_admin_category_archive(struct req *r)
{
	int64_t	id = qa_param_id(r->param[0]);
	int	rc;

	rc = store_admin_category_archive(r->w->db, r->sess->user_id, id,
	    r->f[F_ADMIN_ARCHIVE_ON].i != 0);
	if (admin_refused(r, rc))
		return;
	cat_changed(r, id);
}

/*
 * POST /api/v1/admin/categories/:id/merge: into, confirm (the page's
 * confirmation step: without it nothing moves, 422 with the counts).
 */
void
api_admin_category_merge(struct req *r)
{
	struct admin_category	*from, *into;
	struct form_errs	 e;
	int64_t			 moved = 0;
	int			 rc;

	if (admin_merge_check(r, qa_param_id(r->param[0]),
	    r->f[F_ADMIN_MERGE_INTO].i, &from, &into) == -1)
		return;
	if (!r->f[F_ADMIN_MERGE_CONFIRM].present ||
	    !r->f[F_ADMIN_MERGE_CONFIRM].i) {
		memset(&e, 0, sizeof(e));
		form_err(&e, "confirm", arena_printf(r->a, "%s %lld",
		    T(r->lang, "Send confirm=1 to move every thread of the "
		    "category into the other one and archive it. Threads:"),
		    (long long)from->nthreads));
		api_form_problem(r, 422, &e);
		return;
	}
	rc = store_admin_category_merge(r->w->db, r->a, r->sess->user_id,
	    from->id, into->id, &moved);
	if (admin_refused(r, rc))
		return;
	pcache_invalidate(r->w->cache);
	api_send(r, 200, json_pack("{s:I, s:I, s:I}", "from",
	    (json_int_t)from->id, "into", (json_int_t)into->id, "moved",
	    (json_int_t)moved));
}

/* --- tags ------------------------------------------------------------ */

/*
 * POST /api/v1/admin/tags: from, to, confirm.  A rename into a tag in use
 * is a merge: without confirm nothing changes (409 with both counts).
 */
void
api_admin_tag_rename(struct req *r)
{
	struct form_errs	 e;
	const char		*from, *to;
	int64_t			 nfrom, nto, moved = 0;
	int			 rc;

	memset(&e, 0, sizeof(e));
	if (admin_tag_check(r, field_or_empty(r, F_ADMIN_TAG_FROM),
	    field_or_empty(r, F_ADMIN_TAG_TO), &from, &to, &nfrom, &nto,
	    &e) == -1)
		return;
	if (e.n > 0) {
		api_form_problem(r, 422, &e);
		return;
	}
	if (nto > 0 && !r->f[F_ADMIN_TAG_CONFIRM].i) {
		form_err(&e, "confirm", arena_printf(r->a, "%s %lld / %lld",
		    T(r->lang, "The new name is a tag in use: this is a "
		    "merge. Send confirm=1 to merge. Threads (from / to):"),
		    (long long)nfrom, (long long)nto));
		api_form_problem(r, 409, &e);
		return;
	}
	rc = admin_tag_retag(r, from, to, nto > 0, &moved, &e);
	if (rc == 422) {
		api_form_problem(r, 409, &e);
		return;
	}
	if (rc == -1)
		return;
	api_send(r, 200, json_pack("{s:s, s:s, s:b, s:I}", "from", from, "to",
	    to, "merged", nto > 0, "moved", (json_int_t)moved));
}

/* --- tag synonyms (migration 0177) ------------------------------------ */

/* GET /api/v1/admin/tags/synonyms: every synonym and its tag. */
void
api_admin_tagsyns(struct req *r)
{
	struct tag_synonym	*s;
	size_t			 n, i;
	json_t			*arr;

	if (store_tag_synonyms(r->w->db, r->a, &s, &n) == -1)
		return;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I}",
		    "alias", s[i].alias, "canonical", s[i].tag, "created_by",
		    s[i].created_by ? s[i].created_by : "", "created",
		    (json_int_t)s[i].created_at));
	api_send(r, 200, json_pack("{s:o}", "synonyms", arr));
}

/*
 * POST /api/v1/admin/tags/synonyms: alias, canonical, confirm; the
 * page's checks (admin_tagsyn_check).  Without confirm nothing changes:
 * 422 naming confirm, with what it would change.
 */
void
api_admin_tagsyn_add(struct req *r)
{
	struct form_errs	 e;
	struct tagsyn_preview	 pv;
	const char		*alias, *tag;
	int64_t			 moved = 0;
	int			 rc;

	memset(&e, 0, sizeof(e));
	memset(&pv, 0, sizeof(pv));
	if (admin_tagsyn_check(r, field_or_empty(r, F_ADMIN_TAGSYN_ALIAS),
	    field_or_empty(r, F_ADMIN_TAGSYN_TAG), &alias, &tag, &pv,
	    &e) == -1)
		return;
	if (e.n > 0) {
		api_form_problem(r, 422, &e);
		return;
	}
	if (!r->f[F_ADMIN_TAGSYN_CONFIRM].i) {
		form_err(&e, "confirm", arena_printf(r->a, "%s %lld",
		    T(r->lang, "Send confirm=1 to make the synonym. Threads "
		    "to retag:"), (long long)pv.nthreads));
		api_form_problem(r, 422, &e);
		return;
	}
	rc = admin_tagsyn_add(r, alias, tag, &moved, &e);
	if (rc == 422) {
		api_form_problem(r, 409, &e);
		return;
	}
	if (rc == -1)
		return;
	api_send(r, 201, json_pack("{s:s, s:s, s:I}", "alias", alias,
	    "canonical", tag, "moved", (json_int_t)moved));
}

/* POST /api/v1/admin/tags/synonyms/remove: alias, confirm. */
void
api_admin_tagsyn_remove(struct req *r)
{
	struct form_errs	 e;
	const char		*alias, *tag;
	int			 rc;

	memset(&e, 0, sizeof(e));
	rc = admin_tagsyn_find(r, field_or_empty(r, F_ADMIN_TAGSYN_ALIAS),
	    &alias, &tag, &e);
	if (rc == 0 && !r->f[F_ADMIN_TAGSYN_CONFIRM].i) {
		form_err(&e, "confirm", T(r->lang, "Send confirm=1 to remove "
		    "the synonym. Threads keep their tags."));
		rc = 422;
	}
	if (rc == 0)
		rc = admin_tagsyn_remove(r, alias, &e);
	if (rc == 422 && e.n > 0 && e.field[0] == NULL)
		e.field[0] = "alias";
	if (rc == 422) {
		api_form_problem(r, rc, &e);
		return;
	}
	if (rc == -1)
		return;
	api_send(r, 200, json_pack("{s:s, s:s, s:b}", "alias", alias,
	    "canonical", tag, "removed", 1));
}

/* --- members --------------------------------------------------------- */

/* GET /api/v1/admin/members?q=: up to 50 members by name or e-mail. */
void
api_admin_members(struct req *r)
{
	struct admin_member	*m = NULL;
	size_t			 n = 0, i;
	const char		*q = field_or_empty(r, F_ADMIN_MEMBERS_Q);
	json_t			*arr;

	if (q[0] != '\0' && store_admin_members(r->w->db, r->a, q, &m, &n) ==
	    -1)
		return;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:b}", "id", (json_int_t)m[i].id, "username",
		    m[i].username, "display_name", m[i].display_name, "role",
		    role_name(m[i].role), "email", m[i].email ? m[i].email : "",
		    "suspended", m[i].suspended));
	api_send(r, 200, json_pack("{s:s, s:o}", "q", q, "members", arr));
}

/* POST /api/v1/admin/members/:id/role: role (the page's rules). */
void
api_admin_member_role(struct req *r)
{
	struct form_errs	 e;
	enum role		 role;
	int64_t			 id = qa_param_id(r->param[0]);
	int			 rc;

	role = admin_member_role(r->f[F_ADMIN_ROLE_ROLE].i);
	rc = store_admin_role_change(r->w->db, r->a, r->sess->user_id, id,
	    role, acct_role_needs_email(role));
	if (rc == ADMIN_NOT_FOUND) {
		reply_error(r, 404, T(r->lang, "There is no such member."));
		return;
	}
	if (admin_refused(r, rc))
		return;
	if (rc != ADMIN_OK) {
		memset(&e, 0, sizeof(e));
		form_err(&e, rc == ADMIN_NEEDS_EMAIL ? NULL : "role",
		    admin_role_refusal(r, rc));
		api_form_problem(r, rc == ADMIN_NEEDS_EMAIL ? 409 : 422, &e);
		return;
	}
	/* role badges are on cached pages */
	pcache_invalidate(r->w->cache);
	api_send(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "role",
	    role_name(role)));
}

/* POST /api/v1/admin/members/:id/suspend and .../restore: reason, days, confirm. */
static void
susp(struct req *r, int suspend)
{
	struct admin_susp	*m = NULL;
	struct form_errs	 e;
	int64_t			 id = qa_param_id(r->param[0]);
	int			 ndays, rc;

	if (id != 0 && store_admin_suspension(r->w->db, r->a, id, &m) == -1)
		return;
	if (m == NULL) {
		reply_error(r, 404, T(r->lang, "There is no such member."));
		return;
	}
	memset(&e, 0, sizeof(e));
	rc = admin_susp_apply(r, m, suspend,
	    field_or_empty(r, F_ADMIN_SUSP_REASON),
	    field_or_empty(r, F_ADMIN_SUSP_DAYS),
	    r->f[F_ADMIN_SUSP_CONFIRM].i != 0, &ndays, &e);
	if (rc == -1)
		return;
	if (rc == 200) {
		/* the page's confirmation step */
		form_err(&e, "confirm", suspend ? T(r->lang, "Send confirm=1 "
		    "to suspend the member and end every session of the "
		    "account.") : T(r->lang, "Send confirm=1 to restore the "
		    "member."));
		rc = 422;
	}
	if (rc != 0) {
		api_form_problem(r, rc, &e);
		return;
	}
	if (store_admin_suspension(r->w->db, r->a, id, &m) == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:b, s:I, s:i}", "id", (json_int_t)id,
	    "suspended", m != NULL && m->suspended, "until", (json_int_t)(m ?
	    m->until : 0), "days", suspend ? ndays : 0));
}

void
api_admin_member_suspend(struct req *r)
{
	susp(r, 1);
}

void
api_admin_member_restore(struct req *r)
{
	susp(r, 0);
}

/* --- site settings --------------------------------------------------- */

static json_t *
site_json(struct req *r, const struct site_row *s)
{
	return json_pack("{s:s, s:s, s:o, s:I}", "name_ja", s->name[0],
	    "name_en", s->name[1], "logo", s->logo[0] != '\0' ?
	    json_string(arena_printf(r->a, "/uploads/%s", s->logo)) :
	    json_null(), "version", (json_int_t)s->version);
}

/* GET /api/v1/admin/settings: the site's names and logo. */
void
api_admin_settings(struct req *r)
{
	struct site_row	s;

	if (store_site_get(r->w->db, r->a, &s) == -1)
		return;
	api_send(r, 200, json_pack("{s:o}", "settings", site_json(r, &s)));
}

/* POST /api/v1/admin/settings: name_ja, name_en, logo, as the page. */
void
api_admin_settings_save(struct req *r)
{
	struct site_row		 s;
	struct form_errs	 e;
	const char		*logo_in;
	int			 rc;

	memset(&e, 0, sizeof(e));
	rc = admin_settings_save(r, &s, &logo_in, &e);
	if (rc == -1)
		return;
	if (rc != 0) {
		api_form_problem(r, rc, &e);
		return;
	}
	if (store_site_get(r->w->db, r->a, &s) == -1)
		return;
	api_send(r, 200, json_pack("{s:o}", "settings", site_json(r, &s)));
}

/* --- moderation lists ------------------------------------------------ */

/* GET /api/v1/admin/lists: every entry, by list and value. */
void
api_admin_lists(struct req *r)
{
	struct modlist_entry	*m;
	size_t			 n, i;
	json_t			*arr;

	if (store_modlist_all(r->w->db, r->a, &m, &n) == -1)
		return;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:I, s:s}", "id", (json_int_t)m[i].id, "list", m[i].list,
		    "value", m[i].value, "note", m[i].note ? m[i].note : "",
		    "created", (json_int_t)m[i].created_at, "created_by",
		    m[i].created_by ? m[i].created_by : ""));
	api_send(r, 200, json_pack("{s:o}", "entries", arr));
}

/* POST /api/v1/admin/lists: list, value, note (checked as on the page). */
void
api_admin_lists_add(struct req *r)
{
	struct form_errs	 e;
	const char		*list = r->f[F_ALIST_LIST].s, *val;
	int			 rc;

	memset(&e, 0, sizeof(e));
	rc = admin_list_add(r, list, field_or_empty(r, F_ALIST_VALUE),
	    field_or_empty(r, F_ALIST_NOTE), &val, &e);
	if (rc == -1)
		return;
	if (rc != 0) {
		api_form_problem(r, rc, &e);
		return;
	}
	api_send(r, 200, json_pack("{s:s, s:s, s:b}", "list", list, "value",
	    val, "added", 1));
}

/* DELETE /api/v1/admin/lists/:id */
void
api_admin_lists_delete(struct req *r)
{
	int64_t	id = qa_param_id(r->param[0]);

	if (admin_list_delete(r, id) == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id,
	    "deleted", 1));
}

/* --- webhooks -------------------------------------------------------- */

#define API_DELIVERIES	50

static json_t *
hook_json(const struct webhook *h)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:s, s:I, s:s, s:I, s:I}",
	    "id", (json_int_t)h->id, "url", h->url, "events",
	    h->events ? h->events : "", "enabled", h->enabled, "note",
	    h->note ? h->note : "", "created", (json_int_t)h->created_at,
	    "created_by", h->created_by ? h->created_by : "", "pending",
	    (json_int_t)h->pending, "failed", (json_int_t)h->failed);
}

/* GET /api/v1/admin/webhooks: every hook (never its secret). */
void
api_admin_webhooks(struct req *r)
{
	struct webhook	*h;
	size_t		 n, i;
	json_t		*arr;

	if (store_webhook_list(r->w->db, r->a, &h, &n) == -1)
		return;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, hook_json(&h[i]));
	api_send(r, 200, json_pack("{s:o}", "webhooks", arr));
}

/*
 * POST /api/v1/admin/webhooks: url, ev_* events, note, as the page; 201
 * with the signing secret, shown this once (stored sealed only).
 */
void
api_admin_webhook_add(struct req *r)
{
	struct form_errs	 e;
	struct webhook		*h;
	const char		*secret;
	int64_t			 id;
	int			 rc;

	memset(&e, 0, sizeof(e));
	rc = admin_webhook_add(r, NULL, &secret, &id, &e);
	if (rc == -1)
		return;
	if (rc != 0) {
		api_form_problem(r, rc, &e);
		return;
	}
	if (store_webhook_get(r->w->db, r->a, id, &h) == -1)
		return;
	if (h == NULL) {
		reply_error(r, 404, N_("There is no such webhook."));
		return;
	}
	reply_header(r, "Cache-Control", "no-store");
	api_send(r, 201, json_pack("{s:o, s:s}", "webhook", hook_json(h),
	    "secret", secret));
}

/* GET /api/v1/admin/webhooks/:id: the hook and its last 50 deliveries. */
void
api_admin_webhook(struct req *r)
{
	struct webhook		*h = NULL;
	struct webhook_delivery	*d;
	size_t			 n, i;
	int64_t			 id = qa_param_id(r->param[0]);
	json_t			*arr;

	if (id > 0 && store_webhook_get(r->w->db, r->a, id, &h) == -1)
		return;
	if (h == NULL) {
		reply_error(r, 404, N_("There is no such webhook."));
		return;
	}
	if (store_webhook_deliveries(r->w->db, r->a, h->id, API_DELIVERIES,
	    &d, &n) == -1)
		return;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:i, s:i, s:s, s:I, s:I, s:I}", "id", (json_int_t)d[i].id,
		    "event", d[i].event ? d[i].event : "", "event_id",
		    d[i].event_id ? d[i].event_id : "", "state",
		    d[i].state ? d[i].state : "", "attempts", d[i].attempts,
		    "last_status", d[i].last_status, "last_error",
		    d[i].last_error ? d[i].last_error : "", "created",
		    (json_int_t)d[i].created_at, "next_attempt",
		    (json_int_t)d[i].next_attempt_at, "delivered",
		    (json_int_t)d[i].delivered_at));
	api_send(r, 200, json_pack("{s:o, s:o}", "webhook", hook_json(h),
	    "deliveries", arr));
}

/* POST /api/v1/admin/webhooks/:id/enable: enabled 1 or 0. */
void
api_admin_webhook_enable(struct req *r)
{
	struct webhook	*h;
	int64_t		 id;

	if (admin_webhook_enable(r, &id) == -1)
		return;
	if (store_webhook_get(r->w->db, r->a, id, &h) == -1)
		return;
	if (h == NULL) {
		reply_error(r, 404, N_("There is no such webhook."));
		return;
	}
	api_send(r, 200, json_pack("{s:o}", "webhook", hook_json(h)));
}

/* DELETE /api/v1/admin/webhooks/:id: the hook and its delivery log. */
void
api_admin_webhook_delete(struct req *r)
{
	int64_t	id = qa_param_id(r->param[0]);

	if (admin_webhook_delete(r, id) == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id,
	    "deleted", 1));
}
