"""OpenID Connect, linking (docs/accounts.md, "OpenID Connect"): an
identity whose verified address an account here confirmed is not linked
silently: the member signs in with the password once and confirms; then
the exchange signs them in; settings unlink (password accounts only) and
link again; an account with two-step verification still needs its code;
an identity linked to one account cannot be linked to another."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import oidc_util  # noqa: E402
from acct_util import enable_2fa, form_csrf, login, register, uniq  # noqa

EN = oidc_util.EN


def identities(sub):
    return harness.psql("SELECT count(*) FROM oidc_identities WHERE "
                        "subject = '%s'" % sub)


class OidcLink(harness.ServerTest):
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

    def member(self, email):
        """A registered account whose confirmed address is email."""
        name = uniq("lk")
        c = self.client()
        self.assertStatus(register(c, name), 303)
        harness.psql("UPDATE users SET email = '%s', email_verified_at = "
                     "now() WHERE username = '%s'" % (email, name))
        return name, c

    def test_link_by_password_then_sign_in_unlink_link(self):
        sub = uniq("ex")
        name, _ = self.member("%s@example.com" % sub)
        c = self.client()
        r = oidc_util.signin(self.prov, c, sub)
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/login/oidc/link")
        self.assertIsNone(c.cookies.get("sodan_session"))
        self.assertEqual(identities(sub), "0")     # nothing silent
        r = c.get("/login/oidc/link", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn("already uses this e-mail address", r.body)
        self.assertIn('href="/login?next=/settings/oidc/confirm"', r.body)
        # the password once, then the confirmation
        r = login(c, name, nxt="/settings/oidc/confirm")
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/settings/oidc/confirm")
        r = c.get("/settings/oidc/confirm", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn(name, r.body)
        self.assertIn("%s@example.com" % sub, r.body)
        r = c.post("/settings/oidc/confirm", {}, headers=EN)
        self.assertStatus(r, 403)                   # CSRF is required
        self.assertEqual(identities(sub), "0")
        r = c.post("/settings/oidc/confirm", {"csrf": form_csrf(
            c.get("/settings/oidc/confirm").body)}, headers=EN)
        self.assertStatus(r, 303)
        self.assertEqual(identities(sub), "1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action = 'oidc_link' "
            "AND target_name = '%s'" % name), "1")

        # the exchange now opens this account in another browser
        c2 = self.client()
        r = oidc_util.signin(self.prov, c2, sub)
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/")
        r = c2.get("/settings", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn(name, r.body)
        self.assertIn('action="/settings/oidc/unlink"', r.body)

        # unlink (the account has a password), then link from settings
        r = c2.post("/settings/oidc/unlink", {"csrf": form_csrf(r.body)},
                    headers=EN)
        self.assertStatus(r, 303)
        self.assertEqual(identities(sub), "0")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action = 'oidc_unlink' "
            "AND target_name = '%s'" % name), "1")
        r = c2.get("/settings", headers=EN)
        self.assertIn('action="/settings/oidc/link"', r.body)
        r = oidc_util.signin(self.prov, c2, sub, start="/settings/oidc/link",
                             post_start={"csrf": form_csrf(r.body)})
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/settings?done=1")
        self.assertEqual(harness.psql(
            "SELECT u.username FROM oidc_identities i JOIN users u ON "
            "u.id = i.user_id WHERE i.subject = '%s'" % sub), name)

        # another account cannot take the same identity
        other, oc = self.member("%s-other@example.com" % sub)
        r = oc.get("/settings", headers=EN)
        r = oidc_util.signin(self.prov, oc, sub, start="/settings/oidc/link",
                             post_start={"csrf": form_csrf(r.body)})
        self.assertHtmlPage(r, 409)
        self.assertIn("already linked to another forum account", r.body)
        self.assertEqual(harness.psql(
            "SELECT u.username FROM oidc_identities i JOIN users u ON "
            "u.id = i.user_id WHERE i.subject = '%s'" % sub), name)

    def test_second_factor_still_required(self):
        sub = uniq("tf")
        name, c = self.member("%s@example.com" % sub)
        enable_2fa(c)
        r = c.get("/settings", headers=EN)
        r = oidc_util.signin(self.prov, c, sub, start="/settings/oidc/link",
                             post_start={"csrf": form_csrf(r.body)})
        self.assertStatus(r, 303)
        self.assertEqual(identities(sub), "1")
        c2 = self.client()
        r = oidc_util.signin(self.prov, c2, sub)
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/login/2fa")
        self.assertIsNone(c2.cookies.get("sodan_session"))
        self.assertTrue(c2.cookies.get("sodan_mfa"))
        r = c2.get("/settings")
        self.assertStatus(r, 303)
        self.assertTrue(r.headers.get("Location").startswith("/login"))

    def test_suspended_account_refused(self):
        sub = uniq("su")
        name, c = self.member("%s@example.com" % sub)
        r = c.get("/settings", headers=EN)
        r = oidc_util.signin(self.prov, c, sub, start="/settings/oidc/link",
                             post_start={"csrf": form_csrf(r.body)})
        self.assertStatus(r, 303)
        harness.psql("UPDATE users SET suspended_until = now() + "
                     "interval '3 days', suspend_reason = 'spam' WHERE "
                     "username = '%s'" % name)
        c2 = self.client()
        r = oidc_util.signin(self.prov, c2, sub)
        self.assertHtmlPage(r, 403)
        self.assertIn("This account is suspended.", r.body)
        self.assertIsNone(c2.cookies.get("sodan_session"))


if __name__ == "__main__":
    harness.main()
