#!/usr/bin/env python3
"""t232_signin_language: after sign-in the pages speak the account's
language (users.lang), not the browser's (issue 23).

- Signed out, the browser decides (lang cookie, else Accept-Language).
- Signing in sets the lang cookie to the account's language, both ways:
  an English account in a Japanese browser reads English, a Japanese
  account in an English browser reads Japanese -- also over a lang
  cookie the browser already had.
- With two-step verification the code page is still in the browser's
  language (nothing of the account shows before the second factor); the
  pages after the code are in the account's.
- The language switch, signed in, changes the account's language: the
  next sign-in in another browser follows it.  Signing out keeps it.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import enable_2fa, next_step_code  # noqa: E402
from t100_accounts import PASSWORD, form_csrf, login, register, uniq  # noqa: E402

JA = {"Accept-Language": "ja"}
EN = {"Accept-Language": "en"}


def html_lang(body):
    m = re.search(r'<html lang="([a-z]+)"', body)
    return m.group(1) if m else None


def lang_cookie(r):
    """The value of the lang cookie a response sets, or None."""
    for sc in r.headers.all("Set-Cookie"):
        m = re.match(r"lang=([^;]*)", sc)
        if m:
            return m.group(1)
    return None


class SigninLanguage(harness.ServerTest):

    def account(self, lang):
        """A member registered in a browser that asked for lang: the
        account's language is lang.  Returns the username."""
        name = uniq("sl")
        r = register(self.client(), name, "言語 " + name[-4:], lang=lang)
        self.assertEqual(r.status, 303, r.body[:300])
        self.assertEqual(harness.psql(
            "SELECT lang FROM users WHERE username = '%s'" % name), lang)
        return name

    def origin(self):
        return {"Origin": "http://127.0.0.1:%d" % self.port}

    def test_english_account_in_a_japanese_browser(self):
        name = self.account("en")
        c = self.client()
        # signed out: the browser's language
        r = c.get("/login", headers=JA)
        self.assertHtmlPage(r, 200)
        self.assertEqual(html_lang(r.body), "ja")
        self.assertIn("ログイン", r.body)
        r = login(c, name, lang="ja")
        self.assertEqual(r.status, 303, r.body[:300])
        self.assertEqual(lang_cookie(r), "en")
        # signed in: the account's, whatever the browser asks for
        r = c.get("/", headers=JA)
        self.assertHtmlPage(r, 200)
        self.assertEqual(html_lang(r.body), "en")
        self.assertIn(">Settings</a>", r.body)
        r = c.get("/settings", headers=JA)
        self.assertEqual(html_lang(r.body), "en")
        self.assertRegex(r.body, r'<option value="en"[^>]*selected')

    def test_japanese_account_in_an_english_browser(self):
        name = self.account("ja")
        c = self.client()
        # a lang cookie from an earlier visit does not win over the account
        c.cookies["lang"] = "en"
        r = c.get("/login", headers=EN)
        self.assertEqual(html_lang(r.body), "en")
        r = login(c, name, lang="en")
        self.assertEqual(r.status, 303, r.body[:300])
        self.assertEqual(lang_cookie(r), "ja")
        r = c.get("/", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertEqual(html_lang(r.body), "ja")
        self.assertIn(">設定</a>", r.body)
        # signing out keeps the language the member last read
        r = c.get("/settings", headers=EN)
        r = c.post("/logout", {"csrf": form_csrf(r.body)},
                   headers=dict(EN, **self.origin()))
        self.assertEqual(r.status, 303, r.body[:300])
        r = c.get("/", headers=EN)
        self.assertNotIn(">設定</a>", r.body)
        self.assertEqual(html_lang(r.body), "ja")

    def test_two_step_sign_in(self):
        name = self.account("en")
        c = self.client()
        self.assertEqual(login(c, name, lang="en").status, 303)
        secret, codes = enable_2fa(c, password=PASSWORD)
        self.assertEqual(len(codes), 10)

        c2 = self.client()
        r = login(c2, name, lang="ja")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers["Location"], "/login/2fa")
        # before the second factor: still the browser's language, and the
        # account's is not given away
        self.assertIsNone(lang_cookie(r))
        r = c2.get("/login/2fa", headers=JA)
        self.assertHtmlPage(r, 200)
        self.assertEqual(html_lang(r.body), "ja")
        r = c2.post("/login/2fa", {"code": next_step_code(secret, name),
                                   "csrf": form_csrf(r.body)}, headers=JA)
        self.assertEqual(r.status, 303, r.body[:600])
        self.assertEqual(lang_cookie(r), "en")
        r = c2.get("/", headers=JA)
        self.assertEqual(html_lang(r.body), "en")

    def test_the_switch_is_what_the_next_sign_in_uses(self):
        name = self.account("en")
        c = self.client()
        self.assertEqual(login(c, name, lang="en").status, 303)
        r = c.post("/lang", {"lang": "ja", "next": "/"},
                   headers=dict(EN, **self.origin()))
        self.assertEqual(r.status, 303)
        self.assertEqual(harness.psql(
            "SELECT lang FROM users WHERE username = '%s'" % name), "ja")
        # another browser, which asks for English
        c2 = self.client()
        r = login(c2, name, lang="en")
        self.assertEqual(r.status, 303)
        self.assertEqual(lang_cookie(r), "ja")
        r = c2.get("/", headers=EN)
        self.assertEqual(html_lang(r.body), "ja")
        # and back to English from there
        r = c2.post("/lang", {"lang": "en", "next": "/"},
                    headers=dict(EN, **self.origin()))
        self.assertEqual(r.status, 303)
        r = login(self.client(), name, lang="ja")
        self.assertEqual(lang_cookie(r), "en")


if __name__ == "__main__":
    harness.main()
