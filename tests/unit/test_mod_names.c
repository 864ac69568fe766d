/* tests/unit/test_mod_names.c: username and display-name impersonation */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "moderation/moderation.h"

struct author_kind {
	int	 trust;
	int	 age;
	int	 staff;
};

static const struct author_kind NEWBIE = { 0, 1, 0 };
static const struct author_kind REGULAR = { 1, 60, 0 };
static const struct author_kind TRUSTED = { 3, 900, 0 };
static const struct author_kind STAFF = { 4, 900, 1 };

static struct mod_rules *R;

static int	 setup(void **);
static int	 teardown(void **);
static void	 check(enum mod_kind, int, const struct author_kind *,
		    const char *, const char *, struct mod_verdict *);
static int	 has_rule(const struct mod_verdict *, const char *);
static void	 dump(const char *, const struct mod_verdict *);

static int
setup(void **state)
{
	struct mod_load_opts o;
	char		 err[512];

	(void)state;
	(void)NEWBIE;
	(void)REGULAR;
	(void)TRUSTED;
	(void)STAFF;
	(void)check;
	(void)has_rule;
	(void)dump;
	memset(&o, 0, sizeof(o));
	o.no_model = 1;
	if ((R = mod_rules_load_ex("conf/moderation", &o, err,
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
	mod_rules_free(R);
	return 0;
}

/* Check body as kind; reply: an answer to someone else's question. */
static void
check(enum mod_kind kind, int reply, const struct author_kind *ak,
    const char *question, const char *body, struct mod_verdict *v)
{
	struct mod_post	 p;
	struct mod_author a;

	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	p.kind = kind;
	p.body = body;
	p.body_len = strlen(body);
	p.reply_to_question = reply;
	p.seconds_after_question = -1;
	if (question != NULL) {
		p.question = question;
		p.question_len = strlen(question);
	}
	a.trust = ak->trust;
	a.account_age_days = ak->age;
	a.staff = ak->staff;
	a.posts = ak->trust * 10;
	assert_int_equal(mod_check(R, &p, &a, v), 0);
}

/* A reason whose rule id starts with prefix. */
static int
has_rule(const struct mod_verdict *v, const char *prefix)
{
	size_t		 i;

	for (i = 0; i < v->nreasons; i++)
		if (strncmp(v->reasons[i].rule, prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

static void
dump(const char *what, const struct mod_verdict *v)
{
	size_t		 i;

	fprintf(stderr, "%s: %s %.3f %s\n", what,
	    mod_decision_name(v->decision), v->score,
	    mod_category_name(v->category));
	for (i = 0; i < v->nreasons; i++)
		fprintf(stderr, "   %s %.3f [%zu,%zu] %s\n", v->reasons[i].rule,
		    v->reasons[i].weight, v->reasons[i].span.start,
		    v->reasons[i].span.end, v->reasons[i].text_en);
}

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

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"Binance_Support", "ｃｏｉｎｂａｓｅ公式", "Supp\xce\xbfrt",
		"b1nance", "B i n a n c e", "cz_binatce", "BlnanceLabs",
		"運営スタッフ", "admin", "the.admin", "Official-Help",
		"ｻﾎﾟｰﾄ窓口", "c0inbase", "MetaMask Help", "bitf1yer_jp",
		"Moderator_Ken", "s\xe2\x80\x8bupport",
	};
	char		 m[64];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mod_name_check(R, bad[i], strlen(bad[i]), m, sizeof(m)) != 1)
			fprintf(stderr, "not refused: %s\n", bad[i]);
		assert_int_equal(mod_name_check(R, bad[i], strlen(bad[i]), m,
		    sizeof(m)), 1);
		assert_true(m[0] != '\0');
	}
}

static void
test_allowed(void **state)
{
	static const char *const ok[] = {
		"satoshi_fan", "badminton_lover", "田中太郎", "crypto_taro",
		"hodler2024", "kenji", "ethereum_dev", "モカ", "mod_squad_fan",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (mod_name_check(R, ok[i], strlen(ok[i]), NULL, 0) != 0)
			fprintf(stderr, "refused: %s\n", ok[i]);
		assert_int_equal(mod_name_check(R, ok[i], strlen(ok[i]), NULL,
		    0), 0);
	}
	assert_int_equal(mod_name_check(R, "\xff\xfe", 2, NULL, 0), -1);
}

static void
test_username_post(void **state)
{
	struct mod_post	 p;
	struct mod_verdict v;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.kind = MOD_KIND_USERNAME;
	p.body = "Coinbase_Official";
	p.body_len = strlen(p.body);
	p.seconds_after_question = -1;
	assert_int_equal(mod_check(R, &p, NULL, &v), 0);
	assert_int_equal(v.decision, MOD_BLOCK);
	assert_int_equal(v.category, MOD_CAT_IMPERSONATION);
	mod_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_username_post),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
