/* tests/unit/test_fold.c: text/fold.c (search folding, documents, queries) */
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/arena.h"
#include "text/fold.h"
#include "text/morph.h"

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
static void	test_doc_base_forms(void **);
static void	test_query_morph(void **);
static void	test_query_synonyms(void **);
static void	test_query_english(void **);
static void	test_synonym_errors(void **);

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
	/* punctuation separates runs; hiragana folded before grams; the
	 * verb's dictionary form is appended (test_doc_base_forms) */
	assert_string_equal(fold_doc(a, S("送金、おくる")),
	    "送金 オク クル オクル");
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

static void
test_doc_base_forms(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_true(morph_ready());
	/* conjugated verbs and adjectives get their dictionary form after
	 * the grams; light verbs (する, できる) and nouns get none */
	assert_string_equal(fold_doc(a, S("通らない")),
	    "通ラ ラナ ナイ 通ル");
	assert_string_equal(fold_doc(a, S("出金できない")),
	    "出金 金デ デキ キナ ナイ");
	assert_string_equal(fold_doc(a, S("アドレスを間違えました")),
	    "アド ドレ レス スヲ ヲ間 間違 違エ エマ マシ シタ 間違エル");
	arena_free(a);
}

static void
test_query_morph(void **state)
{
	struct arena		*a = arena_new();
	struct fold_query	 q;

	(void)state;
	/* 出金できない: the noun is required, the light verb is dropped */
	assert_int_equal(fold_query(a, S("ログインできない"), 0, &q), 0);
	assert_string_equal(q.match, "(('ログ' <-> 'グイ' <-> 'イン'))");
	/* a content verb is optional: in rank only */
	assert_int_equal(fold_query(a, S("書類が通らない"), 0, &q), 0);
	assert_string_equal(q.match, "(('書類'))");
	assert_string_equal(q.rank, "(('書類')) | ('通ル')");
	assert_int_equal(q.nreq, 1);
	assert_int_equal(q.nterms, 2);
	/* with nothing else, the verb is required */
	assert_int_equal(fold_query(a, S("通らない"), 0, &q), 0);
	assert_string_equal(q.match, "('通ル')");
	/* a compound: the phrase, or both nouns */
	assert_int_equal(fold_query(a, S("口座凍結解除"), 0, &q), 0);
	assert_non_null(strstr(q.match, "('口座' <-> '座凍' <-> '凍結' <-> "
	    "'結解' <-> '解除') | ("));
	assert_non_null(strstr(q.match, " & ('解除')"));
	/* particles only: nothing to search */
	assert_int_equal(fold_query(a, S("ですか"), 0, &q), -1);
	assert_int_equal(fold_query(a, S(" 。、"), 0, &q), -1);
	arena_free(a);
}

static void
test_query_synonyms(void **state)
{
	struct arena		*a = arena_new();
	struct fold_query	 q, q2;
	size_t			 i;
	int			 marked = 0;

	(void)state;
	assert_int_equal(fold_synonym_groups(), 2);
	/* 2FA and 二段階認証 are one term, either way round */
	assert_int_equal(fold_query(a, S("2FAが使えない"), 0, &q), 0);
	assert_int_equal(fold_query(a, S("二段階認証が使えない"), 0, &q2), 0);
	assert_string_equal(q.match, q2.match);
	assert_string_equal(q.match, "(('2fa':*) | ('二段' <-> '段階' <-> "
	    "'階認' <-> '認証') | ('two' <-> 'factor':*))");
	for (i = 0; i < q.nmarks; i++)
		marked += strcmp(q.marks[i], "二段階認証") == 0;
	assert_int_equal(marked, 1);
	/* a Latin word only at word boundaries: "2fax" is not "2fa" */
	assert_int_equal(fold_query(a, S("2fax"), 0, &q), 0);
	assert_string_equal(q.match, "('2fax':*)");
	/* but a plural ending is the word: withdrawals is withdrawal */
	assert_int_equal(fold_query(a, S("withdrawals"), 0, &q), 0);
	assert_string_equal(q.match, "(('出金') | ('引キ' <-> 'キ出' <-> "
	    "'出シ') | ('withdrawal':*))");
	/* inside a compound: the group is one of the parts */
	assert_int_equal(fold_query(a, S("出金手数料"), 0, &q), 0);
	assert_non_null(strstr(q.match, "(('出金') | ('引キ' <-> 'キ出' <-> "
	    "'出シ') | ('withdrawal':*)) & ('手数' <-> '数料')"));
	/* any: the terms ORed (similar questions) */
	assert_int_equal(fold_query(a, S("withdrawal fee"), 1, &q), 0);
	assert_non_null(strstr(q.match, ") | ('fee':*)"));
	arena_free(a);
}

static void
test_query_english(void **state)
{
	struct arena		*a = arena_new();
	struct fold_query	 q;

	(void)state;
	/* stop words dropped, suffixes trimmed for prefix matching */
	assert_int_equal(fold_query(a, S("How do I unlock my accounts?"), 0,
	    &q), 0);
	assert_string_equal(q.match, "('unlock':*) & ('account':*)");
	assert_int_equal(q.nmarks, 3);		/* unlock, accounts, account */
	/* only stop words: they are searched */
	assert_int_equal(fold_query(a, S("how to"), 0, &q), 0);
	assert_string_equal(q.match, "('how':*) & ('to':*)");
	/* tsquery syntax never passes */
	assert_int_equal(fold_query(a, S("a'b | !c & (d) <-> e:*"), 0, &q), 0);
	assert_string_equal(q.match, "('b':*) & ('c':*) & ('d':*) & ('e':*)");
	arena_free(a);
}

static void
test_suggest(void **state)
{
	struct arena	*a = arena_new();
	const char	*s;

	(void)state;
	assert_string_equal(fold_suggest(a, S("withdrawl")), "withdrawal");
	assert_string_equal(fold_suggest(a, S("Withdrawl fee?")),
	    "withdrawal fee?");
	assert_string_equal(fold_suggest(a, S("widthdrawal")), "withdrawal");
	assert_string_equal(fold_suggest(a, S("withdrawl手数料")),
	    "withdrawal手数料");
	assert_string_equal(fold_suggest(a, S("two factr")), "two factor");
	/* known words, their starts and endings, far words: nothing */
	assert_null(fold_suggest(a, S("withdrawal")));
	assert_null(fold_suggest(a, S("withdrawals")));
	assert_null(fold_suggest(a, S("withdr")));
	assert_null(fold_suggest(a, S("zzzzqqq fee")));
	assert_null(fold_suggest(a, S("通勤")));
	/* glued to digits (a token name) or too short: kept */
	assert_null(fold_suggest(a, S("withdrawl20")));
	assert_null(fold_suggest(a, S("fctr")));
	/* corrections: the IME's homophone, kana never converted */
	assert_string_equal(fold_suggest(a, S("出勤できない")), "出金できない");
	assert_string_equal(fold_suggest(a, S("出勤 withdrawl")),
	    "出金 withdrawal");
	assert_string_equal(fold_suggest(a, S("にだんかいにんしょう 出勤")),
	    "二段階認証 出金");
	assert_null(fold_suggest(a, S("出金できない")));
	s = fold_suggest(a, S("\"><withdrawl"));
	assert_string_equal(s, "\"><withdrawal");
	arena_free(a);
}

static void
test_synonym_errors(void **state)
{
	char	 path[] = "/tmp/sodan-syn-XXXXXX", err[512];
	int	 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_true(write(fd, "# c\nA, B\nlonely\n", 17) == 17);
	close(fd);
	assert_int_equal(fold_setup(NULL, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: a group needs at least two words"));
	assert_true((fd = open(path, O_WRONLY | O_TRUNC)) >= 0);
	assert_true(write(fd, "A, B\nx => x\n", 12) == 12);
	close(fd);
	assert_int_equal(fold_setup(NULL, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: a correction is"));
	assert_true((fd = open(path, O_WRONLY | O_TRUNC)) >= 0);
	assert_true(write(fd, "x =>\n", 5) == 5);
	close(fd);
	assert_int_equal(fold_setup(NULL, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":1: a correction is"));
	assert_int_equal(fold_setup(NULL, "/nonexistent/syn.txt", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot open"));
	unlink(path);
}

/* Two groups for the tests above. */
static int
setup(void **state)
{
	char	 path[] = "/tmp/sodan-syn-XXXXXX", err[512];
	FILE	*f;
	int	 fd;

	(void)state;
	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
		return -1;
	fputs("# test\n2FA, 二段階認証, two-factor, two factor\n\n"
	    "出金, 引き出し, withdrawal\n出勤 => 出金\n"
	    "にだんかいにんしょう => 二段階認証\n", f);
	fclose(f);
	if (fold_setup(NULL, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	unlink(path);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	fold_cleanup();
	return 0;
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
		cmocka_unit_test(test_doc_base_forms),
		cmocka_unit_test(test_query_morph),
		cmocka_unit_test(test_query_synonyms),
		cmocka_unit_test(test_query_english),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_synonym_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
