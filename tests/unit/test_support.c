/*
 * tests/unit/test_support.c: support_judge(), the filters on a support
 * message: secrets (BIP39 phrases in English, numbered and Japanese,
 * WIF, xprv, hex keys) are masked before storage, in the stored Markdown and in its
 * cooked HTML, while the rest of the text (a withdrawal ID) stays; a
 * clean message is stored as written; who may see a case; canned
 * replies' variables; the [support] SLA targets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "lib/conf.h"
#include "moderation/moderation.h"
#include "support/support.h"

#include "mod_fixture.h"

static const struct support_actor member = {
	1, "kenji_t", "Kenji", ROLE_USER, 1, 0
};

static void
judged(const char *body, const char *gone, const char *kept, int masked)
{
	struct arena		*a = arena_new();
	struct support_judged	 j;

	assert_int_equal(support_judge(a, R, LANG_EN, &member, body, &j), 0);
	if (j.masked != masked)
		fprintf(stderr, "body %s\nstored %s\n", body, j.body_md);
	assert_int_equal(j.masked, masked);
	if (gone != NULL) {
		assert_null(strstr(j.body_md, gone));
		assert_null(strstr(j.cooked, gone));
		assert_non_null(strstr(j.body_md, SUPPORT_MASK));
	}
	if (kept != NULL) {
		assert_non_null(strstr(j.body_md, kept));
		assert_non_null(strstr(j.cooked, kept));
	}
	assert_false(j.blocked);
	arena_free(a);
}

static void
test_phrase_masked(void **state)
{
	(void)state;
	judged("Withdrawal W-77 is stuck. My words: legal winner thank year "
	    "wave sausage worth useful legal winner thank yellow. Help!",
	    "sausage", "W-77", 1);
	judged("ID W-78\n\n1. abandon 2. abandon 3. abandon\n4. abandon "
	    "5. abandon 6. abandon\n7. abandon 8. abandon 9. abandon\n"
	    "10. abandon 11. abandon 12. about", "abandon", "W-78", 1);
	judged("出金ID W-79 です。復元フレーズ：あいこくしん　あいこくしん　"
	    "あいこくしん　あいこくしん　あいこくしん　あいこくしん　"
	    "あいこくしん　あいこくしん　あいこくしん　あいこくしん　"
	    "あいこくしん　あおぞら", "あいこくしん", "W-79", 1);
}

static void
test_keys_masked(void **state)
{
	(void)state;
	judged("order 5512, key 5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbT"
	    "LvyTJ", "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ",
	    "5512", 1);
	judged("my xprv is xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6c"
	    "q3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
	    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkV",
	    NULL, 1);
	judged("MetaMaskの秘密鍵: 0x4c0883a69102937d6231471b5dbb6204fe51296170"
	    "82792ae468d01a3f362318", "4c0883a69102937d6231471b5dbb6204fe",
	    NULL, 1);
}

static void
test_clean_kept(void **state)
{
	struct arena		*a = arena_new();
	struct support_judged	 j;

	(void)state;
	judged("My withdrawal W-99 of 0.5 BTC has been pending since "
	    "Monday.", NULL, "W-99", 0);
	assert_int_equal(support_judge(a, R, LANG_EN, &member,
	    "出金ID W-100 がまだ届きません。", &j), 0);
	assert_string_equal(j.body_md, "出金ID W-100 がまだ届きません。");
	assert_string_equal(j.flagged, "");
	/* no rule set: nothing can be masked, so nothing is judged */
	assert_int_equal(support_judge(a, NULL, LANG_EN, &member, "hello",
	    &j), -1);
	arena_free(a);
}

static void
test_may_see(void **state)
{
	struct support_case	 c;
	struct support_actor	 who = member;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = 5;
	c.asker_id = 1;
	assert_true(support_may_see(&who, &c));
	who.id = 2;
	assert_false(support_may_see(&who, &c));
	who.role = ROLE_MODERATOR;
	assert_false(support_may_see(&who, &c));
	who.role = ROLE_STAFF;
	assert_true(support_may_see(&who, &c));
	who.role = ROLE_ADMIN;
	assert_true(support_may_see(&who, &c));
	who.id = 0;
	assert_false(support_may_see(&who, &c));
	assert_false(support_may_see(NULL, &c));
}

static void
test_canned_fill(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(support_canned_fill(a, "Hello {asker}, case "
	    "#{case} ({thread}) {staff} {other} {", "Kenji", "Sato", 42,
	    "Stuck"), "Hello Kenji, case #42 (Stuck) Sato {other} {");
	assert_string_equal(support_canned_fill(a, "", "a", "b", 1, "c"), "");
	arena_free(a);
}

static void
test_sla_conf(void **state)
{
	struct conf		 c;
	struct conf_sla		 def;
	const struct conf_sla	*s;
	char			 err[256];
	static char		 ok[] = "deposits:60/120/600, tax:5/6/7";
	static char		 bad[] = "deposits:60/120";
	static char		 none[] = "";

	(void)state;
	memset(&c, 0, sizeof(c));
	c.sla_first_answer = 240;
	c.sla_first_staff = 480;
	c.sla_solved = 2880;
	c.canned_path = none;
	c.sla_categories = ok;
	assert_int_equal(conf_support_load(&c, err, sizeof(err)), 0);
	assert_int_equal(c.nsla, 2);
	s = conf_support_sla(&c, "deposits", &def);
	assert_int_equal(s->first_answer, 60);
	assert_int_equal(s->first_staff, 120);
	assert_int_equal(s->solved, 600);
	s = conf_support_sla(&c, "account", &def);
	assert_int_equal(s->first_answer, 240);
	assert_int_equal(s->solved, 2880);
	c.sla_categories = bad;
	assert_int_equal(conf_support_load(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "slug:first/staff/solved"));
	conf_support_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phrase_masked),
		cmocka_unit_test(test_keys_masked),
		cmocka_unit_test(test_clean_kept),
		cmocka_unit_test(test_may_see),
		cmocka_unit_test(test_canned_fill),
		cmocka_unit_test(test_sla_conf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
