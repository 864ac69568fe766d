/* pages/adminmembers.c: the admin console: suspend and restore a member. */
/*
 * /admin/members/:id/suspension shows a member's account state and one
 * form: suspend (a reason the member is told, 1 to 3650 days) when the
 * account is not suspended, else restore (a reason for the audit log).
 * Each form is sent twice: the first POST checks it and answers a
 * confirmation page that says what will happen (the values carried in
 * hidden fields); the second, with confirm=1, does it.  A refused form
 * comes back with the errors at the fields and what was typed (422).
 *
 * The change is store_admin_suspend's (store/admin.c): one transaction
 * that checks the actor is an administrator now, sets the suspension,
 * ends every session of the account (a suspended member is signed out
 * at once, on every instance: sessions live in PostgreSQL) and appends
 * the audit_log row.  The routes need ROLE_ADMIN, CSRF and a fresh
 * second factor (R_FRESH2FA).  Nothing strangers see changes (the
 * member's posts stay), so no page cache key is dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "pages/admin.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

#define SUSP_REASON_MAX_CP	300
#define SUSP_DAYS_MAX		3650

struct susp_view {
	struct admin_susp	*m;
	const char		*reason;	/* as typed */
	const char		*days;		/* as typed */
	int			 ndays;		/* checked */
	int			 confirm;	/* the confirmation page */
	const char		*notice;
	struct form_errs	 e;
};

static int64_t	 member_id(struct req *);
static const char *str_field(struct req *, int);
static void	 state_line(struct html *, struct req *,
		    const struct admin_susp *);
static void	 susp_main(struct html *, struct req *, void *);
static void	 susp_page(struct req *, int, struct susp_view *);
static int	 susp_load(struct req *, struct susp_view *);
static int	 susp_read(struct req *, struct susp_view *, int suspend,
		    const char *, const char *);
static void	 susp_act(struct req *, int suspend);

static int64_t
member_id(struct req *r)
{
	char		*end;
	long long	 v;

	if (r->param[0] == NULL || r->param[0][0] < '1' ||
	    r->param[0][0] > '9')
		return 0;
	v = strtoll(r->param[0], &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

static const char *
str_field(struct req *r, int i)
{
	return r->f[i].present ? r->f[i].s : "";
}

/* "Suspended until DATE: reason" or "Not suspended", and the sessions. */
static void
state_line(struct html *w, struct req *r, const struct admin_susp *m)
{
	enum lang	l = r->lang;

	html_lit(w, "<dl class=\"admin-susp\"><dt>");
	html_text(w, T(l, "Member"));
	html_lit(w, "</dt><dd><a href=\"/u/");
	html_int(w, m->id);
	html_lit(w, "\">");
	html_text(w, m->display_name);
	html_lit(w, "</a> <span class=\"muted\">@");
	html_text(w, m->username);
	html_lit(w, "</span></dd><dt>");
	html_text(w, T(l, "Suspension"));
	html_lit(w, "</dt><dd>");
	if (!m->suspended) {
		html_text(w, T(l, "Not suspended"));
	} else if (m->until == -1) {
		html_text(w, T(l, "Suspended indefinitely"));
	} else {
		html_text(w, T(l, "Suspended until"));
		html_lit(w, " ");
		widget_time(w, l, m->until);
	}
	if (m->suspended && m->reason[0] != '\0') {
		html_lit(w, "</dd><dt>");
		html_text(w, T(l, "Reason the member was told"));
		html_lit(w, "</dt><dd>");
		html_text(w, m->reason);
	}
	html_lit(w, "</dd><dt>");
	html_text(w, T(l, "Signed-in sessions"));
	html_lit(w, "</dt><dd>");
	html_int(w, m->sessions);
	html_lit(w, "</dd></dl>\n");
}

static void
susp_main(struct html *w, struct req *r, void *arg)
{
	struct susp_view	*v = arg;
	struct admin_susp	*m = v->m;
	enum lang		 l = r->lang;
	int			 suspend = !m->suspended;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin\">");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</a> &rsaquo; <a href=\"/admin/members?q=");
	html_url(w, m->username);
	html_lit(w, "\">");
	html_text(w, T(l, "Members"));
	html_lit(w, "</a></p><h1>");
	html_text(w, suspend ? T(l, "Suspend a member") :
	    T(l, "Restore a member"));
	html_lit(w, "</h1>\n");
	if (v->notice != NULL) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, v->notice);
		html_lit(w, "</p>\n");
	}
	form_errors(w, l, &v->e);
	state_line(w, r, m);
	if (m->role == ROLE_ADMIN) {
		html_lit(w, "<p>");
		html_text(w, T(l, "An administrator is not suspended: another "
		    "administrator changes the role first."));
		html_lit(w, "</p></section>\n");
		return;
	}
	if (r->sess != NULL && m->id == r->sess->user_id) {
		html_lit(w, "</section>\n");
		return;
	}
	html_lit(w, "<form method=\"post\" action=\"/admin/members/");
	html_int(w, m->id);
	if (suspend)
		html_lit(w, "/suspend\"");
	else
		html_lit(w, "/restore\"");
	html_lit(w, " class=\"stack narrow mod-danger\">");
	layout_csrf(w, r);
	if (v->confirm) {
		html_lit(w, "<div class=\"confirm\" role=\"alert\"><p>");
		if (suspend) {
			html_text(w, T(l, "Suspend this account for this many "
			    "days:"));
			html_lit(w, " ");
			html_int(w, v->ndays);
			html_lit(w, "</p><p>");
			html_text(w, T(l, "Every session of the account ends "
			    "now and the member cannot sign in until the "
			    "suspension ends or is lifted. The member is told "
			    "this reason:"));
		} else {
			html_text(w, T(l, "Lift the suspension now: the member "
			    "can sign in again. The audit log keeps this "
			    "reason:"));
		}
		html_lit(w, "</p><blockquote>");
		html_text(w, v->reason);
		html_lit(w, "</blockquote></div><input type=\"hidden\" "
		    "name=\"reason\" value=\"");
		html_attr(w, v->reason);
		html_lit(w, "\">");
		if (suspend) {
			html_lit(w, "<input type=\"hidden\" name=\"days\" "
			    "value=\"");
			html_int(w, v->ndays);
			html_lit(w, "\">");
		}
		html_lit(w, "<input type=\"hidden\" name=\"confirm\" "
		    "value=\"1\"><p><button class=\"button\" "
		    "type=\"submit\">");
		html_text(w, suspend ? T(l, "Confirm the suspension") :
		    T(l, "Confirm the restore"));
		html_lit(w, "</button> <a href=\"/admin/members/");
		html_int(w, m->id);
		html_lit(w, "/suspension\">");
		html_text(w, T(l, "Cancel"));
		html_lit(w, "</a></p></form></section>\n");
		return;
	}
	if (suspend) {
		form_input(w, "reason", T(l, "Reason the member is told"),
		    "text", v->reason, "off", T(l, "At most 300 characters; "
		    "shown to the member when they try to sign in."), &v->e,
		    1);
		form_input(w, "days", T(l, "Suspension (days)"), "text",
		    v->days, "off", T(l, "A whole number from 1 to 3650."),
		    &v->e, 1);
	} else {
		form_input(w, "reason", T(l, "Reason for the audit log"),
		    "text", v->reason, "off", T(l, "At most 300 characters."),
		    &v->e, 1);
	}
	html_lit(w, "<p><button class=\"button\" type=\"submit\">");
	html_text(w, suspend ? T(l, "Suspend") : T(l, "Restore"));
	html_lit(w, "</button></p></form></section>\n");
}

static void
susp_page(struct req *r, int status, struct susp_view *v)
{
	r->resp.no_cache = 1;
	layout_page(r, status, !v->m->suspended ? T(r->lang,
	    "Suspend a member") : T(r->lang, "Restore a member"), susp_main,
	    v);
}

/* Reads the member of the path into v; 0, or 1 when answered/failed. */
static int
susp_load(struct req *r, struct susp_view *v)
{
	int64_t	id = member_id(r);

	memset(v, 0, sizeof(*v));
	v->reason = "";
	v->days = "";
	if (id != 0 && store_admin_suspension(r->w->db, r->a, id, &v->m) ==
	    -1)
		return 1;
	if (v->m == NULL) {
		reply_error(r, 404, T(r->lang, "There is no such member."));
		return 1;
	}
	return 0;
}

/* Reads and checks the form into v; the number of errors. */
static int
susp_read(struct req *r, struct susp_view *v, int suspend, const char *reason,
    const char *days)
{
	enum lang	 l = r->lang;
	const char	*s;
	char		*end;
	long		 d;

	v->reason = reason;
	v->days = days;
	s = v->reason;
	while (*s == ' ')
		s++;
	if (*s == '\0')
		form_err(&v->e, "reason", suspend ? T(l, "Enter the reason "
		    "the member is told.") : T(l, "Enter a reason for the "
		    "audit log."));
	else if (utf8_count(v->reason, strlen(v->reason)) >
	    SUSP_REASON_MAX_CP)
		form_err(&v->e, "reason", T(l, "The reason may be at most 300 "
		    "characters long."));
	if (suspend) {
		d = strtol(v->days, &end, 10);
		if (v->days[0] < '0' || v->days[0] > '9' || *end != '\0' ||
		    d < 1 || d > SUSP_DAYS_MAX)
			form_err(&v->e, "days", T(l, "Enter the number of days "
			    "as a whole number from 1 to 3650."));
		else
			v->ndays = (int)d;
	}
	return (int)v->e.n;
}

void
page_admin_member_suspension(struct req *r)
{
	struct susp_view	v;

	if (susp_load(r, &v))
		return;
	if (r->f[F_ADMIN_SUSPV_DONE].present)
		v.notice = r->f[F_ADMIN_SUSPV_DONE].i == 0 ?
		    T(r->lang, "The member is suspended; every session of the "
		    "account was signed out.") : T(r->lang, "The suspension "
		    "is lifted; the member can sign in again.");
	susp_page(r, 200, &v);
}

/*
 * Checks and, when confirm, makes the suspension (suspend) or the
 * restoration of member m with reason and days as typed.  Returns 0 when
 * done; 200 when it is fine but not confirmed (*ndays the checked days);
 * 409 or 422 with the errors in e; -1 after replying (403, 404) or when
 * the store failed.  The page and the API (api/admin.c) call it.
 */
int
admin_susp_apply(struct req *r, const struct admin_susp *m, int suspend,
    const char *reason, const char *days, int confirm, int *ndays,
    struct form_errs *e)
{
	struct susp_view	 v;
	int			 rc;

	memset(&v, 0, sizeof(v));
	*ndays = 0;
	if (suspend != !m->suspended) {
		/* the state changed since the form was shown */
		form_err(e, NULL, suspend ? T(r->lang, "This member is "
		    "suspended already.") : T(r->lang, "This member is not "
		    "suspended."));
		return 409;
	}
	v.e = *e;
	if (susp_read(r, &v, suspend, reason, days) > 0) {
		*e = v.e;
		return 422;
	}
	*ndays = v.ndays;
	if (!confirm)
		return 200;
	rc = store_admin_suspend(r->w->db, r->a, r->sess->user_id, m->id,
	    suspend ? v.ndays : 0, reason);
	switch (rc) {
	case -1:
		return -1;
	case ADMIN_OK:
		return 0;
	case ADMIN_FORBIDDEN:
		reply_error(r, 403, T(r->lang, "Only an administrator may "
		    "change this."));
		return -1;
	case ADMIN_NOT_FOUND:
		reply_error(r, 404, T(r->lang, "There is no such member."));
		return -1;
	case ADMIN_SELF:
		form_err(e, NULL, T(r->lang, "An administrator's own "
		    "account is not suspended from the console."));
		break;
	case ADMIN_PROTECTED:
		form_err(e, NULL, T(r->lang, "An administrator is not "
		    "suspended: another administrator changes the role "
		    "first."));
		break;
	default:
		form_err(e, NULL, T(r->lang, "This member is not "
		    "suspended."));
		break;
	}
	return 409;
}

static void
susp_act(struct req *r, int suspend)
{
	struct susp_view	 v;
	int			 rc;

	if (susp_load(r, &v))
		return;
	v.reason = str_field(r, F_ADMIN_SUSP_REASON);
	v.days = str_field(r, F_ADMIN_SUSP_DAYS);
	rc = admin_susp_apply(r, v.m, suspend, v.reason, v.days,
	    r->f[F_ADMIN_SUSP_CONFIRM].i != 0, &v.ndays, &v.e);
	switch (rc) {
	case -1:
		return;
	case 0:
		reply_redirect(r, arena_printf(r->a, "/admin/members/%lld/"
		    "suspension?done=%s", (long long)v.m->id, suspend ?
		    "suspended" : "restored"));
		return;
	case 200:
		v.confirm = 1;
		susp_page(r, 200, &v);
		return;
	default:
		susp_page(r, rc, &v);
		return;
	}
}

void
page_admin_member_suspend(struct req *r)
{
	susp_act(r, 1);
}

void
page_admin_member_restore(struct req *r)
{
	susp_act(r, 0);
}
