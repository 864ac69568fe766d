/* tests/unit/test_triage.c: the urgency triage rules on the labelled questions */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "moderation/moderation.h"

/*
 * conf/support/triage.rules (exactly as the server loads it) over
 * tests/data/triage_questions.tsv (title, body, lang, class).  The
 * thresholds below are those docs/support.md ("Urgency triage") states:
 * urgent recall at least 95 % (an emergency left in the common list is the
 * costly error), urgent precision at least 90 % (the top of the desk must
 * stay meaningful), normal and low precision and recall at least 80 %,
 * each language on its own as well as together.  The figures are printed
 * so that a run shows them.
 */

#define RULES	"conf/support/triage.rules"
#define SET	"tests/data/triage_questions.tsv"

static struct mod_rules *T;

static int	 setup(void **);
static int	 teardown(void **);
static void	 unescape(char *);
static void	 measure(const char *, int[MOD_TRIAGE__MAX][MOD_TRIAGE__MAX]);
static double	 precision(int[MOD_TRIAGE__MAX][MOD_TRIAGE__MAX], int);
static double	 recall(int[MOD_TRIAGE__MAX][MOD_TRIAGE__MAX], int);
static enum mod_tclass classify(const char *, const char *,
		    struct mod_triage_result *);

static int
setup(void **state)
{
	char	err[512];

	(void)state;
	/* through the compiled rules' cache tests/run shares, if any */
	if ((T = mod_triage_load(RULES, getenv("SODAN_RULES_CACHE"), err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	mod_rules_free(T);
	return 0;
}

static void
unescape(char *s)
{
	char	*o = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* conf[label][found] over the set, for lang ("ja", "en") or NULL: all. */
static void
measure(const char *lang, int conf[MOD_TRIAGE__MAX][MOD_TRIAGE__MAX])
{
	FILE			*f;
	char			*line = NULL, *fld[4], *p;
	size_t			 cap = 0, nf;
	ssize_t			 len;
	int			 lineno = 0, label;
	struct mod_triage_result res;

	memset(conf, 0, sizeof(int) * MOD_TRIAGE__MAX * MOD_TRIAGE__MAX);
	f = fopen(SET, "r");
	assert_non_null(f);
	while ((len = getline(&line, &cap, f)) != -1) {
		if (++lineno == 1)
			continue;	/* header */
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		for (nf = 0, p = line; nf < 4 && p != NULL; nf++) {
			fld[nf] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		assert_int_equal(nf, 4);
		label = mod_triage_class_parse(fld[3]);
		assert_true(label >= 0);
		assert_true(strcmp(fld[2], "ja") == 0 ||
		    strcmp(fld[2], "en") == 0);
		if (lang != NULL && strcmp(fld[2], lang) != 0)
			continue;
		unescape(fld[1]);
		assert_int_equal(mod_triage(T, fld[0], strlen(fld[0]), fld[1],
		    strlen(fld[1]), &res), 0);
		conf[label][res.tclass]++;
		if ((int)res.tclass != label)
			fprintf(stderr, "  line %d: %s -> %s: %s\n", lineno,
			    fld[3], mod_triage_class_name(res.tclass), fld[0]);
		mod_triage_result_free(&res);
	}
	free(line);
	fclose(f);
}

static double
precision(int conf[MOD_TRIAGE__MAX][MOD_TRIAGE__MAX], int c)
{
	int	i, found = 0;

	for (i = 0; i < MOD_TRIAGE__MAX; i++)
		found += conf[i][c];
	return found == 0 ? 0.0 : (double)conf[c][c] / found;
}

static double
recall(int conf[MOD_TRIAGE__MAX][MOD_TRIAGE__MAX], int c)
{
	int	i, gold = 0;

	for (i = 0; i < MOD_TRIAGE__MAX; i++)
		gold += conf[c][i];
	return gold == 0 ? 0.0 : (double)conf[c][c] / gold;
}

static void
t_thresholds(void **state)
{
	static const char *const langs[] = { NULL, "ja", "en" };
	int		 conf[MOD_TRIAGE__MAX][MOD_TRIAGE__MAX], n, c;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		measure(langs[i], conf);
		for (n = 0, c = 0; c < MOD_TRIAGE__MAX * MOD_TRIAGE__MAX; c++)
			n += conf[c / MOD_TRIAGE__MAX][c % MOD_TRIAGE__MAX];
		fprintf(stderr, "%s: %d questions\n", langs[i] != NULL ?
		    langs[i] : "all", n);
		for (c = 0; c < MOD_TRIAGE__MAX; c++)
			fprintf(stderr, "  %-6s precision %5.1f %%  recall "
			    "%5.1f %%\n", mod_triage_class_name(c),
			    100 * precision(conf, c), 100 * recall(conf, c));
		/* at least 80 questions in all, 30 in each language */
		assert_true(n >= (langs[i] == NULL ? 80 : 30));
		assert_true(recall(conf, MOD_TRIAGE_URGENT) >= 0.95);
		assert_true(precision(conf, MOD_TRIAGE_URGENT) >= 0.90);
		assert_true(precision(conf, MOD_TRIAGE_NORMAL) >= 0.80);
		assert_true(recall(conf, MOD_TRIAGE_NORMAL) >= 0.80);
		assert_true(precision(conf, MOD_TRIAGE_LOW) >= 0.80);
		assert_true(recall(conf, MOD_TRIAGE_LOW) >= 0.80);
	}
}

static enum mod_tclass
classify(const char *title, const char *body, struct mod_triage_result *res)
{
	assert_int_equal(mod_triage(T, title, strlen(title), body,
	    strlen(body), res), 0);
	return res->tclass;
}

/* An urgent question says why, in both languages, one reason per rule. */
static void
t_reasons(void **state)
{
	struct mod_triage_result res;
	size_t			 i, j;

	(void)state;
	assert_int_equal(classify("Account hacked",
	    "Someone logged into my account and my BTC balance is gone. "
	    "My BTC was stolen.", &res), MOD_TRIAGE_URGENT);
	assert_true(res.urgent >= 1.0);
	assert_true(res.nreasons >= 2);
	for (i = 0; i < res.nreasons; i++) {
		assert_true(strncmp(res.reasons[i].rule, "urg.", 4) == 0);
		assert_true(res.reasons[i].text_ja[0] != '\0');
		assert_true(res.reasons[i].text_en[0] != '\0');
		for (j = 0; j < i; j++)
			assert_string_not_equal(res.reasons[i].rule,
			    res.reasons[j].rule);
	}
	mod_triage_result_free(&res);
	/* full-width and upper case are normalized first */
	assert_int_equal(classify("ＵＳＤＴを間違ったネットワークで送金",
	    "ＴＲＣ２０のアドレスに送ってしまいました", &res),
	    MOD_TRIAGE_URGENT);
	mod_triage_result_free(&res);
}

/* Questions ABOUT a danger are not one; urgency beats low. */
static void
t_not_urgent(void **state)
{
	struct mod_triage_result res;

	(void)state;
	assert_int_equal(classify("乗っ取りを防ぐには",
	    "もしアカウントが乗っ取られたらどうなりますか", &res),
	    MOD_TRIAGE_NORMAL);
	/* a normal question says what spoke against urgency */
	assert_true(res.nreasons >= 1);
	assert_true(res.reasons[0].weight < 0);
	mod_triage_result_free(&res);
	assert_int_equal(classify("Never share your seed phrase?",
	    "Is it true that I should never share my seed phrase?", &res),
	    MOD_TRIAGE_NORMAL);
	mod_triage_result_free(&res);
	assert_int_equal(classify("確定申告", "税金について教えてください",
	    &res), MOD_TRIAGE_LOW);
	assert_int_equal(res.nreasons, 1);
	assert_string_equal(res.reasons[0].rule, "low.tax_ja");
	mod_triage_result_free(&res);
	assert_int_equal(classify("税金を払えと言われた",
	    "出金するには税金が必要と言われ、もう支払ってしまいました", &res),
	    MOD_TRIAGE_URGENT);
	mod_triage_result_free(&res);
	assert_int_equal(classify("", "", &res), MOD_TRIAGE_NORMAL);
	assert_int_equal(res.nreasons, 0);
	mod_triage_result_free(&res);
}

/* Bad input and bad rule files are refused with a reason. */
static void
t_errors(void **state)
{
	struct mod_triage_result res;
	struct mod_rules	*bad;
	char			 err[512], path[] = "/tmp/triage-XXXXXX";
	FILE			*f;
	int			 fd;

	(void)state;
	assert_int_equal(mod_triage(T, "\xff\xfe", 2, "x", 1, &res), -1);
	assert_int_equal(res.tclass, MOD_TRIAGE_NORMAL);
	assert_int_equal(res.nreasons, 0);
	mod_triage_result_free(&res);
	assert_int_equal(mod_triage_class_parse("urgent"), MOD_TRIAGE_URGENT);
	assert_int_equal(mod_triage_class_parse("URGENT"), -1);
	assert_string_equal(mod_triage_class_name(MOD_TRIAGE_LOW), "low");
	/* a moderation category is not a triage class */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("# c\nx.a\t1\turgent\t-\tあ\ta\thacked\n"
	    "x.b\t1\tscam\t-\tい\tb\tstolen\n", f);
	fclose(f);
	bad = mod_triage_load(path, NULL, err, sizeof(err));
	unlink(path);
	assert_null(bad);
	assert_non_null(strstr(err, ":3: unknown class \"scam\""));
	assert_null(mod_triage_load("/nonexistent/triage.rules", NULL, err,
	    sizeof(err)));
	/* a moderation rule set is not a triage rule set */
	assert_int_equal(mod_triage(NULL, "a", 1, "b", 1, &res), -1);
	mod_triage_result_free(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_thresholds),
		cmocka_unit_test(t_reasons),
		cmocka_unit_test(t_not_urgent),
		cmocka_unit_test(t_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
