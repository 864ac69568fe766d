/*
 * tests/unit/test_mod_behaviour.c: what a lure does, found by its shape
 * rather than its words, and the honest posts of the same shape.
 *
 * Hosts written with letters of another script and no scheme; phone
 * numbers in dingbat digits; lists of messengers that are no handle; a
 * secret asked for with any wording; a claimed office that borrows the
 * name of the tax office, the police or a bank (which otherwise shelter
 * a post); testimonies for a third party's service; help moved out of
 * public view by someone who claims a success; a victim's question that
 * turns into "contact them, everyone"; file names that are no hosts; a
 * member's own recovery phrase with a word misspelt, joined by middle
 * dots or copied in katakana; a host quoted twice weighing once;
 * messenger links spaced out so that no link is seen; several accounts
 * named in prose, a negation set off by commas, a password kept on
 * paper (honest).  Every
 * text is written for these tests, each trick in several variants (other
 * exchanges, scripts and messengers, Japanese and English); none is taken
 * from a data set.
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

/* Bare hosts with look-alike letters of another script are lookalikes. */
static void
test_homoglyph_bare_hosts(void **state)
{
	static const char *const lure[] = {
		/* Cyrillic е in a brand compared whole */
		"Gemini moved their help site to g\xd0\xb5mini-support.example, "
		"sign in there and open a ticket.",
		/* Cyrillic і */
		"Use the new portal b\xd1\x96nance-verify.com to unlock it.",
		/* Greek ο */
		"c\xce\xbfinbase-help.net is where the refund team works now.",
		/* Cyrillic е in Kraken, Japanese text around it */
		"出金の件はサポートサイト krak\xd0\xb5n-desk.example で手続き"
		"してください。",
		/* Cyrillic у in bitflyer */
		"ビットフライヤーのログインは bitfl\xd1\x83" "er-login.jp から。",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD_BY(MOD_KIND_ANSWER, 1, &REGULAR, lure[i],
		    "link.lookalike");
	/* Words glued at a full stop with an accented word: no host. */
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "I waited two days.\xc3\xa8n any case nothing came", &v);
	if (has_rule(&v, "link."))
		dump("glued words", &v);
	assert_false(has_rule(&v, "link."));
	mod_verdict_free(&v);
}

/* Phone numbers in dingbat and double-circled digits are phones. */
static void
test_dingbat_digits(void **state)
{
	static const struct {
		const char	*body;
		const char	*phone;
	} t[] = {
		/* ❶❽❽❽ ❺❺❺ ⓿❶❷❸ */
		{ "Binance support line: \xe2\x9d\xb6\xe2\x9d\xbd\xe2\x9d\xbd"
		  "\xe2\x9d\xbd \xe2\x9d\xba\xe2\x9d\xba\xe2\x9d\xba "
		  "\xe2\x93\xbf\xe2\x9d\xb6\xe2\x9d\xb7\xe2\x9d\xb8",
		  "+18885550123" },
		/* ➀➇➇➇-➄➄➄-⓪➀➁➂ (sans-serif circled) */
		{ "OKX desk \xe2\x9e\x80\xe2\x9e\x87\xe2\x9e\x87\xe2\x9e\x87-"
		  "\xe2\x9e\x84\xe2\x9e\x84\xe2\x9e\x84-\xe2\x93\xaa\xe2\x9e\x80"
		  "\xe2\x9e\x81\xe2\x9e\x82", "+18885550123" },
		/* ⓪➒⓪-➎➎➎➎-⓪➊➋➌ (Japanese mobile, negative sans-serif) */
		{ "コインチェック窓口 \xe2\x93\xaa\xe2\x9e\x92\xe2\x93\xaa-"
		  "\xe2\x9e\x8e\xe2\x9e\x8e\xe2\x9e\x8e\xe2\x9e\x8e-\xe2\x93\xaa"
		  "\xe2\x9e\x8a\xe2\x9e\x8b\xe2\x9e\x8c", "+819055550123" },
		/* ⓵⓶⓪ double circled and ⓪: 0120-555-012 */
		{ "bitbankサポート \xe2\x93\xaa\xe2\x93\xb5\xe2\x93\xb6\xe2\x93"
		  "\xaa-\xe2\x93\xb9\xe2\x93\xb9\xe2\x93\xb9-\xe2\x93\xaa\xe2"
		  "\x93\xb5\xe2\x93\xb6\xe2\x93\xb7", "+81120555" "0123" },
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, t[i].body, &v);
		if (!has_contact(&v, MOD_CONTACT_PHONE, t[i].phone) ||
		    v.decision == MOD_ALLOW)
			dump(t[i].body, &v);
		assert_true(has_contact(&v, MOD_CONTACT_PHONE, t[i].phone));
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
}

/* "Telegram or WhatsApp": a list of messengers, not a handle. */
static void
test_messenger_lists(void **state)
{
	static const char *const honest[] = {
		"Nobody from Coinbase will DM you on the forum, Telegram or "
		"WhatsApp. Scammers do.",
		"Kraken staff never write first on telegram and whatsapp, "
		"ignore them.",
		"Bybit does not run support on WhatsApp or Signal or Viber.",
		"I only use telegram or line for family chats.",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &TRUSTED, NULL, honest[i], &v);
		if (v.ncontacts > 0 || v.decision != MOD_ALLOW)
			dump(honest[i], &v);
		assert_int_equal(v.ncontacts, 0);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	/* A handle after the keyword is still one. */
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "add the desk on telegram: unlock_desk_okx", &v);
	assert_true(has_contact(&v, MOD_CONTACT_TELEGRAM, "unlock_desk_okx"));
	mod_verdict_free(&v);
}

/* The recovery phrase or a key asked for, whatever the words. */
static void
test_secret_handover(void **state)
{
	static const char *const lure[] = {
		"OKX Wallet is non-custodial so support can't reset it. Reply "
		"here with the phrase and your UID and I'll get it relinked.",
		"DM me the 24 words and I will restore the wallet for you.",
		"Post your recovery words below so the team can check the "
		"sync.",
		"Send us the private key of the old wallet and we migrate "
		"the balance today.",
		"Just give me the twelve words, the console does the rest.",
	};
	static const char *const honest[] = {
		"Support will never ask you to send the phrase or your "
		"private key. Keep it offline.",
		"Nobody here needs your private key; don't post it anywhere.",
		"Scammers ask you to share the 12 words, so never do it.",
		"Write the phrase on paper and keep it in two places.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, honest[i]);
}

/*
 * The tax office, the police or a bank named in a post shelter it (an
 * honest pointer); a post that claims such an office is not sheltered.
 */
static void
test_claimed_office(void **state)
{
	static const char *const lure[] = {
		"国税庁 資産課 担当の者です。申告漏れが確認されました。期限内"
		"に手続きしてください。手続きはこちら nta-tax-check.example "
		"※ ログイン情報が必要です",
		"警察・金融庁 連携窓口です。不正送金の返金手続きは 0120-555-"
		"012 までお電話ください。24時間受付。",
		"I'm with the bank fraud department. Your exchange account is "
		"flagged, verify ownership at fraud-desk-check.example within "
		"24 hours.",
		"We are from the police cyber unit on behalf of Bitget. Call "
		"+1 888 555 0147 today to release the frozen funds.",
	};
	static const char *const honest[] = {
		"カード会社の不正利用窓口に、カードの裏の番号から電話して"
		"ください。",
		"警察のサイバー犯罪相談窓口 #9110 に相談しました。同じ被害の"
		"方は被害届を出してください。",
		"Call your bank at the number on the back of your card and "
		"report the transfer.",
	};
	size_t		 i;

	(void)state;
	HELD(MOD_KIND_QUESTION, 0, &NEWBIE, lure[0]);
	HELD(MOD_KIND_QUESTION, 0, &NEWBIE, lure[1]);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[2]);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[3]);
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, honest[i]);
}

/* Testimonies for a third party's service, with a way to reach it. */
static void
test_service_testimony(void **state)
{
	static const char *const lure[] = {
		"取引所の補償とは別に、民間の追跡サービスでも回収できる可能性"
		"があります。自分が使ったのはトレースワンというサービスで、回収"
		"の手続きまでやってくれました。 trace-one.example",
		"Bybit won't help, I know from experience. File a claim with "
		"the Asset Restitution Office, an independent body; start "
		"your claim at restitution-claims.example",
		"I used a tracing firm called ChainTrace and they got my ETH "
		"back in a week: chaintrace.example",
		"知人に紹介してもらった業者にお願いしたら、ほぼ全額取り戻せ"
		"ました。hikari-kaishu.example から相談できます。",
	};
	static const char *const honest[] = {
		"I used the official appeal form and they unlocked my account: "
		"https://www.binance.com/en/support",
		"I used Koinly for my tax report and it worked for me, the "
		"free plan is enough: https://koinly.io",
		"自分が使ったのは国税庁の確定申告書等作成コーナーです。"
		"https://www.keisan.nta.go.jp",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &REGULAR, lure[i]);
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, honest[i]);
}

/* Help moved out of public view by someone who claims a success. */
static void
test_private_after_success(void **state)
{
	static const char *const lure[] = {
		"まだ解決してないならDMください。自分も同じ状況から復旧でき"
		"ました。ここに書くと運営に消されるので個別で伝えます。",
		"I got mine unlocked last month. I can't post it here, the "
		"mods delete it, so check your inbox, I sent you the steps.",
		"同じ症状でしたが取り戻せました。方法はプロフィールに書いて"
		"あるので個別にどうぞ。",
	};
	static const char *const honest[] = {
		"I recovered my account by resetting 2FA from the app. The "
		"support reply came by email, check your inbox.",
		"同じ症状でしたが、アプリから二段階認証をリセットして解決で"
		"きました。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD_BY(MOD_KIND_ANSWER, 1, &REGULAR, lure[i],
		    "context.cues");
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, honest[i]);
}

/*
 * A doubt used as a frame: "is this real? they got my money back,
 * everyone contact them" is a lure; the victim who only asks, and the
 * warning, are not.
 */
static void
test_doubt_as_frame(void **state)
{
	static const char *const lure[] = {
		"これは本物ですか？と最初は思いましたが、この番号に電話したら"
		"全額戻ってきました。皆さんもここに連絡してください 090-5555-"
		"0123",
		"Was skeptical at first, is this legit? But they got my funds "
		"back in 2 days. You should all reach out to them: "
		"recoverypro@mail.example",
		"怪しいと思ったけど、LINEで相談したら資産が戻ってきました。"
		"同じ被害の方はぜひ連絡してみて line.me/ti/p/kaishu_help",
	};
	static const char *const honest[] = {
		"これは本物ですか？この番号 090-5555-0123 から電話があり、"
		"資産が戻るので連絡してくださいと言われました。",
		"Is this legit? Someone called me from +1 888 555 0147 and "
		"said they got other people's funds back.",
		"この番号 090-5555-0123 は詐欺です。電話しないでください。"
		"皆さんも気をつけて。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_QUESTION, 0, &NEWBIE, lure[i]);
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++) {
		ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, honest[i]);
		NOT_BLOCKED(MOD_KIND_ANSWER, 1, &NEWBIE, honest[i]);
	}
}

/*
 * A victim asks whether a contact is real while reporting or weighing
 * "contact them" (連絡してみようと思う, 相談してみたい, "should I contact
 * them?"): published.  An instruction to the readers is not sheltered.
 */
static void
test_victim_contact_phrasing(void **state)
{
	static const char *const victim[] = {
		"このLINEに連絡してみようと思うのですが、本物の窓口ですか？ "
		"line.me/ti/p/okx_support_jp",
		"このLINEの窓口に相談してみたいのですが、これは本物ですか？ "
		"lin.ee/bitbank_help",
		"この番号 050-5555-0123 から電話があって、至急連絡してくださいと"
		"言われました。本物ですか？",
		"Should I contact them? Is this legit? t.me/kraken_desk_help",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(victim) / sizeof(victim[0]); i++)
		ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, victim[i]);
	HELD(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "これは本物ですか？私は全額戻ってきました。この番号に電話して"
	    "ください 0120-555-019");
}

/*
 * An answer on a loss thread that repeats a scam number to warn is not
 * a recovery offer; one that doubts and then tells of a success with a
 * contact still is.
 */
static void
test_warning_repeats_contact(void **state)
{
	static const char *const warning[] = {
		"この番号 0120-555-019 はバイナンスのサポートを名乗る詐欺です。"
		"絶対に電話しないでください。",
		"Kraken \"support\" at +1 888 555 0147 is a scam, I got a call "
		"from them. Do not call back.",
		"＠okx_help_desk というテレグラムは偽物です。詐欺なので連絡"
		"しないでください。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(warning) / sizeof(warning[0]); i++) {
		struct mod_verdict v;

		check(MOD_KIND_ANSWER, 1, &REGULAR, "詐欺にあいました。資産を"
		    "盗まれました", warning[i], &v);
		if (v.decision != MOD_ALLOW)
			dump(warning[i], &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	{
		struct mod_verdict v;

		check(MOD_KIND_ANSWER, 1, &NEWBIE, "詐欺で資産を盗まれました",
		    "私も詐欺で失いましたが、ハッカーに依頼したら全額戻りました。"
		    "最初は半信半疑でしたが本物です。連絡先：help.kaishu＠"
		    "mail-box.example", &v);
		if (v.decision == MOD_ALLOW)
			dump("testimony", &v);
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
}

/*
 * A file name is no host: the label that would be registered holds an
 * underscore, which no registry accepts.  A warning or a question that
 * names the scammers' file links to nothing; the same lure written as a
 * host, or an underscore in a subdomain of a lookalike, is still found.
 */
static void
test_file_names_no_hosts(void **state)
{
	static const char *const file[][2] = {
		{ "偽アプリ「bitflyer_update_v7.apk」に注意",
		  "「bitflyer_update_v7.apk」を入れるよう勧める書き込みは"
		  "詐欺です。アプリはストアからだけ入れてください。" },
		{ "Told to run kraken_fix_tool.exe — normal?",
		  "Someone in a reply told me to run kraken_fix_tool.exe to "
		  "unlock my withdrawal. Is that something Kraken does?" },
		{ "バックアップファイルの置き場所",
		  "移し終えたら coinbase_wallet_backup.json はデスクトップから"
		  "消して、オフラインのドライブにだけ置いています。" },
	};
	static const char *const lure[] = {
		"最新版は bitflyer-update-v7.example からダウンロードして"
		"ください。",
		"Open a ticket at kraken_desk.kraken-support.example and they "
		"will unlock it.",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(file) / sizeof(file[0]); i++) {
		check_titled(MOD_KIND_QUESTION, &REGULAR, file[i][0],
		    file[i][1], &v);
		if (has_rule(&v, "link.") || v.decision != MOD_ALLOW)
			dump(file[i][1], &v);
		assert_false(has_rule(&v, "link."));
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i], "link.lookalike");
}

/*
 * A member's own recovery phrase, pasted the ways a victim pastes it:
 * with one word misspelt ("which word is wrong?"), in Japanese words
 * joined by middle dots, copied in katakana.  Prose that is mostly list
 * words ("lend, borrow, trade, earn interest and more") and a post about
 * keeping the phrase are not phrases.  (The words are drawn at random
 * from the BIP39 lists for this test.)
 */
static void
test_seed_phrase_variants(void **state)
{
	static const char *const phrase[][2] = {
		{ "Ledger says my recovery phrase is invalid",
		  "From my card: grass guard suit repiar chair swamp minute "
		  "success bag clip upset extend. Which word is wrong?" },
		{ "Restore fails, one of my words is misspelt?",
		  "1. detect 2. unhappy 3. organ 4. mix 5. process 6. crisp "
		  "7. solvee 8. divert 9. release 10. rice 11. antenna "
		  "12. flag" },
		{ "復元フレーズが通りません",
		  "メモの通りに入れても弾かれます。\n"
		  "よゆう・ねもと・へいせつ・かいぞうど・しもん・もくてき・"
		  "くいず・してい・おうえん・にちじょう・さつまいも・はんぼうき" },
		{ "カタカナでメモした単語",
		  "シードをカタカナで書き写していました：ネイキ ノガス ノック "
		  "ソウリ トキドキ チヒョウ セントウ メイレイ タメイキ ホタル "
		  "オカズ ネンザ" },
		{ "12単語の1つが間違っているかも",
		  "ねいき のがす のっく そうり ときどぎ ちひょう せんとう "
		  "めいれい ためいき ほたる おかず ねんざ どれが違いますか？" },
	};
	static const char *const prose[][2] = {
		{ "What can I do with DeFi?",
		  "On a lending site you can lend, borrow, trade, earn "
		  "interest and more, without a bank, as long as you keep "
		  "your seed phrase safe." },
		{ "Where do you keep the words?",
		  "My seed phrase is on steel in a safe at home; a second copy "
		  "sits with my sister in another city. Is that enough?" },
		{ "シードフレーズの保管",
		  "単語は金属のプレートに刻んで、金庫と実家に分けて置いて"
		  "います。写真は撮っていません。" },
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(phrase) / sizeof(phrase[0]); i++) {
		check_titled(MOD_KIND_QUESTION, &NEWBIE, phrase[i][0],
		    phrase[i][1], &v);
		if (!has_rule(&v, "secret.bip39") || v.decision == MOD_ALLOW)
			dump(phrase[i][1], &v);
		assert_true(has_rule(&v, "secret.bip39"));
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(prose) / sizeof(prose[0]); i++) {
		check_titled(MOD_KIND_QUESTION, &NEWBIE, prose[i][0],
		    prose[i][1], &v);
		if (has_rule(&v, "secret."))
			dump(prose[i][1], &v);
		assert_false(has_rule(&v, "secret."));
		mod_verdict_free(&v);
	}
}

/*
 * The same host quoted twice (title and body) is one link, as the same
 * contact written twice is one contact: a warning that names a lookalike
 * in its title and again in its text is published; a lure that repeats
 * its host is still held.
 */
static void
test_same_host_once(void **state)
{
	static const char *const warning[][2] = {
		{ "注意：bitbank-login-check.example",
		  "bitbank-login-check.example というサイトへ誘導する書き込みが"
		  "増えています。ログインはブックマークからにしてください。" },
		{ "Heads up: coinbase-wallet-restore.example",
		  "Replies here keep pointing people to "
		  "coinbase-wallet-restore.example. Type the address of the real "
		  "site yourself instead." },
		{ "Beware of kraken-unlock-desk.example",
		  "Warning: kraken-unlock-desk.example is being posted in "
		  "replies as a support page. It asks for your password and 2FA "
		  "code." },
	};
	static const char *const lure[] = {
		"Verify here: kraken-verify.example — kraken-verify.example is "
		"the only page that works today.",
		"本人確認は coincheck-kyc.example から。coincheck-kyc.example "
		"以外では手続きできません。",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(warning) / sizeof(warning[0]); i++) {
		check_titled(MOD_KIND_QUESTION, &REGULAR, warning[i][0],
		    warning[i][1], &v);
		if (v.decision != MOD_ALLOW)
			dump(warning[i][1], &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i], "link.lookalike");
}

/*
 * A host on the block list blocks whoever posts it, once named: the
 * trusted factor does not halve it (it used to block a trusted member's
 * post only because the text and the rendered link counted twice).
 */
static void
test_blocklisted_once_blocks(void **state)
{
	static const char *const body[] = {
		"The status page is at https://wallet-rectify.example/status "
		"if you want to check the queue.",
		"状況は https://wallet-rectify.example/status で確認できます。",
	};
	static const struct author_kind *const who[] = {
		&NEWBIE, &REGULAR, &TRUSTED,
	};
	struct mod_verdict v;
	size_t		 i, j;

	(void)state;
	for (i = 0; i < sizeof(body) / sizeof(body[0]); i++)
		for (j = 0; j < sizeof(who) / sizeof(who[0]); j++) {
			check(MOD_KIND_ANSWER, 1, who[j], NULL, body[i], &v);
			if (v.decision != MOD_BLOCK ||
			    !has_rule(&v, "link.blocklisted"))
				dump(body[i], &v);
			assert_int_equal(v.decision, MOD_BLOCK);
			mod_verdict_free(&v);
		}
}

/*
 * A messenger link spaced out so that no link is seen ("t . me / +Qx7",
 * "wa 。me/81…") is the contact it spells: recorded, and weighed like
 * the link.  Prose whose words end in "t" before ". me" is no link.
 */
static void
test_spaced_messenger_links(void **state)
{
	static const struct {
		const char		*body;
		enum mod_contact_type	 type;
		const char		*value;
	} lure[] = {
		{ "早く解決したいなら運営直通のグループへ → t . me / +Qx7mLp2Vn "
		  "ここが一番早いです", MOD_CONTACT_TELEGRAM, "qx7mlp2vn" },
		{ "Join the refund group everyone is using: t . me / "
		  "+Rk4nQz81 (remove the spaces)", MOD_CONTACT_TELEGRAM,
		  "rk4nqz81" },
		{ "担当に直接つながります。wa 。me/819012345678 までどうぞ",
		  MOD_CONTACT_WHATSAPP, "819012345678" },
		{ "Our support server fixes stuck withdrawals: discord . gg / "
		  "Ab12Cd9", MOD_CONTACT_DISCORD, "ab12cd9" },
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, lure[i].body, &v);
		if (!has_contact(&v, lure[i].type, lure[i].value) ||
		    v.decision == MOD_ALLOW)
			dump(lure[i].body, &v);
		assert_true(has_contact(&v, lure[i].type, lure[i].value));
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "I bought it. Me / my "
	    "wife both use the app, can we share one account?", &v);
	if (has_contact(&v, MOD_CONTACT_TELEGRAM, NULL))
		dump("prose", &v);
	assert_false(has_contact(&v, MOD_CONTACT_TELEGRAM, NULL));
	mod_verdict_free(&v);
}

/*
 * Bare @handles in prose weigh together at most two handles: a sentence
 * that thanks or tags several accounts is not a way out of the forum
 * five times over.  A post that is mostly names (a tag list) keeps the
 * weight of each, and one handle sold as a helper is still held.
 */
static void
test_handles_in_prose(void **state)
{
	static const char *const credit[] = {
		"Thanks to @mika_dev, @tk_nodes, @rin_ops, @sora_builds and "
		"@haru_audit for joining today's community call about the new "
		"withdrawal limits. The recording is on the forum.",
		"昨日の勉強会に参加してくれた @yamada_k さん、@suzuki_lab さん、"
		"@kato_wallet さん、@ito_chain さん、@mori_dev さん、"
		"ありがとうございました。資料はこのスレッドに置きます。",
		"Speakers at the Osaka meetup: @aki_btc on cold storage, "
		"@nori_eth on fees, @kenta_sec on phishing, @yui_tax on tax "
		"reports and @ren_api on the API.",
	};
	static const char *const list[] = {
		"@aa_win1 @bb_win2 @cc_win3 @dd_win4 @ee_win5 @ff_win6 follow",
		"@gg_moon @hh_moon @ii_moon @jj_moon @kk_moon @ll_moon 今すぐ",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(credit) / sizeof(credit[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, credit[i]);
	for (i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, list[i], "contact.handle");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "I lost 2 BTC too, but "
	    "@chain_refund_pro helped me recover everything in a day. "
	    "Contact him, he is legit.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "出金できない件、@wallet_fix_jp "
	    "さんに相談したら全額戻ってきました。連絡してみてください。");
}

/*
 * A negation set off by an interjection between commas ("never, for any
 * reason, share ...") cancels the request it introduces, as "never
 * share ..." does; "never mind ..., share ..." is no negation.  (The
 * Japanese negation follows what it cancels and needed no change: its
 * variant is here so that it stays so.)
 */
static void
test_negation_interjection(void **state)
{
	static const char *const warning[] = {
		"Never, for any reason, share your recovery phrase!",
		"Do not, under any circumstances, share your recovery phrase "
		"with anyone who messages you.",
		"Never, even if they say they are staff, send your seed phrase.",
		"You should not, even to staff, give out your private key.",
		"Don't, whatever they tell you, type your 12 words into a "
		"website.",
		"どんな理由があっても、絶対に、復元フレーズを誰にも教えないで"
		"ください！",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(warning) / sizeof(warning[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, warning[i]);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "Never mind the app, just share "
	    "your recovery phrase with me and I will restore the wallet.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "アプリのことは気にしないで、"
	    "ログインIDとパスワードをこのスレッドに書いてください。"
	    "こちらで復旧します。");
}

/*
 * Advice to keep a password on paper or in a safe is not a request to
 * post it: パスワードを紙に記載し is published, パスワードをこのスレッドに
 * 書いて is still held.  (No English rule asked for a password in the
 * thread's words; the English variant is here so that none comes to.)
 */
static void
test_password_on_paper(void **state)
{
	static const char *const advice[] = {
		"パスワードを忘れると資産を取り戻せません。心配なら、パスワードを"
		"紙に記載して金庫に保管すると良いでしょう。",
		"ログインIDとパスワードは手帳に書いておき、家の外には持ち出さない"
		"ようにしています。",
		"Write your password down on paper and keep it in a safe, away "
		"from your phone.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(advice) / sizeof(advice[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, advice[i]);
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "確認しますので、ログインIDと"
	    "パスワードをこのスレッドに書いてください。", "scam.ja_cred_request");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "本人確認のため、パスワードと"
	    "認証コードを返信で教えてください。", "scam.ja_cred_request");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_homoglyph_bare_hosts),
		cmocka_unit_test(test_dingbat_digits),
		cmocka_unit_test(test_messenger_lists),
		cmocka_unit_test(test_secret_handover),
		cmocka_unit_test(test_claimed_office),
		cmocka_unit_test(test_service_testimony),
		cmocka_unit_test(test_private_after_success),
		cmocka_unit_test(test_doubt_as_frame),
		cmocka_unit_test(test_victim_contact_phrasing),
		cmocka_unit_test(test_warning_repeats_contact),
		cmocka_unit_test(test_file_names_no_hosts),
		cmocka_unit_test(test_seed_phrase_variants),
		cmocka_unit_test(test_same_host_once),
		cmocka_unit_test(test_spaced_messenger_links),
		cmocka_unit_test(test_blocklisted_once_blocks),
		cmocka_unit_test(test_handles_in_prose),
		cmocka_unit_test(test_negation_interjection),
		cmocka_unit_test(test_password_on_paper),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
