/*
 * tests/unit/test_mod_gaps.c: the eleventh pass on forum-shaped posts
 * (issue 22, docs/moderation.md): the known gaps of the filter.
 *
 * Held: phone numbers written with spelled digits and runs of
 * separators, Discord user tags (name#1234), offers of loans or
 * investment that open with a question to the reader, lists of bare
 * keywords (keyword stuffing), the author's own paid content offered
 * at a cut price.  Published:
 * warnings that call a lookalike host phishing, questions about a
 * messenger's official group, victims who report what a recovery firm
 * claims, public API keys, usernames that ask for support.  Every text is written for these tests,
 * each behaviour in several variants (Japanese and English, other
 * brands, scripts and wordings); none is taken from a data set.  The
 * rules alone decide here (no learned model).
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

static void	 contact_in(enum mod_kind, int, const struct author_kind *,
		    const char *, enum mod_contact_type, const char *, int);

/*
 * The post records the contact (value, or any of the type when NULL)
 * and is held (held 1); or records no contact of the type (held 0, the
 * decision not checked).
 */
static void
contact_in(enum mod_kind kind, int reply, const struct author_kind *ak,
    const char *body, enum mod_contact_type type, const char *value,
    int held)
{
	struct mod_verdict v;

	check(kind, reply, ak, NULL, body, &v);
	if (held && (!has_contact(&v, type, value) ||
	    v.decision == MOD_ALLOW))
		dump(body, &v);
	if (!held && has_contact(&v, type, NULL))
		dump(body, &v);
	if (held) {
		assert_true(has_contact(&v, type, value));
		assert_int_not_equal(v.decision, MOD_ALLOW);
	} else
		assert_false(has_contact(&v, type, NULL));
	mod_verdict_free(&v);
}

/*
 * A support number spelled out digit by digit, with digits in words in
 * parentheses and runs of separators between the groups ("2 - (four)",
 * "1-800 . . 555", "0 9 0 / / 1 2 3 4", emoji twice over): the number is
 * found and the post held.  Amounts, versions and dates written with the
 * same separators are no numbers.
 */
static void
test_phone_separators(void **state)
{
	(void)state;
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Their helpline fixed it for me, ring 0 (nine) 0 - (one) 2 "
	    "(three) 4 - (five) 6 (seven) 8 and ask for the wallet team.",
	    MOD_CONTACT_PHONE, "+819012345678", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "call support at 1 (eight) 0 0 -- (five) 5 5 -- (zero) 1 9 "
	    "(nine), they unlock accounts fast", MOD_CONTACT_PHONE,
	    "+18005550199", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Call support 1-8-0-0 . . 5-5-5 . . 0-1-9-9 they recovered my "
	    "funds", MOD_CONTACT_PHONE, "+18005550199", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Call the recovery desk 0 9 0 / / 1 2 3 4 / / 5 6 7 8 they got "
	    "my coins back", MOD_CONTACT_PHONE, "+819012345678", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "電話番号は　０９０・・１２３４・・５６７８　サポートに電話して"
	    "ください", MOD_CONTACT_PHONE, "+819012345678", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Support hotline 1\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5" "8"
	    "\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5" "0\xf0\x9f\x94\xa5"
	    "\xf0\x9f\x94\xa5" "0 5\xf0\x9f\x94\xa5" "5\xf0\x9f\x94\xa5"
	    "5 0\xf0\x9f\x94\xa5" "1\xf0\x9f\x94\xa5" "9\xf0\x9f\x94\xa5"
	    "9 call now", MOD_CONTACT_PHONE, "+18005550199", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "WhatsApp the agent +44 - - 7700 . . 900 . . 123 for help",
	    MOD_CONTACT_PHONE, "+447700900123", 1);
	/* A number followed by a note after a run of separators. */
	contact_in(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "緊急窓口  0120-382-066  ※ 24時間365日受付 ※ 返金手続きも"
	    "こちら", MOD_CONTACT_PHONE, "+81120382066", 1);
	contact_in(MOD_KIND_ANSWER, 1, &REGULAR,
	    "I paid 2,000 - 3,000 yen per month, then 1,500 . . 2,500 "
	    "later; prices vary.", MOD_CONTACT_PHONE, NULL, 0);
	contact_in(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Versions 1.2.3 . . 4.5.6 and 7.8.9 - - 10.11 all had the bug.",
	    MOD_CONTACT_PHONE, NULL, 0);
	contact_in(MOD_KIND_QUESTION, 0, &REGULAR,
	    "Between 2024 - - 01 - - 15 and 2024 . . 02 . . 20 my balance "
	    "changed from 1000 to 2000.", MOD_CONTACT_PHONE, NULL, 0);
}

/*
 * A number written in digits and number words mixed ("one eight hundred
 * 555 0199", "ring 0 seven 9 one 2 four …", "1 888 four zero five
 * 1234") is a spelled-out phone number; amounts and steps that mix words
 * and digits in prose are not.
 */
static void
test_spelled_mixed(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Coinbase hotline: one eight hundred 555 0199 they answer 24/7",
	    "scam.spelled_mixed");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "ring 0 seven 9 one 2 four 5 six 7 eight 9 for the wallet team",
	    "scam.spelled_mixed");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "call 1 888 four zero five 1234 and ask for Kevin",
	    "scam.spelled_mixed");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Kraken desk, dial 44 seven seven 00 nine 00 123 today",
	    "scam.spelled_mixed");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "I bought one BTC at 30000 and two more at 45000, then sold one "
	    "in 2023.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Steps one, two and three: set 2 confirmations, wait 10 minutes, "
	    "then check 1 of 3 signers.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Is the fee one percent or 0.1 percent? I paid 3 times 100 yen.");
}

/*
 * Discord user tags (name#1234) in a post that names Discord are a
 * person to write to: recorded and, offered as help, held.  Issue and
 * order numbers, and a tag in a post that does not name Discord, are
 * not contacts.
 */
static void
test_discord_tags(void **state)
{
	(void)state;
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "My wallet was fixed by the team on Discord, message "
	    "rec0very#0001 and tell them your issue.", MOD_CONTACT_DISCORD,
	    "rec0very#0001", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "ディスコードで連絡ください：kaifuku#5521 復旧をお手伝いします",
	    MOD_CONTACT_DISCORD, "kaifuku#5521", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Ask the Discord helpdesk, walletfix#7302, they sorted my "
	    "stuck withdrawal in an hour.", MOD_CONTACT_DISCORD,
	    "walletfix#7302", 1);
	contact_in(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "ディスコの窓口 Ｓｕｐｐｏｒｔ＿ｊｐ＃０００７ に連絡すれば出金"
	    "できるようになりますよ。", MOD_CONTACT_DISCORD,
	    "support_jp#0007", 1);
	contact_in(MOD_KIND_ANSWER, 1, &REGULAR,
	    "This was fixed in issue#1234 on GitHub, update to the latest "
	    "release.", MOD_CONTACT_DISCORD, NULL, 0);
	contact_in(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Our Discord server has a #help channel, ask there; order#5521 "
	    "was refunded.", MOD_CONTACT_DISCORD, NULL, 0);
	contact_in(MOD_KIND_ANSWER, 1, &REGULAR,
	    "The build bot tagged it release#2024 last night.",
	    MOD_CONTACT_DISCORD, NULL, 0);
}

/*
 * A loan or an investment offered in the author's own voice after a
 * question aimed at the reader ("Need a loan? We offer …", "お金に困って
 * いませんか？融資します") is the offer, in a question too.  The same
 * words quoted by someone who asks whether they are real, and a member
 * asking about loans, are published.
 */
static void
test_offer_hook(void **state)
{
	(void)state;
	question_is(&NEWBIE, "お金",
	    "お金に困っていませんか？融資します。審査なし即日、LINEで相談して"
	    "ね", 1);
	question_is(&NEWBIE, "資金繰り",
	    "返済に困っていませんか？個人でお貸しします。まずはご相談ください"
	    "。", 1);
	question_is(&NEWBIE, "Investment?",
	    "Looking for a good investment? We manage your crypto with 30% "
	    "monthly returns, want to join?", 1);
	question_is(&NEWBIE, "Loans",
	    "Need a loan? We offer fast personal loans at 2% interest, "
	    "approved today. Interested?", 1);
	question_is(&NEWBIE, "extra income",
	    "Want extra income? I invest for you in our arbitrage pool, "
	    "10% a week. Who is in?", 1);
	question_is(&NEWBIE, "Struggling with debt?",
	    "Struggling with debt? We can help you consolidate, approval in "
	    "1 hour, message us.", 1);
	question_is(&NEWBIE, "ローン審査に落ちた？",
	    "審査に落ちて困っていませんか？ブラックでも融資可能です。LINEで"
	    "相談ください。", 1);
	question_is(&NEWBIE, "Is this a scam?",
	    "Someone DMed me \"Need a loan? We offer loans at 2% with no "
	    "credit check\". Is this a scam?", 0);
	question_is(&NEWBIE, "これは詐欺？",
	    "「お金に困っていませんか？融資します」というDMが来ました。詐欺"
	    "ですよね？", 0);
	question_is(&REGULAR, "Loan question",
	    "Need a loan? I am thinking of taking one from my bank to buy "
	    "BTC, is that a bad idea?", 0);
	question_is(&NEWBIE, "Loan against crypto",
	    "Do exchanges offer loans against BTC? I need cash but don't "
	    "want to sell. Which one has the lowest rate?", 0);
}

/*
 * A warning that calls a lookalike host phishing or fake repeats it to
 * warn: published from a member who is not new, held at most (never
 * blocked) from a new account; the same host given as the official
 * site is still held.
 */
static void
test_phishing_warning(void **state)
{
	static const char *const warn[] = {
		"That is phishing. Do not open blnance-login.com, the real "
		"site is binance.com. Report the SMS.",
		"Do not click coinbase-verify-account.com, it is a phishing "
		"site. I got the same mail.",
		"この bitflyer-support.net はフィッシングサイトです。絶対に"
		"開かないでください。",
		"kraken-secure-login.com は偽サイトです。ログインしないで"
		"ください。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(warn) / sizeof(warn[0]); i++) {
		ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, warn[i]);
		NOT_BLOCKED(MOD_KIND_ANSWER, 1, &NEWBIE, warn[i]);
	}
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Official support: log in at blnance-login.com to verify your "
	    "account.");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "公式サイトはこちら bitflyer-support.net からログインして本人確認"
	    "してください。");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Beware of fake sites! Use the real one: coinbase-verify-account"
	    ".com and log in there to unlock your account.");
}

/*
 * A question about a messenger's official group ("is there an official
 * Signal group?") is no trading-signals advertisement; a paid signals
 * group still is.
 */
static void
test_signal_group(void **state)
{
	(void)state;
	question_is(&NEWBIE, "Signal group",
	    "Is there an official Signal group for this exchange? I saw one "
	    "mentioned on Twitter but can't find it.", 0);
	question_is(&NEWBIE, "Signal channel",
	    "Does Kraken run a Signal channel for announcements, or is that "
	    "an impersonator?", 0);
	question_is(&NEWBIE, "Signal",
	    "My friend invited me to a Signal group about Ledger updates, "
	    "is that official?", 0);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Join our VIP signals group, 95% win rate, first week free.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Best paid signal channel for futures, DM me for the invite.");
}

/*
 * A post that is a list of bare keywords from many families (services,
 * rankings, prices, sign-up bonuses, loans, casinos …) is keyword
 * stuffing, in English and Japanese; prose that mentions as many
 * subjects, a list of exchanges and a bulleted list of features are not.
 */
static void
test_keyword_stuffing(void **state)
{
	(void)state;
	question_is(&NEWBIE, "SEO",
	    "seo backlinks web design logo design app development bitcoin "
	    "casino loans essays cheap hosting vpn followers crypto "
	    "recovery", 1);
	question_is(&NEWBIE, "best services",
	    "cheap flights hotel booking car rental insurance quotes "
	    "mortgage loans credit repair debt relief web hosting seo "
	    "marketing", 1);
	question_is(&NEWBIE, "取引所 おすすめ",
	    "暗号資産 取引所 おすすめ ランキング 比較 口コミ 口座開設 "
	    "ボーナス 格安 手数料 初心者 使い方 アプリ 最新 2025年 稼ぎ方", 1);
	question_is(&NEWBIE, "casino | slots",
	    "casino | slots | poker | free bonus | promo | betting | "
	    "viagra | pills | dating | escorts | followers | likes | "
	    "views", 1);
	question_is(&NEWBIE, "Which app is best for beginners?",
	    "I am a beginner and want the cheapest exchange app with a sign "
	    "up bonus. Is it better to invest in bitcoin or take a loan? I "
	    "saw casino ads and SEO spam everywhere, so how do I compare "
	    "reviews safely in 2025?", 0);
	question_is(&NEWBIE, "Exchanges",
	    "Binance Coinbase Kraken bitFlyer Coincheck bitbank GMO SBI "
	    "Zaif OKX Bybit KuCoin: which of these lists XRP?", 0);
	question_is(&NEWBIE, "Wallet features",
	    "The wallet I use has:\n- free app\n- mobile and android\n"
	    "- beginner guide\n- best reviews\n- bitcoin\n- 2025 update\n"
	    "- referral bonus\nIs it safe?", 0);
}

/*
 * A victim asking whether a recovery firm is real, who reports what the
 * firm claims ("they say they got coins back for other victims", 「取り戻
 * したと言っています」) or whose title names the offer (回収業者は本物？),
 * is published; a testimony in the author's own voice with a contact
 * is still held.
 */
static void
test_victim_hearsay(void **state)
{
	(void)state;
	question_is(&NEWBIE, "Is this recovery firm real?",
	    "I lost 2 ETH to a fake exchange. A company called ChainTrace "
	    "Recovery messaged me, they say they got coins back for other "
	    "victims and want a 10% fee first. Is this recovery firm real?",
	    0);
	question_is(&NEWBIE, "Recovery agent legit?",
	    "After the rug pull a recovery agent on Telegram contacted me. "
	    "He claims he has recovered funds for hundreds of people. "
	    "Should I trust him?", 0);
	question_is(&NEWBIE, "回収業者は本物？",
	    "詐欺サイトで50万円失いました。ある回収業者から連絡があり、他の"
	    "被害者のコインを取り戻したと言っています。本物でしょうか？", 0);
	question_is(&NEWBIE, "復旧業者って信用できる？",
	    "ウォレットから盗まれました。復旧業者を名乗る人が「9割戻ってきた"
	    "実績がある」と言っています。信用できますか？", 0);
	question_is(&NEWBIE, "返金代行は本物？",
	    "投資詐欺にあいました。返金代行の会社が「全額戻ってきた事例が"
	    "ある」と言っています。信用していいですか？", 0);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "I was scammed too and they got my coins back in 2 days. "
	    "Contact ChainTrace Recovery at chaintrace.help@gmail.com");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "回収業者に頼んだら全額戻ってきました。連絡先は "
	    "kaifuku.jp@gmail.com です");
}

/*
 * An API key called public ("public API key", "publishable key",
 * 公開APIキー, "APIキー（公開鍵）", a "pk_live_" key) is not a secret; an
 * API key given without that word, and a secret key beside a public
 * one, are still held.
 */
static void
test_public_api_key(void **state)
{
	(void)state;
	question_is(&NEWBIE, "API key",
	    "My public API key is pk_live_51HxQ2fA8bC3dE4fG5hI6jK7lM8nO9pQ "
	    "and I get 401 errors, what scope do I need?", 0);
	question_is(&NEWBIE, "API key",
	    "Publishable API key: Zx9fK2mQ7rT4vW8yB1nC5hJ3dL6pS0aE2gU4iO7k "
	    "works in test mode but not live, why?", 0);
	question_is(&NEWBIE, "APIキー",
	    "公開APIキーは Zx9fK2mQ7rT4vW8yB1nC5hJ3dL6pS0aE2gU4iO7k です。署名"
	    "エラーになるのですがなぜでしょう？", 0);
	question_is(&NEWBIE, "APIキー",
	    "APIキー（公開鍵）: Zx9fK2mQ7rT4vW8yB1nC5hJ3dL6pS0aE2gU4iO7k で"
	    "リクエストすると403になります", 0);
	question_is(&NEWBIE, "API key",
	    "My public API key is Zx9fK2mQ7rT4vW8yB1nC5hJ3dL6pS0aE2gU4iO7k "
	    "and secret key Qw8eR7tY6uI5oP4aS3dF2gH1jK0lZ9xC8vB7nM6q, why "
	    "401?", 1);
	question_is(&NEWBIE, "API key",
	    "My API key is Zx9fK2mQ7rT4vW8yB1nC5hJ3dL6pS0aE2gU4iO7k why 401?",
	    1);
	question_is(&NEWBIE, "シークレット",
	    "公開鍵は別に管理しています。シークレットは "
	    "Zx9fK2mQ7rT4vW8yB1nC5hJ3dL6pS0aE2gU4iO7k です", 1);
}

/*
 * A staff word that the name asks for (サポートしてほしい猫,
 * "needsupport_cat", "waiting4admin", サポート求む) is a member who wants
 * help; the same word claimed ("support_team_jp", 公式サポート), hidden
 * ("needsupp0rt") or beside a brand ("needbinancesupport") is refused.
 */
static void
test_username_request(void **state)
{
	static const char *const ok[] = { "サポートしてほしい猫",
	    "needsupport_cat", "pleasesupportme", "waiting4admin",
	    "サポート求む", "support_wanted_2024", "管理者に問い合わせたい",
	    "Looking.For.Support" };
	static const char *const bad[] = { "support_team_jp", "公式サポート",
	    "needsupp0rt", "needbinancesupport", "サポートしてほしい公式",
	    "admin_needs_you", "Binance Support" };
	char		 m[64];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (mod_name_check(R, ok[i], strlen(ok[i]), m, sizeof(m)) != 0)
			fprintf(stderr, "%s: %s\n", ok[i], m);
		assert_int_equal(mod_name_check(R, ok[i], strlen(ok[i]), m,
		    sizeof(m)), 0);
		ALLOWED(MOD_KIND_USERNAME, 0, &NEWBIE, ok[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(mod_name_check(R, bad[i], strlen(bad[i]), m,
		    sizeof(m)), 1);
		HELD(MOD_KIND_USERNAME, 0, &NEWBIE, bad[i]);
	}
}

/*
 * The author's own paid article, course or book promoted with a price
 * cut ("自分が書いたnote…今だけ 3,000円 → 980円", "my own course … 50% off")
 * is self-promotion; a free guide, or a member who bought a discounted
 * book and asks for others, is not.
 */
static void
test_own_paid_content(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "勉強になるのは自分が書いたnoteです。今だけ 3,000円 → 980円 なので"
	    "読んでみて note.example/abc");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Honestly my own course covers all of this, 50% off this week "
	    "only with discount code SAVE50 at course.example");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "私の有料講座で詳しく解説しています。期間限定で半額です。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "My new ebook explains the whole staking setup, $29 -> $9 for "
	    "the first 100 readers.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "I wrote a free guide on the wiki about 2FA resets; no discount "
	    "needed, it is free.");
	question_is(&REGULAR, "本の割引",
	    "自分が買った本が今だけ半額でした。仮想通貨の税金の本でおすすめは"
	    "ありますか？", 0);
}

/*
 * A Discord invite offered as an exchange's support desk ("open a
 * ticket", "サポートが…discord.gg/… から問い合わせて"), in a question
 * marked solved too, is held; a project's community server recommended
 * for development questions, and a victim asking whether an invite is
 * real, are published.
 */
static void
test_discord_support_invite(void **state)
{
	(void)state;
	question_is(&NEWBIE, "[SOLVED] withdrawal stuck",
	    "Binance support fixed it for me on their discord server, join "
	    "discord.gg/bnbhelpdesk and open a ticket.", 1);
	question_is(&NEWBIE, "解決しました",
	    "ビットフライヤーのサポートがディスコードで対応してくれました。"
	    "discord.gg/bfsupportjp から問い合わせてください。", 1);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Kraken's support team answers on Discord, create a ticket at "
	    "discord.com/invite/krakendesk and they unlock it.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "For dev questions the Ethereum R&D discord is good: "
	    "discord.gg/ethrnd, people there helped me with my node.");
	question_is(&NEWBIE, "Discord invite",
	    "Someone sent me discord.gg/abc123 saying it's the Kraken "
	    "support server where I should open a ticket. Is this real?", 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_separators),
		cmocka_unit_test(test_spelled_mixed),
		cmocka_unit_test(test_discord_tags),
		cmocka_unit_test(test_offer_hook),
		cmocka_unit_test(test_phishing_warning),
		cmocka_unit_test(test_signal_group),
		cmocka_unit_test(test_keyword_stuffing),
		cmocka_unit_test(test_victim_hearsay),
		cmocka_unit_test(test_public_api_key),
		cmocka_unit_test(test_username_request),
		cmocka_unit_test(test_own_paid_content),
		cmocka_unit_test(test_discord_support_invite),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
