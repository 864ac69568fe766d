/*
 * tests/unit/test_mod_plain.c: the ninth pass on forum-shaped posts
 * (docs/moderation.md): lures that name no messenger, no "support" and
 * no seed-phrase request in so many words, and the honest posts of the
 * same words.
 *
 * The help moved off the forum without naming an app ("ping me
 * privately", "add me, same name as here", a QR code in the profile,
 * 個別に連絡いただければ, 公開の場では言えない); the recovery phrase asked
 * for by a "validation" or "sync" page that "only needs" it; side income
 * and returns in plain Japanese prose (放置で月30万円, 毎日5000円の副収入,
 * 初心者でも安心); a question that reports what someone else promised
 * ("a site promises 1.8 % a day … is that possible?"); "next line:" read
 * as a line of text, not a LINE ID; the reader's own contact asked for
 * so that the author can reach them ("leave your number and I'll call
 * you"); a phone number in kanji digits grouped by ・.  Every text is
 * written for these tests, each behaviour in several variants (Japanese
 * and English, other exchanges and wordings); none is taken from a data
 * set.
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

static void	 question_allowed(const struct author_kind *, const char *,
		    const char *);

/* A question of an author of kind ak, with its title, is published. */
static void
question_allowed(const struct author_kind *ak, const char *title,
    const char *body)
{
	struct mod_verdict v;

	check_titled(MOD_KIND_QUESTION, ak, title, body, &v);
	if (v.decision != MOD_ALLOW)
		dump(body, &v);
	assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

/*
 * An answer that moves the help off the forum without naming a
 * messenger: privately, by the same name as here, by a QR code or the
 * contact on the author's page, "somewhere else", 個別に, 裏で, 公開の場
 * では言えない, 私のIDで検索して.  Warnings and reports of the same words
 * are published.
 */
static void
test_offforum_no_app(void **state)
{
	static const char *const lure[] = {
		"add me, same name as here, I had the exact same problem "
		"and fixed it",
		"I'll explain it somewhere else, find me by the same "
		"nickname.",
		"Scan the QR code on my profile and I'll send you the steps.",
		"My ID is the same as my username here, add me and we can "
		"talk it through.",
		"reach out to me in private, I know how to unfreeze it",
		"drop me a private message and I will share what worked for "
		"me",
		"Too long to explain in the thread. Shoot me a private "
		"message and we'll go through it.",
		"I can help you off-forum, my contact info is on my page.",
		"プロフのQRコードから追加してくれたら手順を送ります。",
		"個別に連絡いただければ、対応方法をお伝えします。",
		"IDはユーザー名と同じです。追加してくれたら説明します。",
		"続きは個別でやり取りしましょう。",
		"公開の場では言えないので、直接連絡ください。",
		"これ以上はここで書けません。私のIDで検索して追加してください。",
		"解決方法知ってます。気になる方は個別にどうぞ。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "I pinged support privately "
	    "through the ticket form and they answered in two days.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "He said 'add me, same name as "
	    "here' and then asked for my seed. Reported him.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "詳しくはDMで、と言ってくる人は"
	    "詐欺なので相手にしないでください。");
	question_allowed(&NEWBIE, "Stranger wants me to add him",
	    "Someone told me \"add me, same name as here\" after my post. Is "
	    "that a scam? They want to 'help' me recover my funds.");
}

/*
 * A page that "validates", "syncs" or "whitelists" the wallet and asks
 * for, or only needs, the recovery phrase, with its link; a form filled
 * in with the recovery words; シードフレーズを送信すれば.  Advice to restore
 * in the wallet's own app, and warnings about such pages, are published.
 */
static void
test_wallet_validation_forms(void **state)
{
	static const char *const lure[] = {
		"This is a known sync issue. Connect your wallet on "
		"dapp-rectify.io and fill in the verification form with your "
		"recovery words.",
		"Run the wallet rectification on https://rectify-dapp.org, it "
		"asks for your mnemonic to resync the node.",
		"Use the Wallet Validator tool (walletvalidator.app). It only "
		"needs your secret recovery phrase to verify ownership.",
		"The token is stuck because your wallet isn't whitelisted. "
		"Whitelist it at claim-portal.io; it asks for the recovery "
		"phrase to prove ownership.",
		"ウォレット認証ページ（wallet-auth.jp）でシードフレーズを送信すれば、"
		"凍結されたトークンが戻ります。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "If a site asks you to "
	    "'validate' or 'sync' your wallet by typing your 12 words, it is "
	    "a phishing site. No real dApp needs your seed.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "To move to a new phone, open "
	    "the official app and choose Restore, then type your 12 words "
	    "there, nowhere else.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "ウォレットの同期とか検証でシード"
	    "フレーズを入力させるサイトは100%詐欺です。");
}

/*
 * Side income and returns in plain Japanese prose, with a way in or a
 * shop's words: 放置で月30万円, 毎日5000円の副収入, 主婦でもできる副業,
 * 初心者でも安心, 興味ある人はプロフ見てね, 詳しくはプロフィールへ; and
 * "weekly returns of 8 % guaranteed".  A question about such an offer
 * and a warning are published.
 */
static void
test_income_prose(void **state)
{
	static const char *const lure[] = {
		"自動売買ツールで毎日2万円の利益が出ています。副業におすすめです。"
		"興味ある人はプロフ見てね。",
		"副業で仮想通貨の自動売買を始めました。放置で月30万円。やり方を"
		"知りたい方はコメントください。",
		"主婦でもできる副業！スマホ1台で月20万円。仮想通貨の知識は不要"
		"です。",
		"毎月20万円の不労所得。仮想通貨の自動売買に任せるだけ。詳しくは"
		"プロフィールへ。",
		"仮想通貨で毎日5000円の副収入。初心者でも安心のサポート付き。",
		"Weekly returns of 8% guaranteed by our arbitrage desk. Join "
		"now while slots are open.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "自動売買ツールで毎日利益が出ると"
	    "いう勧誘は詐欺です。副業を装った投資詐欺に注意してください。");
	question_allowed(&NEWBIE, "自動売買ツール",
	    "副業で仮想通貨の自動売買ツールを勧められたのですが、怪しいですか"
	    "？");
}

/*
 * A question that reports what someone else promised or offered ("a
 * site promises", "an ad claims", "a guy in a group says", 友人から…と
 * 言われました) and asks whether it is possible, real or to be believed:
 * the promise is quoted, not made.  A warning that calls such promises
 * a Ponzi or "almost always a scam" is published too; the same promise
 * made by the author is held.
 */
static void
test_quoted_offer_question(void **state)
{
	(void)state;
	question_allowed(&NEWBIE, "1.8% a day?",
	    "A site promises 1.8 % a day on a cloud mining plan. Is that "
	    "possible or is it always a scam?");
	question_allowed(&NEWBIE, "1% a day realistic?",
	    "Is it realistic to make 1% a day trading? A guy in a group says "
	    "he does.");
	question_allowed(&NEWBIE, "ad 2% daily",
	    "An ad claims 'earn 2% daily with our AI bot'. Is that a scam?");
	question_allowed(&NEWBIE, "trading bot 2% daily",
	    "My coworker says his trading bot makes 2% daily. I'm skeptical. "
	    "Has anyone used these?");
	question_allowed(&NEWBIE, "guaranteed weekly",
	    "The person told me 'guaranteed 5% weekly, withdraw anytime'. "
	    "Should I believe it?");
	question_allowed(&NEWBIE, "月利20%",
	    "友人から「月利20%の自動売買ツールがある」と言われました。そんなこ"
	    "とありえますか？");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Any platform that promises a "
	    "fixed daily return like 1% a day is a Ponzi. Don't deposit.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Signals groups that promise 5% "
	    "weekly are almost always a scam; the admins make money on fees "
	    "and referrals.");
	question_allowed(&NEWBIE, "signals groups",
	    "My signals group friend says he makes money daily. How do these "
	    "groups actually profit?");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "Our cloud mining plan pays 1.8 % "
	    "a day. Is that possible? Yes! Sign up at minepay.example");
}

/*
 * "next line: cabin", "first line: street": a line of text, not a LINE
 * ID; "LINE: name" and "add me on line: name" are still the messenger.
 */
static void
test_line_as_text(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Check the wallet address "
	    "carefully. First line: your deposit address, next line: cabin, "
	    "that's the memo field name in the form. Weird but fine.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "For the address, use two "
	    "lines: first line: street, second line: building name.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "add me on line: kenji_helps and I "
	    "will guide you");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "LINE ID: cryptofix88 で追加して"
	    "ください、すぐ対応します");
}

/*
 * The reader's own contact asked for so that the author reaches them
 * out of view ("leave your number and I'll call you", 連絡先を教えて
 * もらえれば、こちらからご連絡します), or the fix said to be waiting in
 * the reader's private messages; a pitch to leave one's job.  A
 * question about a ticket that asked for a phone number and a pointer
 * to an answer above are published.
 */
static void
test_contact_asked_back(void **state)
{
	static const char *const lure[] = {
		"Let's take this offline. Leave your number and I'll call "
		"you.",
		"Drop your email here and our specialist will contact you "
		"within the hour.",
		"Check your private messages, I sent you the way to fix it.",
		"連絡先を教えてもらえれば、こちらからご連絡します。",
		"電話番号かメールアドレスを書いてくれたら、こちらから連絡します。",
		"Stop working 9-5. I make 3k a week from a crypto bot. "
		"Anyone can do it.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "I sent you the steps in my "
	    "answer above, check them.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Let's keep this on the forum "
	    "so others can learn. What does the error say exactly?");
	question_allowed(&NEWBIE, "phone number in ticket",
	    "Support asked me to reply with my phone number in the ticket, is "
	    "that normal?");
}

/*
 * A phone number in kanji digits grouped by the middle dot ・
 * (〇五〇・三二一一・八八七四): the same number as with ー or a dash.
 * Kanji numerals in ordinary Japanese (一・二・三・四の順, a date, 第一・
 * 第二…) give no number.
 */
static void
test_kanji_number_dots(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "窓口 〇五〇・三二一一・八八七四 に"
	    "電話したら即日対応でした");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "お問い合わせは〇一二〇・九八七・六五四"
	    "まで。担当が凍結を解除します。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "手順は一・二・三・四の順に進めて"
	    "ください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "二〇二四・一二・三一に出金しました"
	    "。確定申告の書類はどれですか");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "第一・第二・第三・第四・第五・第六"
	    "の条件を満たす必要があります。");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offforum_no_app),
		cmocka_unit_test(test_wallet_validation_forms),
		cmocka_unit_test(test_income_prose),
		cmocka_unit_test(test_quoted_offer_question),
		cmocka_unit_test(test_line_as_text),
		cmocka_unit_test(test_contact_asked_back),
		cmocka_unit_test(test_kanji_number_dots),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
