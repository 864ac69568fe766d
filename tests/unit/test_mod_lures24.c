/*
 * tests/unit/test_mod_lures24.c: the own-posts pass on lures of
 * 2026-12-06 (issue 22, docs/moderation.md "Own-posts pass: lures"):
 * recovery scams, impersonation and recovery-phrase phishing written for
 * this project (tests/data/own_posts/lures.jsonl) showed behaviours the
 * rules did not know.
 *
 * Held: a recovery told or offered with a name to search for instead of
 * a contact point ("search X on Telegram", 「…」で検索); readers told to
 * put the recovery phrase into a field, form, portal, bot or tool, or to
 * re-authenticate with it; a one-time code, password or account number
 * asked for in a reply; a role announced as a heading ("Admin here.",
 * "Moderator notice:") or a desk taking the case in humble Japanese.
 * Published: the victim who asks about such a firm or request, the
 * warning that calls a named contact "a recovery scam", the victim who
 * tells how they typed their words into a tool (てしまい), the member
 * who says they are not a moderator.  "I was scammed" no longer reads
 * as a verdict that cancels what comes before it, and "the claims
 * portal" no longer as a quotation.  Every text is written for these
 * tests, each behaviour in several variants (Japanese and English, other
 * brands, scripts and wordings).  The rules alone decide (no model).
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
 * A recovery told or offered, and the reader sent to search a name on a
 * search engine or a social network: the lure without a contact point.
 * The victim asking whether such a firm is real, and the warning that
 * tells readers to search for the scam's name, are published.
 */
static void
test_recovery_pointer(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Search for Blockhound Recovery on Google, they got my coins "
	    "back within a week.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "reach out to tracefunds_pro on instagram, he got my ETH back "
	    "after i was scammed. honest guy");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "There is a hacker who can reverse blockchain transactions. "
	    "Find Kovalenko Trace on Telegram, he helped two friends of "
	    "mine.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "専門家に頼んだら全額戻ってきました。「リカバリー佐藤」で検索して"
	    "みてください。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "被害金は取り戻せます。インスタで返金サポートＪを検索してフォロー"
	    "してください。");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "Someone in another thread says a firm got their money back and "
	    "told me to search for Apex Recovery on Google. Has anyone used "
	    "them?");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "「資金回収 サービス」で検索すると業者がたくさん出てきますが、"
	    "本当に取り戻せるのでしょうか？");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Firms that say they can recover your funds are a scam. Search "
	    "for recovery scam on Google and read how they work before you "
	    "pay anyone.");
}

/*
 * The recovery phrase to be pasted or typed into a field, form, portal,
 * bot or tool, or used there to sign in or re-authenticate, in English
 * or Japanese, also with the phrase written in Latin or full-width
 * letters among Japanese and the words counted in kanji.  Restoring a
 * wallet in its own app, and warnings, are published.
 */
static void
test_seed_into_tool(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Open the WalletConnect debugger and paste your mnemonic in the "
	    "restore session field, it rebuilds the stuck transactions.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Put the mnemonic in the box on our validator page and the "
	    "withdrawal is released automatically.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "To receive the refund, import your wallet on the claims portal "
	    "using your secret recovery phrase.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "スタックした送金はノード再同期で直ります。ｒｅｃｏｖｅｒｙ　"
	    "ｐｈｒａｓｅ を同期ツールに貼り付けてください。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "本人確認のため、ウォレットのバックアップ用の単語を一番目から"
	    "十二番目まで順に返信してください。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "トレザーの更新後はシードフレーズで再認証が必要です。認証ページで"
	    "済ませてください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Never type your recovery phrase into any site, form or bot. "
	    "Support will never ask for it.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "新しいスマホでは、ウォレットアプリの「復元」を選び、リカバリー"
	    "フレーズを使ってウォレットを戻します。");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "A site asked me to import my wallet on its portal with my seed "
	    "phrase to get an airdrop. Is that safe?");
}

/*
 * A one-time code, a password or the account's numbers asked for in a
 * reply.  The victim who says they gave a code away, and the warning,
 * are published.
 */
static void
test_code_request(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "To unlock the account, reply with your UID and the 6-digit code "
	    "you just received by SMS.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Please send me the verification code from your authenticator "
	    "app so I can release the funds.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "暗証番号を教えていただければ、こちらで手続きします。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "口座番号と登録電話番号をお知らせいただければ、すぐに調べます。");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "サポートを名乗る人に6桁のコードを教えてしまいました。パスワードは"
	    "変えましたが、他にやることはありますか？");
	ALLOWED(MOD_KIND_ANSWER, 1, &TRUSTED,
	    "Never give anyone your 2FA code. Staff will never ask you to "
	    "send the verification code.");
}

/*
 * A role announced as a heading, and a desk of the exchange taking the
 * case in humble Japanese, from members.  A member who says they are
 * not a moderator, and one who says support will handle it, are
 * published.
 */
static void
test_staff_heading(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Admin here. We know about the delays; affected users will be "
	    "compensated shortly.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Moderator notice: your withdrawal is on hold until the review "
	    "is complete.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "お待たせしました。サポートセンターの鈴木が担当いたします。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "この件はセキュリティ部門にて調査いたします。しばらくお待ち"
	    "ください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "I'm not a mod here, but the same thing happened to me: the "
	    "deposit needed more confirmations.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "ヘルプセンターから問い合わせれば、サポートが対応してくれます。");
}

/*
 * What cancels a lure, and what no longer does: the victim who tells
 * how they typed their words into a tool (…てしまい) and the warning
 * that calls a contact "a recovery scam" are published; "after I was
 * scammed" is no verdict on what came before it.
 */
static void
test_told_not_asked(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "以前、ウォレット同期ツールというサイトで12単語を入力してしまい、"
	    "全額抜かれました。同じ手口に注意してください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "私もシードフレーズを偽サポートに送ってしまいました。");
	ALLOWED(MOD_KIND_ANSWER, 1, &TRUSTED,
	    "Warning: the reply above telling you to contact @fundtrace_team "
	    "on Telegram is a recovery scam. Report it.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "I lost 2 ETH. Someone recommended a recovery firm that charges "
	    "10% upfront. Is it legit?");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Contact chainfix_desk on instagram, he got my wallet back after "
	    "i was scammed.");
}

/*
 * Second batch (tests/data/own_posts/lures2.jsonl): a recovery told with
 * the firm or agent named ("the team at …", "I can vouch for them",
 * 会社名は「…」); an offer to trace and recover the funds itself
 * (こちらで追跡して回収); a contact said to be in the author's profile,
 * an e-mail as well as a handle.  The victim who warns about a named
 * agent, and the member who traced a transfer, are published.
 */
static void
test_recovery_named(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Update: the funds are back in my wallet. Huge thanks to the team "
	    "at Harbor Trace Partners, I can vouch for them.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "An investigator named Dana Whitfield got my savings back in two "
	    "weeks.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "調査の会社に相談したら3週間で約7割が戻ってきました。会社名は"
	    "「ブルーレジャー総研」です。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "送金先のアドレスを教えてもらえれば、こちらで追跡して回収できるか"
	    "無料で診断します。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "当方で資金の流れを追跡し、回収を代行します。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "My case is closed and everything was returned. Their email is in "
	    "my profile.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "An agent named Carl Ortiz promised to get my coins back and took "
	    "my fee. It was a scam.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "私が追跡したところ、送金先は海外の取引所でした。警察に伝えて"
	    "ください。");
}

/*
 * Staff that will write to the reader on a messenger, and a desk that
 * has escalated the reader's withdrawal.  Warnings that scammers will
 * write there, or that support never does, are published.
 */
static void
test_agent_messenger(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "A specialist will reach out via Telegram shortly, please accept "
	    "their message request.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Our refunds officer will get in touch with you over Signal "
	    "today.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "We have escalated your withdrawal to the payments desk.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Support will never contact you on WhatsApp or Telegram.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Scammers will reach out via Telegram pretending to be support.");
}

/*
 * The recovery words put into a site, form or bot in Japanese
 * (…サイトで…単語を入れれば), and a wallet restored on a web address with
 * the phrase.  Describing what fake sites make people do, and restoring
 * in the official app, are published.
 */
static void
test_seed_on_site(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "公式の修復サイトでウォレットを選び、秘密のリカバリー単語を入れれば"
	    "再接続されます。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "診断フォームに秘密のフレーズを記入したら、すぐに直りますよ。");
	HELD(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Easiest fix: restore your wallet on this web wallet "
	    "(webwallet-restore.example) using the phrase.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Import your wallet at wallet-fix.example with your seed words "
	    "and the balance shows up again.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "偽サイトは復元フレーズを入力させようとします。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "You can restore your wallet on a new phone with the recovery "
	    "phrase inside the official app.");
}

/*
 * Third batch (tests/data/own_posts/lures3.jsonl): a success rate
 * claimed for getting funds back, an introduction to a recovery agent
 * with a request to be messaged, the author's own profile given as the
 * way to reach them (僕のプロフィールから).  A warning about such an
 * advertisement and the app's profile settings are published.
 */
static void
test_recovery_rate_intro(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "専門のエージェントが取引所と交渉して出金させることができます。"
	    "成功率は９割以上です。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "返金率は八割以上、全国対応です。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Our agents get funds out of locked platforms. Success rate of "
	    "97%, you pay after results.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "回収に強い弁護士をご紹介できます。興味があればメッセージを"
	    "ください。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "詐欺被害に強い調査員を紹介できます。メッセージをお待ちして"
	    "います。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "僕も同じ被害から取り戻せました。詳しくは僕のプロフィールから。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "方法は自分のプロフィールに載せてあります。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "「回収率98%」という広告は詐欺です。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "アプリのプロフィールから二段階認証を設定できます。");
}

/*
 * A department of the exchange speaking (本人確認の審査担当です,
 * 出金部門より), a case the author says they forwarded, the last digits
 * of the reader's card asked for.  A member waiting for the review desk,
 * and one who passed a question to a friend, are published.
 */
static void
test_dept_voice(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "本人確認の審査担当です。書類に不備がありました。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "出金部門より、お客様の出金は現在保留中です。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "I've forwarded your case to the verification department.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Please send your full name and the last 4 digits of your card "
	    "in this thread.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "審査担当者からの連絡を待っています。どれくらいかかりますか？");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "I'm not staff, but I've forwarded your question to a friend who "
	    "works on the app.");
}

/*
 * The recovery words counted (１２語を…入れてください), sent to a bot
 * (…に秘密鍵を送れば), "only" typed into a tool (入力するだけ), or used to
 * confirm or unlock.  Checking a backup on the hardware wallet itself is
 * published.
 */
static void
test_seed_forms(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "同期ページで「手動同期」を選び、１２語を順番に入れてください。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "公式ボットに秘密鍵を送れば、自動で反映されます。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "移行ツールにリカバリーフレーズを入力するだけで完了します。");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Go to the dashboard, select Recover Rewards and confirm with "
	    "your 24-word phrase.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Unlock it using the seed words you saved when you made the "
	    "wallet.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Trezor lets you verify your backup with the recovery phrase on "
	    "the device.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recovery_pointer),
		cmocka_unit_test(test_seed_into_tool),
		cmocka_unit_test(test_code_request),
		cmocka_unit_test(test_staff_heading),
		cmocka_unit_test(test_told_not_asked),
		cmocka_unit_test(test_recovery_named),
		cmocka_unit_test(test_agent_messenger),
		cmocka_unit_test(test_seed_on_site),
		cmocka_unit_test(test_recovery_rate_intro),
		cmocka_unit_test(test_dept_voice),
		cmocka_unit_test(test_seed_forms),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
