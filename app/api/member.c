/* api/member.c: JSON twins of a member's settings, appeals and support cases, and of the staff desk's claim */
/*
 * Each handler calls the same function as its page (settings.c,
 * watch.c, appeal.c, support.c, desk.c: the ..._apply functions of
 * pages.h), which loads and checks what the page checks (the member's
 * own removed post, the asker's or staff's case, staff for the desk)
 * and answers the refusals itself, as problem details under /api/
 * (reply_error, http/reply.c).  What the page shows again with the
 * reasons at a field (a display name, an appeal's length, a support
 * message refused by the filters) is 422 problem details naming the
 * field.  The routes take the pages' declared fields (http/routes.c);
 * a token needs write (read for the GET), a staff route's role is read
 * from the account on every use (http/session.c).  docs/api.md.
 */
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/store.h"
#include "store/support.h"
#include "view/form.h"
#include "view/i18n.h"

static void	 refused(struct req *, const struct support_outcome *);
static json_t	*prefs_json(const char *mode, const char *mail_off);

/*
 * A support message the page would show again: empty (invalid) or
 * refused by the filters (blocked, with their reasons), 422 at body.
 */
static void
refused(struct req *r, const struct support_outcome *res)
{
	struct problem		 p;
	struct problem_field	*f;
	size_t			 i, n;

	n = res->nreasons;
	f = arena_calloc(r->a, n + 1, sizeof(*f));
	for (i = 0; i < n; i++) {
		f[i].field = "body";
		f[i].detail = res->reasons[i];
	}
	if (n == 0) {
		f[0].field = "body";
		f[0].detail = T(r->lang, "Please correct the fields.");
		n = 1;
	}
	memset(&p, 0, sizeof(p));
	p.status = 422;
	if (res->blocked) {
		p.code = "blocked";
		p.detail = T(r->lang, "The filters refused this message.");
		p.blocked = 1;
	} else {
		p.code = "invalid";
		p.detail = f[0].detail;
		p.blocked = -1;
	}
	p.errors = f;
	p.nerrors = n;
	reply_problem(r, &p);
}

/* mode and every kind of mail, on or off, as the settings page shows. */
static json_t *
prefs_json(const char *mode, const char *mail_off)
{
	json_t		*mail;
	const char	*field;
	size_t		 i;
	int		 on;

	mail = json_object();
	for (i = 0; (on = watch_prefs_kind(mail_off, i, &field)) != -1; i++)
		json_object_set_new(mail, field, json_boolean(on));
	return json_pack("{s:s, s:o}", "mode", mode, "mail", mail);
}

/* POST /api/v1/me/profile: display_name, lang, as /settings/profile. */
void
api_me_profile(struct req *r)
{
	struct form_errs	 e;
	struct user		*u;
	const char		*disp;
	int			 rc;

	memset(&e, 0, sizeof(e));
	if ((rc = settings_profile_apply(r, &u, &disp, &e)) == -1)
		return;
	if (rc == 1) {
		api_form_problem(r, 422, &e);
		return;
	}
	api_send(r, 200, json_pack("{s:I, s:s, s:s, s:s}", "user_id",
	    (json_int_t)u->id, "username", u->username, "display_name", disp,
	    "lang", r->f[F_PROF_LANG].s));
}

/* GET /api/v1/me/notification-settings, as /settings/notifications shows. */
void
api_me_notify_prefs(struct req *r)
{
	const char	*mode, *off;

	if (store_notify_prefs_get(r->w->db, r->a, r->sess->user_id, &mode,
	    &off) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	api_send(r, 200, prefs_json(mode, off));
}

/* POST /api/v1/me/notification-settings: the form's fields, all of them. */
void
api_me_notify_prefs_save(struct req *r)
{
	const char	*mode, *off;

	if (watch_prefs_save_or_reply(r, &mode, &off) == -1)
		return;
	api_send(r, 200, prefs_json(mode, off));
}

/* POST /api/v1/posts/:id/appeal: body, as /p/:id/appeal. */
void
api_post_appeal(struct req *r)
{
	struct form_errs	 e;
	struct appeal_target	*t;
	const char		*body = r->f[F_APPEAL_BODY].present ?
	    r->f[F_APPEAL_BODY].s : "";
	int64_t			 post, id;
	int			 rc;

	if ((rc = appeal_send_apply(r, body, &post, &t, &id)) == -1)
		return;
	if (rc == 1) {
		memset(&e, 0, sizeof(e));
		form_err(&e, "body", T(r->lang, "Write a few sentences: at "
		    "least 10 and at most 1,000 characters."));
		api_form_problem(r, 422, &e);
		return;
	}
	api_send(r, 201, json_pack("{s:I, s:I, s:s}", "appeal_id",
	    (json_int_t)id, "post_id", (json_int_t)post, "state", "open"));
}

/* POST /api/v1/threads/:id/escalate: body, as /t/:id/escalate. */
void
api_thread_escalate(struct req *r)
{
	struct support_outcome	 res;
	const char		*body = r->f[F_SUP_BODY].present ?
				    r->f[F_SUP_BODY].s : "";
	int			 rc;

	if ((rc = support_escalate_apply(r, body, &res)) == -1)
		return;
	if (rc == 1) {
		refused(r, &res);
		return;
	}
	api_send(r, 201, json_pack("{s:I, s:I, s:b, s:s}", "case_id",
	    (json_int_t)res.case_id, "thread_id",
	    (json_int_t)qa_param_id(r->param[0]), "masked", res.masked, "url",
	    arena_printf(r->a, "/support/%lld", (long long)res.case_id)));
}

/* POST /api/v1/support/:id/replies: body, as /support/:id/reply. */
void
api_support_reply(struct req *r)
{
	struct support_outcome	 res;
	struct support_case	*c;
	const char		*body = r->f[F_SUP_BODY].present ?
				    r->f[F_SUP_BODY].s : "";
	int			 rc;

	if ((rc = support_reply_apply(r, body, &c, &res)) == -1)
		return;
	if (rc == 1) {
		refused(r, &res);
		return;
	}
	api_send(r, 201, json_pack("{s:I, s:b, s:s}", "case_id",
	    (json_int_t)c->id, "masked", res.masked, "url",
	    arena_printf(r->a, "/support/%lld", (long long)c->id)));
}

/* POST /api/v1/support/:id/state: action resolve or reopen (staff). */
void
api_support_state(struct req *r)
{
	struct support_outcome	 res;
	struct support_case	*c;
	int			 resolve;

	if (support_state_apply(r, &c, &res) == -1)
		return;
	resolve = strcmp(r->f[F_SUPS_ACTION].s, "resolve") == 0;
	api_send(r, 200, json_pack("{s:I, s:s, s:b}", "case_id",
	    (json_int_t)c->id, "state", resolve ? "resolved" : "open",
	    "changed", res.changed));
}

/* POST /api/v1/staff/desk/claim: thread, action, assignee (staff). */
void
api_desk_claim(struct req *r)
{
	struct support_outcome	res;

	if (desk_claim_apply(r, &res) == -1)
		return;
	api_send(r, 200, json_pack("{s:I, s:s, s:b}", "thread_id",
	    (json_int_t)r->f[F_CLAIM_THREAD].i, "action",
	    r->f[F_CLAIM_ACTION].s, "changed", res.changed));
}
