/*
 * oidc/oidc.c: the OpenID Connect client (oidc.h).
 *
 * libcurl speaks HTTP to the provider (discovery, JWKS, token), jansson
 * reads its JSON, cjose verifies the JWS signature, libsodium gives the
 * random state, nonce and PKCE verifier and the S256 challenge.  The
 * discovery document and the keys live in this file's statics under one
 * mutex; a fetch happens with the mutex held, so many sign-ins that need
 * the same document wait for one fetch instead of each making their own.
 *
 * The algorithm of a token is read from its header before cjose sees it:
 * "none" and HMAC are never in the allowed list (an HMAC "signed" with
 * the public key would verify otherwise), and the key's type must match
 * the family (RSA for RS and PS, EC for ES).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjose/cjose.h>
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "oidc/oidc.h"

#define OIDC_MAX_BODY	(256 * 1024)	/* any answer of the provider */
#define OIDC_MAX_JWT	16384
#define OIDC_MAX_KEYS	16
#define OIDC_MAX_ALGS	9
#define OIDC_DISCOVERY_TTL	3600	/* seconds the document is kept */

struct oidc_key {
	char		*kid;
	cjose_jwk_t	*jwk;
	cjose_jwk_kty_t	 kty;
};

struct body {
	char	*p;
	size_t	 n;
	int	 over;
};

static pthread_mutex_t	 oidc_mu = PTHREAD_MUTEX_INITIALIZER;
static const struct conf *oidc_c;
static char		*oidc_redirect;		/* the redirect URI used */
static char		*oidc_algs[OIDC_MAX_ALGS];
static size_t		 oidc_nalgs;
/* discovery */
static char		*d_authz, *d_token, *d_jwks;
static time_t		 d_at;
/* keys */
static struct oidc_key	 k_tab[OIDC_MAX_KEYS];
static size_t		 k_n;
static struct timespec	 k_at;
static int		 k_fetched;

static size_t	 body_add(char *, size_t, size_t, void *);
static int	 http(const char *, const char *, struct body *, long *);
static json_t	*get_json(const char *);
static int	 discover_locked(void);
static int	 jwks_fetch_locked(void);
static void	 keys_clear_locked(void);
static cjose_jwk_t *key_find_locked(const char *, cjose_jwk_kty_t);
static int	 alg_allowed(const char *);
static cjose_jwk_kty_t alg_kty(const char *);
static char	*b64url(struct arena *, const unsigned char *, size_t);
static char	*esc(struct arena *, const char *);
static json_t	*jwt_part(const char *, size_t);
static const char *jstr(json_t *, const char *);
static int	 jint(json_t *, const char *, json_int_t *);
static int	 text_ok(const char *, size_t);

static const char *const err_names[OIDC_E__MAX] = {
	[OIDC_OK] = "ok",
	[OIDC_E_PROVIDER] = "provider unreachable or not a provider",
	[OIDC_E_TOKEN] = "token endpoint refused the code",
	[OIDC_E_MALFORMED] = "malformed ID token",
	[OIDC_E_ALG] = "algorithm not allowed",
	[OIDC_E_KID] = "unknown signing key",
	[OIDC_E_SIGNATURE] = "bad signature",
	[OIDC_E_ISSUER] = "wrong issuer",
	[OIDC_E_AUDIENCE] = "wrong audience",
	[OIDC_E_EXPIRED] = "expired or not yet valid",
	[OIDC_E_NONCE] = "nonce mismatch",
};

const char *
oidc_err_name(enum oidc_err e)
{
	return (unsigned)e < OIDC_E__MAX ? err_names[e] : "?";
}

int
oidc_init(const struct conf *c, char *err, size_t errlen)
{
	static const char *const known[] = { "RS256", "RS384", "RS512",
	    "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" };
	char	*list, *tok, *save = NULL, *p;
	size_t	 i;
	int	 ok;

	oidc_c = c;
	if (c->oidc_issuer == NULL || c->oidc_issuer[0] == '\0')
		return 0;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (c->oidc_redirect_uri[0] != '\0')
		oidc_redirect = xstrdup(c->oidc_redirect_uri);
	else {
		i = strlen(c->site_url) + sizeof("/login/oidc/callback");
		oidc_redirect = xmalloc(i);
		snprintf(oidc_redirect, i, "%s/login/oidc/callback",
		    c->site_url);
	}
	list = xstrdup(c->oidc_algs);
	for (p = list; (tok = strtok_r(p, ", \t", &save)) != NULL; p = NULL) {
		for (ok = 0, i = 0; i < NELEM(known); i++)
			if (strcmp(tok, known[i]) == 0)
				ok = 1;
		if (!ok || oidc_nalgs == OIDC_MAX_ALGS) {
			snprintf(err, errlen, "[oidc] algorithms: '%.16s' is "
			    "not an asymmetric JWS algorithm (RS256, PS256, "
			    "ES256, ...)", tok);
			free(list);
			return -1;
		}
		oidc_algs[oidc_nalgs++] = xstrdup(tok);
	}
	free(list);
	if (oidc_nalgs == 0) {
		snprintf(err, errlen, "[oidc] algorithms is empty");
		return -1;
	}
	return 0;
}

void
oidc_free(void)
{
	size_t	i;

	pthread_mutex_lock(&oidc_mu);
	keys_clear_locked();
	free(d_authz);
	free(d_token);
	free(d_jwks);
	d_authz = d_token = d_jwks = NULL;
	d_at = 0;
	for (i = 0; i < oidc_nalgs; i++)
		free(oidc_algs[i]);
	oidc_nalgs = 0;
	free(oidc_redirect);
	oidc_redirect = NULL;
	pthread_mutex_unlock(&oidc_mu);
	if (oidc_enabled())
		curl_global_cleanup();
}

int
oidc_enabled(void)
{
	return oidc_c != NULL && oidc_c->oidc_issuer != NULL &&
	    oidc_c->oidc_issuer[0] != '\0';
}

const char *
oidc_issuer(void)
{
	return oidc_enabled() ? oidc_c->oidc_issuer : "";
}

const char *
oidc_label(enum lang l)
{
	if (oidc_c == NULL)
		return "";
	return l == LANG_JA ? oidc_c->oidc_label_ja : oidc_c->oidc_label_en;
}

/* ---- HTTP ---- */

static size_t
body_add(char *data, size_t size, size_t n, void *arg)
{
	struct body	*b = arg;
	size_t		 len = size * n;

	if (b->n + len > OIDC_MAX_BODY) {
		b->over = 1;
		return 0;
	}
	b->p = xrealloc(b->p, b->n + len + 1);
	memcpy(b->p + b->n, data, len);
	b->n += len;
	b->p[b->n] = '\0';
	return len;
}

/*
 * GET url, or POST the urlencoded form when form is not NULL (with the
 * client's id and secret as HTTP Basic, RFC 6749 2.3.1).  The body goes
 * to out (caller frees out->p), the status to *status.  0, or -1 when
 * there was no complete answer (logged without the URL's query).
 */
static int
http(const char *url, const char *form, struct body *out, long *status)
{
	CURL		*h;
	CURLcode	 rc;
	char		*id = NULL, *secret = NULL;
	int		 ret = -1;

	memset(out, 0, sizeof(*out));
	*status = 0;
	if ((h = curl_easy_init()) == NULL)
		return -1;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)oidc_c->oidc_timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)oidc_c->oidc_timeout_ms);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_add);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "sodan-oidc");
	if (form != NULL) {
		id = curl_easy_escape(h, oidc_c->oidc_client_id, 0);
		secret = curl_easy_escape(h, oidc_c->oidc_client_secret ?
		    oidc_c->oidc_client_secret : "", 0);
		if (id == NULL || secret == NULL)
			goto out;
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, id);
		curl_easy_setopt(h, CURLOPT_PASSWORD, secret);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
	}
	if ((rc = curl_easy_perform(h)) != CURLE_OK) {
		log_ratelimited("oidc-http", 60, "oidc: %s %.*s: %s",
		    form ? "POST" : "GET", (int)strcspn(url, "?"), url,
		    out->over ? "answer too large" : curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	ret = 0;
out:
	if (secret != NULL) {
		sodium_memzero(secret, strlen(secret));
		curl_free(secret);
	}
	curl_free(id);
	curl_easy_cleanup(h);
	return ret;
}

/* GET url as a JSON object with status 200; NULL otherwise.  Caller frees. */
static json_t *
get_json(const char *url)
{
	struct body	 b;
	long		 status;
	json_t		*j = NULL;
	json_error_t	 je;

	if (http(url, NULL, &b, &status) == 0) {
		if (status == 200 && b.p != NULL &&
		    (j = json_loadb(b.p, b.n, 0, &je)) != NULL &&
		    !json_is_object(j)) {
			json_decref(j);
			j = NULL;
		}
		if (j == NULL)
			log_ratelimited("oidc-json", 60, "oidc: GET %.*s: "
			    "status %ld, not a JSON object",
			    (int)strcspn(url, "?"), url, status);
	}
	free(b.p);
	return j;
}

/* ---- discovery and keys ---- */

/* The discovery document, kept OIDC_DISCOVERY_TTL.  0 or -1. */
static int
discover_locked(void)
{
	json_t		*j;
	const char	*iss, *a, *t, *k;
	char		 url[1024];
	size_t		 n;
	int		 ret = -1;

	if (d_authz != NULL && time(NULL) - d_at < OIDC_DISCOVERY_TTL)
		return 0;
	n = strlen(oidc_c->oidc_issuer);
	snprintf(url, sizeof(url), "%.*s/.well-known/openid-configuration",
	    (int)(n > 0 && oidc_c->oidc_issuer[n - 1] == '/' ? n - 1 : n),
	    oidc_c->oidc_issuer);
	if ((j = get_json(url)) == NULL)
		return d_authz != NULL ? 0 : -1;	/* keep the older one */
	iss = jstr(j, "issuer");
	a = jstr(j, "authorization_endpoint");
	t = jstr(j, "token_endpoint");
	k = jstr(j, "jwks_uri");
	if (iss == NULL || strcmp(iss, oidc_c->oidc_issuer) != 0) {
		log_warn("oidc: the discovery document names another issuer "
		    "than [oidc] issuer");
		goto out;
	}
	if (a == NULL || t == NULL || k == NULL) {
		log_warn("oidc: the discovery document lacks an endpoint");
		goto out;
	}
	/* An https issuer keeps every endpoint on https. */
	if (strncmp(iss, "https://", 8) == 0 && (strncmp(a, "https://", 8) !=
	    0 || strncmp(t, "https://", 8) != 0 ||
	    strncmp(k, "https://", 8) != 0)) {
		log_warn("oidc: the discovery document names an endpoint that "
		    "is not https");
		goto out;
	}
	free(d_authz);
	free(d_token);
	free(d_jwks);
	d_authz = xstrdup(a);
	d_token = xstrdup(t);
	d_jwks = xstrdup(k);
	d_at = time(NULL);
	ret = 0;
out:
	json_decref(j);
	return ret;
}

static void
keys_clear_locked(void)
{
	size_t	i;

	for (i = 0; i < k_n; i++) {
		free(k_tab[i].kid);
		cjose_jwk_release(k_tab[i].jwk);
	}
	k_n = 0;
}

/* Reads the JWKS again (signing keys with a kid).  0 or -1 (kept as was). */
static int
jwks_fetch_locked(void)
{
	json_t		*j, *keys, *key;
	struct oidc_key	 tab[OIDC_MAX_KEYS];
	size_t		 i, n = 0;
	const char	*kid, *use;
	char		*s;
	cjose_jwk_t	*jwk;
	cjose_err	 ce;

	clock_gettime(CLOCK_MONOTONIC, &k_at);
	k_fetched = 1;
	if (discover_locked() == -1 || (j = get_json(d_jwks)) == NULL)
		return -1;
	keys = json_object_get(j, "keys");
	json_array_foreach(keys, i, key) {
		if (n == OIDC_MAX_KEYS)
			break;
		kid = jstr(key, "kid");
		use = jstr(key, "use");
		if (kid == NULL || (use != NULL && strcmp(use, "sig") != 0))
			continue;
		if ((s = json_dumps(key, JSON_COMPACT)) == NULL)
			continue;
		jwk = cjose_jwk_import(s, strlen(s), &ce);
		free(s);
		if (jwk == NULL)
			continue;
		tab[n].kid = xstrdup(kid);
		tab[n].jwk = jwk;
		tab[n].kty = cjose_jwk_get_kty(jwk, &ce);
		n++;
	}
	json_decref(j);
	keys_clear_locked();
	memcpy(k_tab, tab, n * sizeof(tab[0]));
	k_n = n;
	return 0;
}

/* The key of kid and type kty, retained (caller releases); or NULL. */
static cjose_jwk_t *
key_find_locked(const char *kid, cjose_jwk_kty_t kty)
{
	size_t		 i;
	cjose_err	 ce;

	for (i = 0; i < k_n; i++)
		if (strcmp(k_tab[i].kid, kid) == 0 && k_tab[i].kty == kty)
			return cjose_jwk_retain(k_tab[i].jwk, &ce);
	return NULL;
}

/* ---- start and finish ---- */

static char *
b64url(struct arena *a, const unsigned char *bin, size_t n)
{
	size_t	 len = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char	*s = arena_alloc(a, len);

	return sodium_bin2base64(s, len, bin, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* s percent-encoded for a query string; arena-owned. */
static char *
esc(struct arena *a, const char *s)
{
	char	*e, *out;

	if ((e = curl_easy_escape(NULL, s, 0)) == NULL)
		return arena_strdup(a, "");
	out = arena_strdup(a, e);
	curl_free(e);
	return out;
}

enum oidc_err
oidc_begin(struct arena *a, struct oidc_start *o)
{
	unsigned char	 rnd[32], h[crypto_hash_sha256_BYTES];
	char		*authz;
	int		 rc;

	pthread_mutex_lock(&oidc_mu);
	rc = discover_locked();
	authz = rc == 0 ? arena_strdup(a, d_authz) : NULL;
	pthread_mutex_unlock(&oidc_mu);
	if (rc == -1)
		return OIDC_E_PROVIDER;
	randombytes_buf(rnd, sizeof(rnd));
	snprintf(o->state, sizeof(o->state), "%s", b64url(a, rnd, 32));
	randombytes_buf(rnd, sizeof(rnd));
	snprintf(o->nonce, sizeof(o->nonce), "%s", b64url(a, rnd, 32));
	randombytes_buf(rnd, sizeof(rnd));
	snprintf(o->verifier, sizeof(o->verifier), "%s", b64url(a, rnd, 32));
	crypto_hash_sha256(h, (const unsigned char *)o->verifier,
	    strlen(o->verifier));
	o->url = arena_printf(a, "%s%cresponse_type=code&client_id=%s"
	    "&redirect_uri=%s&scope=%s&state=%s&nonce=%s"
	    "&code_challenge=%s&code_challenge_method=S256", authz,
	    strchr(authz, '?') ? '&' : '?', esc(a, oidc_c->oidc_client_id),
	    esc(a, oidc_redirect), esc(a, oidc_c->oidc_scopes), o->state,
	    o->nonce, b64url(a, h, sizeof(h)));
	sodium_memzero(rnd, sizeof(rnd));
	return OIDC_OK;
}

enum oidc_err
oidc_finish(struct arena *a, const char *code, const char *verifier,
    const char *nonce, struct oidc_identity *id)
{
	struct body	 b;
	char		*token, *form;
	long		 status;
	json_t		*j = NULL;
	json_error_t	 je;
	const char	*jwt;
	enum oidc_err	 e;
	int		 rc;

	pthread_mutex_lock(&oidc_mu);
	rc = discover_locked();
	token = rc == 0 ? arena_strdup(a, d_token) : NULL;
	pthread_mutex_unlock(&oidc_mu);
	if (rc == -1)
		return OIDC_E_PROVIDER;
	form = arena_printf(a, "grant_type=authorization_code&code=%s"
	    "&redirect_uri=%s&code_verifier=%s", esc(a, code),
	    esc(a, oidc_redirect), esc(a, verifier));
	if (http(token, form, &b, &status) == -1) {
		free(b.p);
		return OIDC_E_PROVIDER;
	}
	if (status >= 500 || b.p == NULL) {
		e = OIDC_E_PROVIDER;
		goto out;
	}
	if (status != 200) {
		/* invalid_grant and friends: the code is used or expired */
		e = OIDC_E_TOKEN;
		goto out;
	}
	if ((j = json_loadb(b.p, b.n, 0, &je)) == NULL ||
	    (jwt = jstr(j, "id_token")) == NULL) {
		e = OIDC_E_PROVIDER;
		goto out;
	}
	e = oidc_id_token_check(a, jwt, nonce, time(NULL), id);
out:
	if (b.p != NULL)
		sodium_memzero(b.p, b.n);
	free(b.p);
	json_decref(j);
	return e;
}

/* ---- the ID token ---- */

static int
alg_allowed(const char *alg)
{
	size_t	i;

	for (i = 0; i < oidc_nalgs; i++)
		if (strcmp(alg, oidc_algs[i]) == 0)
			return 1;
	return 0;
}

static cjose_jwk_kty_t
alg_kty(const char *alg)
{
	return alg[0] == 'E' ? CJOSE_JWK_KTY_EC : CJOSE_JWK_KTY_RSA;
}

/* The JSON object of a base64url part of a JWT; caller frees; or NULL. */
static json_t *
jwt_part(const char *p, size_t n)
{
	unsigned char	*bin;
	size_t		 len;
	json_t		*j = NULL;
	json_error_t	 je;

	bin = xmalloc(n + 1);
	if (sodium_base642bin(bin, n + 1, p, n, NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	    (j = json_loadb((const char *)bin, len, 0, &je)) != NULL &&
	    !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	free(bin);
	return j;
}

static const char *
jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* *v gets the integer (or truncated real) claim k; 0, or -1 when absent. */
static int
jint(json_t *o, const char *k, json_int_t *v)
{
	json_t	*x = json_object_get(o, k);

	if (json_is_integer(x))
		*v = json_integer_value(x);
	else if (json_is_real(x))
		*v = (json_int_t)json_real_value(x);
	else
		return -1;
	return 0;
}

/* 1 when s is 1..max bytes with no control characters. */
static int
text_ok(const char *s, size_t max)
{
	size_t	n;

	if (s == NULL || (n = strlen(s)) == 0 || n > max)
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

enum oidc_err
oidc_id_token_check(struct arena *a, const char *jwt, const char *nonce,
    time_t now, struct oidc_identity *id)
{
	const char	*dot, *alg, *kid, *iss, *azp, *non, *sub, *s;
	json_t		*hdr = NULL, *cl = NULL, *aud, *x;
	cjose_jws_t	*jws = NULL;
	cjose_jwk_t	*jwk = NULL;
	cjose_err	 ce;
	uint8_t		*plain;
	size_t		 plen, i, naud;
	json_int_t	 exp, iat, nbf;
	json_error_t	 je;
	struct timespec	 ts;
	long		 since_ms;
	int		 found;
	enum oidc_err	 e = OIDC_E_MALFORMED;
	long		 skew = oidc_c->oidc_skew;

	memset(id, 0, sizeof(*id));
	if (jwt == NULL || strlen(jwt) > OIDC_MAX_JWT ||
	    (dot = strchr(jwt, '.')) == NULL ||
	    (hdr = jwt_part(jwt, (size_t)(dot - jwt))) == NULL)
		goto out;
	if ((alg = jstr(hdr, "alg")) == NULL || !alg_allowed(alg)) {
		e = OIDC_E_ALG;
		goto out;
	}
	if ((kid = jstr(hdr, "kid")) == NULL || !text_ok(kid, 200)) {
		e = OIDC_E_KID;
		goto out;
	}
	if ((jws = cjose_jws_import(jwt, strlen(jwt), &ce)) == NULL)
		goto out;

	/* The key of kid; an unknown kid reads the JWKS again, bounded. */
	pthread_mutex_lock(&oidc_mu);
	if (!k_fetched)
		(void)jwks_fetch_locked();
	if ((jwk = key_find_locked(kid, alg_kty(alg))) == NULL) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		since_ms = (long)(ts.tv_sec - k_at.tv_sec) * 1000 +
		    (ts.tv_nsec - k_at.tv_nsec) / 1000000;
		if (since_ms >= oidc_c->oidc_jwks_refetch_ms &&
		    jwks_fetch_locked() == 0)
			jwk = key_find_locked(kid, alg_kty(alg));
	}
	pthread_mutex_unlock(&oidc_mu);
	if (jwk == NULL) {
		e = OIDC_E_KID;
		goto out;
	}
	if (!cjose_jws_verify(jws, jwk, &ce)) {
		e = OIDC_E_SIGNATURE;
		goto out;
	}
	if (!cjose_jws_get_plaintext(jws, &plain, &plen, &ce) ||
	    (cl = json_loadb((const char *)plain, plen, 0, &je)) == NULL ||
	    !json_is_object(cl))
		goto out;

	if ((iss = jstr(cl, "iss")) == NULL ||
	    strcmp(iss, oidc_c->oidc_issuer) != 0) {
		e = OIDC_E_ISSUER;
		goto out;
	}
	/* aud: our client, alone or among others; then azp must be ours. */
	aud = json_object_get(cl, "aud");
	azp = jstr(cl, "azp");
	found = 0;
	naud = 0;
	if (json_is_string(aud)) {
		naud = 1;
		found = strcmp(json_string_value(aud),
		    oidc_c->oidc_client_id) == 0;
	} else if (json_is_array(aud)) {
		naud = json_array_size(aud);
		json_array_foreach(aud, i, x)
			if (json_is_string(x) && strcmp(json_string_value(x),
			    oidc_c->oidc_client_id) == 0)
				found = 1;
	}
	if (!found || (naud > 1 && azp == NULL) ||
	    (azp != NULL && strcmp(azp, oidc_c->oidc_client_id) != 0)) {
		e = OIDC_E_AUDIENCE;
		goto out;
	}
	if (jint(cl, "exp", &exp) == -1 || jint(cl, "iat", &iat) == -1)
		goto out;
	if ((json_int_t)now > exp + skew || iat > (json_int_t)now + skew ||
	    (jint(cl, "nbf", &nbf) == 0 && nbf > (json_int_t)now + skew)) {
		e = OIDC_E_EXPIRED;
		goto out;
	}
	if ((non = jstr(cl, "nonce")) == NULL || nonce == NULL ||
	    strlen(non) != strlen(nonce) ||
	    sodium_memcmp(non, nonce, strlen(nonce)) != 0) {
		e = OIDC_E_NONCE;
		goto out;
	}
	if (!text_ok(sub = jstr(cl, "sub"), 255))
		goto out;
	id->issuer = arena_strdup(a, iss);
	id->subject = arena_strdup(a, sub);
	s = jstr(cl, "email");
	id->email = arena_strdup(a, text_ok(s, 254) ? s : "");
	x = json_object_get(cl, "email_verified");
	id->email_verified = id->email[0] != '\0' && (json_is_true(x) ||
	    (json_is_string(x) && strcmp(json_string_value(x), "true") == 0));
	s = jstr(cl, "name");
	id->name = arena_strdup(a, text_ok(s, 200) ? s : "");
	s = jstr(cl, "preferred_username");
	id->username = arena_strdup(a, text_ok(s, 200) ? s : "");
	e = OIDC_OK;
out:
	if (jwk != NULL)
		cjose_jwk_release(jwk);
	if (jws != NULL)
		cjose_jws_release(jws);
	json_decref(hdr);
	json_decref(cl);
	return e;
}
