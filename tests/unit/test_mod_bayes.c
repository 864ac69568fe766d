/* tests/unit/test_mod_bayes.c: classifier, count table, simhash */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>
#include <unistd.h>

#include "moderation/moderation.h"
#include "moderation/mod_int.h"

#include "mod_fixture.h"

#define EXPECT(v, dec) do {						\
	if ((v).decision != (dec))					\
		dump(#v, &(v));						\
	assert_int_equal((v).decision, (dec));				\
} while (0)
#define EXPECT_HELD(v) do {						\
	if ((v).decision == MOD_ALLOW)					\
		dump(#v, &(v));						\
	assert_int_not_equal((v).decision, MOD_ALLOW);			\
} while (0)

static void	 train(struct mod_bayes *, const char *, int);

static void
train(struct mod_bayes *b, const char *text, int spam)
{
	struct mod_features f;
	struct mod_bayes_delta d;

	memset(&f, 0, sizeof(f));
	assert_int_equal(mod_text_features(text, strlen(text), &f), 0);
	assert_int_equal(mod_bayes_train(&f, spam, 1, &d), 0);
	assert_true(d.n > 0 && d.n <= f.n);
	assert_int_equal(mod_bayes_apply(b, &d), 0);
	mod_bayes_delta_free(&d);
	mod_features_free(&f);
}

static double
score(const struct mod_bayes *b, const char *text)
{
	struct mod_features f;
	double		 p;

	memset(&f, 0, sizeof(f));
	assert_int_equal(mod_text_features(text, strlen(text), &f), 0);
	p = mod_bayes_score(b, &f);
	mod_features_free(&f);
	return p;
}

static void
test_train_score(void **state)
{
	struct mod_bayes *b;
	int		 i;
	uint32_t	 nh, ns;

	(void)state;
	assert_non_null(b = mod_bayes_new());
	assert_true(score(b, "anything") == 0.5);
	for (i = 0; i < 20; i++) {
		train(b, "guaranteed profit join my signal group earn daily", 1);
		train(b, "必ず儲かる投資案件 LINEで連絡ください 月利30%", 1);
		train(b, "how do I withdraw to my bank account, the fee?", 0);
		train(b, "出金手数料はいくらですか？口座の確認方法を教えて", 0);
	}
	mod_bayes_totals(b, &nh, &ns);
	assert_int_equal(nh, 40);
	assert_int_equal(ns, 40);
	assert_true(score(b, "earn daily guaranteed profit") > 0.9);
	assert_true(score(b, "必ず儲かる案件") > 0.9);
	assert_true(score(b, "withdraw fee for my bank account") < 0.1);
	assert_true(score(b, "出金の手数料を教えて") < 0.1);
	mod_bayes_free(b);
}

static void
test_unlearn_and_counts(void **state)
{
	struct mod_bayes *b;
	struct mod_features f;
	struct mod_bayes_delta d;
	uint32_t	*ham, *spam, h, s;
	size_t		 i;
	double		 p1, p2;

	(void)state;
	assert_non_null(b = mod_bayes_new());
	train(b, "free bitcoin giveaway now", 1);
	train(b, "question about my deposit", 0);
	memset(&f, 0, sizeof(f));
	assert_int_equal(mod_text_features("free bitcoin", 12, &f), 0);
	assert_int_equal(mod_bayes_train(&f, 1, -1, &d), 0);
	assert_int_equal(d.sign, -1);
	mod_bayes_delta_free(&d);
	/* score_counts with the caller's counts gives the table's score */
	ham = calloc(f.n, sizeof(*ham));
	spam = calloc(f.n, sizeof(*spam));
	for (i = 0; i < f.n; i++)
		mod_bayes_lookup(b, f.h[i], &ham[i], &spam[i]);
	mod_bayes_totals(b, &h, &s);
	p1 = mod_bayes_score_counts(&f, ham, spam, h, s);
	p2 = mod_bayes_score(b, &f);
	assert_true(p1 > 0.5 && p2 > 0.5);
	free(ham);
	free(spam);
	mod_features_free(&f);
	mod_bayes_free(b);
}

static void
test_save_load(void **state)
{
	struct mod_bayes *b, *c;
	char		 path[] = "/tmp/test_mod_bayes.XXXXXX", err[256];
	int		 fd;

	(void)state;
	assert_non_null(b = mod_bayes_new());
	train(b, "send eth get double back", 1);
	train(b, "how long does a deposit take", 0);
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	assert_int_equal(mod_bayes_save(b, path, 0), 0);
	assert_non_null(c = mod_bayes_load(path, err, sizeof(err)));
	assert_true(fabs(score(b, "send eth double") -
	    score(c, "send eth double")) < 1e-9);
	unlink(path);
	assert_null(mod_bayes_load(path, err, sizeof(err)));
	mod_bayes_free(b);
	mod_bayes_free(c);
}

static void
test_simhash(void **state)
{
	const char	*a = "Contact the recovery expert on telegram, he helped "
	    "me recover all my stolen bitcoin within two days";
	const char	*b = "Contact the recovery expert on telegram, he helped "
	    "me recover all my stolen bitcoin within 2 days!";
	const char	*c = "How do I enable two-factor authentication on my "
	    "account? The settings page does not show the option.";

	(void)state;
	assert_true(mod_simhash_distance(mod_simhash(a, strlen(a)),
	    mod_simhash(b, strlen(b))) <= 3);
	assert_true(mod_simhash_distance(mod_simhash(a, strlen(a)),
	    mod_simhash(c, strlen(c))) > 10);
}

/* A fixed sequence for the simhash property test (no rand()). */
static uint64_t
lcg_next(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

/*
 * The simhash against its definition: +1 or -1 per bit for each of the
 * first 128 words and the first 128 Han/kana bigrams, bit set when the
 * sum is positive.  Texts of 1 to 180 random words with hiragana runs
 * between them: even and odd counts (ties give 0), and past both caps.
 */
static void
test_simhash_counts(void **state)
{
	static const char *const kana[] = { "あ", "い", "う", "え", "お",
	    "か", "き", "く", "さ", "し" };
	char		*text, word[16];
	uint64_t	 seed = 22, hs[700], wh = mod_hash("w:", 2, 0),
			 bh = mod_hash("b:", 2, 0), want;
	size_t		 len, nw, nb, i, k, wl, cap = 16384;
	int		 sum[64], b, round, nwords;
	const char	*prev;

	(void)state;
	assert_non_null(text = malloc(cap));
	for (round = 0; round < 300; round++) {
		nwords = 1 + (int)(lcg_next(&seed) % 180);
		len = nw = nb = 0;
		prev = NULL;
		for (i = 0; i < (size_t)nwords; i++) {
			wl = 3 + lcg_next(&seed) % 3;
			for (k = 0; k < wl; k++)
				word[k] = (char)('a' + lcg_next(&seed) % 26);
			memcpy(text + len, word, wl);
			len += wl;
			text[len++] = ' ';
			if (nw < 128)
				hs[nw++] = mod_hash(word, wl, wh);
			/* Every fourth word, a run of five kana. */
			if (i % 4 == 3) {
				for (k = 0; k < 5; k++) {
					const char *c = kana[lcg_next(&seed) %
					    10];

					memcpy(text + len, c, 3);
					if (k > 0 && nb < 128) {
						char bg[6];

						memcpy(bg, prev, 3);
						memcpy(bg + 3, c, 3);
						hs[128 + nb++] = mod_hash(bg, 6,
						    bh);
					}
					prev = text + len;
					len += 3;
				}
				text[len++] = ' ';
			}
		}
		text[len] = '\0';
		assert_true(len < 2000);	/* features read 2,000 bytes */
		memset(sum, 0, sizeof(sum));
		for (i = 0; i < 128 + nb; i++) {
			if (i >= nw && i < 128)
				continue;
			for (b = 0; b < 64; b++)
				sum[b] += (hs[i] >> b) & 1 ? 1 : -1;
		}
		want = 0;
		for (b = 0; b < 64; b++)
			if (sum[b] > 0)
				want |= 1ULL << b;
		assert_int_equal(mod_simhash(text, len), want);
	}
	free(text);
}

static void
test_post_features(void **state)
{
	struct mod_post	 p;
	struct mod_features f;

	(void)state;
	memset(&p, 0, sizeof(p));
	memset(&f, 0, sizeof(f));
	p.kind = MOD_KIND_ANSWER;
	p.body = "call +1 888 343 0116 or see https://blnance.com";
	p.body_len = strlen(p.body);
	p.seconds_after_question = -1;
	assert_int_equal(mod_post_features(R, &p, NULL, &f), 0);
	assert_true(f.n > 5);
	mod_features_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_train_score),
		cmocka_unit_test(test_unlearn_and_counts),
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_simhash),
		cmocka_unit_test(test_simhash_counts),
		cmocka_unit_test(test_post_features),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
