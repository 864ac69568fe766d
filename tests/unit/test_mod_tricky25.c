/*
 * tests/unit/test_mod_tricky25.c: honest "tricky" posts the filter held
 * on a blind set (docs/moderation.md "Tricky honest posts, blind-set pass
 * (2026-12-06)"), by behaviour: a pitch quoted in brackets and followed
 * by a verb of saying (「…」とか「…」って言ってる時点で, なんて言ってくる,
 * と謳ってる, って書いてある); a whole class called a scam ("is running
 * the same scam", "are all running a con", は全部同じ詐欺グループです);
 * a title in scare quotes ("every 'recovery expert'", so-called, 自称);
 * a victim's question that tells what a firm offered them (…というメール
 * が届きました、…取り戻せる…と書いてあります).  Each honest post is
 * published; the scams that borrow the same words (a pitch in the
 * author's own voice after the quote, "is it real? yes, contact …", a
 * testimonial with a contact) stay held.  The rules alone are loaded (no
 * model).  Every text is written for these tests, in Japanese and
 * English; none is taken from a data set.
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

/* A loss thread: what makes an offer of recovery weigh more. */
static const char *const LOSS = "詐欺サイトでBTCを盗まれました。"
    "取り戻す方法はありますか？ I lost my funds to a fake exchange.";

/* A pitch in brackets followed by a verb of saying, in Japanese. */
static void
test_ja_quoted_speech(void **state)
{
	(void)state;
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "「日利3%」とか「絶対に損しない」って書いてある時点で詐欺確定です。"
	    "関わらない方がいいです。");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "「元本保証」なんて言ってくる業者はまず怪しいです。"
	    "登録業者か確認しましょう。");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "「月利20%」と謳ってる時点でアウト。金融庁の登録を確認してください。");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "「月利15%確約」とか「元本保証」って言われたらその場で断りましょう。");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "「月利20％」「元本保証」をうたうファンドは全部無登録業者です。");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, NULL, NULL,
	    "「ほったらかしで日利1%」を謳うボットは、どれも出金できなくなって"
	    "終わります。");
	/* The same words, then the pitch in the author's own voice. */
	HELD_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "「月利20%」を謳う当社ファンド、今なら先着10名。LINE ID: fund_jp");
	HELD_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "「元本保証」って言ってる案件は怪しいけど、うちは本当に月利20%出ます。"
	    "LINE追加してね ID: kabu_pro");
	HELD_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "月利30%保証の案件です。元本保証なので安心。"
	    "詳しくはLINEで→ ID: gold_fx77");
}

/* A victim's question that tells what a firm offered. */
static void
test_reported_offer(void **state)
{
	(void)state;
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "回収代行から連絡",
	    "資産回復サービスを名乗る会社からDMが来ました。"
	    "「90%回収できます」と書いてありますが、信じて大丈夫ですか？");
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "これは本物？",
	    "「失った資金を取り戻します、成功報酬のみ」というメールが届きました。"
	    "返金代行って本物でしょうか？");
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "被害回復業者から電話がありました。信用していいですか？",
	    "偽アプリで80万円失いました。昨日「チェーン調査センター」から電話が"
	    "あって、送金先を追跡したので資金を取り戻せる、調査費は3万円と"
	    "言われました。");
	/* A Japanese question needs no question mark. */
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "返金業者って信用できますか",
	    "昨日、被害回復センターという所から電話があり、調査すれば資金を"
	    "取り戻せる、手数料は後払いでいいと言われました。"
	    "信用していいんでしょうか");
	ALLOWED_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "回収の案内メール",
	    "ハッキング被害のあと、資産回復チームを名乗るところから"
	    "メールが届きました。全額回収できると書いてあります。"
	    "これは本物でしょうか。");
	/* A hook written as a question, with a way off the forum. */
	HELD_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "本物の副業をお探しですか。",
	    "月利20%保証の案件があります。元本保証。"
	    "詳しくはLINE ID: fukugyo_77");
	HELD_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "信用できる投資先をお探しですか",
	    "私のグループでは毎月30%の利益が出ています。テレグラム @profit_jp");
	/* "Is it real? Yes", with a way off the forum. */
	HELD_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "資金回収業者って本物ですか？",
	    "はい、本物です！私も取り戻してもらいました。"
	    "LINE: recov_jp まで連絡してください");
	HELD_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "Is recovery legit?",
	    "Yes! A recovery expert got my 3 BTC back. DM me on telegram "
	    "@recov_pro.");
	HELD_POST(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, "返金代行は本物？",
	    "回収業者から連絡が来ました。本当に全額取り戻せました。"
	    "同じ被害の方は kaishu-center.example から相談してください。");
}

/* A whole class of offers called a scam. */
static void
test_class_scam(void **state)
{
	(void)state;
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &TRUSTED, LOSS, NULL,
	    "PSA: every 'recovery expert' who replies here with a WhatsApp "
	    "number is running the same scam, report them.");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "Those 'ethical hackers' in the replies are all running a con. "
	    "Ignore them.");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "回収業者を名乗ってDMしてくる人たちは全部同じ詐欺グループです。");
	/* Others called a scam, the author's own offer kept. */
	HELD_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "Most recovery experts are running a scam, but Jane at "
	    "recoverypro.example is legit, she got my BTC back. email "
	    "jane@recoverypro.example");
	HELD_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "回収業者は全部詐欺と言われますが、この回収チームは本物です。"
	    "私も取り戻してもらいました。テレグラム @kaishu_team");
}

/* A title in scare quotes, or so-called. */
static void
test_scare_quotes(void **state)
{
	(void)state;
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "Ignore any 'fund recovery specialist' who DMs you after you "
	    "post about a loss.");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "These \u201casset recovery experts\u201d showing up under every "
	    "loss thread want an upfront fee, nothing else.");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "So-called \"ethical hackers\" for hire never return anything, "
	    "they take a fee and vanish.");
	ALLOWED_POST(MOD_KIND_ANSWER, 1, &REGULAR, LOSS, NULL,
	    "自称ホワイトハッカーに依頼しても戻ってきません。"
	    "着手金を取られるだけです。");
	/* The quotes with a contact and a success. */
	HELD_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "自称ではなく本物のホワイトハッカーが取り戻します。"
	    "テレグラム @white_recov まで");
	HELD_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "Message these 'recovery experts' on telegram @fundback_team, "
	    "they got my funds back in 48 hours!");
	HELD_POST(MOD_KIND_ANSWER, 1, &NEWBIE, LOSS, NULL,
	    "Contact the 'recovery expert' Mike on WhatsApp +1 555 0100, he "
	    "got my funds back.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ja_quoted_speech),
		cmocka_unit_test(test_reported_offer),
		cmocka_unit_test(test_class_scam),
		cmocka_unit_test(test_scare_quotes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
