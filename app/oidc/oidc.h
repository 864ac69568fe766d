/*
 * oidc.h: the OpenID Connect client ("sign in with the exchange's
 * account"): authorization code with PKCE (S256), ID tokens checked in
 * full.
 *
 * The provider is read from [oidc] in conf/sodan.conf; no issuer means
 * oidc_enabled() is 0 and nothing here is used.  Discovery
 * (ISSUER/.well-known/openid-configuration), the JWKS and the token
 * request go over libcurl with [oidc] timeout_ms each; they block the
 * calling app thread, never an event loop.  Keys are verified with cjose
 * and cached by kid; a token signed with an unknown kid makes the JWKS be
 * read again (at most every [oidc] jwks_refetch_ms), which is how a key
 * rotation at the provider is followed.
 *
 * No HTTP server, SQL or Redis here: the pages (pages/oidc.c) keep the
 * state, nonce and verifier (sealed cookie) and decide what an identity
 * means.  Nothing secret (client secret, code, tokens) is ever logged.
 * Thread-safe after oidc_init (one mutex around discovery and keys).
 */
#ifndef SODAN_OIDC_H
#define SODAN_OIDC_H

#include <time.h>

#include "core.h"

struct arena;
struct conf;

enum oidc_err {
	OIDC_OK,
	OIDC_E_PROVIDER,	/* unreachable, 5xx, or not a provider */
	OIDC_E_TOKEN,		/* the token endpoint refused the code */
	OIDC_E_MALFORMED,	/* not a signed JWT, or claims missing */
	OIDC_E_ALG,		/* "none", HMAC, or an algorithm not allowed */
	OIDC_E_KID,		/* no key of the provider has this kid */
	OIDC_E_SIGNATURE,	/* the signature does not verify */
	OIDC_E_ISSUER,
	OIDC_E_AUDIENCE,	/* aud (or azp) is not our client */
	OIDC_E_EXPIRED,		/* exp passed, or iat / nbf in the future */
	OIDC_E_NONCE,
	OIDC_E__MAX
};

/* What the ID token says about the person; arena-owned strings. */
struct oidc_identity {
	const char	*issuer;
	const char	*subject;
	const char	*email;		/* "" when none */
	int		 email_verified;
	const char	*name;		/* "" when none */
	const char	*username;	/* preferred_username, "" when none */
};

/* A started sign-in: what the caller keeps, and where to send the browser. */
struct oidc_start {
	char		 state[44];	/* 256 random bits, base64url */
	char		 nonce[44];
	char		 verifier[44];	/* PKCE code_verifier */
	const char	*url;		/* arena-owned authorization URL */
};

/*
 * Reads [oidc] from c (which must outlive the process's use of this
 * module) and initialises libcurl.  Does not contact the provider.
 * 0, or -1 when the algorithms list is bad (err gets why).
 */
int		 oidc_init(const struct conf *c, char *err, size_t errlen);
void		 oidc_free(void);
/* 1 when [oidc] issuer is set. */
int		 oidc_enabled(void);
/* The configured issuer ("" when off); static. */
const char	*oidc_issuer(void);
/* The button's label in lang; static. */
const char	*oidc_label(enum lang);
/*
 * Starts a sign-in: fresh state, nonce and verifier, and the provider's
 * authorization URL with the S256 challenge (discovery is read first when
 * not cached).  OIDC_OK or OIDC_E_PROVIDER.
 */
enum oidc_err	 oidc_begin(struct arena *, struct oidc_start *out);
/*
 * Exchanges code (with the verifier of its start) at the token endpoint
 * and checks the ID token against nonce (oidc_id_token_check).  id is
 * filled on OIDC_OK.
 */
enum oidc_err	 oidc_finish(struct arena *, const char *code,
		    const char *verifier, const char *nonce,
		    struct oidc_identity *id);
/*
 * Checks a compact JWS ID token fully: the algorithm (allowed list,
 * family of the key), the signature against the provider's key of its kid
 * (the JWKS read again once when the kid is unknown), iss, aud and azp,
 * exp, iat and nbf with [oidc] clock_skew around now, the nonce, and sub.
 */
enum oidc_err	 oidc_id_token_check(struct arena *, const char *jwt,
		    const char *nonce, time_t now, struct oidc_identity *id);
/* A short English name of e for the log ("wrong audience"); static. */
const char	*oidc_err_name(enum oidc_err);

#endif
