/* tests/unit/test_mod_secrets.c: secrets detector: BIP39 en/ja, WIF, xprv, hex keys, API secrets */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "moderation/moderation.h"

#include "mod_fixture.h"

#define EXPECT(v, dec) do {						\
	if ((v).decision != (dec))					\
		dump(#v, &(v));						\
	assert_int_equal((v).decision, (dec));				\
} while (0)
#define EXPECT_HELD(v) do {						\
	if ((v).decision == MOD_ALLOW)					\
		dump(#v, &(v));						\
	assert_int_not_equal((v).decision, MOD_ALLOW);			\
} while (0)

static void
test_bip39_english(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "Help, balance is 0! my words:\n1. abandon 2. abandon 3. abandon\n"
	    "4. abandon 5. abandon 6. abandon\n7. abandon 8. abandon "
	    "9. abandon\n10. abandon 11. abandon 12. about", &v);
	EXPECT(v, MOD_HOLD);
	assert_int_equal(v.category, MOD_CAT_SECRET);
	assert_true(has_rule(&v, "secret.bip39"));
	assert_non_null(strstr(v.reasons[0].text_ja, "誰にも"));
	mod_verdict_free(&v);
	/* Twelve list words with a wrong checksum still hold. */
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "legal winner thank year wave sausage worth useful legal winner "
	    "thank wave", &v);
	EXPECT(v, MOD_HOLD);
	assert_true(has_rule(&v, "secret.bip39_words"));
	mod_verdict_free(&v);
}

static void
test_bip39_japanese(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "復元フレーズはこれです：あいこくしん　あいこくしん　あいこくしん　"
	    "あいこくしん　あいこくしん　あいこくしん　あいこくしん　あいこくしん　"
	    "あいこくしん　あいこくしん　あいこくしん　あおぞら", &v);
	EXPECT(v, MOD_HOLD);
	assert_int_equal(v.category, MOD_CAT_SECRET);
	assert_true(has_rule(&v, "secret.bip39"));
	mod_verdict_free(&v);
}

static void
test_keys(void **state)
{
	struct mod_verdict v;

	(void)state;
	/* WIF (the well-known example key), valid checksum. */
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "is my key ok? 5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ",
	    &v);
	EXPECT(v, MOD_HOLD);
	assert_true(has_rule(&v, "secret.wif"));
	mod_verdict_free(&v);
	/*
	 * One character changed (misread off paper): the checksum fails,
	 * but the version byte is a key's and 50 characters are right, so
	 * the key is one of some 3,000 guesses away: still held, with less
	 * weight (2026-12-06, test_mod_b26.c; before, not a key at all).
	 */
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "is my key ok? 5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTK",
	    &v);
	EXPECT(v, MOD_HOLD);
	assert_true(has_rule(&v, "secret.wif"));
	mod_verdict_free(&v);
	/* BIP32 test vector 1 master key. */
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL, "my xprv is "
	    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvN"
	    "KmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi", &v);
	EXPECT(v, MOD_HOLD);
	assert_true(has_rule(&v, "secret.xprv"));
	mod_verdict_free(&v);
	/* A hex private key next to key words. */
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL, "MetaMaskの秘密鍵: 0x"
	    "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
	    &v);
	EXPECT(v, MOD_HOLD);
	assert_true(has_rule(&v, "secret.hex_key"));
	mod_verdict_free(&v);
	/* An exchange API secret. */
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL, "API key works? "
	    "api secret: Zx9fK2mQ7rT4vW8yB1nC5hJ3dL6pS0aE2gU4iO7k", &v);
	EXPECT(v, MOD_HOLD);
	assert_true(has_rule(&v, "secret.api"));
	mod_verdict_free(&v);
}

static void
test_honest(void **state)
{
	struct mod_verdict v;

	(void)state;
	/* A code snippet with a transaction id. */
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "My withdrawal is stuck. txid:\n```\n3a1b2c3d4e5f60718293a4b5c6d7e8f9"
	    "0123456789abcdef0123456789abcdef\n```\nWhat should I do?", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "送金のトランザクションID 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204"
	    "ef84bfed1be16dfba1b22060 が反映されません", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
	/* The forum's own picture, named by its SHA-256: not a secret. */
	check(MOD_KIND_ANSWER, 0, &REGULAR, NULL,
	    "Same error here, the screen:\n\n![](/uploads/9f86d081884c7d659a2feaa0"
	    "c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.jpg)", &v);
	assert_false(has_rule(&v, "secret.hex64"));
	assert_false(has_rule(&v, "secret.hex_key"));
	mod_verdict_free(&v);
	/* The same 64 digits anywhere else still count. */
	check(MOD_KIND_ANSWER, 0, &REGULAR, NULL,
	    "Same error here, the code: 9f86d081884c7d659a2feaa0"
	    "c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", &v);
	assert_true(has_rule(&v, "secret.hex64"));
	mod_verdict_free(&v);
	/* Advice about recovery phrases. */
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "Write down your recovery phrase on paper and keep it offline. "
	    "Never type it into a website.", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
	/* Ordinary English made of common words. */
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "I have a simple question about the fee for this account, please "
	    "help me find the right page to check my balance today", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bip39_english),
		cmocka_unit_test(test_bip39_japanese),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_honest),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
