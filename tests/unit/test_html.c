/* tests/unit/test_html.c: the HTML writer */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "view/html.h"

static int
setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void
test_lit(void **state)
{
	struct html	 w;

	html_init(&w, *state);
	assert_string_equal(w.b.p, "");
	html_lit(&w, "<p class=\"x\">");
	html_lit(&w, "");
	html_lit(&w, "</p>");
	assert_string_equal(w.b.p, "<p class=\"x\"></p>");
	assert_int_equal(w.b.len, strlen("<p class=\"x\"></p>"));
	/*
	 * html_lit(&w, ptr) with a non-literal does not compile ("" ptr is a
	 * syntax error), which a run-time test cannot show; adjacent literals
	 * concatenate as usual.
	 */
	html_lit(&w, "<a" " b>");
	assert_string_equal(w.b.p + 17, "<a b>");
}

static void
test_text(void **state)
{
	struct html	 w;

	html_init(&w, *state);
	html_text(&w, "<script>alert('x' & \"y\")</script>");
	assert_string_equal(w.b.p,
	    "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)"
	    "&lt;/script&gt;");
	html_init(&w, *state);
	html_text(&w, "日本語 テキスト");
	assert_string_equal(w.b.p, "日本語 テキスト");
	html_init(&w, *state);
	html_text(&w, "");
	html_text(&w, NULL);
	assert_int_equal(w.b.len, 0);
	html_init(&w, *state);
	html_text(&w, "&amp;");		/* escaped again: text, not markup */
	assert_string_equal(w.b.p, "&amp;amp;");
}

static void
test_textn_nul(void **state)
{
	struct html	 w;

	html_init(&w, *state);
	html_textn(&w, "a\0<b", 4);
	assert_string_equal(w.b.p, "a\xef\xbf\xbd&lt;b");
	html_init(&w, *state);
	html_textn(&w, "abcdef", 3);
	assert_string_equal(w.b.p, "abc");
	html_init(&w, *state);
	html_textn(&w, "x", 0);
	assert_string_equal(w.b.p, "");
}

static void
test_attr(void **state)
{
	struct html	 w;

	html_init(&w, *state);
	html_lit(&w, "<input value=\"");
	html_attr(&w, "\" onmouseover=\"alert(1)");
	html_lit(&w, "\">");
	assert_string_equal(w.b.p,
	    "<input value=\"&quot; onmouseover=&quot;alert(1)\">");
	html_init(&w, *state);
	html_attr(&w, "' x='1");
	assert_string_equal(w.b.p, "&#39; x=&#39;1");
}

static void
test_url(void **state)
{
	struct html	 w;

	html_init(&w, *state);
	html_url(&w, "AZaz09-._~");
	assert_string_equal(w.b.p, "AZaz09-._~");
	html_init(&w, *state);
	html_url(&w, "a b&c=d/e?f#g\"'<>%+");
	assert_string_equal(w.b.p,
	    "a%20b%26c%3Dd%2Fe%3Ff%23g%22%27%3C%3E%25%2B");
	html_init(&w, *state);
	html_url(&w, "日本");
	assert_string_equal(w.b.p, "%E6%97%A5%E6%9C%AC");
	html_init(&w, *state);
	html_url(&w, "javascript:alert(1)");
	assert_string_equal(w.b.p, "javascript%3Aalert%281%29");
	html_init(&w, *state);
	html_url(&w, "\x01\x7f\xff");
	assert_string_equal(w.b.p, "%01%7F%FF");
	html_url(&w, NULL);
	assert_int_equal(w.b.len, 9);
}

/* JSON for a data block: nothing inside can close the element. */
static void
test_json(void **state)
{
	struct html	 w;

	html_init(&w, *state);
	html_json(&w, "{\"t\":\"</script><script>alert(1)</script>\"}");
	assert_string_equal(w.b.p, "{\"t\":\"\\u003c/script\\u003e"
	    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"}");
	assert_null(strchr(w.b.p, '<'));
	html_init(&w, *state);
	html_json(&w, "[\"a & b\",\"<!--\",\"日本\"]");
	assert_string_equal(w.b.p, "[\"a \\u0026 b\",\"\\u003c!--\","
	    "\"日本\"]");
	html_init(&w, *state);
	html_json(&w, "{}");
	html_json(&w, NULL);
	assert_string_equal(w.b.p, "{}");
}

static void
test_int(void **state)
{
	struct html	 w;

	html_init(&w, *state);
	html_int(&w, 0);
	html_lit(&w, " ");
	html_int(&w, 42);
	html_lit(&w, " ");
	html_int(&w, -7);
	html_lit(&w, " ");
	html_int(&w, INT64_MAX);
	html_lit(&w, " ");
	html_int(&w, INT64_MIN);
	assert_string_equal(w.b.p, "0 42 -7 9223372036854775807 "
	    "-9223372036854775808");
}

static void
test_cooked(void **state)
{
	struct html	 w;
	struct cooked	 c = { "<p>ok</p>", 9 };
	struct cooked	 e = { NULL, 0 };

	html_init(&w, *state);
	html_lit(&w, "<div>");
	html_cooked(&w, &c);
	html_cooked(&w, &e);
	html_cooked(&w, NULL);
	html_lit(&w, "</div>");
	assert_string_equal(w.b.p, "<div><p>ok</p></div>");
}

static void
test_large(void **state)
{
	struct html	 w;
	size_t		 i;

	html_init(&w, *state);
	for (i = 0; i < 20000; i++)
		html_text(&w, "<&>");
	assert_int_equal(w.b.len, 20000 * 13);
	assert_int_equal(w.b.p[w.b.len], '\0');
	assert_memory_equal(w.b.p + w.b.len - 13, "&lt;&amp;&gt;", 13);
}

/* Fills a hole with its kind and argument, escaped: "[K:arg]". */
static void
fill_probe(struct html *w, int kind, const char *arg, void *ctx)
{
	char	k[2] = { (char)kind, '\0' };

	(*(int *)ctx)++;
	html_lit(w, "[");
	html_text(w, k);
	html_lit(w, ":");
	html_text(w, arg);
	html_lit(w, "]");
}

/*
 * A page recorded with holes and composed again: the text around the
 * holes is copied as it was, each hole gives way to what fill writes for
 * it (with its argument), in order; a record cut inside a marker is
 * refused.
 */
static void
test_holes(void **state)
{
	struct html	 rec, out;
	int		 calls = 0;

	html_init(&rec, *state);
	html_lit(&rec, "<nav>");
	html_hole(&rec, HOLE_NAV, "");
	html_lit(&rec, "</nav><form>");
	html_hole(&rec, HOLE_CSRF, "");
	html_text(&rec, "a\"<b>");
	html_hole(&rec, HOLE_ACTIONS, "12 7 0 1 0 3 2 0 0 5 0");
	html_hole(&rec, HOLE_WATCH, "/t/5/watch");
	html_lit(&rec, "</form>");
	assert_int_equal(memchr(rec.b.p, '\0', rec.b.len) != NULL, 1);

	html_init(&out, *state);
	assert_int_equal(html_compose(&out, rec.b.p, rec.b.len, fill_probe,
	    &calls), 0);
	assert_int_equal(calls, 4);
	assert_string_equal(out.b.p, "<nav>[N:]</nav><form>[C:]a&quot;&lt;b&gt;"
	    "[A:12 7 0 1 0 3 2 0 0 5 0][W:/t/5/watch]</form>");
	assert_int_equal(out.b.len, strlen(out.b.p));

	/* no hole: a copy */
	html_init(&out, *state);
	calls = 0;
	assert_int_equal(html_compose(&out, "<p>x</p>", 8, fill_probe,
	    &calls), 0);
	assert_string_equal(out.b.p, "<p>x</p>");
	assert_int_equal(calls, 0);

	/* cut inside a marker: refused, nothing filled past the cut */
	html_init(&out, *state);
	calls = 0;
	assert_int_equal(html_compose(&out, rec.b.p, 7, fill_probe, &calls),
	    -1);
	assert_int_equal(calls, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_textn_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cooked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_holes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
