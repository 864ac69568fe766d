/*
 * tests/unit/test_mod_offforum.c: the seventh pass on forum-shaped posts
 * (docs/moderation.md): what a lure does when it takes the reader off
 * the forum or asks for what opens the account, written in words the
 * earlier rules did not know, and the honest posts of the same shape.
 *
 * A victim's question whose first "my" follows "they said"; handles
 * given on WeChat, Viber, KakaoTalk, Snapchat, Skype, Threema or Session,
 * or as an "ID:" next to a messenger named; the recovery phrase called a
 * mnemonic or a backup, entered on a page; the account's UID, e-mail or
 * code asked for by someone who claims a post at the exchange; a reply
 * that says it sent the fix in private.  Every text is written for these
 * tests, each behaviour in several variants (other exchanges, scripts
 * and messengers, Japanese and English); none is taken from a data set.
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

/*
 * A victim's question: the first person may come after "they said" ("They
 * said my account was hacked …"); it is still the author asking.
 */
static void
test_victim_first_person_quoted(void **state)
{
	static const char *const victim[][2] = {
		{ "Is this Kraken number real?",
		  "They said my account was hacked and that the Kraken "
		  "support number is +1 (888) 555-0143, call now to freeze "
		  "it. Is this legit?" },
		{ "Bybit called me?",
		  "Someone said my wallet was flagged and told me to call the "
		  "support number +1 (855) 555-0171 today. Is this real?" },
		{ "OKX security called me",
		  "The caller claimed my UID was used from Russia and said "
		  "the OKX support number is 1-888-555-0139, ring it now. "
		  "Is that legit?" },
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(victim) / sizeof(victim[0]); i++) {
		struct mod_verdict v;

		check_titled(MOD_KIND_QUESTION, &NEWBIE, victim[i][0],
		    victim[i][1], &v);
		if (v.decision != MOD_ALLOW)
			dump(victim[i][1], &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	/* The same number given as advice in an answer is still held. */
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "They said my account was fine "
	    "after I called the Kraken support number +1 (888) 555-0143, "
	    "call them now.");
}

/* The verdict's contacts hold a handle with this value. */
static int
has_handle(const struct mod_verdict *v, const char *value)
{
	size_t		 i;

	for (i = 0; i < v->ncontacts; i++)
		if (v->contacts[i].type == MOD_CONTACT_HANDLE &&
		    strcmp(v->contacts[i].value, value) == 0)
			return 1;
	return 0;
}

/*
 * An ID on a messenger other than Telegram, WhatsApp or LINE ("WeChat:",
 * "Viber ID", "Snapchat:", KakaoTalk, Threema), or an "ID:" written after
 * a messenger is named, is a contact point outside the forum: with words
 * of help around it the answer is held.  An order ID, a messenger named
 * in passing, and a warning that quotes such an ID are not.
 */
static void
test_messenger_ids(void **state)
{
	static const char *const lure[][2] = {
		{ "Add me on WeChat: cryptofix_lee and I'll explain the fix.",
		  "cryptofix_lee" },
		{ "Viber ID: unlock_desk88, the agent there handles Kraken "
		  "freezes.", "unlock_desk88" },
		{ "Message the agent on Line, ID: kucoin_care, quick "
		  "response.", "kucoin_care" },
		{ "Snapchat: unlockpro_dan. Tell him the forum sent you, he "
		  "sorts out withdrawals.", "unlockpro_dan" },
		{ "Threema ID: K7PX3N9A is the desk that unlocks accounts.",
		  "k7px3n9a" },
		{ "カカオトークで相談してください。ID：bithelp_kr",
		  "bithelp_kr" },
		{ "詳しくはLINEで教えます。ID：kaiketsu_777", "kaiketsu_777" },
		{ "ウィーチャットのIDはこちら→ ID: okx_tasuke 担当者が対応します",
		  "okx_tasuke" },
	};
	static const char *const honest[] = {
		"WeChat users in China can't use Binance, use your region's "
		"store.",
		"Your order ID: A1B2C3D4 shows in the app's history.",
		"オンラインで注文しました。注文ID：AB12CD34 です。",
		"Someone on WeChat (ID: fakehelp_01) claimed to be support. "
		"It's a scam, don't contact them.",
		"LINEで「サポート」を名乗るアカウント（ID：cc_help_jp）から連絡が"
		"来ましたが、詐欺なので無視してください。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++) {
		struct mod_verdict v;

		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, lure[i][0], &v);
		if (v.decision == MOD_ALLOW || !has_handle(&v, lure[i][1]))
			dump(lure[i][0], &v);
		assert_int_not_equal(v.decision, MOD_ALLOW);
		assert_true(has_handle(&v, lure[i][1]));
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, honest[i]);
}

/*
 * The recovery phrase, by any of its names (mnemonic, backup words, 12
 * words, private key) and in any verb form (typing in, pasting, importing,
 * 入力すれば), to be entered with a link that is not the official site;
 * "write your backup words here" in Japanese.  Restoring in the wallet's
 * own app with the official help page, and warnings, are published.
 */
static void
test_secret_to_link(void **state)
{
	static const char *const lure[] = {
		"Your wallet is out of sync. Restore it on the sync portal "
		"(wallet-resync.example) by typing in your mnemonic.",
		"To unlock the staking rewards paste your 12 word backup into "
		"the validator at stake-validate.example",
		"Fix for the missing balance: go to node-repair.example and "
		"import your private key, it takes two minutes.",
		"Exodus moved restores to exodus-restore.example, keying in "
		"your backup words there migrates the wallet.",
		"ウォレットの同期エラーです。こちらのページでニーモニックを入力すれば"
		"復旧します→ wallet-doki.example",
		"bitbank の出金エラーは bb-fix.example で秘密鍵をインポートすると"
		"直ります。",
	};
	static const char *const honest[] = {
		"To restore, open MetaMask, choose Import wallet and enter "
		"your Secret Recovery Phrase. See "
		"https://support.metamask.io/hc/en-us for the steps.",
		"Never enter your recovery phrase on a site like "
		"wallet-sync.example, it's a scam.",
		"wallet-sync.example のようなサイトにリカバリーフレーズを入力しないで"
		"ください。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i],
		    "context.secret_to_link");
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, honest[i]);
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "バックアップの単語をここに全部"
	    "書いてもらえれば、どこが間違っているか見ますよ。",
	    "scam.ja_seed_input");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "バックアップの単語を紙に全部書いて、"
	    "金庫に保管しています。");
}

/*
 * Promotion that no support answer needs, from new accounts, with a link:
 * first-time-only prices, pre-registration, "book here", flat-fee
 * services, job offers by the hour, courses with seats left.
 */
static void
test_shop_language(void **state)
{
	static const char *const spam[][2] = {
		{ "話題の美容液が初回限定980円！ 肌トラブルに悩む方必見です。 "
		  "biyou-eki.example", NULL },
		{ "全身脱毛が初回無料！ 予約はこちら datsumou-salon.example",
		  "脱毛サロン キャンペーン" },
		{ "事前登録で限定キャラプレゼント！ 今すぐ登録 → "
		  "game-yoyaku.example", "新作スマホゲーム" },
		{ "確定申告、うちの事務所なら一律9,800円で代行します！ "
		  "zeirishi-office.example", NULL },
		{ "Btw we're hiring remote chat moderators, $35/hour, no "
		  "experience needed: jobs-remote.example", NULL },
		{ "Learn the strategy our students use. Only 50 seats left! "
		  "Enroll: ai-trade-academy.example", "AI trading course" },
	};
	static const char *const honest[] = {
		"初回の出金は本人確認が終わってからになります。",
		"I applied for the grant last year, apply here: "
		"grants.example/apply",
		"手数料は一律ではなく、ネットワークの混雑で変わります。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(spam) / sizeof(spam[0]); i++) {
		struct mod_verdict v;

		if (spam[i][1] != NULL)
			check_titled(MOD_KIND_QUESTION, &NEWBIE, spam[i][1],
			    spam[i][0], &v);
		else
			check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, spam[i][0],
			    &v);
		if (v.decision == MOD_ALLOW || !has_rule(&v, "spam."))
			dump(spam[i][0], &v);
		assert_int_not_equal(v.decision, MOD_ALLOW);
		assert_true(has_rule(&v, "spam."));
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, honest[i]);
}

/*
 * The key or the phrase exported or read out, then handed over; an
 * employee's voice ("Trust & Safety here", "I'm with the escalations
 * team", モデレーターです) asking for the account's details.
 */
static void
test_export_and_staff_voice(void **state)
{
	static const char *const lure[] = {
		"Export your private key from MetaMask and send it over, I'll "
		"move the stuck tokens for you.",
		"Read me your 24 words and I'll tell you if the checksum is "
		"wrong.",
		"秘密鍵をエクスポートしてこちらに送ってください。トークンを移動させます。",
		"復元できない原因を調べるので、12個の単語を順番に教えてもらえますか？",
		"Hi, Coinbase Trust & Safety here. Verify your identity at "
		"cb-trust-safety.example to restore access.",
		"I'm with the exchange's escalations team. DM me your account "
		"email and ticket number.",
		"Hello, I'm a community manager at Bybit. Please send your UID "
		"and the email on the account so I can escalate.",
		"モデレーターです。下記フォームから口座情報を送信してください。 "
		"mod-form.example",
	};
	static const char *const honest[] = {
		"Never export your private key for anyone who asks in a "
		"thread, and don't send it to support either.",
		"You can export your private key in MetaMask under Account "
		"details if you need it for another wallet you own.",
		"The Trust & Safety team answers tickets from the help "
		"centre only.",
		"モデレーターに通報しておきました。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, honest[i]);
}

/*
 * Honest pointers: a consumer or tax authority named with its number
 * shelters the post like a bank or the police; "Telegram is a scam"
 * gives no handle "scam".
 */
static void
test_institutions_and_warnings(void **state)
{
	struct mod_verdict v;

	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Anyone giving you a phone "
	    "number or Telegram is a scammer. Kraken support is only at "
	    "support.kraken.com.");
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "Anyone on WeChat is "
	    "fake, ignore them.", &v);
	assert_false(has_rule(&v, "contact."));
	mod_verdict_free(&v);
	NOT_BLOCKED(MOD_KIND_ANSWER, 1, &NEWBIE, "金融庁の相談窓口（0570-016811）"
	    "か、消費者ホットライン188に相談してください。業者に連絡するのは危険"
	    "です。");
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "消費生活センターの窓口"
	    "（03-5555-0100）に相談すると、返金の手続きを教えてもらえます。", &v);
	if (has_rule(&v, "context.support_contact"))
		dump("消費生活センター", &v);
	assert_false(has_rule(&v, "context.support_contact"));
	mod_verdict_free(&v);
}

/*
 * The help moved where moderators cannot see it: a reply that says it sent
 * the fix in private, readers told to search a messenger for a name, a
 * "knowledgeable friend" whose link is in the profile, a reply that will
 * explain in a Twitter DM because the forum deletes it; and recovery for
 * a fee paid up front.  Honest posts of the same words pass.
 */
static void
test_offstage_and_fees(void **state)
{
	static const char *const lure[] = {
		"Check your messages, I just sent you the fix in a private "
		"chat.",
		"I've sent you the unlock steps by e-mail, follow them today.",
		"メッセージを送ったので確認してください。解決方法を書いておきました。",
		"Google \"bitget unlock desk whatsapp\" and message the first "
		"one.",
		"Search 'okx recovery agent' on Telegram and tell him I sent "
		"you.",
		"「ビットバンク 出金 ヘルプ」でテレグラム検索してください。",
		"その件、ディスコードで詳しい人がいます。招待リンクはプロフにあります。",
		"I solved this exact issue. It's easier over voice, my number "
		"is in my bio.",
		"Blockchain forensics firms can trace and freeze stolen USDT. "
		"Mine was returned after I paid the tracing fee. They're at "
		"chaintrace-forensics.example",
		"着手金3万円を払ったら2週間で全額戻ってきました。事務所のサイト："
		"henkin-jimusho.example",
	};
	static const char *const honest[] = {
		"Check your messages in the Coinbase app, support replies "
		"there and not by e-mail.",
		"アプリ内のメッセージを確認してください。サポートからの返信はそこに"
		"届きます。",
		"サポートにメッセージを送りました。返事を待っています。",
		"「ビットフライヤー サポート」でテレグラム検索すると偽物ばかり出てきます。",
		"Never pay a recovery fee up front, anyone asking for one is "
		"running a scam.",
		"着手金を払えば取り戻せるという業者は詐欺なので払わないでください。",
		"I solved this by waiting a week; the ticket was answered in "
		"the end.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, honest[i]);
}

/*
 * A Japanese warning that calls everyone who contacts you on a messenger
 * a scammer ("…で連絡してくる人は全員詐欺なので無視しましょう") negates the
 * contact instruction it names; review selling, "up to 70% off" and a
 * new account's "subscribe to my channel" are promotion.
 */
static void
test_ja_warning_and_promo(void **state)
{
	struct mod_verdict v;

	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "公式のサポートはアプリのお問い合わせ"
	    "フォームだけです。LINEやテレグラムで連絡してくる人は全員詐欺なので"
	    "無視しましょう。");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "ワッツアップで連絡してくる"
	    "「サポート」はみんな偽物です。");
	check_titled(MOD_KIND_QUESTION, &NEWBIE, "Buy Google reviews | 5-star",
	    "Boost your business with real 5-star Google reviews. Cheap "
	    "packages, fast delivery: review-boost.example", &v);
	if (v.decision == MOD_ALLOW)
		dump("reviews", &v);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
	check_titled(MOD_KIND_QUESTION, &NEWBIE, "ビットコインで払える格安ホテル",
	    "全国のホテルが最大70%OFF！ 今すぐチェック → hotel-yasui.example",
	    &v);
	if (v.decision == MOD_ALLOW)
		dump("hotel", &v);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "うちのチャンネルでも解説"
	    "してます！チャンネル登録よろしくお願いします", &v);
	assert_true(has_rule(&v, "spam.ja_engagement"));
	mod_verdict_free(&v);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "公式チャンネルの解説動画が"
	    "分かりやすかったです。");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_victim_first_person_quoted),
		cmocka_unit_test(test_messenger_ids),
		cmocka_unit_test(test_secret_to_link),
		cmocka_unit_test(test_shop_language),
		cmocka_unit_test(test_export_and_staff_voice),
		cmocka_unit_test(test_institutions_and_warnings),
		cmocka_unit_test(test_offstage_and_fees),
		cmocka_unit_test(test_ja_warning_and_promo),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
