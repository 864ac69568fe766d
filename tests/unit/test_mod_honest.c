/* tests/unit/test_mod_honest.c: honest support-forum sentences pass with the shipped rules AND model */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "moderation/moderation.h"

/*
 * The other test_mod_* files load the rules without the classifier, so
 * that they test the rules alone.  These load conf/moderation exactly as
 * the server does (rules and bayes.model), because false holds of honest
 * sentences came from the classifier: "Also check the spam folder." in a
 * trust-2 user's edit was held on its word "spam" and a few ordinary words
 * the classifier had only seen in spam.
 */

struct author_kind {
	int	 trust;
	int	 age;
	int	 posts;
	int	 staff;
};

static const struct author_kind NEWBIE = { 0, 0, 0, 0 };
static const struct author_kind REGULAR = { 1, 60, 12, 0 };
static const struct author_kind TRUSTED_DAY1 = { 2, 0, 0, 0 };
static const struct author_kind TRUSTED = { 3, 900, 300, 0 };
static const struct author_kind STAFF = { 4, 900, 500, 1 };

static struct mod_rules *R;

static int	 setup(void **);
static int	 teardown(void **);
static void	 check(enum mod_kind, const struct author_kind *,
		    const char *, struct mod_verdict *);
static void	 expect_allow(enum mod_kind, const struct author_kind *,
		    const char *);
static void	 dump(const char *, const struct mod_verdict *);

static int
setup(void **state)
{
	char		 err[512];

	(void)state;
	if ((R = mod_rules_load("conf/moderation", err, sizeof(err))) ==
	    NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	mod_rules_free(R);
	return 0;
}

/* Check body as kind; answers answer someone else's question. */
static void
check(enum mod_kind kind, const struct author_kind *ak, const char *body,
    struct mod_verdict *v)
{
	struct mod_post	 p;
	struct mod_author a;

	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	p.kind = kind;
	p.body = body;
	p.body_len = strlen(body);
	p.reply_to_question = kind == MOD_KIND_ANSWER;
	p.seconds_after_question = -1;
	a.trust = ak->trust;
	a.account_age_days = ak->age;
	a.posts = ak->posts;
	a.staff = ak->staff;
	assert_int_equal(mod_check(R, &p, &a, v), 0);
}

static void
dump(const char *what, const struct mod_verdict *v)
{
	size_t		 i;

	fprintf(stderr, "%s: %s %.3f %s bayes %.4f\n", what,
	    mod_decision_name(v->decision), v->score,
	    mod_category_name(v->category), v->bayes);
	for (i = 0; i < v->nreasons; i++)
		fprintf(stderr, "   %s %.3f %s\n", v->reasons[i].rule,
		    v->reasons[i].weight, v->reasons[i].text_en);
}

static void
expect_allow(enum mod_kind kind, const struct author_kind *ak,
    const char *body)
{
	struct mod_verdict v;

	check(kind, ak, body, &v);
	if (v.decision != MOD_ALLOW)
		dump(body, &v);
	assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

/* tests/http/t140_qa_thread.py: a trust-2 user's edit of an answer. */
static void
test_trusted_edit(void **state)
{
	const char *edit = "Large withdrawals get a manual review.\n\n"
	    "The review usually ends within two business days.\n\n"
	    "Also check the spam folder.";

	(void)state;
	expect_allow(MOD_KIND_ANSWER, &TRUSTED_DAY1, edit);
	expect_allow(MOD_KIND_ANSWER, &TRUSTED, edit);
	expect_allow(MOD_KIND_ANSWER, &REGULAR, edit);
}

static void
test_spam_folder(void **state)
{
	static const char *const en[] = {
		"Also check the spam folder.",
		"Check your spam folder, the confirmation mail often lands "
		    "there.",
		"Please check your junk mail folder too.",
		"I reported it as spam.",
		"I reported the account as a scam and blocked it.",
		"Did you look in your spam folder? The verification e-mail "
		    "can take ten minutes.",
	};
	static const char *const ja[] = {
		"迷惑メールフォルダを確認してください。",
		"認証メールが届かない場合は、迷惑メールフォルダも確認して"
		    "ください。",
		"スパムとして通報しました。",
		"そのアカウントは詐欺として報告しておきました。",
	};
	const struct author_kind *who[] = { &NEWBIE, &REGULAR, &TRUSTED };
	size_t		 i, k;

	(void)state;
	for (k = 0; k < sizeof(who) / sizeof(who[0]); k++) {
		for (i = 0; i < sizeof(en) / sizeof(en[0]); i++)
			expect_allow(MOD_KIND_ANSWER, who[k], en[i]);
		for (i = 0; i < sizeof(ja) / sizeof(ja[0]); i++)
			expect_allow(MOD_KIND_ANSWER, who[k], ja[i]);
	}
	expect_allow(MOD_KIND_QUESTION, &NEWBIE,
	    "The verification mail is not in my inbox or my spam folder. "
	    "What should I do?");
	expect_allow(MOD_KIND_QUESTION, &NEWBIE,
	    "認証メールが受信箱にも迷惑メールフォルダにも届きません。");
}

static void
test_staff_never_call(void **state)
{
	(void)state;
	expect_allow(MOD_KIND_ANSWER, &STAFF,
	    "We never call you and we never ask for your password or "
	    "recovery phrase. Please report such calls here.");
	expect_allow(MOD_KIND_ANSWER, &STAFF,
	    "当社から電話をかけることはありません。パスワードや復元フレーズ"
	    "をお聞きすることもありません。");
	expect_allow(MOD_KIND_ANSWER, &REGULAR,
	    "Support never calls you. Hang up and report the number here.");
}

/* The honest sentences take a little off, never a real scam's findings. */
static void
test_scam_still_held(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_ANSWER, &NEWBIE, "My funds were stolen too. A recovery "
	    "expert got them back, contact him on WhatsApp +1 888 343 0116 "
	    "and check your spam folder for his mail.", &v);
	if (v.decision == MOD_ALLOW)
		dump("scam", &v);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

/*
 * scam.ja_call_number with the model: the honest counter-cases stay
 * published, a new account's "call this number" answer is still held.
 */
static void
test_ja_call_number(void **state)
{
	struct mod_verdict v;

	(void)state;
	expect_allow(MOD_KIND_QUESTION, &NEWBIE,
	    "先ほど 0120-963-582 から電話があり「取引所のサポートです」と"
	    "言われました。この番号は本物でしょうか？");
	expect_allow(MOD_KIND_QUESTION, &NEWBIE,
	    "確定申告について質問です。2024年に 0.35 BTC を 1,250,000円で"
	    "購入し、2025年3月15日に 4,800,000円で売却しました。手数料は"
	    " 1,980円です。所得は 3,548,020円で合っていますか？");
	expect_allow(MOD_KIND_QUESTION, &NEWBIE,
	    "カードが不正利用されたので、カード会社の0120に連絡しました。"
	    "取引所の口座も止めるべきでしょうか？");
	check(MOD_KIND_ANSWER, &NEWBIE,
	    "その件でしたらサポートセンター 0120-963-582 までお電話"
	    "ください。すぐに対応してもらえます。", &v);
	if (v.decision == MOD_ALLOW)
		dump("ja_call_number", &v);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

/*
 * Asking about a giveaway is not running one: scam.giveaway weighs a
 * quarter in questions (ethereum.org's FAQ question was held with the
 * model's +0.5).  A giveaway scam posted as an answer is still held.
 */
static void
test_giveaway_question(void **state)
{
	struct mod_verdict v;

	(void)state;
	expect_allow(MOD_KIND_QUESTION, &NEWBIE,
	    "How can I claim my Ethereum giveaway?");
	check(MOD_KIND_ANSWER, &NEWBIE, "Huge ETH giveaway is live! Connect "
	    "your wallet on the site and claim your share before it ends.",
	    &v);
	if (v.decision == MOD_ALLOW)
		dump("giveaway", &v);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trusted_edit),
		cmocka_unit_test(test_spam_folder),
		cmocka_unit_test(test_staff_never_call),
		cmocka_unit_test(test_scam_still_held),
		cmocka_unit_test(test_ja_call_number),
		cmocka_unit_test(test_giveaway_question),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
