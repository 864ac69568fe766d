#!/usr/bin/env python3
"""t352_api_mod_more: the other page actions of moderators, staff and
administrators that had no API twin (docs/api.md): rate-limit reset
(the mod_log row first; 422 without confirm; 404 for nobody), model
training asked (202, then 200 while one is queued), a sign-in lock lifted
(audit_log row), thread state (close, reopen, lock, pin, duplicate; a
member refused) and tag synonyms (list, add with the confirmation and
its count, remove; the admin scope; audit rows), following a tag and a
category.  And a suspension made
from the admin console is in the moderators' log like a moderator's
(action suspend, then unsuspend), with its audit_log row."""

import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from api_util import bearer, console_tokens, problem  # noqa: E402
from qa_util import Session  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def count(sql):
    return int(harness.psql(sql).splitlines()[0])


class ApiModMore(harness.ServerTest):
    demo = True

    def setUp(self):
        if not hasattr(ApiModMore, "tok"):
            for k, v in vars(console_tokens(self, uniq("mm"))).items():
                setattr(ApiModMore, k, v)

    def test_1_limits_train_unlock(self):
        c = self.client()
        u = Session(self, uniq("mml"), age_days=30)
        name = harness.psql("SELECT username FROM users WHERE id = %d"
                            % u.user_id)
        f = {"q": name, "limit": "all", "reason": "locked out by mistake"}
        problem(self, bearer(c, self.mem, "POST", "/api/v1/mod/limits/reset",
                             dict(f, confirm="1")), 403)
        d = problem(self, bearer(c, self.mod, "POST",
                                 "/api/v1/mod/limits/reset", f), 422)
        self.assertEqual(d["errors"][0]["field"], "confirm")
        problem(self, bearer(c, self.mod, "POST", "/api/v1/mod/limits/reset",
                             dict(f, q="nobody-" + uniq(""), confirm="1")),
                404)
        n = count("SELECT count(*) FROM mod_log WHERE action = "
                  "'reset_limit' AND target_id = %d" % u.user_id)
        r = bearer(c, self.mod, "POST", "/api/v1/mod/limits/reset",
                   dict(f, confirm="1"))
        self.assertStatus(r, 200)
        d = json.loads(r.body)
        self.assertEqual(d["q"], name)
        self.assertIn("ask", d["reset"])
        self.assertEqual(count("SELECT count(*) FROM mod_log WHERE action = "
                               "'reset_limit' AND target_id = %d"
                               % u.user_id), n + 1)
        # training: queued once, then nothing added while it waits
        harness.psql("UPDATE mod_train_runs SET state = 'failed' WHERE "
                     "state IN ('queued', 'running')")
        r = bearer(c, self.mod, "POST", "/api/v1/mod/rules/train", {})
        self.assertStatus(r, 202)
        run = json.loads(r.body)["run"]
        self.assertGreater(run, 0)
        r = bearer(c, self.mod, "POST", "/api/v1/mod/rules/train", {})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {"run": None, "queued": False})
        harness.psql("UPDATE mod_train_runs SET state = 'failed' WHERE id = "
                     "%d" % run)
        # a sign-in lock lifted
        harness.psql("UPDATE users SET locked_until = now() + interval "
                     "'1 hour', lock_count = 3 WHERE id = %d" % u.user_id)
        path = "/api/v1/mod/users/%d/unlock" % u.user_id
        problem(self, bearer(c, self.mem, "POST", path, {}), 403)
        r = bearer(c, self.mod, "POST", path, {})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["unlocked"], True)
        self.assertEqual(harness.psql(
            "SELECT locked_until IS NULL FROM users WHERE id = %d"
            % u.user_id), "t")
        self.assertEqual(count("SELECT count(*) FROM audit_log WHERE action "
                               "= 'unlock' AND target_user = %d"
                               % u.user_id), 1)
        problem(self, bearer(c, self.mod, "POST",
                             "/api/v1/mod/users/999999999/unlock", {}), 404)

    def test_2_thread_state(self):
        c = self.client()
        a = Session(self, uniq("mmt"), age_days=30, lang="en")
        tid = a.ask("How do I change my registered phone %s?" % uniq(""),
                    "The app asks for the old number, which I no longer "
                    "have. What can I do?", category="account")
        other = a.ask("Phone number change without the old SIM %s" % uniq(""),
                      "Same question as another thread, asked again by "
                      "mistake.", category="account")
        path = "/api/v1/threads/%d/state" % tid
        problem(self, bearer(c, self.mem, "POST", path, {"action": "close"}),
                403)
        problem(self, bearer(c, self.mod, "POST", path, {"action": "melt"}),
                400)
        status = "SELECT status FROM threads WHERE id = %d"
        for action, want in (("close", "closed"), ("reopen", "open"),
                             ("lock", "locked"), ("reopen", "open")):
            r = bearer(c, self.mod, "POST", path, {"action": action})
            self.assertStatus(r, 200)
            self.assertEqual(json.loads(r.body), {"thread_id": tid,
                                                  "action": action})
            self.assertEqual(harness.psql(status % tid), want)
        r = bearer(c, self.mod, "POST", path, {"action": "pin"})
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql("SELECT pinned FROM threads WHERE id "
                                      "= %d" % tid), "t")
        bearer(c, self.mod, "POST", path, {"action": "unpin"})
        d = problem(self, bearer(c, self.mod, "POST",
                                 "/api/v1/threads/%d/state" % other,
                                 {"action": "duplicate", "dup": str(other)}),
                    400)
        self.assertIn("no other thread", d["detail"])
        r = bearer(c, self.mod, "POST", "/api/v1/threads/%d/state" % other,
                   {"action": "duplicate", "dup": str(tid)})
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT status || ' ' || duplicate_of FROM threads WHERE id = %d"
            % other), "closed %d" % tid)
        self.assertGreaterEqual(count(
            "SELECT count(*) FROM mod_log WHERE target_kind = 'thread' AND "
            "target_id = %d" % tid), 5)
        problem(self, bearer(c, self.mod, "POST",
                             "/api/v1/threads/999999999/state",
                             {"action": "close"}), 404)

    def test_3_tag_synonyms(self):
        c = self.client()
        a = Session(self, uniq("mms"), age_days=30, lang="en")
        alias = uniq("wd")
        tag = uniq("withdrawal")
        a.ask("Withdrawal stuck for two days %s" % uniq(""),
              "My withdrawal has been pending for two days, is that "
              "normal?", category="deposits", tags=alias)
        a.ask("Withdrawal fee question %s" % uniq(""),
              "How much is the fee for a withdrawal to my bank?",
              category="deposits", tags=tag)
        url = "/api/v1/admin/tags/synonyms"
        f = {"alias": alias, "canonical": tag}
        problem(self, bearer(c, self.mod, "POST", url, dict(f, confirm="1")),
                403, "insufficient_scope")
        problem(self, bearer(c, self.ro, "POST", url, dict(f, confirm="1")),
                403, "insufficient_scope")
        d = problem(self, bearer(c, self.tok, "POST", url, f), 422)
        self.assertEqual(d["errors"][0]["field"], "confirm")
        self.assertIn("1", d["detail"])
        d = problem(self, bearer(c, self.tok, "POST", url,
                                 {"alias": tag, "canonical": tag,
                                  "confirm": "1"}), 422, "invalid")
        self.assertEqual(d["errors"][0]["field"], "canonical")
        n = count("SELECT count(*) FROM audit_log WHERE action LIKE "
                  "'tag-synonym%'")
        r = bearer(c, self.tok, "POST", url, dict(f, confirm="1"))
        self.assertStatus(r, 201)
        self.assertEqual(json.loads(r.body), {"alias": alias,
                                              "canonical": tag, "moved": 1})
        self.assertEqual(count("SELECT count(*) FROM audit_log WHERE action "
                               "LIKE 'tag-synonym%'"), n + 1)
        # again: it exists already
        problem(self, bearer(c, self.tok, "POST", url, dict(f, confirm="1")),
                422)
        r = bearer(c, self.ro, "GET", url)
        self.assertStatus(r, 200)
        syn = [s for s in json.loads(r.body)["synonyms"]
               if s["alias"] == alias]
        self.assertEqual(len(syn), 1)
        self.assertEqual(syn[0]["canonical"], tag)
        problem(self, bearer(c, self.mod, "GET", url), 403)
        rm = url + "/remove"
        problem(self, bearer(c, self.tok, "POST", rm, {"alias": alias}), 422)
        r = bearer(c, self.tok, "POST", rm, {"alias": alias, "confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {"alias": alias,
                                              "canonical": tag,
                                              "removed": True})
        d = problem(self, bearer(c, self.tok, "POST", rm,
                                 {"alias": alias, "confirm": "1"}), 422)
        self.assertEqual(d["errors"][0]["field"], "alias")
        self.assertEqual(count("SELECT count(*) FROM audit_log WHERE action "
                               "LIKE 'tag-synonym%'"), n + 2)

    def test_5_watch_tag_and_category(self):
        c = self.client()
        uid = int(harness.psql("SELECT user_id FROM api_tokens WHERE "
                               "token_hash = encode(sha256(%s::bytea), "
                               "'hex')" % ("'" + self.mem + "'")))
        lvl = ("SELECT coalesce((SELECT level FROM watches WHERE user_id = "
               "%d AND kind = '%s' AND target = '%s'), 'none')")
        r = bearer(c, self.mem, "POST", "/api/v1/tags/USDT/watch",
                   {"level": "tracking"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {"tag": "usdt",
                                              "level": "tracking"})
        self.assertEqual(harness.psql(lvl % (uid, "tag", "usdt")), "tracking")
        r = bearer(c, self.mem, "DELETE", "/api/v1/tags/usdt/watch")
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["level"], "none")
        cat = harness.psql("SELECT id FROM categories WHERE slug = "
                           "'deposits'")
        r = bearer(c, self.mem, "POST", "/api/v1/categories/deposits/watch",
                   {})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {"category": "deposits",
                                              "level": "watching"})
        self.assertEqual(harness.psql(lvl % (uid, "category", cat)),
                         "watching")
        problem(self, bearer(c, self.mem, "POST",
                             "/api/v1/categories/no-such-" + uniq("") +
                             "/watch", {}), 404)
        problem(self, bearer(c, self.mem, "POST", "/api/v1/tags/usdt/watch",
                             {"level": "loud"}), 400)
        problem(self, bearer(c, self.ro, "POST", "/api/v1/tags/usdt/watch",
                             {}), 403, "insufficient_scope")
        bearer(c, self.mem, "DELETE", "/api/v1/categories/deposits/watch")

    def test_4_console_suspension_in_the_mod_log(self):
        c = self.client()
        v = Session(self, uniq("mmv"), age_days=30)
        base = "/api/v1/admin/members/%d/" % v.user_id
        r = bearer(c, self.tok, "POST", base + "suspend", {
            "reason": "Posted a fake support phone number.", "days": "7",
            "confirm": "1"})
        self.assertStatus(r, 200)
        row = harness.psql(
            "SELECT action, actor_name, reason FROM mod_log WHERE "
            "target_kind = 'user' AND target_id = %d ORDER BY id"
            % v.user_id).split("|")
        self.assertEqual(row[0], "suspend")
        self.assertEqual(row[2], "Posted a fake support phone number.")
        self.assertTrue(row[1])
        r = bearer(c, self.tok, "POST", base + "restore", {
            "reason": "Appeal accepted.", "confirm": "1"})
        self.assertStatus(r, 200)
        acts = harness.psql(
            "SELECT string_agg(action, ' ' ORDER BY id) FROM mod_log WHERE "
            "target_kind = 'user' AND target_id = %d" % v.user_id)
        self.assertEqual(acts, "suspend unsuspend")
        # the moderators' log shows it, through the API and the page
        r = bearer(c, self.mod, "GET", "/api/v1/mod/log?target_kind=user"
                   "&target=%d" % v.user_id)
        self.assertStatus(r, 200)
        self.assertEqual(sorted(e["action"] for e in
                                json.loads(r.body)["entries"]),
                         ["suspend", "unsuspend"])
        self.assertEqual(count(
            "SELECT count(*) FROM audit_log WHERE action IN ('suspend', "
            "'restore') AND target_user = %d" % v.user_id), 2)


if __name__ == "__main__":
    harness.main()
