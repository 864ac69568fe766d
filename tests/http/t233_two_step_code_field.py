#!/usr/bin/env python3
"""t233_two_step_code_field: the code field of two-step sign-in gets the
number pad on phones, and recovery codes still work (issue 23).

- /login/2fa shows a 6-digit field: inputmode="numeric",
  autocomplete="one-time-code", pattern="[0-9]{6}", and a link "Use a
  recovery code instead" (?recovery=1) to a text field for a recovery
  code (letters, so no pattern and no number pad), with a link back.
- A recovery code signs in from that field; a wrong one comes back as the
  recovery field with its own message; a wrong 6-digit code as the pad.
- The step-up page (/login/verify) does the same and its link keeps next.
- Both languages.
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


def code_input(body):
    """The <input name="code"> tag."""
    m = re.search(r'<input id="code" name="code"[^>]*>', body)
    return m.group(0) if m else ""


def label_of_code(body):
    m = re.search(r'<label for="code">([^<]*)</label>', body)
    return m.group(1) if m else None


class TwoStepCodeField(harness.ServerTest):

    def member_with_2fa(self):
        name = uniq("tc")
        c = self.client()
        r = register(c, name, "コード " + name[-4:], lang="en")
        self.assertEqual(r.status, 303, r.body[:300])
        secret, codes = enable_2fa(c, password=PASSWORD)
        self.assertEqual(len(codes), 10)
        return name, secret, codes

    def assert_pad(self, body):
        tag = code_input(body)
        self.assertIn('inputmode="numeric"', tag)
        self.assertIn('autocomplete="one-time-code"', tag)
        self.assertIn('pattern="[0-9]{6}"', tag)
        self.assertIn("required", tag)

    def assert_recovery_field(self, body):
        tag = code_input(body)
        self.assertTrue(tag, body[:300])
        self.assertIn('type="text"', tag)
        self.assertNotIn("inputmode", tag)
        self.assertNotIn("pattern", tag)

    def test_pad_and_recovery_field_en(self):
        name, secret, codes = self.member_with_2fa()
        c = self.client()
        r = login(c, name, lang="en")
        self.assertEqual(r.headers["Location"], "/login/2fa")
        r = c.get("/login/2fa", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assert_pad(r.body)
        self.assertEqual(label_of_code(r.body), "6-digit code")
        self.assertIn('<a href="/login/2fa?recovery=1">Use a recovery code '
                      'instead</a>', r.body)

        # a wrong 6-digit code: the pad again, with the error
        r = c.post("/login/2fa", {"code": "000000",
                                  "csrf": form_csrf(r.body)}, headers=EN)
        self.assertEqual(r.status, 401)
        self.assert_pad(r.body)
        self.assertIn("That code is not valid", r.body)

        r = c.get("/login/2fa?recovery=1", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assert_recovery_field(r.body)
        self.assertEqual(label_of_code(r.body), "Recovery code")
        self.assertIn('<a href="/login/2fa?recovery=0">Use the code from '
                      'your authenticator app instead</a>', r.body)
        # a wrong recovery code: the recovery field again, its own message
        r = c.post("/login/2fa", {"code": "abcd-efgh-2345",
                                  "csrf": form_csrf(r.body)}, headers=EN)
        self.assertEqual(r.status, 401)
        self.assert_recovery_field(r.body)
        self.assertIn("That recovery code is not valid or was used already",
                      r.body)
        self.assertIn('aria-invalid="true"', code_input(r.body))
        # the right one signs in
        r = c.post("/login/2fa", {"code": codes[0],
                                  "csrf": form_csrf(r.body)}, headers=EN)
        self.assertEqual(r.status, 303, r.body[:500])
        self.assertEqual(c.get("/settings", headers=EN).status, 200)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM recovery_codes rc JOIN users u ON "
            "u.id = rc.user_id WHERE u.username = '%s' AND rc.used_at IS "
            "NOT NULL" % name), "1")

        # ... and the 6-digit code from the pad too, in another browser
        c2 = self.client()
        login(c2, name, lang="en")
        r = c2.get("/login/2fa", headers=EN)
        r = c2.post("/login/2fa", {"code": next_step_code(secret, name),
                                   "csrf": form_csrf(r.body)}, headers=EN)
        self.assertEqual(r.status, 303, r.body[:500])

    def test_japanese(self):
        name, _, _ = self.member_with_2fa()
        c = self.client()
        login(c, name, lang="ja")
        r = c.get("/login/2fa", headers=JA)
        self.assertHtmlPage(r, 200)
        self.assert_pad(r.body)
        self.assertEqual(label_of_code(r.body), "6 桁のコード")
        self.assertIn("認証アプリに表示されている 6 桁のコードを入力してください。",
                      r.body)
        self.assertIn('<a href="/login/2fa?recovery=1">代わりにリカバリーコードを'
                      '使う</a>', r.body)
        r = c.get("/login/2fa?recovery=1", headers=JA)
        self.assert_recovery_field(r.body)
        self.assertEqual(label_of_code(r.body), "リカバリーコード")
        self.assertIn("控えたとおりに入力してください", r.body)
        self.assertIn('<a href="/login/2fa?recovery=0">認証アプリのコードを使う'
                      '</a>', r.body)
        r = c.post("/login/2fa", {"code": "abcd-efgh-2345",
                                  "csrf": form_csrf(r.body)}, headers=JA)
        self.assertEqual(r.status, 401)
        self.assertIn("このリカバリーコードは正しくないか、すでに使われています",
                      r.body)
        # a value the switch does not know is refused, not ignored
        r = c.get("/login/2fa?recovery=maybe", headers=JA)
        self.assertEqual(r.status, 400)

    def test_step_up_keeps_next(self):
        name, secret, codes = self.member_with_2fa()
        harness.psql("UPDATE users SET role = 'moderator' WHERE username = "
                     "'%s'" % name)
        c = self.client()
        login(c, name, lang="en")
        r = c.get("/login/2fa", headers=EN)
        r = c.post("/login/2fa", {"code": codes[0],
                                  "csrf": form_csrf(r.body)}, headers=EN)
        self.assertEqual(r.status, 303, r.body[:500])
        # this session's second factor is not there any more
        harness.psql("UPDATE sessions SET mfa_at = NULL WHERE user_id = "
                     "(SELECT id FROM users WHERE username = '%s')" % name)
        r = c.get("/mod", headers=EN)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers["Location"], "/login/verify?next=/mod")
        r = c.get("/login/verify?next=/mod", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assert_pad(r.body)
        self.assertIn('<a href="/login/verify?next=/mod&amp;recovery=1">',
                      r.body)
        r = c.get("/login/verify?next=/mod&recovery=1", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assert_recovery_field(r.body)
        self.assertIn('name="next" value="/mod"', r.body)
        r = c.post("/login/verify", {"code": codes[1], "next": "/mod",
                                     "csrf": form_csrf(r.body)}, headers=EN)
        self.assertEqual(r.status, 303, r.body[:500])
        self.assertEqual(r.headers["Location"], "/mod")
        self.assertEqual(c.get("/mod", headers=EN).status, 200)


if __name__ == "__main__":
    harness.main()
