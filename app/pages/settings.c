/*
 * pages/settings.c: one's own account: display name and language,
 * password change (asks the old one; signs out the other sessions),
 * two-step verification (set up with a QR code, recovery codes, turn
 * off for users), and the sessions list with "sign out everywhere".
 */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "acct/acct.h"
#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "mail/mail.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/qr.h"
#include "view/widgets.h"

#define ISSUER	"sodan"

struct settings_view {
	struct user		*u;
	const char		*display_name;	/* as typed, when refused */
	const char		*notice;	/* translated, or NULL */
	int			 level;
	int64_t			 codes_left;
	struct mail_user	 mu;		/* the address and whether confirmed */
	const char		*email;		/* as typed, when refused */
	struct form_errs	 e;
	struct oidc_link_row	*oidc;		/* the exchange account linked */
	size_t			 noidc;
};

struct tfa_view {
	struct user		*u;
	const char		*secret;	/* set-up: the pending secret */
	int64_t			 codes_left;
	struct form_errs	 e;
};

struct sessions_view {
	struct session_row	*s;
	size_t			 n;
};

static void	settings_main(struct html *, struct req *, void *);
static void	tfa_main(struct html *, struct req *, void *);
static void	sessions_main(struct html *, struct req *, void *);
static int	load_me(struct req *, struct user **);
static void	show_settings(struct req *, struct settings_view *, int);
static int	tfa_password_ok(struct req *, struct tfa_view *, const char *);

/* The signed-in user's row; answers 503 and returns -1 on failure. */
static int
load_me(struct req *r, struct user **u)
{
	if (store_user_by_id(r->w->db, r->a, r->sess->user_id, u) == -1 ||
	    *u == NULL) {
		reply_error(r, 503, NULL);
		return -1;
	}
	return 0;
}

static void
settings_main(struct html *w, struct req *r, void *arg)
{
	struct settings_view	*v = arg;
	enum lang		 l = r->lang;
	enum role		 role = v->u->role;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Account settings"));
	html_lit(w, "</h1>\n");
	if (v->notice != NULL) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, v->notice);
		html_lit(w, "</p>\n");
	}
	form_errors(w, l, &v->e);
	html_lit(w, "<p>");
	widget_user(w, l, v->u->display_name, role, v->u->id);
	html_lit(w, " <span class=\"muted\">@");
	html_text(w, v->u->username);
	html_lit(w, "</span> &middot; ");
	html_text(w, T(l, "Trust level"));
	html_lit(w, " ");
	html_int(w, v->level);
	html_lit(w, "</p>\n");

	html_lit(w, "<section aria-labelledby=\"profile-h\"><h2 "
	    "id=\"profile-h\">");
	html_text(w, T(l, "Profile"));
	html_lit(w, "</h2><form method=\"post\" action=\"/settings/profile\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	form_input(w, "display_name", T(l, "Display name"), "text",
	    v->display_name ? v->display_name : v->u->display_name,
	    "nickname", NULL, &v->e, 1);
	html_lit(w, "<div class=\"field\"><label for=\"lang\">");
	html_text(w, T(l, "Language"));
	html_lit(w, "</label><select id=\"lang\" name=\"lang\">"
	    "<option value=\"ja\"");
	if (strcmp(v->u->lang, "ja") == 0)
		html_lit(w, " selected");
	html_lit(w, " lang=\"ja\">日本語</option><option value=\"en\"");
	if (strcmp(v->u->lang, "en") == 0)
		html_lit(w, " selected");
	html_lit(w, " lang=\"en\">English</option></select></div>"
	    "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Save profile"));
	html_lit(w, "</button></form></section>\n");

	html_lit(w, "<section aria-labelledby=\"email-h\"><h2 "
	    "id=\"email-h\">");
	html_text(w, T(l, "E-mail address"));
	html_lit(w, "</h2><p>");
	if (v->mu.email != NULL && v->mu.email[0] != '\0') {
		html_text(w, v->mu.email);
		html_lit(w, " &middot; ");
		html_text(w, v->mu.verified ? T(l, "confirmed") : T(l,
		    "not confirmed yet: open the link we sent to it"));
	} else
		html_text(w, T(l, "None. With a confirmed address you can set "
		    "a new password when you forget yours."));
	html_lit(w, "</p><form method=\"post\" action=\"/settings/email\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	form_input(w, "email", T(l, "New e-mail address"), "email",
	    v->email, "email", T(l, "We send a link to confirm it, and tell "
	    "the old address."), &v->e, 0);
	form_input(w, "current_password", T(l, "Current password"),
	    "password", NULL, "current-password", NULL, &v->e, 1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Change e-mail address"));
	html_lit(w, "</button></form></section>\n");

	html_lit(w, "<section aria-labelledby=\"pw-h\"><h2 id=\"pw-h\">");
	html_text(w, T(l, "Password"));
	html_lit(w, "</h2><form method=\"post\" action=\"/settings/password\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	form_input(w, "old_password", T(l, "Current password"), "password",
	    NULL, "current-password", NULL, &v->e, 1);
	form_input(w, "password", T(l, "New password"), "password", NULL,
	    "new-password", T(l, "At least 10 characters. Your other "
	    "sessions are signed out."), &v->e, 1);
	form_input(w, "password2", T(l, "New password again"), "password",
	    NULL, "new-password", NULL, &v->e, 1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Change password"));
	html_lit(w, "</button></form></section>\n");

	html_lit(w, "<section aria-labelledby=\"tfa-h\"><h2 id=\"tfa-h\">");
	html_text(w, T(l, "Two-step verification"));
	html_lit(w, "</h2><p>");
	if (v->u->totp_secret[0] != '\0') {
		html_text(w, T(l, "On. Recovery codes left:"));
		html_lit(w, " ");
		html_int(w, v->codes_left);
	} else
		html_text(w, acct_role_needs_2fa(role) ? T(l, "Required for "
		    "your role, and not set up yet.") : T(l, "Off. Turn it "
		    "on so that a stolen password is not enough to sign in."));
	html_lit(w, "</p><p><a href=\"/settings/2fa\">");
	html_text(w, T(l, "Manage two-step verification"));
	html_lit(w, "</a></p></section>\n");

	html_lit(w, "<section aria-labelledby=\"notify-h\"><h2 "
	    "id=\"notify-h\">");
	html_text(w, T(l, "Notifications"));
	html_lit(w, "</h2><p><a href=\"/settings/notifications\">");
	html_text(w, T(l, "Notification mail"));
	html_lit(w, "</a> &middot; <a href=\"/watching\">");
	html_text(w, T(l, "What I follow"));
	html_lit(w, "</a></p></section>\n");

	oidc_settings_html(w, r, v->oidc, v->noidc,
	    v->u->password_hash[0] != '\0');

	html_lit(w, "<section aria-labelledby=\"sess-h\"><h2 id=\"sess-h\">");
	html_text(w, T(l, "Sessions"));
	html_lit(w, "</h2><p><a href=\"/settings/sessions\">");
	html_text(w, T(l, "Where you are signed in"));
	html_lit(w, "</a> &middot; <a href=\"/settings/tokens\">");
	html_text(w, T(l, "Access tokens"));
	html_lit(w, "</a></p></section>\n");
}

static void
show_settings(struct req *r, struct settings_view *v, int status)
{
	if (store_recovery_left(r->w->db, v->u->id, &v->codes_left) == -1 ||
	    store_mail_user(r->w->db, r->a, v->u->id, &v->mu) == -1 ||
	    oidc_settings_load(r, v->u->id, &v->oidc, &v->noidc) == -1 ||
	    account_trust_refresh(r, v->u->id, &v->level) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, status, T(r->lang, "Account settings"), settings_main,
	    v);
}

void
page_settings(struct req *r)
{
	struct settings_view	v;

	memset(&v, 0, sizeof(v));
	if (load_me(r, &v.u) == -1)
		return;
	if (r->f[F_SET_WELCOME].present)
		v.notice = T(r->lang, "Welcome! Your account is ready.");
	else if (r->f[F_SET_DONE].present)
		v.notice = T(r->lang, "Saved.");
	show_settings(r, &v, 200);
}

void
page_settings_profile(struct req *r)
{
	struct settings_view	 v;
	const char		*disp;
	int			 rc;

	memset(&v, 0, sizeof(v));
	if ((rc = settings_profile_apply(r, &v.u, &disp, &v.e)) == -1)
		return;
	if (rc == 1) {
		v.display_name = r->f[F_PROF_DISPLAY].s;
		show_settings(r, &v, 400);
		return;
	}
	reply_cookie(r, "lang", r->f[F_PROF_LANG].s, 365L * 24 * 3600);
	reply_redirect(r, "/settings?done=1");
}

int
settings_profile_apply(struct req *r, struct user **u, const char **disp,
    struct form_errs *e)
{
	if (load_me(r, u) == -1)
		return -1;
	*disp = account_check_display(r, r->f[F_PROF_DISPLAY].s, e,
	    (*u)->role);
	if (*disp == NULL)
		return 1;
	if (store_user_set_profile(r->w->db, (*u)->id, *disp,
	    r->f[F_PROF_LANG].s) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	/* The display name shows on every cached page that names the user. */
	if (strcmp(*disp, (*u)->display_name) != 0)
		pcache_invalidate(r->w->cache);
	return 0;
}

void
page_settings_password(struct req *r)
{
	struct settings_view	 v;
	const char		*pw = r->f[F_PW_NEW].s;
	const char		*msg;
	char			 hash[ACCT_HASH_MAX];
	enum acct_pw_err	 pe;
	int			 ok, status;

	memset(&v, 0, sizeof(v));
	if (load_me(r, &v.u) == -1)
		return;
	if ((ok = account_current_password(r, v.u, r->f[F_PW_OLD].s, &msg,
	    &status)) == -1)
		return;
	if (!ok)
		form_err(&v.e, "old_password", msg);
	else if ((pe = acct_password_check(pw, v.u->username)) != ACCT_PW_OK)
		form_err(&v.e, "password", i18n_get(r->lang,
		    acct_password_msg(pe)));
	else if (strcmp(pw, r->f[F_PW_NEW2].s) != 0)
		form_err(&v.e, "password2", T(r->lang, "The two passwords are "
		    "not the same."));
	if (v.e.n > 0) {
		show_settings(r, &v, ok ? 400 : status);
		return;
	}
	if (acct_password_hash(pw, hash) == -1 ||
	    store_user_change_password(r->w->db, v.u->id, hash) == -1 ||
	    store_sessions_delete(r->w->db, v.u->id, r->sess->id) == -1)
		return;
	sodium_memzero(hash, sizeof(hash));
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)v.u->id), "password-change", v.u->id, v.u->username,
	    "other sessions signed out");
	reply_redirect(r, "/settings?done=1");
}

void
page_settings_email(struct req *r)
{
	struct settings_view	 v;
	const char		*msg;
	int			 ok, status, rc;

	memset(&v, 0, sizeof(v));
	if (load_me(r, &v.u) == -1)
		return;
	v.email = r->f[F_EMAIL_EMAIL].s;
	if ((ok = account_current_password(r, v.u, r->f[F_EMAIL_PW].s, &msg,
	    &status)) == -1)
		return;
	if (!ok) {
		form_err(&v.e, "current_password", msg);
		show_settings(r, &v, status);
		return;
	}
	if ((rc = recover_set_email(r, v.u, v.email, &msg)) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (rc == 0) {
		form_err(&v.e, "email", msg);
		show_settings(r, &v, 400);
		return;
	}
	reply_redirect(r, "/settings?done=1");
}

/* ---- two-step verification ---- */

static void
tfa_main(struct html *w, struct req *r, void *arg)
{
	struct tfa_view	*v = arg;
	enum lang	 l = r->lang;
	int		 required = acct_role_needs_2fa(v->u->role);

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Two-step verification"));
	html_lit(w, "</h1>\n");
	form_errors(w, l, &v->e);
	if (v->secret != NULL) {
		html_lit(w, "<p>");
		html_text(w, T(l, "Scan this code with an authenticator app, "
		    "then enter the 6-digit code it shows."));
		html_lit(w, "</p>\n<figure class=\"qr-box\">");
		(void)qr_svg(w, acct_totp_uri(r->a, ISSUER, v->u->username,
		    v->secret), T(l, "QR code for your authenticator app"));
		html_lit(w, "<figcaption>");
		html_text(w, T(l, "Cannot scan? Enter this key by hand:"));
		html_lit(w, " <code class=\"totp-secret\">");
		html_text(w, v->secret);
		html_lit(w, "</code></figcaption></figure>\n<form method=\"post\" "
		    "action=\"/settings/2fa\" class=\"stack\">");
		layout_csrf(w, r);
		form_input_code(w, "code", T(l, "6-digit code"), &v->e);
		form_input(w, "password", T(l, "Current password"),
		    "password", NULL, "current-password", NULL, &v->e, 1);
		html_lit(w, "<button type=\"submit\" class=\"button\">");
		html_text(w, T(l, "Turn on"));
		html_lit(w, "</button></form></section>\n");
		return;
	}
	html_lit(w, "<p>");
	html_text(w, T(l, "Two-step verification is on. Recovery codes "
	    "left:"));
	html_lit(w, " ");
	html_int(w, v->codes_left);
	html_lit(w, "</p>\n<h2>");
	html_text(w, T(l, "New recovery codes"));
	html_lit(w, "</h2><form method=\"post\" action=\"/settings/2fa/recovery\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	form_input(w, "password", T(l, "Current password"), "password", NULL,
	    "current-password", T(l, "The old codes stop working."), &v->e,
	    1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Make new recovery codes"));
	html_lit(w, "</button></form>\n");
	if (!required) {
		html_lit(w, "<h2>");
		html_text(w, T(l, "Turn off"));
		html_lit(w, "</h2><form method=\"post\" "
		    "action=\"/settings/2fa/off\" class=\"stack\">");
		layout_csrf(w, r);
		form_input(w, "password", T(l, "Current password"), "password",
		    NULL, "current-password", NULL, &v->e, 1);
		html_lit(w, "<button type=\"submit\" class=\"button danger\">");
		html_text(w, T(l, "Turn off two-step verification"));
		html_lit(w, "</button></form>\n");
	} else {
		html_lit(w, "<p class=\"hint\">");
		html_text(w, T(l, "Your role requires two-step verification, "
		    "so it cannot be turned off."));
		html_lit(w, "</p>");
	}
	html_lit(w, "</section>\n");
}

void
page_tfa(struct req *r)
{
	struct tfa_view	v;

	memset(&v, 0, sizeof(v));
	if (load_me(r, &v.u) == -1)
		return;
	if (v.u->totp_secret[0] == '\0') {
		if (account_new_pending(r, v.u, &v.secret) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
	} else if (store_recovery_left(r->w->db, v.u->id,
	    &v.codes_left) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Two-step verification"), tfa_main, &v);
}

void
page_tfa_enable(struct req *r)
{
	struct tfa_view		v;
	struct recovery_view	rv;
	const char		*pending;
	int64_t			step;
	int			ok = 0;

	memset(&v, 0, sizeof(v));
	if (load_me(r, &v.u) == -1)
		return;
	if (v.u->totp_secret[0] != '\0') {
		reply_redirect(r, "/settings/2fa");
		return;
	}
	/* A stolen session alone must not enrol its own authenticator. */
	pending = v.u->totp_pending[0] != '\0' ? account_unseal(r,
	    v.u->totp_pending) : NULL;
	v.secret = pending;
	if (v.secret != NULL && !tfa_password_ok(r, &v,
	    r->f[F_TFA_ON_PW].s))
		return;
	step = pending != NULL ? acct_totp_verify(pending,
	    r->f[F_TFA_ON_CODE].s, time(NULL), 0) : -1;
	if (step > 0 && store_user_enable_totp(r->w->db, v.u->id, step,
	    &ok) == -1)
		return;
	if (!ok) {
		v.secret = pending;
		if (pending == NULL && account_new_pending(r, v.u,
		    &v.secret) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
		form_err(&v.e, "code", T(r->lang, "That code is not valid. "
		    "Check the time on your phone and try the newest code."));
		layout_page(r, 400, T(r->lang, "Two-step verification"),
		    tfa_main, &v);
		return;
	}
	memset(&rv, 0, sizeof(rv));
	rv.next = "/settings";
	if (account_new_recovery(r, v.u->id, &rv) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)v.u->id), "2fa-enable", v.u->id, v.u->username, "");
	(void)mail_enqueue(r->w->db, r->a, v.u->id, NULL, MAIL_2FA_CHANGED,
	    NULL);
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Your recovery codes"),
	    account_recovery_main, &rv);
}

/*
 * The current password that a change of two-step verification asks for
 * (account_current_password: counted and locked like sign-ins): 1 when it
 * is right; else 0, with the reply made (503, 429, or the page again with
 * the error and a 400).
 */
static int
tfa_password_ok(struct req *r, struct tfa_view *v, const char *typed)
{
	const char	*msg;
	int		 ok, status;

	if ((ok = account_current_password(r, v->u, typed, &msg,
	    &status)) == -1)
		return 0;
	if (!ok) {
		(void)store_recovery_left(r->w->db, v->u->id, &v->codes_left);
		form_err(&v->e, "password", msg);
		layout_page(r, status, T(r->lang, "Two-step verification"),
		    tfa_main, v);
		return 0;
	}
	return 1;
}

void
page_tfa_recovery(struct req *r)
{
	struct tfa_view		v;
	struct recovery_view	rv;

	memset(&v, 0, sizeof(v));
	if (load_me(r, &v.u) == -1)
		return;
	if (v.u->totp_secret[0] == '\0') {
		reply_redirect(r, "/settings/2fa");
		return;
	}
	if (!tfa_password_ok(r, &v, r->f[F_TFA_PW].s))
		return;
	memset(&rv, 0, sizeof(rv));
	rv.next = "/settings/2fa";
	if (account_new_recovery(r, v.u->id, &rv) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Your recovery codes"),
	    account_recovery_main, &rv);
}

void
page_tfa_off(struct req *r)
{
	struct tfa_view	v;
	char		*none[1] = { NULL };

	memset(&v, 0, sizeof(v));
	if (load_me(r, &v.u) == -1)
		return;
	if (acct_role_needs_2fa(v.u->role)) {
		reply_error(r, 403, T(r->lang, "Your role requires two-step "
		    "verification, so it cannot be turned off."));
		return;
	}
	if (!tfa_password_ok(r, &v, r->f[F_TFA_PW].s))
		return;
	if (store_user_set_totp(r->w->db, v.u->id, NULL) == -1 ||
	    store_recovery_set(r->w->db, v.u->id, none, 0) == -1)
		return;
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)v.u->id), "2fa-disable", v.u->id, v.u->username, "");
	(void)mail_enqueue(r->w->db, r->a, v.u->id, NULL, MAIL_2FA_CHANGED,
	    NULL);
	reply_redirect(r, "/settings?done=1");
}

/* ---- sessions ---- */

static void
sessions_main(struct html *w, struct req *r, void *arg)
{
	struct sessions_view	*v = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Where you are signed in"));
	html_lit(w, "</h1>\n<table class=\"sessions\"><thead><tr><th scope=\"col\">");
	html_text(w, T(l, "Browser"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Address"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Signed in"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Last active"));
	html_lit(w, "</th><th scope=\"col\"><span class=\"visually-hidden\">");
	html_text(w, T(l, "Actions"));
	html_lit(w, "</span></th></tr></thead><tbody>\n");
	for (i = 0; i < v->n; i++) {
		html_lit(w, "<tr class=\"session-row\"><td>");
		html_text(w, v->s[i].user_agent[0] ? v->s[i].user_agent :
		    T(l, "Unknown"));
		if (v->s[i].id == r->sess->id) {
			html_lit(w, " <strong>");
			html_text(w, T(l, "This device"));
			html_lit(w, "</strong>");
		}
		html_lit(w, "</td><td>");
		html_text(w, v->s[i].ip);
		html_lit(w, "</td><td>");
		widget_time(w, l, v->s[i].created);
		html_lit(w, "</td><td>");
		widget_time(w, l, v->s[i].last_seen);
		html_lit(w, "</td><td><form method=\"post\" "
		    "action=\"/settings/sessions/");
		html_int(w, v->s[i].id);
		html_lit(w, "/revoke\">");
		layout_csrf(w, r);
		html_lit(w, "<button type=\"submit\">");
		html_text(w, T(l, "Sign out"));
		html_lit(w, "</button></form></td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n<form method=\"post\" "
	    "action=\"/settings/sessions/revoke-all\">");
	layout_csrf(w, r);
	html_lit(w, "<button type=\"submit\" class=\"button danger\" "
	    "data-confirm=\"");
	html_attr(w, T(l, "Sign out of every session, this one included?"));
	html_lit(w, "\">");
	html_text(w, T(l, "Sign out everywhere"));
	html_lit(w, "</button></form><p class=\"hint\">");
	html_text(w, T(l, "Sessions end after 7 days without use, and 30 days "
	    "after signing in at the latest."));
	html_lit(w, "</p>\n");
}

void
page_sessions(struct req *r)
{
	struct sessions_view	v;

	memset(&v, 0, sizeof(v));
	if (store_sessions_by_user(r->w->db, r->a, r->sess->user_id, &v.s,
	    &v.n) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Where you are signed in"),
	    sessions_main, &v);
}

void
page_session_revoke(struct req *r)
{
	int64_t	id = strtoll(r->param[0], NULL, 10);

	if (id <= 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_session_delete(r->w->db, id, r->sess->user_id) == -1)
		return;
	if (id == r->sess->id) {
		account_session_clear(r);
		reply_redirect(r, "/");
		return;
	}
	reply_redirect(r, "/settings/sessions");
}

void
page_sessions_revoke_all(struct req *r)
{
	if (store_sessions_delete(r->w->db, r->sess->user_id, 0) == -1)
		return;
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)r->sess->user_id), "sign-out-everywhere",
	    r->sess->user_id, r->sess->username, "");
	account_session_clear(r);
	reply_redirect(r, "/login");
}
