/* pages/tokens.c: personal access tokens for the JSON API: list, create (shown once), revoke */
/*
 * A token is "sodan_pat_" and 43 characters of base64url (256 random
 * bits from libsodium).  It is shown once, in the answer to the form
 * that made it (never stored, cached or logged); the table api_tokens
 * keeps its hex SHA-256 like sessions.token_hash (sql/0147).  Scopes:
 * read (GET), write (other methods), moderate (moderator routes; offered
 * only to a session holding moderator or admin powers, and checked again
 * on every use, http/dispatch.c), admin (admin routes; offered only to
 * a session holding administrator powers, always after a second factor
 * from the last 15 minutes, and the token lives one day: it stands for
 * the fresh second factor the console's changes ask of a browser; sql/0185),
 * stepup (the moderator routes that ask a browser for a recent second
 * factor: purge, campaign, undo, rules reload; offered to moderators on
 * the admin scope's terms, sql/0193).  The two are TOKEN_SCOPES_FRESH.
 * An account with two-step verification
 * confirms a code from the last 15 minutes before a token is made
 * (account_fresh_or_reply), as for the other sensitive settings.  Making
 * and revoking are written to the audit log.  docs/api.md.
 */
#include <string.h>
#include <stdlib.h>

#include <sodium.h>

#include "http/req.h"
#include "http/server.h"
#include "http/session.h"
#include "lib/arena.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

/* Expiry choices, in the order of the field's enum (routes.c). */
static const int expiry_days[] = { 30, 7, 90, 365, 0 };
static const char *const expiry_labels[] = {
	N_("30 days"), N_("7 days"), N_("90 days"), N_("1 year"),
	N_("Never (until revoked)")
};
#define NEXPIRY	(sizeof(expiry_days) / sizeof(expiry_days[0]))
/* an admin- or stepup-scoped token lives this long, whatever was chosen */
#define ADMIN_TOKEN_DAYS	1

struct tokens_view {
	struct token_row	*t;
	size_t			 n;
	const char		*shown;		/* the new token, once */
	const char		*shown_name;
	const char		*name;		/* as typed, when refused */
	unsigned		 scopes;	/* as ticked, when refused */
	int			 expiry;
	int			 may_moderate;
	int			 may_admin;
	struct form_errs	 e;
};

static void	tokens_main(struct html *, struct req *, void *);
static void	scope_box(struct html *, const char *, const char *,
		    const char *, int);
static void	scopes_text(struct html *, enum lang, unsigned);
static void	show(struct req *, struct tokens_view *, int);
static char	*new_pat(struct arena *);

static void
scope_box(struct html *w, const char *name, const char *label,
    const char *hint, int on)
{
	html_lit(w, "<div><label><input type=\"checkbox\" name=\"");
	html_attr(w, name);
	html_lit(w, "\" value=\"1\"");
	if (on)
		html_lit(w, " checked");
	html_lit(w, "> ");
	html_text(w, label);
	html_lit(w, "</label> <span class=\"muted\">");
	html_text(w, hint);
	html_lit(w, "</span></div>");
}

static void
scopes_text(struct html *w, enum lang l, unsigned s)
{
	int	first = 1;

	if (s & TOKEN_SCOPE_READ) {
		html_text(w, T(l, "read"));
		first = 0;
	}
	if (s & TOKEN_SCOPE_WRITE) {
		if (!first)
			html_lit(w, ", ");
		html_text(w, T(l, "write"));
		first = 0;
	}
	if (s & TOKEN_SCOPE_MODERATE) {
		if (!first)
			html_lit(w, ", ");
		html_text(w, T(l, "moderate"));
		first = 0;
	}
	if (s & TOKEN_SCOPE_ADMIN) {
		if (!first)
			html_lit(w, ", ");
		html_text(w, T(l, "admin"));
		first = 0;
	}
	if (s & TOKEN_SCOPE_STEPUP) {
		if (!first)
			html_lit(w, ", ");
		html_text(w, T(l, "stepup"));
	}
}

static void
tokens_main(struct html *w, struct req *r, void *arg)
{
	struct tokens_view	*v = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Access tokens"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "A personal access token lets a program use the "
	    "forum's API as you: send it in the header \"Authorization: "
	    "Bearer\". Treat it like a password: anyone who has it can act "
	    "with the scopes you give it."));
	html_lit(w, " <a href=\"/api/v1/openapi.json\">");
	html_text(w, T(l, "API description (OpenAPI)"));
	html_lit(w, "</a></p>\n");
	if (v->shown != NULL) {
		html_lit(w, "<section class=\"notice token-shown\" "
		    "role=\"status\" aria-labelledby=\"tok-new-h\"><h2 "
		    "id=\"tok-new-h\">");
		html_text(w, T(l, "Your new token"));
		html_lit(w, "</h2><p><strong>");
		html_text(w, T(l, "Copy it now: it is shown only this once and "
		    "cannot be shown again."));
		html_lit(w, "</strong></p><p>");
		html_text(w, v->shown_name);
		html_lit(w, "</p><p><code class=\"token-value\" "
		    "id=\"new-token\">");
		html_text(w, v->shown);
		html_lit(w, "</code></p></section>\n");
	}

	html_lit(w, "<section aria-labelledby=\"tok-make-h\"><h2 "
	    "id=\"tok-make-h\">");
	html_text(w, T(l, "New token"));
	html_lit(w, "</h2>\n");
	form_errors(w, l, &v->e);
	html_lit(w, "<form method=\"post\" action=\"/settings/tokens\" "
	    "class=\"stack\">");
	layout_csrf(w, r);
	form_input(w, "name", T(l, "Name"), "text", v->name, "off",
	    T(l, "What the token is for, e.g. \"my trading bot\" (1 to 100 "
	    "characters)."), &v->e, 1);
	html_lit(w, "<fieldset id=\"scopes\"><legend>");
	html_text(w, T(l, "Scopes"));
	html_lit(w, "</legend>");
	scope_box(w, "scope_read", T(l, "read"), T(l, "Read threads, "
	    "notifications and what your account may see."),
	    (v->scopes & TOKEN_SCOPE_READ) != 0);
	scope_box(w, "scope_write", T(l, "write"), T(l, "Post, edit, vote, "
	    "accept, flag and watch as you."),
	    (v->scopes & TOKEN_SCOPE_WRITE) != 0);
	if (v->may_moderate)
		scope_box(w, "scope_moderate", T(l, "moderate"), T(l,
		    "Moderator actions: queues and decisions."),
		    (v->scopes & TOKEN_SCOPE_MODERATE) != 0);
	if (v->may_admin)
		scope_box(w, "scope_admin", T(l, "admin"), T(l,
		    "Admin console actions: categories, tags, members, "
		    "settings, lists, webhooks. The token lives one day."),
		    (v->scopes & TOKEN_SCOPE_ADMIN) != 0);
	if (v->may_moderate)
		scope_box(w, "scope_stepup", T(l, "stepup"), T(l,
		    "Moderator actions that ask for a recent second factor: "
		    "purge an account, campaign purge, undo, rules reload. "
		    "Includes moderate. The token lives one day."),
		    (v->scopes & TOKEN_SCOPE_STEPUP) != 0);
	html_lit(w, "</fieldset><div><label for=\"expires\">");
	html_text(w, T(l, "Expires after"));
	html_lit(w, "</label> <select id=\"expires\" name=\"expires\">");
	for (i = 0; i < NEXPIRY; i++) {
		html_lit(w, "<option value=\"");
		html_int(w, (int64_t)i);
		html_lit(w, "\"");
		if ((int)i == v->expiry)
			html_lit(w, " selected");
		html_lit(w, ">");
		html_text(w, i18n_get(l, expiry_labels[i]));
		html_lit(w, "</option>");
	}
	html_lit(w, "</select></div><button type=\"submit\" "
	    "class=\"button\">");
	html_text(w, T(l, "Create token"));
	html_lit(w, "</button></form></section>\n");

	html_lit(w, "<section aria-labelledby=\"tok-list-h\"><h2 "
	    "id=\"tok-list-h\">");
	html_text(w, T(l, "Your tokens"));
	html_lit(w, "</h2>\n");
	if (v->n == 0) {
		html_lit(w, "<p class=\"muted\">");
		html_text(w, T(l, "You have no tokens."));
		html_lit(w, "</p></section>\n");
		return;
	}
	html_lit(w, "<ul class=\"token-list\">\n");
	for (i = 0; i < v->n; i++) {
		html_lit(w, "<li class=\"token-row\"><h3>");
		html_text(w, v->t[i].name);
		html_lit(w, "</h3><dl><dt>");
		html_text(w, T(l, "Scopes"));
		html_lit(w, "</dt><dd>");
		scopes_text(w, l, v->t[i].scopes);
		html_lit(w, "</dd><dt>");
		html_text(w, T(l, "Created"));
		html_lit(w, "</dt><dd>");
		widget_time(w, l, v->t[i].created);
		html_lit(w, "</dd><dt>");
		html_text(w, T(l, "Expires"));
		html_lit(w, "</dt><dd>");
		if (v->t[i].expires == 0)
			html_text(w, T(l, "Never"));
		else
			widget_time(w, l, v->t[i].expires);
		html_lit(w, "</dd><dt>");
		html_text(w, T(l, "Last used"));
		html_lit(w, "</dt><dd>");
		if (v->t[i].last_used == 0)
			html_text(w, T(l, "Never used"));
		else {
			widget_time(w, l, v->t[i].last_used);
			html_lit(w, " <span class=\"muted\">");
			html_text(w, v->t[i].last_ip);
			html_lit(w, "</span>");
		}
		html_lit(w, "</dd></dl>");
		if (v->t[i].revoked != 0) {
			html_lit(w, "<p class=\"muted\">");
			html_text(w, T(l, "Revoked"));
			html_lit(w, "</p>");
		} else if (v->t[i].expired) {
			html_lit(w, "<p class=\"muted\">");
			html_text(w, T(l, "Expired"));
			html_lit(w, "</p>");
		} else {
			html_lit(w, "<form method=\"post\" "
			    "action=\"/settings/tokens/");
			html_int(w, v->t[i].id);
			html_lit(w, "/revoke\" class=\"token-revoke\">");
			layout_csrf(w, r);
			html_lit(w, "<label><input type=\"checkbox\" "
			    "name=\"confirm\" value=\"1\" required> ");
			html_text(w, T(l, "Programs using it stop working"));
			html_lit(w, "</label> <button type=\"submit\" "
			    "class=\"button\">");
			html_text(w, T(l, "Revoke"));
			html_lit(w, "</button></form>");
		}
		html_lit(w, "</li>\n");
	}
	html_lit(w, "</ul></section>\n");
}

/* "sodan_pat_" + base64url of 32 random bytes (arena-owned). */
static char *
new_pat(struct arena *a)
{
	unsigned char	 raw[32];
	size_t		 pl = sizeof(SESSION_PAT_PREFIX) - 1;
	size_t		 bl = sodium_base64_ENCODED_LEN(sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char		*t = arena_alloc(a, pl + bl);

	randombytes_buf(raw, sizeof(raw));
	memcpy(t, SESSION_PAT_PREFIX, pl);
	sodium_bin2base64(t + pl, bl, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return t;
}

static void
show(struct req *r, struct tokens_view *v, int status)
{
	v->may_moderate = r->sess->role >= ROLE_MODERATOR;
	v->may_admin = r->sess->role >= ROLE_ADMIN;
	if (store_tokens_by_user(r->w->db, r->a, r->sess->user_id, &v->t,
	    &v->n) == -1)
		return;
	r->resp.no_cache = 1;
	reply_header(r, "Cache-Control", "no-store");
	layout_page(r, status, T(r->lang, "Access tokens"), tokens_main, v);
}

void
page_tokens(struct req *r)
{
	struct tokens_view	v;

	memset(&v, 0, sizeof(v));
	v.scopes = TOKEN_SCOPE_READ;
	show(r, &v, 200);
}

void
page_token_create(struct req *r)
{
	struct tokens_view	 v;
	struct user		*u = NULL;
	struct buf		 sc;
	char			 hex[65], *tok;
	int64_t			 id;

	memset(&v, 0, sizeof(v));
	v.name = r->f[F_TOK_NAME].present ? r->f[F_TOK_NAME].s : "";
	v.expiry = r->f[F_TOK_EXPIRES].present ? (int)r->f[F_TOK_EXPIRES].i :
	    0;
	if (r->f[F_TOK_READ].present && r->f[F_TOK_READ].i)
		v.scopes |= TOKEN_SCOPE_READ;
	if (r->f[F_TOK_WRITE].present && r->f[F_TOK_WRITE].i)
		v.scopes |= TOKEN_SCOPE_WRITE;
	if (r->f[F_TOK_MODERATE].present && r->f[F_TOK_MODERATE].i)
		v.scopes |= TOKEN_SCOPE_MODERATE;
	if (r->f[F_TOK_ADMIN].present && r->f[F_TOK_ADMIN].i)
		v.scopes |= TOKEN_SCOPE_ADMIN;
	if (r->f[F_TOK_STEPUP].present && r->f[F_TOK_STEPUP].i)
		v.scopes |= TOKEN_SCOPE_STEPUP;

	if (store_user_by_id(r->w->db, r->a, r->sess->user_id, &u) == -1)
		return;
	if (u == NULL) {
		reply_error(r, 403, NULL);
		return;
	}
	/*
	 * Two-step verification on: a code from the last 15 minutes (a
	 * member's session does not carry mfa_at: read it here).
	 */
	if (u->totp_secret[0] != '\0' || (v.scopes & TOKEN_SCOPES_FRESH)) {
		if (r->sess->mfa_at == 0 && store_acct_session_mfa_at(r->w->db,
		    r->sess->id, &r->sess->mfa_at) == -1)
			return;
		if (account_fresh_or_reply(r) == -1)
			return;
	}

	if (v.name[0] == '\0')
		form_err(&v.e, "name", T(r->lang, "Give the token a name."));
	if (v.scopes == 0)
		form_err(&v.e, "scopes", T(r->lang, "Choose at least one "
		    "scope."));
	if ((v.scopes & TOKEN_SCOPE_MODERATE) &&
	    r->sess->role < ROLE_MODERATOR)
		form_err(&v.e, "scopes", T(r->lang, "Only moderators may "
		    "give a token the moderate scope."));
	if ((v.scopes & TOKEN_SCOPE_ADMIN) && r->sess->role < ROLE_ADMIN)
		form_err(&v.e, "scopes", T(r->lang, "Only administrators may "
		    "give a token the admin scope."));
	if ((v.scopes & TOKEN_SCOPE_STEPUP) && r->sess->role < ROLE_MODERATOR)
		form_err(&v.e, "scopes", T(r->lang, "Only moderators may "
		    "give a token the stepup scope."));
	if (v.e.n > 0) {
		show(r, &v, 400);
		return;
	}

	buf_init(&sc, r->a);
	buf_puts(&sc, "");
	if (v.scopes & TOKEN_SCOPE_READ)
		buf_puts(&sc, "read ");
	if (v.scopes & TOKEN_SCOPE_WRITE)
		buf_puts(&sc, "write ");
	if (v.scopes & TOKEN_SCOPE_MODERATE)
		buf_puts(&sc, "moderate ");
	if (v.scopes & TOKEN_SCOPE_ADMIN)
		buf_puts(&sc, "admin ");
	if (v.scopes & TOKEN_SCOPE_STEPUP)
		buf_puts(&sc, "stepup ");
	sc.p[sc.len - 1] = '\0';

	tok = new_pat(r->a);
	session_token_hash(tok, strlen(tok), hex);
	/* admin and stepup stand for a fresh second factor: one day */
	if (store_token_create(r->w->db, u->id, v.name, hex, sc.p,
	    (v.scopes & TOKEN_SCOPES_FRESH) ? ADMIN_TOKEN_DAYS :
	    expiry_days[v.expiry >= 0 && (size_t)v.expiry < NEXPIRY ?
	    v.expiry : 0], &id) == -1)
		return;
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)u->id), "token-create", u->id, u->username,
	    arena_printf(r->a, "token %lld (%s): %s", (long long)id, v.name,
	    sc.p));
	v.shown = tok;
	v.shown_name = v.name;
	v.name = NULL;
	v.scopes = TOKEN_SCOPE_READ;
	v.expiry = 0;
	show(r, &v, 200);
}

void
page_token_revoke(struct req *r)
{
	struct tokens_view	 v;
	int64_t			 id = strtoll(r->param[0], NULL, 10);
	int			 done = 0;

	if (id <= 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (!r->f[F_TOKR_CONFIRM].present || !r->f[F_TOKR_CONFIRM].i) {
		memset(&v, 0, sizeof(v));
		v.scopes = TOKEN_SCOPE_READ;
		form_err(&v.e, NULL, T(r->lang, "Confirm the revocation: the "
		    "token was not revoked."));
		show(r, &v, 400);
		return;
	}
	if (store_token_revoke(r->w->db, id, r->sess->user_id, &done) == -1)
		return;
	if (!done) {
		reply_error(r, 404, NULL);
		return;
	}
	(void)store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)r->sess->user_id), "token-revoke", r->sess->user_id,
	    r->sess->username, arena_printf(r->a, "token %lld",
	    (long long)id));
	reply_redirect(r, "/settings/tokens");
}
