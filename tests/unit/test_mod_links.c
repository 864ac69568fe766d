/* tests/unit/test_mod_links.c: link detector: lookalikes, subdomains, lists, honest links */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

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

static void
test_lookalikes(void **state)
{
	struct mod_verdict v;
	static const char *const bad[] = {
		"log in at https://blnance.com/login",
		"https://c0inbase-support.com/verify",
		"go to https://b\xd1\x96nance.com now",		/* Cyrillic i */
		"https://xn--bnance-bwa.com/",			/* punycode */
		"visit www.coinbasse.com",
		"https://metamask-wallet-restore.net/",
		"bitf1yer.jp-login.com",
		"https://bitflyer-jp.xyz/login",
		"https://www.binance.com@login-check.example/",
		"blnance[.]com/login",
		"https://binnance.org",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &REGULAR, NULL, bad[i], &v);
		if (!has_rule(&v, "link."))
			dump(bad[i], &v);
		EXPECT_HELD(v);
		mod_verdict_free(&v);
	}
}

static void
test_brand_subdomain(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "fix it at binance.com.account-verify.xyz", &v);
	assert_true(has_rule(&v, "link.brand_subdomain"));
	EXPECT(v, MOD_BLOCK);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "https://coinbase.secure-login.example/", &v);
	assert_true(has_rule(&v, "link.brand_subdomain"));
	mod_verdict_free(&v);
}

static void
test_shortener_and_lists(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "see https://bit.ly/3abcDEF",
	    &v);
	assert_true(has_rule(&v, "link.shortener"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "https://wallet-rectify.example/start", &v);
	assert_true(has_rule(&v, "link.blocklisted"));
	EXPECT(v, MOD_BLOCK);
	mod_verdict_free(&v);
}

static void
test_given_links(void **state)
{
	struct mod_post	 p;
	struct mod_verdict v;
	const char	*links[] = { "HTTPS://C0INBASE.COM/login" };

	(void)state;
	memset(&p, 0, sizeof(p));
	p.kind = MOD_KIND_ANSWER;
	p.body = "click [here](...)";
	p.body_len = strlen(p.body);
	p.links = links;
	p.nlinks = 1;
	p.seconds_after_question = -1;
	assert_int_equal(mod_check(R, &p, NULL, &v), 0);
	assert_true(has_rule(&v, "link.lookalike"));
	mod_verdict_free(&v);
}

static void
test_honest_links(void **state)
{
	struct mod_verdict v;

	(void)state;
	/* A staff answer linking the exchange's real help pages. */
	check(MOD_KIND_ANSWER, 1, &STAFF, NULL,
	    "こちらのヘルプをご覧ください: https://www.binance.com/ja/support/"
	    "faq/123 また https://bitflyer.com/ja-jp/faq も参考に。", &v);
	EXPECT(v, MOD_ALLOW);
	assert_false(has_rule(&v, "link.lookalike"));
	mod_verdict_free(&v);
	/* A regular user linking docs and a source repository. */
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "See https://bitcoin.org/en/faq and "
	    "https://github.com/bitcoin/bitcoin/issues/1 for details.", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
	/* Words that are not domains. */
	check(MOD_KIND_QUESTION, 0, &REGULAR, NULL,
	    "I use node.js and config.yml with version 1.2.3, e.g. this.", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
	/* Ordinary domains similar to nothing. */
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "I read it on https://www.nikkei.com/article/x", &v);
	EXPECT(v, MOD_ALLOW);
	assert_false(has_rule(&v, "link.lookalike"));
	mod_verdict_free(&v);
}

/*
 * Two words glued at a full stop are not a host: "days.so", "happened.it"
 * (country codes that are English words) from a new account added two
 * "outside site" findings to an honest question.  With a path, or when a
 * list or the lookalike check knows the host, they still count.
 */
static void
test_glued_words(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "I waited 2 days.so I asked support again. Nothing happened.it "
	    "is still pending.", &v);
	EXPECT(v, MOD_ALLOW);
	assert_false(has_rule(&v, "link.external"));
	assert_int_equal(v.ncontacts, 0);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "Open cryptohelp.me/start and notion.so/page for the steps.", &v);
	assert_true(has_rule(&v, "link.external"));
	assert_int_equal(v.ncontacts, 2);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "Support is at binance.me today.", &v);
	assert_true(has_rule(&v, "link.lookalike"));
	mod_verdict_free(&v);
}

/*
 * A label of 200 m's has a skeleton of 400 bytes ("m" is "rn"): it
 * overflowed the lookalike check's 256-byte buffer (found by the fuzzer,
 * UBSan index 256 out of bounds).  Now checked without a report, and
 * still judged: a lookalike, an outside site.
 */
static void
test_long_skeleton(void **state)
{
	char		 body[600];
	struct mod_verdict v;

	(void)state;
	snprintf(body, sizeof(body), "https://xn--bnance%0*d--bnance.com/x",
	    200, 0);
	memset(body + strlen("https://xn--bnance"), 'm', 200);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, body, &v);
	/* what fits of the skeleton still starts with the brand */
	assert_true(has_rule(&v, "link.lookalike"));
	mod_verdict_free(&v);
	memset(body, 0, sizeof(body));
	memcpy(body, "https://", 8);
	memset(body + 8, 'm', 240);
	memcpy(body + 248, ".com/", 5);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, body, &v);
	assert_true(has_rule(&v, "link.external"));
	assert_int_equal(v.ncontacts, 1);
	mod_verdict_free(&v);
}

/*
 * The code points links.c ends a host at without asking ICU: ICU says
 * each is not a host character (not a letter, digit or mark, or Han,
 * Hiragana or Katakana); and the ones left out (ー, voicing marks) are.
 */
static void
test_host_cjk(void **state)
{
	UErrorCode	 st;
	UScriptCode	 sc;
	UChar32		 u;
	int		 n = 0;

	(void)state;
	for (u = 0; u < 0x110000; u++) {
		if (!MOD_HOST_CJK(u))
			continue;
		n++;
		st = U_ZERO_ERROR;
		sc = uscript_getScript(u, &st);
		assert_true(U_SUCCESS(st));
		if (u_isalnum(u) || (u_getIntPropertyValue(u,
		    UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK))
			assert_true(sc == USCRIPT_HAN ||
			    sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA);
	}
	assert_true(n > 20000);
	assert_false(MOD_HOST_CJK(0x30fc));
	assert_false(MOD_HOST_CJK(0x3099));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookalikes),
		cmocka_unit_test(test_brand_subdomain),
		cmocka_unit_test(test_shortener_and_lists),
		cmocka_unit_test(test_given_links),
		cmocka_unit_test(test_honest_links),
		cmocka_unit_test(test_glued_words),
		cmocka_unit_test(test_long_skeleton),
		cmocka_unit_test(test_host_cjk),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
