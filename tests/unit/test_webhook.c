/*
 * tests/unit/test_webhook.c: what a webhook receiver relies on
 * (webhook/sign.c): the Sodan-Signature value against HMAC-SHA256
 * computed independently (Python's hmac module gave the expected
 * digests), the URL rules, the retry schedule, and the payload
 * (store/webhook.c) carrying ids and a URL only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "lib/arena.h"
#include "store/webhook.h"
#include "webhook/webhook.h"

static const char body1[] = "{\"event\":\"question.created\",\"id\":\"evt_1\"}";

/* Known answers: hmac.new(key, b"T." + body, hashlib.sha256).hexdigest() */
static void
test_sign_known(void **state)
{
	char	 out[WEBHOOK_SIG_MAX], key[100];

	(void)state;
	assert_int_equal(webhook_sign("whsec_test-secret", 17, 1733340000,
	    body1, strlen(body1), out, sizeof(out)), 0);
	assert_string_equal(out, "t=1733340000,v1=33bcfc5106f841e43f406e30"
	    "82028dcb768c68e4ce6bb98a456246ecc7188a5d");
	/* a key longer than the hash's block is hashed first (RFC 2104) */
	memset(key, 'k', sizeof(key));
	assert_int_equal(webhook_sign(key, sizeof(key), 0, "", 0, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "t=0,v1=243c2f8200e1d4ee892e7a7ded377a65e2be"
	    "b1c64b997c54b8b0f516216d4b0f");
}

/* Any change of secret, time or body changes the signature. */
static void
test_sign_binds_everything(void **state)
{
	char	 a[WEBHOOK_SIG_MAX], b[WEBHOOK_SIG_MAX];
	char	 body2[sizeof(body1)];

	(void)state;
	assert_int_equal(webhook_sign("s1", 2, 100, body1, strlen(body1), a,
	    sizeof(a)), 0);
	assert_int_equal(webhook_sign("s2", 2, 100, body1, strlen(body1), b,
	    sizeof(b)), 0);
	assert_string_not_equal(a + 6, b + 6);
	assert_int_equal(webhook_sign("s1", 2, 101, body1, strlen(body1), b,
	    sizeof(b)), 0);
	assert_string_not_equal(strchr(a, ','), strchr(b, ','));
	memcpy(body2, body1, sizeof(body1));
	body2[3] ^= 1;
	assert_int_equal(webhook_sign("s1", 2, 100, body2, strlen(body2), b,
	    sizeof(b)), 0);
	assert_string_not_equal(a, b);
	/* too small a buffer is refused, not cut */
	assert_int_equal(webhook_sign("s1", 2, 100, body1, strlen(body1), b,
	    20), -1);
}

static void
test_secret_new(void **state)
{
	struct arena	*a = arena_new();
	char		*s1, *s2;

	(void)state;
	s1 = webhook_secret_new(a);
	s2 = webhook_secret_new(a);
	assert_int_equal(strncmp(s1, "whsec_", 6), 0);
	assert_int_equal(strlen(s1), 6 + 43);
	assert_string_not_equal(s1, s2);
	assert_int_equal(strspn(s1 + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789-_"), 43);
	arena_free(a);
}

static void
test_url_rules(void **state)
{
	char	 longurl[WEBHOOK_URL_MAX + 20];

	(void)state;
	assert_int_equal(webhook_url_check("https://hooks.example.com/sodan",
	    0), WEBHOOK_URL_OK);
	assert_int_equal(webhook_url_check("HTTPS://hooks.example.com:8443/a"
	    "?x=1", 0), WEBHOOK_URL_OK);
	assert_int_equal(webhook_url_check("http://hooks.example.com/", 0),
	    WEBHOOK_URL_SCHEME);
	assert_int_equal(webhook_url_check("http://127.0.0.1:9000/h", 0),
	    WEBHOOK_URL_SCHEME);
	assert_int_equal(webhook_url_check("http://127.0.0.1:9000/h", 1),
	    WEBHOOK_URL_OK);
	assert_int_equal(webhook_url_check("http://[::1]:9000/h", 1),
	    WEBHOOK_URL_OK);
	/* loopback allowance is for 127.0.0.1 only, not any http host */
	assert_int_equal(webhook_url_check("http://10.0.0.1/h", 1),
	    WEBHOOK_URL_SCHEME);
	assert_int_equal(webhook_url_check("http://localhost/h", 1),
	    WEBHOOK_URL_SCHEME);
	assert_int_equal(webhook_url_check("ftp://hooks.example.com/", 1),
	    WEBHOOK_URL_SCHEME);
	assert_int_equal(webhook_url_check("javascript:alert(1)", 1),
	    WEBHOOK_URL_SCHEME);
	assert_int_equal(webhook_url_check("hooks.example.com/sodan", 0),
	    WEBHOOK_URL_SYNTAX);
	assert_int_equal(webhook_url_check("", 0), WEBHOOK_URL_SYNTAX);
	assert_int_equal(webhook_url_check("https://hooks.example.com/a b", 0),
	    WEBHOOK_URL_SYNTAX);
	assert_int_equal(webhook_url_check("https://例え.jp/", 0),
	    WEBHOOK_URL_SYNTAX);
	assert_int_equal(webhook_url_check("https:///path", 0),
	    WEBHOOK_URL_HOST);
	assert_int_equal(webhook_url_check("https://u:p@hooks.example.com/",
	    0), WEBHOOK_URL_USERINFO);
	assert_int_equal(webhook_url_check("https://hooks.example.com/#x", 0),
	    WEBHOOK_URL_FRAGMENT);
	memset(longurl, 'a', sizeof(longurl) - 1);
	longurl[sizeof(longurl) - 1] = '\0';
	memcpy(longurl, "https://x.example/", 18);
	assert_int_equal(webhook_url_check(longurl, 0), WEBHOOK_URL_LONG);
}

/* Doubling from the base, capped, jitter between half and the whole. */
static void
test_retry_schedule(void **state)
{
	uint32_t	 r;
	int		 k, d;

	(void)state;
	/* rnd chosen so the jitter adds all of the upper half */
	assert_int_equal(webhook_retry_delay_ms(1, 30000, 3600000, 15000),
	    30000);
	assert_int_equal(webhook_retry_delay_ms(2, 30000, 3600000, 30000),
	    60000);
	assert_int_equal(webhook_retry_delay_ms(3, 30000, 3600000, 60000),
	    120000);
	assert_int_equal(webhook_retry_delay_ms(1, 30000, 3600000, 0), 15000);
	/* the cap holds however many attempts failed */
	assert_int_equal(webhook_retry_delay_ms(40, 30000, 3600000, 1800000),
	    3600000);
	assert_int_equal(webhook_retry_delay_ms(40, 30000, 3600000, 0),
	    1800000);
	for (k = 1; k <= 12; k++)
		for (r = 0; r < 2000; r += 7) {
			d = webhook_retry_delay_ms(k, 500, 4000,
			    randombytes_random());
			assert_true(d >= 250);
			assert_true(d <= 4000);
		}
}

/* Ids, time and URL; nothing else, and valid JSON. */
static void
test_payload(void **state)
{
	json_t		*o;
	json_error_t	 err;
	char		*s;

	(void)state;
	s = store_webhook_payload(WH_POST_HELD, "evt_abc", 1733340000, 12, 34,
	    0, "https://forum.example/mod/post/34");
	assert_non_null(s);
	o = json_loads(s, 0, &err);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "event")),
	    "post.held");
	assert_string_equal(json_string_value(json_object_get(o, "id")),
	    "evt_abc");
	assert_string_equal(json_string_value(json_object_get(o, "time")),
	    "2024-12-04T19:20:00Z");
	assert_int_equal(json_integer_value(json_object_get(o, "thread_id")),
	    12);
	assert_int_equal(json_integer_value(json_object_get(o, "post_id")),
	    34);
	assert_null(json_object_get(o, "case_id"));
	assert_int_equal(json_object_size(o), 6);
	json_decref(o);
	free(s);
	assert_null(store_webhook_payload(WH__MAX, "x", 0, 1, 1, 0, NULL));
	assert_int_equal(store_webhook_event_parse("case.escalated"),
	    WH_CASE_ESCALATED);
	assert_int_equal(store_webhook_event_parse("nope"), WH__MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_known),
		cmocka_unit_test(test_sign_binds_everything),
		cmocka_unit_test(test_secret_new),
		cmocka_unit_test(test_url_rules),
		cmocka_unit_test(test_retry_schedule),
		cmocka_unit_test(test_payload),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
