/*
 * http/session.c: visitor identity and CSRF checks.
 */
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "http/input.h"
#include "http/req.h"
#include "http/sesscache.h"
#include "http/session.h"
#include "http/server.h"
#include "lib/arena.h"
#include "store/store.h"

#define CSRF_COOKIE	"sodan_csrf"
#define SESSION_COOKIE	"sodan_session"

static int	same_origin(const struct req *, const char *);
static int	token_chars_ok(const char *, size_t);
static int	bearer_attach(struct req *);

static int
token_chars_ok(const char *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') ||
		    (v[i] >= 'A' && v[i] <= 'Z') ||
		    (v[i] >= '0' && v[i] <= '9') || v[i] == '-' ||
		    v[i] == '_'))
			return 0;
	return 1;
}

void
session_token_hash(const char *token, size_t len, char hex[65])
{
	unsigned char	h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, len);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/*
 * Authorization: Bearer sodan_pat_... on a path under /api/ (and only
 * there: a page never takes a token).  The token is not ambient, so a
 * request that names one needs no CSRF token; its session is the
 * token's account, whatever cookie came along.  A token not of our form
 * or not live sets r->bearer = -1 (the dispatcher answers 401).  The
 * token is hashed at once and never copied or logged.  Returns 1 when
 * the request names a token (live or not), 0 when it names none, -1
 * when the store is unavailable.
 */
static int
bearer_attach(struct req *r)
{
	const char	*h = r->hdr.authorization, *t;
	size_t		 n;
	char		 hex[65];

	if (h == NULL || r->path == NULL || strncmp(r->path, "/api/", 5) != 0 ||
	    strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	for (t = h + 7; *t == ' '; t++)
		;
	n = strlen(t);
	while (n > 0 && t[n - 1] == ' ')
		n--;
	r->bearer = -1;
	if (n != SESSION_PAT_LEN ||
	    strncmp(t, SESSION_PAT_PREFIX, sizeof(SESSION_PAT_PREFIX) - 1) ||
	    !token_chars_ok(t, n) || r->w == NULL)
		return 1;
	session_token_hash(t, n, hex);
	if (store_token_by_hash(r->w->db, r->a, hex, r->client_ip,
	    &r->sess) == -1)
		return -1;
	if (r->sess == NULL)
		return 1;
	r->bearer = 1;
	/*
	 * The admin scope, on an administrator's token, includes moderate
	 * and stepup (it stands for the same recent second factor); stepup,
	 * on a moderator's, includes moderate.  On an account that lost the
	 * role they add nothing: the role is read afresh with the token.
	 */
	if (r->sess->role >= ROLE_ADMIN &&
	    (r->sess->token_scopes & TOKEN_SCOPE_ADMIN))
		r->sess->token_scopes |= TOKEN_SCOPE_MODERATE |
		    TOKEN_SCOPE_STEPUP;
	if (r->sess->role >= ROLE_MODERATOR &&
	    (r->sess->token_scopes & TOKEN_SCOPE_STEPUP))
		r->sess->token_scopes |= TOKEN_SCOPE_MODERATE;
	if (r->sess->role < ROLE_MODERATOR)
		r->sess->token_scopes &= ~(unsigned)TOKEN_SCOPE_STEPUP;
	/*
	 * Without the moderate scope a moderator's or an admin's token acts
	 * as a member's: no held posts shown, no moderator power reached
	 * through a handler's own check.
	 */
	if (r->sess->role >= ROLE_MODERATOR &&
	    !(r->sess->token_scopes & TOKEN_SCOPE_MODERATE))
		r->sess->role = ROLE_USER;
	/*
	 * Likewise an administrator's token without the admin scope acts as
	 * a moderator's (with moderate) or a member's: no admin route, no
	 * administrator's power through a handler's own check.
	 */
	if (r->sess->role >= ROLE_ADMIN &&
	    !(r->sess->token_scopes & TOKEN_SCOPE_ADMIN))
		r->sess->role = ROLE_MODERATOR;
	return 1;
}

int
session_attach(struct req *r, int need_token)
{
	const char	*v;
	size_t		 vlen = 0;
	unsigned char	 raw[32];
	char		*tok;
	uint64_t	 epoch;
	char		 hex[65];

	r->sess = NULL;
	switch (bearer_attach(r)) {
	case -1:
		return -1;
	case 1:
		return 0;
	default:
		break;
	}
	v = r->hdr.cookie ? input_cookie(r->hdr.cookie, strlen(r->hdr.cookie),
	    SESSION_COOKIE, &vlen) : NULL;
	if (v != NULL && vlen >= 32 && vlen <= 64 && token_chars_ok(v, vlen) &&
	    r->w != NULL) {
		session_token_hash(v, vlen, hex);
		if (!r->is_api && sesscache_get(hex, r->a, &r->sess) == 1) {
			r->csrf = r->sess->csrf;
			return 0;
		}
		epoch = sesscache_epoch();
		if (store_session_by_hash(r->w->db, r->a, hex, &r->sess) == -1)
			return -1;
		if (r->sess != NULL) {
			r->csrf = r->sess->csrf;
			r->sess->granted = r->sess->role;
			if (r->sess->role > ROLE_USER) {
				if (store_acct_session_mfa_at(r->w->db,
				    r->sess->id, &r->sess->mfa_at) == -1)
					return -1;
				if (r->sess->mfa_at == 0)
					r->sess->role = ROLE_USER;
			}
			if (r->sess->role >= ROLE_MODERATOR && !r->is_api &&
			    store_modq_open_count(r->w->db,
			    &r->sess->modq_open) == -1)
				return -1;
			if (!r->is_api)
				sesscache_put(hex, r->sess, epoch);
			return 0;
		}
		/*
		 * Not live: if the session ended (idle or absolute expiry),
		 * its row goes now and the browser forgets the cookie.  A
		 * suspended member's live session is left alone.
		 */
		if (store_session_delete_ended(r->w->db, hex) == 1)
			reply_cookie(r, SESSION_COOKIE, "", 0);
	}
	v = r->hdr.cookie ? input_cookie(r->hdr.cookie, strlen(r->hdr.cookie),
	    CSRF_COOKIE, &vlen) : NULL;
	if (v != NULL && vlen >= 32 && vlen <= 64 && token_chars_ok(v, vlen)) {
		r->csrf = arena_strndup(r->a, v, vlen);
		return 0;
	}
	if (!need_token)
		return 0;
	randombytes_buf(raw, sizeof(raw));
	tok = arena_alloc(r->a, sodium_base64_ENCODED_LEN(sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING));
	sodium_bin2base64(tok, sodium_base64_ENCODED_LEN(sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	r->csrf = tok;
	r->csrf_set = 1;
	return 0;
}

int
session_attach_cached(struct req *r)
{
	const char	*v;
	size_t		 vlen = 0;
	char		 hex[65];

	r->sess = NULL;
	if (r->is_api || r->hdr.cookie == NULL)
		return 0;
	v = input_cookie(r->hdr.cookie, strlen(r->hdr.cookie), SESSION_COOKIE,
	    &vlen);
	if (v == NULL || vlen < 32 || vlen > 64 || !token_chars_ok(v, vlen))
		return 0;
	session_token_hash(v, vlen, hex);
	if (sesscache_get(hex, r->a, &r->sess) != 1)
		return 0;
	r->csrf = r->sess->csrf;
	return 1;
}

/* Origin (or Referer) must be http(s)://<Host>[/...]; absent both: allowed
 * only for non-browser clients that send neither (the token still guards). */
static int
same_origin(const struct req *r, const char *o)
{
	const char	*h = r->hdr.host, *p;
	size_t		 hl;

	if (h == NULL)
		return 0;
	if (strncmp(o, "http://", 7) == 0)
		p = o + 7;
	else if (strncmp(o, "https://", 8) == 0)
		p = o + 8;
	else
		return 0;
	hl = strlen(h);
	return strncmp(p, h, hl) == 0 && (p[hl] == '\0' || p[hl] == '/');
}

int
session_csrf_ok(struct req *r, const char *form_token, int need_token)
{
	const char	*t;

	if (r->hdr.origin != NULL && strcmp(r->hdr.origin, "null") != 0) {
		if (!same_origin(r, r->hdr.origin))
			return 0;
	} else if (r->hdr.referer != NULL && !same_origin(r, r->hdr.referer))
		return 0;
	else if (r->hdr.origin != NULL)	/* "null": sandboxed or privacy mode */
		return 0;
	if (!need_token)
		return 1;
	t = form_token ? form_token : r->hdr.x_csrf_token;
	if (t == NULL || r->csrf == NULL || r->csrf_set)
		return 0;
	return strlen(t) == strlen(r->csrf) &&
	    sodium_memcmp(t, r->csrf, strlen(t)) == 0;
}
