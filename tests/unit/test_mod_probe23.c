/*
 * tests/unit/test_mod_probe23.c: the forum probe pass of 2026-12-06
 * (issue 22, docs/moderation.md "Forum probe pass"): behaviours the
 * probe part of forum_posts_dev showed the filter did not know.
 *
 * Held: a phone number spelled with lone letters among spaced digits
 * ("5 5 5 - 0 l 9 l"), or followed on the next line by a list's
 * numbering; Telegram, Discord and WhatsApp links defanged ("t[.]me",
 * "discord(.)gg") to slip past the filter; a contact the author says was
 * split or defanged to get past spam filters, where the word "spam" of
 * that excuse is no warning; a lookalike login page presented as the
 * official one in a "question" that asks nothing; a recovery phrase
 * posted with its last word missing; a referral code offered with the
 * reward it brings, and the author's own blog pushed beside it.
 * Published: the victim who asks about such a number or page, the
 * warning that names a scam contact or shows how scammers split or
 * defang their contacts, the
 * guide that gives the real login page, the question about the
 * checksum, the question about a referral campaign.  Every text is
 * written for these tests, each behaviour in several variants (Japanese
 * and English, other brands, scripts and wordings); none is taken from a
 * data set.  The rules alone decide here (no learned model).
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

static void	 contact_held(enum mod_kind, int, const struct author_kind *,
		    const char *, const char *, enum mod_contact_type,
		    const char *);

/* The post (title may be NULL) records the contact and is held. */
static void
contact_held(enum mod_kind kind, int reply, const struct author_kind *ak,
    const char *title, const char *body, enum mod_contact_type type,
    const char *value)
{
	struct mod_verdict v;

	check_post(kind, reply, ak, NULL, title, body, &v);
	if (!has_contact(&v, type, value) || v.decision == MOD_ALLOW)
		dump(body, &v);
	assert_true(has_contact(&v, type, value));
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

/*
 * Digits spaced out one by one with a lone letter l or O standing for
 * 1 or 0 ("0 l 9 l", "5 O 1"): the letter is a digit among single
 * digits.  A number followed on the next line by a list's numbering
 * ("…0142**\n3. Say agent") is still the number.  The victim who quotes
 * such a number and asks is published.
 */
static void
test_phone_spelled_spaced(void **state)
{
	(void)state;
	contact_held(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "Ring the Coinbase deposits desk at 1 (8 0 0) 5 5 5 - 0 l 9 l, "
	    "give them the transfer id and they credit it by hand.",
	    MOD_CONTACT_PHONE, "+18005550191");
	contact_held(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "call the gemini wallet line 1 8 7 7 5 5 5 O 1 4 2 and ask for "
	    "the unlock team, took me ten minutes",
	    MOD_CONTACT_PHONE, "+18775550142");
	contact_held(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "出金が止まったらサポートに電話すれば解除してくれます。"
	    "0 9 0 - l 2 3 4 - 5 6 7 8 です",
	    MOD_CONTACT_PHONE, "+819012345678");
	contact_held(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "How to reach a human at Bitstamp (works)",
	    "Steps that worked for me:\n1. skip the chat bot\n"
	    "2. Call the Bitstamp priority line: **1-877-555-0142**\n"
	    "3. Say agent twice and give your account email.",
	    MOD_CONTACT_PHONE, "+18775550142");
	contact_held(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "Gemini support by phone",
	    "Call the Gemini support desk:\n1 888 555 0117\n"
	    "2 minutes on hold and they unlocked my withdrawal.",
	    MOD_CONTACT_PHONE, "+18885550117");
	question_is(&NEWBIE, "Is this number really Kraken?",
	    "I got a call from 1 (8 0 0) 5 5 5 - 0 l 9 l saying my account "
	    "is locked. Is this real or a scam?", 0);
}

/*
 * A messenger link with its dot defanged ("t[.]me/…", "discord(.)gg/…",
 * "wa (dot) me/…") is the same contact as the plain link, and an answer
 * that sends readers to it is held.  The victim who quotes such a link
 * and asks whether it is real is published.
 */
static void
test_defanged_contact(void **state)
{
	(void)state;
	contact_held(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "送金エラーは専用のヘルプデスクで対応してます。\n"
	    "t[.]me/kraken_jp_desk\n↑[.]を.に直してアクセスしてください",
	    MOD_CONTACT_TELEGRAM, "kraken_jp_desk");
	contact_held(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "Screen share fixes this in 5 min. Join our support server "
	    "discord(.)gg/walletfix99 and open a ticket",
	    MOD_CONTACT_DISCORD, "walletfix99");
	contact_held(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "The bybit recovery agent answers on WhatsApp: wa [dot] me/"
	    "447700900123 tell him the forum sent you",
	    MOD_CONTACT_WHATSAPP, "447700900123");
	contact_held(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "ウォレットの同期エラーはこちらのサポートで直せます "
	    "telegram(.)me/okx_support_center",
	    MOD_CONTACT_TELEGRAM, "okx_support_center");
	question_is(&NEWBIE, "Is this Telegram desk real?",
	    "Someone replied to my thread with t[.]me/kraken_desk_jp and "
	    "said to fix the dot. Is this the real Kraken support?", 0);
	question_is(&NEWBIE, "このテレグラムは本物？",
	    "質問したら discord(.)gg/okxhelp99 に来てと言われました。"
	    "本物のサポートですか？", 0);
}

/*
 * A contact the author says was split or defanged to get past spam
 * filters ("スパム対策で分けて書いてます", "spaced out so the spam bots
 * don't eat it", "[.]を.に直して") is a contact hidden from moderators:
 * the word "spam" of that excuse is no warning, and the number offered
 * as the way to support is held.  A warning that describes the trick
 * and tells readers not to call is published.
 */
static void
test_evasion_excuse(void **state)
{
	(void)state;
	question_is(&NEWBIE, "【解決済み】送金保留はこの番号で解除できます",
	    "送金が保留のままでしたが、以下の窓口に電話したら担当の方が"
	    "解除してくれました。\n\n電話番号は\n0120\n55\n0199\n"
	    "です（スパム対策で分けて書いてます）", 1);
	question_is(&NEWBIE, "出金できない時の連絡先",
	    "サポートの番号は 0 5 0 - 5 5 5 5 - 0 1 9 9 です。"
	    "スパム扱いされるのでスペースを入れてます。電話すればすぐです", 1);
	question_is(&NEWBIE, "Withdrawal on hold? This number fixed it",
	    "My withdrawal sat on hold for a week. Called the support line "
	    "and an agent released it. Number: 1 877 555 0142 (spaced out "
	    "so the spam filter doesn't eat it).", 1);
	question_is(&NEWBIE, "電話番号を分けて書く詐欺に注意",
	    "詐欺師は 0120 / 55 / 0199 のように番号を分けて、スパム対策"
	    "をすり抜けます。サポートを名乗っても電話しないでください。", 0);
}

/*
 * A lookalike host ("<brand>.com-<x>.example") presented as the official
 * login page, in a post filed as a question that asks nothing: the
 * victim's shelter (a question quoting a phishing link to ask whether
 * it is real) does not apply.  The victim who asks, and the guide that
 * gives the real page, are published.
 */
static void
test_vouched_lookalike(void **state)
{
	(void)state;
	question_is(&NEWBIE, "コインチェック ログイン 公式",
	    "コインチェック ログイン できない\n\n"
	    "公式ログインページ → https://coincheck.com-jp.example/login\n\n"
	    "ブックマーク推奨。検索結果の広告は偽サイトなので注意。", 1);
	question_is(&NEWBIE, "Kraken login (official)",
	    "Official Kraken login page: https://kraken.com-secure.example/"
	    "signin\n\nBookmark it. The ads above the search results are "
	    "fake sites.", 1);
	question_is(&NEWBIE, "Is this the real Kraken login?",
	    "An ad said the official Kraken login page is https://"
	    "kraken.com-secure.example/signin. Is this real or phishing?", 0);
	question_is(&NEWBIE, "bitFlyer ログイン",
	    "公式ログインページ → https://bitflyer.com/\n"
	    "ブックマーク推奨。検索結果の広告は偽サイトなので注意。", 0);
}

/*
 * A recovery phrase posted with one word missing or unreadable ("the
 * twelfth word is smudged", "最後の単語が読めません"): eleven words of
 * one list in a post that speaks of the phrase are the author's phrase,
 * in English, hiragana or katakana.  Asking how the checksum narrows
 * the last word, without the words, is published.
 */
static void
test_phrase_missing_word(void **state)
{
	(void)state;
	question_is(&NEWBIE, "Can't read the last word",
	    "My seed phrase got wet and the last word is gone. The first "
	    "eleven: orbit, velvet, hammer, across, gentle, provide, "
	    "shallow, timber, unusual, wisdom, candy, (?)\nCan the "
	    "checksum tell me what it was?", 1);
	question_is(&NEWBIE, "最後の1単語がどうしても読めません",
	    "紙に書いたフレーズの12番目だけ読めなくなりました。\n"
	    "あいこくしん、うらぐち、かいよう、しめい、すすめる、ちいさい、"
	    "ちめいど、のりゆき、はんろん、ふうせん、ゆびわ、（？）\n"
	    "チェックサムで絞り込めますか", 1);
	question_is(&NEWBIE, "1単語足りません",
	    "リカバリーフレーズの単語が一つ足りないです\n"
	    "アイコクシン・ウラグチ・カイヨウ・シメイ・ススメル・チイサイ・"
	    "チメイド・ノリユキ・ハンロン・フウセン・ユビワ・？？？", 1);
	question_is(&NEWBIE, "How does the BIP39 checksum narrow the last "
	    "word?", "If I lost the twelfth word of a phrase, how many "
	    "candidates does the checksum leave? I don't want to post my "
	    "words, just understand the math.", 0);
}

/*
 * A referral code offered with the reward it brings ("use this code and
 * you get ¥1,500 of BTC", "referral code: x7k2m9 gets you $20"), and
 * the author's own blog pushed beside it: spam, from a member of
 * standing too.  A question about a referral campaign, and an answer
 * that explains where campaigns are announced, are published.
 */
static void
test_referral_reward(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "口座開設するならこの紹介コード使うと2,000円分のETHが"
	    "もらえますよ\n紹介コード：ｘ７ｋ２ｍ９");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "If you sign up, my referral code q8w3e5r gets you $20 in BTC "
	    "after your first deposit.");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Invite code: h4t9z2k - enter it when you register and both "
	    "of us get a 10 USDT bonus.");
	HELD(MOD_KIND_ANSWER, 1, &TRUSTED,
	    "これから始めるならこの招待コード使うと1,000円分のBTCが"
	    "もらえます〜 招待コード：ａ９ｂ８ｃ７\n自分のブログでも"
	    "各取引所の手数料を比べてるので見てみてください "
	    "crypto-hikaku.example");
	HELD(MOD_KIND_ANSWER, 1, &TRUSTED,
	    "Use my referral code r7t5y3u and you get $25 when you sign up. "
	    "I also compare exchange fees on my blog, check it out: "
	    "feecompare.example");
	question_is(&NEWBIE, "招待コードのキャンペーン",
	    "招待コードを使うと1,500円もらえるってキャンペーン、"
	    "本当ですか？", 0);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Referral campaigns are announced on the exchange's own news "
	    "page; the bonus is the same whether or not you use someone's "
	    "code, so you don't need one from a stranger.");
}

/*
 * A warning that names the contact, from a member with a history
 * ("people reply with t.me/… claiming to be support; it is fake, report
 * it", "この t.me/… は偽アカウントです。連絡しないで"), or a guide that
 * shows how the fake support line works with an example number: the
 * contact weighs as one quoted in a question, and the post is
 * published.  A "warning" that then sends readers to the "real" desk
 * ("beware of fakes, the real desk is t.me/…, message them") is held.
 */
static void
test_warning_names_contact(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "PSA: people reply here with t.me/kraken_support_desk claiming "
	    "to be support. It is fake, Kraken has no Telegram support. "
	    "Report and ignore.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "この t.me/okx_jp_helpdesk は運営を名乗る偽アカウントです。"
	    "連絡しないで通報してください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "How the fake support scam works: they post a number like "
	    "1-888-555-0142 in threads, you call, they ask for remote access "
	    "and drain the wallet. Never call numbers from forum replies; "
	    "use the help centre inside the app.");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Beware of fake support accounts here. The real Kraken desk is "
	    "t.me/kraken_real_desk, message them there and they will sort "
	    "it.");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Watch out for impersonators. Genuine Bybit help: "
	    "wa.me/447700900123 - text them your UID.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_spelled_spaced),
		cmocka_unit_test(test_defanged_contact),
		cmocka_unit_test(test_evasion_excuse),
		cmocka_unit_test(test_vouched_lookalike),
		cmocka_unit_test(test_phrase_missing_word),
		cmocka_unit_test(test_referral_reward),
		cmocka_unit_test(test_warning_names_contact),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
