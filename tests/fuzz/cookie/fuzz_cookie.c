/*
 * tests/fuzz/cookie/fuzz_cookie.c: the Cookie header and the session token
 * path (input_cookie -> session_attach -> session_token_hash ->
 * store lookup), and the CSRF check (session_csrf_ok).
 *
 * The input is split on 0x00 into: Cookie header, Host, Origin, Referer,
 * form token (any part may be missing: NULL).  store_session_by_hash is a
 * stub that records the hash it was asked for and "finds" a session when
 * the hash starts with '0', so both the signed-in and anonymous branches
 * run (and the ended-session branch when it starts with '1': the stubbed
 * store_session_delete_ended and reply_cookie).  Checked: the hash asked for is 64 lower-case hex digits and is the
 * SHA-256 of the cookie value; a CSRF token taken from a cookie is 32..64
 * base64url bytes; a generated token is 43 base64url bytes and never
 * accepted in the same request; session_csrf_ok never accepts a foreign
 * Origin, nor a token that differs from the visitor's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/arena.h"
#include "http/input.h"
#include "http/req.h"
#include "http/server.h"
#include "http/session.h"
#include "store/store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char		 asked[65];
static int		 nasked;
static struct session	 fake_sess = { 1, 1, "u", "u", ROLE_USER, 1, 0,
	"0123456789abcdef0123456789abcdef0123456789a" };

int
store_session_by_hash(struct db *db, struct arena *a, const char *hash,
    struct session **out)
{
	(void)db;
	(void)a;
	if (strlen(hash) != 64)
		abort();
	memcpy(asked, hash, 65);
	nasked++;
	*out = hash[0] == '0' ? &fake_sess : NULL;
	return 0;
}

/* A session that is not live has "ended" when its hash starts with '1':
 * session_attach then deletes it and clears the cookie (stubbed). */
int
store_session_delete_ended(struct db *db, const char *hash)
{
	(void)db;
	if (strlen(hash) != 64)
		abort();
	return hash[0] == '1';
}

/* A staff session's last second factor: the stub says "never", so the
 * session acts as a member (session_attach's privilege rule). */
int
store_acct_session_mfa_at(struct db *db, int64_t session_id, int64_t *at)
{
	(void)db;
	(void)session_id;
	*at = 0;
	return 0;
}

/* A personal access token (Authorization: Bearer, api/ paths): none. */
int
store_token_by_hash(struct db *db, struct arena *a, const char *hash,
    const char *ip, struct session **out)
{
	(void)db;
	(void)a;
	(void)ip;
	if (strlen(hash) != 64)
		abort();
	*out = NULL;
	return 0;
}

/* The moderators' open-queue count in the header: none here. */
int
store_modq_open_count(struct db *db, int64_t *n)
{
	(void)db;
	*n = 0;
	return 0;
}

void
reply_cookie(struct req *r, const char *name, const char *value,
    long max_age)
{
	if (r == NULL || name == NULL || value == NULL || max_age != 0)
		abort();
}

static int
b64url(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

static const char *
part(struct arena *a, const uint8_t **p, const uint8_t *end)
{
	const uint8_t	*z;
	const char	*s;

	if (*p > end)
		return NULL;
	if ((z = memchr(*p, 0, (size_t)(end - *p))) == NULL)
		z = end;
	s = arena_strndup(a, (const char *)*p, (size_t)(z - *p));
	*p = z + 1;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req	 r;
	struct worker	 w;
	const uint8_t	*p = data, *end = data + size;
	const char	*form, *v;
	size_t		 vlen, i;
	char		 hex[65];
	int		 ok;

	if (sodium_init() < 0)
		abort();
	memset(&r, 0, sizeof(r));
	memset(&w, 0, sizeof(w));
	r.a = arena_new();
	r.w = &w;
	r.hdr.cookie = part(r.a, &p, end);
	r.hdr.host = part(r.a, &p, end);
	r.hdr.origin = part(r.a, &p, end);
	r.hdr.referer = part(r.a, &p, end);
	form = part(r.a, &p, end);
	nasked = 0;

	if (session_attach(&r, 1) != 0)
		abort();
	v = input_cookie(r.hdr.cookie, r.hdr.cookie ? strlen(r.hdr.cookie) : 0,
	    "sodan_session", &vlen);
	if (nasked) {
		/* Only a well-formed token reaches the store, hashed. */
		if (v == NULL || vlen < 32 || vlen > 64 || !b64url(v, vlen))
			abort();
		session_token_hash(v, vlen, hex);
		if (strcmp(hex, asked) != 0)
			abort();
		for (i = 0; i < 64; i++)
			if (!((hex[i] >= '0' && hex[i] <= '9') ||
			    (hex[i] >= 'a' && hex[i] <= 'f')))
				abort();
	}
	if (r.sess != NULL && (nasked != 1 || r.csrf != fake_sess.csrf))
		abort();
	if (r.csrf == NULL)
		abort();
	if (r.csrf_set && (strlen(r.csrf) != 43 || !b64url(r.csrf, 43)))
		abort();
	if (!r.csrf_set && r.sess == NULL &&
	    (strlen(r.csrf) < 32 || strlen(r.csrf) > 64 ||
	    !b64url(r.csrf, strlen(r.csrf))))
		abort();

	ok = session_csrf_ok(&r, form, 1);
	if (ok && (r.csrf_set || form == NULL || strcmp(form, r.csrf) != 0))
		abort();
	if (ok && r.hdr.origin != NULL && r.hdr.host != NULL &&
	    strcmp(r.hdr.origin, "null") != 0 &&
	    strstr(r.hdr.origin, r.hdr.host) == NULL)
		abort();
	ok = session_csrf_ok(&r, form, 0);
	if (ok && r.hdr.origin != NULL && strcmp(r.hdr.origin, "null") == 0)
		abort();
	arena_free(r.a);
	return 0;
}
