/*
 * tests/unit/test_mod_public23.c: the fourth pass on promotion by what it
 * asks or offers (conf/moderation/promo.rules, issue 22's public split):
 * a celebrity's "leaked" intimate video, subscribers begged for, adult
 * offers (intimate pictures, girls "waiting for you", enlargement
 * products), a stranger's request for an address and birth date or an
 * email, and a stock or token tip ("strong buy", "explosive pick").
 * And in honest.rules, an answer that points to documentation ("check
 * out the FAQ", 公式ドキュメントを参照してください), which the shipped
 * linear model alone held for a new account (tested with the models
 * loaded; the other tests load none).
 * Each held variant is held by the rules alone (no model is loaded) and
 * by the rule named; the honest look-alikes are published.  Every text
 * is written for these tests, in English and Japanese; none is taken
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

/* A celebrity's intimate video said to be leaked, at a link. */
static void
test_leaked_video(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "omg someone leaked a sex tape "
	    "of that singer, watch it at celeb-clips.example.co",
	    "promo.leaked_video");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "The actress's porno clip got "
	    "leeched this morning, link in my profile", "promo.leaked_video");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Did you see it? Her naked "
	    "photos were leaked last night", "promo.leaked_video");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "人気女優の流出動画はこちらから"
	    "見られます", "promo.leaked_video");
	/* A leaked database, a KYC photo, a keynote: no lure. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Our customer database was "
	    "leaked in 2020, so rotate your API keys.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "本人確認の写真が流出した"
	    "可能性があるので、パスワードを変更してください。");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "The keynote video was leaked "
	    "a day early, the announcement is real.");
}

/* Subscribers begged for, with no number to reach. */
static void
test_sub_beg(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Hi everyone, new here, would "
	    "love to get some subs before my first upload!", "promo.sub_beg");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "need more subscribers pls, "
	    "it's a new channel", "promo.sub_beg");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "can I have views and subs for "
	    "no reason? :)", "promo.sub_beg");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "チャンネル登録者を増やしたいので、"
	    "よかったら見に来てください", "promo.sub_beg");
	/* A question about subscribers, and a status page's subscribers. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "How do I get more "
	    "subscribers for the project's newsletter?");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Subscribers to the status page "
	    "get an email when withdrawals pause.");
}

/* Intimate pictures, girls "waiting for you", enlargement products. */
static void
test_adult_offer(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Wanna see my hot pics? they "
	    "are too spicy for this site", "promo.adult_offer");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Lonely girls are waiting for "
	    "you tonight, don't keep them waiting", "promo.adult_offer");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Doctors hate this male "
	    "enhancement trick, read the story", "promo.adult_offer");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "わたしのエッチな写真、見たい？",
	    "promo.adult_offer");
	/* Pictures of a conference; a wallet waiting for you. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "My pics of the conference are "
	    "in the recap thread.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "The withdrawal is waiting for "
	    "you to confirm it in the app.");
}

/* A stranger asks for an address and birth date, or for an email. */
static void
test_personal_ask(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Congrats, you were picked! I "
	    "need your full address and date of birth to ship the prize.",
	    "promo.personal_ask");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Congrats! We need your "
	    "address and DOB to send the gift", "promo.personal_ask");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Thanks for the kind words. "
	    "Please give your email and I will send the details.",
	    "promo.personal_ask");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "詳しい情報を送りますので、"
	    "メールアドレスを教えてください", "promo.personal_ask");
	/* Advice and KYC explained, a question about one's own details. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Never give your email or phone "
	    "number to someone who DMs you.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "For KYC the exchange needs your "
	    "address and date of birth, as on your ID.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "Should I give my address and "
	    "date of birth to the exchange?");
}

/*
 * A stock or token tip (0.6): held with a second finding (pump words),
 * published alone, as a past rating told in passing is.
 */
static void
test_stock_tip(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "STRONG BUY: ZZXQ is our "
	    "explosive pick for members, get in early", "promo.stock_tip");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "OTC symbol ZZXQ is our pick "
	    "of the week for members, to the moon", "promo.stock_tip");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "今週の推奨銘柄です。100xも"
	    "狙えます", "promo.stock_tip");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Analysts rated it a strong buy "
	    "last year and it fell 80%, so ignore ratings.");
}

/*
 * An answer pointing to documentation, from a new account, with the
 * shipped models: the linear model's full weight held each of these
 * English answers alone ("check out" is comment spam's verb); the
 * pointer takes half of it off.  The Japanese forms are not held by the
 * model (it finds Japanese ordinary): the rule is named there.  A lure
 * with a "guide" and a claim link, and the author's own video, are held
 * as before.
 */
static void
test_docs_pointer(void **state)
{
	struct mod_load_opts o;
	struct mod_rules *norules = R, *withmodel;
	char		 err[512];
	static const char *const docs[] = {
		"Check out the help center article on enabling 2FA.",
		"Check out this guide to hardware wallets, it covers backups.",
		"Check out the support article about withdrawal delays.",
		"Check out the wiki for the supported tokens.",
		"Check out the FAQ for more details.",
		"Check out the changelog for all the new features.",
		"Check out our documentation for the latest features.",
	};
	size_t		 i;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.cache_dir = getenv("SODAN_RULES_CACHE");	/* tests/run */
	withmodel = mod_rules_load_ex("conf/moderation", &o, err, sizeof(err));
	if (withmodel == NULL)
		fprintf(stderr, "%s\n", err);
	assert_non_null(withmodel);
	R = withmodel;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, docs[i]);
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Check out the official guide "
	    "to claim your airdrop: claim-airdrop.example.xyz",
	    "scam.claim_airdrop");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Check out my latest video on "
	    "this!", "promo.own_channel");
	R = norules;
	{
		struct mod_verdict v;

		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "詳しくはヘルプセンターの"
		    "解説記事をご覧ください。", &v);
		assert_true(has_rule(&v, "honest.docs_pointer"));
		mod_verdict_free(&v);
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "手順はガイドを読んで"
		    "ください", &v);
		assert_true(has_rule(&v, "honest.docs_pointer"));
		mod_verdict_free(&v);
	}
	mod_rules_free(withmodel);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaked_video),
		cmocka_unit_test(test_sub_beg),
		cmocka_unit_test(test_adult_offer),
		cmocka_unit_test(test_personal_ask),
		cmocka_unit_test(test_stock_tip),
		cmocka_unit_test(test_docs_pointer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
