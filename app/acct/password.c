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
 */
#include <pthread.h>
#include <string.h>

#include <pwquality.h>
#include <sodium.h>

#include "acct/acct.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "view/i18n.h"

static pthread_once_t	 dummy_once = PTHREAD_ONCE_INIT;
static char		 dummy_hash[crypto_pwhash_STRBYTES];

static void	make_dummy(void);

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
	rc = pwquality_check(pwq, pw, NULL, username, &aux);
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
	_Static_assert(crypto_pwhash_STRBYTES <= ACCT_HASH_MAX,
	    "ACCT_HASH_MAX too small");
	if (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		log_err("acct: crypto_pwhash_str: out of memory");
		return -1;
	}
	return 0;
}

int
acct_password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || hash[0] == '\0') {
		acct_password_dummy(pw);
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
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

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(pw, sizeof(pw), rnd, sizeof(rnd));
	if (acct_password_hash(pw, dummy_hash) == -1)
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
