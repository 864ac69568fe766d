/*
 * webhook/sign.c: what a receiver checks: the signature, the URL rules,
 * the retry schedule.  Pure functions (libsodium, uriparser), unit-tested
 * in tests/unit/test_webhook.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>
#include <uriparser/Uri.h>

#include "lib/arena.h"
#include "webhook/webhook.h"

static int	range_is(const UriTextRangeA *, const char *);

int
webhook_sign(const char *secret, size_t secretlen, int64_t t,
    const char *body, size_t bodylen, char *out, size_t outlen)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	char				 ts[24], hex[2 * sizeof(mac) + 1];
	int				 n;

	snprintf(ts, sizeof(ts), "%" PRId64, t);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    secretlen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    bodylen);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof(st));
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	n = snprintf(out, outlen, "t=%s,v1=%s", ts, hex);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

char *
webhook_secret_new(struct arena *a)
{
	unsigned char	 rnd[32];
	char		 b64[sodium_base64_ENCODED_LEN(32,
			    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char		*s;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(b64, sizeof(b64), rnd, sizeof(rnd),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(rnd, sizeof(rnd));
	s = arena_printf(a, "whsec_%s", b64);
	sodium_memzero(b64, sizeof(b64));
	return s;
}

/* 1 when the range is s, ASCII case ignored. */
static int
range_is(const UriTextRangeA *r, const char *s)
{
	size_t	n;

	if (r->first == NULL || r->afterLast == NULL)
		return s[0] == '\0';
	n = (size_t)(r->afterLast - r->first);
	return n == strlen(s) && strncasecmp(r->first, s, n) == 0;
}

enum webhook_url_err
webhook_url_check(const char *url, int allow_http_loopback)
{
	UriUriA			 u;
	const char		*err = NULL, *p;
	enum webhook_url_err	 rc = WEBHOOK_URL_OK;

	if (url == NULL || url[0] == '\0')
		return WEBHOOK_URL_SYNTAX;
	if (strlen(url) > WEBHOOK_URL_MAX)
		return WEBHOOK_URL_LONG;
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return WEBHOOK_URL_SYNTAX;
	memset(&u, 0, sizeof(u));
	if (uriParseSingleUriA(&u, url, &err) != URI_SUCCESS)
		return WEBHOOK_URL_SYNTAX;
	if (u.scheme.first == NULL)
		rc = WEBHOOK_URL_SYNTAX;
	else if (u.hostText.first == NULL ||
	    u.hostText.afterLast == u.hostText.first)
		rc = range_is(&u.scheme, "https") ||
		    range_is(&u.scheme, "http") ? WEBHOOK_URL_HOST :
		    WEBHOOK_URL_SCHEME;
	else if (range_is(&u.scheme, "https"))
		rc = WEBHOOK_URL_OK;
	else if (range_is(&u.scheme, "http") && allow_http_loopback &&
	    (range_is(&u.hostText, "127.0.0.1") ||
	    range_is(&u.hostText, "::1")))
		rc = WEBHOOK_URL_OK;
	else
		rc = WEBHOOK_URL_SCHEME;
	if (rc == WEBHOOK_URL_OK && u.userInfo.first != NULL)
		rc = WEBHOOK_URL_USERINFO;
	if (rc == WEBHOOK_URL_OK && u.fragment.first != NULL)
		rc = WEBHOOK_URL_FRAGMENT;
	uriFreeUriMembersA(&u);
	return rc;
}

int
webhook_retry_delay_ms(int attempts, int base_ms, int max_ms, uint32_t rnd)
{
	int64_t	 d = base_ms > 0 ? base_ms : 1;
	int	 k, half;

	for (k = 1; k < attempts && d < max_ms; k++)
		d *= 2;
	if (d > max_ms)
		d = max_ms;
	if (d < 1)
		d = 1;
	half = (int)(d / 2);
	return half + (int)(rnd % (uint32_t)((int)d - half + 1));
}
