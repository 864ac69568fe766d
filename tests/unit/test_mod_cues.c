/*
 * tests/unit/test_mod_cues.c: families of behaviour combined
 * (conf/moderation/cues.rules, check.c ctx_cues), and victims' questions.
 *
 * context.cues holds an answer in which several families meet a way out
 * of the forum: an instruction to contact someone, a claim of authority
 * or of success, urgency or a promise of money, moving the help out of
 * public view, a request for a secret or a fee.  Honest answers show one
 * or two of them (they address the asker and say "contact support from
 * the app") and pass.  A victim's question (first person, asks whether
 * something is real, or tells what happened and asks what to do) keeps
 * little weight for what it quotes and is published; the same shape that
 * tells of its own success is not a victim's.  The texts are written for
 * these tests (other exchanges, other messengers, Japanese and English),
 * none taken from a data set.
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

/* Held, and held by the combination of cues (not only by other rules). */
#define CUED(kind, reply, ak, body)					\
	HELD_BY((kind), (reply), (ak), (body), "context.cues")

#define NOT_CUED(kind, reply, ak, body) do {				\
	struct mod_verdict v_;						\
	check((kind), (reply), (ak), NULL, (body), &v_);		\
	if (has_rule(&v_, "context.cues"))				\
		dump((body), &v_);					\
	assert_false(has_rule(&v_, "context.cues"));			\
	mod_verdict_free(&v_);						\
} while (0)

/*
 * Lures whose words are each ordinary: they are held because several
 * families meet a way out of the forum.
 */
static void
test_lures(void **state)
{
	static const char *const lure[] = {
		/* a fee, a messenger, a guarantee */
		"To release the funds you must send the 0.05 ETH unlock fee "
		"first, then message the desk on Telegram. It's guaranteed, "
		"they released mine within an hour.",
		"For the unfreeze you have to transfer the 120 USDT deposit "
		"and then text the agent on WhatsApp, it is risk-free.",
		/* an expert, a success, a messenger (Japanese) */
		"GMOコインの凍結なら、知り合いの専門家に頼めばすぐ解除して"
		"もらえます。私も全額戻ってきました。インスタで探して連絡して"
		"みてください。",
		"Zaifの件、私も業者に依頼して8割戻りました。カカオで連絡"
		"すれば今なら無料です。",
		/* out of public view, a messenger, urgency */
		"ここでは書けないので、詳しくは個別にお伝えします。カカオ"
		"トークでメッセージください。今日中に対応すれば間に合います。",
		"I can't explain it publicly, the mods delete it. Reach out on "
		"Viber and I'll show you, but act now, it only works today.",
		/* authority, a handover, a way out */
		"I work with the OKX compliance unit. Enter your 2FA code and "
		"UID in the form at okx-case-review.example so the live agent "
		"can verify you.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(lure) / sizeof(lure[0]); i++)
		CUED(MOD_KIND_ANSWER, 1, &NEWBIE, lure[i]);
	/* A member with a history is held by it too (weight 1.0). */
	CUED(MOD_KIND_ANSWER, 1, &REGULAR, lure[0]);
	CUED(MOD_KIND_ANSWER, 1, &REGULAR, lure[2]);
}

/* Honest answers address the asker and give instructions: not a lure. */
static void
test_honest_answers(void **state)
{
	static const char *const honest[] = {
		"Open the app, go to Settings > Security and reset 2FA there. "
		"If that fails, contact support through the help centre form; "
		"they usually reply within 24 hours.",
		"You can reach the official help centre from the app menu. "
		"Don't send anyone your seed phrase, no real support will ask "
		"for it.",
		"I had the same problem. Your withdrawal is probably waiting "
		"for the network; check the TXID on a block explorer and "
		"contact support from the app if it is still pending tomorrow.",
		"出金が止まっているなら、アプリのお問い合わせフォームから連絡"
		"してください。私も先月同じで、2日後に解決しました。",
		"私も同じ症状でした。アプリを再インストールして、設定から二段階"
		"認証をやり直したら直りました。サポートへの連絡はアプリ内の"
		"チャットからできます。",
		"Join the exchange's Discord for announcements and ask in the "
		"help channel; staff answer there during office hours.",
		"公式サポートはありませんが、コミュニティのDiscordに参加すると"
		"質問できます。",
		"Never enter your recovery phrase on any site, and never pay "
		"an unlock fee: exchanges do not charge one.",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++) {
		NOT_CUED(MOD_KIND_ANSWER, 1, &NEWBIE, honest[i]);
		ALLOWED(MOD_KIND_ANSWER, 1, &REGULAR, honest[i]);
	}
}

/*
 * A victim quotes the scam contact and asks whether it is real, or tells
 * what happened and asks what to do: published.
 */
static void
test_victims_published(void **state)
{
	static const char *const victim[] = {
		"Someone on Telegram called @okx_care_desk says he can unlock "
		"my account if I pay a fee. Is this real? I have not paid "
		"anything yet.",
		"I got a call from +1 202 555 0143 saying they are Bybit "
		"security. They asked for my 2FA code. Is this legit or a "
		"scam?",
		"「GMOコイン公式サポート」を名乗るアカウントから、0120-555-019 "
		"に電話するよう DM が来ました。これは本物ですか？",
		"bitbankを名乗るSMSが届きました。リンク先は "
		"bitbank-login-check.example でした。本物でしょうか？",
		"I clicked a link in an email and typed my password on "
		"okx-verify.example. What should I do now?",
		"偽サイトでログインしてしまいました。bybit-secure-login.example "
		"というページでした。どうすればいいですか？",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(victim) / sizeof(victim[0]); i++)
		ALLOWED(MOD_KIND_QUESTION, 0, &NEWBIE, victim[i]);
}

/*
 * The victim's shape does not shelter a lure: a "question" that tells of
 * its own success and sends readers to the contact is still held.
 */
static void
test_victim_shape_is_no_shelter(void **state)
{
	(void)state;
	HELD(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "Is this real? I called +1 202 555 0143 and they got my funds "
	    "back in an hour, contact them on Telegram @okx_rescue.");
	HELD(MOD_KIND_QUESTION, 0, &NEWBIE,
	    "この回収業者は本物でしょうか？私は依頼して8割戻りました。"
	    "テレグラム @zaif_kaishu に連絡してみてください。");
	/* An answer is never a victim's question. */
	HELD(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "Is this legit? Yes: call +1 202 555 0143, they unlock accounts "
	    "in minutes.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lures),
		cmocka_unit_test(test_honest_answers),
		cmocka_unit_test(test_victims_published),
		cmocka_unit_test(test_victim_shape_is_no_shelter),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
