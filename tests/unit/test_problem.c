/* tests/unit/test_problem.c: reply_problem (RFC 9457 problem details) and token scopes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core.h"
#include "http/req.h"
#include "lib/arena.h"
#include "store/store.h"
#include "view/i18n.h"

static json_t *
body_json(struct req *r)
{
	json_error_t	e;
	json_t		*j;

	j = json_loadb(r->resp.body.p, r->resp.body.len, 0, &e);
	assert_non_null(j);
	return j;
}

static void
req_init(struct req *r, struct arena *a, const char *path, enum lang l)
{
	memset(r, 0, sizeof(*r));
	r->a = a;
	r->path = path;
	r->lang = l;
	r->is_api = strncmp(path, "/api/", 5) == 0;
}

/* The members, the media type, the field errors and Retry-After. */
static void
test_problem_shape(void **state)
{
	struct arena		*a = arena_new();
	struct req		 r;
	struct problem		 p;
	struct problem_field	 f[2] = { { "note", "Say why." },
				    { NULL, "Too short." } };
	json_t			*j, *e;

	(void)state;
	req_init(&r, a, "/api/v1/posts/1/flag", LANG_EN);
	memset(&p, 0, sizeof(p));
	p.status = 422;
	p.code = "invalid";
	p.detail = "Please correct the fields.";
	p.errors = f;
	p.nerrors = 2;
	p.blocked = -1;
	reply_problem(&r, &p);
	assert_int_equal(r.resp.status, 422);
	assert_string_equal(r.resp.ctype, "application/problem+json");
	j = body_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "type")),
	    "about:blank");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 422);
	assert_string_equal(json_string_value(json_object_get(j, "error")),
	    "invalid");
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "Cannot be processed");
	assert_true(json_is_false(json_object_get(j, "blocked")));
	e = json_object_get(j, "errors");
	assert_int_equal(json_array_size(e), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(e, 0), "field")), "note");
	assert_null(json_object_get(json_array_get(e, 1), "field"));
	assert_null(json_object_get(j, "retry_after"));
	json_decref(j);

	/* 429: retry_after and the header */
	req_init(&r, a, "/api/v1/threads", LANG_EN);
	memset(&p, 0, sizeof(p));
	p.status = 429;
	p.retry_after = 7;
	reply_problem(&r, &p);
	j = body_json(&r);
	assert_int_equal(json_integer_value(json_object_get(j,
	    "retry_after")), 7);
	assert_string_equal(json_string_value(json_object_get(j, "error")),
	    "rate_limited");
	assert_int_equal(r.resp.nh, 1);
	assert_string_equal(r.resp.h[0].name, "Retry-After");
	assert_string_equal(r.resp.h[0].value, "7");
	json_decref(j);
	arena_free(a);
}

/* reply_error under /api/: problem details in the request's language. */
static void
test_error_language(void **state)
{
	struct arena	*a = arena_new();
	struct req	 r;
	json_t		*j;

	(void)state;
	req_init(&r, a, "/api/v1/threads/9", LANG_JA);
	reply_error(&r, 404, NULL);
	assert_string_equal(r.resp.ctype, "application/problem+json");
	j = body_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    i18n_get(LANG_JA, "Page not found"));
	assert_string_not_equal(json_string_value(json_object_get(j, "title")),
	    "Page not found");
	assert_string_equal(json_string_value(json_object_get(j, "error")),
	    "not_found");
	json_decref(j);

	/* a field named by our code: in detail and in errors */
	req_init(&r, a, "/api/v1/posts/9/verify", LANG_EN);
	reply_error_detail(&r, 400, "A field is not valid:", "revision");
	j = body_json(&r);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(json_object_get(j, "errors"), 0), "field")),
	    "revision");
	assert_non_null(strstr(json_string_value(json_object_get(j,
	    "detail")), "revision"));
	json_decref(j);

	/* outside /api/ the JSON of R_API routes keeps its shape */
	req_init(&r, a, "/uploads", LANG_EN);
	r.is_api = 1;
	reply_error(&r, 400, NULL);
	assert_string_equal(r.resp.ctype, "application/json; charset=utf-8");
	arena_free(a);
}

static void
test_token_scopes(void **state)
{
	(void)state;
	assert_int_equal(store_token_scopes("read"), TOKEN_SCOPE_READ);
	assert_int_equal(store_token_scopes("read write moderate"),
	    TOKEN_SCOPE_READ | TOKEN_SCOPE_WRITE | TOKEN_SCOPE_MODERATE);
	assert_int_equal(store_token_scopes("write,moderate"),
	    TOKEN_SCOPE_WRITE | TOKEN_SCOPE_MODERATE);
	assert_int_equal(store_token_scopes(""), 0);
	assert_int_equal(store_token_scopes(NULL), 0);
	/* no prefix or longer word counts */
	assert_int_equal(store_token_scopes("reader writes mod"), 0);
	assert_int_equal(store_token_scopes("  read  "), TOKEN_SCOPE_READ);
	/* the two that stand for a recent second factor (sql/0185, 0193) */
	assert_int_equal(store_token_scopes("read write stepup"),
	    TOKEN_SCOPE_READ | TOKEN_SCOPE_WRITE | TOKEN_SCOPE_STEPUP);
	assert_int_equal(store_token_scopes("admin stepup") &
	    ~(unsigned)TOKEN_SCOPES_FRESH, 0);
	assert_int_equal(store_token_scopes("stepups step"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_problem_shape),
		cmocka_unit_test(test_error_language),
		cmocka_unit_test(test_token_scopes),
	};

	if (i18n_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
