/*
 * tests/unit/test_mod_b26.c: blind set B's misses and false holds, by
 * behaviour (issue 22, docs/moderation.md "Blind set B's misses, by
 * behaviour"): a bot, site or agent that will ask for the recovery
 * phrase, sent to by an answer; a testimonial that sending money came
 * back doubled, urging readers to hurry; a firm that says a drained
 * transfer can be reversed; a lookalike host with a capital I for an l
 * in a label left of the registrable domain; a new support line for the
 * exchange announced by a member, as a "PSA" question; a member's post
 * dressed as an official notice with a deadline and a threat; a private
 * key pasted with a wrong character, split by a blank, or as a mini key;
 * and, published, the victim who quotes the message, the offer or the
 * e-mail they received and asks about it, but not the pitch written as
 * a question.  Every text is written for these tests (none comes from a
 * data set), each behaviour in several variants (Japanese and English,
 * other brands, scripts and wordings).  The rules alone decide (no
 * model).
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

static void	 lookalike(const char *);
static void	 held_titled(const char *, const char *, const char *);

/* A question with its title, held, by rule when rule is not NULL. */
static void
held_titled(const char *title, const char *body, const char *rule)
{
	struct mod_verdict v;

	check_titled(MOD_KIND_QUESTION, &NEWBIE, title, body, &v);
	if (v.decision == MOD_ALLOW || (rule != NULL && !has_rule(&v, rule)))
		dump(body, &v);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	if (rule != NULL)
		assert_true(has_rule(&v, rule));
	mod_verdict_free(&v);
}

/* An answer whose link is found a lookalike or a brand subdomain. */
static void
lookalike(const char *body)
{
	struct mod_verdict v;

	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, body, &v);
	if (!has_rule(&v, "link.lookalike") &&
	    !has_rule(&v, "link.brand_subdomain"))
		dump(body, &v);
	assert_true(has_rule(&v, "link.lookalike") ||
	    has_rule(&v, "link.brand_subdomain"));
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

/*
 * The reader sent to a bot, a page or an agent that will ask for, needs
 * or verifies the recovery phrase: the tool asks, not the author.
 */
static void
test_tool_asks_secret(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "balance is fine, it's a sync bug. message the helper bot "
	    "@WalletFixer_bot on Telegram, it will ask for your seed phrase "
	    "to resync the wallet. totally safe");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Open a chat with the Ledger desk on Discord (ledger_helpdesk), "
	    "the agent verifies your recovery phrase and unlocks the "
	    "device remotely.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "テレグラムの @metamask_repair_bot を開いてください。復元フレーズ"
	    "を聞かれるので入力すれば残高が再同期されます。");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Happens after the update. Add the Phantom assistant on "
	    "WhatsApp +44 7700 900411, it needs your 12 words to re-validate "
	    "the account.");
	/* The wallet's own app asks on the device: no outside tool. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "The official Trezor Suite will ask for your recovery phrase "
	    "on the device itself when you recover; type it nowhere else.");
	/* A warning about such bots. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Any Telegram bot that asks for your recovery phrase is a scam. "
	    "Never give it to anyone.");
}

/*
 * The same lure worded without a verb of asking: an answer that names
 * the recovery phrase and sends the reader off the forum, warning of
 * nothing.  An answer that names it and a site, or a messenger, to warn
 * or to explain is published, and so is one that says オンライン or
 * ガイドライン (no LINE in them).
 */
static void
test_tool_takes_phrase(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Your coins are safe, the index broke. There's a restore helper "
	    "on Telegram, @ExodusRestoreBot, it'll prompt you for the 12 "
	    "words and rebuild it.", "context.secret_to_link");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "サポートのディスコード discord.gg/coin-helpdesk に入ると、担当の"
	    "botがシードフレーズの確認をしてくれます。", "context.secret_to_link");
	HELD_BY(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Go to wallet-rescue.app and have your recovery phrase ready, the "
	    "page takes care of the rest.", "context.secret_to_link");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Your seed phrase never leaves the device. If someone on "
	    "Telegram offers to help, ignore them.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "The 12 words are the only backup of the wallet; write them on "
	    "paper. More on backups: https://bitcoin.org/en/secure-your-wallet");
	/* オンライン and ガイドライン name no messenger (LINE). */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "アプリの「ウォレットを復元」で12語を入れれば戻ります。オンラインの"
	    "ガイドラインにもそう書いてあります。");
}

/*
 * An answer that vouches for a doubling (sending money came back with
 * more) and hurries the readers; a firm that says a drained transfer
 * can be reversed and asks readers to come to it.
 */
static void
test_doubling_vouch(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "マジで本物です！私も先週5万円分のBTCを送ったら10万円分になって"
	    "戻ってきました。締め切り前に急いで！");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "It's legit, I sent 0.2 ETH last night and got 0.4 ETH back "
	    "within minutes. Still time, hurry before it closes");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "real deal. deposited 500 USDT and they sent 1000 USDT back. "
	    "don't miss it");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "ほんとですよ、0.5ETH入金したら1ETHになって返ってきました。"
	    "今のうちにどうぞ");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Funds can be reversed within 60 days through a blockchain "
	    "arbitration claim. Our agency (North & Vale Digital "
	    "Restitution) recovered 2M last year. Book a free consult at "
	    "northvale-claims.com");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Not lost yet. Our company, Tracefund Partners, has clawed "
	    "back drained wallets for 300 clients: tracefund-partners.net");
	/* An honest return, and a warning that quotes the testimony. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "送金が反映されず、サポートに連絡したら3日で戻ってきました。"
	    "焦らず待ってください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "I sent 0.1 ETH to the wrong network and the exchange returned "
	    "it after two weeks. Open a ticket in the app.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Those replies saying 'I sent 1 ETH and got 2 ETH back, hurry' "
	    "are the scam itself. Nobody doubles your coins.");
}

/*
 * A lookalike written with a confusable letter in a label left of the
 * registrable domain: a capital I for an l (lost to case folding), rn
 * for m, 0 for o, 1 for l.
 */
static void
test_confusable_subdomain(void **state)
{
	(void)state;
	lookalike("アプリが落ちてるのでブラウザ版の bitfIyer.jp-login.com から"
	    "ログインできました（公式が案内してるURLです）");
	lookalike("Use the web version at Iedger.device-sync.net until the "
	    "app is fixed.");
	lookalike("log in at https://CoinchecK.account-verify.info/ it is "
	    "their backup site");
	lookalike("try rnetamask.wallet-restore.app, it worked for me");
	lookalike("go to c0inbase.secure-access.net and sign in there");
	lookalike("bitf1yer.support-jp.com からどうぞ");
	/* A word that is one letter from a brand, as a subdomain. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "The chart on finance.yahoo.com shows the same drop.");
}

/*
 * A new support or recovery line for the exchange announced by a member
 * ("PSA", "heads up") with its number and its success; the victim who
 * asks whether such a number is real is published.
 */
static void
test_hotline_announced(void **state)
{
	(void)state;
	held_titled("PSA: Binance has a new support line",
	    "Heads up for anyone stuck on withdrawals: Binance opened a "
	    "support line, +1 888 555 0147, 24/7. Worked for me, they fixed "
	    "it in 10 min.", NULL);
	held_titled("Heads up if your Kraken 2FA is broken",
	    "don't bother with tickets. kraken has a recovery hotline now "
	    "+44 20 7946 0321, open on weekends. worked for me, just give "
	    "them your email and they reset it on the call", NULL);
	held_titled("【注意】ビットフライヤーの復旧窓口",
	    "チケットは遅いので注意。ビットフライヤーの復旧専用ダイヤルが"
	    "できました 03-5555-0199。私もこれで解決しました。", NULL);
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "Is this Kraken recovery hotline real?",
	    "Someone posted +44 20 7946 0000 as the Kraken recovery hotline "
	    "in another thread. Is this number real? I haven't called it.");
}

/*
 * A member's post dressed as an official notice: a notice header or a
 * greeting to all users, and a deadline with a threat (suspended,
 * frozen), with or without a link.
 */
static void
test_member_notice(void **state)
{
	(void)state;
	held_titled("[NOTICE] Wallet upgrade - action required",
	    "Dear customers,\nAccounts that are not verified before 30 "
	    "November will be permanently frozen. Complete the verification "
	    "through the link sent to your inbox.\nSecurity Department",
	    "imp.member_notice");
	held_titled("【重要】アカウント移行のお知らせ",
	    "ユーザーの皆様へ\n12月20日までに移行手続きを完了されていない"
	    "アカウントは一時凍結されます。\n運営事務局", "imp.member_notice");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Dear members, due to maintenance all unverified wallets will "
	    "be suspended after Friday. Reply to this thread with your UID "
	    "to keep access.\nSupport Team", "imp.member_notice");
	/* A victim quoting such a notice, a greeting with no threat. */
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "Got a 'Dear customer' email - real?",
	    "It says my account will be suspended unless I verify by "
	    "Friday. Is this real? I haven't clicked anything.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Dear users of this thread, please read the FAQ before asking "
	    "about fees again.");
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "[Important] my account was suspended",
	    "My account was suspended yesterday after a login from abroad. "
	    "What do I do now?");
}

/*
 * A private key pasted by mistake: a WIF key with one wrong character
 * (it is still the key), a WIF key split by a blank or a line break, a
 * mini private key; not an address.
 */
static void
test_key_pasted(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "found an old paper wallet, the import says invalid. this is "
	    "what is printed: 5JERRHa7HuE1Luzo75pDafAMuJKaroFNnJDuXMAVJTXMKGZd3ed"
	    " what is wrong?", "secret.");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "エレクトラムに秘密鍵を入れてもエラーになります "
	    "KzxTiCy9fuTEEgzYjjZYXYopadzDb1zzGfgdK8MPnL29scVi9Vn6",
	    "secret.");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "key from my paper wallet:\n5JERRHa7HuE1Luzo75pDMfAMuJ "
	    "KaroFNnJDuXMAVJTXMKGZd3ed\nhow do I sweep it?", "secret.");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "KzxTiCy9fuTEEgzYjjZYXYopadzDb1\nUzGfgdK8MPnL29scVi9Vn6\n"
	    "is this compressed or not?", "secret.");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "old casascius coin, the sticker says "
	    "SiLkcpMycqfFb8tvQEnbmpGXNpfgB9 can I still redeem it?",
	    "secret.");
	/* An address and a transaction are public. */
	ALLOWED(MOD_KIND_QUESTION, 0, &REGULAR,
	    "My Solana address is 7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU"
	    " and the deposit has not arrived, how long does it take?");
}

/*
 * The victim who quotes what they received (a WhatsApp message and its
 * number, an offer made to them, a phishing e-mail and its link) and
 * asks about it is published; the pitch written as a question, whose
 * offer is made to the reader, is held.
 */
static void
test_victim_quotes(void **state)
{
	(void)state;
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "Someone on Telegram says they're Binance support",
	    "Got a Telegram message from +1 415 555 0199 saying 'your "
	    "account is flagged, verify at binance-verify-center.com'. How "
	    "did they get my number?? am I compromised");
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "「日利3%保証」のアービトラージ",
	    "SNSで知り合った人に、日利3%保証のアービトラージを勧められてます。"
	    "USDTを送金してと言われてるんですが、大丈夫なんでしょうか");
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "Coinbase 'account locked' text - phishing?",
	    "Text says: 'Your Coinbase account is locked. Unlock within 12 "
	    "hours: https://coinbase.unlock-secure.help/login'. Pretty sure "
	    "it's phishing, just checking before I delete it.");
	held_titled("本物の副業",
	    "本物の副業をお探しですか？月利20%保証、元本保証です。"
	    "LINE ID: fukugyo_777 まで", NULL);
	held_titled("投資に興味ある方",
	    "本物の投資案件に興味ありますか？日利2%で毎日配当、"
	    "LINE ID: rich_jp88 まで", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tool_asks_secret),
		cmocka_unit_test(test_tool_takes_phrase),
		cmocka_unit_test(test_doubling_vouch),
		cmocka_unit_test(test_confusable_subdomain),
		cmocka_unit_test(test_hotline_announced),
		cmocka_unit_test(test_member_notice),
		cmocka_unit_test(test_key_pasted),
		cmocka_unit_test(test_victim_quotes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
