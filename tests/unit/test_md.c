/* tests/unit/test_md.c: Markdown cooking (cmark, safe mode, link rewrite) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "view/md.h"

static struct md_links	 L;

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

static const char *
cook(void **state, const char *src)
{
	struct cooked	 c;

	assert_int_equal(md_cook(*state, src, strlen(src), &c, &L), 0);
	assert_non_null(c.html);
	assert_int_equal(strlen(c.html), c.len);
	return c.html;
}

#define HAS(h, s)	assert_non_null(strstr((h), (s)))
#define HASNT(h, s)	assert_null(strstr((h), (s)))

static void
test_plain(void **state)
{
	const char	*h;

	h = cook(state, "日本語のテキスト **太字** と `code`");
	assert_string_equal(h, "<p>日本語のテキスト <strong>太字</strong> と "
	    "<code>code</code></p>\n");
	assert_int_equal(L.n, 0);
	h = cook(state, "");
	assert_string_equal(h, "");
	h = cook(state, "a < b && c > \"d\"");
	assert_string_equal(h, "<p>a &lt; b &amp;&amp; c &gt; &quot;d&quot;</p>\n");
}

static void
test_link_rewrite(void **state)
{
	const char	*h;

	h = cook(state, "[text](https://evil.example/x)");
	assert_string_equal(h, "<p><a href=\"https://evil.example/x\" "
	    "rel=\"nofollow ugc noopener\">text</a> "
	    "<span class=\"link-domain\">(evil.example)</span></p>\n");
	assert_int_equal(L.n, 1);
	assert_string_equal(L.url[0], "https://evil.example/x");

	h = cook(state, "<https://Auto.Example:8443/q?a=1&b=2>");
	HAS(h, "href=\"https://Auto.Example:8443/q?a=1&amp;b=2\"");
	HAS(h, "(auto.example)");
	/* Text that looks like a trusted domain; the span tells the truth. */
	h = cook(state, "[https://exchange.example/login]"
	    "(https://exchange.example@evil.example/login)");
	HAS(h, "<span class=\"link-domain\">(evil.example)</span>");
	h = cook(state, "[t](HTTPS://Sub.EVIL.example./)");
	HAS(h, "(sub.evil.example.)");
	h = cook(state, "[t](//proto.example/x) [u](/thread/1) [v](#top) "
	    "[w](mailto:a@b.example)");
	HAS(h, "(proto.example)");
	HAS(h, "<a href=\"/thread/1\" rel=\"nofollow ugc noopener\">u</a> <a");
	HAS(h, "<a href=\"#top\" rel=\"nofollow ugc noopener\">v</a> <a");
	HAS(h, "<a href=\"mailto:a@b.example\" rel=\"nofollow ugc noopener\">"
	    "w</a></p>");
	assert_int_equal(L.n, 4);
	h = cook(state, "[t](https://[::1]:80/)");
	HAS(h, "([::1])");
	h = cook(state, "[t](https://x.example \"a \\\"title\\\" <b>\")");
	HAS(h, "title=\"a &quot;title&quot; &lt;b&gt;\"");
}

static void
test_link_xss(void **state)
{
	const char	*h;

	/* Quotes and angle brackets in URLs cannot leave the attribute. */
	h = cook(state, "[x](<https://a.example/\"onmouseover=\"alert(1)>)");
	HASNT(h, "\"onmouseover");
	HAS(h, "href=\"https://a.example/%22onmouseover=%22alert(1)\"");
	h = cook(state, "[x](https://a.example/'><script>alert(1)</script>)");
	HASNT(h, "<script");
	HAS(h, "&#39;%3E%3Cscript%3E");
	/* Link text is escaped text. */
	h = cook(state, "[<img src=x onerror=alert(1)>](https://a.example)");
	HASNT(h, "<img");
	/* The domain is escaped too. */
	h = cook(state, "[x](https://%3Cb%3E.example/)");
	HAS(h, "(&lt;b&gt;.example)");
	HASNT(h, "<b>");
	/* Backslash: encoded, so the browser cannot read "/\\evil" as a host. */
	h = cook(state, "[x](/\\evil.example/)");
	HAS(h, "href=\"/%5Cevil.example/\"");
	HASNT(h, "link-domain");
}

static void
test_dangerous_urls(void **state)
{
	static const char *const bad[] = {
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](<java\tscript:alert(1)>)",
		"[x](java&#9;script:alert(1))",
		"[x](&#x20;javascript:alert(1))",
		"[x](< javascript:alert(1)>)",
		"[x](vbscript:msgbox)",
		"[x](file:///etc/passwd)",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"[x](data:image/svg+xml,<svg/onload=alert(1)>)",
		"<javascript:alert(1)>",
		"![x](javascript:alert(1))",
		"[x][r]\n\n[r]: javascript:alert(1)",
		/* Allowlist: only relative, http, https and mailto links are clickable. */
		"[x](tg://resolve?domain=fake_support)",
		"[x](intent://scan/#Intent;scheme=zxing;end)",
		"[x](bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT?amount=1)",
		"[x](<ms-msdt:/id PCWDiagnostic>)",
		"[x](data:image/png;base64,iVBORw0KGgo=)",
		NULL
	};
	const char	*h;
	size_t		 i;

	for (i = 0; bad[i] != NULL; i++) {
		h = cook(state, bad[i]);
		HASNT(h, "href");
		HASNT(h, "<a");
		assert_int_equal(L.n, 1);		/* still reported */
	}
	h = cook(state, "[x](javascript:alert(1))");
	assert_string_equal(h, "<p>x</p>\n");
	assert_string_equal(L.url[0], "javascript:alert(1)");
	/* Schemes compare without case; data: is never a link. */
	h = cook(state, "[p](data:imAge/PNG;base2],AA)");
	HASNT(h, "href");
	h = cook(state, "[p](DATA:TEXT/HTML,x) [q](Data:image/svg+xml,x)");
	HASNT(h, "href");
	/* The allowed ones stay links. */
	h = cook(state, "[a](HTTPS://ex.example/) [b](http://ex.example/) "
	    "[c](mailto:help@ex.example) [d](/t/1) [e](faq#fees) [f](?page=2)");
	HAS(h, "href=\"HTTPS://ex.example/\"");
	HAS(h, "href=\"http://ex.example/\"");
	HAS(h, "href=\"mailto:help@ex.example\"");
	HAS(h, "href=\"/t/1\"");
	HAS(h, "href=\"faq#fees\"");
	HAS(h, "href=\"?page=2\"");
}

static void
test_raw_html_dropped(void **state)
{
	const char	*h;

	h = cook(state, "<script>alert(1)</script>\n\nhello <b>bold</b> "
	    "<img src=x onerror=alert(1)>");
	HASNT(h, "<script");
	HASNT(h, "<img");
	HASNT(h, "<b>");
	HASNT(h, "raw HTML omitted");
	assert_string_equal(h, "<p>hello bold </p>\n");
	h = cook(state, "<div onclick=\"x\">\n\n*in*\n\n</div>");
	HASNT(h, "<div");
	HAS(h, "<em>in</em>");
	h = cook(state, "`<script>`");
	assert_string_equal(h, "<p><code>&lt;script&gt;</code></p>\n");
	h = cook(state, "```\n<script>alert(1)</script>\n```");
	HASNT(h, "<script");
	HAS(h, "&lt;script&gt;");
}

static void
test_images(void **state)
{
	const char	*h;

	h = cook(state, "![a *cat*](https://img.example/cat.png \"t\")");
	HASNT(h, "<img");
	assert_string_equal(h, "<p><a href=\"https://img.example/cat.png\" "
	    "rel=\"nofollow ugc noopener\" title=\"t\">a cat</a> "
	    "<span class=\"link-domain\">(img.example)</span></p>\n");
	assert_int_equal(L.n, 1);
	assert_string_equal(L.url[0], "https://img.example/cat.png");
	/* No alt text: the URL is the text. */
	h = cook(state, "![](https://img.example/p.gif)");
	HAS(h, ">https://img.example/p.gif</a>");
	/* Image inside a link: its alt text, no nested anchor. */
	h = cook(state, "[![badge](https://i.example/b.png)](https://l.example/)");
	assert_string_equal(h, "<p><a href=\"https://l.example/\" "
	    "rel=\"nofollow ugc noopener\">badge</a> "
	    "<span class=\"link-domain\">(l.example)</span></p>\n");
	assert_int_equal(L.n, 2);
	/* Links and images nested inside an image's alt text. */
	h = cook(state, "![[in](https://in.example) ![i2](https://i2.example)]"
	    "(https://outer.example/)");
	HASNT(h, "<img");
	assert_int_equal(L.n, 3);
	HAS(h, "(outer.example)");
	HASNT(h, "in.example)");
	/* Alt text is escaped. */
	h = cook(state, "![<script>](https://i.example/x.png)");
	HASNT(h, "<script");
}

static void
test_headings(void **state)
{
	const char	*h;

	h = cook(state, "# one\n## two\n### three\n#### four\n##### five\n"
	    "###### six\n\nSetext\n======\n");
	assert_string_equal(h, "<h3>one</h3>\n<h4>two</h4>\n<h5>three</h5>\n"
	    "<h6>four</h6>\n<h6>five</h6>\n<h6>six</h6>\n<h3>Setext</h3>\n");
	HASNT(h, "<h1");
	HASNT(h, "<h2");
}

static void
test_idn_display(void **state)
{
	const char	*h;

	h = cook(state, "[a](https://bücher.example/)");
	HAS(h, "(xn--bcher-kva.example)");
	h = cook(state, "[a](https://日本語.jp/)");
	HAS(h, "(xn--wgv71a119e.jp)");
	/* Cyrillic "е" in a lookalike of exchange.example. */
	h = cook(state, "[exchange.example](https://\xd0\xb5xchange.example/)");
	HAS(h, "(xn--xchange-6gg.example)");
	/* Full-width forms are what the browser folds them to. */
	h = cook(state, "[a](https://ＥＸＡＭＰＬＥ。com/)");
	HAS(h, "(example.com)");
	/* Percent-encoded letters are shown decoded, as the filters judge. */
	h = cook(state, "[a](https://b%69nance-support.example/)");
	HAS(h, "(binance-support.example)");
}

static void
test_bytes(void **state)
{
	struct cooked	 c;
	const char	 nul[] = "a\0<script>";
	const char	 bad[] = "\xff\xfe[x](https://a.example/\xc0\xaf)";

	assert_int_equal(md_cook(*state, nul, sizeof(nul) - 1, &c, NULL), 0);
	HASNT(c.html, "<script");
	HAS(c.html, "\xef\xbf\xbd");
	assert_int_equal(md_cook(*state, bad, sizeof(bad) - 1, &c, &L), 0);
	HAS(c.html, "(a.example)");
	assert_int_equal(md_cook(*state, NULL, 0, &c, &L), 0);
	assert_int_equal(c.len, 0);
	assert_int_equal(L.n, 0);
	/* [](): nothing to show, no empty anchor. */
	assert_string_equal(cook(state, "a []() b"), "<p>a  b</p>\n");
}

/* md_links.text: what a reader sees, for the filters. */
static void
test_reader_text(void **state)
{
	cook(state, "Ask on &#84;elegram: fix&#64;desk");
	assert_string_equal(L.text, "Ask on Telegram: fix@desk\n");
	assert_int_equal(strlen(L.text), L.text_len);
	cook(state, "Tele<b></b>gram and What<span class=x></span>sApp");
	assert_string_equal(L.text, "Telegram and WhatsApp\n");
	cook(state, "call `+1 888` or [my &commat;desk](https://a.example/)\n"
	    "next line");
	assert_string_equal(L.text, "call +1 888 or my @desk next line\n");
	cook(state, "# Title\n\n<div>raw block</div>\n\n```\nseed words\n```\n"
	    "- one\n- two\n\n![alt text](https://a.example/i.png)");
	HAS(L.text, "Title\n");
	HASNT(L.text, "raw block");
	HAS(L.text, "seed words\n");
	HAS(L.text, "one\n");
	HAS(L.text, "two\n");
	HAS(L.text, "alt text");
	cook(state, "");
	assert_string_equal(L.text, "");
}

static void
test_version(void **state)
{
	(void)state;
	assert_int_equal(md_check_version(), 0);
}

static void
test_md_plain(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	/* no Markdown syntax, no raw HTML, no URLs; blocks become spaces */
	assert_string_equal(md_plain(a, "**Fees** <b>bold</b>\n\n"
	    "- one\n- [two](https://example.com/x)\n\n`code` ![alt](/i.png)",
	    strlen("**Fees** <b>bold</b>\n\n- one\n- [two](https://example.com/x)"
	    "\n\n`code` ![alt](/i.png)")),
	    "Fees bold one two code alt");
	assert_string_equal(md_plain(a, "", 0), "");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md_plain),
		cmocka_unit_test_setup_teardown(test_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_rewrite, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_link_xss, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dangerous_urls, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_raw_html_dropped, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_images, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idn_display, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_text, setup,
		    teardown),
		cmocka_unit_test(test_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
