/*
 * tests/unit/test_mod_promo.c: promotion found by what it asks the
 * reader to do (conf/moderation/promo.rules): text a word to a short
 * code, call a premium-rate number, pay per message, win a cash prize,
 * make money from home, visit or subscribe to the author's channel,
 * share a video "on YouTube", help reach a number of subscribers; and
 * the honest posts that share their words (a limit raised to 50000, a
 * Takamatsu phone number, the exchange's own channel, a prize mentioned
 * in a tax question).  The rule set is the shipped one without a model,
 * so a held variant is held by the rules alone, and each is held by its
 * promo rule (it fails without it).  Every text is written for these
 * tests, in English and Japanese; none is taken from a data set.
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

/* "Text WORD to 81234": a word sent to a five-digit short code. */
static void
test_short_code(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Weekly quiz! Reply A, B "
	    "or C to 81234 and take home the jackpot.",
	    "promo.sms_shortcode");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Fancy a date tonight? Send "
	    "CHAT to 69123 and meet singles near you.", "promo.sms_shortcode");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Txt: GOLD to No: 80877 "
	    "for this week's offer.", "promo.sms_shortcode");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "「ポイント」と入力して12345に"
	    "送信するだけでギフト券が届きます", "promo.ja_premium_sms");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "GIFTと書いて80877へ送信して"
	    "ください。毎週抽選です", "promo.ja_premium_sms");
	/* A number after "to" is no short code without the word sent. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "I had to send my ID twice "
	    "before the daily limit rose to 50000 yen.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Reply to the support ticket "
	    "and the limit goes from 10000 to 50000.");
}

/* Premium-rate numbers (UK 087x, 084x, "call 09xx", Japanese 0990). */
static void
test_premium_number(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Your number was picked for "
	    "a holiday voucher. Ring 0871 234 5678 before Friday.",
	    "promo.premium_number");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "An urgent message is waiting "
	    "for you, please call 0906-123-4567 today.",
	    "promo.premium_number");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Delivery pending: 08447123456 "
	    "to rearrange.", "promo.premium_number");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "占いの結果を知りたい方は今すぐ"
	    "0990-123-456へ", "promo.ja_premium_sms");
}

/* A price per message or minute, and opt-out instructions, add up. */
static void
test_per_message(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "New tones each week, 150p/msg. "
	    "Reply STOP to end.", "promo.sms_optout");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Live psychic readings, only "
	    "£1.50 per min, txt stop 2 cancel", "promo.per_message");
	/* Either alone is no hold. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "My bank charges 20p per "
	    "text for the 2FA code, is there an app instead?");
}

/* A cash prize promised, and "make money online / from home". */
static void
test_cash_and_money(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "You have a chance to win "
	    "£500 cash this weekend, call 0871 234 5678.", "promo.win_cash");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "I'm making over $4,000 per "
	    "month from home with one simple system, ask me how.",
	    "promo.money_online");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Start to earn extra income "
	    "online today, no experience needed.", "promo.money_online");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Learn how to make money fast "
	    "with crypto: how to make money online explained, link in bio",
	    "promo.money_fast");
	/* Mentions, not offers. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "I won £50 in a pub quiz and "
	    "bought BTC with it. Do I have to declare it?");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "There are many ways to make "
	    "money with Bitcoin, and all of them carry risk.");
}

/* The author's channel, page or video, and subscriptions asked for. */
static void
test_own_channel(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Hey everyone, I just started "
	    "making music, go and see my channel, it would mean a lot!",
	    "promo.own_channel");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Nice one. Check out my new "
	    "acoustic cover, thanks!", "promo.own_channel");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Check me out, I stream "
	    "every night.", "promo.own_channel");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Check out this video on "
	    "YouTube: crypto tips for 2026", "promo.yt_share");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Could you guys help me reach "
	    "1,000 subscribers? Only 40 to go!", "promo.sub_goal");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "If I reach 500 subs I will "
	    "shave my head.", "promo.sub_goal");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "great track, like & subscribe "
	    "everyone", "promo.sub_ask");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "please suscribe, new videos "
	    "every day", "promo.sub_ask");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "僕のチャンネルも見てください！"
	    "仮想通貨の解説動画を毎日アップしています", "promo.ja_own_channel");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "私のブログを覗いてください、"
	    "稼ぎ方をまとめています", "promo.ja_own_channel");
	/* The exchange's channel, someone else's video, the docs. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "The exchange's YouTube "
	    "channel has a video on 2FA recovery; check out their playlist.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Check out the official docs "
	    "for the deposit addresses of each network.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "公式のチャンネルで手順の動画を"
	    "見てください。二段階認証の再設定が説明されています。");
	/* Asking about a channel is no promotion of one. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "Someone asked me to check "
	    "out my channel settings to get paid in crypto, is that safe?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_code),
		cmocka_unit_test(test_premium_number),
		cmocka_unit_test(test_per_message),
		cmocka_unit_test(test_cash_and_money),
		cmocka_unit_test(test_own_channel),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
