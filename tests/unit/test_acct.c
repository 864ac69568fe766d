/* tests/unit/test_acct.c: account rules (names, passwords, TOTP, trust) and the guard's address keys */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "acct/acct.h"
#include "cache/guard.h"
#include "lib/arena.h"

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	return acct_init("conf/moderation");
}

static void
test_username(void **state)
{
	struct arena	*a = arena_new();
	const char	*n, *k;

	(void)state;
	assert_int_equal(acct_username(a, "Kenji_T", &n, &k), ACCT_NAME_OK);
	assert_string_equal(n, "Kenji_T");
	assert_string_equal(k, "kenji_t");
	/* Full-width letters become ASCII under NFKC. */
	assert_int_equal(acct_username(a, "ｋｅｎｊｉ", &n, &k), ACCT_NAME_OK);
	assert_string_equal(n, "kenji");
	assert_int_equal(acct_username(a, "ab", &n, &k), ACCT_NAME_LENGTH);
	assert_int_equal(acct_username(a, "abcdefghijklmnopqrstuvwxy", &n, &k),
	    ACCT_NAME_LENGTH);
	assert_int_equal(acct_username(a, "けんじ", &n, &k), ACCT_NAME_CHARS);
	assert_int_equal(acct_username(a, "a b c", &n, &k), ACCT_NAME_CHARS);
	assert_int_equal(acct_display_name(a, "  けんじ  ", &n), ACCT_NAME_OK);
	assert_string_equal(n, "けんじ");
	assert_int_equal(acct_display_name(a, "   ", &n), ACCT_NAME_LENGTH);
	assert_int_equal(acct_display_name(a, "a\x01", &n), ACCT_NAME_INVALID);
	arena_free(a);
}

static void
test_protected(void **state)
{
	char	m[64];

	(void)state;
	assert_int_equal(acct_name_protected("Binance_Support", m, sizeof(m)),
	    1);
	assert_int_equal(acct_name_protected("ｃｏｉｎｂａｓｅ公式", NULL, 0), 1);
	assert_int_equal(acct_name_protected("Supp\xce\xbfrt", NULL, 0), 1);
	assert_int_equal(acct_name_protected("adm1n", NULL, 0), 1);
	assert_int_equal(acct_name_protected("b1nance fan", NULL, 0), 1);
	assert_int_equal(acct_name_protected("運営チーム", NULL, 0), 1);
	assert_int_equal(acct_name_protected("kenji_t", NULL, 0), 0);
	assert_int_equal(acct_name_protected("けんじ", NULL, 0), 0);
	assert_int_equal(acct_name_protected("badminton", NULL, 0), 0);
	assert_int_equal(acct_name_protected("\xff", NULL, 0), -1);
}

static void
test_password(void **state)
{
	char	h[ACCT_HASH_MAX];
	int	busy;

	(void)state;
	assert_int_equal(acct_password_check("short", "bob"), ACCT_PW_SHORT);
	assert_int_equal(acct_password_check("qwertyuiop", "bob"),
	    ACCT_PW_DICTIONARY);
	assert_int_equal(acct_password_check("correct horse battery 42",
	    "bob"), ACCT_PW_OK);
	assert_int_equal(acct_password_hash("correct horse battery 42", h), 0);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_null(strstr(h, "horse"));
	assert_true(acct_password_verify(h, "correct horse battery 42", &busy));
	assert_false(busy);
	assert_false(acct_password_verify(h, "correct horse battery 43",
	    &busy));
	assert_false(busy);
	assert_false(acct_password_verify("", "x", &busy));
	assert_false(acct_password_needs_rehash(h));
}

/* A hash made with other argon2id limits verifies and asks for a rehash. */
/*
 * Regression (make security, sqlmap step): app threads checked passwords at
 * the same time, and cracklib (under libpwquality) keeps its open
 * dictionary in static storage, so two concurrent checks crashed in
 * PWOpen's fread.  Eight threads check at once; each result must be the
 * one a lone check gives.
 */
static void *
pw_worker(void *arg)
{
	int	i, *bad = arg;

	for (i = 0; i < 40; i++) {
		if (acct_password_check("qwertyuiop", "bob") !=
		    ACCT_PW_DICTIONARY ||
		    acct_password_check("correct horse battery 42", "bob") !=
		    ACCT_PW_OK)
			(*bad)++;
	}
	return NULL;
}

static void
test_password_threads(void **state)
{
	pthread_t	t[8];
	int		bad[8] = { 0 }, i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, pw_worker,
		    &bad[i]), 0);
	for (i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(bad[i], 0);
	}
}

static void
test_password_rehash(void **state)
{
	char	old[crypto_pwhash_STRBYTES], now[ACCT_HASH_MAX];
	int	busy;

	(void)state;
	assert_int_equal(crypto_pwhash_str(old, "correct horse battery 42",
	    24, crypto_pwhash_OPSLIMIT_INTERACTIVE + 1,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE / 2), 0);
	assert_true(acct_password_verify(old, "correct horse battery 42",
	    &busy));
	assert_true(acct_password_needs_rehash(old));
	assert_int_equal(crypto_pwhash_str(old, "correct horse battery 42",
	    24, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE * 2), 0);
	assert_true(acct_password_needs_rehash(old));
	/* Today's limits: no rehash. */
	assert_int_equal(acct_password_hash("correct horse battery 42", now),
	    0);
	assert_false(acct_password_needs_rehash(now));
	/* Not an argon2id string at all: rehash (it cannot be today's). */
	assert_true(acct_password_needs_rehash("$2y$10$notargon"));
}

static int64_t
mono_ms(void)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * The hashing gate: with one slot held, a verification waits the set
 * time, then gives up as busy (no match, nothing verified) and a hash
 * fails; with the slot given back both work again.
 */
static void
test_hash_gate(void **state)
{
	char	h[ACCT_HASH_MAX];
	int	busy;
	int64_t	t0, took;

	(void)state;
	assert_int_equal(acct_password_hash("correct horse battery 42", h), 0);
	acct_hash_limit(1, 120);
	assert_int_equal(acct_hash_slot_take(), 0);
	t0 = mono_ms();
	assert_false(acct_password_verify(h, "correct horse battery 42",
	    &busy));
	took = mono_ms() - t0;
	assert_true(busy);
	assert_true(took >= 110);
	assert_int_equal(acct_password_hash("another good password 7", h), -1);
	acct_hash_slot_give();
	assert_int_equal(acct_password_hash("correct horse battery 42", h), 0);
	assert_true(acct_password_verify(h, "correct horse battery 42", &busy));
	assert_false(busy);
	/* Two slots: two holders, the third waits and gives up. */
	acct_hash_limit(2, 10);
	assert_int_equal(acct_hash_slot_take(), 0);
	assert_int_equal(acct_hash_slot_take(), 0);
	assert_int_equal(acct_hash_slot_take(), -1);
	acct_hash_slot_give();
	assert_int_equal(acct_hash_slot_take(), 0);
	acct_hash_slot_give();
	acct_hash_slot_give();
	acct_hash_limit(0, 0);
	assert_int_equal(acct_hash_slot_take(), 0);	/* no limit */
	acct_hash_slot_give();
}

static void *
waiter(void *arg)
{
	int	*got = arg;

	*got = acct_hash_slot_take();
	if (*got == 0)
		acct_hash_slot_give();
	return NULL;
}

/*
 * With one slot (so one waiter at most) held and one caller waiting for
 * it, a further caller gives up at once instead of waiting too; the
 * waiter gets the slot when it is given back.
 */
static void
test_hash_gate_waiters(void **state)
{
	pthread_t	t;
	int		got = -2;
	int64_t		t0, took;

	(void)state;
	acct_hash_limit(1, 3000);
	assert_int_equal(acct_hash_slot_take(), 0);
	assert_int_equal(pthread_create(&t, NULL, waiter, &got), 0);
	usleep(500 * 1000);		/* the waiter is waiting by now */
	t0 = mono_ms();
	assert_int_equal(acct_hash_slot_take(), -1);
	took = mono_ms() - t0;
	assert_true(took < 1000);
	acct_hash_slot_give();
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(got, 0);
	acct_hash_limit(0, 0);
}

static void
test_totp(void **state)
{
	struct arena	*a = arena_new();
	/* RFC 6238 appendix B, SHA-1 secret "12345678901234567890". */
	const char	*rfc = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	char		 code[7], **codes, **hashes, h[65];
	char		*s;

	(void)state;
	assert_int_equal(acct_totp_code(rfc, 59, code), 0);
	assert_string_equal(code, "287082");
	assert_int_equal(acct_totp_code(rfc, 1111111109, code), 0);
	assert_string_equal(code, "081804");
	assert_int_equal(acct_totp_verify(rfc, "081804", 1111111109, 0),
	    1111111109 / 30);
	/* No replay of the same or an older step; one step of drift. */
	assert_int_equal(acct_totp_verify(rfc, "081804", 1111111109,
	    1111111109 / 30), -1);
	assert_int_equal(acct_totp_verify(rfc, "081804", 1111111109 + 30, 0),
	    1111111109 / 30);
	assert_int_equal(acct_totp_verify(rfc, "081804", 1111111109 + 90, 0),
	    -1);
	assert_int_equal(acct_totp_verify(rfc, "08180x", 1111111109, 0), -1);
	s = acct_totp_new_secret(a);
	assert_int_equal(strlen(s), 32);
	acct_recovery_new(a, 3, &codes, &hashes);
	assert_int_equal(strlen(codes[0]), 14);
	acct_recovery_hash(codes[1], h);
	assert_string_equal(h, hashes[1]);
	arena_free(a);
}

static void
test_trust(void **state)
{
	struct acct_trust_in	t = { ROLE_USER, 0, 0, 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(acct_trust_level(&t), 0);
	t.age_days = 5;
	t.posts_kept = 1;
	assert_int_equal(acct_trust_level(&t), 1);
	t.age_days = 40;
	t.posts_kept = 12;
	t.accepted = 1;
	assert_int_equal(acct_trust_level(&t), 2);
	t.age_days = 200;
	t.posts_kept = 60;
	t.accepted = 5;
	assert_int_equal(acct_trust_level(&t), 3);
	t.flags_upheld = 2;
	assert_int_equal(acct_trust_level(&t), 1);
	t.flags_upheld = 0;
	/* a flagger's record: accurate flags count like an accepted answer */
	t.age_days = 40;
	t.posts_kept = 12;
	t.accepted = 0;
	assert_int_equal(acct_trust_level(&t), 1);
	t.flagger_upheld = 5;
	t.flagger_declined = 1;
	assert_int_equal(acct_trust_level(&t), 2);
	/* mostly declined flags take a level off */
	t.flagger_upheld = 1;
	t.flagger_declined = 6;
	assert_int_equal(acct_trust_level(&t), 0);
	t.role = ROLE_STAFF;
	assert_int_equal(acct_trust_level(&t), 3);
	assert_true(acct_role_needs_2fa(ROLE_MODERATOR));
	assert_false(acct_role_needs_2fa(ROLE_USER));
	assert_int_equal(acct_role_parse("admin"), ROLE_ADMIN);
	assert_string_equal(acct_role_name(ROLE_STAFF), "staff");
}

static void
test_ip_key(void **state)
{
	char	k[64];

	(void)state;
	guard_ip_key("192.0.2.7", k, sizeof(k));
	assert_string_equal(k, "192.0.2.7");
	guard_ip_key("2001:db8:1:2:3:4:5:6", k, sizeof(k));
	assert_string_equal(k, "2001:db8:1:2::/64");
	guard_ip_key("2001:db8:1:2:ffff::1", k, sizeof(k));
	assert_string_equal(k, "2001:db8:1:2::/64");
	guard_ip_key("::ffff:192.0.2.7", k, sizeof(k));
	assert_string_equal(k, "192.0.2.7");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_protected),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_password_threads),
		cmocka_unit_test(test_password_rehash),
		cmocka_unit_test(test_hash_gate),
		cmocka_unit_test(test_hash_gate_waiters),
		cmocka_unit_test(test_totp),
		cmocka_unit_test(test_trust),
		cmocka_unit_test(test_ip_key),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
