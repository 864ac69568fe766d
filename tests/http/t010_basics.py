#!/usr/bin/env python3
"""t010_basics: the foundation's behaviour: home page and languages, the
language switch, /healthz, security headers, assets and ETags, gzip, error
pages (400, 404, 405, 413, 414, JSON 404 under /api/), a category page and
the access log."""

import html
import re
import sys
import time
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

NAMES_JA = ["アカウント・ログイン", "入出金・送金", "セキュリティ・二段階認証",
            "取引・注文", "税金・確定申告", "API・開発者"]
NAMES_EN = ["Account & Login", "Deposits & Withdrawals", "Security & 2FA",
            "Trading & Orders", "Tax & Filing", "API & Developers"]

STYLESHEET = re.compile(
    r'<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="(/assets/[^"]+\.css)"')


def html_lang(body):
    m = re.search(r'<html\b[^>]*\blang="([^"]*)"', body)
    return m.group(1) if m else None


def csp_directive(csp, name):
    for d in csp.split(";"):
        d = d.strip()
        if d.split(" ")[0] == name:
            return d
    return None


class Basics(harness.ServerTest):
    demo = True

    # --- home page and languages ---

    def test_home_japanese_by_default(self):
        r = self.client().get("/")
        self.assertHtmlPage(r, 200)
        self.assertIn("utf-8", r.content_type.lower())
        r.data.decode("utf-8")          # strict: the page is valid UTF-8
        self.assertEqual(html_lang(r.body), "ja")
        for name in NAMES_JA:
            self.assertIn(name, r.body)

    def test_home_english_by_accept_language(self):
        r = self.client().get("/", headers={
            "Accept-Language": "en-US,en;q=0.9"})
        self.assertHtmlPage(r, 200)
        self.assertEqual(html_lang(r.body), "en")
        for name in NAMES_EN:
            self.assertIn(html.escape(name, quote=False), r.body)
        self.assertNotIn("Account & Login", r.body,
                         "& must be escaped as &amp; in the page")

    def test_accept_language_quality_order(self):
        r = self.client().get("/", headers={
            "Accept-Language": "fr;q=0.9, ja;q=0.8, en;q=0.1"})
        self.assertStatus(r, 200)
        self.assertEqual(html_lang(r.body), "ja")

    def test_cookie_wins_over_accept_language(self):
        c = self.client()
        c.cookies["lang"] = "en"
        r = c.get("/", headers={"Accept-Language": "ja"})
        self.assertStatus(r, 200)
        self.assertEqual(html_lang(r.body), "en")
        c.cookies["lang"] = "ja"
        r = c.get("/", headers={"Accept-Language": "en"})
        self.assertEqual(html_lang(r.body), "ja")

    def test_post_lang_switches_language(self):
        c = self.client()
        r = c.get("/c/account")
        self.assertStatus(r, 200)
        tok = c.csrf_token()
        self.assertTrue(tok, "no sodan_csrf cookie from /c/account")
        for m in re.finditer(r'<input\b[^>]*\bname="csrf"[^>]*>', r.body):
            self.assertIn('value="%s"' % tok, m.group(0),
                          "hidden csrf input differs from the cookie")
        r = c.post("/lang", [("lang", "en"), ("next", "/"), ("csrf", tok)])
        self.assertStatus(r, 303)
        loc = r.headers.get("Location") or ""
        self.assertTrue(loc == "/" or loc.endswith(":%d/" % self.port),
                        "Location %r" % loc)
        self.assertEqual(c.cookies.get("lang"), "en")
        r = c.get("/")
        self.assertEqual(html_lang(r.body), "en")

    def test_post_lang_from_another_site_is_refused(self):
        c = self.client()
        tok = c.csrf_token("/c/account")
        r = c.post("/lang", [("lang", "en"), ("next", "/"), ("csrf", tok)],
                   headers={"Origin": "http://evil.example"})
        self.assertHtmlPage(r, 403)
        self.assertNotEqual(c.cookies.get("lang"), "en")
        self.assertStillServing()

    def test_post_lang_rejects_unknown_language(self):
        c = self.client()
        tok = c.csrf_token("/c/account")
        r = c.post("/lang", [("lang", "xx"), ("next", "/"), ("csrf", tok)])
        self.assertHtmlPage(r, 400)
        self.assertNotIn("lang", c.cookies)

    # --- health ---

    def test_healthz(self):
        r = self.client().get("/healthz")
        self.assertStatus(r, 200)
        self.assertTrue(r.content_type.startswith("application/json"),
                        r.content_type)
        j = r.json()
        self.assertEqual(j.get("status"), "ok", j)
        self.assertEqual(j.get("postgres"), "ok", j)
        self.assertEqual(j.get("redis"), "ok", j)
        self.assertIsInstance(j.get("version"), str)
        self.assertTrue(j["version"])

    # --- headers ---

    def check_security_headers(self, r):
        csp = r.headers.get("Content-Security-Policy")
        self.assertIsNotNone(csp, "no Content-Security-Policy")
        src = csp_directive(csp, "script-src")
        self.assertIsNotNone(src, "CSP has no script-src: %r" % csp)
        self.assertIn("'self'", src)
        self.assertNotIn("'unsafe-inline'", src)
        self.assertNotIn("'unsafe-eval'", src)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertEqual(
            (r.headers.get("X-Content-Type-Options") or "").lower(),
            "nosniff")
        self.assertTrue(r.headers.get("Referrer-Policy"), "no Referrer-Policy")

    def test_security_headers_on_html(self):
        c = self.client()
        for path, status in (("/", 200), ("/c/account", 200),
                             ("/no/such/page", 404)):
            r = c.get(path)
            self.assertStatus(r, status, path)
            with self.subTest(path=path):
                self.check_security_headers(r)
        r = c.request("DELETE", "/")
        self.check_security_headers(r)

    def test_no_inline_script(self):
        r = self.client().get("/")
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", r.body,
                             re.S | re.I):
            self.assertIn("src=", m.group(1), "inline <script> in /")
            self.assertEqual(m.group(2).strip(), "")
        self.assertNotRegex(r.body, r"\son[a-z]+=\"",
                            "inline event handler attribute in /")

    # --- assets ---

    def stylesheet(self):
        r = self.client().get("/")
        m = STYLESHEET.search(r.body)
        self.assertIsNotNone(m, "no <link rel=\"stylesheet\" "
                                "href=\"/assets/...css\"> in /")
        return m.group(1)

    def test_asset_etag_and_cache(self):
        c = self.client()
        path = self.stylesheet()
        r = c.get(path)
        self.assertStatus(r, 200, path)
        self.assertTrue(r.content_type.startswith("text/css"), r.content_type)
        self.assertGreater(len(r.data), 0)
        etag = r.headers.get("ETag")
        self.assertTrue(etag, "no ETag on %s" % path)
        self.assertIn("immutable", r.headers.get("Cache-Control") or "")
        self.assertNotIn("set-cookie", [k.lower() for k, _ in
                                        r.headers.pairs])
        r2 = c.get(path, headers={"If-None-Match": etag})
        self.assertStatus(r2, 304, "If-None-Match")
        self.assertEqual(r2.raw, b"")
        r3 = c.get(path, headers={"If-None-Match": '"not-the-etag"'})
        self.assertStatus(r3, 200)

    def test_asset_unknown_is_404(self):
        r = self.client().get("/assets/no-such-file.0123456789.css")
        self.assertStatus(r, 404)

    # --- gzip ---

    def test_gzip(self):
        plain = self.client().get("/")
        self.assertStatus(plain, 200)
        self.assertNotEqual((plain.headers.get("Content-Encoding") or ""),
                            "gzip", "gzip without Accept-Encoding")
        r = self.client().get("/", headers={"Accept-Encoding": "gzip"})
        self.assertStatus(r, 200)
        self.assertEqual(r.headers.get("Content-Encoding"), "gzip")
        self.assertLess(len(r.raw), len(plain.raw))
        self.assertEqual(r.body, plain.body)    # r.body is gunzipped
        self.assertIn("accept-encoding",
                      (r.headers.get("Vary") or "").lower())

    # --- errors: each a page, and the server goes on serving ---

    def test_413_body_too_large(self):
        c = self.client()
        tok = c.csrf_token("/c/account") or ""
        body = ("lang=en&next=%2F&csrf=" + tok + "&pad=").encode()
        body += b"x" * (2 * 1024 * 1024 - len(body))
        req = (b"POST /lang HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
               b"Content-Type: application/x-www-form-urlencoded\r\n"
               b"Cookie: sodan_csrf=%s\r\nContent-Length: %d\r\n"
               b"Connection: close\r\n\r\n"
               % (self.port, tok.encode(), len(body))) + body
        r = c.raw(req)
        self.assertHtmlPage(r, 413)
        self.assertStillServing()

    def test_400_invalid_utf8_in_query(self):
        r = self.client().get("/?q=%ff")
        self.assertHtmlPage(r, 400)
        self.assertNotIn("%ff", r.body.lower(), "error page echoes input")
        r = self.client().get("/c/account?page=1&x=%c3%28")
        self.assertHtmlPage(r, 400)
        self.assertStillServing()

    def test_400_invalid_field(self):
        r = self.client().get("/c/account?page=abc")
        self.assertHtmlPage(r, 400)

    def test_404_unknown_path(self):
        r = self.client().get("/no/such/page")
        self.assertHtmlPage(r, 404)
        self.assertStillServing()

    def test_404_in_english(self):
        r = self.client().get("/no/such/page", headers={
            "Accept-Language": "en"})
        self.assertHtmlPage(r, 404)
        self.assertEqual(html_lang(r.body), "en")

    def test_404_echoes_nothing(self):
        r = self.client().get("/%3Cscript%3Ealert(1)%3C/script%3E")
        self.assertHtmlPage(r, 404)
        self.assertNotIn("<script>alert", r.body)
        m = re.search(r"<main\b.*?</main>", r.body, re.S)
        main = m.group(0) if m else r.body
        self.assertNotIn("alert", main, "the error message echoes the path")

    def test_405_delete_home(self):
        r = self.client().request("DELETE", "/")
        self.assertHtmlPage(r, 405)
        self.assertIn("GET", r.headers.get("Allow") or "")
        self.assertStillServing()

    def test_405_post_healthz(self):
        c = self.client()
        r = c.post("/healthz", {"x": "1"})
        self.assertStatus(r, 405)
        self.assertIn("GET", r.headers.get("Allow") or "")
        self.assertTrue(r.body)
        self.assertStillServing()

    def test_api_404_is_json(self):
        # RFC 9457 problem details (docs/api.md)
        r = self.client().get("/api/v1/nope")
        self.assertStatus(r, 404)
        self.assertTrue(r.content_type.startswith("application/problem+json"),
                        r.content_type)
        self.assertIn("error", r.json())
        self.assertEqual(r.json()["status"], 404)

    def test_414_long_url(self):
        c = self.client()
        path = "/" + "a" * 5000
        r = c.raw(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Connection: close\r\n\r\n" % path.encode())
        self.assertIn(r.status, (414, 400), r)
        self.assertStillServing()

    def test_bad_request_bytes(self):
        c = self.client()
        try:
            r = c.raw(b"GET /\x00\xff HTTP/1.1\r\nHost: x\r\n\r\n",
                      read_timeout=5)
            self.assertGreaterEqual(r.status, 400)
        except ConnectionError:
            pass                    # closing the connection is fine too
        self.assertStillServing()

    # --- category page ---

    def test_category_page_lists_threads(self):
        titles = harness.psql(
            "SELECT t.title FROM threads t JOIN categories c "
            "ON c.id = t.category_id WHERE c.slug = 'account' "
            "AND t.visible").splitlines()
        self.assertTrue(titles, "the demo has no threads in 'account'")
        langs = set(harness.psql(
            "SELECT DISTINCT lang FROM threads").splitlines())
        self.assertEqual(langs, {"ja", "en"},
                         "demo threads in Japanese and English")
        r = self.client().get("/c/account")
        self.assertHtmlPage(r, 200)
        self.check_security_headers(r)
        shown = [t for t in titles if html.escape(t, quote=False) in r.body
                 or html.escape(t) in r.body]
        self.assertTrue(shown, "no thread title of 'account' on /c/account")
        self.assertIn("アカウント・ログイン", r.body)

    def test_category_unknown_is_404(self):
        r = self.client().get("/c/no-such-category")
        self.assertHtmlPage(r, 404)

    # --- access log ---

    def test_access_log_line_per_request(self):
        tag = "/no/such/page-%d" % time.monotonic_ns()
        self.client().get(tag)
        self.client().get("/healthz")
        pat = re.compile(r"access method=GET path=%s\S* status=404 "
                         r"bytes=\d+ us=\d+" % re.escape(tag))
        harness.wait_until(
            lambda: any(pat.search(ln)
                        for ln in self.server.access_lines()),
            timeout=5, what="access-log line for %s" % tag)
        n0 = len(self.server.access_lines())
        for _ in range(5):
            self.client().get("/healthz")
        harness.wait_until(
            lambda: len(self.server.access_lines()) >= n0 + 5,
            timeout=5, what="5 more access-log lines")


if __name__ == "__main__":
    harness.main()
