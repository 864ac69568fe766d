/*
 * tests/unit/test_mod_promo2.c: the third pass on promotion by what it
 * asks or discloses (conf/moderation/promo.rules, issue 22's public
 * split): the price of the message itself, a chat line's request for
 * name and age, paid content "waiting to be collected", the author's
 * channel named in passing, a request to share the author's video (and
 * the share button's text cut short), "subscribe" misspelt, free gift
 * cards, money "with no risk or effort", a quiz answered by text, a
 * request for donations, a bulk service's instructions; and a guide
 * that names a scheme as a scam before explaining it
 * (honest.scheme_named_scam).
 * Each held variant is held by the rules alone (no model is loaded) and
 * by the rule named; the honest look-alikes are published.  Every text
 * is written for these tests, in English and Japanese; none is taken
 * from a data set.
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

/* What the message costs to send or receive: premium bulk texts. */
static void
test_msg_charge(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Missed you babe, fancy a "
	    "chat tonight? std chgs to send, £2 to rcv", "promo.msg_charge");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Your weekly horoscope is "
	    "ready! msgs cost 50p each, std network rates apply",
	    "promo.msg_charge");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Meet local gamers tonight, "
	    "join 4 only 25p and start playing", "promo.msg_charge");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Thanks for your order, "
	    "you've been charged 45p. Want more? Reply MORE",
	    "promo.msg_charge");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "今週の占いをお届けします。"
	    "受信料は1通 100円です", "promo.msg_charge");
	/* Fees of a transfer or of a bank's text are no such notice. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "The network fee to receive "
	    "USDT on Tron was 1 TRX, is that normal?");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Your bank may charge 10p to "
	    "send the 2FA text; use the authenticator app instead.");
}

/* A chat or dating line's first question: name, age, gender. */
static void
test_chat_line(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Hi there! Reply with your "
	    "age and gender to begin, e.g. 30F", "promo.chat_line");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Lonely tonight? Text back "
	    "your name + town and we'll find you a match", "promo.chat_line");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Singles near you are "
	    "waiting. Send name & age now", "promo.chat_line");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "素敵な出会いを探しています。"
	    "名前と年齢を返信してね", "promo.chat_line");
	/* Asking for the account's name and age on the form is support. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "The verification form asks "
	    "for your name and date of birth exactly as on your ID.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "Why does the KYC page need "
	    "my age and address?");
}

/* Paid content said to be waiting for download or collection. */
static void
test_content_waiting(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "You still have not "
	    "collected your mobile content, go to wap.example.tv now",
	    "promo.content_waiting");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Thanks for ordering! "
	    "A service msg will follow to download ur content.",
	    "promo.content_waiting");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Hot new polyphonic tones "
	    "this week: order from the next message", "promo.content_waiting");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "ご購入ありがとうございます。"
	    "着メロをダウンロードしてお楽しみください", "promo.content_waiting");
	/* Exporting one's own data is not a delivery notice. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "You can download your trade "
	    "history as CSV under Settings > Reports.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "Can I download my content "
	    "from the forum before deleting the account?");
}

/* The author's own channel, named in passing in a comment. */
static void
test_channel_mention(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "lol same. there's a video on "
	    "my channel about this exact thing", "promo.channel_mention");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "I just started a cooking "
	    "channel, first episode is up!", "promo.channel_mention");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "more of these in our channel "
	    "every friday", "promo.channel_mention");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "同じ内容を僕のチャンネルで"
	    "詳しく話しています", "promo.channel_mention");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "ゲーム実況のチャンネルを"
	    "始めました！", "promo.channel_mention");
	/* The exchange's channel, and a question about one's own. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "The exchange's official "
	    "channel has a video on enabling 2FA.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "How do I link my channel "
	    "to my forum profile?");
}

/* A request to share the author's video or page. */
static void
test_share_ask(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Please share my video, it "
	    "took me a month to edit", "promo.share_ask");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "watch & share guys!!",
	    "promo.share_ask");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "our band is in the final, "
	    "share to vote for us", "promo.share_ask");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "SHARE THIS TO 20 PEOPLE OR "
	    "bad luck for a year", "promo.share_ask");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "私の動画をシェアしてください！",
	    "promo.share_ask");
	/* The share button's text cut short is still the share text. */
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Check out this video on "
	    "YouTub", "promo.yt_share");
	/* Sharing logs with support, or a warning, is not promotion. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Please share the error "
	    "message and your app version so we can look.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Never share your screen "
	    "with someone who says they are support.");
}

/* "Subscribe" misspelt or clipped, and "subscribe to hear it". */
static void
test_sub_misspelt(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "I'm so funny, sucscribe to "
	    "me!", "promo.sub_misspelt");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "new remix up, listen and "
	    "subscrible", "promo.sub_misspelt");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "I wrote a song about this, "
	    "subscribe to hear it", "promo.sub_misspelt");
	/* Subscribing to the exchange's announcements is honest advice. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Subscribe to the status page "
	    "to get maintenance notices.");
}

/* Free gift cards, PayPal money and in-game currency. */
static void
test_free_giftcards(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Get free gift cards and "
	    "paypal cash every day!", "promo.free_giftcards");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "how to generate unlimited "
	    "robux, works 100%", "promo.free_giftcards");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "claim free steam codes "
	    "before they run out", "promo.free_giftcards");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "アマギフを無料でゲットする"
	    "方法を教えます", "promo.free_giftcards");
	/* Buying a gift card, and asking about one, are not offers. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "You can't buy crypto with a "
	    "gift card here; use a bank transfer.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "Someone offers free gift "
	    "cards for my login, is this a scam?");
}

/* Money with no risk or effort, a site "to make money". */
static void
test_money_easy(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "I've been earning income "
	    "without any risk from matched deals, ask me how",
	    "promo.money_easy");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "best app to earn cash, "
	    "trust me", "promo.money_easy");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Make money while sleeping, "
	    "my cousin does it every night", "promo.money_easy");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Start to earn a second salary "
	    "with zero effort today", "promo.money_easy");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "寝ている間にお小遣いが稼げる"
	    "アプリです、リンクはプロフィールに", "promo.money_easy");
	/* Risk explained, and a question about a platform, are honest. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "No platform offers profit "
	    "without risk; staking rewards can fall too.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "You can't make money without "
	    "risk here, whatever the DMs say.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "Is there a way to make money "
	    "from the referral program here?");
}

/* A quiz answered by texting a letter. */
static void
test_sms_quiz(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Which city hosted the 2012 "
	    "Olympics? A-Paris, B-London, C-Rome. Send A, B or C now",
	    "promo.sms_quiz");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Name the singer: reply "
	    "with A, B, C or D", "promo.sms_quiz");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "今週のクイズ！答えはA、Bまたは"
	    "Cで返信してね", "promo.sms_quiz");
	/* Options listed in a question are no quiz by text. */
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "Should I pick plan A, B or "
	    "C for the savings account?");
}

/* A request to donate crypto to the author. */
static void
test_donate_me(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "if you liked this please "
	    "donate bitcoins to me at my address in the bio",
	    "promo.donate_me");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "Tip some ETH to my wallet, "
	    "every bit helps", "promo.donate_me");
	HELD_BY(MOD_KIND_ANSWER, 1, &NEWBIE, "役に立ったら僕のアドレスに"
	    "投げ銭お願いします", "promo.donate_me");
	/* Explaining how donations work is honest. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Projects usually list a "
	    "donation address; check it on their official site.");
}

/* A bulk service's own instructions. */
static void
test_sms_service(void **state)
{
	(void)state;
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Your club membership renews "
	    "weekly. Reply CLUB HELP 4 more info", "promo.sms_service");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Unlock the deluxe level for "
	    "£3 by replying GET DELUXE", "promo.sms_service");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "Miss me? Txt KISS now (3msgs)",
	    "promo.sms_service");
	HELD_BY(MOD_KIND_QUESTION, 0, &NEWBIE, "毎日の運勢をお届け中。"
	    "「ヘルプ」と返信すると詳細をご案内します", "promo.sms_service");
	/* Support asking for a reply is no service keyword. */
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "You can reopen the ticket by "
	    "replying to the support email with your case number.");
	ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, "I sent 3 messages (3 msgs) "
	    "to support and got no answer, what now?");
}

/*
 * A guide naming a scheme as a scam before it explains the scheme; the
 * same words in a lure that also asks for funds stay held.
 */
static void
test_scheme_named_scam(void **state)
{
	(void)state;
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "The giveaway scam: a fake "
	    "celebrity account says it will give away 5,000 ETH to "
	    "everyone who watches the stream.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "Airdrops are almost always "
	    "scams: a post promises 100 SOL for free to the first wallets.");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "プレゼントは常に詐欺です。よくある"
	    "文面：ギフト券をお受け取りいただくには手数料が必要です。");
	ALLOWED(MOD_KIND_ANSWER, 1, &NEWBIE, "プレゼント詐欺の多くは"
	    "「当選おめでとうございます」で始まります。");
	/* The lure itself keeps its weight, denial or not. */
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "This is not a giveaway scam: we "
	    "give away 10 ETH to every follower today.");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "Not a giveaway scam!! Send 1 ETH "
	    "to 0x52908400098527886E0F7030069857D2E4169EE7 and get 2 ETH "
	    "back, double your ETH today");
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE, "このプレゼントは詐欺ではありません！"
	    "当選しました。受け取りはこちらのLINEへ: @gift_desk");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msg_charge),
		cmocka_unit_test(test_chat_line),
		cmocka_unit_test(test_content_waiting),
		cmocka_unit_test(test_channel_mention),
		cmocka_unit_test(test_share_ask),
		cmocka_unit_test(test_sub_misspelt),
		cmocka_unit_test(test_free_giftcards),
		cmocka_unit_test(test_money_easy),
		cmocka_unit_test(test_sms_quiz),
		cmocka_unit_test(test_donate_me),
		cmocka_unit_test(test_sms_service),
		cmocka_unit_test(test_scheme_named_scam),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
