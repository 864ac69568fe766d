/*
 * acct/totp.c: TOTP two-factor codes (RFC 6238, SHA-1, 6 digits, 30 s
 * steps) through liboath, and one-time recovery codes.
 *
 * Secrets are 20 random bytes kept as base32 (what authenticator apps
 * read).  A code is accepted within one step of drift, and only for a step
 * later than the last one accepted, so an observed code cannot be
 * replayed.  Recovery codes are 60 random bits each, shown once; only
 * their SHA-256 is stored (their entropy makes a slow hash unnecessary).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "acct/acct.h"
#include "lib/arena.h"

#define TOTP_STEP	30
#define TOTP_DIGITS	6

static pthread_once_t	 oath_once = PTHREAD_ONCE_INIT;
static int		 oath_ok;

static void	init_oath(void);
static int	decode_secret(const char *, char **, size_t *);

static void
init_oath(void)
{
	oath_ok = oath_init() == OATH_OK;
}

static int
decode_secret(const char *secret, char **raw, size_t *rawlen)
{
	pthread_once(&oath_once, init_oath);
	if (!oath_ok)
		return -1;
	if (oath_base32_decode(secret, strlen(secret), raw, rawlen) !=
	    OATH_OK || *rawlen == 0) {
		free(*raw);
		*raw = NULL;
		return -1;
	}
	return 0;
}

char *
acct_totp_new_secret(struct arena *a)
{
	unsigned char	 raw[20];
	char		*b32 = NULL, *s;
	size_t		 len = 0;

	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode((const char *)raw, sizeof(raw), &b32,
	    &len) != OATH_OK || b32 == NULL)
		return NULL;
	s = arena_strndup(a, b32, len);
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(b32, len);
	free(b32);
	return s;
}

int64_t
acct_totp_verify(const char *secret, const char *code, time_t now,
    int64_t last_step)
{
	char		*raw = NULL;
	size_t		 rawlen = 0, i;
	int		 rc, pos = 0;
	uint64_t	 counter = 0;

	if (secret == NULL || code == NULL || strlen(code) != TOTP_DIGITS)
		return -1;
	for (i = 0; i < TOTP_DIGITS; i++)
		if (!isdigit((unsigned char)code[i]))
			return -1;
	if (decode_secret(secret, &raw, &rawlen) == -1)
		return -1;
	rc = oath_totp_validate3(raw, rawlen, now, TOTP_STEP,
	    OATH_TOTP_DEFAULT_START_TIME, 1, &pos, &counter, code);
	sodium_memzero(raw, rawlen);
	free(raw);
	if (rc < 0 || (int64_t)counter <= last_step)
		return -1;
	return (int64_t)counter;
}

int
acct_totp_code(const char *secret, time_t now, char out[7])
{
	char	*raw = NULL;
	size_t	 rawlen = 0;
	int	 rc;

	if (decode_secret(secret, &raw, &rawlen) == -1)
		return -1;
	rc = oath_totp_generate(raw, rawlen, now, TOTP_STEP,
	    OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, out);
	sodium_memzero(raw, rawlen);
	free(raw);
	return rc == OATH_OK ? 0 : -1;
}

char *
acct_totp_uri(struct arena *a, const char *issuer, const char *username,
    const char *secret)
{
	/* issuer and username are [A-Za-z0-9_-]: nothing to escape. */
	return arena_printf(a, "otpauth://totp/%s:%s?secret=%s&issuer=%s"
	    "&algorithm=SHA1&digits=6&period=30", issuer, username, secret,
	    issuer);
}

void
acct_recovery_hash(const char *code, char hex[65])
{
	unsigned char	h[crypto_hash_sha256_BYTES];
	char		norm[64];
	size_t		n = 0;

	for (; *code != '\0' && n < sizeof(norm) - 1; code++)
		if (isalnum((unsigned char)*code))
			norm[n++] = (char)tolower((unsigned char)*code);
	crypto_hash_sha256(h, (const unsigned char *)norm, n);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

void
acct_recovery_new(struct arena *a, size_t n, char ***codes, char ***hashes)
{
	static const char	 alpha[] = "abcdefghijkmnpqrstuvwxyz23456789";
	size_t			 i, j, k;
	unsigned char		 rnd[12];
	char			*c;

	*codes = arena_calloc(a, n + 1, sizeof(char *));
	*hashes = arena_calloc(a, n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		randombytes_buf(rnd, sizeof(rnd));
		c = arena_alloc(a, 15);
		for (j = 0, k = 0; j < 12; j++) {
			if (j == 4 || j == 8)
				c[k++] = '-';
			c[k++] = alpha[rnd[j] & 31];
		}
		c[k] = '\0';
		(*codes)[i] = c;
		(*hashes)[i] = arena_alloc(a, 65);
		acct_recovery_hash(c, (*hashes)[i]);
	}
}
