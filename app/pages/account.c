/*
 * pages/account.c: register, sign in (password, then the second factor,
 * or its set-up for staff who have none), sign out.
 *
 * Sign-in never says whether an account exists: a missing account costs
 * the same argon2id verification (acct_password_dummy), gets the same
 * message, and its name is counted and locked by the guard (Redis) like
 * any other.  A correct password for an account with two-factor (always
 * for staff, moderators and admins) does not open a session: it opens a
 * ten-minute challenge (cookie sodan_mfa, only its hash stored) that the
 * code or a recovery code completes.  Every new session gets a fresh
 * token, so a session cookie planted before sign-in is worthless.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "acct/acct.h"
#include "acct/seal.h"
#include "cache/guard.h"
#include "http/input.h"
#include "http/redirect.h"
#include "http/req.h"
#include "http/server.h"
#include "http/session.h"
#include "http/throttle.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "mail/mail.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/qr.h"
#include "view/widgets.h"

#define SESSION_COOKIE	"sodan_session"
#define MFA_COOKIE	"sodan_mfa"
#define SESSION_MAX_AGE	(30L * 24 * 3600)
#define MFA_MAX_AGE	600
#define MFA_ATTEMPTS	5
#define ISSUER		"sodan"

struct reg_form {
	const char		*username;
	const char		*display_name;
	const char		*email;
	struct form_errs	 e;
};

struct login_form {
	const char		*username;
	const char		*next;
	struct form_errs	 e;
	const struct user	*suspended;	/* signed in right, but suspended */
	const char		*appeal;	/* its signed appeal link, or NULL */
};

struct mfa_form {
	struct user		*u;
	int			 setup;		/* no secret yet: show the QR code */
	const char		*secret;	/* the pending secret (setup) */
	const char		*action;	/* /login/2fa or /login/verify */
	const char		*next;		/* step-up: where to go after */
	int			 need_pw;	/* step-up enrolment: the password too */
	int			 recovery;	/* a recovery code, not the pad */
	struct form_errs	 e;
};

#define REAUTH_FIELD		"reauth_code"

static void	 reg_main(struct html *, struct req *, void *);
static void	 login_main(struct html *, struct req *, void *);
static void	 suspension_html(struct html *, enum lang, const struct user *,
		    const char *);
static void	 mfa_main(struct html *, struct req *, void *);
static const char *query_escape(struct arena *, const char *);
static int	 looks_like_recovery(const char *);
static char	*new_token(struct arena *);
static const char *cookie_val(struct req *, const char *);
static const char *safe_next(struct req *, const char *);
static const char *acct_key_of(struct req *, const char *);
static const char *account_name_issue(struct req *, const char *);
static const char *mfa_key_of(struct req *, const char *);
static void	 mfa_fail(struct req *, struct user *);
static void	 stale_problem(struct req *);
static int	 mfa_blocked(struct req *, const struct user *, const char **);
static int	 code_check(struct req *, struct user *, const char *, int *);
static int	 enrol_check(struct req *, struct user *, const char *, int *);
static int	 stepup_load(struct req *, struct mfa_form *);
static int	 session_start(struct req *, int64_t, int);
static void	 reauth_main(struct html *, struct req *, void *);
static const char *client_of(struct req *);
static void	 login_fail(struct req *, struct login_form *, const char *,
		    struct user *);
static void	 too_many(struct req *, struct login_form *, const char *,
		    long);

/* A random 256-bit token, base64url without padding (43 characters). */
static char *
new_token(struct arena *a)
{
	unsigned char	 raw[32];
	size_t		 n = sodium_base64_ENCODED_LEN(sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char		*t = arena_alloc(a, n);

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(t, n, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return t;
}

/* The value of cookie name (arena copy), or NULL. */
static const char *
cookie_val(struct req *r, const char *name)
{
	const char	*v;
	size_t		 n = 0;

	if (r->hdr.cookie == NULL || (v = input_cookie(r->hdr.cookie,
	    strlen(r->hdr.cookie), name, &n)) == NULL || n < 32 || n > 64)
		return NULL;
	return arena_strndup(r->a, v, n);
}

/*
 * next when it is a path on this site (redirect_local: parsed, never
 * pattern-matched) and not the sign-in pages themselves, else "/".
 */
static const char *
safe_next(struct req *r, const char *next)
{
	next = redirect_local(r->a, next);
	if (strncmp(next, "/login", 6) == 0 || strncmp(next, "/logout", 7) == 0)
		return "/";
	return next;
}

/* The guard's key for what was typed: the username key when valid. */
static const char *
acct_key_of(struct req *r, const char *typed)
{
	const char	*name, *key;

	if (acct_username(r->a, typed, &name, &key) == ACCT_NAME_OK)
		return key;
	return arena_printf(r->a, "raw:%s", typed);
}

/* The guard's key for the second factor of the account named username. */
static const char *
mfa_key_of(struct req *r, const char *username)
{
	char	k[300];

	guard_2fa_key(acct_key_of(r, username), k, sizeof(k));
	return arena_strdup(r->a, k);
}

const char *
account_unseal(struct req *r, const char *sealed)
{
	const char	*s = acct_unseal(r->a, sealed);

	if (s == NULL)
		log_ratelimited("unseal", 60, "a two-step secret could not be "
		    "opened with the key files (user %lld)", r->sess ?
		    (long long)r->sess->user_id : 0LL);
	return s;
}

int
account_new_pending(struct req *r, const struct user *u, const char **secret)
{
	const char	*sealed;

	if ((*secret = acct_totp_new_secret(r->a)) == NULL ||
	    (sealed = acct_seal(r->a, *secret)) == NULL)
		return -1;
	return store_user_set_totp_pending(r->w->db, u->id, sealed);
}

int
account_session_start(struct req *r, int64_t user_id)
{
	return session_start(r, user_id, 0);
}

/*
 * A new session for user_id (a fresh token; a planted cookie's session is
 * deleted).  mfa: it passed a second factor now (sessions.mfa_at), which
 * is what gives staff, moderator and admin sessions their powers.
 * The interface then speaks the account's language (users.lang), not
 * the browser's: this response and, through the lang cookie, the pages
 * after it.
 */
static int
session_start(struct req *r, int64_t user_id, int mfa)
{
	char		*tok, *csrf, hex[65];
	int64_t		 sid;
	const char	*ua = r->hdr.user_agent ? r->hdr.user_agent : "";
	const char	*old;
	struct user	*u = NULL;
	int		 l;

	if ((old = cookie_val(r, SESSION_COOKIE)) != NULL) {
		session_token_hash(old, strlen(old), hex);
		(void)store_session_delete_hash(r->w->db, hex);
	}
	tok = new_token(r->a);
	csrf = new_token(r->a);
	session_token_hash(tok, strlen(tok), hex);
	if (strlen(ua) > 200)
		ua = arena_strndup(r->a, ua, 200);
	if (store_session_create(r->w->db, hex, user_id, csrf, ua, r->peer,
	    &sid) == -1)
		return -1;
	if (mfa && store_acct_session_mfa_set(r->w->db, sid) == -1)
		return -1;
	reply_cookie(r, SESSION_COOKIE, tok, SESSION_MAX_AGE);
	if (store_user_by_id(r->w->db, r->a, user_id, &u) == -1)
		return -1;
	if (u != NULL && u->lang != NULL &&
	    (l = i18n_parse(u->lang, strlen(u->lang))) != -1) {
		r->lang = (enum lang)l;
		reply_cookie(r, "lang", i18n_code(r->lang),
		    365L * 24 * 3600);
	}
	return 0;
}

void
account_session_clear(struct req *r)
{
	reply_cookie(r, SESSION_COOKIE, "", 0);
}

int
account_trust_refresh(struct req *r, int64_t user_id, int *level)
{
	struct trust_inputs	ti;
	struct acct_trust_in	in;

	if (store_user_trust_inputs(r->w->db, user_id, &ti) == -1)
		return -1;
	memset(&in, 0, sizeof(in));
	in.role = ti.role;
	in.age_days = ti.age_days;
	in.posts_kept = ti.posts_kept;
	in.accepted = ti.accepted;
	in.flags_upheld = ti.flagged_upheld;
	in.flagger_upheld = ti.flagger_upheld;
	in.flagger_declined = ti.flagger_declined;
	*level = acct_trust_level(&in);
	return store_user_set_trust(r->w->db, user_id, *level);
}

/* ---- register ---- */

static void
reg_main(struct html *w, struct req *r, void *arg)
{
	struct reg_form	*f = arg;
	enum lang	 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Create an account"));
	html_lit(w, "</h1>\n");
	form_errors(w, l, &f->e);
	html_lit(w, "<form method=\"post\" action=\"/register\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	form_input(w, "username", T(l, "Username"), "text", f->username,
	    "username", T(l, "3 to 24 letters, digits, _ or -. Shown in "
	    "your profile address."), &f->e, 1);
	form_input(w, "display_name", T(l, "Display name"), "text",
	    f->display_name, "nickname", T(l, "Shown with your posts. "
	    "Japanese is fine. Names that look like staff or an exchange "
	    "are not allowed."), &f->e, 1);
	form_input(w, "password", T(l, "Password"), "password", NULL,
	    "new-password", T(l, "At least 10 characters. A few unrelated "
	    "words together are easy to remember and hard to guess."),
	    &f->e, 1);
	form_input(w, "password2", T(l, "Password again"), "password", NULL,
	    "new-password", NULL, &f->e, 1);
	form_input(w, "email", T(l, "E-mail address (optional)"), "email",
	    f->email, "email", T(l, "To set a new password if you forget "
	    "yours, and for the notifications you choose. We send a link to "
	    "confirm it; you can add or change it later in settings."),
	    &f->e, 0);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Create account"));
	html_lit(w, "</button></form><p>");
	html_text(w, T(l, "Already registered?"));
	html_lit(w, " <a href=\"/login\">");
	html_text(w, T(l, "Sign in"));
	html_lit(w, "</a></p></section>\n");
}

void
page_register_form(struct req *r)
{
	struct reg_form	f;

	memset(&f, 0, sizeof(f));
	layout_page(r, 200, T(r->lang, "Create an account"), reg_main, &f);
}

/*
 * What the name checks say of a member's name (acct_name_check, with the
 * staff names from the store): NULL when it is fine, else the msgid of
 * the error to show.  A store failure checks without staff names.
 */
static const char *
account_name_issue(struct req *r, const char *name)
{
	const char	**staff = NULL;
	size_t		  nstaff = 0;

	if (store_user_staff_names(r->w->db, r->a, &staff, &nstaff) == -1) {
		log_warn("name check: staff names unavailable");
		staff = NULL;
		nstaff = 0;
	}
	switch (acct_name_check(name, staff, nstaff, NULL, 0)) {
	case ACCT_NAME_FINE:
		return NULL;
	case ACCT_NAME_IMPERSONATES:
		return N_("This name looks like staff or an exchange's "
		    "official account. Please choose another.");
	case ACCT_NAME_CONTACT:
		return N_("Names may not contain phone numbers, e-mail "
		    "addresses, messenger IDs or links. Please choose "
		    "another.");
	case ACCT_NAME_STAFF_LIKE:
		return N_("This name is too close to a staff member's name. "
		    "Please choose another.");
	default:
		return N_("The name contains characters that are not "
		    "allowed.");
	}
}

/*
 * Checks a display name for registration and the profile; adds errors to
 * e and returns the normalized name, or NULL.
 */
const char *
account_check_display(struct req *r, const char *in, struct form_errs *e,
    enum role role)
{
	const char	*out = NULL, *msg;
	enum lang	 l = r->lang;
	int		 p;

	switch (acct_display_name(r->a, in, &out)) {
	case ACCT_NAME_OK:
		break;
	case ACCT_NAME_LENGTH:
		form_err(e, "display_name", T(l, "The display name must be "
		    "1 to 40 characters long."));
		return NULL;
	default:
		form_err(e, "display_name", T(l, "The display name contains "
		    "characters that are not allowed."));
		return NULL;
	}
	if (role == ROLE_USER || role == ROLE_ANY) {
		if ((p = acct_name_protected(out, NULL, 0)) != 0) {
			form_err(e, "display_name", p > 0 ? T(l, "This display "
			    "name looks like staff or an exchange's official "
			    "account. Please choose another.") : T(l, "The "
			    "display name contains characters that are not "
			    "allowed."));
			return NULL;
		}
		if ((msg = account_name_issue(r, out)) != NULL) {
			form_err(e, "display_name", i18n_get(l, msg));
			return NULL;
		}
	}
	return out;
}

void
page_register(struct req *r)
{
	struct reg_form	 f;
	enum lang	 l = r->lang;
	const char	*name = NULL, *key = NULL, *disp, *pw, *pw2;
	const char	*msg;
	char		 hash[ACCT_HASH_MAX];
	int64_t		 id = 0, other = 0;
	enum acct_pw_err pe;
	int		 p, spent = 0;
	struct user	*u = NULL;

	memset(&f, 0, sizeof(f));
	f.username = r->f[F_REG_USERNAME].s;
	f.display_name = r->f[F_REG_DISPLAY].s;
	f.email = r->f[F_REG_EMAIL].s != NULL ? r->f[F_REG_EMAIL].s : "";
	pw = r->f[F_REG_PASSWORD].s;
	pw2 = r->f[F_REG_PASSWORD2].s;

	p = acct_name_protected(f.username, NULL, 0);
	if (p > 0)
		form_err(&f.e, "username", T(l, "This username looks like "
		    "staff or an exchange's official account. Please choose "
		    "another."));
	else {
		switch (acct_username(r->a, f.username, &name, &key)) {
		case ACCT_NAME_OK:
			break;
		case ACCT_NAME_LENGTH:
			form_err(&f.e, "username", T(l, "The username must be "
			    "3 to 24 characters long."));
			break;
		default:
			form_err(&f.e, "username", T(l, "The username may "
			    "contain only letters a-z, digits, _ and -."));
			break;
		}
		if (name != NULL && (msg = account_name_issue(r, name)) !=
		    NULL) {
			form_err(&f.e, "username", i18n_get(l, msg));
			name = NULL;
		}
	}
	disp = account_check_display(r, f.display_name, &f.e, ROLE_USER);
	if ((pe = acct_password_check(pw, name ? name : f.username)) !=
	    ACCT_PW_OK)
		form_err(&f.e, "password", i18n_get(l, acct_password_msg(pe)));
	else if (strcmp(pw, pw2) != 0)
		form_err(&f.e, "password2", T(l, "The two passwords are not "
		    "the same."));
	if (f.email[0] != '\0' && !mail_address_ok(f.email))
		form_err(&f.e, "email", T(l, "Enter an e-mail address such as "
		    "name@example.com, or leave it empty."));
	else if (f.email[0] != '\0') {
		if (store_mail_user_by_email(r->w->db, f.email, &other) == -1)
			return;
		if (other != 0)
			form_err(&f.e, "email", T(l, "Another account uses this "
			    "e-mail address."));
	}
	if (f.e.n > 0) {
		layout_page(r, 400, T(l, "Create an account"), reg_main, &f);
		return;
	}
	/* Only an account created spends the address's allowance. */
	if (throttle_register_check_or_reply(r, &spent) == -1)
		return;
	if (acct_password_hash(pw, hash) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (store_user_create(r->w->db, name, key, disp, hash,
	    i18n_code(l), "user", &id) == -1)
		return;
	sodium_memzero(hash, sizeof(hash));
	if (id == 0) {
		form_err(&f.e, "username", T(l, "This username is already "
		    "taken."));
		layout_page(r, 409, T(l, "Create an account"), reg_main, &f);
		return;
	}
	if (!spent)
		throttle_register_spend(r);
	/*
	 * The address, as settings would set it: unconfirmed until the link
	 * in the mail is opened.  The account exists already; should this
	 * fail, settings show no address and the member can add it there.
	 */
	if (f.email[0] != '\0' && (store_user_by_id(r->w->db, r->a, id,
	    &u) == -1 || u == NULL || recover_set_email(r, u, f.email,
	    &msg) != 1))
		log_warn("register: the e-mail address of user %lld was not "
		    "set", (long long)id);
	if (account_session_start(r, id) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	reply_redirect(r, "/settings?welcome=1");
}

/* ---- sign in ---- */

/* Why and until when an account is suspended, as moderators set it. */
static void
suspension_html(struct html *w, enum lang l, const struct user *u,
    const char *appeal)
{
	html_lit(w, "<div class=\"notice notice-suspended\" role=\"alert\">"
	    "<p><strong>");
	html_text(w, T(l, "Suspended until:"));
	html_lit(w, "</strong> ");
	if (u->suspended_until > 0)
		widget_time(w, l, u->suspended_until);
	else
		html_text(w, T(l, "indefinitely"));
	html_lit(w, "</p><p><strong>");
	html_text(w, T(l, "Reason given by the moderators:"));
	html_lit(w, "</strong> ");
	if (u->suspend_reason != NULL && u->suspend_reason[0] != '\0')
		html_text(w, u->suspend_reason);
	else
		html_text(w, T(l, "none given"));
	html_lit(w, "</p>");
	/* the password was right: the member may appeal (pages/appeal.c) */
	if (appeal != NULL) {
		html_lit(w, "<p><a class=\"button\" href=\"");
		html_attr(w, appeal);
		html_lit(w, "\">");
		html_text(w, T(l, "Appeal this suspension"));
		html_lit(w, "</a></p>");
	}
	html_lit(w, "</div>\n");
}

static void
login_main(struct html *w, struct req *r, void *arg)
{
	struct login_form	*f = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Sign in"));
	html_lit(w, "</h1>\n");
	form_errors(w, l, &f->e);
	if (f->suspended != NULL)
		suspension_html(w, l, f->suspended, f->appeal);
	html_lit(w, "<form method=\"post\" action=\"/login\" class=\"stack\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(w, safe_next(r, f->next));
	html_lit(w, "\">");
	form_input(w, "username", T(l, "Username"), "text", f->username,
	    "username", NULL, &f->e, 1);
	form_input(w, "password", T(l, "Password"), "password", NULL,
	    "current-password", NULL, &f->e, 1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Sign in"));
	html_lit(w, "</button></form>");
	oidc_login_button(w, r, safe_next(r, f->next));
	html_lit(w, "<p><a href=\"/login/forgot\">");
	html_text(w, T(l, "Forgot your password?"));
	html_lit(w, "</a></p><p>");
	html_text(w, T(l, "No account yet?"));
	html_lit(w, " <a href=\"/register\">");
	html_text(w, T(l, "Create one"));
	html_lit(w, "</a></p><p class=\"hint\">");
	html_text(w, T(l, "Staff never ask for your password. If you cannot "
	    "sign in, a moderator can unlock your account."));
	html_lit(w, "</p></section>\n");
}

void
page_login_form(struct req *r)
{
	struct login_form	f;

	memset(&f, 0, sizeof(f));
	f.next = r->f[F_LOGIN_NEXT].present ? r->f[F_LOGIN_NEXT].s : "/";
	if (r->sess != NULL) {
		reply_redirect(r, safe_next(r, f.next));
		return;
	}
	layout_page(r, 200, T(r->lang, "Sign in"), login_main, &f);
}

/* Too many attempts: 429 with Retry-After, the form kept. */
static void
too_many(struct req *r, struct login_form *f, const char *msg, long wait_ms)
{
	long	secs = (wait_ms + 999) / 1000;

	if (secs < 1)
		secs = 1;
	form_err(&f->e, NULL, msg);
	reply_header(r, "Retry-After", arena_printf(r->a, "%ld", secs));
	layout_page(r, 429, T(r->lang, "Sign in"), login_main, f);
}

/*
 * The client address the guard counts: the one a trusted proxy names
 * (X-Forwarded-For), as for the rate limits, else the connection's.
 */
static const char *
client_of(struct req *r)
{
	if (r->client_ip == NULL)
		throttle_client(r);
	return r->client_ip;
}

/* A failed attempt: counted, maybe locked (audited), same message always. */
static void
login_fail(struct req *r, struct login_form *f, const char *key,
    struct user *u)
{
	long	locked = 0, nlocks = 0;

	if (guard_fail(r->w->cache, key, client_of(r), &locked, &nlocks) == 0 &&
	    locked > 0) {
		if (u != NULL)
			(void)store_user_set_locked(r->w->db, u->id, locked);
		(void)store_audit(r->w->db, "system", "lock",
		    u ? u->id : 0, key, arena_printf(r->a,
		    "%ld failed sign-ins; locked %ld s (lock %ld in 30 days)",
		    (long)GUARD_LOCK_AFTER, locked, nlocks));
		log_info("sign-in: a name was locked for %ld s after "
		    "repeated failures", locked);
	}
	form_err(&f->e, NULL, T(r->lang, "The username or password is not "
	    "correct."));
	layout_page(r, 401, T(r->lang, "Sign in"), login_main, f);
}

void
page_login(struct req *r)
{
	struct login_form	 f;
	struct user		*u = NULL;
	const char		*key, *pw, *tok;
	char			 hex[65], hash[ACCT_HASH_MAX];
	enum guard_verdict	 gv;
	long			 wait_ms = 0;
	int			 ok, level, busy;
	const char		*locked_msg = T(r->lang, "This account is "
	    "locked for a while after too many failed sign-ins. Try again "
	    "later, or ask a moderator to unlock it.");

	memset(&f, 0, sizeof(f));
	f.username = r->f[F_LOGIN_USERNAME].s;
	f.next = r->f[F_LOGIN_NEXT].present ? r->f[F_LOGIN_NEXT].s : "/";
	pw = r->f[F_LOGIN_PASSWORD].s;
	key = acct_key_of(r, f.username);

	/*
	 * Per IP first; then the lock-out guard (locks, growing delays);
	 * then per account (its key, so case and width variants of a name
	 * share one allowance), just before the password is hashed.  The
	 * account's allowance sits above the guard's lock threshold, so the
	 * guard decides, and attempts it refuses spend none of it.
	 */
	if (throttle_signin_ip_or_reply(r) == -1)
		return;
	gv = guard_check(r->w->cache, key, client_of(r), &wait_ms);
	if (gv == GUARD_LOCKED) {
		too_many(r, &f, locked_msg, wait_ms);
		return;
	}
	if (gv == GUARD_IP_BLOCKED || gv == GUARD_DELAY) {
		too_many(r, &f, T(r->lang, "Too many failed sign-ins. Wait "
		    "a few seconds and try again."), wait_ms);
		return;
	}
	if (throttle_signin_account_or_reply(r, key) == -1)
		return;
	if (strncmp(key, "raw:", 4) != 0 &&
	    store_user_by_key(r->w->db, r->a, key, &u) == -1)
		return;
	ok = acct_password_verify(u ? u->password_hash : NULL, pw, &busy);
	if (busy) {
		reply_error(r, 503, N_("Too many people are signing in right "
		    "now. Please try again in a moment."));
		return;
	}
	if (!ok || u == NULL) {
		login_fail(r, &f, key, u);
		return;
	}
	if (u->locked_until > (int64_t)time(NULL)) {
		too_many(r, &f, locked_msg,
		    (u->locked_until - (int64_t)time(NULL)) * 1000);
		return;
	}
	if (u->suspended) {
		form_err(&f.e, NULL, T(r->lang, "This account is suspended. "
		    "Contact the exchange's support if you think this is a "
		    "mistake."));
		f.suspended = u;
		f.appeal = appeal_susp_link(r->a, u->id);
		layout_page(r, 403, T(r->lang, "Sign in"), login_main, &f);
		return;
	}
	(void)guard_success(r->w->cache, key);
	if (acct_password_needs_rehash(u->password_hash) &&
	    acct_password_hash(pw, hash) == 0)
		(void)store_user_change_password(r->w->db, u->id, hash);
	(void)account_trust_refresh(r, u->id, &level);

	if (u->totp_secret[0] != '\0' ||
	    acct_role_needs_2fa(u->role)) {
		tok = new_token(r->a);
		session_token_hash(tok, strlen(tok), hex);
		if (store_challenge_create(r->w->db, hex, u->id,
		    safe_next(r, f.next)) == -1)
			return;
		reply_cookie(r, MFA_COOKIE, tok, MFA_MAX_AGE);
		reply_redirect(r, "/login/2fa");
		return;
	}
	if (account_session_start(r, u->id) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	reply_redirect(r, safe_next(r, f.next));
}

/* ---- second factor ---- */

static void
mfa_main(struct html *w, struct req *r, void *arg)
{
	struct mfa_form	*f = arg;
	enum lang	 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, f->setup ? T(l, "Set up two-step verification") :
	    T(l, "Two-step verification"));
	html_lit(w, "</h1>\n");
	form_errors(w, l, &f->e);
	if (f->setup) {
		html_lit(w, "<p>");
		html_text(w, T(l, "Your account needs two-step verification "
		    "before you can sign in. Scan this code with an "
		    "authenticator app (Google Authenticator, Microsoft "
		    "Authenticator, 1Password, ...), then enter the 6-digit "
		    "code it shows."));
		html_lit(w, "</p>\n<figure class=\"qr-box\">");
		(void)qr_svg(w, acct_totp_uri(r->a, ISSUER, f->u->username,
		    f->secret), T(l, "QR code for your authenticator app"));
		html_lit(w, "<figcaption>");
		html_text(w, T(l, "Cannot scan? Enter this key by hand:"));
		html_lit(w, " <code class=\"totp-secret\">");
		html_text(w, f->secret);
		html_lit(w, "</code></figcaption></figure>\n");
	} else if (f->recovery) {
		html_lit(w, "<p>");
		html_text(w, T(l, "Enter one of the recovery codes you saved "
		    "when you set up two-step verification. Each code works "
		    "once."));
		html_lit(w, "</p>\n");
	} else {
		html_lit(w, "<p>");
		html_text(w, T(l, "Enter the 6-digit code from your "
		    "authenticator app."));
		html_lit(w, "</p>\n");
	}
	html_lit(w, "<form method=\"post\" action=\"");
	html_attr(w, f->action ? f->action : "/login/2fa");
	html_lit(w, "\" class=\"stack\">");
	layout_csrf(w, r);
	if (f->next != NULL) {
		html_lit(w, "<input type=\"hidden\" name=\"next\" value=\"");
		html_attr(w, f->next);
		html_lit(w, "\">");
	}
	/*
	 * The authenticator's code gets the number pad on phones; a
	 * recovery code has letters, so it has a text field of its own,
	 * one link away (a plain GET: no script needed).
	 */
	if (f->recovery && !f->setup)
		form_input(w, "code", T(l, "Recovery code"), "text", NULL,
		    "off", T(l, "As you wrote it down, for example "
		    "abcd-efgh-2345."), &f->e, 1);
	else
		form_input_code(w, "code", T(l, "6-digit code"), &f->e);
	if (f->need_pw)
		form_input(w, "password", T(l, "Current password"), "password",
		    NULL, "current-password", NULL, &f->e, 1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Verify"));
	html_lit(w, "</button></form>\n");
	if (!f->setup) {
		html_lit(w, "<p class=\"mfa-switch\"><a href=\"");
		html_attr(w, f->action ? f->action : "/login/2fa");
		html_lit(w, "?");
		if (f->next != NULL) {
			html_lit(w, "next=");
			html_attr(w, query_escape(r->a, f->next));
			html_lit(w, "&amp;");
		}
		if (f->recovery)
			html_lit(w, "recovery=0\">");
		else
			html_lit(w, "recovery=1\">");
		html_text(w, f->recovery ? T(l, "Use the code from your "
		    "authenticator app instead") : T(l, "Use a recovery code "
		    "instead"));
		html_lit(w, "</a></p>\n");
	}
	html_lit(w, "</section>\n");
}

/* s for a query string's value: unreserved characters and '/' as they
 * are, everything else %XX. */
static const char *
query_escape(struct arena *a, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 n = strlen(s), i, o = 0;
	char			*out = arena_alloc(a, n * 3 + 1);
	unsigned char		 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~' || c == '/')
			out[o++] = (char)c;
		else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/* A code with anything but digits is a recovery code: when it was wrong,
 * the page comes back with the recovery-code field. */
static int
looks_like_recovery(const char *code)
{
	for (; code != NULL && *code != '\0'; code++)
		if (*code < '0' || *code > '9')
			return 1;
	return 0;
}

/*
 * The challenge of this browser: *u and *hex (its hash) or an answer
 * (redirect to /login) and -1.
 */
static int	mfa_challenge(struct req *, struct user **, char *,
		    const char **);

static int
mfa_challenge(struct req *r, struct user **u, char *hex, const char **next)
{
	const char	*tok;
	int64_t		 uid = 0;
	int		 attempts;

	*u = NULL;
	if ((tok = cookie_val(r, MFA_COOKIE)) == NULL) {
		reply_redirect(r, "/login");
		return -1;
	}
	session_token_hash(tok, strlen(tok), hex);
	if (store_challenge_get(r->w->db, r->a, hex, &uid, next,
	    &attempts) == -1 || (uid != 0 && store_user_by_id(r->w->db, r->a,
	    uid, u) == -1)) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (*u == NULL || attempts >= MFA_ATTEMPTS) {
		reply_cookie(r, MFA_COOKIE, "", 0);
		reply_redirect(r, "/login");
		return -1;
	}
	return 0;
}

void
page_mfa_form(struct req *r)
{
	struct mfa_form	 f;
	char		 hex[65];
	const char	*next;

	memset(&f, 0, sizeof(f));
	if (mfa_challenge(r, &f.u, hex, &next) == -1)
		return;
	f.recovery = r->f[F_MFA_FORM_RECOVERY].present &&
	    r->f[F_MFA_FORM_RECOVERY].i;
	if (f.u->totp_secret[0] == '\0') {
		f.setup = 1;
		if (account_new_pending(r, f.u, &f.secret) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Two-step verification"), mfa_main,
	    &f);
}

void
account_recovery_main(struct html *w, struct req *r, void *arg)
{
	struct recovery_view	*v = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Your recovery codes"));
	html_lit(w, "</h1><p>");
	html_text(w, T(l, "Two-step verification is on. Keep these codes "
	    "somewhere safe, apart from your phone: each one signs you in "
	    "once if you lose your authenticator. They are shown only now."));
	html_lit(w, "</p><ul class=\"recovery-codes\">");
	for (i = 0; i < v->n; i++) {
		html_lit(w, "<li><code>");
		html_text(w, v->codes[i]);
		html_lit(w, "</code></li>");
	}
	html_lit(w, "</ul><p><a class=\"button\" href=\"");
	html_attr(w, safe_next(r, v->next));
	html_lit(w, "\">");
	html_text(w, T(l, "I have saved them, continue"));
	html_lit(w, "</a></p></section>\n");
}

int
account_new_recovery(struct req *r, int64_t user_id, struct recovery_view *v)
{
	char	**hashes;

	v->n = ACCT_RECOVERY_CODES;
	acct_recovery_new(r->a, v->n, &v->codes, &hashes);
	return store_recovery_set(r->w->db, user_id, hashes, v->n);
}

/*
 * 1 when u may not try a code now (its second factor is locked or
 * delayed by the guard, or the account is locked): Retry-After is added
 * and *msg says why; else 0.
 */
static int
mfa_blocked(struct req *r, const struct user *u, const char **msg)
{
	enum guard_verdict	gv;
	long			wait_ms = 0, secs;

	gv = guard_check(r->w->cache, mfa_key_of(r, u->username), client_of(r),
	    &wait_ms);
	if (gv == GUARD_OK && u->locked_until > (int64_t)time(NULL)) {
		gv = GUARD_LOCKED;
		wait_ms = (u->locked_until - (int64_t)time(NULL)) * 1000;
	}
	if (gv == GUARD_OK)
		return 0;
	secs = (wait_ms + 999) / 1000;
	reply_header(r, "Retry-After", arena_printf(r->a, "%ld",
	    secs > 0 ? secs : 1));
	*msg = gv == GUARD_DELAY || gv == GUARD_IP_BLOCKED ? T(r->lang,
	    "Too many wrong codes. Wait a few seconds and try again.") :
	    T(r->lang, "This account is locked for a while after too many "
	    "failed sign-ins. Try again later, or ask a moderator to unlock "
	    "it.");
	return gv == GUARD_DELAY || gv == GUARD_IP_BLOCKED ? 1 : 2;
}

/*
 * Checks code against u's confirmed secret (no replay of a used step),
 * else against u's unused recovery codes (one is used up, audited).
 * *ok: 1 when right.  0, or -1 when the store failed.
 */
static int
code_check(struct req *r, struct user *u, const char *code, int *ok)
{
	const char	*secret;
	char		 rh[65];
	int64_t		 step;

	*ok = 0;
	if ((secret = account_unseal(r, u->totp_secret)) == NULL)
		return -1;
	step = acct_totp_verify(secret, code, time(NULL), u->totp_last_step);
	if (step > 0 && store_user_totp_step(r->w->db, u->id, step, ok) == -1)
		return -1;
	if (!*ok && strlen(code) >= 12) {
		acct_recovery_hash(code, rh);
		if (store_recovery_use(r->w->db, u->id, rh, ok) == -1)
			return -1;
		if (*ok)
			(void)store_audit(r->w->db, arena_printf(r->a,
			    "user:%lld", (long long)u->id),
			    "recovery-code-used", u->id, u->username, "");
	}
	return 0;
}

/*
 * Enrolment: code against u's pending secret; when right the pending
 * secret becomes the confirmed one.  *ok: 1 when enabled.  0 or -1.
 */
static int
enrol_check(struct req *r, struct user *u, const char *code, int *ok)
{
	const char	*pending;
	int64_t		 step;

	*ok = 0;
	if (u->totp_pending[0] == '\0')
		return 0;
	if ((pending = account_unseal(r, u->totp_pending)) == NULL)
		return -1;
	step = acct_totp_verify(pending, code, time(NULL), 0);
	if (step > 0 && store_user_enable_totp(r->w->db, u->id, step,
	    ok) == -1)
		return -1;
	return 0;
}

void
page_mfa(struct req *r)
{
	struct mfa_form		 f;
	struct recovery_view	 rv;
	char			 hex[65];
	const char		*code = r->f[F_MFA_CODE].s, *next, *msg;
	int			 ok = 0, attempts = 0, blocked;

	memset(&f, 0, sizeof(f));
	f.action = "/login/2fa";
	f.recovery = looks_like_recovery(code);
	if (mfa_challenge(r, &f.u, hex, &next) == -1)
		return;
	/*
	 * Wrong codes count per account on their own key (mfa_key_of): a
	 * correct password does not clear them, so knowing the password
	 * gives no more than GUARD_LOCK_AFTER guesses before a lock.
	 */
	if ((blocked = mfa_blocked(r, f.u, &msg)) != 0) {
		if (blocked == 1) {
			form_err(&f.e, "code", msg);
			if (f.u->totp_secret[0] == '\0') {
				f.setup = 1;
				f.secret = account_unseal(r, f.u->totp_pending);
			}
			layout_page(r, 429, T(r->lang, "Two-step verification"),
			    mfa_main, &f);
			return;
		}
		(void)store_challenge_delete(r->w->db, hex);
		reply_cookie(r, MFA_COOKIE, "", 0);
		reply_error(r, 429, msg);
		return;
	}
	if (store_challenge_bump(r->w->db, hex, &attempts) == -1)
		return;
	if (f.u->totp_secret[0] == '\0') {
		f.setup = 1;
		if (enrol_check(r, f.u, code, &ok) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
		if (ok) {
			memset(&rv, 0, sizeof(rv));
			rv.next = next;
			if (account_new_recovery(r, f.u->id, &rv) == -1 ||
			    store_challenge_delete(r->w->db, hex) == -1 ||
			    session_start(r, f.u->id, 1) == -1)
				return;
			(void)store_audit(r->w->db, arena_printf(r->a,
			    "user:%lld", (long long)f.u->id), "2fa-enable",
			    f.u->id, f.u->username, "at sign-in");
			reply_cookie(r, MFA_COOKIE, "", 0);
			r->resp.no_cache = 1;
			layout_page(r, 200, T(r->lang, "Your recovery codes"),
			    account_recovery_main, &rv);
			return;
		}
		f.secret = account_unseal(r, f.u->totp_pending);
	} else {
		if (code_check(r, f.u, code, &ok) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
		if (ok) {
			(void)guard_success(r->w->cache,
			    mfa_key_of(r, f.u->username));
			if (store_challenge_delete(r->w->db, hex) == -1 ||
			    session_start(r, f.u->id, 1) == -1)
				return;
			reply_cookie(r, MFA_COOKIE, "", 0);
			reply_redirect(r, safe_next(r, next));
			return;
		}
	}
	mfa_fail(r, f.u);
	if (attempts >= MFA_ATTEMPTS) {
		(void)store_challenge_delete(r->w->db, hex);
		reply_cookie(r, MFA_COOKIE, "", 0);
		reply_error(r, 403, T(r->lang, "Too many wrong codes. Sign in "
		    "again."));
		return;
	}
	form_err(&f.e, "code", f.recovery && !f.setup ? T(r->lang,
	    "That recovery code is not valid or was used already. Check it "
	    "against your saved list.") : T(r->lang, "That code is not "
	    "valid. Check the time on your phone and try the newest code."));
	layout_page(r, 401, T(r->lang, "Two-step verification"), mfa_main,
	    &f);
}

/* ---- step-up: powers of a session that has not passed a second factor ---- */

/*
 * The signed-in user's row and, for the page, whether this is an
 * enrolment.  A member without two-step verification has nothing to step
 * up to: the settings page sets it up.  0, or -1 with the answer made.
 */
static int
stepup_load(struct req *r, struct mfa_form *f)
{
	memset(f, 0, sizeof(*f));
	f->action = "/login/verify";
	f->next = safe_next(r, r->f[F_STEPUP_NEXT].present ?
	    r->f[F_STEPUP_NEXT].s : "/");
	if (r->sess->granted <= ROLE_USER) {
		reply_redirect(r, r->sess->mfa_at > 0 ? f->next :
		    "/settings/2fa");
		return -1;
	}
	if (store_user_by_id(r->w->db, r->a, r->sess->user_id, &f->u) == -1 ||
	    f->u == NULL) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (f->u->totp_secret[0] == '\0') {
		f->setup = 1;
		f->need_pw = 1;
	}
	return 0;
}

void
page_stepup_form(struct req *r)
{
	struct mfa_form	f;

	if (stepup_load(r, &f) == -1)
		return;
	f.recovery = r->f[F_STEPUP_RECOVERY].present &&
	    r->f[F_STEPUP_RECOVERY].i;
	if (f.setup && account_new_pending(r, f.u, &f.secret) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Two-step verification"), mfa_main,
	    &f);
}

void
page_stepup(struct req *r)
{
	struct mfa_form		 f;
	struct recovery_view	 rv;
	const char		*code = r->f[F_STEPUP_CODE].s, *msg, *pwmsg;
	int			 ok = 0, status = 401;

	if (stepup_load(r, &f) == -1)
		return;
	f.recovery = looks_like_recovery(code);
	if (f.setup)
		f.secret = account_unseal(r, f.u->totp_pending);
	if (mfa_blocked(r, f.u, &msg) != 0) {
		form_err(&f.e, "code", msg);
		layout_page(r, 429, T(r->lang, "Two-step verification"),
		    mfa_main, &f);
		return;
	}
	if (f.setup) {
		/* Enrolling from a session asks the password too. */
		if ((ok = account_current_password(r, f.u,
		    r->f[F_STEPUP_PW].present ? r->f[F_STEPUP_PW].s : "",
		    &pwmsg, &status)) == -1)
			return;
		if (!ok) {
			form_err(&f.e, "password", pwmsg);
			layout_page(r, status, T(r->lang,
			    "Two-step verification"), mfa_main, &f);
			return;
		}
		if (enrol_check(r, f.u, code, &ok) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
	} else if (code_check(r, f.u, code, &ok) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (!ok) {
		mfa_fail(r, f.u);
		form_err(&f.e, "code", f.recovery && !f.setup ? T(r->lang,
		    "That recovery code is not valid or was used already. "
		    "Check it against your saved list.") : T(r->lang,
		    "That code is not valid. Check the time on your phone "
		    "and try the newest code."));
		layout_page(r, 401, T(r->lang, "Two-step verification"),
		    mfa_main, &f);
		return;
	}
	(void)guard_success(r->w->cache, mfa_key_of(r, f.u->username));
	if (store_acct_session_mfa_set(r->w->db, r->sess->id) == -1)
		return;
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)f.u->id), f.setup ? "2fa-enable" : "2fa-step-up",
	    f.u->id, f.u->username, "in a signed-in session");
	if (f.setup) {
		memset(&rv, 0, sizeof(rv));
		rv.next = f.next;
		if (account_new_recovery(r, f.u->id, &rv) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
		r->resp.no_cache = 1;
		layout_page(r, 200, T(r->lang, "Your recovery codes"),
		    account_recovery_main, &rv);
		return;
	}
	reply_redirect(r, f.next);
}

/* ---- re-authentication for sensitive acts ---- */

struct reauth_view {
	const struct kv		*form;
	size_t			 n;
	struct form_errs	 e;
};

static void
reauth_main(struct html *w, struct req *r, void *arg)
{
	struct reauth_view	*v = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Confirm with two-step verification"));
	html_lit(w, "</h1>\n");
	form_errors(w, l, &v->e);
	html_lit(w, "<p>");
	html_text(w, T(l, "This action needs a code from your authenticator "
	    "app entered in the last 15 minutes. What you entered on the "
	    "previous page is kept and sent again with the code."));
	html_lit(w, "</p>\n<form method=\"post\" action=\"");
	html_attr(w, r->path);
	html_lit(w, "\" class=\"stack\">");
	layout_csrf(w, r);
	for (i = 0; i < v->n; i++) {
		if (strcmp(v->form[i].key, "csrf") == 0 ||
		    strcmp(v->form[i].key, REAUTH_FIELD) == 0)
			continue;
		html_lit(w, "<input type=\"hidden\" name=\"");
		html_attr(w, v->form[i].key);
		html_lit(w, "\" value=\"");
		html_attr(w, v->form[i].val);
		html_lit(w, "\">");
	}
	form_input(w, REAUTH_FIELD, T(l, "Code or recovery code"), "text",
	    NULL, "one-time-code", NULL, &v->e, 1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Confirm and continue"));
	html_lit(w, "</button></form></section>\n");
}

/*
 * Under /api/, a session without a second factor from the last minutes:
 * 401 problem details saying where to get one (docs/api.md).
 */
static void
stale_problem(struct req *r)
{
	struct problem	p;

	memset(&p, 0, sizeof(p));
	p.status = 401;
	p.code = "second_factor_required";
	p.detail = T(r->lang, "This action needs a second factor from the "
	    "last 15 minutes. Confirm one at /login/verify and send the "
	    "request again, or use an access token with the admin or "
	    "stepup scope.");
	reply_problem(r, &p);
}

int
account_fresh_or_reply(struct req *r)
{
	struct reauth_view	 v;
	struct user		*u = NULL;
	const char		*code = NULL, *msg;
	size_t			 i;
	int			 ok = 0, status = 401;

	if (r->sess == NULL)
		return -1;
	if (r->sess->mfa_at > 0 &&
	    (int64_t)time(NULL) - r->sess->mfa_at <= ACCOUNT_FRESH_SECONDS)
		return 0;
	if (r->is_api) {
		/* a program cannot be shown the form: problem details */
		stale_problem(r);
		return -1;
	}
	memset(&v, 0, sizeof(v));
	v.form = r->form;
	v.n = r->nform;
	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, REAUTH_FIELD) == 0)
			code = r->form[i].val;
	if (store_user_by_id(r->w->db, r->a, r->sess->user_id, &u) == -1 ||
	    u == NULL) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (u->totp_secret[0] == '\0') {
		reply_redirect(r, "/login/verify");
		return -1;
	}
	if (code != NULL && code[0] != '\0') {
		if (mfa_blocked(r, u, &msg) != 0) {
			form_err(&v.e, REAUTH_FIELD, msg);
			status = 429;
		} else if (code_check(r, u, code, &ok) == -1) {
			reply_error(r, 503, NULL);
			return -1;
		} else if (ok) {
			(void)guard_success(r->w->cache,
			    mfa_key_of(r, u->username));
			if (store_acct_session_mfa_set(r->w->db,
			    r->sess->id) == -1) {
				reply_error(r, 503, NULL);
				return -1;
			}
			r->sess->mfa_at = (int64_t)time(NULL);
			return 0;
		} else {
			mfa_fail(r, u);
			form_err(&v.e, REAUTH_FIELD, T(r->lang, "That code is "
			    "not valid. Check the time on your phone and try "
			    "the newest code."));
		}
	}
	r->resp.no_cache = 1;
	layout_page(r, status, T(r->lang, "Confirm with two-step "
	    "verification"), reauth_main, &v);
	return -1;
}

/*
 * A wrong second-factor code for u: counted on the account's own
 * second-factor key; the lock it may bring is stored on the account (so a
 * correct password is refused too) and audited.
 */
static void
mfa_fail(struct req *r, struct user *u)
{
	long	locked = 0, nlocks = 0;

	if (guard_fail(r->w->cache, mfa_key_of(r, u->username), client_of(r),
	    &locked, &nlocks) == 0 && locked > 0) {
		(void)store_user_set_locked(r->w->db, u->id, locked);
		(void)store_audit(r->w->db, "system", "lock", u->id,
		    u->username, arena_printf(r->a, "%ld wrong second-factor "
		    "codes; locked %ld s (lock %ld in 30 days)",
		    (long)GUARD_LOCK_AFTER, locked, nlocks));
		log_info("sign-in: an account was locked for %ld s after "
		    "repeated wrong second-factor codes", locked);
	}
}

int
account_current_password(struct req *r, const struct user *u,
    const char *typed, const char **msg, int *status)
{
	const char		*key = acct_key_of(r, u->username);
	enum guard_verdict	 gv;
	long			 wait_ms = 0, locked = 0, nlocks = 0;
	int			 ok, busy;

	*msg = NULL;
	*status = 400;
	gv = guard_check(r->w->cache, key, client_of(r), &wait_ms);
	if (gv == GUARD_OK && u->locked_until > (int64_t)time(NULL)) {
		gv = GUARD_LOCKED;
		wait_ms = (u->locked_until - (int64_t)time(NULL)) * 1000;
	}
	if (gv != GUARD_OK) {
		*status = 429;
		reply_header(r, "Retry-After", arena_printf(r->a, "%ld",
		    (wait_ms + 999) / 1000 > 0 ? (wait_ms + 999) / 1000 : 1));
		*msg = gv == GUARD_LOCKED ? T(r->lang, "Too many wrong "
		    "passwords: password checks for this account are locked "
		    "for a while. Try again later, or ask a moderator to "
		    "unlock it.") : T(r->lang, "Too many wrong passwords. "
		    "Wait a few seconds and try again.");
		return 0;
	}
	if (throttle_signin_account_or_reply(r, key) == -1)
		return -1;
	ok = acct_password_verify(u->password_hash, typed, &busy);
	if (busy) {
		reply_error(r, 503, NULL);
		return -1;
	}
	if (!ok) {
		if (guard_fail(r->w->cache, key, client_of(r), &locked,
		    &nlocks) == 0 && locked > 0) {
			(void)store_user_set_locked(r->w->db, u->id, locked);
			(void)store_audit(r->w->db, "system", "lock", u->id,
			    u->username, arena_printf(r->a, "%ld wrong "
			    "current passwords in settings; locked %ld s "
			    "(lock %ld in 30 days)", (long)GUARD_LOCK_AFTER,
			    locked, nlocks));
		}
		*msg = T(r->lang, "The current password is not correct.");
		return 0;
	}
	(void)guard_success(r->w->cache, key);
	return 1;
}

/* ---- sign out ---- */

void
page_logout(struct req *r)
{
	const char	*tok;
	char		 hex[65];

	if ((tok = cookie_val(r, SESSION_COOKIE)) != NULL) {
		session_token_hash(tok, strlen(tok), hex);
		if (store_session_delete_hash(r->w->db, hex) == -1)
			return;
	}
	account_session_clear(r);
	reply_redirect(r, "/");
}

/* ---- after the exchange's provider vouched (pages/oidc.c) ---- */

/*
 * The tail of page_login for an identity the provider vouched for: the
 * provider stands in for the password only, so suspension, a lock and
 * the account's second factor apply as after a right password.
 */
void
account_signin_verified(struct req *r, struct user *u, const char *next)
{
	struct login_form	 f;
	const char		*tok;
	char			 hex[65];
	int			 level;

	memset(&f, 0, sizeof(f));
	f.next = next;
	if (u->locked_until > (int64_t)time(NULL)) {
		too_many(r, &f, T(r->lang, "This account is locked for a while "
		    "after too many failed sign-ins. Try again later, or ask a "
		    "moderator to unlock it."),
		    (u->locked_until - (int64_t)time(NULL)) * 1000);
		return;
	}
	if (u->suspended) {
		form_err(&f.e, NULL, T(r->lang, "This account is suspended. "
		    "Contact the exchange's support if you think this is a "
		    "mistake."));
		f.suspended = u;
		f.appeal = appeal_susp_link(r->a, u->id);
		layout_page(r, 403, T(r->lang, "Sign in"), login_main, &f);
		return;
	}
	(void)account_trust_refresh(r, u->id, &level);
	if (u->totp_secret[0] != '\0' || acct_role_needs_2fa(u->role)) {
		tok = new_token(r->a);
		session_token_hash(tok, strlen(tok), hex);
		if (store_challenge_create(r->w->db, hex, u->id,
		    safe_next(r, next)) == -1)
			return;
		reply_cookie(r, MFA_COOKIE, tok, MFA_MAX_AGE);
		reply_redirect(r, "/login/2fa");
		return;
	}
	if (account_session_start(r, u->id) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	reply_redirect(r, safe_next(r, next));
}
