#!/usr/bin/env python3
"""t104_acct_redirects: a `next` target is a path on this site or "/".
/login (the form, the direct redirect and the challenge), /login/2fa and
/lang are checked with targets that browsers would follow off the site:
a tab or newline (raw or percent-encoded) that browsers strip, a
backslash they read as '/', "//host", encoded slashes, schemes."""

import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import (EN, PASSWORD, enable_2fa, form_csrf,  # noqa: E402
                       login, next_step_code, register, second_factor, uniq)

EVIL = ["/\t/evil.example/", "/%09/evil.example/", "/\n/evil.example/",
        "/%0a/evil.example/", "/\\evil.example", "/%5Cevil.example",
        "//evil.example/", "/%2F%2Fevil.example", "https:evil.example",
        "https://evil.example/", "javascript:alert(1)", "evil.example",
        "/\x7f/evil.example"]
GOOD = ["/t/1", "/search?q=usdt", "/settings"]


class Redirects(harness.ServerTest):
    demo = True

    def check(self, r, want):
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(r.headers.get("Location"), want)

    def test_lang(self):
        c = self.client()
        for nxt in EVIL:
            r = c.post("/lang", {"lang": "en", "next": nxt},
                       headers={"Origin": "http://127.0.0.1:%d"
                                % self.server.port})
            self.check(r, "/")
        for nxt in GOOD:
            r = c.post("/lang", {"lang": "en", "next": nxt},
                       headers={"Origin": "http://127.0.0.1:%d"
                                % self.server.port})
            self.check(r, nxt)
        # The raw bytes of the probe: "next=/%09/evil.example/".
        r = c.request("POST", "/lang", "lang=ja&next=/%09/evil.example/",
                      {"Content-Type": "application/x-www-form-urlencoded",
                       "Origin": "http://127.0.0.1:%d" % self.server.port})
        self.check(r, "/")

    def test_login_form_and_signed_in(self):
        name = uniq("redir_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        # Signed in: GET /login?next=... redirects at once.
        for nxt in EVIL:
            r = c.get("/login?next=" + urllib.parse.quote(nxt, safe=""))
            self.check(r, "/")
        r = c.get("/login?next=/%09/evil.example/")
        self.check(r, "/")
        r = c.get("/login?next=/t/1")
        self.check(r, "/t/1")
        # Anonymous: the hidden field of the form carries only a safe path.
        a = self.client()
        r = a.get("/login?next=/%09/evil.example/", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn('name="next" value="/"', r.body)

    def test_login_post(self):
        name = uniq("redir_")
        self.assertEqual(register(self.client(), name).status, 303)
        for nxt in EVIL:
            r = login(self.client(), name, nxt=nxt)
            self.check(r, "/")
        r = login(self.client(), name, nxt="/search?q=usdt")
        self.check(r, "/search?q=usdt")

    def enrolled(self):
        """A new account with a second factor (one account per sign-in
        below, so no sign-in waits for the next 30 s step: a code of a
        used step is refused)."""
        name = uniq("redir2_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        secret, _ = enable_2fa(c)
        return name, secret

    def test_login_2fa(self):
        for nxt in ("/%09/evil.example/", "/\\evil.example", "/t/1"):
            name, secret = self.enrolled()
            s = self.client()
            r = login(s, name, nxt=nxt)
            self.check(r, "/login/2fa")
            r = second_factor(s, next_step_code(secret, name))
            self.check(r, "/t/1" if nxt == "/t/1" else "/")
        # A challenge row written with a bad target (an older server)
        # still sends nowhere but here.
        name, secret = self.enrolled()
        s = self.client()
        self.check(login(s, name), "/login/2fa")
        harness.psql("UPDATE login_challenges SET next = '/\t/evil.example/'"
                     " WHERE user_id = (SELECT id FROM users WHERE "
                     "username = '%s')" % name)
        r = second_factor(s, next_step_code(secret, name))
        self.check(r, "/")

    def test_anonymous_role_redirect(self):
        # The dispatcher's own "/login?next=..." for a page that needs a
        # session stays on the site.
        r = self.client().get("/settings")
        self.check(r, "/login?next=/settings")


if __name__ == "__main__":
    harness.main()
