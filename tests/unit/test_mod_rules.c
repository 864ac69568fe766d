/* tests/unit/test_mod_rules.c: pattern rules and context weighting (kind, trust, distress, negation) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unicode/uregex.h>
#include <unicode/utf8.h>

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
test_number_question_vs_answer(void **state)
{
	struct mod_verdict v;

	(void)state;
	/* A user quoting a scam number to ask whether it is real. */
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "I got a call from +1 888 343 0116 saying they are Binance "
	    "support. Is this real?", &v);
	EXPECT(v, MOD_ALLOW);
	assert_int_equal(v.ncontacts, 1);
	mod_verdict_free(&v);
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "「0120-123-456」から電話があり、サポートだと言われました。"
	    "本物でしょうか？", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
	/* The same number offered as help by a new account. */
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "call +1 888 343 0116 for help, they fixed my account", &v);
	EXPECT_HELD(v);
	assert_int_equal(v.category, MOD_CAT_SCAM);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "こちらの番号にお電話ください：０１２０ー１２３ー４５６", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
}

static void
test_recovery_scam(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "My wallet was hacked and all my ETH was stolen. What can I do?",
	    "Sorry for your loss. Contact Mr. Adams, he can help you recover "
	    "your funds. Telegram: @adams_recovery", &v);
	EXPECT_HELD(v);
	assert_true(has_rule(&v, "context.recovery_offer"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE,
	    "アカウントが乗っ取られて資産を盗まれました",
	    "私も被害に遭いましたが、この方に依頼して全額取り戻してもらいました。"
	    "LINE ID: fukkatsu_pro まで連絡してください", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "I lost $40k to a fake exchange until I hired a legit hacker, "
	    "recoverywizard (at) gmail (dot) com", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
}

static void
test_impersonation(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "Hello, I'm from Binance support. Please DM me your account "
	    "details so we can fix it.", &v);
	EXPECT_HELD(v);
	assert_true(has_rule(&v, "imp."));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "公式サポートです。個別にDMでご連絡ください。", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
	/* Real staff saying so is fine. */
	check(MOD_KIND_ANSWER, 1, &STAFF, NULL,
	    "公式サポートです。お問い合わせフォームからご連絡ください。", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
}

static void
test_seed_requests(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "To fix the stuck withdrawal, enter your 12-word seed phrase at "
	    "the validation page.", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "ウォレットの同期が必要です。シードフレーズを入力してください。", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
	/* Evasions: full-width letters and zero-width characters. */
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "ｓｅｎｄ ｍｅ ｙｏｕｒ ｓｅｅｄ ｐｈｒａｓｅ", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "s\xe2\x80\x8b" "end me your s\xe2\x80\x8b" "eed phrase", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
}

static void
test_giveaway_invest_dm(void **state)
{
	struct mod_verdict v;

	(void)state;
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL,
	    "ETH GIVEAWAY: send 0.5 ETH to the address below and get 1 ETH "
	    "back instantly!", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "I invest with Mrs. Carter, guaranteed daily profit of 10% daily. "
	    "WhatsApp +1 (415) 555-2671", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL,
	    "必ず儲かる投資案件があります。詳細はLINEでご連絡ください。", &v);
	EXPECT_HELD(v);
	mod_verdict_free(&v);
}

static void
test_honest_posts(void **state)
{
	struct mod_verdict v;
	static const char *const qs[] = {
		"確定申告について質問です。2023年に0.5 BTCを4,500,000円で買い、"
		"2024年3月15日に5,200,000円で売りました。利益は700,000円で、"
		"手数料1,500円は経費にできますか？",
		"How do I report crypto gains for tax? I sold 0.25 BTC for "
		"$16,250 on 2024-03-15 and paid a $12.50 fee.",
		"Someone asked me to send my seed phrase to validate my wallet. "
		"Is this a scam?",
		"サポートを名乗る人からシードフレーズを教えてと言われました。"
		"詐欺でしょうか？",
		"My account was hacked and funds were stolen. How do I contact "
		"the official support?",
		"出金が反映されません。取引IDは 12345678 です。",
		/* asking about a giveaway (ethereum.org's FAQ wording) */
		"How can I claim my Ethereum giveaway?",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, qs[i], &v);
		EXPECT(v, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	/* Educational answers describing scams. */
	check(MOD_KIND_ANSWER, 1, &REGULAR, "I think I was scammed",
	    "Never share your seed phrase. Scammers will ask you to send your "
	    "recovery phrase to \"validate\" your wallet; support never does.",
	    &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &TRUSTED, "資産を盗まれました",
	    "取引所の公式サイトの問い合わせフォームから連絡してください。"
	    "SNSで「取り戻せる」と言う人は詐欺です。", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
}

/*
 * scam.ja_call_number (commit 4c110e7): a Japanese answer telling readers
 * to call or message a phone number, from a new account, is held; the
 * number written in any of the ways scammers write it.  Honest posts that
 * merely contain a number must not trip it.
 */
static void
test_ja_call_number(void **state)
{
	static const char *const scams[] = {
		"その件でしたらサポートセンター 0120-963-582 までお電話"
		    "ください。すぐに対応してもらえます。",
		"私も同じでしたが、050-3123-4567に今すぐ連絡してください。"
		    "担当者が復旧してくれました。",
		/* kanji digits and a long-vowel mark as the dash */
		"〇一二〇ー九六三ー五八二までご連絡ください",
		/* full-width digits and dashes */
		"０９０－１２３４－５６７８にショートメールを送ってください。",
		/* digits split by spaces */
		"+81 3 4567 8901 までお問い合わせください",
	};
	static const char *const honest_q[] = {
		/* a user asking whether a number that called them is real */
		"先ほど 0120-963-582 から電話があり「取引所のサポートです」と"
		    "言われました。この番号は本物でしょうか？折り返し電話した"
		    "ほうがいいですか？",
		/* a tax question full of numbers */
		"確定申告について質問です。2024年に 0.35 BTC を 1,250,000円で"
		    "購入し、2025年3月15日に 4,800,000円で売却しました。手数料は"
		    " 1,980円です。所得は 3,548,020円で合っていますか？住民税 10%、"
		    "所得税 20.42% で計算しています。",
		"カードが不正利用されたので、カード会社の0120に連絡しました。"
		    "取引所の口座も止めるべきでしょうか？",
		"カード会社の0120-123-456に電話しました。取引所側にも連絡が"
		    "必要ですか？",
	};
	const struct mod_reason *rs;
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(scams) / sizeof(scams[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, scams[i], &v);
		if ((rs = reason_of(&v, "scam.ja_call_number")) == NULL)
			dump(scams[i], &v);
		assert_non_null(rs);
		EXPECT_HELD(v);
		/* The span is on the original text and ends after the verb. */
		assert_int_equal(rs->span.field, MOD_FIELD_BODY);
		assert_true(rs->span.start < rs->span.end);
		assert_true(rs->span.end <= strlen(scams[i]));
		mod_verdict_free(&v);
	}
	/* The span of the first starts at the number. */
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, scams[0], &v);
	rs = reason_of(&v, "scam.ja_call_number");
	assert_non_null(rs);
	assert_int_equal(strncmp(scams[0] + rs->span.start, "0120", 4), 0);
	mod_verdict_free(&v);
	/* The same sentence in a question is not an instruction to readers. */
	check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, scams[0], &v);
	assert_null(reason_of(&v, "scam.ja_call_number"));
	mod_verdict_free(&v);
	for (i = 0; i < sizeof(honest_q) / sizeof(honest_q[0]); i++) {
		check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, honest_q[i], &v);
		if (v.decision != MOD_ALLOW ||
		    reason_of(&v, "scam.ja_call_number") != NULL)
			dump(honest_q[i], &v);
		EXPECT(v, MOD_ALLOW);
		assert_null(reason_of(&v, "scam.ja_call_number"));
		mod_verdict_free(&v);
	}
	/*
	 * A trusted member's advice to call the card company's number does
	 * match (it is the same behaviour), but trust keeps it published.
	 */
	check(MOD_KIND_ANSWER, 1, &TRUSTED, NULL,
	    "カード会社の0120-123-456に電話して止めてもらうのが先です。"
	    "そのあと取引所のお問い合わせフォームから連絡してください。", &v);
	EXPECT(v, MOD_ALLOW);
	mod_verdict_free(&v);
}

static void
test_duplicate_and_names(void **state)
{
	struct mod_post	 p;
	struct mod_author a;
	struct mod_verdict v;
	const char	*t = "Best crypto recovery service in town, they helped "
	    "my cousin with everything, highly recommended to all of you";
	uint64_t	 recent[2];

	(void)state;
	recent[0] = 12345;
	recent[1] = mod_simhash(t, strlen(t));
	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	p.kind = MOD_KIND_ANSWER;
	p.body = "Best crypto recovery service in town, they helped my "
	    "cousin with everything, highly recommended to all of you!";
	p.body_len = strlen(p.body);
	p.seconds_after_question = -1;
	p.recent_simhashes = recent;
	p.nrecent = 2;
	a.name = "Binance_Support";
	assert_int_equal(mod_check(R, &p, &a, &v), 0);
	assert_true(has_rule(&v, "context.duplicate"));
	assert_true(has_rule(&v, "context.name_impersonation"));
	EXPECT_HELD(v);
	mod_verdict_free(&v);
}

static void
test_spans(void **state)
{
	struct mod_verdict v;
	const char	*b = "Hi. ｅｎｔｅｒ your seed phrase here";
	size_t		 i;

	(void)state;
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL, b, &v);
	for (i = 0; i < v.nreasons; i++)
		if (strcmp(v.reasons[i].rule, "scam.seed_request") == 0)
			break;
	assert_true(i < v.nreasons);
	assert_int_equal(v.reasons[i].span.field, MOD_FIELD_BODY);
	assert_int_equal(v.reasons[i].span.start, 4);
	assert_int_equal(strncmp(b + v.reasons[i].span.end - 6, "phrase", 6),
	    0);
	mod_verdict_free(&v);
}

/*
 * Starts are searched only when needed (patterns.c, mod_hit_start): a
 * long match far into the text still gets its leftmost start, and a
 * negation that ends just before a hit's start (far from its end)
 * still cancels it, while one that ends earlier does not.
 */
static void
test_lazy_spans(void **state)
{
	struct mod_verdict v;
	const struct mod_reason *rs;
	char		 b[2048];
	const char	*ask = "登録している電話番号とログインIDをこのスレッドに"
	    "記載してください。";
	size_t		 k;

	(void)state;
	/* 300 bytes of honest text before a 60-byte match. */
	for (k = 0, b[0] = '\0'; k < 10; k++)
		strcat(b, "取引所の案内を確認しました。");
	strcat(b, ask);
	check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, b, &v);
	if ((rs = reason_of(&v, "scam.ja_cred_request")) == NULL)
		dump(b, &v);
	assert_non_null(rs);
	assert_int_equal(rs->span.start, strlen(b) - strlen(ask));
	assert_true(rs->span.end > rs->span.start + 60);
	mod_verdict_free(&v);

	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "Please do not enter your seed phrase on any site.", &v);
	assert_null(reason_of(&v, "scam.seed_request"));
	mod_verdict_free(&v);
	check(MOD_KIND_ANSWER, 1, &REGULAR, NULL,
	    "Do not worry about it. Please enter your seed phrase here.", &v);
	if (reason_of(&v, "scam.seed_request") == NULL)
		dump("lazy negation", &v);
	assert_non_null(reason_of(&v, "scam.seed_request"));
	mod_verdict_free(&v);
}

static uint64_t
lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

/*
 * A hit's start is searched in UTF-16 (patterns.c, mod_find_start), the
 * window and some context converted, instead of in the UTF-8 text
 * through a UText: the same start, or the same -1, for every window.
 * Random texts of letters, spaces and line ends, combining marks and
 * format characters (\b backs up over them), kana, 。, an emoji (two
 * UTF-16 units), sometimes a byte that is not UTF-8; windows ending at
 * any byte, inside characters too; hand-written expressions with \b,
 * \B, ^, $ and gaps, and the expressions of the shipped rules.
 */
static void
test_span_utf16_same(void **state)
{
	static const char *const pats[] = {
		"\\bab\\b", "\\b(i|my|me)\\b", "\\Ba", "a\\s+b", "^a", "b$",
		"(?m)^b", "(?m)a$", "\\bか", "ア\\b", "(a|ab)(c|bcd)?",
		".{0,3}b", "\\w+", "\\W", "[^。\\n]{0,6}b", "x?", "\\x{1f600}a",
		"a\\b", "\\bb\\s*か", "(?s)a.b", "i'?m\\b"
	};
	static const UChar32 pool[] = { 'a', 'b', 'A', 'B', 'i', 'm', 'y',
	    'x', 'c', 'd', '\'', ' ', ' ', '\n', '\r', '.', 0x301, 0x3099,
	    0x200b, 0x200d, 0xfeff, 0x3002, 0x304b, 0x30a2, 0x1f600, 0xe9,
	    0x3000, 0x2028, 0x85 };
	URegularExpression *re[sizeof(pats) / sizeof(pats[0]) + 400];
	UErrorCode	 st;
	uint64_t	 seed = 22;
	char		 buf[512];
	struct mod_text	 t;
	size_t		 nre = 0, i, k, end;
	int64_t		 from, a, b;
	int32_t		 len, n, bounds[200], nb;
	unsigned	 maxw;
	UChar32		 c;
	UBool		 err;
	int		 round, found = 0, inside = 0;

	(void)state;
	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		st = U_ZERO_ERROR;
		re[nre] = uregex_openC(pats[i], UREGEX_CASE_INSENSITIVE, NULL,
		    &st);
		assert_true(U_SUCCESS(st));
		nre++;
	}
	for (i = 0; i < mod_rules_count(R) && nre < sizeof(re) /
	    sizeof(re[0]); i++)
		if (strncmp(R->rules[i].id, "cue.", 4) == 0 &&
		    (re[nre] = mod_rule_regex(R, i, &maxw)) != NULL)
			nre++;
	assert_true(nre > sizeof(pats) / sizeof(pats[0]) + 10);
	memset(&t, 0, sizeof(t));
	for (round = 0; round < 300; round++) {
		len = 0;
		nb = 0;
		n = 1 + (int)(lcg(&seed) % 60);
		while (n-- > 0 && len < 400) {
			bounds[nb++] = len;
			if (lcg(&seed) % 50 == 0) {
				buf[len++] = (char)0xc3;	/* not UTF-8 */
				continue;
			}
			c = pool[lcg(&seed) % (sizeof(pool) / sizeof(pool[0]))];
			err = 0;
			U8_APPEND((uint8_t *)buf, len, (int32_t)sizeof(buf), c,
			    err);
			assert_false(err);
		}
		bounds[nb++] = len;
		buf[len] = '\0';
		t.s = buf;
		t.len = (size_t)len;
		for (i = 0; i < nre; i++)
			for (k = 0; k < 6; k++) {
				/* A window from a character's start. */
				end = (size_t)(lcg(&seed) % ((uint64_t)len + 1));
				from = bounds[lcg(&seed) % (uint64_t)nb];
				if ((size_t)from > end)
					from = 0;
				a = mod_find_start(re[i], &t, from, end, 1);
				b = mod_find_start(re[i], &t, from, end, 0);
				if (a != b)
					fprintf(stderr, "expression %zu, text "
					    "\"%s\", [%lld, %zu): utf-16 %lld, "
					    "utf-8 %lld\n", i, buf,
					    (long long)from, end, (long long)a,
					    (long long)b);
				assert_int_equal(a, b);
				found += a >= 0;
				inside += a > from;
			}
	}
	/* The comparison is not between two -1s. */
	assert_true(found > 1000);
	assert_true(inside > 500);
	for (i = 0; i < nre; i++)
		uregex_close(re[i]);
}

/*
 * A request to post the recovery phrase here (in the thread, a comment,
 * a form, a DM), in Japanese: held with any of the words for it and any
 * of the verbs for writing it there; advice to write it on paper, and a
 * warning that quotes the request, are not.
 */
static void
test_ja_seed_post_here(void **state)
{
	static const char *const asks[] = {
		"復元フレーズをここに書いてください。確認します。",
		"シードフレーズをこのスレッドに記載してください。調べます。",
		"リカバリーフレーズをコメント欄に書き込んでもらえれば復旧できます。",
		"秘密鍵を下記のフォームに投稿してください。",
		"ニーモニックをdmに載せてください、すぐ対応します。",
	};
	static const char *const honest[] = {
		"復元フレーズは紙に書いて金庫に保管してください。",
		"復元フレーズをここに書いてくださいと言われても絶対に書かないで"
		    "ください。詐欺です。",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, asks[i], &v);
		if (v.decision == MOD_ALLOW)
			dump(asks[i], &v);
		EXPECT_HELD(v);
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, honest[i], &v);
		if (v.decision != MOD_ALLOW)
			dump(honest[i], &v);
		EXPECT(v, MOD_ALLOW);
		mod_verdict_free(&v);
	}
}

/*
 * Spellings and shapes the SMS and YouTube spam of the train split used
 * and the rules missed: misspelled requests for subscribers, premium-rate
 * prices and short codes, "XXX pics".  Honest lines that share words stay
 * clean.
 */
static void
test_sms_youtube_shapes(void **state)
{
	static const struct {
		enum mod_kind	 kind;
		const char	*rule, *body;
	} hit[] = {
		{ MOD_KIND_ANSWER, "spam.sub_request",
		    "plz i will subscribe u back, sub me frndz" },
		{ MOD_KIND_ANSWER, "spam.sub_request",
		    "LIKE AND SUBSCRIB IF YOU WATCH IN 2015" },
		{ MOD_KIND_ANSWER, "spam.sub_request", "subscribers please" },
		{ MOD_KIND_QUESTION, "spam.premium_keyword", "Choose from 1000s "
		    "of tones each wk! Weekly tones costing 300p." },
		{ MOD_KIND_QUESTION, "spam.premium_keyword", "Auction round 4. "
		    "Bids are charged 150p each." },
		{ MOD_KIND_QUESTION, "spam.adult",
		    "Would you like to see my XXX pics?" },
	};
	static const char *const honest[] = {
		"I subscribed to the exchange's status page, please check it.",
		"The API costs nothing; the 0.1 % fee is charged per trade.",
		"Send the support team your ticket number, not your password.",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(hit) / sizeof(hit[0]); i++) {
		check(hit[i].kind, hit[i].kind == MOD_KIND_ANSWER, &NEWBIE, NULL,
		    hit[i].body, &v);
		if (!has_rule(&v, hit[i].rule))
			dump(hit[i].body, &v);
		assert_true(has_rule(&v, hit[i].rule));
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(honest) / sizeof(honest[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &NEWBIE, NULL, honest[i], &v);
		if (has_rule(&v, "spam."))
			dump(honest[i], &v);
		assert_false(has_rule(&v, "spam."));
		mod_verdict_free(&v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_question_vs_answer),
		cmocka_unit_test(test_recovery_scam),
		cmocka_unit_test(test_impersonation),
		cmocka_unit_test(test_seed_requests),
		cmocka_unit_test(test_giveaway_invest_dm),
		cmocka_unit_test(test_honest_posts),
		cmocka_unit_test(test_ja_call_number),
		cmocka_unit_test(test_duplicate_and_names),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_lazy_spans),
		cmocka_unit_test(test_span_utf16_same),
		cmocka_unit_test(test_ja_seed_post_here),
		cmocka_unit_test(test_sms_youtube_shapes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
