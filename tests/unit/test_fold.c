/* tests/unit/test_fold.c: text/fold.c (search folding, documents, queries) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "text/fold.h"

#define S(lit)	(lit), sizeof(lit) - 1

static void	test_fold_width_case(void **);
static void	test_fold_kana(void **);
static void	test_fold_invalid(void **);
static void	test_doc_grams(void **);
static void	test_doc_mixed(void **);
static void	test_doc_empty(void **);
static void	test_query_latin(void **);
static void	test_query_japanese(void **);
static void	test_query_quotes(void **);
static void	test_query_limits(void **);

static void
test_fold_width_case(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	/* full-width Latin and digits, upper case */
	assert_string_equal(fold_text(a, S("ＵＳＤＴ　１００")), "usdt 100");
	assert_string_equal(fold_text(a, S("Withdrawal")), "withdrawal");
	/* half-width katakana becomes full-width */
	assert_string_equal(fold_text(a, S("ｿｳｷﾝ")), "ソウキン");
	arena_free(a);
}

static void
test_fold_kana(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(fold_text(a, S("ゆうちょ")),
	    fold_text(a, S("ユウチョ")));
	assert_string_equal(fold_text(a, S("ゆうちょ")), "ユウチョ");
	/* kanji untouched */
	assert_string_equal(fold_text(a, S("送金")), "送金");
	arena_free(a);
}

static void
test_fold_invalid(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(fold_text(a, S("\xff\xfe")), "");
	assert_string_equal(fold_doc(a, S("abc\xc3")), "");
	assert_null(fold_tsquery(a, S("\xe3\x81")));
	arena_free(a);
}

static void
test_doc_grams(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(fold_doc(a, S("送金先")), "送金 金先");
	assert_string_equal(fold_doc(a, S("二段階認証")),
	    "二段 段階 階認 認証");
	/* a lone Japanese character is itself */
	assert_string_equal(fold_doc(a, S("円")), "円");
	/* punctuation separates runs; hiragana folded before grams */
	assert_string_equal(fold_doc(a, S("送金、おくる")),
	    "送金 オク クル");
	arena_free(a);
}

static void
test_doc_mixed(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(fold_doc(a, S("USDTを送金")),
	    "usdt ヲ送 送金");
	assert_string_equal(fold_doc(a, S("My JPY withdrawal is \"stuck\"!")),
	    "my jpy withdrawal is stuck");
	assert_string_equal(fold_doc(a, S("ＥＲＣ２０ network")),
	    "erc20 network");
	arena_free(a);
}

static void
test_doc_empty(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(fold_doc(a, S("")), "");
	assert_string_equal(fold_doc(a, S("  !!! … 。")), "");
	assert_null(fold_tsquery(a, S("")));
	assert_null(fold_tsquery(a, S(" ,.;!? 、。")));
	arena_free(a);
}

static void
test_query_latin(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(fold_tsquery(a, S("withdrawal")),
	    "'withdrawal':*");
	assert_string_equal(fold_tsquery(a, S("Ｗithdrawal  FEES")),
	    "'withdrawal':* & 'fees':*");
	arena_free(a);
}

static void
test_query_japanese(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(fold_tsquery(a, S("送金")), "('送金')");
	assert_string_equal(fold_tsquery(a, S("二段階認証")),
	    "('二段' <-> '段階' <-> '階認' <-> '認証')");
	assert_string_equal(fold_tsquery(a, S("円")), "'円':*");
	assert_string_equal(fold_tsquery(a, S("送金 usdt")),
	    "('送金') & 'usdt':*");
	/* the query folds as the document does: hiragana meets katakana */
	assert_string_equal(fold_tsquery(a, S("ゆうちょ")),
	    "('ユウ' <-> 'ウチ' <-> 'チョ')");
	arena_free(a);
}

static void
test_query_quotes(void **state)
{
	struct arena	*a = arena_new();
	const char	*q;

	(void)state;
	/* tsquery operators and quotes never reach the lexemes */
	q = fold_tsquery(a, S("a'b | !c & (d) <-> e:*"));
	assert_string_equal(q,
	    "'a':* & 'b':* & 'c':* & 'd':* & 'e':*");
	arena_free(a);
}

static void
test_query_limits(void **state)
{
	struct arena	*a = arena_new();
	const char	*q;
	char		 longw[100];
	size_t		 i, amps = 0;

	(void)state;
	q = fold_tsquery(a, S("a b c d e f g h i j k l m n o p"));
	assert_non_null(q);
	for (i = 0; q[i] != '\0'; i++)
		if (q[i] == '&')
			amps++;
	assert_int_equal(amps, 11);		/* 12 terms at most */
	memset(longw, 'x', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = '\0';
	/* a word over 64 characters is dropped */
	assert_null(fold_tsquery(a, longw, strlen(longw)));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_width_case),
		cmocka_unit_test(test_fold_kana),
		cmocka_unit_test(test_fold_invalid),
		cmocka_unit_test(test_doc_grams),
		cmocka_unit_test(test_doc_mixed),
		cmocka_unit_test(test_doc_empty),
		cmocka_unit_test(test_query_latin),
		cmocka_unit_test(test_query_japanese),
		cmocka_unit_test(test_query_quotes),
		cmocka_unit_test(test_query_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
