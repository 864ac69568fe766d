#!/usr/bin/env python3
"""t106_acct_privilege: privilege follows the session.

- A role change (sodan admin set-role) ends every session of the account
  and is audited: a member's open session does not become a moderator's.
- Staff, moderator and admin powers work only in a session that passed a
  second factor itself: a session without one is sent to the step-up
  page (/login/verify), enrolment first when the account has no secret.
- Sensitive acts (purge, campaign purge, undo) need a second factor from
  the last 15 minutes; otherwise a re-authentication page keeps what was
  entered and sends it again with the code.
- Signed in, the pages are in the account's language (see
  t232_signin_language for the rule itself)."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import (EN, PASSWORD, admin, form_csrf, login,  # noqa: E402
                       register, secret_on_page, totp, uniq)


def session_ids(name):
    return harness.psql("SELECT string_agg(s.id::text, ',') FROM sessions s "
                        "JOIN users u ON u.id = s.user_id WHERE u.username ="
                        " '%s'" % name)


class Privilege(harness.ServerTest):
    demo = True

    def new_moderator(self):
        """A moderator made by the CLI who enrolled at sign-in: the client
        (a fresh, verified session) and the recovery codes."""
        name = uniq("pmod_")
        p = admin(self.server, "create-user", name, "Mod " + name[-4:],
                  "moderator", name + "@example.com", password=PASSWORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        c = self.client()
        r = login(c, name)
        self.assertEqual(r.headers.get("Location"), "/login/2fa")
        r = c.get("/login/2fa", headers=EN)
        secret = secret_on_page(r.body)
        r = c.post("/login/2fa", {"code": totp(secret),
                                  "csrf": form_csrf(r.body)}, headers=EN)
        self.assertEqual(r.status, 200, r.body[:800])
        codes = re.findall(r"<li><code>([a-z0-9-]{14})</code></li>", r.body)
        self.assertEqual(len(codes), 10)
        # Signed in, the pages speak the account's language (Japanese,
        # users.lang's default for an account the CLI made), not the
        # browser's English; this moderator reads English and says so
        # once with the language switch, which the account keeps.
        self.assertIn('<html lang="ja">', r.body)
        r = c.get("/mod", headers=EN)
        self.assertIn('<html lang="ja">', r.body)
        r = c.post("/lang", {"lang": "en", "next": "/mod"},
                   headers={"Origin": "http://127.0.0.1:%d" % self.port})
        self.assertEqual(r.status, 303)
        self.assertEqual(harness.psql(
            "SELECT lang FROM users WHERE username = '%s'" % name), "en")
        return name, c, codes

    def test_1_role_change_ends_sessions(self):
        name = uniq("prom_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        self.assertEqual(c.get("/settings").status, 200)
        self.assertEqual(c.get("/mod").status, 403)
        # A moderator must have an e-mail address: refused without one,
        # and nothing changed.
        p = admin(self.server, "set-role", name, "moderator")
        self.assertEqual(p.returncode, 1)
        self.assertIn("e-mail", p.stderr)
        self.assertEqual(c.get("/mod").status, 403)
        self.assertEqual(harness.psql(
            "SELECT role FROM users WHERE username = '%s'" % name), "user")
        p = admin(self.server, "set-role", name, "moderator",
                  name + "@example.com")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(harness.psql(
            "SELECT email || ' ' || (email_verified_at IS NOT NULL) FROM "
            "users WHERE username = '%s'" % name),
            name + "@example.com true")
        # The member's session is gone: no queue, not even as a member.
        r = c.get("/mod")
        self.assertEqual(r.status, 303, r.body[:500])
        self.assertTrue(r.headers["Location"].startswith("/login"))
        r = c.get("/mod/queue/held")
        self.assertNotEqual(r.status, 200)
        self.assertEqual(session_ids(name), "")
        self.assertIn("every session ended", harness.psql(
            "SELECT string_agg(detail, ',') FROM audit_log WHERE action = "
            "'set-role' AND target_name = '%s'" % name))
        # Signing in again goes through enrolment before any power.
        s = self.client()
        self.assertEqual(login(s, name).headers.get("Location"),
                         "/login/2fa")
        self.assertNotIn("sodan_session", s.cookies)

    def test_2_session_without_second_factor_steps_up(self):
        name, c, codes = self.new_moderator()
        self.assertEqual(c.get("/mod").status, 200)
        # A session that never passed a second factor itself (one made
        # before this rule, say) has no powers until it does.
        harness.psql("UPDATE sessions SET mfa_at = NULL WHERE user_id = "
                     "(SELECT id FROM users WHERE username = '%s')" % name)
        r = c.get("/mod")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers["Location"], "/login/verify?next=/mod")
        r = c.get("/api/v1/mod/queue/held")
        self.assertEqual(r.status, 403)
        r = c.get("/login/verify?next=/mod", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertNotIn("totp-secret", r.body)
        tok = form_csrf(r.body)
        r = c.post("/login/verify", {"code": "000000", "next": "/mod",
                                     "csrf": tok}, headers=EN)
        self.assertEqual(r.status, 401)
        self.assertEqual(c.get("/mod").status, 303)
        r = c.post("/login/verify", {"code": codes[0], "next": "/mod",
                                     "csrf": tok}, headers=EN)
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(r.headers["Location"], "/mod")
        self.assertEqual(c.get("/mod").status, 200)

    def test_3_promoted_without_2fa_enrols_first(self):
        # An account given a role outside the CLI (no sessions ended, no
        # secret): its session is taken through enrolment, which also
        # asks the password, before any power works.
        name = uniq("legacy_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        harness.psql("UPDATE users SET role = 'moderator' WHERE username = "
                     "'%s'" % name)
        r = c.get("/mod/queue/held")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers["Location"],
                         "/login/verify?next=/mod/queue/held")
        r = c.get("/login/verify?next=/mod/queue/held", headers=EN)
        self.assertHtmlPage(r, 200)
        secret = secret_on_page(r.body)
        self.assertIn('name="password"', r.body)
        tok = form_csrf(r.body)
        r = c.post("/login/verify", {"code": totp(secret), "csrf": tok,
                                     "next": "/mod/queue/held",
                                     "password": "not the password 1"},
                   headers=EN)
        self.assertEqual(r.status, 400)
        self.assertEqual(c.get("/mod").status, 303)
        r = c.post("/login/verify", {"code": totp(secret), "csrf": tok,
                                     "next": "/mod/queue/held",
                                     "password": PASSWORD}, headers=EN)
        self.assertEqual(r.status, 200, r.body[:800])
        self.assertIn("Your recovery codes", r.body)
        self.assertIn('href="/mod/queue/held"', r.body)
        self.assertEqual(c.get("/mod/queue/held").status, 200)

    def test_4_sensitive_acts_need_a_fresh_factor(self):
        name, c, codes = self.new_moderator()
        victim = uniq("spam_")
        self.assertEqual(register(self.client(), victim).status, 303)
        vid = harness.psql("SELECT id FROM users WHERE username = '%s'"
                           % victim)
        r = c.get("/mod/user/%s/purge" % vid, headers=EN)
        self.assertHtmlPage(r, 200)
        tok = form_csrf(r.body)
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'16 minutes' WHERE user_id = (SELECT id FROM users "
                     "WHERE username = '%s')" % name)
        fields = {"what": "suspend", "days": "3", "reason": "詐欺の勧誘 <b>",
                  "confirm": "1", "csrf": tok}
        r = c.post("/mod/user/%s/purge" % vid, fields, headers=EN)
        self.assertEqual(r.status, 401, r.body[:800])
        self.assertIn("Confirm with two-step verification", r.body)
        self.assertIn('action="/mod/user/%s/purge"' % vid, r.body)
        self.assertIn('name="reason" value="詐欺の勧誘 &lt;b&gt;"', r.body)
        self.assertIn('name="days" value="3"', r.body)
        self.assertIn('name="reauth_code"', r.body)
        self.assertEqual(harness.psql(
            "SELECT suspended_until IS NULL FROM users WHERE id = %s" % vid),
            "t")
        # A wrong code: the page again, nothing done.
        r = c.post("/mod/user/%s/purge" % vid,
                   dict(fields, reauth_code="000000"), headers=EN)
        self.assertEqual(r.status, 401)
        self.assertIn("That code is not valid", r.body)
        # The right one: the act goes through with what was entered.
        r = c.post("/mod/user/%s/purge" % vid,
                   dict(fields, reauth_code=codes[1]), headers=EN)
        self.assertEqual(r.status, 200, r.body[:800])
        self.assertIn("suspended", r.body)
        self.assertEqual(harness.psql(
            "SELECT suspended_until IS NOT NULL FROM users WHERE id = %s"
            % vid), "t")
        # Fresh now: the next sensitive act needs no code for 15 minutes.
        other = uniq("spam_")
        self.assertEqual(register(self.client(), other).status, 303)
        oid = harness.psql("SELECT id FROM users WHERE username = '%s'"
                           % other)
        r = c.post("/mod/user/%s/purge" % oid, fields, headers=EN)
        self.assertEqual(r.status, 200, r.body[:800])
        # The campaign purge and undo ask too.
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'16 minutes' WHERE user_id = (SELECT id FROM users "
                     "WHERE username = '%s')" % name)
        r = c.post("/mod/campaign", {"type": "phone", "value": "09012345678",
                                     "action": "purge", "days": "1",
                                     "reason": "x", "confirm": "1",
                                     "csrf": tok}, headers=EN)
        self.assertEqual(r.status, 401)
        self.assertIn('name="reauth_code"', r.body)
        r = c.post("/mod/log/1/undo", {"confirm": "1", "csrf": tok},
                   headers=EN)
        self.assertEqual(r.status, 401)


if __name__ == "__main__":
    harness.main()
