/*
 * pages/oidc.c: sign in with the exchange's account (OpenID Connect,
 * authorization code with PKCE): start, callback, a new account from an
 * identity, linking one to an account, unlinking.
 *
 * The start keeps state, nonce and PKCE verifier in a sealed cookie
 * (acct/seal.h) that lives ten minutes and is bound to nothing else, so
 * no row is written for a sign-in that is never finished; the callback
 * needs the same browser (SameSite=Lax cookies travel on the provider's
 * top-level redirect back).  The code is exchanged and the ID token
 * checked by oidc/ on this app thread (it may block on the provider for
 * [oidc] timeout_ms; never an event loop).
 *
 * What an identity (issuer, subject) means:
 * - linked to an account: that account signs in under the same rules as
 *   after a right password (account_signin_verified: suspension, lock,
 *   and its own second factor when it has one or its role needs one);
 * - not linked, and the provider vouches for an e-mail address that an
 *   account here has confirmed: nothing is linked silently; the member
 *   signs in with that account's password once and confirms the link
 *   (/settings/oidc/confirm); the identity waits in a second sealed
 *   cookie (fifteen minutes);
 * - otherwise a new member account, with a username chosen on a form
 *   checked by the registration rules.  Roles never come from the
 *   provider: such accounts are members.
 * Unlinking needs the account to have a password, so nobody locks
 * themselves out.  Failures answer a page in the visitor's language that
 * says what to do, with a link to start again; the log names the reason
 * (never a code, a token or the client secret).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acct/acct.h"
#include "acct/seal.h"
#include "http/input.h"
#include "http/redirect.h"
#include "http/req.h"
#include "http/server.h"
#include "http/throttle.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "oidc/oidc.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

#define FLOW_COOKIE	"sodan_oidc"
#define FLOW_MAX_AGE	600
#define IDENT_COOKIE	"sodan_oidc_id"
#define IDENT_MAX_AGE	900

enum flow_mode { FLOW_LOGIN, FLOW_LINK };

struct flow {
	const char	*state;
	const char	*nonce;
	const char	*verifier;
	int64_t		 expires;
	enum flow_mode	 mode;
	int64_t		 user_id;	/* FLOW_LINK: who asked */
	const char	*next;
};

/* An identity waiting for a username or for a link. */
struct pending {
	int64_t			 expires;
	struct oidc_identity	 id;
};

struct fail_view {
	const char	*msg;		/* translated */
	int		 retry;		/* show "start again" */
};

struct new_view {
	const struct pending	*p;
	const char		*username;
	const char		*display_name;
	struct form_errs	 e;
};

struct link_view {
	const struct pending	*p;
	const char		*username;	/* signed in as, or NULL */
};

static const char *cookie_get(struct req *, const char *);
static char	*field_split(char **);
static int	 flow_read(struct req *, struct flow *);
static void	 flow_start(struct req *, enum flow_mode, const char *);
static int	 pending_read(struct req *, struct pending *);
static int	 pending_write(struct req *, const struct oidc_identity *);
static void	 fail(struct req *, int, const char *, int);
static void	 fail_main(struct html *, struct req *, void *);
static void	 new_main(struct html *, struct req *, void *);
static void	 link_main(struct html *, struct req *, void *);
static void	 confirm_main(struct html *, struct req *, void *);
static void	 who_html(struct html *, enum lang, const struct pending *);
static const char *token_msg(enum lang, enum oidc_err);

/* The value of cookie name (arena copy), or NULL. */
static const char *
cookie_get(struct req *r, const char *name)
{
	const char	*v;
	size_t		 n = 0;

	if (r->hdr.cookie == NULL || (v = input_cookie(r->hdr.cookie,
	    strlen(r->hdr.cookie), name, &n)) == NULL || n == 0 || n > 4096)
		return NULL;
	return arena_strndup(r->a, v, n);
}

/* The next '\n'-separated field of *s (cut in place), or NULL. */
static char *
field_split(char **s)
{
	char	*f = *s, *nl;

	if (f == NULL)
		return NULL;
	if ((nl = strchr(f, '\n')) != NULL) {
		*nl = '\0';
		*s = nl + 1;
	} else
		*s = NULL;
	return f;
}

/* The started sign-in of this browser: 0, or -1 (none, altered, expired). */
static int
flow_read(struct req *r, struct flow *f)
{
	const char	*c;
	char		*s, *v, *exp, *mode, *uid;

	memset(f, 0, sizeof(*f));
	if ((c = cookie_get(r, FLOW_COOKIE)) == NULL ||
	    (s = acct_unseal(r->a, c)) == NULL)
		return -1;
	v = field_split(&s);
	f->state = field_split(&s);
	f->nonce = field_split(&s);
	f->verifier = field_split(&s);
	exp = field_split(&s);
	mode = field_split(&s);
	uid = field_split(&s);
	f->next = field_split(&s);
	if (v == NULL || strcmp(v, "1") != 0 || f->next == NULL)
		return -1;
	f->expires = strtoll(exp, NULL, 10);
	f->mode = strcmp(mode, "link") == 0 ? FLOW_LINK : FLOW_LOGIN;
	f->user_id = strtoll(uid, NULL, 10);
	return 0;
}

/*
 * Starts a sign-in (or a link, for the signed-in user): the sealed flow
 * cookie, then 303 to the provider.  Provider unreachable: 502.
 */
static void
flow_start(struct req *r, enum flow_mode mode, const char *next)
{
	struct oidc_start	 st;
	const char		*sealed;
	enum oidc_err		 e;

	if (!oidc_enabled()) {
		reply_error(r, 404, NULL);
		return;
	}
	if ((e = oidc_begin(r->a, &st)) != OIDC_OK) {
		log_ratelimited("oidc-start", 60, "oidc: start: %s",
		    oidc_err_name(e));
		fail(r, 502, T(r->lang, "The exchange's sign-in service does "
		    "not answer right now. Try again in a moment, or sign in "
		    "with your password."), 1);
		return;
	}
	sealed = acct_seal(r->a, arena_printf(r->a, "1\n%s\n%s\n%s\n%lld\n"
	    "%s\n%lld\n%s", st.state, st.nonce, st.verifier,
	    (long long)time(NULL) + FLOW_MAX_AGE, mode == FLOW_LINK ? "link" :
	    "login", mode == FLOW_LINK && r->sess ? (long long)r->sess->user_id
	    : 0LL, redirect_local(r->a, next)));
	if (sealed == NULL) {
		reply_error(r, 503, NULL);
		return;
	}
	reply_cookie(r, FLOW_COOKIE, sealed, FLOW_MAX_AGE);
	reply_redirect_external(r, st.url);
}

/* The identity waiting in this browser: 0, or -1 (none or expired). */
static int
pending_read(struct req *r, struct pending *p)
{
	const char	*c;
	char		*s, *v, *exp, *ev;

	memset(p, 0, sizeof(*p));
	if ((c = cookie_get(r, IDENT_COOKIE)) == NULL ||
	    (s = acct_unseal(r->a, c)) == NULL)
		return -1;
	v = field_split(&s);
	exp = field_split(&s);
	p->id.issuer = field_split(&s);
	p->id.subject = field_split(&s);
	p->id.email = field_split(&s);
	ev = field_split(&s);
	p->id.name = field_split(&s);
	p->id.username = field_split(&s);
	if (v == NULL || strcmp(v, "1") != 0 || p->id.username == NULL)
		return -1;
	p->expires = strtoll(exp, NULL, 10);
	p->id.email_verified = strcmp(ev, "1") == 0;
	if (p->expires < (int64_t)time(NULL) ||
	    strcmp(p->id.issuer, oidc_issuer()) != 0)
		return -1;
	return 0;
}

static int
pending_write(struct req *r, const struct oidc_identity *id)
{
	const char	*sealed;

	/* oidc/ let no control character through: '\n' separates. */
	sealed = acct_seal(r->a, arena_printf(r->a, "1\n%lld\n%s\n%s\n%s\n"
	    "%d\n%s\n%s", (long long)time(NULL) + IDENT_MAX_AGE, id->issuer,
	    id->subject, id->email, id->email_verified, id->name,
	    id->username));
	if (sealed == NULL)
		return -1;
	reply_cookie(r, IDENT_COOKIE, sealed, IDENT_MAX_AGE);
	return 0;
}

/* ---- failure page ---- */

static void
fail_main(struct html *w, struct req *r, void *arg)
{
	struct fail_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Sign-in with the exchange's account did not "
	    "work"));
	html_lit(w, "</h1>\n<p class=\"notice\" role=\"alert\">");
	html_text(w, v->msg);
	html_lit(w, "</p><p>");
	if (v->retry) {
		html_lit(w, "<a class=\"button\" href=\"/login/oidc\">");
		html_text(w, T(l, "Start again"));
		html_lit(w, "</a> ");
	}
	html_lit(w, "<a href=\"/login\">");
	html_text(w, T(l, "Sign in with your password"));
	html_lit(w, "</a></p></section>\n");
}

static void
fail(struct req *r, int status, const char *msg, int retry)
{
	struct fail_view	v = { msg, retry };

	r->resp.no_cache = 1;
	layout_page(r, status, T(r->lang, "Sign-in did not work"), fail_main,
	    &v);
}

static const char *
token_msg(enum lang l, enum oidc_err e)
{
	switch (e) {
	case OIDC_E_EXPIRED:
		return T(l, "The exchange's answer has expired, or the clocks "
		    "disagree. Start again.");
	case OIDC_E_TOKEN:
		return T(l, "This sign-in was already used or took too long. "
		    "Start again.");
	default:
		return T(l, "The exchange's answer could not be verified, so "
		    "you were not signed in. Start again; if it happens "
		    "again, sign in with your password.");
	}
}

/* ---- routes ---- */

void
page_oidc_start(struct req *r)
{
	flow_start(r, FLOW_LOGIN, r->f[F_OIDC_NEXT].present ?
	    r->f[F_OIDC_NEXT].s : "/");
}

void
page_oidc_link_start(struct req *r)
{
	flow_start(r, FLOW_LINK, "/settings");
}

void
page_oidc_callback(struct req *r)
{
	struct flow		 f;
	struct oidc_identity	 id;
	struct user		*u = NULL;
	enum oidc_err		 e;
	int64_t			 uid = 0, other = 0;
	const char		*st = r->f[F_OIDC_CB_STATE].s;
	int			 linked;

	if (!oidc_enabled()) {
		reply_error(r, 404, NULL);
		return;
	}
	if (throttle_signin_ip_or_reply(r) == -1)
		return;
	if (flow_read(r, &f) == -1) {
		fail(r, 400, T(r->lang, "This sign-in was not started in this "
		    "browser, or it was started more than ten minutes ago. "
		    "Start again."), 1);
		return;
	}
	/* One use: whatever follows, this flow is over. */
	reply_cookie(r, FLOW_COOKIE, "", 0);
	if (!r->f[F_OIDC_CB_STATE].present || strlen(st) != strlen(f.state) ||
	    strcmp(st, f.state) != 0) {
		log_info("oidc: callback with a state that is not this "
		    "browser's");
		fail(r, 400, T(r->lang, "This answer from the exchange does "
		    "not belong to the sign-in started in this browser. Start "
		    "again."), 1);
		return;
	}
	if (f.expires < (int64_t)time(NULL)) {
		fail(r, 400, T(r->lang, "This sign-in was started more than "
		    "ten minutes ago. Start again."), 1);
		return;
	}
	if (r->f[F_OIDC_CB_ERROR].present) {
		fail(r, 400, strcmp(r->f[F_OIDC_CB_ERROR].s, "access_denied")
		    == 0 ? T(r->lang, "The exchange did not let this forum "
		    "know who you are (the request was declined). Nothing was "
		    "changed.") : T(r->lang, "The exchange refused the sign-in. "
		    "Start again."), 1);
		return;
	}
	if (!r->f[F_OIDC_CB_CODE].present) {
		fail(r, 400, T(r->lang, "The exchange's answer is incomplete. "
		    "Start again."), 1);
		return;
	}
	e = oidc_finish(r->a, r->f[F_OIDC_CB_CODE].s, f.verifier, f.nonce,
	    &id);
	if (e == OIDC_E_PROVIDER) {
		log_ratelimited("oidc-token", 60, "oidc: token: %s",
		    oidc_err_name(e));
		fail(r, 502, T(r->lang, "The exchange's sign-in service does "
		    "not answer right now. Try again in a moment, or sign in "
		    "with your password."), 1);
		return;
	}
	if (e != OIDC_OK) {
		log_info("oidc: ID token refused: %s", oidc_err_name(e));
		fail(r, e == OIDC_E_TOKEN || e == OIDC_E_EXPIRED ? 400 : 401,
		    token_msg(r->lang, e), 1);
		return;
	}
	if (store_oidc_user(r->w->db, id.issuer, id.subject, &uid) == -1)
		return;

	/* Linking from settings: the account that asked, still signed in. */
	if (f.mode == FLOW_LINK) {
		if (r->sess == NULL || r->sess->user_id != f.user_id) {
			fail(r, 403, T(r->lang, "Sign in to the forum account "
			    "you want to link, then link it from your "
			    "settings."), 0);
			return;
		}
		if (uid != 0 && uid != f.user_id) {
			fail(r, 409, T(r->lang, "This exchange account is "
			    "already linked to another forum account."), 0);
			return;
		}
		if (store_user_by_id(r->w->db, r->a, f.user_id, &u) == -1 ||
		    u == NULL)
			return;
		if (uid == 0 && store_oidc_link(r->w->db, u->id, u->username,
		    id.issuer, id.subject, id.email, &linked) == -1)
			return;
		if (uid == 0 && !linked) {
			fail(r, 409, T(r->lang, "Your account is already linked "
			    "to an exchange account. Unlink it first."), 0);
			return;
		}
		reply_redirect(r, "/settings?done=1");
		return;
	}

	if (uid != 0) {
		if (store_user_by_id(r->w->db, r->a, uid, &u) == -1)
			return;
		if (u == NULL) {
			reply_error(r, 503, NULL);
			return;
		}
		(void)store_oidc_touch(r->w->db, id.issuer, id.subject);
		account_signin_verified(r, u, f.next);
		return;
	}
	/* Not linked: an account that confirmed this address links by hand. */
	if (id.email_verified && store_mail_user_by_email(r->w->db, id.email,
	    &other) == -1)
		return;
	if (pending_write(r, &id) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	reply_redirect(r, other != 0 ? "/login/oidc/link" : "/login/oidc/new");
}

/* ---- a new account ---- */

/* The identity as the person will recognise it. */
static void
who_html(struct html *w, enum lang l, const struct pending *p)
{
	html_lit(w, "<p>");
	html_text(w, T(l, "Exchange account:"));
	html_lit(w, " <strong>");
	html_text(w, p->id.email[0] != '\0' ? p->id.email :
	    p->id.username[0] != '\0' ? p->id.username : p->id.subject);
	html_lit(w, "</strong></p>\n");
}

static void
new_main(struct html *w, struct req *r, void *arg)
{
	struct new_view	*v = arg;
	enum lang	 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Choose your forum name"));
	html_lit(w, "</h1>\n");
	who_html(w, l, v->p);
	html_lit(w, "<p>");
	html_text(w, T(l, "This exchange account is not linked to a forum "
	    "account yet. Choose the names others will see; you sign in "
	    "with the exchange from now on."));
	html_lit(w, "</p>\n");
	form_errors(w, l, &v->e);
	html_lit(w, "<form method=\"post\" action=\"/login/oidc/new\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	form_input(w, "username", T(l, "Username"), "text", v->username,
	    "username", T(l, "3 to 24 letters, digits, _ or -. Shown in "
	    "your profile address."), &v->e, 1);
	form_input(w, "display_name", T(l, "Display name"), "text",
	    v->display_name, "nickname", T(l, "Shown with your posts. "
	    "Japanese is fine. Names that look like staff or an exchange "
	    "are not allowed."), &v->e, 1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Create account"));
	html_lit(w, "</button></form><p>");
	html_text(w, T(l, "Already registered?"));
	html_lit(w, " <a href=\"/login?next=/settings\">");
	html_text(w, T(l, "Sign in with your password"));
	html_lit(w, "</a></p></section>\n");
}

void
page_oidc_new_form(struct req *r)
{
	struct pending	 p;
	struct new_view	 v;
	const char	*name, *key, *disp = NULL;

	if (pending_read(r, &p) == -1) {
		fail(r, 400, T(r->lang, "This sign-in took too long. Start "
		    "again."), 1);
		return;
	}
	memset(&v, 0, sizeof(v));
	v.p = &p;
	/* Suggestions from the provider, only when they pass the rules. */
	if (acct_name_protected(p.id.username, NULL, 0) == 0 &&
	    acct_username(r->a, p.id.username, &name, &key) == ACCT_NAME_OK)
		v.username = name;
	if (acct_display_name(r->a, p.id.name, &disp) == ACCT_NAME_OK &&
	    acct_name_protected(disp, NULL, 0) == 0)
		v.display_name = disp;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Choose your forum name"), new_main,
	    &v);
}

void
page_oidc_new(struct req *r)
{
	struct pending	 p;
	struct new_view	 v;
	enum lang	 l = r->lang;
	const char	*name = NULL, *key = NULL, *disp;
	int64_t		 id = 0, other = 0;
	int		 linked, spent = 0;

	if (pending_read(r, &p) == -1) {
		fail(r, 400, T(l, "This sign-in took too long. Start again."),
		    1);
		return;
	}
	memset(&v, 0, sizeof(v));
	v.p = &p;
	v.username = r->f[F_OIDC_NEW_USERNAME].s;
	v.display_name = r->f[F_OIDC_NEW_DISPLAY].s;
	/* The rules of registration (pages/account.c), same messages. */
	if (acct_name_protected(v.username, NULL, 0) > 0)
		form_err(&v.e, "username", T(l, "This username looks like "
		    "staff or an exchange's official account. Please choose "
		    "another."));
	else {
		switch (acct_username(r->a, v.username, &name, &key)) {
		case ACCT_NAME_OK:
			break;
		case ACCT_NAME_LENGTH:
			form_err(&v.e, "username", T(l, "The username must be "
			    "3 to 24 characters long."));
			break;
		default:
			form_err(&v.e, "username", T(l, "The username may "
			    "contain only letters a-z, digits, _ and -."));
			break;
		}
	}
	disp = account_check_display(r, v.display_name, &v.e, ROLE_USER);
	if (v.e.n > 0) {
		layout_page(r, 400, T(l, "Choose your forum name"), new_main,
		    &v);
		return;
	}
	if (throttle_register_check_or_reply(r, &spent) == -1)
		return;
	/* The provider's address becomes the account's, when it vouched. */
	if (p.id.email_verified && store_mail_user_by_email(r->w->db,
	    p.id.email, &other) == -1)
		return;
	if (store_oidc_user_create(r->w->db, name, key, disp, i18n_code(l),
	    p.id.issuer, p.id.subject, p.id.email_verified && other == 0 ?
	    p.id.email : "", &id, &linked) == -1)
		return;
	if (id == 0 && linked == -1) {
		reply_cookie(r, IDENT_COOKIE, "", 0);
		fail(r, 409, T(l, "This exchange account was linked to a forum "
		    "account meanwhile. Sign in again with the exchange."), 1);
		return;
	}
	if (id == 0) {
		form_err(&v.e, "username", T(l, "This username is already "
		    "taken."));
		layout_page(r, 409, T(l, "Choose your forum name"), new_main,
		    &v);
		return;
	}
	if (!spent)
		throttle_register_spend(r);
	reply_cookie(r, IDENT_COOKIE, "", 0);
	if (account_session_start(r, id) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	reply_redirect(r, "/settings?welcome=1");
}

/* ---- linking an account that confirmed the same address ---- */

static void
link_main(struct html *w, struct req *r, void *arg)
{
	struct link_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Link your exchange account"));
	html_lit(w, "</h1>\n");
	who_html(w, l, v->p);
	html_lit(w, "<p>");
	html_text(w, T(l, "A forum account already uses this e-mail address. "
	    "To link the two, sign in to it with its password once; after "
	    "that you can sign in with the exchange."));
	html_lit(w, "</p><p><a class=\"button\" "
	    "href=\"/login?next=/settings/oidc/confirm\">");
	html_text(w, T(l, "Sign in with your password to link"));
	html_lit(w, "</a></p><p><a href=\"/login/forgot\">");
	html_text(w, T(l, "Forgot your password?"));
	html_lit(w, "</a></p></section>\n");
}

void
page_oidc_link_form(struct req *r)
{
	struct pending		p;
	struct link_view	v;

	if (pending_read(r, &p) == -1) {
		fail(r, 400, T(r->lang, "This sign-in took too long. Start "
		    "again."), 1);
		return;
	}
	memset(&v, 0, sizeof(v));
	v.p = &p;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Link your exchange account"),
	    link_main, &v);
}

static void
confirm_main(struct html *w, struct req *r, void *arg)
{
	struct link_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Link your exchange account"));
	html_lit(w, "</h1>\n");
	who_html(w, l, v->p);
	html_lit(w, "<p>");
	html_text(w, T(l, "Forum account:"));
	html_lit(w, " <strong>");
	html_text(w, v->username);
	html_lit(w, "</strong></p><p>");
	html_text(w, T(l, "Once linked, signing in with the exchange opens "
	    "this forum account. Your password keeps working."));
	html_lit(w, "</p><form method=\"post\" action=\"/settings/oidc/"
	    "confirm\">");
	layout_csrf(w, r);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Link"));
	html_lit(w, "</button> <a href=\"/settings\">");
	html_text(w, T(l, "Cancel"));
	html_lit(w, "</a></form></section>\n");
}

void
page_oidc_confirm_form(struct req *r)
{
	struct pending		 p;
	struct link_view	 v;
	struct user		*u = NULL;

	if (pending_read(r, &p) == -1) {
		reply_redirect(r, "/settings");
		return;
	}
	if (store_user_by_id(r->w->db, r->a, r->sess->user_id, &u) == -1 ||
	    u == NULL) {
		reply_error(r, 503, NULL);
		return;
	}
	memset(&v, 0, sizeof(v));
	v.p = &p;
	v.username = u->username;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Link your exchange account"),
	    confirm_main, &v);
}

void
page_oidc_confirm(struct req *r)
{
	struct pending	 p;
	struct user	*u = NULL;
	int		 linked;

	if (pending_read(r, &p) == -1) {
		fail(r, 400, T(r->lang, "This sign-in took too long. Start "
		    "again."), 1);
		return;
	}
	if (store_user_by_id(r->w->db, r->a, r->sess->user_id, &u) == -1 ||
	    u == NULL) {
		reply_error(r, 503, NULL);
		return;
	}
	if (store_oidc_link(r->w->db, u->id, u->username, p.id.issuer,
	    p.id.subject, p.id.email, &linked) == -1)
		return;
	reply_cookie(r, IDENT_COOKIE, "", 0);
	if (!linked) {
		fail(r, 409, T(r->lang, "This exchange account is linked to a "
		    "forum account already, or yours is linked to another "
		    "exchange account. Unlink it in settings first."), 0);
		return;
	}
	reply_redirect(r, "/settings?done=1");
}

/* ---- settings ---- */

void
page_oidc_unlink(struct req *r)
{
	struct user	*u = NULL;
	int		 unlinked;

	if (!oidc_enabled()) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_user_by_id(r->w->db, r->a, r->sess->user_id, &u) == -1 ||
	    u == NULL) {
		reply_error(r, 503, NULL);
		return;
	}
	if (u->password_hash[0] == '\0') {
		fail(r, 409, T(r->lang, "Your account has no password, so "
		    "unlinking would lock you out. Set a password first: "
		    "\"Forgot your password?\" on the sign-in page mails a "
		    "link to your confirmed address."), 0);
		return;
	}
	if (store_oidc_unlink(r->w->db, u->id, u->username, oidc_issuer(),
	    &unlinked) == -1)
		return;
	reply_redirect(r, "/settings?done=1");
}

void
oidc_login_button(struct html *w, struct req *r, const char *next)
{
	if (!oidc_enabled())
		return;
	html_lit(w, "<p class=\"oidc-signin\"><a class=\"button\" "
	    "href=\"/login/oidc?next=");
	html_url(w, next != NULL ? next : "/");
	html_lit(w, "\">");
	html_text(w, oidc_label(r->lang));
	html_lit(w, "</a></p>\n");
}

int
oidc_settings_load(struct req *r, int64_t user_id,
    struct oidc_link_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	if (!oidc_enabled())
		return 0;
	return store_oidc_links(r->w->db, r->a, user_id, rows, n);
}

void
oidc_settings_html(struct html *w, struct req *r,
    const struct oidc_link_row *rows, size_t n, int has_password)
{
	enum lang	l = r->lang;
	size_t		i;

	if (!oidc_enabled())
		return;
	html_lit(w, "<section aria-labelledby=\"oidc-h\"><h2 id=\"oidc-h\">");
	html_text(w, T(l, "Exchange account"));
	html_lit(w, "</h2>");
	for (i = 0; i < n; i++) {
		html_lit(w, "<p>");
		html_text(w, T(l, "Linked:"));
		html_lit(w, " <strong>");
		html_text(w, rows[i].email[0] != '\0' ? rows[i].email :
		    rows[i].subject);
		html_lit(w, "</strong> (");
		widget_time(w, l, rows[i].created);
		html_lit(w, ")</p>");
		if (has_password) {
			html_lit(w, "<form method=\"post\" "
			    "action=\"/settings/oidc/unlink\">");
			layout_csrf(w, r);
			html_lit(w, "<button type=\"submit\" class=\"button\">");
			html_text(w, T(l, "Unlink"));
			html_lit(w, "</button></form>");
		} else {
			html_lit(w, "<p class=\"hint\">");
			html_text(w, T(l, "Your account has no password, so the "
			    "link cannot be removed: you would be locked out."));
			html_lit(w, "</p>");
		}
	}
	if (n == 0) {
		html_lit(w, "<p>");
		html_text(w, T(l, "Not linked. Link it to sign in with the "
		    "exchange."));
		html_lit(w, "</p><form method=\"post\" "
		    "action=\"/settings/oidc/link\">");
		layout_csrf(w, r);
		html_lit(w, "<button type=\"submit\" class=\"button\">");
		html_text(w, T(l, "Link exchange account"));
		html_lit(w, "</button></form>");
	}
	html_lit(w, "</section>\n");
}
