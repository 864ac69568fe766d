/* tests/unit/test_mod_contacts.c: phone numbers, handles, e-mail addresses */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "moderation/moderation.h"

static struct mod_rules *R;

static int	 setup(void **);
static int	 teardown(void **);
static int	 has(const char *, enum mod_contact_type, const char *);
static int	 count(const char *, enum mod_contact_type);

static int
setup(void **state)
{
	struct mod_load_opts o;
	char		 err[512];

	(void)state;
	memset(&o, 0, sizeof(o));
	o.no_model = 1;
	o.cache_dir = getenv("SODAN_RULES_CACHE");	/* tests/run */
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

/* Does body yield a contact of type with value (NULL: any)? */
static int
has(const char *body, enum mod_contact_type type, const char *value)
{
	struct mod_post	 p;
	struct mod_verdict v;
	size_t		 i;
	int		 found = 0;

	memset(&p, 0, sizeof(p));
	p.kind = MOD_KIND_ANSWER;
	p.body = body;
	p.body_len = strlen(body);
	p.seconds_after_question = -1;
	assert_int_equal(mod_check(R, &p, NULL, &v), 0);
	for (i = 0; i < v.ncontacts; i++)
		if (v.contacts[i].type == type && (value == NULL ||
		    strcmp(v.contacts[i].value, value) == 0)) {
			found = 1;
			/* spans are in the original text */
			assert_true(v.contacts[i].span.end <= strlen(body));
			assert_true(v.contacts[i].span.start <=
			    v.contacts[i].span.end);
		}
	if (!found)
		for (i = 0; i < v.ncontacts; i++)
			fprintf(stderr, "  got %s %s\n",
			    mod_contact_type_name(v.contacts[i].type),
			    v.contacts[i].value);
	mod_verdict_free(&v);
	return found;
}

static int
count(const char *body, enum mod_contact_type type)
{
	struct mod_post	 p;
	struct mod_verdict v;
	size_t		 i;
	int		 n = 0;

	memset(&p, 0, sizeof(p));
	p.kind = MOD_KIND_QUESTION;
	p.body = body;
	p.body_len = strlen(body);
	p.seconds_after_question = -1;
	assert_int_equal(mod_check(R, &p, NULL, &v), 0);
	for (i = 0; i < v.ncontacts; i++)
		if (v.contacts[i].type == type)
			n++;
	mod_verdict_free(&v);
	return n;
}

static void
test_phone_international(void **state)
{
	(void)state;
	assert_true(has("call +1 (888) 343-0116 now", MOD_CONTACT_PHONE,
	    "+18883430116"));
	assert_true(has("1-888/822/4914", MOD_CONTACT_PHONE, "+18888224914"));
	assert_true(has("+44 20 7946 0958", MOD_CONTACT_PHONE,
	    "+442079460958"));
	assert_true(has("00 44 20 7946 0958", MOD_CONTACT_PHONE,
	    "+442079460958"));
}

static void
test_phone_japanese(void **state)
{
	(void)state;
	assert_true(has("フリーダイヤル 0120-123-456 まで", MOD_CONTACT_PHONE,
	    "+81120123456"));
	assert_true(has("携帯 090 1234 5678", MOD_CONTACT_PHONE,
	    "+819012345678"));
	assert_true(has("050-1234-5678", MOD_CONTACT_PHONE, "+815012345678"));
	assert_true(has("ナビダイヤル0570-000-123", MOD_CONTACT_PHONE,
	    "+81570000123"));
	assert_true(has("0800-123-4567", MOD_CONTACT_PHONE, "+818001234567"));
	assert_true(has("+81-90-1234-5678", MOD_CONTACT_PHONE,
	    "+819012345678"));
}

static void
test_phone_evasions(void **state)
{
	(void)state;
	/* full-width digits and dash look-alikes */
	assert_true(has("０１２０－１２３－４５６", MOD_CONTACT_PHONE,
	    "+81120123456"));
	assert_true(has("0120ー123ー456", MOD_CONTACT_PHONE, "+81120123456"));
	/* kanji digits */
	assert_true(has("〇九〇ー一二三四ー五六七八", MOD_CONTACT_PHONE,
	    "+819012345678"));
	/* spread over lines, split by spaces */
	assert_true(has("+1 888\n343\n0116", MOD_CONTACT_PHONE,
	    "+18883430116"));
	assert_true(has("1 8 8 8 3 4 3 0 1 1 6", MOD_CONTACT_PHONE,
	    "+18883430116"));
	/* letters for digits */
	assert_true(has("+1 8OO 555 l234", MOD_CONTACT_PHONE, "+18005551234"));
	/* odd separators and emoji */
	assert_true(has("+1(877~343~0116", MOD_CONTACT_PHONE, "+18773430116"));
	assert_true(has("+1850\xf0\x9f\x94\x9c" "203\xf0\x9f\x94\x9c" "4693",
	    MOD_CONTACT_PHONE, "+18502034693"));
	assert_true(has("1,9,3,6,2,4,4,2,4,9,0", MOD_CONTACT_PHONE,
	    "+19362442490"));
	/* zero-width characters inside */
	assert_true(has("+1 888\xe2\x80\x8b 343\xe2\x80\x8b 0116",
	    MOD_CONTACT_PHONE, "+18883430116"));
}

static void
test_phone_honest(void **state)
{
	(void)state;
	assert_int_equal(count("2023年に0.5 BTCを4,500,000円で買い、"
	    "2024/03/15に5,200,000円で売りました。利益は700,000円ですか？",
	    MOD_CONTACT_PHONE), 0);
	assert_int_equal(count("I bought 1,250,000,000 satoshi on "
	    "2024-01-15 12:30 and paid 0.0005 BTC fee", MOD_CONTACT_PHONE), 0);
	assert_int_equal(count("txid 3a1b2c3d4e5f6071829304152637485960"
	    "718293a4b5c6d7e8f9012345678901", MOD_CONTACT_PHONE), 0);
	assert_int_equal(count("order 12345678 block 840000",
	    MOD_CONTACT_PHONE), 0);
}

static void
test_messengers(void **state)
{
	(void)state;
	assert_true(has("join t.me/recover_funds_now", MOD_CONTACT_TELEGRAM,
	    "recover_funds_now"));
	assert_true(has("Telegram: @hackerpro247", MOD_CONTACT_TELEGRAM,
	    "hackerpro247"));
	assert_true(has("テレグラム：recovery_jp", MOD_CONTACT_TELEGRAM,
	    "recovery_jp"));
	assert_true(has("https://wa.me/18883430116", MOD_CONTACT_WHATSAPP,
	    "18883430116"));
	assert_true(has("discord.gg/AbCd123", MOD_CONTACT_DISCORD, "abcd123"));
	assert_true(has("LINE ID: support_center", MOD_CONTACT_LINE,
	    "support_center"));
	assert_true(has("https://line.me/ti/p/~scam_id", MOD_CONTACT_LINE,
	    "scam_id"));
	assert_true(has("ping @someone", MOD_CONTACT_HANDLE, "@someone"));
	/* After a bare keyword, a handle-like word; English words are prose. */
	assert_true(has("contact me on telegram cryptofixer now",
	    MOD_CONTACT_TELEGRAM, "cryptofixer"));
	assert_true(has("telegram: able", MOD_CONTACT_TELEGRAM, "able"));
	assert_int_equal(count("How is Telegram able to distribute app "
	    "stores?", MOD_CONTACT_TELEGRAM), 0);
	assert_int_equal(count("Telegram is reportedly being slowed down.",
	    MOD_CONTACT_TELEGRAM), 0);
	/* The link's handle, not "https". */
	assert_int_equal(count("telegram https://t.me/recover_x",
	    MOD_CONTACT_TELEGRAM), 1);
	assert_true(has("telegram https://t.me/recover_x",
	    MOD_CONTACT_TELEGRAM, "recover_x"));
}

static void
test_email(void **state)
{
	(void)state;
	assert_true(has("mail Recovery.Team@Gmail.com", MOD_CONTACT_EMAIL,
	    "recovery.team@gmail.com"));
	assert_true(has("help (at) recover-funds (dot) com",
	    MOD_CONTACT_EMAIL, "help@recover-funds.com"));
	assert_true(has("help[at]recoverfunds[dot]net", MOD_CONTACT_EMAIL,
	    "help@recoverfunds.net"));
	assert_true(has("ｈｅｌｐ＠ｅｘａｍｐｌｅ．ｃｏｍ", MOD_CONTACT_EMAIL,
	    "help@example.com"));
	assert_int_equal(count("version 1.2.3 @ 5pm", MOD_CONTACT_EMAIL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_international),
		cmocka_unit_test(test_phone_japanese),
		cmocka_unit_test(test_phone_evasions),
		cmocka_unit_test(test_phone_honest),
		cmocka_unit_test(test_messengers),
		cmocka_unit_test(test_email),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
