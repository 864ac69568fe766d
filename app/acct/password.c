/*
 * acct/password.c: password rules and hashing.
 *
 * New passwords are checked by libpwquality (the system's cracklib
 * dictionary, the username as the user, at least 10 characters) and
 * hashed with argon2id through crypto_pwhash_str at libsodium's
 * interactive limits.  Verification takes the same time whether or not the
 * account exists (acct_password_dummy), and a hash made with older limits
 * is reported so the caller rehashes it on the next sign-in.  No function
 * here logs or keeps a password.
 *
 * Every hash and verification passes a gate (lib/gate.h): at most
 * hash_threads of them run at once (the server sets half its app
 * threads), so a flood of sign-ins cannot hold every app thread in
 * argon2id while pages that need no password wait behind it.  A caller
 * that finds the gate full waits at most wait_ms, then gives up
 * (busy): the page answers 503 with Retry-After.  Only half as many
 * callers as there are slots (at least one) may wait; the others give up
 * at once, so under a flood the remaining app threads are not parked
 * here either but answer 503 quickly and move on to the pages queued
 * behind (bench/signin.py measures that).  A limit of 0 (the command
 * line tools) means none.
 */
#include <pthread.h>
#include <string.h>

#include <pwquality.h>
#include <sodium.h>

#include "acct/acct.h"
#include "lib/gate.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "view/i18n.h"

static pthread_once_t	 dummy_once = PTHREAD_ONCE_INIT;
static char		 dummy_hash[crypto_pwhash_STRBYTES];

/*
 * At most hash_threads argon2id hashes at once (acct_hash_limit); a thread
 * waits a little for a place, and only while few others wait.
 */
static struct gate	 hash_gate;

static void	make_dummy(void);
static int	verify_gated(const char *, const char *);

void
acct_hash_limit(int max, int wait_ms)
{
	gate_init(&hash_gate, "password-hash", max, wait_ms,
	    max / 2 > 0 ? max / 2 : 1);
}

int
acct_hash_slot_take(void)
{
	return gate_take(&hash_gate);
}

void
acct_hash_slot_give(void)
{
	gate_give(&hash_gate);
}

/*
 * cracklib, under libpwquality, keeps the dictionary it opens in static
 * storage (PWOpen's descriptor and buffers) and is not thread-safe: two app
 * threads checking passwords at once crashed in its fread or got each
 * other's verdicts.  Checks are rare (sign-up, password change) and cost
 * far less than the argon2id hash that follows, so one lock serialises them.
 */
static pthread_mutex_t	pwq_mu = PTHREAD_MUTEX_INITIALIZER;

enum acct_pw_err
acct_password_check(const char *pw, const char *username)
{
	pwquality_settings_t	*pwq;
	void			*aux = NULL;
	int			 rc;
	enum acct_pw_err	 e = ACCT_PW_OK;

	if (strlen(pw) > ACCT_PASSWORD_MAX)
		return ACCT_PW_LONG;
	if (utf8_count(pw, strlen(pw)) < ACCT_PASSWORD_MIN)
		return ACCT_PW_SHORT;
	if ((pwq = pwquality_default_settings()) == NULL)
		return ACCT_PW_SIMPLE;
	(void)pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH,
	    ACCT_PASSWORD_MIN);
	(void)pwquality_set_int_value(pwq, PWQ_SETTING_DICT_CHECK, 1);
	(void)pwquality_set_int_value(pwq, PWQ_SETTING_USER_CHECK, 1);
	pthread_mutex_lock(&pwq_mu);
	rc = pwquality_check(pwq, pw, NULL, username, &aux);
	pthread_mutex_unlock(&pwq_mu);
	if (rc < 0) {
		switch (rc) {
		case PWQ_ERROR_MIN_LENGTH:
			e = ACCT_PW_SHORT;
			break;
		case PWQ_ERROR_USER_CHECK:
		case PWQ_ERROR_GECOS_CHECK:
			e = ACCT_PW_USERNAME;
			break;
		case PWQ_ERROR_CRACKLIB_CHECK:
		case PWQ_ERROR_BAD_WORDS:
		case PWQ_ERROR_PALINDROME:
			e = ACCT_PW_DICTIONARY;
			break;
		default:
			e = ACCT_PW_SIMPLE;
			break;
		}
	}
	/* pwquality_strerror frees aux (cracklib's text, not the password). */
	if (aux != NULL) {
		char	msg[PWQ_MAX_ERROR_MESSAGE_LEN];

		(void)pwquality_strerror(msg, sizeof(msg), rc, aux);
	}
	pwquality_free_settings(pwq);
	return e;
}

const char *
acct_password_msg(enum acct_pw_err e)
{
	switch (e) {
	case ACCT_PW_OK:
		return "";
	case ACCT_PW_SHORT:
		return N_("The password must be at least 10 characters long.");
	case ACCT_PW_LONG:
		return N_("The password is too long.");
	case ACCT_PW_USERNAME:
		return N_("The password must not contain your username.");
	case ACCT_PW_DICTIONARY:
		return N_("The password is a dictionary word or too close to one. "
		    "Try a few unrelated words together.");
	case ACCT_PW_SIMPLE:
	default:
		return N_("The password is too simple. Use more different "
		    "characters, or a few unrelated words together.");
	}
}

int
acct_password_hash(const char *pw, char out[ACCT_HASH_MAX])
{
	int	rc;

	_Static_assert(crypto_pwhash_STRBYTES <= ACCT_HASH_MAX,
	    "ACCT_HASH_MAX too small");
	if (acct_hash_slot_take() == -1)
		return -1;
	rc = crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE);
	acct_hash_slot_give();
	if (rc != 0) {
		log_err("acct: crypto_pwhash_str: out of memory");
		return -1;
	}
	return 0;
}

/* 1 match, 0 no match (also for a missing hash, at the same cost). */
static int
verify_gated(const char *hash, const char *pw)
{
	if (hash == NULL || hash[0] == '\0') {
		acct_password_dummy(pw);
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int
acct_password_verify(const char *hash, const char *pw, int *busy)
{
	int	ok;

	*busy = 0;
	if (acct_hash_slot_take() == -1) {
		*busy = 1;
		return 0;
	}
	ok = verify_gated(hash, pw);
	acct_hash_slot_give();
	return ok;
}

int
acct_password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

static void
make_dummy(void)
{
	unsigned char	rnd[16];
	char		pw[33];

	/* Not through the gate: the caller already holds a slot. */
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(pw, sizeof(pw), rnd, sizeof(rnd));
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
	sodium_memzero(pw, sizeof(pw));
}

void
acct_password_dummy(const char *pw)
{
	pthread_once(&dummy_once, make_dummy);
	if (dummy_hash[0] != '\0' &&
	    crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0)
		log_warn("acct: the dummy password matched");
}
