/*
 * tests/unit/test_mod_offforum.c: the seventh pass on forum-shaped posts
 * (docs/moderation.md): what a lure does when it takes the reader off
 * the forum or asks for what opens the account, written in words the
 * earlier rules did not know, and the honest posts of the same shape.
 *
 * A victim's question whose first "my" follows "they said"; handles
 * given on WeChat, Viber, KakaoTalk, Snapchat, Skype, Threema or Session,
 * or as an "ID:" next to a messenger named; the recovery phrase called a
 * mnemonic or a backup, entered on a page; the account's UID, e-mail or
 * code asked for by someone who claims a post at the exchange; a reply
 * that says it sent the fix in private.  Every text is written for these
 * tests, each behaviour in several variants (other exchanges, scripts
 * and messengers, Japanese and English); none is taken from a data set.
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
 * A victim's question: the first person may come after "they said" ("They
 * said my account was hacked …"); it is still the author asking.
 */
static void
test_victim_first_person_quoted(void **state)
{
	static const char *const victim[][2] = {
		{ "Is this Kraken number real?",
		  "They said my account was hacked and that the Kraken "
		  "support number is +1 (888) 555-0143, call now to freeze "
		  "it. Is this legit?" },
		{ "Bybit called me?",
		  "Someone said my wallet was flagged and told me to call the "
		  "support number +1 (855) 555-0171 today. Is this real?" },
		{ "OKX security called me",
		  "The caller claimed my UID was used from Russia and said "
		  "the OKX support number is 1-888-555-0139, ring it now. "
		  "Is that legit?" },
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(victim) / sizeof(victim[0]); i++) {
		struct mod_verdict v;

		check_titled(MOD_KIND_QUESTION, &NEWBIE, victim[i][0],
		    victim[i][1], &v);
		if (v.decision != MOD_ALLOW)
			dump(victim[i][1], &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	/* The same number given as advice in an answer is still held. */
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "They said my account was fine "
	    "after I called the Kraken support number +1 (888) 555-0143, "
	    "call them now.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_victim_first_person_quoted),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
