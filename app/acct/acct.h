/*
 * acct.h: account rules that need no I/O: names (NFKC, characters,
 * impersonation), passwords (libpwquality, argon2id through libsodium),
 * TOTP two-factor (liboath), recovery codes, roles and trust levels.
 *
 * Pages call these; they know nothing of HTTP, SQL or Redis, so the unit
 * tests and `sodan admin` use them as they are.  The protected-word list
 * is loaded once at start-up (acct_init) and read-only afterwards, so
 * every function here is thread-safe.
 */
#ifndef SODAN_ACCT_H
#define SODAN_ACCT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core.h"

struct arena;

#define ACCT_USERNAME_MIN	3
#define ACCT_USERNAME_MAX	24
#define ACCT_DISPLAY_MAX	40
#define ACCT_PASSWORD_MIN	10
#define ACCT_PASSWORD_MAX	256
#define ACCT_HASH_MAX		128	/* crypto_pwhash_STRBYTES */
#define ACCT_TOTP_SECRET_MAX	64	/* base32 text */
#define ACCT_RECOVERY_CODES	10

/* Why a name was refused (ACCT_NAME_OK: accepted). */
enum acct_name_err {
	ACCT_NAME_OK,
	ACCT_NAME_LENGTH,	/* username not 3..24 after NFKC, display 1..40 */
	ACCT_NAME_CHARS,	/* username: not [A-Za-z0-9_-] after NFKC */
	ACCT_NAME_PROTECTED,	/* impersonates staff or a brand */
	ACCT_NAME_INVALID	/* not UTF-8, controls, or ICU failed */
};

/* Why a password was refused (ACCT_PW_OK: accepted). */
enum acct_pw_err {
	ACCT_PW_OK,
	ACCT_PW_SHORT,		/* under 10 characters */
	ACCT_PW_LONG,		/* over 256 bytes */
	ACCT_PW_USERNAME,	/* contains the username */
	ACCT_PW_DICTIONARY,	/* a dictionary word, or based on one */
	ACCT_PW_SIMPLE		/* too simple or too few different characters */
};

/*
 * Loads the protected words (for the impersonation check) from the
 * moderation lists <confdir>/protected_words.txt and (if present)
 * <confdir>/brands.txt, and
 * opens the ICU spoof checker.  confdir is the moderation rule directory
 * (conf.moderation).  Call once at start-up.  Returns 0, or -1 (logged)
 * when no list could be read or ICU failed.
 */
int		 acct_init(const char *confdir);

/*
 * Normalizes a username: NFKC, then the rules (3..24 characters of ASCII
 * letters, digits, '_' and '-').  On ACCT_NAME_OK *name is the NFKC form
 * and *key its lower-case form (the uniqueness key); both arena-owned.
 * Impersonation is checked separately (acct_name_protected).
 */
enum acct_name_err acct_username(struct arena *, const char *in,
		    const char **name, const char **key);
/*
 * Checks a display name: NFKC, 1..40 characters, no controls, leading and
 * trailing spaces trimmed.  On ACCT_NAME_OK *out is the normalized form
 * (arena-owned).
 */
enum acct_name_err acct_display_name(struct arena *, const char *in,
		    const char **out);
/*
 * Does name (UTF-8) impersonate staff or a protected brand?  Compares
 * NFKC + case fold + ICU confusables skeleton + leetspeak folding of name
 * against the same folding of each protected word.  Returns 1 (when
 * matched is not NULL it gets the protected word, NUL-terminated), 0, or
 * -1 on invalid UTF-8 or ICU failure (callers refuse the name).  Same
 * lists and folding as the moderation library's mod_name_check(), without
 * needing its compiled rule set (see names.c).
 */
int		 acct_name_protected(const char *name, char *matched,
		    size_t matchedlen);
/* What acct_name_check() found (ACCT_NAME_FINE: nothing). */
enum acct_name_issue {
	ACCT_NAME_FINE,
	ACCT_NAME_IMPERSONATES,	/* a protected word or brand */
	ACCT_NAME_CONTACT,	/* a phone, e-mail, messenger ID or link */
	ACCT_NAME_STAFF_LIKE	/* a near copy of a staff member's name */
};
/*
 * Everything a member's username or display name must not be, by the
 * moderation library's mod_name_check_ex() on the names-only rule set
 * loaded by acct_init(): protected words (brackets and lookalike
 * letters read through, katakana brand names), contact points, and a
 * near copy of one of the nstaff staff names (usernames and display
 * names of staff, moderators and admins; may be NULL).  Returns an enum
 * acct_name_issue (matched gets the word, contact or staff name when not
 * NULL), or -1 (invalid UTF-8, or the lists could not be loaded: callers
 * refuse the name).  Thread-safe.
 */
int		 acct_name_check(const char *name, const char *const *staff,
		    size_t nstaff, char *matched, size_t matchedlen);
/* The folded form used by acct_name_protected (for tests); arena-owned, NULL on error. */
char		*acct_name_fold(struct arena *, const char *name);

/*
 * Checks a new password with libpwquality (minimum 10 characters,
 * dictionary words, the username given as the user).  Never logs the
 * password.
 */
enum acct_pw_err acct_password_check(const char *pw, const char *username);
/* The English msgid explaining e (for T()). */
const char	*acct_password_msg(enum acct_pw_err e);
/*
 * At most max password hashes or verifications run at once (0: no limit,
 * the default); one that finds them all busy waits at most wait_ms, then
 * gives up, or gives up at once when max / 2 (at least 1) callers already
 * wait.  The server calls this once before its threads start.
 */
void		 acct_hash_limit(int max, int wait_ms);
/* How long the server lets a sign-in wait for a hashing slot. */
#define ACCT_HASH_WAIT_MS	250
/*
 * One hashing slot, waiting at most wait_ms: 0, or -1 when every slot
 * stayed busy; give it back with acct_hash_slot_give().  The functions
 * below take one themselves (exposed for tests).
 */
int		 acct_hash_slot_take(void);
void		 acct_hash_slot_give(void);
/*
 * argon2id hash (crypto_pwhash_str, interactive limits) of pw into
 * out[ACCT_HASH_MAX].  Returns 0, or -1 when out of memory or when every
 * hashing slot stayed busy (acct_hash_limit): answer 503.
 */
int		 acct_password_hash(const char *pw, char out[ACCT_HASH_MAX]);
/*
 * 1 when pw matches hash, 0 otherwise (also for a NULL or empty hash, at
 * the same cost).  When every hashing slot stayed busy nothing is
 * verified: 0 with *busy set (answer 503, and do not count a failure).
 */
int		 acct_password_verify(const char *hash, const char *pw,
		    int *busy);
/* 1 when hash was made with other limits than today's (rehash on sign-in). */
int		 acct_password_needs_rehash(const char *hash);
/* Verifies pw against a fixed dummy hash: the same cost when there is no account. */
void		 acct_password_dummy(const char *pw);

/* A new random TOTP secret (20 bytes) as base32 text, arena-owned. */
char		*acct_totp_new_secret(struct arena *);
/*
 * Checks a 6-digit code against secret (base32) at time now, allowing one
 * step of clock drift either way.  A code is accepted only for a step
 * after last_step (no replay).  Returns the matched step (> 0), or -1.
 */
int64_t		 acct_totp_verify(const char *secret, const char *code,
		    time_t now, int64_t last_step);
/* The code for secret at now (tests, `sodan demo`); out gets 7 bytes. */
int		 acct_totp_code(const char *secret, time_t now, char out[7]);
/* otpauth://totp/... URI for authenticator apps, arena-owned. */
char		*acct_totp_uri(struct arena *, const char *issuer,
		    const char *username, const char *secret);
/*
 * n new recovery codes ("xxxx-xxxx-xxxx", lower-case base32), and their
 * hashes (acct_recovery_hash), both arena-owned arrays of n strings.
 */
void		 acct_recovery_new(struct arena *, size_t n, char ***codes,
		    char ***hashes);
/* hex SHA-256 of a recovery code, ignoring case, spaces and dashes. */
void		 acct_recovery_hash(const char *code, char hex[65]);

/* "user", "staff", "moderator", "admin" <-> enum role (unknown: ROLE_USER). */
enum role	 acct_role_parse(const char *);
const char	*acct_role_name(enum role);
/* Roles that must sign in with two factors. */
int		 acct_role_needs_2fa(enum role);
/*
 * 1 when an account of role r must have an e-mail address (staff,
 * moderators and admins: security notices and resets go there).  The
 * CLI (sodan admin) and the admin console's role change both ask this.
 */
int		 acct_role_needs_email(enum role r);

/* What the trust level is computed from. */
struct acct_trust_in {
	enum role	 role;
	int64_t		 age_days;
	int64_t		 posts_kept;	/* visible posts older than a day */
	int64_t		 accepted;	/* answers accepted or staff-verified */
	int64_t		 flags_upheld;	/* flags against the user, upheld */
	int64_t		 flagger_upheld;	/* the user's own flags, upheld */
	int64_t		 flagger_declined;	/* the user's own flags, declined */
};
/*
 * Trust level 0..3: staff, moderators and admins 3; otherwise
 * 1 from 3 days and 1 kept post, 2 from 30 days, 10 kept posts and 1
 * accepted answer, 3 from 180 days, 50 kept posts and 5 accepted answers;
 * a record of accurate flagging (5 or more upheld, at most as many
 * declined) counts as one accepted answer, a record of mostly declined
 * flags (5 or more declined, more than twice the upheld) takes one level
 * off, and each upheld flag against the user takes one level off.
 */
int		 acct_trust_level(const struct acct_trust_in *);

#endif
