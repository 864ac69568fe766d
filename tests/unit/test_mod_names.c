/* tests/unit/test_mod_names.c: username and display-name impersonation */
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
test_refused(void **state)
{
	static const char *const bad[] = {
		"Binance_Support", "ｃｏｉｎｂａｓｅ公式", "Supp\xce\xbfrt",
		"b1nance", "B i n a n c e", "cz_binatce", "BlnanceLabs",
		"運営スタッフ", "admin", "the.admin", "Official-Help",
		"ｻﾎﾟｰﾄ窓口", "c0inbase", "MetaMask Help", "bitf1yer_jp",
		"Moderator_Ken", "s\xe2\x80\x8bupport",
	};
	char		 m[64];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mod_name_check(R, bad[i], strlen(bad[i]), m, sizeof(m)) != 1)
			fprintf(stderr, "not refused: %s\n", bad[i]);
		assert_int_equal(mod_name_check(R, bad[i], strlen(bad[i]), m,
		    sizeof(m)), 1);
		assert_true(m[0] != '\0');
	}
}

static void
test_allowed(void **state)
{
	static const char *const ok[] = {
		"satoshi_fan", "badminton_lover", "田中太郎", "crypto_taro",
		"hodler2024", "kenji", "ethereum_dev", "モカ", "mod_squad_fan",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (mod_name_check(R, ok[i], strlen(ok[i]), NULL, 0) != 0)
			fprintf(stderr, "refused: %s\n", ok[i]);
		assert_int_equal(mod_name_check(R, ok[i], strlen(ok[i]), NULL,
		    0), 0);
	}
	assert_int_equal(mod_name_check(R, "\xff\xfe", 2, NULL, 0), -1);
}

static void
test_username_post(void **state)
{
	struct mod_post	 p;
	struct mod_verdict v;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.kind = MOD_KIND_USERNAME;
	p.body = "Coinbase_Official";
	p.body_len = strlen(p.body);
	p.seconds_after_question = -1;
	assert_int_equal(mod_check(R, &p, NULL, &v), 0);
	assert_int_equal(v.decision, MOD_BLOCK);
	assert_int_equal(v.category, MOD_CAT_IMPERSONATION);
	mod_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_username_post),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
