/*
 * tests/unit/test_mod_lures2.c: the tenth pass on forum-shaped posts
 * (docs/moderation.md): lures in shapes the earlier passes missed, and
 * the honest posts of the same words.
 *
 * A phone number begun in kana digits and ended in figures with の
 * between groups, or in kanji or figures with の between groups; the
 * letter O for zero right after a number's first digit ("8OO"); digits spelled inside parentheses ("(five)"); a number
 * followed by a note in parentheses ("（二十四時間）", "(24h)"); "you
 * know where to find me"; a "solved" story of typing the recovery words
 * into a page, told so readers do the same; a third party (agent, firm,
 * 弁護士, 調査会社) that "got my coins back" for a fee paid first and
 * "works with the exchange"; staff spoken as without the word staff (a
 * tier, a desk, a ticket number with a request to confirm details, a
 * team's signature); a domain spelled with "dot"; the help moved to a
 * messenger by a phrase of reach ("hit me up on", "same @ on the bird
 * app", an ID in the profile); a "restitution bureau" to file a claim
 * with; a member writing as the exchange's notice to all users.  Every text is written for these tests,
 * each behaviour in several variants (Japanese and English, other
 * exchanges, messengers and wordings); none is taken from a data set.
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

static void	 held_all(const char *const *, size_t);
static void	 question_held(const char *, const char *);
static void	 question_allowed(const char *, const char *);

/* Each answer of a new account in v[0..n) is held or blocked. */
static void
held_all(const char *const *v, size_t n)
{
	size_t		 i;

	for (i = 0; i < n; i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, v[i]);
}

/* A new account's question, with its title, is held or blocked. */
static void
question_held(const char *title, const char *body)
{
	struct mod_verdict v;

	check_titled(MOD_KIND_QUESTION, &NEWBIE, title, body, &v);
	if (v.decision == MOD_ALLOW)
		dump(body, &v);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

/* A new account's question, with its title, is published. */
static void
question_allowed(const char *title, const char *body)
{
	struct mod_verdict v;

	check_titled(MOD_KIND_QUESTION, &NEWBIE, title, body, &v);
	if (v.decision != MOD_ALLOW)
		dump(body, &v);
	assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A number begun in kana digits and ended in figures, groups joined by
 * の or 、.  Counting in kana and a code in figures are published.
 */
static void
test_kana_then_figures(void **state)
{
	static const char *const lure[] = {
		"サポートに電話したらすぐ直りました。番号はゼロイチニーゼロの"
		"４４３の２１９８です。",
		"窓口の番号、ゼロキュウゼロの５５１２の８８３０にかけてください。",
		"お客様窓口はれいはちれいの、３２１１の、７７４０です。",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "手順はイチ、ニ、サンの順です。"
	    "設定画面の２番目のタブを開いてください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "イチから説明すると、まず２段階"
	    "認証の設定画面を開いて、その次の画面で1234のようなコードを入れます"
	    "。");
}

/*
 * Digits spelled inside parentheses in a phone number: "(five)" is 5.
 * Menu options in parentheses are no number.
 */
static void
test_paren_spelled_digits(void **state)
{
	static const char *const lure[] = {
		"Call the Coinbase desk at 1-888-(five)-(five)-(five)-0199, "
		"they unlocked mine in minutes.",
		"Helpline is 1 (eight)(zero)(zero) 4 (two) 1-7733, ask for the "
		"withdrawals team.",
		"The number that worked for me: +1 (8)(4)(4) (five)(five)(zero) "
		"2 2 1 9",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Pick option (two) in the menu, "
	    "then (three) for withdrawals. Took me 5 minutes.");
}

/*
 * A number followed by a note in parentheses: （二十四時間）, （24時間
 * 対応）, (24h).  The digits of the note are not the number's.
 */
static void
test_number_before_note(void **state)
{
	static const char *const lure[] = {
		"電話 〇五〇 三二一一 八八七四（二十四時間対応）で解決しました",
		"窓口 050-3211-8874（24時間対応）に電話したらすぐ凍結解除されま"
		"した",
		"Phone the desk on 888 555 0199 (24h), they fix frozen "
		"withdrawals on the call.",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Withdrawals usually take 30 "
	    "minutes (24h at most). If it takes longer, open a ticket.");
}

/*
 * "You know where to find me": a contact off the forum hinted at, with
 * no name, place or number.  Quoted as a warning, or said of a page of
 * the exchange's app, it is published.
 */
static void
test_know_where_to_find_me(void **state)
{
	static const char *const lure[] = {
		"not on here. You know where to find me.",
		"Can't say more on this site. You know where to reach me.",
		"Not gonna explain it publicly, you know where I am.",
		"ここでは書けません。どこで連絡取れるかはわかりますよね。",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "If someone says 'not on here, "
	    "you know where to find me', block them. Real help happens in the "
	    "thread.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "You know where to find the "
	    "withdrawal history: Wallet > History.");
}

/*
 * A "solved" question that tells of typing the recovery words into a
 * page and asks readers to do the same.  The victim who typed them and
 * asks what to do, and the warning, are published.
 */
static void
test_solved_typed_phrase(void **state)
{
	(void)state;
	question_held("[SOLVED] MetaMask balance showing zero", "Fixed! Went "
	    "to the wallet sync guide link someone posted, typed my recovery "
	    "words into the sync page and the balance came back. Do the same "
	    "if you have this issue.");
	question_held("Solved: Phantom tokens gone", "I entered my seed phrase "
	    "into the restore form on the link from the other thread and "
	    "everything is back. Do what I did.");
	question_held("[fixed] Exodus not showing USDT", "Pasted my 12 words "
	    "into the validation page a helper linked and it worked like a "
	    "charm. Just do the same, guys.");
	question_allowed("I typed my recovery words into a sync page", "I "
	    "typed my recovery words into the sync page someone linked and now "
	    "my wallet is empty. What do I do?");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Never type your recovery words "
	    "into a page someone links here. If you already did, move your "
	    "funds now.");
}

/*
 * A third party (agent, firm, "these guys", 弁護士事務所, 探偵事務所) that
 * got the coins back, a fee paid first, "they work with the exchange".
 * The warning about such firms and a refund by the exchange itself are
 * published.
 */
static void
test_recovery_testimony(void **state)
{
	static const char *const lure[] = {
		"I lost 3 BTC to a fake platform last year. An agent from a "
		"firm called ChainTrace got my coins back in 10 days. They "
		"work with the exchange directly. Look them up.",
		"My cousin's crypto was stolen too. A blockchain forensics "
		"agent got her coins back; they charge 10% and a small "
		"retainer first.",
		"I was skeptical but these guys are legit, they brought back "
		"my 40k USDT. Fee upfront, rest after. They partner with "
		"exchanges.",
		"同じ被害に遭いましたが、弁護士事務所に依頼したら全額戻ってきま"
		"した。着手金は5万円でした。取引所と連携しているそうです。",
		"被害金は取り戻せます。私は探偵事務所経由で返金されました。最初"
		"に調査料がかかりますが確実です。",
		"Same thing happened to me with a fake Bybit clone. I filed "
		"with Asset Trace Group, they got 80% back to my wallet within "
		"a month. They need a refundable deposit to open the case.",
		"私の場合、被害回復を専門にする行政書士さんにお願いして、半分ほど"
		"返ってきました。最初に登録料が必要ですが、取引所とも話がついてい"
		"るそうです。",
		"ハッカーの方にお願いしたらウォレットから取り返してもらえました。"
		"前払いで10万円でしたが、価値はありました。",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Recovery firms that ask for a "
	    "fee up front are a second scam. No one can get your coins back "
	    "for a fee.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "調査会社や弁護士を名乗って「取り"
	    "戻せる」と言ってくる業者は二次被害の詐欺です。着手金を払わないで"
	    "ください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "I got my coins back when the "
	    "exchange reversed the deposit; it took support two weeks.");
}

/*
 * Staff spoken as without the word staff: a tier or a desk, a ticket
 * handled, an account reviewed, a team's signature, a case number with
 * a request to confirm details.  A member telling of their own ticket
 * is published.
 */
static void
test_desk_voice(void **state)
{
	static const char *const lure[] = {
		"Hi, Tier-2 agent here. I've opened case #BX-448812 for you. "
		"Please confirm your registered email and the 6-digit code you "
		"just received.",
		"Hello, I'm handling your ticket (Ref: 20391-KX). To proceed, "
		"reply with your UID and the email linked to the account.\n\n"
		"\xe2\x80\x94 Daniel, Customer Success, Kraken",
		"Your case number is CS-99812. Please verify your account "
		"details by replying with your login email so we can escalate.",
		"We have reviewed your account and found unusual activity. "
		"Please confirm your wallet address and recovery email here to "
		"avoid suspension.\n\nBest regards,\nSecurity Operations",
		"This is the withdrawals desk. Confirm the details of your last "
		"deposit and your UID and we'll release the funds today.",
		"お世話になっております。bitbank カスタマーサクセスの佐藤です。"
		"ご本人確認のため、登録メールアドレスと生年月日をこちらにご記入く"
		"ださい。",
		"Hi there, Jenna from the Kraken Trust & Safety desk. To lift "
		"the hold, reply with your account email and the last deposit "
		"amount.",
		"Escalation ID: KR-2291-X. Your account was flagged by our risk "
		"engine. Verify ownership by sending your UID and registered "
		"phone number here.",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Ticket #48812 was my case; "
	    "support answered after 3 days and asked me to verify in the app, "
	    "not here.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Support gave me a case number "
	    "(CS-55120) and told me to wait. Don't post your email here, they "
	    "have it already.");
}

/*
 * A domain spelled with "dot" that passes for a brand: a lookalike or
 * the brand as another site's subdomain.  The brand's own domain and
 * "dot com" in prose are published.
 */
static void
test_spelled_domain(void **state)
{
	static const char *const lure[] = {
		"Go to binance dot com-verify dot net and verify your account, "
		"it fixed mine.",
		"log in at coinbase dot secure-wallet dot io to unlock "
		"withdrawals",
		"use kraken dot com dot unlock-help dot org and follow the "
		"steps",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Type binance dot com yourself "
	    "in the browser, never a link from a DM.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "This was back in the dot com "
	    "era, a lot has changed since then.");
}

/*
 * The help moved to a messenger by a phrase of reach: "hit me up on
 * Discord", "reach me on Session", "same @ on the bird app", an ID in
 * the profile.  The project's own Discord and a report of a DM are
 * published.
 */
static void
test_messenger_phrases(void **state)
{
	static const char *const lure[] = {
		"I know exactly how to fix this. Hit me up on Discord, same "
		"name.",
		"I can help, reach me on Session, ID in my profile.",
		"Hit me up on the blue bird, same @, I'll DM you the steps",
		"I fixed this for three people already. I'm on Telegram with "
		"the same username, just search it.",
		"Let's move this to DMs. Check the link in my signature.",
		"Add me on WeChat, ID below my avatar, I'll explain step by "
		"step.",
		"I'll send you the fix on Signal. My number's on my profile.",
		"Too much to type here. Tap my avatar, there's a way to reach "
		"me.",
		"詳しくはインスタのDMで。アカウントはこのユーザー名と同じです。",
		"ここだと消されるから、Xで同じIDを検索して。",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "The project's Discord is linked "
	    "from its official site; the mods there answer fast.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Someone DMed me on Session "
	    "claiming to be support. Blocked.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "I'm on Twitter too but I only "
	    "post charts there. Your issue is the network: use ERC-20, not "
	    "BEP-20.");
}

/*
 * Victims sent to a "restitution bureau", "compensation authority" or
 * "claims office" to file: a body that sounds public and is the
 * recovery scam.  A police report and a warning are published.
 */
static void
test_restitution_office(void **state)
{
	static const char *const lure[] = {
		"Binance will not help with that. File a report with the "
		"Global Crypto Restitution Bureau, they are independent and "
		"handle chain tracing: gcrb-claims.org",
		"You should submit a claim to the Digital Asset Compensation "
		"Authority. It's a neutral body that refunds scam victims. "
		"Form at daca-refunds.net",
		"Register your case with the Blockchain Claims Office "
		"(bco-help.com), they reimbursed my loss in 3 weeks.",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "File a police report and "
	    "report it to IC3 (ic3.gov). No private bureau can refund you.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "A 'restitution bureau' that "
	    "asks you to file a claim and pay a fee is a scam.");
}

/*
 * A member writing as the exchange's notice to all its users ("Dear
 * Binance users", "accounts opened before 2024 must", 〜をご利用の皆様
 * へ at the head of a line).  A question about such an e-mail and a
 * warning that quotes the greeting are published.
 */
static void
test_notice_voice(void **state)
{
	(void)state;
	question_held("[OFFICIAL] Mandatory account re-verification - "
	    "deadline Friday", "Dear Binance users, due to new regulations all "
	    "accounts opened before 2024 must complete re-verification at "
	    "binance-kyc-update.com before Friday.");
	question_held("【重要】本人確認の再手続きについて", "bitFlyerをご利用の"
	    "皆様へ。法改正に伴い、全てのアカウントで再認証が必要です。下記リン"
	    "クから手続きしてください。bitflyer-renew.jp");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "Dear Coinbase customers, all "
	    "accounts registered before 2023 must re-confirm their wallet by "
	    "Monday.");
	question_allowed("Got an email: Dear Binance users", "I got an email "
	    "starting 'Dear Binance users' saying I must re-verify before "
	    "Friday. Is this real?");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "利用者の皆様へという書き出しの"
	    "メールは詐欺が多いので、公式アプリのお知らせで確認してください。");
}

/*
 * Digit groups joined by の (〇九〇の一二三四の五六七八, 090の1234の5678),
 * and the letter O for zero right after the first digit ("8OO-92I-…").
 * An order number, a date with の and a single の between figures are no
 * phone number.
 */
static void
test_no_groups_and_letters(void **state)
{
	static const char *const lure[] = {
		"電話番号は〇九〇の一二三四の五六七八です。担当の方が親切でした。",
		"サポートは090の3321の8874、夜でもつながります。",
		"Phone: 8OO-92I-44O5 (Binance US desk)",
	};

	(void)state;
	held_all(lure, N(lure));
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "My order number was "
	    "0120-8894-4512-33, support found it by that.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "二〇二四の一二月三一日に出金しま"
	    "した。確定申告はどうすればいいですか");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "手数料は1の位を切り上げて計算され"
	    "ます。");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kana_then_figures),
		cmocka_unit_test(test_paren_spelled_digits),
		cmocka_unit_test(test_number_before_note),
		cmocka_unit_test(test_know_where_to_find_me),
		cmocka_unit_test(test_solved_typed_phrase),
		cmocka_unit_test(test_recovery_testimony),
		cmocka_unit_test(test_desk_voice),
		cmocka_unit_test(test_spelled_domain),
		cmocka_unit_test(test_messenger_phrases),
		cmocka_unit_test(test_restitution_office),
		cmocka_unit_test(test_notice_voice),
		cmocka_unit_test(test_no_groups_and_letters),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
