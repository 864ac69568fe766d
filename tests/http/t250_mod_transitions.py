"""t250_mod_transitions: undo, account purge and campaign actions are
transitions of app/post/ (post_undo, post_purge_user, post_purge_campaign):
what each refuses, in both languages, and that a refusal changes nothing;
an undone purge gives the account and its posts back."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import user, sign_in, thread, post, uniq  # noqa: E402


class ModTransitions(harness.ServerTest):

    def setUp(self):
        self.mod = user(uniq("mod"), role="moderator", trust=3)
        self.mc = self.client()
        self.mc.port = self.port
        sign_in(self.mc, self.mod)

    def send(self, path, fields, lang="en"):
        f = dict(fields)
        f["csrf"] = self.mc.csrf
        return self.mc.post(path, f, headers={
            "Origin": "http://127.0.0.1:%d" % self.port,
            "Accept-Language": lang})

    def one(self, sql):
        return harness.psql(sql)

    def logged(self, uid):
        return self.one("SELECT count(*) FROM mod_log WHERE target_kind = "
                        "'user' AND target_id = %d" % uid)

    def test_staff_account_is_not_purged(self):
        staff = user(uniq("staff"), role="staff", trust=3)
        tid, _ = thread(user(uniq("asker")))
        pid = post(tid, staff, "Please check the deposit address page.")
        for lang, text in (("en", "Staff, moderator and admin accounts "
                            "cannot be suspended here."),
                           ("ja", "スタッフ")):
            r = self.send("/mod/user/%d/purge" % staff, {
                "what": "purge", "days": "30", "reason": "test",
                "confirm": "1"}, lang)
            self.assertHtmlPage(r, 403)
            self.assertIn(text, r.body)
        self.assertEqual(self.one("SELECT state FROM posts WHERE id = %d"
                                  % pid), "visible")
        self.assertEqual(self.one("SELECT suspended_until IS NULL FROM "
                                  "users WHERE id = %d" % staff), "t")
        self.assertEqual(self.logged(staff), "0")

    def test_remove_and_purge_of_a_staff_author(self):
        staff = user(uniq("staff"), role="staff", trust=3)
        tid, _ = thread(user(uniq("asker")))
        pid = post(tid, staff, "A staff answer that a moderator removes.")
        r = self.send("/mod/post/%d" % pid, {
            "action": "remove", "reason": "offtopic", "confirm": "1",
            "purge": "1", "days": "30"})
        self.assertHtmlPage(r, 403)
        self.assertIn("The post was removed, but staff accounts cannot be "
                      "purged.", r.body)
        self.assertEqual(self.one("SELECT state FROM posts WHERE id = %d"
                                  % pid), "removed")
        self.assertEqual(self.one("SELECT suspended_until IS NULL FROM "
                                  "users WHERE id = %d" % staff), "t")
        self.assertEqual(self.logged(staff), "0")

    def test_unknown_account_and_log_row(self):
        r = self.send("/mod/user/999999999/purge", {
            "what": "suspend", "days": "30", "reason": "x", "confirm": "1"})
        self.assertHtmlPage(r, 404)
        r = self.send("/mod/log/999999999/undo", {"confirm": "1"})
        self.assertHtmlPage(r, 404)

    def test_undo_of_a_purge(self):
        member = user(uniq("m"))
        tid, _ = thread(user(uniq("asker")))
        a = post(tid, member, "Call 03-1111-2222 for a refund of your coins.")
        b = post(tid, member, "Send your coins to our recovery desk today.")
        r = self.send("/mod/user/%d/purge" % member, {
            "what": "purge", "days": "30", "reason": "fake support",
            "confirm": "1"})
        self.assertHtmlPage(r, 200)
        self.assertEqual(self.one(
            "SELECT string_agg(state, ',' ORDER BY id) FROM posts WHERE "
            "id IN (%d, %d)" % (a, b)), "removed,removed")
        self.assertEqual(self.one("SELECT suspended_until > now() FROM "
                                  "users WHERE id = %d" % member), "t")
        lid = int(self.one("SELECT id FROM mod_log WHERE action = 'purge' "
                           "AND target_id = %d" % member))
        r = self.send("/mod/log/%d/undo" % lid, {"confirm": "1"})
        self.assertHtmlPage(r, 200)
        self.assertIn("Undone.", r.body)
        self.assertEqual(self.one(
            "SELECT string_agg(state, ',' ORDER BY id) FROM posts WHERE "
            "id IN (%d, %d)" % (a, b)), "visible,visible")
        self.assertEqual(self.one("SELECT suspended_until IS NULL OR "
                                  "suspended_until <= now() FROM users "
                                  "WHERE id = %d" % member), "t")
        # once only, and said so in both languages
        for lang, text in (("en", "can no longer be undone"),
                           ("ja", "取り消")):
            r = self.send("/mod/log/%d/undo" % lid, {"confirm": "1"}, lang)
            self.assertHtmlPage(r, 409)
            self.assertIn(text, r.body)
        self.assertEqual(self.one("SELECT count(*) FROM mod_log WHERE "
                                  "undo_of = %d" % lid), "1")

    def test_member_cannot_reach_them(self):
        member = user(uniq("m"), trust=3)
        c = self.client()
        c.port = self.port
        sign_in(c, member)
        victim = user(uniq("v"))
        for path, fields in (
                ("/mod/user/%d/purge" % victim, {
                    "what": "purge", "days": "30", "reason": "x",
                    "confirm": "1"}),
                ("/mod/campaign", {"type": "phone", "value": "0311112222",
                                   "confirm": "1"}),
                ("/mod/log/1/undo", {"confirm": "1"})):
            f = dict(fields)
            f["csrf"] = c.csrf
            r = c.post(path, f, headers={
                "Origin": "http://127.0.0.1:%d" % self.port})
            self.assertEqual(r.status, 403, path)
        self.assertEqual(self.logged(victim), "0")


if __name__ == "__main__":
    harness.main()
