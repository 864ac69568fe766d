/*
 * tests/unit/test_mod_reader.c: the filters read what a reader sees.
 *
 * Character references, raw HTML inside words, code spans, emphasis and
 * backslash escapes in the Markdown source; the rendered text given by
 * the server (mod_post.rendered); percent-encoded and full-width link
 * hosts; lookalike letters of other scripts inside keywords.  Each trick
 * in several variants; spans stay on the source.
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
#include "moderation/moderation.h"
#include "view/md.h"
#include "mod_fixture.h"

static int	 contact(const struct mod_verdict *, enum mod_contact_type,
		    const char *);
static void	 answer(const char *, const char *, struct mod_verdict *);

/* The verdict holds a contact of type with value. */
static int
contact(const struct mod_verdict *v, enum mod_contact_type type,
    const char *value)
{
	size_t		 i;

	for (i = 0; i < v->ncontacts; i++)
		if (v->contacts[i].type == type &&
		    strcmp(v->contacts[i].value, value) == 0)
			return 1;
	return 0;
}

/* A new account's answer to someone else, with optional rendered text. */
static void
answer(const char *body, const char *rendered, struct mod_verdict *v)
{
	struct mod_post	 p;
	struct mod_author a;

	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	p.kind = MOD_KIND_ANSWER;
	p.body = body;
	p.body_len = strlen(body);
	p.reply_to_question = 1;
	p.seconds_after_question = -1;
	if (rendered != NULL) {
		p.rendered = rendered;
		p.rendered_len = strlen(rendered);
	}
	a.trust = 0;
	a.account_age_days = 1;
	assert_int_equal(mod_check(R, &p, &a, v), 0);
}

static void
test_entities(void **state)
{
	static const struct {
		const char *body;
		enum mod_contact_type type;
		const char *value;
	} c[] = {
		{ "Ask on &#84;elegram: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "Ask on &#x54;elegram: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "Ask on T&#101;l&#x65;gram: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "Ask on &#87;hatsApp &#43;1 888 555 0199 today.",
		    MOD_CONTACT_PHONE, "+18885550199" },
		{ "Call +1&#32;888&#45;555&#45;0199 today.",
		    MOD_CONTACT_PHONE, "+18885550199" },
		{ "Write to help&commat;wallet-fix&period;example now.",
		    MOD_CONTACT_EMAIL, "help@wallet-fix.example" },
		{ "Write to help&#64;wallet-fix&#46;example now.",
		    MOD_CONTACT_EMAIL, "help@wallet-fix.example" },
		{ "サポートは&#12486;レグラム：fixdesk77 へ",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "&#76;INE ID: fixdesk77 に連絡してください",
		    MOD_CONTACT_LINE, "fixdesk77" },
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		answer(c[i].body, NULL, &v);
		if (!contact(&v, c[i].type, c[i].value))
			dump(c[i].body, &v);
		assert_true(contact(&v, c[i].type, c[i].value));
		mod_verdict_free(&v);
	}
}

static void
test_html_and_markdown_in_words(void **state)
{
	static const struct {
		const char *body;
		enum mod_contact_type type;
		const char *value;
	} c[] = {
		{ "Ask on Tele<b></b>gram: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "Ask on Tele<span class=\"x\"></span>gram: fixdesk77 ok",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "Ask on Tele<!-- x -->gram: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "Ask on Tele`gram`: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "Ask on Tele**gram**: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		{ "Ask on What<i></i>sApp: +1 888 555 0199 today.",
		    MOD_CONTACT_PHONE, "+18885550199" },
		{ "Write to help\\@wallet-fix.example now.",
		    MOD_CONTACT_EMAIL, "help@wallet-fix.example" },
		{ "テレ<b></b>グラム：fixdesk77 へどうぞ",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		answer(c[i].body, NULL, &v);
		if (!contact(&v, c[i].type, c[i].value))
			dump(c[i].body, &v);
		assert_true(contact(&v, c[i].type, c[i].value));
		mod_verdict_free(&v);
	}
}

/* A rule hidden by entities or code spans fires, its span on the source. */
static void
test_rules_and_spans_on_source(void **state)
{
	static const char *const body[] = {
		"To unlock it, send me your `seed phrase` here.",
		"To unlock it, send me your s&#101;ed phrase here.",
		"To unlock it, send me your **seed** phrase here.",
	};
	struct mod_verdict v;
	const struct mod_reason *r;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(body) / sizeof(body[0]); i++) {
		answer(body[i], NULL, &v);
		if ((r = reason_of(&v, "scam.seed_request")) == NULL)
			dump(body[i], &v);
		assert_non_null(r);
		/* The span covers "send me your … phrase" in the source. */
		assert_true(r->span.end > r->span.start);
		assert_true(r->span.end <= strlen(body[i]));
		assert_memory_equal(body[i] + r->span.start, "send", 4);
		assert_memory_equal(body[i] + r->span.end - 6, "phrase", 6);
		mod_verdict_free(&v);
	}
	/* A contact hidden by an entity is highlighted where it is written. */
	answer("Ask on &#84;elegram: fixdesk77 and they answer.", NULL, &v);
	for (i = 0; i < v.ncontacts; i++)
		if (v.contacts[i].type == MOD_CONTACT_TELEGRAM)
			break;
	assert_true(i < v.ncontacts);
	assert_int_equal(v.contacts[i].span.start, 7);
	assert_memory_equal("fixdesk77", "Ask on &#84;elegram: fixdesk77 and "
	    "they answer." + v.contacts[i].span.end - 9, 9);
	mod_verdict_free(&v);
}

/* What the server renders is checked besides the source. */
static void
test_rendered_text(void **state)
{
	struct mod_verdict v;
	const struct mod_reason *r;
	size_t		 i;

	(void)state;
	/* Hidden in a way only the renderer knows: a reference link text. */
	answer("Ask [them][1] and they answer.\n\n[1]: /help",
	    "Ask Telegram: fixdesk77 and they answer.\n", &v);
	assert_true(contact(&v, MOD_CONTACT_TELEGRAM, "fixdesk77"));
	for (i = 0; i < v.ncontacts; i++)
		if (v.contacts[i].type == MOD_CONTACT_TELEGRAM) {
			/* Not in the source: reported without a span. */
			assert_int_equal(v.contacts[i].span.field,
			    MOD_FIELD_BODY);
			assert_int_equal(v.contacts[i].span.start, 0);
			assert_int_equal(v.contacts[i].span.end, 0);
		}
	mod_verdict_free(&v);

	/* In both: one reason, with its span on the source. */
	answer("To unlock it, send me your seed phrase here.",
	    "To unlock it, send me your seed phrase here.\n", &v);
	for (i = 0, r = NULL; i < v.nreasons; i++)
		if (strcmp(v.reasons[i].rule, "scam.seed_request") == 0) {
			assert_null(r);
			r = &v.reasons[i];
		}
	assert_non_null(r);
	assert_true(r->span.end > r->span.start);
	mod_verdict_free(&v);

	/* A lookalike link only in the rendered text counts once. */
	answer("see the page", "see https://blnance.com/login and "
	    "https://blnance.com/login\n", &v);
	for (i = 0, r = NULL; i < v.nreasons; i++)
		if (strcmp(v.reasons[i].rule, "link.lookalike") == 0) {
			assert_null(r);
			r = &v.reasons[i];
		}
	assert_non_null(r);
	assert_int_not_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);

	/* An honest rendered text adds nothing. */
	answer("Check **Settings > Security** and enable `2FA`.",
	    "Check Settings > Security and enable 2FA.\n", &v);
	assert_int_equal(v.decision, MOD_ALLOW);
	mod_verdict_free(&v);
}

/* The host of a link is judged decoded, as the page labels it. */
static void
test_link_hosts_decoded(void **state)
{
	static const char *const url[] = {
		"https://b%69nance-support.example/login",
		"https://%62%69%6e%61%6e%63%65-login.example/",
		"https://co%69nbase-help.example/x",
		"https://ｂｉｎａｎｃｅ-login.example/",
		"https://exchange.example@b%69nance-verify.example/",
		"https://binance%E3%80%82com.secure-login.example/",
	};
	struct mod_post	 p;
	struct mod_author a;
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(url) / sizeof(url[0]); i++) {
		memset(&p, 0, sizeof(p));
		memset(&a, 0, sizeof(a));
		p.kind = MOD_KIND_ANSWER;
		p.body = "Log in [here](x) to fix it.";
		p.body_len = strlen(p.body);
		p.links = &url[i];
		p.nlinks = 1;
		p.seconds_after_question = -1;
		a.trust = 1;
		a.account_age_days = 30;
		assert_int_equal(mod_check(R, &p, &a, &v), 0);
		if (!has_rule(&v, "link.lookalike") &&
		    !has_rule(&v, "link.brand_subdomain"))
			dump(url[i], &v);
		assert_true(has_rule(&v, "link.lookalike") ||
		    has_rule(&v, "link.brand_subdomain"));
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
}

/*
 * Percent escapes in a link written as text (no Markdown link): the host
 * a browser goes to when the text is pasted, decoded, and recorded so.
 */
static void
test_text_hosts_decoded(void **state)
{
	static const struct {
		const char *body;
		const char *host;
	} c[] = {
		{ "Support: https://b%69nance-support.example/login now",
		    "binance-support.example" },
		{ "Support: https://%62%69%6e%61%6e%63%65-login.example/",
		    "binance-login.example" },
		{ "Verify at hxxps://co%69nbase-help.example/verify",
		    "coinbase-help.example" },
		{ "Go to b%69nance-support.com and sign in.",
		    "binance-support.com" },
		{ "Go to bitfl%79er-help.com and sign in.",
		    "bitflyer-help.com" },
		{ "go to b%69nance%2dsupport.com", "binance-support.com" },
		{ "サポートはこちらhttps://b%69nance-support.com/から",
		    "binance-support.com" },
		{ "サポート：coinch%65ck-desk.jp まで", "coincheck-desk.jp" },
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		answer(c[i].body, NULL, &v);
		if (!has_rule(&v, "link.lookalike") ||
		    !contact(&v, MOD_CONTACT_DOMAIN, c[i].host))
			dump(c[i].body, &v);
		assert_true(has_rule(&v, "link.lookalike"));
		assert_true(contact(&v, MOD_CONTACT_DOMAIN, c[i].host));
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	/* Per cent signs that are not escapes of a host stay text. */
	answer("Sale 50%OFF today, 100% sure: see coinbase.com for fees.",
	    NULL, &v);
	assert_false(has_rule(&v, "link.lookalike"));
	assert_true(contact(&v, MOD_CONTACT_DOMAIN, "coinbase.com"));
	mod_verdict_free(&v);
	/* An escape of the official host is the official host. */
	answer("Sign in at https://exch%61nge.example/login as usual.", NULL,
	    &v);
	assert_false(has_rule(&v, "link.lookalike"));
	assert_true(contact(&v, MOD_CONTACT_DOMAIN, "exchange.example"));
	mod_verdict_free(&v);
}

/*
 * Copies of an allowed domain whose name is an ordinary word and so no
 * brand: the forum's own exchange.example in other scripts, with digits
 * for letters, or one letter off under the same suffix.
 */
static void
test_allowed_domain_copies(void **state)
{
	static const char *const copy[] = {
		"https://ехсhange.example/login",	/* Cyrillic е х с */
		"https://exchαnge.example/login",	/* Greek α */
		"https://exch4nge.example/login",
		"https://exchang3.example/login",
		"https://exchangee.example/login",
		"https://exhange.example/login",
		"https://www.exchanqe.example/login",
		"Sign in at еxchange.example today",	/* Cyrillic е, bare */
		"https://ethereurn.org/wallet",		/* "rn" for "m" */
	};
	static const char *const fine[] = {
		"https://exchange.example/login",
		"https://www.exchange.example/help",
		"see remix.ethereum.org3 for the footnote",
		"the exchange.markets field of ccxt",
		"https://stackexchange.com/questions",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(copy) / sizeof(copy[0]); i++) {
		answer(copy[i], NULL, &v);
		if (!has_rule(&v, "link.lookalike"))
			dump(copy[i], &v);
		assert_true(has_rule(&v, "link.lookalike"));
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		answer(fine[i], NULL, &v);
		if (has_rule(&v, "link.lookalike"))
			dump(fine[i], &v);
		assert_false(has_rule(&v, "link.lookalike"));
		mod_verdict_free(&v);
	}
}

/* Lookalike letters of other scripts inside keywords. */
static void
test_confusable_keywords(void **state)
{
	static const struct {
		const char *body;
		enum mod_contact_type type;
		const char *value;
	} c[] = {
		/* Cyrillic е, а */
		{ "Ask on Теlеgrаm: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		/* Greek Τ, α */
		{ "Ask on Τelegrαm: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
		/* Cyrillic а, р */
		{ "Ask on WhаtsAрр: +1 888 555 0199 today.",
		    MOD_CONTACT_PHONE, "+18885550199" },
		/* Cyrillic І, Е in LINE */
		{ "LІNЕ ID: fixdesk77 に連絡してください",
		    MOD_CONTACT_LINE, "fixdesk77" },
		/* small capitals */
		{ "Ask on ᴛelegram: fixdesk77 and they answer.",
		    MOD_CONTACT_TELEGRAM, "fixdesk77" },
	};
	static const char *const seed[] = {
		"To unlock it, send me your sееd phrаse here.",	/* Cyrillic */
		"To unlock it, send me your seed phrαse here.",	/* Greek */
		"To unlock it, ѕend me your recоvery phrase here.",
	};
	struct mod_verdict v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		answer(c[i].body, NULL, &v);
		if (!contact(&v, c[i].type, c[i].value))
			dump(c[i].body, &v);
		assert_true(contact(&v, c[i].type, c[i].value));
		mod_verdict_free(&v);
	}
	for (i = 0; i < sizeof(seed) / sizeof(seed[0]); i++) {
		answer(seed[i], NULL, &v);
		if (!has_rule(&v, "scam.seed_request"))
			dump(seed[i], &v);
		assert_true(has_rule(&v, "scam.seed_request"));
		assert_int_not_equal(v.decision, MOD_ALLOW);
		mod_verdict_free(&v);
	}
	/* Words in one script are words, and hosts keep their letters. */
	answer("Телеграм и WhatsApp не поддержка.", NULL, &v);
	assert_int_equal(v.ncontacts, 0);
	mod_verdict_free(&v);
	answer("Log in at https://bіnance.com/login now.", NULL, &v);
	assert_true(has_rule(&v, "link.lookalike"));
	mod_verdict_free(&v);
}

/*
 * Through the renderer, as the server does: the page labels each link
 * with the host the filters judged, and what hides in the source is
 * found in the rendered text.
 */
static void
test_renderer_and_filter_agree(void **state)
{
	static const char *const src[] = {
		"[exchange.example](https://b%69nance-support.example/x)",
		"[help](https://ｂｉｎａｎｃｅ-login.example/)",
		"[help](https://exchange.example@co%69nbase-help.example/)",
		"[help](https://blnance.com/login)",
	};
	struct arena	*a;
	struct cooked	 ck;
	struct md_links	 L;
	struct mod_post	 p;
	struct mod_verdict v;
	const char	*lab, *e;
	size_t		 i, k;

	(void)state;
	a = arena_new();
	for (i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		assert_int_equal(md_cook(a, src[i], strlen(src[i]), &ck, &L),
		    0);
		lab = strstr(ck.html, "<span class=\"link-domain\">(");
		assert_non_null(lab);
		lab += strlen("<span class=\"link-domain\">(");
		e = strchr(lab, ')');
		assert_non_null(e);
		memset(&p, 0, sizeof(p));
		p.kind = MOD_KIND_ANSWER;
		p.body = src[i];
		p.body_len = strlen(src[i]);
		p.links = L.url;
		p.nlinks = L.n;
		p.rendered = L.text;
		p.rendered_len = L.text_len;
		p.seconds_after_question = -1;
		assert_int_equal(mod_check(R, &p, NULL, &v), 0);
		for (k = 0; k < v.ncontacts; k++)
			if (v.contacts[k].type == MOD_CONTACT_DOMAIN &&
			    strlen(v.contacts[k].value) == (size_t)(e - lab) &&
			    memcmp(v.contacts[k].value, lab, e - lab) == 0)
				break;
		if (k == v.ncontacts)
			dump(ck.html, &v);
		assert_true(k < v.ncontacts);
		assert_true(has_rule(&v, "link.lookalike"));
		mod_verdict_free(&v);
	}
	/* Hidden in the source, plain in the rendered text. */

	{
		const char *s = "Ask [on](/t/1) &#84;ele<b></b>gram: "
		    "fixdesk77 and they answer.";

		assert_int_equal(md_cook(a, s, strlen(s), &ck, &L), 0);
		assert_non_null(strstr(L.text, "Telegram: fixdesk77"));
		memset(&p, 0, sizeof(p));
		p.kind = MOD_KIND_ANSWER;
		p.body = s;
		p.body_len = strlen(s);
		p.rendered = L.text;
		p.rendered_len = L.text_len;
		p.seconds_after_question = -1;
		assert_int_equal(mod_check(R, &p, NULL, &v), 0);
		assert_true(contact(&v, MOD_CONTACT_TELEGRAM, "fixdesk77"));
		mod_verdict_free(&v);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_html_and_markdown_in_words),
		cmocka_unit_test(test_rules_and_spans_on_source),
		cmocka_unit_test(test_rendered_text),
		cmocka_unit_test(test_link_hosts_decoded),
		cmocka_unit_test(test_text_hosts_decoded),
		cmocka_unit_test(test_allowed_domain_copies),
		cmocka_unit_test(test_confusable_keywords),
		cmocka_unit_test(test_renderer_and_filter_agree),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
