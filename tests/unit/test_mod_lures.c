/*
 * tests/unit/test_mod_lures.c: the eighth pass on forum-shaped posts
 * (docs/moderation.md): what a lure does, in words the earlier rules did
 * not know, and the honest posts of the same words.
 *
 * Returns told as one's own to promote a scheme, with a way in; help
 * moved out of view by someone who offers to fix it ("hit me up
 * privately", LINE交換しましょう, the contact "in my profile"); the phrase
 * asked for as the words on the recovery sheet or a photo of it; a
 * victim's testimony of an investigator who got it back, with a way to
 * reach them; shop language; a staff member introducing themselves in
 * Japanese.  Every text is written for these tests, each behaviour in
 * several variants (other exchanges, messengers and scripts, Japanese
 * and English); none is taken from a data set.
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
 * Returns claimed as one's own ("my portfolio is up", "turned $2,000
 * into", 資産が5倍, 毎週8%の利益) with an invitation to answer, a handle, a
 * link or the author's profile: investment promotion in plain prose.
 * The same returns told without a way in, or asked about, are published.
 */
static void
test_returns_pitch(void **state)
{
	static const char *const lure[] = {
		"Forget HODLing. My mentor's strategy turned $2,000 into "
		"$19,500 in eleven weeks. He only takes a few students each "
		"month, so ask him quickly: @mentor_tradez on Telegram",
		"Staking is slow money. I put 5k into a liquidity pool bot "
		"last spring and I'm sitting at 41k now. The team behind it "
		"is legit, site is yieldforge-ai.example",
		"If you want real growth look at Quantivex, their arbitrage "
		"engine has returned 9% every month for me since January. "
		"Registration is invite-only, ask me for a code.",
		"私はAI自動売買ツールを使って3ヶ月で資産が5倍になりました。興味が"
		"ある方は私のプロフィールから登録してください。",
		"ステーキングより断然こっちです。知人の紹介で始めた運用プラット"
		"フォームで毎週8%の利益が出ています。気になる人は返信ください、"
		"紹介リンク送ります。",
		"投資で月収を増やしたいなら、私が参加しているコミュニティがおす"
		"すめです。毎月安定して10%以上のリターンが出ています。参加方法は"
		"DMで教えます。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "I've been staking ETH for two "
	    "years, my balance grew about 7% in ETH terms. Nothing fancy, "
	    "just the exchange's own program.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "私はビットフライヤーの積立を毎月"
	    "1万円やってます。3年で資産が2倍くらいになりました。");
	{
		struct mod_verdict v;

		check_titled(MOD_KIND_QUESTION, &NEWBIE, "毎日1%の配当って本当？",
		    "知人から毎日1%の配当が出るという投資を勧められました。本当"
		    "にあるんでしょうか？", &v);
		if (v.decision != MOD_ALLOW)
			dump("dividend question", &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
}

/*
 * The help moved where moderators cannot see, by someone who offers to
 * fix it or asks for the reader's contact: "hit me up privately",
 * "reply with your email", "leave your Telegram username below", "read
 * my pinned post", LINE交換しましょう, Xのほうにメッセージ, プロフィールに
 * 書いてある連絡先, 招待リンクを送るので返信.  Offers of the same words
 * that keep the help here are published.
 */
static void
test_offstage_offers(void **state)
{
	static const char *const lure[] = {
		"I'm a developer who has dealt with this many times. Hit me "
		"up privately and I can sort it in 10 minutes.",
		"Reply with your email address and I'll send you the guide "
		"that unlocked my account.",
		"Follow me and read my pinned post, the method that got my "
		"withdrawal released is there.",
		"I know someone at Binance compliance who can lift this "
		"quickly. Leave your Telegram username below and he will "
		"reach out.",
		"DM'd you with the solution, check your message requests",
		"I had the same 'suspicious activity' lock. There is a "
		"workaround that support won't tell you. Email me at "
		"unlockhelp.sam@mail.example and I'll explain.",
		"それ、知り合いのエンジニアに頼めばすぐ直ります。LINE交換しま"
		"しょう。IDはkaiketsu_san です",
		"ここで話すと長くなるので、Xのほうにメッセージ送ってもらえます"
		"か？ @solve_crypto_jp",
		"プロフィールに書いてある連絡先に送ってください、すぐに解決しま"
		"す。",
		"これ、運営に聞いても無駄です。私はDiscordのサーバーで解決方法を"
		"教えてもらいました。招待リンクを送るので返信ください。",
		"I'll send you a friend request, accept it and we can talk "
		"about how I fixed mine.",
		"Can't share the method here but my Telegram is in my bio.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "DM me if you want, but "
	    "honestly the answer is in the FAQ: go to Settings > Security "
	    "and reset 2FA there.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "私も同じ症状でしたが、アプリを"
	    "再インストールしたらすぐ直りました。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "Follow me here on the forum "
	    "if you like, I post weekly tax notes in the guides section.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "I had the same lock. I opened "
	    "a ticket in the app, sent the selfie they asked for, and it "
	    "was lifted in two days.");
}

/*
 * The recovery phrase asked for as "the words on your recovery sheet",
 * a photo of the card it is written on, "your 24 words in a reply", or
 * pasted into a form with a link (秘密鍵をコピーしてこのフォームに貼り付け,
 * 復元用の単語をこちらのフォームに入力); advice that keeps the words away
 * from everyone is published.
 */
static void
test_seed_handover_shapes(void **state)
{
	static const char *const lure[] = {
		"Send me the words on your recovery sheet and I'll check "
		"whether the wallet is compromised.",
		"Could you share a photo of the card where you wrote your "
		"seed? I need to confirm which derivation path you used.",
		"Write your 24 words in a reply here (you can mask every "
		"other word) and I'll tell you which wallet they belong to.",
		"秘密鍵をコピーしてこのフォームに貼り付けると資産が戻ります "
		"fukugen-form.example",
		"資産を戻すには、復元用の単語をこちらのフォームに入力する必要が"
		"あります walletfix-jp.example",
		"Import your wallet into this tool to see the hidden tokens: "
		"tokensniffer-restore.example (it asks for your phrase, that's "
		"normal)",
		"バックアップの12単語をコメントに書いてくれたら、どのウォレットか"
		"調べます",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Never share a photo of your "
	    "seed phrase with anyone, not even support.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "12単語は紙に書いて金庫に保管"
	    "しています。");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "I recommend hardware wallets. "
	    "I wrote my 24 words on a steel plate and keep it in a safe.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "リカバリーフレーズは紙に書いて"
	    "保管してください。スクリーンショットやDMで送るのは絶対にやめま"
	    "しょう。");
}

/* The verdict holds a handle of this value. */
static int
has_handle_value(const struct mod_verdict *v, const char *value)
{
	size_t		 i;

	for (i = 0; i < v->ncontacts; i++)
		if (v->contacts[i].type != MOD_CONTACT_PHONE &&
		    v->contacts[i].type != MOD_CONTACT_EMAIL &&
		    strstr(v->contacts[i].value, value) != NULL)
			return 1;
	return 0;
}

/*
 * A testimony of someone who traced the funds and got them back (an
 * investigator, a "restitution bureau", a hacker who goes by a name),
 * with a way to reach them, even when the author says they were
 * scammed first; warnings that name a fake recovery service, or deny
 * that any exists, are published, and "on Telegram offers" names no
 * Telegram account "offers".
 */
static void
test_recovery_testimony(void **state)
{
	static const char *const lure[] = {
		"I lost 3 BTC to a fake exchange last year. A team of "
		"blockchain investigators traced it and returned 90%. Their "
		"email is chaintrace.investigations@mail.example",
		"私も詐欺にあいましたが、ブロックチェーン調査の専門チームに依頼"
		"して8割戻りました。連絡先はこちら recovery-team.example",
		"If your coins were stolen, the Crypto Asset Restitution Bureau "
		"can file a claim for you. Fill out their intake form at "
		"carb-claims.example",
		"There's a hacker who goes by RecoverMasterX on Telegram, he "
		"traced my stolen ETH and got it returned. No upfront cost.",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "If someone on Telegram "
	    "offers to recover your funds for a fee, it's a scam. No "
	    "recovery service can reverse a blockchain transaction.", &v);
	if (v.decision != MOD_ALLOW || has_handle_value(&v, "offers"))
		dump("telegram offers", &v);
	assert_int_equal(v.decision, MOD_ALLOW);
	assert_false(has_handle_value(&v, "offers"));
	mod_verdict_free(&v);
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "I lost money to a fake "
	    "recovery service after being scammed once already. Don't make "
	    "my mistake, nobody legit asks for fees up front.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "返金のプロを名乗る業者に頼んだら"
	    "、さらに30万円取られました。皆さんは気をつけてください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "詐欺にあいましたが、弁護士に相談"
	    "して一部戻ってきました。法テラスに連絡してみてください "
	    "https://www.houterasu.or.jp");
}

/*
 * Shop and promotion language (急募, 1件N円, 半額, 数量限定, 初回N円,
 * 今だけ月額N円, 仮想通貨払いOK, "get it here", "$N/month", "instant
 * delivery") from new accounts, with a link or a contact; a question
 * about the exchange's own campaign is published.
 */
static void
test_shop_words(void **state)
{
	static const char *const shop[][2] = {
		{ "【急募】スマホで完結する簡単なお仕事",
		  "1件3000円、1日30分からOK。経験不問です。詳細はこちら→ "
		  "work-easy.example" },
		{ "最新iPhoneが仮想通貨払いで半額",
		  "数量限定なのでお急ぎください。shop-iphone-half.example" },
		{ "全身脱毛 初回980円 今月限定",
		  "全身脱毛のサロンです。今月限定の価格です。"
		  "datsumo-salon.example" },
		{ "格安SIM 月額500円 仮想通貨払いOK",
		  "データ無制限プランが今だけ月額500円。お申し込みはサイトから "
		  "sim-yasui.example" },
		{ "Fast private VPN, 3 years for $1.99/month",
		  "No logs, 90 countries, works with every exchange. Get it "
		  "here vpn-cheapdeal.example" },
		{ "【PR】仮想通貨の確定申告、税理士に丸投げ",
		  "初回相談無料です。zeirishi-crypto.example" },
		{ "マイニングマシン販売中",
		  "ビットコインのマイニングマシン販売中。月5万円の収益！ "
		  "mining-hanbai.example" },
		{ "Cheap Netflix & Spotify premium accounts",
		  "1 year Netflix 4K for $25. Instant delivery after payment, "
		  "USDT or BTC. Telegram: @premium_shop_acc" },
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(shop) / sizeof(shop[0]); i++) {
		struct mod_verdict v;

		check_titled(MOD_KIND_QUESTION, &NEWBIE, shop[i][0], shop[i][1],
		    &v);
		if (v.decision == MOD_ALLOW)
			dump(shop[i][1], &v);
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	{
		struct mod_verdict v;

		check_titled(MOD_KIND_QUESTION, &NEWBIE, "期間限定キャンペーンに"
		    "ついて", "公式サイトの期間限定キャンペーンは新規口座だけが"
		    "対象ですか？", &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
}

/* A finding of this category among the reasons. */
static int
has_category(const struct mod_verdict *v, enum mod_category cat)
{
	size_t		 i;

	for (i = 0; i < v->nreasons; i++)
		if (v->reasons[i].category == cat)
			return 1;
	return 0;
}

/*
 * The author's own recovery phrase told in parts, a few words between
 * its stretches ("… slim and last slush …", "next line:", "で、次の行が"),
 * is a phrase; prose about phrases and words has no four list words in
 * a row and is not.
 */
static void
test_phrase_in_parts(void **state)
{
	static const char *const phrase[][2] = {
		{ "restore", "my 12 words are story rug permit doctor then "
		  "brick truth similar slim and last slush six crush walk" },
		{ "restore fails", "The phrase on my card: glove ocean wreck "
		  "proud, next row: cabin lunar exile trend, and at the "
		  "bottom: hobby lemon swarm decide. Restore says invalid." },
		{ "フレーズ", "復元フレーズは glove ocean wreck proud で、次の行が "
		  "cabin lunar exile trend、最後が hobby lemon swarm decide "
		  "です。どこが違う？" },
	};
	static const char *const prose[][2] = {
		{ "Restoring", "To restore, open the app, tap restore wallet, "
		  "then enter your words in order; if one word is wrong the "
		  "app will say invalid phrase. Keep the paper safe." },
		{ "Which word?", "My recovery phrase card has a word I can't "
		  "read, it looks like either ocean or open. How do I find "
		  "out which one?" },
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(phrase) / sizeof(phrase[0]); i++) {
		struct mod_verdict v;

		check_titled(MOD_KIND_QUESTION, &NEWBIE, phrase[i][0],
		    phrase[i][1], &v);
		if (v.decision == MOD_ALLOW ||
		    !has_category(&v, MOD_CAT_SECRET))
			dump(phrase[i][1], &v);
		assert_int_not_equal(v.decision, MOD_ALLOW);
		assert_true(has_category(&v, MOD_CAT_SECRET));
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(prose) / sizeof(prose[0]); i++) {
		struct mod_verdict v;

		check_titled(MOD_KIND_QUESTION, &NEWBIE, prose[i][0],
		    prose[i][1], &v);
		if (v.decision != MOD_ALLOW)
			dump(prose[i][1], &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
}

/*
 * A question whether a number or a site is "the real" one is a doubt:
 * the number it quotes is not offered ("Is +1 888 … the real Kraken
 * number? Someone on Reddit posted it.").  The same number given as
 * the one to call is still held.
 */
static void
test_real_number_question(void **state)
{
	struct mod_verdict v;

	(void)state;
	check_titled(MOD_KIND_QUESTION, &NEWBIE, "Is this the real Kraken "
	    "number?", "Is +1 888 555 0166 the real Kraken number? Someone "
	    "on Reddit posted it.", &v);
	if (v.decision != MOD_ALLOW)
		dump("real number question", &v);
	assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "The real Kraken support number is "
	    "+1 888 555 0166, call them and they unlock it.");
}

/*
 * A member who introduces themselves as the exchange's staff in
 * Japanese (運営チームの田中と申します) and asks for the reader's e-mail
 * address; a member who tells how staff answered is published.
 */
static void
test_ja_staff_intro(void **state)
{
	(void)state;
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "bitbank運営チームの田中と申します。"
	    "本件は個別にご案内しますのでメールアドレスをご返信ください。");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "コインチェックのサポート担当の"
	    "佐藤と申します。", "imp.ja_official");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "運営チームに問い合わせたら、田中"
	    "さんという方が丁寧に対応してくれました。");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_returns_pitch),
		cmocka_unit_test(test_offstage_offers),
		cmocka_unit_test(test_seed_handover_shapes),
		cmocka_unit_test(test_recovery_testimony),
		cmocka_unit_test(test_shop_words),
		cmocka_unit_test(test_phrase_in_parts),
		cmocka_unit_test(test_real_number_question),
		cmocka_unit_test(test_ja_staff_intro),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
