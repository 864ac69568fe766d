/*
 * tests/unit/test_mod_forum.c: behaviours of scams on a support forum,
 * and the honest posts that look like them.
 *
 * Fake support numbers (also spelled out in words), contacts offered for
 * help in questions, recovery services, doubling testimonies, staff
 * voice, requests to paste the recovery phrase; and the victims who
 * quote a number to ask whether it is real, the warnings that repeat it
 * (held at most, never blocked), bank numbers, test vectors.  The texts
 * are written for these tests, each trick in several variants.
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

static void
test_support_numbers(void **state)
{
	static const char *const q[] = {
		"Kraken helpline that actually works: call +1 415 555 0182, "
		"ask for the withdrawals desk.",
		"【解決】コインチェックの電話窓口は 0120-555-018 です。24時間受付",
		"Gemini support direct number 0800 555 0173 (UK), they fixed "
		"my locked account",
		"ビットバンクのサポートに電話したら直りました→ 050-5555-0199",
	};
	size_t		 i;

	(void)state;
	/* As questions, from members with a history, too. */
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		HELD(MOD_KIND_QUESTION, 0, &NEWBIE, q[i]);
		HELD(MOD_KIND_QUESTION, 0, &REGULAR, q[i]);
		HELD(MOD_KIND_ANSWER, 1, &REGULAR, q[i]);
	}
}

static void
test_spelled_numbers(void **state)
{
	static const char *const b[] = {
		"Dial eight eight eight, five five five, zero one four two and "
		"press 3 for account recovery.",
		"their line is one-eight-hundred... no: one eight zero zero five "
		"five five zero one nine nine",
		"窓口はぜろいちにーぜろ の ごーごーごー の いちにーさんよん です",
		"番号はゼロハチゼロ、サンサンサン、イチニーサンヨンです。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, b[i]);
	/* Counting in words is not a number. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Wait one or two days; it "
	    "took three days for me.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "にさんにちかかりますか？"
	    "いちどキャンセルしたほうがいいですか？");
}

static void
test_honest_quotes_and_warnings(void **state)
{
	static const char *const q[] = {
		"Is this number really Coinbase? +1 805 555 0147 called me "
		"about my wallet.",
		"「bitFlyerサポート 0120-555-264」って本物ですか？検索で出てきました",
		"知らない番号（+44 7700 900126）からWhatsAppで取引所の担当者を名乗る"
		"人から連絡が来ました。",
		"Someone told me to add LINE ID: coin_help77 for support. Is "
		"that legit?",
	};
	static const char *const warn[] = {
		"PSA: the \"Binance desk\" number 0808 555 0392 posted in "
		"several threads is a scam. Don't call it.",
		"その「050-5555-6620」は公式の番号ではありません。詐欺なのでかけないで"
		"ください。",
		"上の回答のテレグラム @kyc_support_jp は詐欺です。無視して通報しました。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, q[i]);
	for (i = 0; i < sizeof(warn) / sizeof(warn[0]); i++) {
		NOT_BLOCKED(MOD_KIND_ANSWER, 1, &NEWBIE, warn[i]);
		NOT_BLOCKED(MOD_KIND_ANSWER, 1, &REGULAR, warn[i]);
	}
	/* The bank's own number, told to explain what happened. */
	ALLOWED(MOD_KIND_QUESTION, 0, &REGULAR, "I called my bank "
	    "(1-800-555-0110, the number on my card) and they confirmed the "
	    "wire went out. Kraken still shows nothing.");
}

static void
test_recovery_and_doubling(void **state)
{
	static const char *const b[] = {
		"I lost 3 BTC too. A fund recovery firm called Northgate got "
		"everything back in two weeks, free case review on their site.",
		"The only ones who helped were ethical hackers, email them at "
		"recovery.unit@mail.example",
		"「暗号資産回収センター」に頼んだら取り戻してもらえました。成功報酬です。",
		"私も参加しました！0.5ETH送ったら10分で倍になって返ってきました",
		"Yes it's real, I sent 0.1 BTC and got 2x back within minutes.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, b[i]);
}

/*
 * Every way scam.doubling_testimony's Japanese part ends: sent (送,
 * 入金), doubled (倍, 2x), came back (返, 戻).  The rule spells the last
 * two as branches of their own; each must still hold, and none across a
 * 。.
 */
static void
test_doubling_branches(void **state)
{
	static const char *const b[] = {
		"0.5ETH送ったら10分で倍になって返ってきました",
		"送金した分が倍になって戻ってきたので信じています",
		"0.5ETH送ったら2xで返ってきました",
		"入金した1ETHが2xになって戻ってきました",
		"入金額が倍になり、そのまま戻ってきた",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, b[i],
		    "scam.doubling_testimony");
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "送金しました。2倍になると言われましたが戻ってきません", &v);
	if (has_rule(&v, "scam.doubling_testimony"))
		dump("across a full stop", &v);
	assert_false(has_rule(&v, "scam.doubling_testimony"));
	mod_verdict_free(&v);
}

static void
test_staff_voice_and_seed(void **state)
{
	static const char *const b[] = {
		"Moderator note: your refund is approved, our refunds desk "
		"will contact you by email.",
		"We've located your account. A member of our Tier 2 team will "
		"call you today.",
		"本件はチケット番号 #BB-5821 にて受付いたしました。担当者より直接ご連絡"
		"いたします。",
		"シードフレーズを書いた紙をスマホで撮って送ってください。照合します。",
		"12単語をここに入力して返信してもらえれば復元できます。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &REGULAR, b[i]);
	/* Telling someone never to type the words anywhere is advice. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "復元フレーズの12単語は誰にも"
	    "教えないでください。サポートが聞くことはありません。");
}

static void
test_test_vectors(void **state)
{
	struct mod_verdict v;

	(void)state;
	/* The published BIP39 test vectors are nobody's wallet. */
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL, "That phrase is the test "
	    "vector: abandon abandon abandon abandon abandon abandon abandon "
	    "abandon abandon abandon abandon about. Never use it.", &v);
	assert_false(has_rule(&v, "secret.bip39"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL, "テストベクトルの zoo zoo zoo "
	    "zoo zoo zoo zoo zoo zoo zoo zoo wrong は使わないで", &v);
	assert_false(has_rule(&v, "secret.bip39"));
	mod_verdict_free(&v);
}

/*
 * The behaviours added from the tune half: numbers sold as unlisted or
 * "direct", tap-to-call links, a zero written as the letter O, spelled
 * katakana digits, coins sent and more coming back, part of a recovery
 * phrase asked for, an office claimed and the login asked for, shop
 * language from new accounts with a link.  Each written for this test.
 */
static void
test_forum_behaviours(void **state)
{
	static const char *const scam[] = {
		"Kraken's site won't show it, but there is a private support "
		"line: 1 (415) 555-0143. Ask for tier 2.",
		"公式サイトには載っていない専用の番号です。03-5555-0187 にかけて"
		"ください。",
		"コインチェックの直通ダイヤル → 050-5555-0143、すぐつながります。",
		"Tap here to reach the desk: [Support](tel:+14155550143)",
		"bitFlyerの窓口はこちら O5O-5555-O198 （Oはゼロ）",
		"番号は ゼロキュウゼロ の ゴゴゴゴ の イチニーサンヨン です",
		"I sent 0.5 ETH to the promo address and got 1.0 ETH back "
		"after ten minutes, still running!",
		"試しに 0.1 BTC を送ったら 0.2 BTC になって返ってきました。",
		"To find your derivation path, post the first 3 and the last "
		"3 words of your seed phrase here.",
		"当フォーラムのモデレーターです。確認のためログインIDとパスワードを"
		"このスレッドに記載してください。",
		"国税庁の担当の者です。登録している電話番号を返信してください。",
	};
	static const char *const shop[] = {
		"激安 即納 ゲーム通貨 はこちら cheap-rmt.example",
		"Doctors hate this: lose 8 kg in a month, order now at "
		"slim-fast-keto.example",
		"初回 90% OFF のサプリ、今だけ 500円 → diet-pill.example",
	};
	static const char *const honest[] = {
		"Coinbase support has no phone line that fixes this; use the "
		"form in the app.",
		"公式サイトに載っている番号以外にはかけないでください。",
		"I sent 0.5 ETH and received 0.49 ETH because of the fee.",
		"Never type the first or last words of your seed phrase "
		"anywhere.",
		"ログインIDを忘れた場合はアプリの「お問い合わせ」から聞けます。",
		"最安値の取引所はどこですか？手数料を比べたいです。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(scam) / sizeof(scam[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, scam[i]);
	for (i = 0; i < sizeof(shop) / sizeof(shop[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, shop[i]);
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++) {
		ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, honest[i]);
		ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, honest[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_support_numbers),
		cmocka_unit_test(test_spelled_numbers),
		cmocka_unit_test(test_honest_quotes_and_warnings),
		cmocka_unit_test(test_recovery_and_doubling),
		cmocka_unit_test(test_doubling_branches),
		cmocka_unit_test(test_staff_voice_and_seed),
		cmocka_unit_test(test_test_vectors),
		cmocka_unit_test(test_forum_behaviours),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
