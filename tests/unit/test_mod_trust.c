/*
 * tests/unit/test_mod_trust.c: names and trust marks.
 *
 * Usernames and display names (mod_name_check_ex and the server's
 * acct_name_check): protected words in Japanese and katakana, brackets
 * and middle dots that split a word, lookalike letters, contacts, near
 * copies of staff names; text imitating the forum's trust marks; tags
 * checked like the text.  Several variants of each trick.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acct/acct.h"
#include "moderation/moderation.h"
#include "mod_fixture.h"

static const char *const STAFF_NAMES[] = {
	"sato_staff", "佐藤（スタッフ）", "emma_staff", "Emma", "mod_tanaka",
	"田中", "yamada_taro",
};
#define NSTAFF	(sizeof(STAFF_NAMES) / sizeof(STAFF_NAMES[0]))

static int
name(const char *s)
{
	char	 m[64];
	int	 rc;

	rc = mod_name_check_ex(R, s, strlen(s), STAFF_NAMES, NSTAFF, m,
	    sizeof(m));
	if (rc < 0)
		fail_msg("%s: error", s);
	return rc;
}

#define EXPECT(s, want) do {						\
	int got_ = name(s);						\
	if (got_ != (want))						\
		fail_msg("%s: got %d, want %d", (s), got_, (want));	\
} while (0)

static void
test_protected_words(void **state)
{
	static const char *const bad[] = {
		"スタッフ山田", "モデレーター", "モデレータ佐々木", "運営事務局",
		"ｽﾀｯﾌ",			/* half-width katakana */
		"sup(port)", "Supp(ort)_desk", "off(icial)", "adm(in)",
		"【公式】ken", "「運営」", "スタ・ッフ", "バイ・ナンス",
		"バイナンス", "コインベース公認", "ビットフライヤー",
		"コインチェック", "メタマスク_help", "gmoコイン",
		"Ѕupport", "ѕtaff_team", "Stаff", "m0derator", "0fficial",
		"sup.port", "s u p p o r t",
	};
	static const char *const good[] = {
		"kenji", "yuki88", "hanako_w", "badminton", "bad(min)ton",
		"サトウ", "mike_trader", "レジャー好き", "ビット", "コイン太郎",
		"staffordshire_fan", "modern_art",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT(bad[i], MOD_NAME_PROTECTED);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		EXPECT(good[i], MOD_NAME_OK);
}

static void
test_contacts_in_names(void **state)
{
	static const char *const bad[] = {
		"Kenji TG @fixdesk77", "kenji +1 888 555 0199",
		"ken t.me/fixdesk", "LINE ID: fixdesk", "help@desk.example",
		"yuki 090-1234-5678", "ユキ ０９０１２３４５６７８",
		"Kenji (WhatsApp 8885550199)", "ken discord.gg/abcd",
		"テレグラム @fixdesk", "ken wallet-fix.com",
	};
	static const char *const good[] = {
		"@kenji", "kenji_2024", "Kenji 88", "Ken in Tokyo",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT(bad[i], MOD_NAME_CONTACT);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		EXPECT(good[i], MOD_NAME_OK);
}

static void
test_staff_lookalike_names(void **state)
{
	static const char *const bad[] = {
		"sato_stafff", "sato-staff", "sato.staf", "sat0_staff",
		"s4to_staff", "satostaff", "emma_staf", "Emma", "EMMA",
		"mod_tanak", "mod-tanaka", "田中", "ｍｏｄ＿ｔａｎａｋａ",
		"ѕato_staff",		/* Cyrillic ѕ */
	};
	static const char *const good[] = {
		"sato_kenji", "tanaka_yuki", "emily", "田中太郎", "佐藤花子",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int got = name(bad[i]);

		/* "staff" itself is protected: either refusal will do. */
		if (got != MOD_NAME_STAFF && got != MOD_NAME_PROTECTED)
			fail_msg("%s: got %d", bad[i], got);
	}
	/* Without "staff" in them, refused for being near a staff name. */
	EXPECT("emma_staf", MOD_NAME_STAFF);
	EXPECT("EMMA", MOD_NAME_STAFF);
	EXPECT("yamada_tar0", MOD_NAME_STAFF);
	EXPECT("yamada-taro", MOD_NAME_STAFF);
	EXPECT("yamadatar", MOD_NAME_STAFF);
	EXPECT("yarnada_taro", MOD_NAME_STAFF);	/* "rn" for "m" */
	EXPECT("田中", MOD_NAME_STAFF);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		EXPECT(good[i], MOD_NAME_OK);
	/* No staff list: only words and contacts count. */
	assert_int_equal(mod_name_check_ex(R, "emma_staf", 9, NULL, 0, NULL,
	    0), MOD_NAME_OK);
}

/* The server's wrapper, on the names-only rule set. */
static void
test_acct_name_check(void **state)
{
	static const char *const staff[] = { "sato_staff", "Emma" };
	char		 m[64];

	(void)state;
	assert_int_equal(acct_init("conf/moderation"), 0);
	assert_int_equal(acct_name_check("スタッフ佐藤", staff, 2, m,
	    sizeof(m)), ACCT_NAME_IMPERSONATES);
	assert_int_equal(acct_name_check("adm(in)", staff, 2, NULL, 0),
	    ACCT_NAME_IMPERSONATES);
	assert_int_equal(acct_name_check("ken TG @fixdesk", staff, 2, m,
	    sizeof(m)), ACCT_NAME_CONTACT);
	assert_int_equal(acct_name_check("Emrna", staff, 2, m, sizeof(m)),
	    ACCT_NAME_STAFF_LIKE);
	assert_string_equal(m, "Emma");
	assert_int_equal(acct_name_check("kenji", staff, 2, NULL, 0),
	    ACCT_NAME_FINE);
	assert_int_equal(acct_name_check("\xff", staff, 2, NULL, 0), -1);
}

static void
test_trust_marks(void **state)
{
	static const char *const bad[] = {
		"★ 公式回答\nこの件はフォームから申請してください。",
		"☆公式回答☆ 出金はメンテナンス明けに反映されます。",
		"✔ スタッフ確認済み\n出金はメンテナンス明けに反映されます。",
		"✓ スタッフ確認済\n対応しました",
		"✅ Staff-verified: this fix works.",
		"**Official answer**\n\nPlease wait 24 hours.",
		"[Staff-verified] This fix works.",
		"【公式回答】出金遅延について対応中です。",
		"&#9733; 公式回答\n対応済みです",
		"⭐ Official Answer ⭐ wait for the upgrade.",
	};
	static const char *const good[] = {
		"What does staff-verified mean on an answer?",
		"この件について公式回答はまだ出ていないでしょうか？",
		"The official answer below says to wait 24 hours.",
		"スタッフ確認済みの回答に従ったら直りました。",
		"I marked it as the best answer, thanks!",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		check(MOD_KIND_ANSWER, 1, &REGULAR, NULL, bad[i], &v);
		if (!has_rule(&v, "imp.trust_mark") ||
		    v.decision == MOD_ALLOW)
			dump(bad[i], &v);
		assert_true(has_rule(&v, "imp.trust_mark"));
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
		/* New members too, and in questions. */
		check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, bad[i], &v);
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
		/* Staff draw no mark by writing it, but may write it. */
		check(MOD_KIND_ANSWER, 1, &STAFF, NULL, bad[i], &v);
		assert_int_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		check(MOD_KIND_QUESTION, 0, &NEWBIE, NULL, good[i], &v);
		if (has_rule(&v, "imp.trust_mark"))
			dump(good[i], &v);
		assert_false(has_rule(&v, "imp.trust_mark"));
		mod_verdict_free(&v);
		check(MOD_KIND_ANSWER, 1, &REGULAR, NULL, good[i], &v);
		assert_false(has_rule(&v, "imp.trust_mark"));
		mod_verdict_free(&v);
	}
}

/* Tags are checked like the text, their contacts recorded. */
static void
test_tags(void **state)
{
	static const struct {
		const char *tags;
		enum mod_contact_type type;
		const char *value;
	} c[] = {
		{ "出金 telegram-fixdesk77 サポート", MOD_CONTACT_TELEGRAM, "" },
		{ "deposit 08012345678", MOD_CONTACT_PHONE, "+818012345678" },
		{ "withdrawal t.me/fixdesk", MOD_CONTACT_TELEGRAM, "fixdesk" },
		{ "btc wallet-fix.example", MOD_CONTACT_DOMAIN,
		    "wallet-fix.example" },
	};
	struct mod_post	 p;
	struct mod_author a;
	struct mod_verdict v;
	size_t		 i, k;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&p, 0, sizeof(p));
		memset(&a, 0, sizeof(a));
		p.kind = MOD_KIND_QUESTION;
		p.title = "出金が届きません、どうすればいいですか";
		p.title_len = strlen(p.title);
		p.body = "昨日送金した分がまだ反映されていません。";
		p.body_len = strlen(p.body);
		p.tags = c[i].tags;
		p.tags_len = strlen(c[i].tags);
		p.seconds_after_question = -1;
		a.trust = 0;
		a.account_age_days = 1;
		assert_int_equal(mod_check(R, &p, &a, &v), 0);
		for (k = 0; k < v.ncontacts; k++)
			if (v.contacts[k].type == c[i].type &&
			    (c[i].value[0] == '\0' ||
			    strcmp(v.contacts[k].value, c[i].value) == 0))
				break;
		if (k == v.ncontacts)
			dump(c[i].tags, &v);
		assert_true(k < v.ncontacts);
		mod_verdict_free(&v);
	}
	/* Ordinary tags add nothing. */
	memset(&p, 0, sizeof(p));
	p.kind = MOD_KIND_QUESTION;
	p.title = "出金が届きません、どうすればいいですか";
	p.title_len = strlen(p.title);
	p.body = "昨日送金した分がまだ反映されていません。";
	p.body_len = strlen(p.body);
	p.tags = "出金 btc 2fa";
	p.tags_len = strlen(p.tags);
	p.seconds_after_question = -1;
	assert_int_equal(mod_check(R, &p, NULL, &v), 0);
	assert_int_equal(v.ncontacts, 0);
	assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_protected_words),
		cmocka_unit_test(test_contacts_in_names),
		cmocka_unit_test(test_staff_lookalike_names),
		cmocka_unit_test(test_acct_name_check),
		cmocka_unit_test(test_trust_marks),
		cmocka_unit_test(test_tags),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
