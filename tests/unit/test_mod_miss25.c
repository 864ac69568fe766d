/*
 * tests/unit/test_mod_miss25.c: role and route, the blind-set pass of
 * 2026-12-06 (issue 22, docs/moderation.md "Role and route, blind-set
 * pass"): an answer in which the author takes a role nobody can honestly
 * have on a public forum (recovers, restores or unlocks it personally,
 * knows a technician who will, speaks as the staff or as "our team",
 * helps privately, wants the case sent to them) together with a way off
 * the forum or a request for what no helper needs (the recovery phrase
 * or a photo of it, a code, an unlock fee).  Either half alone is an
 * ordinary answer and is published; so are the victim who quotes such
 * an offer and the warning that describes it.  Also the ways out that
 * the contact extractor did not read: an ID in 「」 after a messenger,
 * a user name after a messenger named before it, a host name written
 * with spaces around its dot.  Every text is written for these tests,
 * each behaviour in several variants (Japanese and English, other
 * brands, scripts and wordings).  The rules alone decide (no model).
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
#include "mod_fixture.h"
#include "mod_expect.h"

/*
 * "I can restore it myself" and the recovery phrase, a photo of it or a
 * code sent to the author: no helper needs them.
 */
static void
test_restore_for_you(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "古いアプリだと表示されないことがあります。12語の復元フレーズを"
	    "教えてもらえれば、僕の方で復元して残高を見てあげますよ。",
	    "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "That happens with old firmware. If you message me the 24 words "
	    "I can restore it on my laptop and check the balance for you. "
	    "A picture of the card is fine.", "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &REGULAR,
	    "We can unfreeze your account today, just send us the 6-digit "
	    "code you got by SMS.", "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "秘密鍵があれば私の方で取り戻せます。写真でも大丈夫なので送って"
	    "ください。", "context.role_route");
	/* The phrase restored in one's own wallet app: no role taken. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "You can restore it yourself: install the official app and "
	    "choose 'I already have a wallet'. Never send the words to "
	    "anyone.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "I can check the transaction if you post the tx hash here.");
}

/*
 * A staff voice ("moderator here", 運営の者です) with an unlock fee or
 * deposit to pay, also with an emoji after the greeting.
 */
static void
test_staff_fee(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Hello, admin here 🙂 your payout was stopped by compliance. "
	    "Pay the refundable release deposit of 0.03 ETH and it goes "
	    "through within an hour.", "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "hey mod here ✋ the account is on hold, you have to send a "
	    "small verification fee first, 40 USDT.", "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "運営の者です。出金保留を解除するには解除手数料0.01BTCの送金が"
	    "必要です。", "context.role_route");
	/* A member who says they are not staff, and real advice. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "I'm not a moderator, but a withdrawal never needs an unlock "
	    "fee. Anyone asking for one is a scammer.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "Someone claiming to be a moderator here asked me to pay an "
	    "unlock deposit to release my withdrawal. Is this real?");
}

/*
 * A recovery team or a technician the author knows, with a contact, a
 * handle or a messenger: the recovery offer in any words.
 */
static void
test_team_and_technician(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "弊社では元捜査官のチームが送金経路を追跡します。ご相談は "
	    "WhatsApp +44 7700 900123 まで。", "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "I know a guy who can pull stolen coins back from the thief's "
	    "address, he did it for my cousin. He is on Signal as "
	    "@chainfix_ops", "context.role_route");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "Lost crypto to an exchange that vanished? Our team has traced more than "
	    "400 wallets for victims. Free consultation on Telegram "
	    "@trace_return_desk", "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "ハッキング被害でも追跡できる専門家を知ってます。インスタの "
	    "@yamada_trace に連絡してみてください。", "context.role_route");
	/* The victim who quotes such an offer asks, and is published. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "A man on Telegram says his team can recover my stolen USDT for "
	    "a fee. Is this a scam?");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Nobody can pull coins back from a thief's address. People who "
	    "say they can and give a Telegram handle are running a recovery "
	    "scam.");
}

/*
 * Help offered privately, or the case to be sent to the author, with a
 * messenger named: the off-forum "helper".
 */
static void
test_private_help(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "NFTの税金なら個別に説明できます。ここだと消されるのでLINEで。",
	    "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "I can walk you through it privately, easier on Discord than in "
	    "this thread.", "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "ブリッジの詰まりは直せることが多いです。テレグラムに状況を送って"
	    "ください。", "context.role_route");
	/* An ordinary pointer to the official channel. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Ask in the project's official Discord, the devs answer there "
	    "within a day.");
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "確定申告は税理士に個別に相談するのが確実です。");
}

/*
 * Ways out the contact extractor did not read: an ID in 「」 after a
 * messenger's name, a user name after a messenger named in the sentence
 * before, a host name with spaces around its dot.
 */
static void
test_hidden_routes(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "カカオトークID「walletfix_kr」に送ってください。", &v);
	assert_true(has_contact(&v, MOD_CONTACT_HANDLE, "walletfix_kr"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "テレグラムID『chain_doc88』までどうぞ。", &v);
	assert_true(has_contact(&v, MOD_CONTACT_TELEGRAM, "chain_doc88"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "詳しくはディスコードで。ユーザー名 ｋｅｎ＿ｔａｘ です。", &v);
	assert_true(has_contact(&v, MOD_CONTACT_HANDLE, "ken_tax"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "Find me on Discord, username mira_defi", &v);
	assert_true(has_contact(&v, MOD_CONTACT_HANDLE, "mira_defi"));
	mod_verdict_free(&v);
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "ハッカーから取り戻せる技術者を知ってます。 fundtrace-asia . net "
	    "から申し込めます", "context.role_route");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "I know a specialist who can trace it: chainback-help . org",
	    "context.role_route");
	/* Prose with a full stop after a space is no host. */
	ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR,
	    "Run the migration again . Then restart the node and wait "
	    "for it to sync.");
}

/*
 * Where " . " is in the text (links.c finds it by its dots): at the
 * start and at the very end, after other dots and spaced dots, twice.
 */
static void
test_spaced_dot_places(void **state)
{
	static const struct {
		const char	*text;
		const char	*host;
	} c[] = {
		{ "chainback-help . org is where I got it back",
		    "chainback-help.org" },
		{ "Write to them at walletdesk . io", "walletdesk.io" },
		{ "Hmm . . . ok. . fixdesk . com", "fixdesk.com" },
		{ "first coinhelp . net then refundme . xyz",
		    "refundme.xyz" },
		{ "first coinhelp . net then refundme . xyz",
		    "coinhelp.net" },
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, c[i].text, &v);
		if (!has_contact(&v, MOD_CONTACT_DOMAIN, c[i].host))
			fail_msg("%s: no %s", c[i].text, c[i].host);
		mod_verdict_free(&v);
	}
	/* A label under four characters is not read as a host. */
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, "see abc . com", &v);
	assert_false(has_contact(&v, MOD_CONTACT_DOMAIN, "abc.com"));
	mod_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restore_for_you),
		cmocka_unit_test(test_staff_fee),
		cmocka_unit_test(test_team_and_technician),
		cmocka_unit_test(test_private_help),
		cmocka_unit_test(test_hidden_routes),
		cmocka_unit_test(test_spaced_dot_places),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
