"""Sign in with the exchange's account (OpenID Connect, code + PKCE)
against a real provider (npm oidc-provider, tests/oidc/provider.mjs):
the button, the start (state, nonce, S256 challenge, sealed cookie), a
new account with a chosen name checked by the registration rules, and a
later sign-in of the linked account.  docs/accounts.md, "OpenID Connect"."""

import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import oidc_util  # noqa: E402
from acct_util import form_csrf, register, uniq  # noqa: E402

EN = oidc_util.EN


class OidcSignin(harness.ServerTest):
    @classmethod
    def setUpClass(cls):
        cls.prov = oidc_util.Provider()
        cls.conf = oidc_util.conf(cls.prov)
        cls.extra_env = oidc_util.env()
        try:
            super().setUpClass()
        except Exception:
            cls.prov.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.prov.stop()

    def test_button_on_sign_in_page(self):
        r = self.client().get("/login?next=/ask", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn("Sign in with the exchange&#39;s account", r.body)
        self.assertIn('href="/login/oidc?next=%2Fask"', r.body)
        r = self.client().get("/login", headers={"Accept-Language": "ja"})
        self.assertIn("取引所のアカウントでログイン", r.body)

    def test_start_sends_pkce_state_nonce(self):
        c = self.client()
        r = c.get("/login/oidc", headers=EN)
        self.assertStatus(r, 303)
        loc = r.headers.get("Location")
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(loc).query))
        self.assertTrue(loc.startswith(self.prov.issuer + "/auth?"), loc)
        self.assertEqual(q["response_type"], "code")
        self.assertEqual(q["client_id"], oidc_util.CLIENT_ID)
        self.assertEqual(q["redirect_uri"], oidc_util.REDIRECT)
        self.assertEqual(q["code_challenge_method"], "S256")
        self.assertEqual(len(q["code_challenge"]), 43)
        self.assertGreaterEqual(len(q["state"]), 43)
        self.assertGreaterEqual(len(q["nonce"]), 43)
        self.assertIn("openid", q["scope"].split())
        # state, nonce and verifier are kept sealed: none readable
        cookie = c.cookies.get("sodan_oidc")
        self.assertTrue(cookie and cookie.startswith("s1:"), cookie)
        self.assertNotIn(q["state"], cookie)
        self.assertNotIn(q["nonce"], cookie)
        sc = [v for v in r.headers.all("Set-Cookie")
              if v.startswith("sodan_oidc=")][0]
        self.assertIn("HttpOnly", sc)
        self.assertIn("SameSite=Lax", sc)
        self.assertIn("Max-Age=600", sc)

    def test_new_account_then_linked_sign_in(self):
        login = uniq("nw")
        c = self.client()
        r = oidc_util.signin(self.prov, c, login)
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/login/oidc/new")
        self.assertIsNone(c.cookies.get("sodan_session"))
        r = c.get("/login/oidc/new", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn("%s@example.com" % login, r.body)
        self.assertIn('value="%s"' % login, r.body)   # suggested name
        csrf = form_csrf(r.body)

        # the registration rules, the input kept, nothing stored
        r = c.post("/login/oidc/new", {"username": "ab", "display_name":
                                       "Ab", "csrf": csrf}, headers=EN)
        self.assertHtmlPage(r, 400)
        self.assertIn("The username must be 3 to 24 characters long.",
                      r.body)
        r = c.post("/login/oidc/new", {"username": "Binance_Support",
                                       "display_name": "Help",
                                       "csrf": csrf}, headers=EN)
        self.assertHtmlPage(r, 400)
        self.assertIn("looks like staff or an exchange", r.body)
        self.assertIn('value="Binance_Support"', r.body)
        taken = uniq("tk")
        self.assertStatus(register(self.client(), taken), 303)
        r = c.post("/login/oidc/new", {"username": taken.upper(),
                                       "display_name": "K", "csrf": csrf},
                   headers=EN)
        self.assertHtmlPage(r, 409)
        self.assertIn("This username is already taken.", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM oidc_identities WHERE subject = '%s'"
            % login), "0")

        name = uniq("on")
        r = c.post("/login/oidc/new", {"username": name, "display_name":
                                       "新しい会員", "csrf": csrf},
                   headers=EN)
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/settings?welcome=1")
        self.assertTrue(c.cookies.get("sodan_session"))
        row = harness.psql(
            "SELECT u.role || '|' || coalesce(u.password_hash, 'none') || "
            "'|' || u.email || '|' || (u.email_verified_at IS NOT NULL) "
            "|| '|' || i.issuer FROM users u JOIN oidc_identities i ON "
            "i.user_id = u.id WHERE u.username = '%s' AND i.subject = "
            "'%s'" % (name, login))
        self.assertEqual(row, "user|none|%s@example.com|true|%s"
                         % (login, self.prov.issuer))
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action = "
            "'oidc_register' AND target_name = '%s'" % name), "1")
        r = c.get("/settings", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn("Linked:", r.body)
        self.assertIn("%s@example.com" % login, r.body)
        # no password: no unlink button, and the route refuses
        self.assertNotIn('action="/settings/oidc/unlink"', r.body)
        r = c.post("/settings/oidc/unlink", {"csrf": form_csrf(r.body)},
                   headers=EN)
        self.assertHtmlPage(r, 409)
        self.assertIn("has no password", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM oidc_identities WHERE subject = '%s'"
            % login), "1")

        # later: another browser signs in straight into the account
        c2 = self.client()
        r = oidc_util.signin(self.prov, c2, login, start="/login/oidc?"
                             "next=/settings")
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/settings")
        self.assertTrue(c2.cookies.get("sodan_session"))
        r = c2.get("/settings", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn(name, r.body)
        # a session, no role from the provider
        self.assertEqual(harness.psql(
            "SELECT role FROM users WHERE username = '%s'" % name), "user")

    def test_new_account_form_needs_the_identity(self):
        r = self.client().get("/login/oidc/new", headers=EN)
        self.assertHtmlPage(r, 400)
        self.assertIn("Start again", r.body)
        self.assertIn('href="/login/oidc"', r.body)


if __name__ == "__main__":
    harness.main()
