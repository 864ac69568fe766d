/*
 * tests/unit/test_mod_contacts24.c: the own-posts pass on contacts,
 * lookalike links, giveaways and usernames (issue 22,
 * docs/moderation.md "Own-posts pass: contacts, links and secrets").
 *
 * Held: a messenger ID after the messenger's katakana name
 * (カカオトーク：name, ウィーチャット：name), "search my name on
 * Telegram" with no handle at all, a subdomain shaped as a domain of
 * its own that holds a brand ("ledgerlive.com.restore.example"),
 * Japanese "connect your wallet and receive" lures.  Published: victims
 * asking about such contacts and lures, a question about how to
 * receive an airdrop, names holding a staff word inside another English
 * word ("SupportiveMom", "unofficial_notes").  Every text is written
 * for these tests, each behaviour in several variants; none is taken
 * from a data set.  The rules alone decide here (no learned model).
 */
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
#include "mod_expect.h"

static void	 contact_held(const char *, enum mod_contact_type,
		    const char *);

/* A new account's answer: records the contact and is held. */
static void
contact_held(const char *body, enum mod_contact_type type,
    const char *value)
{
	struct mod_verdict v;

	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, body, &v);
	if (!has_contact(&v, type, value) || v.decision == MOD_ALLOW)
		dump(body, &v);
	assert_true(has_contact(&v, type, value));
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

static void
test_katakana_messenger_id(void **state)
{
	(void)state;
	contact_held("カカオトーク: helpdesk_k2 までお問い合わせください。"
	    "日本語で対応します。", MOD_CONTACT_HANDLE, "helpdesk_k2");
	contact_held("ウィーチャット：coin_rescue_jp を追加してください、"
	    "担当が説明します。", MOD_CONTACT_HANDLE, "coin_rescue_jp");
	contact_held("インスタグラム：wallet.doctor にDMください。すぐ"
	    "直せます。", MOD_CONTACT_HANDLE, "wallet.doctor");
	contact_held("スカイプ ID: kaito.support.desk でご連絡ください。",
	    MOD_CONTACT_HANDLE, "kaito.support.desk");
	contact_held("ディスコード：fixer_neko までメッセージを。同じ症状を"
	    "何件も直しています。", MOD_CONTACT_DISCORD, "fixer_neko");
	/* Naming the messenger is no contact. */
	question_is(&NEWBIE, "カカオトークの連絡",
	    "カカオトークで「サポート担当」を名乗る人から連絡が来ました。"
	    "取引所がカカオトークを使うことはありますか？", 0);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "インスタグラムやディスコードで話しかけてくるサポートは全部"
	    "偽物です。問い合わせはヘルプセンターからだけにしてください。");
}

static void
test_search_my_name(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Just search my name on "
	    "Telegram, I'll walk you through it step by step.",
	    "scam.offforum_app");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Search for my username on "
	    "Discord and send a request, I fixed this for many people.",
	    "scam.offforum_app");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "look me up on signal, same "
	    "name, I can get the funds unstuck.", "scam.offforum_app");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Find my handle on Instagram "
	    "and message me, it's faster there.", "scam.offforum_app");
	/* Not an invitation to the author's messenger. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "If you search my name on "
	    "this forum you'll find the guide I wrote about fees.");
	question_is(&NEWBIE, "told to search a name on Telegram",
	    "A reply told me to search his name on Telegram to get my "
	    "withdrawal fixed. Is that legit?", 0);
}

static void
test_domain_shaped_subdomain(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Restore your wallet at "
	    "ledgerlive.com.restore-wallet.example, the bug is fixed "
	    "there.", "link.brand_subdomain");
	HELD_BY(MOD_KIND_ANSWER, 1, &REGULAR, "Log in via "
	    "https://geminiapp.com.account-check.example/login to lift "
	    "the hold.", "link.brand_subdomain");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "ここで確認できます "
	    "https://c0inbasse.co.jp.kakunin.example/", "link.brand_subdomain");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Update at "
	    "trezor-suite.io.update-now.example before Friday.",
	    "link.brand_subdomain");
	/* A subdomain that is not shaped as a domain, or no brand in it. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "The docs are mirrored at "
	    "https://docs.example.com.cdn.example/api and the images at "
	    "https://static.ledgerbook.example/a.png.");
}

static void
test_ja_connect_wallet_claim(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "claim-airdrop.example で"
	    "ウォレットを接続するだけでエアドロップを受け取れます。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "メタマスクを連携すれば、保有者"
	    "限定の報酬がもらえます。本日23時まで。");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR, "財布をつないでください。"
	    "接続が済んだ方から順にボーナスを付与します。");
	/* A question about claiming, or a lure quoted in doubt. */
	question_is(&NEWBIE, "エアドロップの受け取り方",
	    "Arbitrumのエアドロップを受け取るにはウォレットを接続する"
	    "必要がありますか？", 0);
	question_is(&NEWBIE, "この案内は本物？",
	    "「ウォレットを接続するだけで受け取れる」というエアドロップの"
	    "案内がXで来ました。これって詐欺ですか？", 0);
}

static void
test_staff_word_in_other_word(void **state)
{
	static const char *const ok[] = { "SupportiveMom", "supportive_dad",
	    "unofficial_tanaka", "Unofficial Notes", "nonofficial-log" };
	static const char *const bad[] = { "Supp0rtive Team", "Kraken Support",
	    "official_un", "Support Team", "Binance Unofficial" };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (mod_name_check(R, ok[i], strlen(ok[i]), NULL, 0) != 0)
			fprintf(stderr, "refused: %s\n", ok[i]);
		assert_int_equal(mod_name_check(R, ok[i], strlen(ok[i]), NULL,
		    0), 0);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mod_name_check(R, bad[i], strlen(bad[i]), NULL, 0) != 1)
			fprintf(stderr, "not refused: %s\n", bad[i]);
		assert_int_equal(mod_name_check(R, bad[i], strlen(bad[i]), NULL,
		    0), 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_katakana_messenger_id),
		cmocka_unit_test(test_search_my_name),
		cmocka_unit_test(test_domain_shaped_subdomain),
		cmocka_unit_test(test_ja_connect_wallet_claim),
		cmocka_unit_test(test_staff_word_in_other_word),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
