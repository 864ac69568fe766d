/*
 * tests/unit/test_mod_honest2.c: the tenth pass on forum-shaped posts
 * (docs/moderation.md): honest posts that share words with spam and
 * secrets, spam told in plain prose, and members' own secrets in shapes
 * the detectors did not read.
 *
 * A member's tax question about 副業 income; "message me here on the
 * forum" (the forum's own private messages are not a way out of it);
 * trading promoted by what it asks ("just copy a pro's trades", a bot
 * that "guarantees" a daily profit, buy before it lists, "I can send you
 * an invite", a referral code quoted before 登録); unrelated services
 * (論文代行, ホームページ制作を格安で承ります, dating, essays, loans); a
 * private key split over lines, an API secret after a bare "secret:" or
 * an HMAC command line's "-hmac"; twelve list words quoted as an example
 * of what phrases look like; what staff here never do, and a quoted lure
 * called fake; a tx hash quoted from the wallet's side of a transfer.  Every text is written for these tests,
 * each behaviour in several variants (Japanese and English, other
 * exchanges and wordings); none is taken from a data set.  The rules
 * alone decide here (no learned model).
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
 * A member asking how to declare side income (副業) or crypto gains is
 * honest, even from a new account and with amounts; side income sold as
 * easy money is still held.
 */
static void
test_side_income_tax_question(void **state)
{
	(void)state;
	question_is(&NEWBIE, "副業の確定申告",
	    "会社員で、副業で仮想通貨の利益が30万円ほどありました。20万円を"
	    "超えたので確定申告が必要だと思いますが、どう申告すればいいですか？",
	    0);
	question_is(&NEWBIE, "副業収入と仮想通貨",
	    "副業で月5万円くらい稼いでいます。仮想通貨の売却益と合わせて"
	    "雑所得になりますか？住民税の申告も必要でしょうか。", 0);
	question_is(&NEWBIE, "確定申告と副業",
	    "本業の他に副業でウェブ制作をしていて、報酬の一部をUSDTで受け取り"
	    "ました。副業の所得として申告すればいいですか？", 0);
	question_is(&NEWBIE, "副業探してる人",
	    "副業を探している人いますか？スマホ1台で毎日3000円稼げるお仕事を"
	    "紹介しています。興味がある方はDMください。", 1);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "副業で仮想通貨の自動売買を教えています。スマホ1台で月20万円も夢"
	    "じゃないです。興味がある方はメッセージください。");
}

/*
 * "Message me here on the forum": the forum's own private messages, in
 * either language, are not an invitation off it; a messenger or a number
 * given in the same breath is still held.
 */
static void
test_forum_messages(void **state)
{
	static const char *const honest[] = {
		"You can message me here on the forum if you want more "
		"detail, I went through the same thing with my 2FA reset "
		"last month.",
		"Happy to go through it step by step, just PM me through the "
		"forum and I'll reply tonight.",
		"If you want, send me a message here on the forum, I had the "
		"same locked account last year.",
		"このフォーラムのメッセージ機能で連絡ください。同じエラーで困った"
		"ことがあります。",
		"当掲示板のDMでも大丈夫です。詳しく書きにくければどうぞ。",
	};
	static const char *const lure[] = {
		"Message me on WhatsApp +44 7700 900123, I recovered my "
		"account in one day with their help.",
		"DM me on telegram @fixer_kenta and I'll unlock it for you.",
		"Don't reply here, message me on Telegram, the forum mods "
		"delete the solution.",
		"message me here on the forum and I'll give you my WhatsApp, "
		"the recovery agent I used got my funds back",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, honest[i]);
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
}

/*
 * Trading promoted in plain prose: copy a pro's trades and collect, a bot
 * that guarantees a daily profit, a token to buy before it lists because
 * it will multiply, an invitation or a referral code offered to the
 * reader.  Questions, warnings and losses told in the same words are
 * published.
 */
static void
test_trading_promotion(void **state)
{
	static const char *const lure[] = {
		"Forget manual trading. Copy trading is the way: you just "
		"mirror a pro's trades and collect the profits. I can send you "
		"an invite to the platform I use.",
		"I use an AI trading bot that guarantees a daily profit of "
		"around 2%. Been running it for 4 months without a single "
		"losing week. Happy to share the link.",
		"コピートレードを始めてから毎月安定してプラスです。プロトレーダーの"
		"取引をそのままコピーするだけなので初心者でも大丈夫。",
		"上場前の新しいトークンのプレセールが始まっています。上場したら10倍"
		"は固いと言われているので今のうちに買っておくのがおすすめです。",
		"Once it lists on the big exchanges this token will 50x easy. "
		"Still early, get in now before it's too late.",
		"招待コード「KX88Q」で登録すると5000円分のビットコインがもらえます。"
		"ぜひ使ってください！",
		"勝率90%のEAを配っています。このツールは月利20%保証です。",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	question_is(&NEWBIE, "Copy trading recommendation",
	    "What do you think about copy trading? I just copy a top "
	    "trader's positions and collect profits every week without "
	    "doing anything. Ask me for the invite link.", 1);
	question_is(&NEWBIE, "プレセールについて",
	    "今プレセール中の$MOCHIってトークン知ってますか？上場したら100倍"
	    "確実って言われてるので今のうちに買っておいたほうがいいですよ。",
	    1);

	question_is(&NEWBIE, "コピートレードの手数料",
	    "取引所のコピートレード機能を使ってみようと思っています。手数料は"
	    "どのくらいかかりますか？", 0);
	question_is(&NEWBIE, "Is a copy trading bot a scam?",
	    "A guy on Instagram says his bot guarantees a daily profit of "
	    "3%. Is that even possible? Sounds like a Ponzi to me.", 0);
	question_is(&NEWBIE, "Referral code not applied",
	    "I entered my friend's referral code ABC123 when I signed up "
	    "but the bonus didn't show. Who do I contact?", 0);
	question_is(&NEWBIE, "招待コードを入力し忘れました",
	    "登録時に招待コード「K8X2」を入れ忘れました。あとから入力できますか？",
	    0);
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Presales that promise 100x after listing are nearly always rug "
	    "pulls. If you bought one, don't send more money to \"unlock\" "
	    "your tokens.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "上場前のトークンを買うなら、せめて運営チームが公開されているか、"
	    "監査を受けているかを確認してください。「上場したら何倍」という宣伝"
	    "はまず疑ったほうがいいです。");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "I'd recommend the exchange's own grid bot over any third-party "
	    "tool; at least you're not giving your API keys to strangers. It "
	    "doesn't guarantee anything though.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Copy trading on the exchange itself is a normal feature, but "
	    "past performance means nothing. Start small.");
}

/*
 * Services that have nothing to do with the forum, offered in Japanese
 * (論文代行, web design and SEO "承ります") and English (essays, loans),
 * and dating invitations; a victim of a dating-app scam is published.
 */
static void
test_offtopic_services(void **state)
{
	static const char *const lure[] = {
		"レポート・論文の代行承ります。1文字2円から、最短即日納品。",
		"ホームページ制作・SEO対策を格安で承ります。検索1ページ目に表示"
		"されるまでサポートします。",
		"寂しい夜に…近くの女の子と今すぐ会えるアプリ、無料登録はこちらから。",
		"Lonely tonight? Meet beautiful single women in your area, "
		"free registration.",
		"Students, get your assignments done by professional writers. "
		"Plagiarism-free essays delivered in 24 hours.",
		"We give out quick loans at 2% interest rate to individuals "
		"and companies.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		HELD(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "I got scammed by someone I met on a dating app who pushed me "
	    "into a fake trading platform. Please be careful, it's called "
	    "pig butchering.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "うちの近くの税理士さんは仮想通貨に詳しくて助かりました。確定申告は"
	    "早めに相談するのがおすすめです。");
	question_is(&NEWBIE, "Loan against crypto?",
	    "Does the exchange offer crypto-backed loans? I don't want to "
	    "sell my BTC but need some cash for a few months.", 0);
}

/*
 * Secrets in other shapes: a hex private key split over two or four
 * lines, an API secret after a bare "Secret:" or inside an HMAC command
 * line.  A tx hash split the same way, a secret named but not pasted,
 * and "secret:" with nothing long after it are published.
 */
static void
test_secret_shapes(void **state)
{
	(void)state;
	question_is(&NEWBIE, "split key",
	    "here is my private key, had to split it:\n"
	    "4c0883a69102937d6231471b5dbb6204\n"
	    "fe5129617082792ae468d01a3f362318\nit won't import", 1);
	question_is(&REGULAR, "秘密鍵が読み込めない",
	    "秘密鍵を4行に分けて書いてあります。\n"
	    "0x4c0883a69102937d\n6231471b5dbb6204\nfe5129617082792a\n"
	    "e468d01a3f362318\nどうやってインポートしますか", 1);
	question_is(&NEWBIE, "Kraken API",
	    "Key: 7Yt2Qw9Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0XcVbNm1QwErTy3Ui5Op\n"
	    "Secret: kQ2wE4rT6yU8iO0pA1sD3fG5hJ7kL9zX2cV4bN6mQ8wE0rT2yU4iO6pA8s"
	    "D0fG2hJ4kL6zX8cV0bN2mQ==\ngetting EAPI:Invalid key", 1);
	question_is(&NEWBIE, "署名エラー",
	    "bitbankのAPIで署名が通りません。\n"
	    "echo -n \"$nonce$path\" | openssl dgst -sha256 -hmac "
	    "'r8TqW2zXp5LmN7vB3kJ9dF4hG6sA1cE0' で作っています", 1);
	question_is(&NEWBIE, "Hex hash split",
	    "My withdrawal tx hash is\n8f3a9c2b7e1d4f6a5b3c2d1e0f9a8b7c\n"
	    "6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a\n(copied from the explorer in "
	    "two lines). It shows pending.", 0);
	question_is(&NEWBIE, "API key in curl",
	    "I'm calling the private API with curl and get \"invalid "
	    "signature\". I compute it with openssl dgst -sha256 -hmac "
	    "\"$API_SECRET\" (the variable holds the secret). Is the nonce "
	    "wrong?", 0);
	question_is(&NEWBIE, "secret keyword",
	    "What does \"secret: required\" mean in the API docs? My request "
	    "body only has key and nonce.", 0);
}

/*
 * Twelve list words quoted as an example of what phrases look like are
 * published; the same words given as one's own, numbered, one per line,
 * comma- or 、-separated, capitalised or in Japanese kana, are held.
 */
static void
test_phrase_example(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "A fun fact: phrases like \"apple river castle orange music "
	    "window table dream silver forest happy garden\" sound random "
	    "but a real seed phrase has a checksum.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "復元フレーズは「りんご」のような単語ではなく、例えば「あいこくしん "
	    "あおぞら あかちゃん あきる あけがた あける あこがれる あさい あさひ "
	    "あしあと あじわう あずかる」のような12個のひらがなの単語です。"
	    "誰にも見せないでください。");
	question_is(&NEWBIE, "Seed looks like this",
	    "my seed looks like \"apple river castle orange music window "
	    "table dream silver forest happy garden\" and the wallet says "
	    "invalid", 1);
	question_is(&NEWBIE, "Seed not accepted",
	    "Wallet says invalid mnemonic for: Cactus, Ladder, Orbit, "
	    "Velvet, Suggest, Hammer, Olive, Frozen, Tribe, Pioneer, "
	    "Gossip, Margin. Any idea?", 1);
	question_is(&NEWBIE, "ウォレットが復元できません",
	    "復元フレーズを入れても残高がゼロです。\n1. abandon\n2. cactus\n"
	    "3. ladder\n4. orbit\n5. velvet\n6. suggest\n7. hammer\n"
	    "8. olive\n9. frozen\n10. tribe\n11. pioneer\n12. gossip\n"
	    "どこが間違っていますか？", 1);
	question_is(&NEWBIE, "復元できない",
	    "フレーズは cactus、ladder、orbit、velvet、suggest、hammer、olive、"
	    "frozen、tribe、pioneer、gossip、margin です。なぜエラーになるの"
	    "でしょう", 1);
	question_is(&NEWBIE, "日本語のフレーズが通らない",
	    "日本語のフレーズで復元しようとしています：あいこくしん　あおぞら　"
	    "あかちゃん　あきる　あけがた　あける　あこがれる　あさい　あさひ　"
	    "あしあと　あじわう　あずかる　何が悪いのでしょうか", 1);
}

/*
 * What staff here never do, told by a member; a lure quoted in a question
 * that calls it fake.  Staff voice that asks for a code and a doubling
 * offer that says it is "not a scam" are still held.
 */
static void
test_described_not_offered(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "From one member to another: staff here will never DM you "
	    "first, will never ask for your password, 2FA codes or seed "
	    "phrase, and all official answers have the green badge.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Mods here don't DM people about withdrawals. If someone does, "
	    "report them.");
	question_is(&NEWBIE, "Giveaway on X",
	    "An account that looks like Vitalik's says \"send 1 ETH to "
	    "0x1f2e3d4c5b6a79880716253443526170f9e8d7c6 and get 2 ETH "
	    "back\". It's fake, right?", 0);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Staff here. Send me your UID and the 2FA code you just "
	    "received and I'll unlock it.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Send 1 ETH to 0x1f2e3d4c5b6a79880716253443526170f9e8d7c6 and "
	    "get 2 ETH back. It's not a scam, it's a promotion!");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Send 0.1 BTC, get 0.2 BTC back within an hour. this is real, "
	    "not fake.");
}

/*
 * A tx hash quoted from the wallet's side of a transfer (pending,
 * deposit, 着金, 反映, "… をEtherscanで見ると") is not a private key; the
 * same digits called the wallet's key, or exported to import, are held.
 */
static void
test_tx_hash_from_wallet(void **state)
{
	(void)state;
	question_is(&NEWBIE, "Pending in MetaMask",
	    "My MetaMask wallet shows this as pending for 3 hours: "
	    "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
	    " what can I do?", 0);
	question_is(&NEWBIE, "ウォレットに反映されない",
	    "ウォレットに着金しません。0x5c504ed432cb51138bcf09aa5e8a410dd4a1e2"
	    "04ef84bfed1be16dfba1b22060 をEtherscanで見ると成功になっています。",
	    0);
	question_is(&NEWBIE, "Deposit missing",
	    "I deposited USDT from my Trust Wallet, here is the id "
	    "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060,"
	    " still not credited after 2 hours.", 0);
	question_is(&NEWBIE, "can't withdraw",
	    "I can't withdraw anything, my wallet key is 0x5c504ed432cb51138b"
	    "cf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 please check", 1);
	question_is(&NEWBIE, "出金できない",
	    "出金できません。ウォレットの秘密の鍵は 5c504ed432cb51138bcf09aa5e8a4"
	    "10dd4a1e204ef84bfed1be16dfba1b22060 です。", 1);
	question_is(&NEWBIE, "Wallet import fails",
	    "I exported this from my old wallet: 0x5c504ed432cb51138bcf09aa5e"
	    "8a410dd4a1e204ef84bfed1be16dfba1b22060 but the new wallet won't "
	    "import it", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_side_income_tax_question),
		cmocka_unit_test(test_forum_messages),
		cmocka_unit_test(test_trading_promotion),
		cmocka_unit_test(test_offtopic_services),
		cmocka_unit_test(test_secret_shapes),
		cmocka_unit_test(test_phrase_example),
		cmocka_unit_test(test_described_not_offered),
		cmocka_unit_test(test_tx_hash_from_wallet),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
