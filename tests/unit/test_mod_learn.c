/*
 * tests/unit/test_mod_learn.c: training and evaluating linear models on
 * labelled examples (moderation/learn.c), as the server does with
 * moderators' decisions: a model learns separable examples and
 * generalizes to held-back ones, training is deterministic, a model can
 * start from another, the confusion counts and their precision and
 * recall (undefined when their denominator is 0), the weights text
 * round-trips through mod_linear_parse, and the language guess.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>

#include "moderation/moderation.h"

#define NEX	80

static struct mod_features	 feats[NEX];
static struct mod_example	 ex[NEX];

static const char *const spam_en[] = {
	"Buy zorblax gummies today, a marvelous deal for your family",
	"Order quintara tea now, limited discount boxes for everyone",
	"Fantastic blorvex capsules on sale, order a box today",
	"Amazing zorblax drops for sale, discount when you order today",
};
static const char *const ham_en[] = {
	"My withdrawal has been pending for two days, is that normal?",
	"I lost my authenticator after changing phones, what can I do?",
	"The deposit on the TRON network has not arrived in my account",
	"How long does identity verification usually take here?",
};
static const char *const spam_ja[] = {
	"ゾルブラックスのグミが今だけ半額、まとめ買いでさらにお得",
	"クインタラ茶を毎日飲めば元気百倍、セットを特別価格で",
};
static const char *const ham_ja[] = {
	"出金申請から三日たちましたが、まだ反映されていません。",
	"入金した金額が残高に表示されないのですが、確認方法はありますか。",
};

/* Example i: alternating spam and ham, English and Japanese. */
static void
make_examples(void)
{
	char		 buf[512];
	const char	*t;
	int		 i, spam, ja;

	for (i = 0; i < NEX; i++) {
		spam = i % 2 == 0;
		ja = (i / 2) % 2 == 1;
		if (ja)
			t = spam ? spam_ja[(i / 4) % 2] : ham_ja[(i / 4) % 2];
		else
			t = spam ? spam_en[(i / 4) % 4] : ham_en[(i / 4) % 4];
		snprintf(buf, sizeof(buf), "%s %d", t, i);
		memset(&feats[i], 0, sizeof(feats[i]));
		assert_int_equal(mod_text_features(buf, strlen(buf),
		    &feats[i]), 0);
		ex[i].h = feats[i].h;
		ex[i].n = feats[i].n;
		ex[i].spam = spam;
		ex[i].ja = mod_text_is_ja(buf, strlen(buf));
		assert_int_equal(ex[i].ja, ja);
	}
}

static void
free_examples(void)
{
	int	i;

	for (i = 0; i < NEX; i++)
		mod_features_free(&feats[i]);
}

static void
test_train_and_eval(void **state)
{
	struct mod_linear	*m;
	struct mod_eval		 e;
	const size_t		 ntrain = NEX * 4 / 5;

	(void)state;
	make_examples();
	assert_null(mod_linear_train(ex, 0, NULL));
	assert_non_null(m = mod_linear_train(ex, ntrain, NULL));
	assert_int_equal(mod_linear_bits(m), 18);
	/* held back: the last fifth, 8 spam and 8 ham, half of each ja */
	mod_linear_eval(m, ex + ntrain, NEX - ntrain, 2.1972245773, &e);
	assert_int_equal(e.all.tp + e.all.fn, 8);
	assert_int_equal(e.all.fp + e.all.tn, 8);
	assert_int_equal(e.ja.tp + e.ja.fn + e.ja.fp + e.ja.tn, 8);
	assert_int_equal(e.en.tp + e.en.fn + e.en.fp + e.en.tn, 8);
	assert_int_equal(e.all.tp, 8);
	assert_int_equal(e.all.fp, 0);
	assert_true(mod_eval_precision(&e.all) == 1.0);
	assert_true(mod_eval_recall(&e.all) == 1.0);
	assert_true(mod_eval_recall(&e.ja) == 1.0);
	assert_true(mod_eval_recall(&e.en) == 1.0);
	/* no model: nothing predicted, precision undefined, recall 0 */
	mod_linear_eval(NULL, ex + ntrain, NEX - ntrain, 2.1972245773, &e);
	assert_int_equal(e.all.tp, 0);
	assert_int_equal(e.all.fn, 8);
	assert_int_equal(e.all.tn, 8);
	assert_true(mod_eval_precision(&e.all) < 0);
	assert_true(mod_eval_recall(&e.all) == 0.0);
	mod_linear_free(m);
	free_examples();
}

/* Labels swapped: what it learns is the opposite, so recall falls to 0. */
static void
test_eval_counts_mistakes(void **state)
{
	struct mod_example	 flip[NEX];
	struct mod_linear	*m;
	struct mod_eval		 e;
	struct mod_eval_counts	 none = { 0, 0, 0, 5 };
	int			 i;

	(void)state;
	make_examples();
	for (i = 0; i < NEX; i++) {
		flip[i] = ex[i];
		flip[i].spam = !ex[i].spam;
	}
	assert_non_null(m = mod_linear_train(flip, 64, NULL));
	mod_linear_eval(m, ex + 64, 16, 2.1972245773, &e);
	assert_int_equal(e.all.tp, 0);
	assert_int_equal(e.all.fn, 8);
	assert_int_equal(e.all.fp, 8);
	assert_true(mod_eval_precision(&e.all) == 0.0);
	assert_true(mod_eval_recall(&e.all) == 0.0);
	/* no spam at all: recall undefined */
	assert_true(mod_eval_recall(&none) < 0);
	assert_true(mod_eval_precision(&none) < 0);
	mod_linear_free(m);
	free_examples();
}

static void
test_deterministic_roundtrip(void **state)
{
	struct mod_linear	*a, *b, *c;
	struct mod_train_opts	 o;
	char			*ta, *tb, *tc, err[128];
	size_t			 la, lb, lc, i;
	struct mod_features	 f;

	(void)state;
	make_examples();
	memset(&o, 0, sizeof(o));
	o.bits = 16;
	assert_non_null(a = mod_linear_train(ex, NEX, &o));
	assert_non_null(b = mod_linear_train(ex, NEX, &o));
	assert_non_null(ta = mod_linear_dump(a, &la));
	assert_non_null(tb = mod_linear_dump(b, &lb));
	assert_int_equal(la, lb);
	assert_memory_equal(ta, tb, la);
	assert_int_equal(strncmp(ta, "sodan-linear 2 16 ", 18), 0);
	/* parsed back: the same margins (weights are kept as %.6g) */
	assert_non_null(c = mod_linear_parse(ta, la, err, sizeof(err)));
	for (i = 0; i < NEX; i++) {
		f.h = feats[i].h;
		f.n = feats[i].n;
		assert_true(fabs(mod_linear_score(a, &f) -
		    mod_linear_score(c, &f)) < 1e-3);
	}
	assert_non_null(tc = mod_linear_dump(c, &lc));
	assert_int_equal(la, lc);
	assert_memory_equal(ta, tc, la);
	/* bad text: an error, no model */
	assert_null(mod_linear_parse("sodan-linear 3 16 0\n", 20, err,
	    sizeof(err)));
	assert_non_null(strstr(err, "not a sodan-linear 2 file"));
	assert_null(mod_linear_parse("", 0, err, sizeof(err)));
	assert_null(mod_linear_parse("sodan-linear 2 16 0\n99999999 1\n", 31,
	    err, sizeof(err)));
	/* another seed, another order: other weights */
	o.seed = 7;
	mod_linear_free(b);
	assert_non_null(b = mod_linear_train(ex, NEX, &o));
	free(tb);
	assert_non_null(tb = mod_linear_dump(b, &lb));
	assert_true(la != lb || memcmp(ta, tb, la) != 0);
	free(ta);
	free(tb);
	free(tc);
	mod_linear_free(a);
	mod_linear_free(b);
	mod_linear_free(c);
	free_examples();
}

/* Starting from a model: its bits win and its weights are the start. */
static void
test_warm_start(void **state)
{
	struct mod_linear	*a, *b;
	struct mod_train_opts	 o;
	struct mod_features	 f;

	(void)state;
	make_examples();
	memset(&o, 0, sizeof(o));
	o.bits = 12;
	o.epochs = 1;
	assert_non_null(a = mod_linear_train(ex, NEX, &o));
	o.bits = 20;
	o.init = a;
	assert_non_null(b = mod_linear_train(ex, NEX, &o));
	assert_int_equal(mod_linear_bits(b), 12);
	/* two passes in all score the first spam example higher than one */
	f.h = feats[0].h;
	f.n = feats[0].n;
	assert_true(mod_linear_score(b, &f) > mod_linear_score(a, &f));
	mod_linear_free(a);
	mod_linear_free(b);
	free_examples();
}

static void
test_text_is_ja(void **state)
{
	const char	*mixed = "Binanceの出金が遅れています";
	const char	*few = "Please check the 出金 page of your account settings";

	(void)state;
	assert_int_equal(mod_text_is_ja("", 0), 0);
	assert_int_equal(mod_text_is_ja("12345 !!", 8), 0);
	assert_int_equal(mod_text_is_ja("hello world", 11), 0);
	assert_int_equal(mod_text_is_ja("こんにちは", strlen("こんにちは")), 1);
	assert_int_equal(mod_text_is_ja(mixed, strlen(mixed)), 1);
	assert_int_equal(mod_text_is_ja(few, strlen(few)), 0);
	assert_int_equal(mod_text_is_ja("ｶﾀｶﾅ", strlen("ｶﾀｶﾅ")), 1);
	/* a truncated sequence at the end counts as nothing */
	assert_int_equal(mod_text_is_ja("\xe3\x81", 2), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_train_and_eval),
		cmocka_unit_test(test_eval_counts_mistakes),
		cmocka_unit_test(test_deterministic_roundtrip),
		cmocka_unit_test(test_warm_start),
		cmocka_unit_test(test_text_is_ja),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
