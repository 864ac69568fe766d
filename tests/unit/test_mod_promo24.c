/*
 * tests/unit/test_mod_promo24.c: the own-posts pass on investment
 * promotion (conf/moderation/promo.rules, fifth pass; docs/moderation.md
 * "Own-posts pass: promotion and tricky honest posts"): a return promised
 * per day or month, a mentor's results as the pitch, a pump or a multiple
 * at listing, wallet addresses asked for a gift, the contact left in the
 * profile, messengers named in katakana; and the honest posts that quote
 * the same pitch: "「…」をうたう業者", "…に誘われました", "…に送ってしまいました",
 * "replies saying '…'", and questions that ask whether a scheme is legal
 * or a number the right one.
 * Each held variant is held by the rules alone (no model is loaded); the
 * honest look-alikes are published.  Every text is written for these
 * tests, in Japanese and English; none is taken from a data set.
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

/* A return per day or month promised, with somewhere to go. */
static void
test_rate_promise(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "預けておくだけで毎月8%増えます。"
	    "やり方はテレグラム yield_masa まで", "promo.ja_rate_promise");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "うちのボットは放置で週に4〜6%"
	    "です。興味があれば note-bot.example/join から",
	    "promo.ja_rate_promise");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "会員様には1日あたり1.5%の配当を"
	    "お支払いしています。お申し込みは kaiin-haitou.example/form",
	    "promo.ja_rate_promise");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Try the vault at "
	    "steadyvault.example, fixed 9% monthly and you can withdraw "
	    "whenever.", "promo.rate_promise");
	/* Rates that promise nothing. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "今月10%下がって含み損です。"
	    "損切りすべきでしょうか？");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "ステーキングの年率は3%前後で、"
	    "毎日の報酬は申し込み画面で確認できます。");
}

/* A mentor's or teacher's results as the pitch. */
static void
test_mentor(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "私もずっと負けていましたが、"
	    "メンターに教わってから毎月プラスで安定しています。"
	    "メンターのテレグラムは kenta_fx_pro です。", "promo.ja_mentor");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "コーチのおかげで資産が倍に"
	    "なりました。興味がある方はコーチを紹介します。"
	    "メール: coach.intro@mail.example", "promo.ja_mentor");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Honestly my coach showed me "
	    "the way, I'm up every week now. Reach her on WhatsApp "
	    "+1 415 555 0133", "promo.mentor_story");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "There's a trader on Telegram, "
	    "@rita_signals_pro, who trains beginners for free. Best "
	    "decision I made.", "promo.mentor_story");
}

/* A pump announced, a multiple promised at listing. */
static void
test_pump(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "金曜の夜にパンプします。"
	    "銘柄はディスコードで発表 → discord.example/invite/kinyou",
	    "promo.ja_pump");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "このトークンは上場したら少なくとも"
	    "30倍。購入は moon-token.example から", "promo.ja_pump");
	/* Quoted to ask or to warn. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "「上場で50倍確定」という"
	    "メッセージが届きました。本当でしょうか？");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "「明日パンプする」と言われても"
	    "買わないでください。運営が売り抜けるだけです。");
}

/* Wallet addresses asked for a gift; the contact in the profile. */
static void
test_address_profile(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "記念プレゼント！この投稿に"
	    "ウォレットアドレスを書いてくれた方全員に500トークン配布します。"
	    "公式Xもフォローしてね", "promo.ja_address_gift");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "月に30万円の副収入があります。"
	    "やり方はプロフ見てね", "promo.ja_profile_pointer");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "毎月50万円の不労所得を"
	    "作る方法、プロフのリンクから", "promo.ja_profile_pointer");
	/* The site's own profile page is not the author's contact. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "二段階認証はプロフィール画面から"
	    "設定できます。");
}

/* WeChat and KakaoTalk named in katakana, and their IDs. */
static void
test_katakana_messengers(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "詳しくはウィーチャット "
	    "kasegu_wx88 へ", &v);
	assert_true(has_contact(&v, MOD_CONTACT_HANDLE, "kasegu_wx88"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "カカオトーク：ok_money77 "
	    "に連絡を", &v);
	assert_true(has_contact(&v, MOD_CONTACT_HANDLE, "ok_money77"));
	mod_verdict_free(&v);
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "平均で月25%の利益が出ています。"
	    "ウィーチャット rieki_club まで");
}

/* The same pitch quoted by victims and in warnings (Japanese). */
static void
test_ja_pitch_quoted(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "「月利20%保証」をうたう業者は、"
	    "まず詐欺だと思ってください。");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "会社の同僚に「元本保証で日利2%の"
	    "投資グループ」に誘われました。入ってもいいものでしょうか。");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "妹が「FXの先生」に30万円"
	    "振り込んでしまいました。警察に相談しています。");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "一覧に「月利25%」という"
	    "トレーダーがいますが、こういう数字は続くものですか？");
	/*
	 * Words between the quote's "という" and the noun that says it was
	 * someone else's pitch (found in the browser: a new member's answer
	 * warning of a DM was held).
	 */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "「毎週5%増える」という勉強会の"
	    "勧誘DMが来ました。ねずみ講ではないかと心配です。"
	    "同じ誘いを受けた方はいますか？");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "「元本保証で月利10%」といった"
	    "投資サークルの誘いが知人から届きました。断ったほうがいいですよね？");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "私にも「毎日3%の配当」のような"
	    "副業グループのメッセージが来ました。皆さんも気をつけてください。");
	/* The pitch itself, not quoted as someone else's, is still held. */
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "私の勉強会に入れば毎週5%増えます。"
	    "参加希望の方はプロフィールのリンクからどうぞ。",
	    "promo.ja_rate_promise");
}

/* The same pitch quoted in English warnings. */
static void
test_en_pitch_quoted(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &TRUSTED, "Heads up: new accounts keep "
	    "replying saying 'my coach showed me how to make 4% a day, "
	    "DM me'. Same script every time, report them.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "They end every answer with a "
	    "line like \"P.S. guaranteed 3% daily, message me\" and that is "
	    "how you spot them.");
}

/*
 * Questions that ask whether a scheme is legal or a pyramid, whether the
 * reader sees red flags, whether a number is the right one: a victim's
 * question, whose quoted promise weighs little.
 */
static void
test_legit_questions(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "My uncle joined a club that "
	    "pays guaranteed daily returns of 2% and 10% for each member you "
	    "bring. He keeps pushing me to sign up. Is this a pyramid "
	    "scheme?");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "My cousin says his team at "
	    "teamrise.example gives guaranteed weekly profits and a bonus "
	    "per recruit. He wants me in. Is that even legal?");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "A woman I met online wants "
	    "me to follow her trades, she says her plan gives guaranteed "
	    "profits every week, starting at $500 on copyvault.example. "
	    "Red flags?");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "Is 0570-123-456 the right "
	    "number for the exchange's support? Someone in a group chat "
	    "said they pay guaranteed returns if I call it.");
}

/*
 * Second round, from the second batch of own posts: returns stated per
 * month or as a payback time, money left to someone who pays a monthly
 * income, an absurd annual rate, an offer to introduce or invite, a fee
 * paid in crypto to join, a name to search on a messenger.
 */
static void
test_second_round(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Skip the charts. My advisor's "
	    "fund pays around 5% a month, I can introduce you to my advisor "
	    "if you want, just say so.", "promo.rate_promise");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Node rental plans: ROI in "
	    "under 90 days, rewards sent to your wallet. Rent one at "
	    "noderent.example", "promo.rate_promise");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "I started with $500 in June "
	    "copying one guy's trades and I'm at $7,400 now. Telegram "
	    "@copy_the_guy", "promo.rate_promise");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "ステーキングより、知り合いに"
	    "資金を預けて毎月の配当をもらう方が増えますよ。興味あればご紹介"
	    "します。メール：haitou.club@mail.example", "promo.ja_rate_promise");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "新しいファームが年利1200%で"
	    "稼働中。USDTを入れておくだけで毎日報酬。farm-apy.example",
	    "promo.ja_rate_promise");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "うちの投資チームは毎週利益を"
	    "出しています。興味がある人はグループに招待しますので返信ください。"
	    "テレグラム gain_team_jp", "promo.intro_offer");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "仮想通貨の投資クラブ、会員募集中"
	    "です。入会金2万円をUSDTで送っていただいた方から順にご案内します。"
	    "LINE ID: toushi_club_jp",
	    "promo.pay_to_join");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "毎月プラスの投資仲間がいる"
	    "コミュニティに入ってから変わりました。インスタで「みらい投資会」と"
	    "検索してみてください、月利10%の実績です。", "promo.search_on_app");
	/* Asked about, warned against, the exchange's own referral. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "「入会金をUSDTで送れば招待"
	    "します」と言われました。これは普通ですか？");
	ALLOWED(MOD_KIND_QUESTION, 0, &REGULAR, "公式の紹介プログラムで友人を"
	    "招待しました。報酬はいつ反映されますか？");
}

/*
 * Third round, from the third batch: a money claim and a call to get in
 * touch or sign up in one post (promo.money_reach), whatever the scheme;
 * with a second finding it holds.
 */
static void
test_money_reach(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "仲間と始めた仮想通貨の副業、"
	    "みんな月15万円くらい稼いでいます。興味のある方はこのスレに書き込んで"
	    "ください、こちらから連絡します。", "promo.money_reach");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Same here, I was down 40%. A "
	    "friend got me into a yield app and now I'm back in profit. DM "
	    "me for the app, link is in my bio.", "promo.money_reach");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "手数料が安い海外取引所です。"
	    "登録リンクから口座を作ると入金額の20%がボーナス。"
	    "global-ex.example/r/abc", "promo.money_reach");
	/* An honest pointer to the official programme, from a member. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, "紹介報酬は取引手数料の20%です。"
	    "招待コードはマイページに表示されます。");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_promise),
		cmocka_unit_test(test_mentor),
		cmocka_unit_test(test_pump),
		cmocka_unit_test(test_address_profile),
		cmocka_unit_test(test_katakana_messengers),
		cmocka_unit_test(test_ja_pitch_quoted),
		cmocka_unit_test(test_en_pitch_quoted),
		cmocka_unit_test(test_legit_questions),
		cmocka_unit_test(test_second_round),
		cmocka_unit_test(test_money_reach),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
