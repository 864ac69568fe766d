#!/usr/bin/env python3
"""t305_admin_suspend: suspend and restore a member from the admin console
(/admin/members/ID/suspension; docs/admin.md, "Members").

- Only administrators (members, staff, moderators: 403; nothing changes).
- The form is checked (reason, days 1-3650) with the errors at the fields
  in ja and en and what was typed kept (422); a good form answers a
  confirmation page first and changes nothing until it is confirmed.
- Confirmed: the suspension is set, every session of the account ends at
  once, sign-in is refused with the reason, one audit_log row.
- Restore: the same two steps; the member signs in again; audited.
- An administrator's own account and other administrators are refused.
- Undo (/mod/log/ID/undo): an administrator's suspension is undone only by
  an administrator (a moderator gets 403 and a reason; nothing changes);
  a moderator's suspension of an account suspended indefinitely (an
  infinite suspended_until, set by an operator) works, and its undo puts
  the indefinite suspension back, not "not suspended"."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import PASSWORD, register, uniq  # noqa: E402
from qa_util import Session, ensure_user, q  # noqa: E402


def audit(uid, action):
    return harness.psql(
        "SELECT actor || ' ' || detail FROM audit_log WHERE action = %s "
        "AND target_user = %d ORDER BY id" % (q(action), uid))


class AdminSuspend(harness.ServerTest):
    demo = True

    def admin(self, lang="en", name="t305_admin"):
        s = Session(self, name, role="admin", trust=3, lang=lang)
        # the demo administrator's (sealed) two-step secret
        harness.psql("UPDATE users SET lang = %s, totp_secret = (SELECT "
                     "totp_secret FROM users WHERE username = 'admin') "
                     "WHERE id = %d" % (q(lang), s.user_id))
        return s

    def member(self, password=False):
        name = uniq("t305")
        if not password:
            return name, ensure_user(name)
        self.assertStatus(register(self.client(), name), 303)
        uid = int(harness.psql("SELECT id FROM users WHERE username = %s"
                               % q(name)))
        return name, uid

    def login(self, name):
        c = self.client()
        c.csrf_token("/login")
        return c.post("/login", {"username": name, "password": PASSWORD},
                      headers={"Accept-Language": "en"}, csrf=True)

    def suspended(self, uid):
        return harness.psql("SELECT coalesce(suspended_until > now(), false) "
                            "FROM users WHERE id = %d" % uid) == "t"

    def test_1_only_administrators(self):
        _, uid = self.member()
        for role in ("user", "staff", "moderator"):
            s = Session(self, "t305_" + role, role=role, trust=3)
            self.assertStatus(s.get("/admin/members/%d/suspension" % uid),
                              403, role)
            self.assertStatus(s.post("/admin/members/%d/suspend" % uid, {
                "reason": "x", "days": "3", "confirm": "1"}), 403, role)
            self.assertStatus(s.post("/admin/members/%d/restore" % uid, {
                "reason": "x", "confirm": "1"}), 403, role)
        self.assertFalse(self.suspended(uid))
        r = self.client().get("/admin/members/%d/suspension" % uid)
        self.assertEqual(r.status, 303)
        self.assertTrue(r.headers.get("Location").startswith("/login"))

    def test_2_validation_both_languages(self):
        _, uid = self.member()
        for lang, need, days in (
                ("en", "Enter the reason the member is told.",
                 "Enter the number of days as a whole number from 1 to "
                 "3650."),
                ("ja", "利用者に伝える理由を入力してください。",
                 "日数は 1 から 3650 までの整数で入力してください。")):
            a = self.admin(lang, "t305_admin_" + lang)
            r = a.post("/admin/members/%d/suspend" % uid,
                       {"reason": " ", "days": "0", "confirm": "1"})
            self.assertHtmlPage(r, 422)
            self.assertIn(need, r.body)
            self.assertIn(days, r.body)
            r = a.post("/admin/members/%d/suspend" % uid,
                       {"reason": "Fake <support> number",
                        "days": "3651x"})
            self.assertHtmlPage(r, 422)
            self.assertIn('value="Fake &lt;support&gt; number"', r.body)
            self.assertIn('value="3651x"', r.body)
            r = a.post("/admin/members/%d/suspend" % uid,
                       {"reason": "あ" * 301, "days": "3"})
            self.assertEqual(r.status, 422)
        self.assertFalse(self.suspended(uid))
        self.assertEqual(audit(uid, "suspend"), "")
        a = self.admin()
        self.assertStatus(a.get("/admin/members/999999999/suspension"), 404)
        self.assertStatus(a.post("/admin/members/999999999/suspend", {
            "reason": "x", "days": "3", "confirm": "1"}), 404)

    def test_3_suspend_confirm_restore(self):
        a = self.admin()
        name, uid = self.member(password=True)
        # the member is signed in (a session row, as sign-in makes one)
        m = Session(self, name)
        self.assertStatus(m.get("/settings"), 200)
        # the members list links the page
        r = a.get("/admin/members?q=" + name)
        self.assertIn('href="/admin/members/%d/suspension"' % uid, r.body)
        r = a.get("/admin/members/%d/suspension" % uid)
        self.assertHtmlPage(r, 200)
        self.assertIn("Not suspended", r.body)
        self.assertIn('action="/admin/members/%d/suspend"' % uid, r.body)
        # first send: a confirmation page, nothing changed yet
        f = {"reason": "Posted a fake support number", "days": "14"}
        r = a.post("/admin/members/%d/suspend" % uid, f)
        self.assertHtmlPage(r, 200)
        self.assertIn("Confirm the suspension", r.body)
        self.assertIn('name="confirm" value="1"', r.body)
        self.assertIn('name="days" value="14"', r.body)
        self.assertFalse(self.suspended(uid))
        self.assertEqual(m.get("/settings").status, 200)
        # confirmed: suspended, signed out everywhere, audited
        r = a.post("/admin/members/%d/suspend" % uid, dict(f, confirm="1"))
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"),
                         "/admin/members/%d/suspension?done=suspended" % uid)
        self.assertTrue(self.suspended(uid))
        self.assertEqual(harness.psql(
            "SELECT suspend_reason || ' ' || (suspended_until::date - "
            "now()::date) FROM users WHERE id = %d" % uid),
            "Posted a fake support number 14")
        self.assertEqual(harness.psql("SELECT count(*) FROM sessions WHERE "
                                      "user_id = %d" % uid), "0")
        r = m.get("/settings")
        self.assertEqual(r.status, 303, "the old session is gone")
        self.assertEqual(audit(uid, "suspend"),
                         "user:%d 14 days: Posted a fake support number; "
                         "every session ended" % a.user_id)
        r = self.login(name)
        self.assertHtmlPage(r, 403)
        self.assertIn("Posted a fake support number", r.body)
        r = a.get(r"/admin/members/%d/suspension?done=suspended" % uid)
        self.assertIn("Suspended until", r.body)
        self.assertIn("The member is suspended", r.body)
        self.assertIn('action="/admin/members/%d/restore"' % uid, r.body)
        # suspending again: the page says it is suspended already
        r = a.post("/admin/members/%d/suspend" % uid, dict(f, confirm="1"))
        self.assertHtmlPage(r, 409)
        self.assertIn("suspended already", r.body)
        # restore: reason needed, a confirmation, then lifted
        r = a.post("/admin/members/%d/restore" % uid, {"confirm": "1"})
        self.assertHtmlPage(r, 422)
        self.assertIn("Enter a reason for the audit log.", r.body)
        r = a.post("/admin/members/%d/restore" % uid,
                   {"reason": "Appeal accepted by phone"})
        self.assertHtmlPage(r, 200)
        self.assertIn("Confirm the restore", r.body)
        self.assertTrue(self.suspended(uid))
        r = a.post("/admin/members/%d/restore" % uid,
                   {"reason": "Appeal accepted by phone", "confirm": "1"})
        self.assertStatus(r, 303)
        self.assertFalse(self.suspended(uid))
        self.assertEqual(audit(uid, "restore"),
                         "user:%d suspension lifted: Appeal accepted by "
                         "phone" % a.user_id)
        self.assertStatus(self.login(name), 303)
        r = a.post("/admin/members/%d/restore" % uid,
                   {"reason": "again", "confirm": "1"})
        self.assertEqual(r.status, 409)
        self.assertIn("This member is not suspended.", r.body)

    def test_4_administrators_and_self(self):
        a = self.admin()
        other = Session(self, "t305_admin_other", role="admin", trust=3)
        for uid in (a.user_id, other.user_id):
            r = a.post("/admin/members/%d/suspend" % uid, {
                "reason": "x", "days": "3", "confirm": "1"})
            self.assertHtmlPage(r, 409)
            self.assertFalse(self.suspended(uid))
        self.assertIn("changes the role first", r.body)
        # staff can be suspended by an administrator
        s = Session(self, "t305_staff2", role="staff", trust=3)
        r = a.post("/admin/members/%d/suspend" % s.user_id, {
            "reason": "Left the company", "days": "30", "confirm": "1"})
        self.assertStatus(r, 303)
        self.assertTrue(self.suspended(s.user_id))
        self.assertEqual(s.get("/settings").status, 303)

    def test_5_csrf_and_second_factor(self):
        a = self.admin()
        _, uid = self.member()
        r = a.client.post("/admin/members/%d/suspend" % uid, {
            "reason": "x", "days": "3", "confirm": "1"},
            headers={"Origin": "http://127.0.0.1:%d" % self.port})
        self.assertEqual(r.status, 403)
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'16 minutes' WHERE user_id = %d" % a.user_id)
        r = a.post("/admin/members/%d/suspend" % uid, {
            "reason": "x", "days": "3", "confirm": "1"})
        self.assertEqual(r.status, 401)
        self.assertIn('name="reauth_code"', r.body)
        self.assertFalse(self.suspended(uid))
        self.assertTrue(re.search(r'name="reason" value="x"', r.body))

    def log_id(self, uid, action):
        return harness.psql("SELECT max(id) FROM mod_log WHERE action = %s "
                            "AND target_id = %d AND target_kind = 'user'"
                            % (q(action), uid))

    def test_6_undo_of_suspensions(self):
        a = self.admin()
        mod = Session(self, "t305_mod", role="moderator", trust=3)
        _, uid = self.member()
        self.assertStatus(a.post("/admin/members/%d/suspend" % uid, {
            "reason": "Fake support number", "days": "30",
            "confirm": "1"}), 303)
        lid = self.log_id(uid, "suspend")
        self.assertTrue(lid)
        for lang, text in (("en", "only an administrator can undo it"),
                           ("ja", "管理者だけが取り消せます")):
            r = mod.client.post("/mod/log/%s/undo" % lid,
                                {"confirm": "1", "csrf": mod.csrf},
                                headers={"Accept-Language": lang,
                                         "Origin": "http://127.0.0.1:%d"
                                         % self.port})
            self.assertHtmlPage(r, 403)
            self.assertIn(text, r.body)
        self.assertTrue(self.suspended(uid))
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE undo_of = %s" % lid), "0")
        # the administrator can
        r = a.post("/mod/log/%s/undo" % lid, {"confirm": "1"})
        self.assertStatus(r, 200)
        self.assertFalse(self.suspended(uid))

        # an account suspended indefinitely by an operator
        _, uid = self.member()
        harness.psql("UPDATE users SET suspended_until = 'infinity', "
                     "suspend_reason = 'Operator: stolen account' "
                     "WHERE id = %d" % uid)
        r = mod.post("/mod/user/%d/purge" % uid, {
            "what": "suspend", "days": "3", "reason": "Scam answers",
            "confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT isfinite(suspended_until) FROM users WHERE id = %d"
            % uid), "t")
        lid = self.log_id(uid, "suspend")
        self.assertEqual(harness.psql(
            "SELECT before->>'suspended_until' FROM mod_log WHERE id = %s"
            % lid), "-1")
        r = mod.post("/mod/log/%s/undo" % lid, {"confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT suspended_until = 'infinity' AND suspend_reason = "
            "'Operator: stolen account' FROM users WHERE id = %d" % uid),
            "t")
        self.assertTrue(self.suspended(uid))



if __name__ == "__main__":
    harness.main()
