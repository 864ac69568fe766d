#!/usr/bin/env python3
"""t108_acct_mail: e-mail identity and mail that is never lost.

- "Forgot your password?": the same answer whether or not the address
  exists; the mail (read from the SMTP sink's files) carries a single-use
  link valid 30 minutes; setting the password ends every session; the
  link fails the second time and when expired; limited per address.
- An address is optional at registration (kept on a refused form,
  refused when malformed or taken, confirmed by the mailed link).
- Changing the address asks the password, sends a confirmation link to
  the new address and a notice to the old one; the link confirms it.
- Messages: text and HTML, Message-ID, Date, in the account's language;
  the outbox holds them sealed and the tokens only hashed (pg_dump).
- A relay that does not answer delays a message, never drops it: the row
  stays with the error and is sent once a relay answers."""

import email
import email.policy
import glob
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import (EN, PASSWORD, form_csrf, login, register,  # noqa
                       uniq)
from t107_acct_secrets import pg_dump  # noqa: E402

STATE = {}


def maildir():
    return os.path.join(harness.test_dir(), "mail")


def mails_to(addr):
    out = []
    for p in sorted(glob.glob(os.path.join(maildir(), "*.eml"))):
        with open(p, "rb") as f:
            m = email.message_from_bytes(f.read(), policy=email.policy.default)
        if addr.lower() in str(m["To"]).lower():
            out.append(m)
    return out


def wait_mail(addr, n=1, timeout=20):
    harness.wait_until(lambda: len(mails_to(addr)) >= n, timeout,
                       what="%d mail(s) to %s" % (n, addr))
    return mails_to(addr)


def text_of(m):
    return m.get_body(("plain",)).get_content()


def link_in(m, path):
    found = re.search(r"https?://[^\s]+%s\?token=([A-Za-z0-9_-]+)" % path,
                      text_of(m))
    assert found, text_of(m)
    return found.group(1)


def forgot(c, addr):
    r = c.get("/login/forgot", headers=EN)
    return c.post("/login/forgot", {"email": addr, "csrf": form_csrf(r.body)},
                  headers=EN)


class A_Outage(harness.ServerTest):
    """A relay that refuses connections: the message waits."""
    demo = True
    extra_env = {"SODAN_SMTP_URL": "smtp://127.0.0.1:9"}

    def test_outage_keeps_the_message(self):
        r = forgot(self.client(), "mike_trader@example.com")
        self.assertEqual(r.status, 200, r.body[:500])
        sql = ("SELECT id FROM outbox WHERE to_addr = 'mike_trader@example.com'"
               " AND template = 'reset' ORDER BY id DESC LIMIT 1")
        oid = harness.psql(sql)
        self.assertTrue(oid)
        harness.wait_until(lambda: harness.psql(
            "SELECT attempts FROM outbox WHERE id = %s" % oid) not in
            ("", "0"), 20, what="a send attempt")
        row = harness.psql("SELECT sent_at IS NULL, last_error <> '', "
                           "next_attempt_at > now() FROM outbox WHERE id = %s"
                           % oid)
        self.assertEqual(row, "t|t|t")
        STATE["waiting"] = oid


class B_Mail(harness.ServerTest):
    demo = True

    def test_1_outage_message_sent_later(self):
        oid = STATE.get("waiting")
        self.assertIsNotNone(oid, "A_Outage did not run")
        harness.psql("UPDATE outbox SET next_attempt_at = now() WHERE id = %s"
                     % oid)
        harness.wait_until(lambda: harness.psql(
            "SELECT sent_at IS NOT NULL FROM outbox WHERE id = %s" % oid)
            == "t", 20, what="the waiting message sent")
        self.assertTrue(mails_to("mike_trader@example.com"))

    def test_2_forgot_reset_once(self):
        addr = "hanako_w@example.com"
        before = len(mails_to(addr))
        # Signed in somewhere: that session ends with the new password.
        other = self.client()
        self.assertEqual(login(other, "hanako_w", "sodan-demo-2026").status,
                         303)
        c = self.client()
        r1 = forgot(c, addr)
        self.assertHtmlPage(r1, 200)
        self.assertIn("If an account has this confirmed e-mail", r1.body)
        r2 = forgot(self.client(), "nobody-%s@example.com" % uniq("x"))
        self.assertHtmlPage(r2, 200)
        strip = re.compile(r'value="[A-Za-z0-9_-]{40,}"')
        self.assertEqual(strip.sub("", r1.body), strip.sub("", r2.body))
        m = wait_mail(addr, before + 1)[-1]
        self.assertTrue(m["Message-ID"].startswith("<"))
        self.assertIsNotNone(m["Date"])
        self.assertIsNone(m["List-Unsubscribe"])      # not optional
        self.assertEqual(m["Content-Language"], "ja")
        self.assertIn("パスワード", str(m["Subject"]))
        self.assertIsNotNone(m.get_body(("html",)))
        tok = link_in(m, "/login/reset")
        # Only the hash is stored, and the queued copy is sealed.
        dump = pg_dump()
        self.assertNotIn(tok, dump)
        r = c.get("/login/reset?token=" + tok, headers=EN)
        self.assertHtmlPage(r, 200)
        new = "fresh garden ladder 7731"
        r = c.post("/login/reset", {"token": tok, "password": new,
                                    "password2": new,
                                    "csrf": form_csrf(r.body)}, headers=EN)
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(r.headers["Location"], "/login")
        self.assertEqual(other.get("/settings").status, 303)
        self.assertEqual(login(self.client(), "hanako_w",
                               "sodan-demo-2026").status, 401)
        s = self.client()
        self.assertEqual(login(s, "hanako_w", new).status, 303)
        self.assertEqual(s.get("/settings").status, 200)
        # The link works once.
        r = c.get("/login/reset?token=" + tok, headers=EN)
        self.assertEqual(r.status, 400)
        r = c.post("/login/reset", {"token": tok, "password": "another one 9981",
                                    "password2": "another one 9981",
                                    "csrf": c.cookies.get("sodan_csrf", "")},
                   headers=EN)
        self.assertEqual(r.status, 400)
        self.assertEqual(login(self.client(), "hanako_w", new).status, 303)
        # Give the demo password back for other tests.
        harness.psql("UPDATE users SET password_hash = (SELECT password_hash"
                     " FROM users WHERE username = 'kenji_t') WHERE "
                     "username = 'hanako_w'")

    def test_3_expired_link(self):
        before = len(mails_to("yuki88@example.com"))
        self.assertEqual(forgot(self.client(), "YUKI88@example.com").status,
                         200)
        tok = link_in(wait_mail("yuki88@example.com", before + 1)[-1],
                      "/login/reset")
        harness.psql("UPDATE email_tokens SET expires_at = now() - interval "
                     "'1 second' WHERE used_at IS NULL AND email ILIKE "
                     "'yuki88@example.com'")
        self.assertEqual(self.client().get("/login/reset?token=" + tok)
                         .status, 400)

    def test_4_change_address(self):
        name = uniq("mail_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        first = "%s@example.org" % name
        second = "%s-new@example.org" % name
        tok = form_csrf(c.get("/settings", headers=EN).body)
        r = c.post("/settings/email", {"email": first, "current_password": "wrong "
                                       "password 12", "csrf": tok},
                   headers=EN)
        self.assertEqual(r.status, 400)
        self.assertEqual(harness.psql("SELECT coalesce(email, '') FROM users "
                                      "WHERE username = '%s'" % name), "")
        r = c.post("/settings/email", {"email": first, "current_password": PASSWORD,
                                       "csrf": tok}, headers=EN)
        self.assertEqual(r.status, 303, r.body[:800])
        m = wait_mail(first)[-1]
        self.assertEqual(m["Content-Language"], "en")
        vt = link_in(m, "/settings/email/confirm")
        r = self.client().get("/settings/email/confirm?token=" + vt,
                              headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertIn("confirmed", r.body)
        self.assertEqual(self.client().get("/settings/email/confirm?token="
                                           + vt).status, 400)
        self.assertEqual(harness.psql(
            "SELECT email_verified_at IS NOT NULL FROM users WHERE "
            "username = '%s'" % name), "t")
        # Another account cannot take it.
        other = uniq("mail2_")
        o = self.client()
        self.assertEqual(register(o, other).status, 303)
        r = o.post("/settings/email", {"email": first.upper(),
                                       "current_password": PASSWORD,
                                       "csrf": form_csrf(o.get("/settings")
                                                         .body)}, headers=EN)
        self.assertEqual(r.status, 400)
        self.assertIn("Another account uses", r.body)
        # A change: confirmation to the new address, notice to the old.
        r = c.post("/settings/email", {"email": second, "current_password": PASSWORD,
                                       "csrf": tok}, headers=EN)
        self.assertEqual(r.status, 303)
        wait_mail(second)
        old = wait_mail(first, 2)[-1]
        self.assertIn("changed", str(old["Subject"]))
        self.assertEqual(harness.psql(
            "SELECT email_verified_at IS NULL FROM users WHERE username = "
            "'%s'" % name), "t")

    def test_5_address_at_registration(self):
        """Optional at registration: kept on a refused form, refused when
        malformed or taken, confirmed by the link in the mail."""
        name = uniq("regm_")
        addr = "%s@example.org" % name
        c = self.client()
        c.csrf_token("/register")
        form = {"username": name, "display_name": name,
                "password": PASSWORD, "password2": PASSWORD}
        r = c.get("/register", headers=EN)
        self.assertIn('name="email"', r.body)
        self.assertIn("E-mail address (optional)", r.body)
        r = c.post("/register", dict(form, email="not an address"),
                   headers=EN, csrf=True)
        self.assertEqual(r.status, 400)
        self.assertIn("Enter an e-mail address", r.body)
        self.assertIn('value="not an address"', r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM users WHERE username = '%s'" % name), "0")
        # Japanese, too.
        r = c.post("/register", dict(form, email="not an address"),
                   headers={"Accept-Language": "ja"}, csrf=True)
        self.assertEqual(r.status, 400)
        self.assertIn("メールアドレス", r.body)
        r = c.post("/register", dict(form, email=addr), headers=EN,
                   csrf=True)
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(harness.psql(
            "SELECT email || ' ' || (email_verified_at IS NULL) FROM users "
            "WHERE username = '%s'" % name), addr + " true")
        m = wait_mail(addr)[-1]
        vt = link_in(m, "/settings/email/confirm")
        r = self.client().get("/settings/email/confirm?token=" + vt,
                              headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertEqual(harness.psql(
            "SELECT email_verified_at IS NOT NULL FROM users WHERE "
            "username = '%s'" % name), "t")
        # Another registration cannot take the address; nothing created.
        other = uniq("regm2_")
        o = self.client()
        o.csrf_token("/register")
        r = o.post("/register", {"username": other, "display_name": other,
                                 "password": PASSWORD, "password2": PASSWORD,
                                 "email": addr.upper()},
                   headers=EN, csrf=True)
        self.assertEqual(r.status, 400)
        self.assertIn("Another account uses", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM users WHERE username = '%s'" % other), "0")
        # Without an address, as before.
        self.assertEqual(register(o, other).status, 303)


def _tight_limits():
    path = os.path.join(harness.test_dir(), "t108-limits.conf")
    with open(path, "w") as f:
        f.write("[signin_account]\nburst = 3\nrate = 1/min\n")
    return path


class C_Limits(harness.ServerTest):
    demo = True
    extra_env = {"SODAN_LIMITS": _tight_limits()}

    def test_limited_per_address(self):
        statuses = [forgot(self.client(), "kenji_t@example.com").status
                    for _ in range(6)]
        self.assertEqual(statuses[:3], [200] * 3, statuses)
        self.assertEqual(statuses[3:], [429] * 3, statuses)
        # Another address is not held back by the first one's count.
        self.assertEqual(forgot(self.client(), "yuki88@example.com").status,
                         200)


if __name__ == "__main__":
    harness.main()
