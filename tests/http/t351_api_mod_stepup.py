#!/usr/bin/env python3
"""t351_api_mod_stepup: the moderator actions that want a recent second
factor, through /api/v1 (docs/api.md, "Scopes that stand for a second
factor").

The stepup scope on the token page: offered to moderators, refused to a
member, made only after a second factor (the session's), one day
whatever expiry was chosen.  A moderator's token without it: 403
insufficient_scope naming stepup, nothing changed.  With it: purge
(422 without confirm, then the account suspended, its posts removed and
the mod_log row), undo of that row (the account back), a campaign
purge, the rules reload with its audit_log row; an administrator's admin
token reaches them too; a token of an account that is no longer a
moderator gets 403.  A browser session calling such a route (or an admin
route) without a fresh second factor: 401 problem details
second_factor_required, in English and Japanese, nothing changed."""

import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from api_util import PAT_RE, bearer, console_tokens, problem  # noqa: E402
from qa_util import Session  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def count(sql):
    return int(harness.psql(sql).splitlines()[0])


class ApiModStepup(harness.ServerTest):
    demo = True

    def setUp(self):
        if not hasattr(ApiModStepup, "tok"):
            for k, v in vars(console_tokens(self, uniq("su"))).items():
                setattr(ApiModStepup, k, v)
            m = self.mod_session
            r = m.post("/settings/tokens", {
                "name": "purge bot", "scope_read": "1", "scope_write": "1",
                "scope_stepup": "1", "expires": "4"})
            self.assertHtmlPage(r, 200)
            ApiModStepup.step = PAT_RE.search(r.body).group(0)

    def victim(self):
        v = Session(self, uniq("suv"), age_days=30, lang="en")
        tid = v.ask("Where is the withdrawal fee table %s?" % uniq(""),
                    "I cannot find the table of withdrawal fees anywhere "
                    "in the app, where is it?", category="deposits")
        return v, tid

    def test_1_token_page(self):
        m = self.mod_session
        self.assertIn('name="scope_stepup"', m.get("/settings/tokens").body)
        row = harness.psql(
            "SELECT array_to_string(scopes, ' '), "
            "extract(epoch FROM expires_at - now()) FROM api_tokens WHERE "
            "user_id = %d AND name = 'purge bot'" % m.user_id).split("|")
        self.assertEqual(row[0], "read write stepup")
        # "never" was chosen; the scope stands for a second factor: a day
        self.assertLess(abs(float(row[1]) - 86400), 120)
        u = Session(self, uniq("sum"), age_days=30, lang="en")
        self.assertNotIn('name="scope_stepup"', u.get("/settings/tokens").body)
        r = u.post("/settings/tokens", {"name": "x", "scope_read": "1",
                                        "scope_stepup": "1"})
        self.assertHtmlPage(r, 400)
        self.assertIn("Only moderators may give a token the stepup scope.",
                      r.body)
        # no second factor in the last 15 minutes: the step-up form first
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'1 hour' WHERE user_id = %d" % m.user_id)
        try:
            n = count("SELECT count(*) FROM api_tokens WHERE user_id = %d"
                      % m.user_id)
            r = m.post("/settings/tokens", {"name": "late", "scope_read": "1",
                                            "scope_stepup": "1"})
            self.assertNotEqual(r.status, 200)
            self.assertIsNone(PAT_RE.search(r.body))
            self.assertEqual(count("SELECT count(*) FROM api_tokens WHERE "
                                   "user_id = %d" % m.user_id), n)
        finally:
            harness.psql("UPDATE sessions SET mfa_at = now() WHERE user_id "
                         "= %d" % m.user_id)

    def test_2_purge_and_undo(self):
        c = self.client()
        v, tid = self.victim()
        path = "/api/v1/mod/users/%d/purge" % v.user_id
        f = {"what": "purge", "days": "30", "reason": "fake support number"}
        # without stepup: refused by scope, nothing changed
        r = bearer(c, self.mod, "POST", path, dict(f, confirm="1"))
        problem(self, r, 403, "insufficient_scope")
        self.assertIn('scope="stepup"', r.headers.get("WWW-Authenticate"))
        susp = ("SELECT coalesce(suspended_until > now(), false) FROM users "
                "WHERE id = %d" % v.user_id)
        self.assertEqual(harness.psql(susp), "f")
        problem(self, bearer(c, self.mem, "POST", path, dict(f, confirm="1")),
                403)
        # no confirm: 422 at the field, nothing changed
        d = problem(self, bearer(c, self.step, "POST", path, f), 422)
        self.assertEqual(d["errors"][0]["field"], "confirm")
        self.assertEqual(harness.psql(susp), "f")
        # a required field missing: 400 naming it
        problem(self, bearer(c, self.step, "POST", path,
                             {"days": "30", "confirm": "1"}), 400)
        r = bearer(c, self.step, "POST", path, dict(f, confirm="1"))
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {"user_id": v.user_id,
                                              "action": "purge", "done": True})
        self.assertEqual(harness.psql(susp), "t")
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE thread_id = %d" % tid), "removed")
        log = int(harness.psql(
            "SELECT id FROM mod_log WHERE action = 'purge' AND target_id = "
            "%d AND actor_id = %d" % (v.user_id,
                                      self.mod_session.user_id)))
        # undo: stepup too; without confirm nothing
        upath = "/api/v1/mod/log/%d/undo" % log
        problem(self, bearer(c, self.mod, "POST", upath, {"confirm": "1"}),
                403, "insufficient_scope")
        problem(self, bearer(c, self.step, "POST", upath, {}), 422)
        self.assertEqual(harness.psql(susp), "t")
        r = bearer(c, self.step, "POST", upath, {"confirm": "1",
                                                 "note": "wrong account"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {"log_id": log, "undone": True})
        self.assertEqual(harness.psql(susp), "f")
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE thread_id = %d" % tid), "visible")
        # once undone it cannot be undone again: 409
        problem(self, bearer(c, self.step, "POST", upath, {"confirm": "1"}),
                409)
        problem(self, bearer(c, self.step, "POST",
                             "/api/v1/mod/users/999999999/purge",
                             dict(f, confirm="1")), 404)

    def test_3_campaign_and_rules(self):
        c = self.client()
        phone = "050-%04d-%04d" % (uuid.uuid4().int % 10000,
                                   uuid.uuid4().int % 10000)
        f = {"type": "phone", "value": phone, "action": "remove",
             "reason": "scam"}
        problem(self, bearer(c, self.mod, "POST", "/api/v1/mod/campaign",
                             dict(f, confirm="1")), 403, "insufficient_scope")
        d = problem(self, bearer(c, self.step, "POST", "/api/v1/mod/campaign",
                                 f, lang="ja"), 422)
        self.assertEqual(d["errors"][0]["field"], "confirm")
        self.assertRegex(d["detail"], "[ぁ-んァ-ン一-龥]")
        r = bearer(c, self.step, "POST", "/api/v1/mod/campaign",
                   dict(f, confirm="1"))
        self.assertStatus(r, 200)
        d = json.loads(r.body)
        self.assertEqual((d["type"], d["value"]), ("phone", phone))
        self.assertEqual(d["posts_removed"], 0)
        # the rules reload: audit row first, as the page
        n = count("SELECT count(*) FROM audit_log WHERE action = "
                  "'reload-rules'")
        problem(self, bearer(c, self.mod, "POST", "/api/v1/mod/rules/reload",
                             {"reason": "x"}), 403, "insufficient_scope")
        r = bearer(c, self.step, "POST", "/api/v1/mod/rules/reload",
                   {"reason": "new scam list"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {"reloading": True})
        self.assertEqual(count("SELECT count(*) FROM audit_log WHERE action "
                               "= 'reload-rules'"), n + 1)
        # an administrator's admin token stands for the second factor too
        r = bearer(c, self.tok, "POST", "/api/v1/mod/rules/reload",
                   {"reason": "by the admin"})
        self.assertStatus(r, 200)
        # a token of an account that is no longer a moderator: refused
        m = self.mod_session
        harness.psql("UPDATE users SET role = 'user' WHERE id = %d"
                     % m.user_id)
        try:
            problem(self, bearer(c, self.step, "POST",
                                 "/api/v1/mod/rules/reload", {}), 403)
        finally:
            harness.psql("UPDATE users SET role = 'moderator' WHERE id = %d"
                         % m.user_id)
        self.assertEqual(count("SELECT count(*) FROM audit_log WHERE action "
                               "= 'reload-rules'"), n + 2)

    def test_4_browser_session_without_a_fresh_second_factor(self):
        m = self.mod_session
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'1 hour' WHERE user_id = %d" % m.user_id)
        n = count("SELECT count(*) FROM audit_log WHERE action = "
                  "'reload-rules'")
        try:
            for lang, word in (("en", "second factor"), ("ja", "二段階")):
                r = m.client.request(
                    "POST", "/api/v1/mod/rules/reload", "reason=x",
                    {"Content-Type": "application/x-www-form-urlencoded",
                     "X-CSRF-Token": m.csrf, "Accept-Language": lang,
                     "Origin": "http://127.0.0.1:%d" % self.port})
                d = problem(self, r, 401, "second_factor_required")
                self.assertIn(word, d["detail"])
                self.assertIn("/login/verify", d["detail"])
            # an admin route: the same
            a = self.admin
            harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                         "'1 hour' WHERE user_id = %d" % a.user_id)
            r = a.client.request(
                "POST", "/api/v1/admin/settings", "name_ja=x",
                {"Content-Type": "application/x-www-form-urlencoded",
                 "X-CSRF-Token": a.csrf, "Accept-Language": "en",
                 "Origin": "http://127.0.0.1:%d" % self.port})
            problem(self, r, 401, "second_factor_required")
        finally:
            harness.psql("UPDATE sessions SET mfa_at = now() WHERE user_id "
                         "IN (%d, %d)" % (m.user_id, self.admin.user_id))
        self.assertEqual(count("SELECT count(*) FROM audit_log WHERE action "
                               "= 'reload-rules'"), n)
        # with a fresh one, the same request goes through
        r = m.client.request(
            "POST", "/api/v1/mod/rules/reload", "reason=x",
            {"Content-Type": "application/x-www-form-urlencoded",
             "X-CSRF-Token": m.csrf, "Accept-Language": "en",
             "Origin": "http://127.0.0.1:%d" % self.port})
        self.assertStatus(r, 200)


if __name__ == "__main__":
    harness.main()
