/*
 * tests/unit/test_mod_features.c: the classifier's word features of
 * mod_text_tokens() (bayes.c) that the linear model of features version 2
 * was trained on: the prefixes of long words ("x:"), next to the words,
 * pairs and Han/kana bigrams they add to, and the version written on the
 * linear model's file.
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
#include "moderation/mod_int.h"

static int	 has(const char *, const char *, const char *);
static size_t	 count_features(const char *);

/* Whether text's features hold the hash of prefix + s. */
static int
has(const char *text, const char *prefix, const char *s)
{
	struct mod_features f;
	uint64_t	 h;
	size_t		 i;
	int		 found = 0;

	memset(&f, 0, sizeof(f));
	assert_int_equal(mod_text_features(text, strlen(text), &f), 0);
	h = mod_hash(s, strlen(s), mod_hash(prefix, strlen(prefix), 0));
	for (i = 0; i < f.n; i++)
		if (f.h[i] == h)
			found = 1;
	mod_features_free(&f);
	return found;
}

/* How many features text has. */
static size_t
count_features(const char *text)
{
	struct mod_features f;
	size_t		 n;

	memset(&f, 0, sizeof(f));
	assert_int_equal(mod_text_features(text, strlen(text), &f), 0);
	n = f.n;
	mod_features_free(&f);
	return n;
}

/* A long word gives its first six letters; forms of it share them. */
static void
test_prefix_shared(void **state)
{
	(void)state;
	assert_true(has("Please subscribe to my channel", "x:", "subscr"));
	assert_true(has("thanks for 1000 subscribers!", "x:", "subscr"));
	assert_true(has("plz SUBSCRIBED", "x:", "subscr"));	/* folded */
	assert_false(has("plz subscibe", "x:", "subsci"));	/* 8 bytes */
	assert_true(has("the withdrawal is pending", "x:", "withdr"));
	assert_true(has("withdrawing now", "x:", "withdr"));
	/* the words themselves are still there, unchanged */
	assert_true(has("Please subscribe to my channel", "w:", "subscribe"));
	assert_true(has("Please subscribe to my channel", "w:", "channel"));
	assert_false(has("Please subscribe to my channel", "x:", "subscribe"));
	/* a word's prefix is not another word's */
	assert_false(has("the withdrawal is pending", "x:", "pendin"));
}

/* Short words, numbers and Japanese give no prefix. */
static void
test_prefix_none(void **state)
{
	(void)state;
	/* eight bytes: too short; nine: a prefix */
	assert_false(has("verified", "x:", "verifi"));
	assert_true(has("verifying", "x:", "verify"));
	/* digits alone are numbers ("n:7"), not words */
	assert_false(has("code 12345678", "x:", "123456"));
	assert_true(has("code 12345678", "n:", "8"));
	/* letters and digits together are a word: "airdrop2024" */
	assert_true(has("claim airdrop2024 today", "x:", "airdro"));
	/* Japanese: bigrams, no words, so no prefixes */
	assert_false(has("出金できません", "x:", "出金できませ"));
	assert_true(has("出金できません", "b:", "出金"));
	/* 出金できません: six bigrams and nothing else */
	assert_int_equal(count_features("出金できません"), 6);
	/* "subscribers now": two words, their pair, one prefix */
	assert_int_equal(count_features("subscribers now"), 4);
}

/* Six code points, not six bytes, for letters outside ASCII. */
static void
test_prefix_utf8(void **state)
{
	(void)state;
	/* Cyrillic: two bytes a letter, twelve bytes of prefix */
	assert_true(has("подписывайтесь на канал", "x:", "подпис"));
	assert_false(has("подписывайтесь на канал", "x:", "под"));
	/* accented Latin: "é" is one letter of two bytes */
	assert_true(has("vérification du compte", "x:", "vérifi"));
	/* five Cyrillic letters are ten bytes but no longer than six */
	assert_false(has("канал", "x:", "канал"));
	assert_true(has("канал", "w:", "канал"));
	assert_int_equal(count_features("канал"), 1);
}

/* Models carry the features' version; the older one is refused. */
static void
test_model_version(void **state)
{
	struct mod_linear *m;
	char		 hdr[64], err[256];
	char		*txt;
	size_t		 len;
	int		 n;

	(void)state;
	n = snprintf(hdr, sizeof(hdr), "sodan-linear %d 12 0.5\n",
	    MOD_LINEAR_VERSION);
	assert_true(MOD_LINEAR_VERSION == 2);
	assert_non_null(m = mod_linear_parse(hdr, (size_t)n, err,
	    sizeof(err)));
	assert_non_null(txt = mod_linear_dump(m, &len));
	assert_int_equal(strncmp(txt, "sodan-linear 2 12 ", 18), 0);
	free(txt);
	mod_linear_free(m);
	err[0] = '\0';
	assert_null(mod_linear_parse("sodan-linear 1 12 0.5\n", 22, err,
	    sizeof(err)));
	assert_non_null(strstr(err, "older features"));
	assert_non_null(strstr(err, "--train-linear"));
	err[0] = '\0';
	assert_null(mod_linear_parse("sodan-linear 3 12 0.5\n", 22, err,
	    sizeof(err)));
	assert_non_null(strstr(err, "not a sodan-linear 2 file"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_shared),
		cmocka_unit_test(test_prefix_none),
		cmocka_unit_test(test_prefix_utf8),
		cmocka_unit_test(test_model_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
