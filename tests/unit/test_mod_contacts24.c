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
 * word ("SupportiveMom", "unofficial_notes").  After the second batch
 * of own posts: phone groups opening with the letters O and l
 * ("+1 (8OO) 555-Ol42"), messenger names spelled out letter by letter
 * ("L I N E：name"), Session IDs, and "のやり方はセッションで送ります"
 * are held; a victim asking whose number it is, and a warning that
 * lists several fake hosts, are published.  After the third batch: a
 * number begun in separated kana digits and ended in figures
 * (「ゼロ・イチ・ニ・ゼロ」の後に 663-208), "テレグラムの「@ name」",
 * "ライン（ID：name）", and spelled names glued to a letter before them
 * ("x t.e.l.e.g.r.a.m: @name"); published: advice against a messenger
 * group ("テレグラムのグループは見ないほうがいいです").  After the fourth
 * batch: "my Telegram handle is the same as my username here", and a
 * bonus of the same amount paid back on a deposit (同額を上乗せして
 * お返し).  Every text is written
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

static void
test_phone_letter_groups(void **state)
{
	(void)state;
	contact_held("Bitget support desk: +1 (8OO) 555-Ol42. Available "
	    "24/7, mention your UID.", MOD_CONTACT_PHONE, "+18005550142");
	contact_held("Call 1-8OO-555-OlO9, the Coinbase escalation team.",
	    MOD_CONTACT_PHONE, "+18005550109");
	contact_held("サポート窓口 0l20-55-Ol99 までお電話ください。",
	    MOD_CONTACT_PHONE, "+81120550199");
	/* Words with those letters after numbers are no digits. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "On 2.1 I got lol 42 errors "
	    "in 10 lines, oil 3 times a day.");
}

static void
test_spaced_messenger(void **state)
{
	(void)state;
	contact_held("ここだと説明しきれないので、Ｌ Ｉ Ｎ Ｅ：ｂｔｃｆｉｘ＿２２ に"
	    "連絡ください。", MOD_CONTACT_LINE, "btcfix_22");
	contact_held("Contact our desk on T-E-L-E-G-R-A-M: @unlock_desk_jp",
	    MOD_CONTACT_TELEGRAM, "unlock_desk_jp");
	contact_held("w.e.c.h.a.t: coin_doc_88 で相談を受け付けています。"
	    "担当が対応します。", MOD_CONTACT_HANDLE, "coin_doc_88");
	/* Spelled letters that name no messenger, or no handle after. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Read it l i n e by line: "
	    "a b c d order first, then the fees.");
}

static void
test_session_id(void **state)
{
	(void)state;
	contact_held("詳しいやり方はセッション（Session）で送ります。IDは "
	    "05da9d2fdf6de0d45f53928a62c1f34efb91aac30dcbf7d5386a45e73946"
	    "7f7e65 です。", MOD_CONTACT_HANDLE,
	    "05da9d2fdf6de0d45f53928a62c1f34efb91aac30dcbf7d5386a45e73946"
	    "7f7e65");
	contact_held("Hit me up on Session: 0571c3b2e9f0a8d7c6b5a4938271605f"
	    "4e3d2c1b0a99887766554433221100ffee", MOD_CONTACT_HANDLE, NULL);
	/* A public key in a post about a login session is no contact. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "My session expired while "
	    "signing; the pubkey was 0371c3b2e9f0a8d7c6b5a4938271605f4e3d2c"
	    "1b0a99887766554433221100ffee and the tx went through.");
}

static void
test_number_owner_question(void **state)
{
	(void)state;
	question_is(&NEWBIE, "返信にあった電話番号",
	    "「０１２０‐９１７‐４４２ 出金トラブル窓口」という返信が自分の質問に"
	    "つきました。運営さん、この番号は取引所のものですか？", 0);
	question_is(&NEWBIE, "number in a reply",
	    "A reply says the Kraken withdrawals desk is 1-877-555-0104. "
	    "Does this number belong to Kraken?", 0);
	question_is(&NEWBIE, "LINE in a reply",
	    "回答に「LINE ID: coin_help_desk」とありました。そのIDは公式の"
	    "窓口なのでしょうか？", 0);
	/* The number given as the fix is still the fake support line. */
	question_is(&NEWBIE, "【解決】出金エラー",
	    "出金トラブル窓口 0120-917-442 に電話したらすぐ解決しました。"
	    "同じ症状の方はぜひ。", 1);
}

static void
test_warning_lists_fakes(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &TRUSTED, "Those are scam domains: "
	    "anything like coinbase-help.example or "
	    "coinbase.com.verify.example isn't Coinbase. Real: "
	    "https://www.coinbase.com only.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "どれもフィッシングサイトです："
	    "bitflyer-login.example、bitflyer.com.kakunin.example、"
	    "bitf1yer.example。開かないでください。");
	/* Telling readers to log in on one keeps its weight. */
	HELD(MOD_KIND_ANSWER, 1, &REGULAR, "Beware of fakes like "
	    "coinbase-help.example; the real one is "
	    "coinbase.com.verify.example, log in there and confirm.");
}

static void
test_kana_then_digits(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "取引所の窓口（フリーダイヤル）は"
	    "「ゼロ・イチ・ニ・ゼロ」の後に 663-208 です。",
	    "scam.ja_spelled_then_digits");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "サポートは ゼロ、ハチ、ゼロ、"
	    "そのあと 4412-9087 にかけてください。",
	    "scam.ja_spelled_then_digits");
	HELD_BY(MOD_KIND_ANSWER, 1, &REGULAR, "ぜろ・ご・ぜろ の続きは "
	    "3321-0987 です。担当が出ます。", "scam.ja_spelled_then_digits");
	/* Asked about in doubt, it weighs a quarter. */
	question_is(&NEWBIE, "カタカナの番号",
	    "「ゼロ・イチ・ニ・ゼロ」の後に 663-208 とだけ書かれた返信が来ました。"
	    "これは詐欺ですよね？", 0);
	/* Katakana words are no digits. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "サンプルのニュースを見て、"
	    "ゴールドを 100 グラム、2026-12-01 に 123,456 円で買いました。");
}

static void
test_messenger_particle_at(void **state)
{
	(void)state;
	contact_held("解決方法はテレグラムの「@ ｃｒｙｐｔｏ＿ｄｏｃ＿ｊｐ」で"
	    "個別にお伝えしています。", MOD_CONTACT_TELEGRAM, "crypto_doc_jp");
	contact_held("ディスコードで @fixer_neko_jp に話しかけてください。"
	    "同じ症状を何件も直しています。", MOD_CONTACT_DISCORD,
	    "fixer_neko_jp");
	contact_held("ライン（ID：ｍｏｎｅｙ＿ｂａｃｋ７７）で相談に乗ります。"
	    "相談無料です。", MOD_CONTACT_LINE, "money_back77");
	contact_held("ok x t.e.l.e.g.r.a.m: @abcd_ef_gh for the fix",
	    MOD_CONTACT_TELEGRAM, "abcd_ef_gh");
	/* No "@" after the particle: prose, no handle. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "テレグラムの github 連携は"
	    "使っていません。ガイドライン(id: 2)を読んでください。");
}

static void
test_ja_advice_against(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "テレグラムのグループは見ないほうがいいです。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "シグナルのグループには参加"
	    "しない方が無難です。運営はそこにいません。");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "ワッツアップのグループは"
	    "入らないほうが安全ですよ。");
	/* Advice against the forum, then the invitation: still held. */
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "ここで話さないほうがいいので、"
	    "テレグラムのグループに来てください。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "テレグラムのグループで詳しく"
	    "話します、ここには書かないほうがいいので。");
}

static void
test_same_name_and_same_amount(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Shoot a message to my "
	    "Telegram, handle is the same as my username here, plus _help.",
	    "scam.offforum_app");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "I'm on Signal, the name there "
	    "is the same as my name on this forum.", "scam.offforum_app");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "公式アンバサダー限定：USDTを送金"
	    "いただいた方に、同額のボーナスを上乗せしてお返ししています。",
	    "scam.ja_doubling");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "キャンペーン中はETHを入金すると"
	    "同じ額をプレゼントします。", "scam.ja_doubling");
	/* A name, or an amount, spoken of without the lure. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "My GitHub handle is the same "
	    "as the one in the docs, but I never DM anyone.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "入金した額と同額が出金可能額に"
	    "表示されるまで数分かかります。");
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
		cmocka_unit_test(test_phone_letter_groups),
		cmocka_unit_test(test_spaced_messenger),
		cmocka_unit_test(test_session_id),
		cmocka_unit_test(test_number_owner_question),
		cmocka_unit_test(test_warning_lists_fakes),
		cmocka_unit_test(test_kana_then_digits),
		cmocka_unit_test(test_messenger_particle_at),
		cmocka_unit_test(test_ja_advice_against),
		cmocka_unit_test(test_same_name_and_same_amount),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
