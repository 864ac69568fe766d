/*
 * pages/recover.c: the e-mail identity: "forgot your password?" (a
 * single-use link valid 30 minutes), setting the password from it, the
 * address in settings (confirmed by a link; the old address is told of a
 * change), and its confirmation.
 *
 * The forgot-password answer is the same whether or not an account has
 * the address, and requests are limited per client address
 * (signin_ip) and per e-mail address (signin_account, keyed by a hash of
 * "mail:" and the address), through the Redis limiter.  Tokens travel
 * only in the mail; the database keeps their SHA-256.  Every mail is
 * written to the outbox in the transaction of its event (mail_enqueue).
 */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "acct/acct.h"
#include "cache/guard.h"
#include "http/req.h"
#include "http/server.h"
#include "http/session.h"
#include "http/throttle.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "mail/mail.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

#define RESET_MINUTES	30
#define VERIFY_MINUTES	(3 * 24 * 60)

struct forgot_view {
	int			 sent;
	const char		*email;
	struct form_errs	 e;
};

struct reset_view {
	const char		*token;
	int			 bad;		/* the link is not live */
	struct form_errs	 e;
};

static void	 forgot_main(struct html *, struct req *, void *);
static void	 reset_main(struct html *, struct req *, void *);
static void	 confirmed_main(struct html *, struct req *, void *);
static char	*new_token(struct arena *, char hex[65]);
static const char *lower(struct arena *, const char *);

/* A random 256-bit token (base64url) and the hex SHA-256 that is stored. */
static char *
new_token(struct arena *a, char hex[65])
{
	unsigned char	 raw[32];
	size_t		 n = sodium_base64_ENCODED_LEN(sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char		*t = arena_alloc(a, n);

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(t, n, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	session_token_hash(t, strlen(t), hex);
	return t;
}

static const char *
lower(struct arena *a, const char *s)
{
	char	*o = arena_strdup(a, s);
	size_t	 i;

	for (i = 0; o[i] != '\0'; i++)
		o[i] = (char)tolower((unsigned char)o[i]);
	return o;
}

/* ---- forgot ---- */

static void
forgot_main(struct html *w, struct req *r, void *arg)
{
	struct forgot_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Forgot your password?"));
	html_lit(w, "</h1>\n");
	form_errors(w, l, &v->e);
	if (v->sent) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, T(l, "If an account has this confirmed e-mail "
		    "address, a link to set a new password is on its way. It "
		    "works once, for 30 minutes."));
		html_lit(w, "</p><p><a href=\"/login\">");
		html_text(w, T(l, "Sign in"));
		html_lit(w, "</a></p></section>\n");
		return;
	}
	html_lit(w, "<p>");
	html_text(w, T(l, "Enter the e-mail address of your account. We send "
	    "a link to set a new password to a confirmed address."));
	html_lit(w, "</p><form method=\"post\" action=\"/login/forgot\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	form_input(w, "email", T(l, "E-mail address"), "email", v->email,
	    "email", NULL, &v->e, 1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Send the link"));
	html_lit(w, "</button></form></section>\n");
}

void
page_forgot_form(struct req *r)
{
	struct forgot_view	v;

	memset(&v, 0, sizeof(v));
	layout_page(r, 200, T(r->lang, "Forgot your password?"), forgot_main,
	    &v);
}

void
page_forgot(struct req *r)
{
	struct forgot_view	 v;
	struct mail_vars	 mv;
	const char		*email = r->f[F_FORGOT_EMAIL].s, *tok;
	char			 hex[65];
	int64_t			 uid = 0;

	memset(&v, 0, sizeof(v));
	v.email = email;
	if (!mail_address_ok(email)) {
		form_err(&v.e, "email", T(r->lang, "Enter an e-mail address "
		    "such as name@example.com."));
		layout_page(r, 400, T(r->lang, "Forgot your password?"),
		    forgot_main, &v);
		return;
	}
	if (throttle_signin_ip_or_reply(r) == -1 ||
	    throttle_signin_account_or_reply(r, arena_printf(r->a, "mail:%s",
	    lower(r->a, email))) == -1)
		return;
	if (store_mail_user_by_email(r->w->db, email, &uid) == -1)
		return;
	if (uid != 0) {
		tok = new_token(r->a, hex);
		memset(&mv, 0, sizeof(mv));
		mv.link = mail_url(r->a, arena_printf(r->a,
		    "/login/reset?token=%s", tok));
		if (store_mail_begin(r->w->db) == -1 ||
		    store_mail_tokens_void(r->w->db, uid, "reset") == -1 ||
		    store_mail_token_add(r->w->db, hex, uid, "reset", email,
		    RESET_MINUTES) == -1 ||
		    mail_enqueue(r->w->db, r->a, uid, NULL, MAIL_RESET,
		    &mv) == -1 || store_mail_commit(r->w->db) == -1) {
			store_mail_rollback(r->w->db);
			reply_error(r, 503, NULL);
			return;
		}
	}
	v.sent = 1;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Forgot your password?"), forgot_main,
	    &v);
}

/* ---- reset ---- */

static void
reset_main(struct html *w, struct req *r, void *arg)
{
	struct reset_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(l, "Set a new password"));
	html_lit(w, "</h1>\n");
	form_errors(w, l, &v->e);
	if (v->bad) {
		html_lit(w, "<p>");
		html_text(w, T(l, "This link does not work any more: it was "
		    "used, it is older than 30 minutes, or a newer one was "
		    "sent. Ask for a new one."));
		html_lit(w, "</p><p><a class=\"button\" href=\"/login/forgot\">");
		html_text(w, T(l, "Forgot your password?"));
		html_lit(w, "</a></p></section>\n");
		return;
	}
	html_lit(w, "<form method=\"post\" action=\"/login/reset\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"token\" value=\"");
	html_attr(w, v->token);
	html_lit(w, "\">");
	form_input(w, "password", T(l, "New password"), "password", NULL,
	    "new-password", T(l, "At least 10 characters. Every session of "
	    "the account is signed out."), &v->e, 1);
	form_input(w, "password2", T(l, "New password again"), "password",
	    NULL, "new-password", NULL, &v->e, 1);
	html_lit(w, "<button type=\"submit\" class=\"button\">");
	html_text(w, T(l, "Set the password"));
	html_lit(w, "</button></form></section>\n");
}

void
page_reset_form(struct req *r)
{
	struct reset_view	 v;
	const char		*email;
	char			 hex[65];
	int64_t			 uid = 0;

	memset(&v, 0, sizeof(v));
	v.token = r->f[F_RESET_TOKEN].present ? r->f[F_RESET_TOKEN].s : "";
	session_token_hash(v.token, strlen(v.token), hex);
	if (v.token[0] != '\0' && store_mail_token_peek(r->w->db, r->a, hex,
	    "reset", &uid, &email) == -1)
		return;
	v.bad = uid == 0;
	r->resp.no_cache = 1;
	reply_header(r, "Referrer-Policy", "same-origin");
	layout_page(r, v.bad ? 400 : 200, T(r->lang, "Set a new password"),
	    reset_main, &v);
}

void
page_reset(struct req *r)
{
	struct reset_view	 v;
	struct user		*u = NULL;
	const char		*pw = r->f[F_RESET_PW].s, *email, *key = NULL,
				*name;
	char			 hex[65], hash[ACCT_HASH_MAX];
	enum acct_pw_err	 pe;
	int64_t			 uid = 0;

	memset(&v, 0, sizeof(v));
	v.token = r->f[F_RESET_TOKEN].s;
	session_token_hash(v.token, strlen(v.token), hex);
	if (store_mail_token_peek(r->w->db, r->a, hex, "reset", &uid,
	    &email) == -1 || (uid != 0 && store_user_by_id(r->w->db, r->a,
	    uid, &u) == -1))
		return;
	if (u == NULL) {
		v.bad = 1;
		layout_page(r, 400, T(r->lang, "Set a new password"),
		    reset_main, &v);
		return;
	}
	if ((pe = acct_password_check(pw, u->username)) != ACCT_PW_OK)
		form_err(&v.e, "password", i18n_get(r->lang,
		    acct_password_msg(pe)));
	else if (strcmp(pw, r->f[F_RESET_PW2].s) != 0)
		form_err(&v.e, "password2", T(r->lang, "The two passwords are "
		    "not the same."));
	if (v.e.n > 0) {
		layout_page(r, 400, T(r->lang, "Set a new password"),
		    reset_main, &v);
		return;
	}
	if (acct_password_hash(pw, hash) == -1 ||
	    store_mail_reset_password(r->w->db, r->a, hex, hash, &uid) == -1)
		return;
	sodium_memzero(hash, sizeof(hash));
	if (uid == 0) {			/* used meanwhile by another request */
		v.bad = 1;
		layout_page(r, 400, T(r->lang, "Set a new password"),
		    reset_main, &v);
		return;
	}
	if (acct_username(r->a, u->username, &name, &key) == ACCT_NAME_OK)
		(void)guard_unlock(r->w->cache, key);
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)u->id), "password-reset-mail", u->id, u->username,
	    "every session signed out");
	account_session_clear(r);
	reply_redirect(r, "/login");
}

/* ---- the address in settings ---- */

int
recover_set_email(struct req *r, const struct user *u, const char *email,
    const char **msg)
{
	struct mail_user	 old;
	struct mail_vars	 mv;
	const char		*tok;
	char			 hex[65];
	int			 taken = 0;

	*msg = NULL;
	if (email[0] != '\0' && !mail_address_ok(email)) {
		*msg = T(r->lang, "Enter an e-mail address such as "
		    "name@example.com.");
		return 0;
	}
	if (email[0] == '\0' && acct_role_needs_2fa(u->role)) {
		*msg = T(r->lang, "Staff, moderators and admins must keep an "
		    "e-mail address.");
		return 0;
	}
	if (store_mail_user(r->w->db, r->a, u->id, &old) == -1)
		return -1;
	if (strcasecmp(old.email, email) == 0)
		return 1;
	if (store_mail_begin(r->w->db) == -1)
		return -1;
	if (store_mail_set_email(r->w->db, u->id, email, &taken) == -1)
		goto fail;
	if (taken) {
		store_mail_rollback(r->w->db);
		*msg = T(r->lang, "Another account uses this e-mail address.");
		return 0;
	}
	if (store_mail_tokens_void(r->w->db, u->id, "verify") == -1 ||
	    store_mail_tokens_void(r->w->db, u->id, "reset") == -1)
		goto fail;
	if (email[0] != '\0') {
		tok = new_token(r->a, hex);
		memset(&mv, 0, sizeof(mv));
		mv.link = mail_url(r->a, arena_printf(r->a,
		    "/settings/email/confirm?token=%s", tok));
		if (store_mail_token_add(r->w->db, hex, u->id, "verify", email,
		    VERIFY_MINUTES) == -1 || mail_enqueue(r->w->db, r->a,
		    u->id, email, MAIL_VERIFY, &mv) == -1)
			goto fail;
	}
	if (old.email[0] != '\0') {
		memset(&mv, 0, sizeof(mv));
		if (mail_enqueue(r->w->db, r->a, u->id, old.email,
		    MAIL_EMAIL_CHANGED, &mv) == -1)
			goto fail;
	}
	if (store_mail_commit(r->w->db) == -1)
		return -1;
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)u->id), "email-change", u->id, u->username,
	    email[0] ? "confirmation sent" : "removed");
	return 1;
fail:
	store_mail_rollback(r->w->db);
	return -1;
}

static void
confirmed_main(struct html *w, struct req *r, void *arg)
{
	int	ok = *(int *)arg;

	html_lit(w, "<section class=\"narrow\"><h1>");
	html_text(w, T(r->lang, "E-mail address"));
	html_lit(w, "</h1><p>");
	html_text(w, ok ? T(r->lang, "Your e-mail address is confirmed.") :
	    T(r->lang, "This link does not work any more. Change the address "
	    "in your settings again to get a new one."));
	html_lit(w, "</p><p><a href=\"/settings\">");
	html_text(w, T(r->lang, "Account settings"));
	html_lit(w, "</a></p></section>\n");
}

void
page_email_confirm(struct req *r)
{
	const char	*tok = r->f[F_RESET_TOKEN].present ?
	    r->f[F_RESET_TOKEN].s : "", *email;
	char		 hex[65];
	int64_t		 uid = 0;
	int		 ok = 0;

	session_token_hash(tok, strlen(tok), hex);
	if (tok[0] != '\0' && (store_mail_token_use(r->w->db, r->a, hex,
	    "verify", &uid, &email) == -1 || (uid != 0 &&
	    store_mail_email_verified(r->w->db, uid, email, &ok) == -1)))
		return;
	r->resp.no_cache = 1;
	reply_header(r, "Referrer-Policy", "same-origin");
	layout_page(r, ok ? 200 : 400, T(r->lang, "E-mail address"),
	    confirmed_main, &ok);
}
