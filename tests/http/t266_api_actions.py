#!/usr/bin/env python3
"""t266_api_actions: the post actions of the pages in /api/v1 (docs/api.md),
each against its page twin's checks, with personal access tokens: vote
(not one's own post, not a held post of someone else), accept (the asker
only), verify (staff only, bound to a revision), edit (the revision it was
based on; others' posts need trust 2), flag ("other" needs a note, once
per member), watch and unwatch, notifications and marking them read, and a
moderator's decision (moderate scope).  Every refusal is problem details;
nothing is written by a refused request."""

import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, ensure_user  # noqa: E402
from api_util import bearer, db_token, problem  # noqa: E402

HELD = ("盗まれた仮想通貨を取り戻す方法を知っています。"
        "テレグラムで連絡ください。")


class Actions(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c = cls.server.client()
        cls.asker = ensure_user("act_asker", trust=1)
        cls.helper = ensure_user("act_helper", trust=1)
        cls.stranger = ensure_user("act_stranger", trust=1)
        cls.staff = ensure_user("act_staff", role="staff", trust=3)
        cls.mod = ensure_user("act_mod", role="moderator", trust=3)
        harness.psql("UPDATE users SET created_at = now() - interval "
                     "'60 days' WHERE username LIKE 'act\\_%'")
        cls.tok = {u: db_token(getattr(cls, u))
                   for u in ("asker", "helper", "stranger", "staff")}
        cls.tok["mod"] = db_token(cls.mod, "read write moderate")
        cls.tok["mod_plain"] = db_token(cls.mod, "read write")
        r = bearer(cls.c, cls.tok["asker"], "POST", "/api/v1/threads", {
            "title": "How long does a JPY withdrawal take on a weekend?",
            "body": "I sent a withdrawal on Saturday morning. When does it "
                    "arrive?", "category": "deposits"})
        assert r.status == 201, r.body
        cls.tid = json.loads(r.body)["id"]
        r = bearer(cls.c, cls.tok["helper"], "POST",
                   "/api/v1/threads/%d/answers" % cls.tid,
                   {"body": "Weekend withdrawals are sent on Monday "
                            "morning, usually before noon."})
        assert r.status == 201, r.body
        cls.aid = json.loads(r.body)["id"]

    def req(self, who, method, path, fields=None, lang="en"):
        return bearer(self.c, self.tok[who], method, path, fields, lang)

    def count(self, sql):
        return harness.psql("SELECT count(*) FROM " + sql)

    def test_1_vote(self):
        r = self.req("stranger", "POST", "/api/v1/posts/%d/vote" % self.aid)
        self.assertStatus(r, 200)
        d = json.loads(r.body)
        self.assertEqual(d["post_id"], self.aid)
        self.assertEqual(self.count("votes WHERE post_id = %d" % self.aid),
                         "1")
        # one's own post: the page's refusal, as problem details
        d = problem(self, self.req("helper", "POST", "/api/v1/posts/%d/vote"
                                   % self.aid), 403)
        self.assertIn("own", d["detail"])
        # a held post cannot be voted by a stranger: it does not exist
        r = self.req("helper", "POST", "/api/v1/threads/%d/answers"
                     % self.tid, {"body": HELD})
        self.assertStatus(r, 201)
        held = json.loads(r.body)
        self.assertEqual(held["state"], "held")
        problem(self, self.req("stranger", "POST", "/api/v1/posts/%d/vote"
                               % held["id"]), 404, "not_found")
        self.assertEqual(self.count("votes WHERE post_id = %d" % held["id"]),
                         "0")
        # no such post
        problem(self, self.req("stranger", "POST",
                               "/api/v1/posts/99999999/vote"), 404)

    def test_2_accept(self):
        # not the asker: refused, nothing accepted
        problem(self, self.req("stranger", "POST", "/api/v1/posts/%d/accept"
                               % self.aid), 403)
        self.assertEqual(harness.psql(
            "SELECT accepted_post_id IS NULL FROM threads WHERE id = %d"
            % self.tid), "t")
        r = self.req("asker", "POST", "/api/v1/posts/%d/accept" % self.aid)
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT accepted_post_id FROM threads WHERE id = %d" % self.tid),
            str(self.aid))

    def test_3_verify(self):
        rev = harness.psql("SELECT revision FROM posts WHERE id = %d"
                           % self.aid)
        # a member cannot verify (the route is staff's)
        problem(self, self.req("stranger", "POST", "/api/v1/posts/%d/verify"
                               % self.aid, {"revision": rev}), 403)
        # staff, another revision: 409 with the current one
        r = self.req("staff", "POST", "/api/v1/posts/%d/verify" % self.aid,
                     {"revision": str(int(rev) + 5)})
        problem(self, r, 409, "stale_revision")
        self.assertEqual(r.headers.get("X-Current-Revision"), rev)
        self.assertEqual(harness.psql(
            "SELECT verified_by IS NULL FROM posts WHERE id = %d" % self.aid),
            "t")
        r = self.req("staff", "POST", "/api/v1/posts/%d/verify" % self.aid,
                     {"revision": rev})
        self.assertStatus(r, 200)
        self.assertTrue(json.loads(r.body)["verified"])
        self.assertEqual(harness.psql(
            "SELECT verified_by FROM posts WHERE id = %d" % self.aid),
            str(self.staff))
        # a missing revision: 400 naming the field
        d = problem(self, self.req("staff", "POST", "/api/v1/posts/%d/verify"
                                   % self.aid, {}), 400)
        self.assertEqual(d["errors"][0]["field"], "revision")

    def test_4_edit(self):
        rev = int(harness.psql("SELECT revision FROM posts WHERE id = %d"
                               % self.aid))
        body = ("Weekend withdrawals are sent on Monday morning, usually "
                "before noon; bank holidays add a day.")
        # someone else's post needs trust 2: refused
        d = problem(self, self.req("stranger", "POST", "/api/v1/posts/%d"
                                   % self.aid, {"revision": str(rev),
                                                "body": body}), 403)
        self.assertIn("trust level 2", d["detail"])
        # the author, from an older revision: 409, nothing saved
        r = self.req("helper", "POST", "/api/v1/posts/%d" % self.aid,
                     {"revision": str(rev - 1 if rev > 1 else rev + 1),
                      "body": body})
        problem(self, r, 409, "stale_revision")
        self.assertEqual(r.headers.get("X-Current-Revision"), str(rev))
        self.assertEqual(harness.psql("SELECT revision FROM posts WHERE "
                                      "id = %d" % self.aid), str(rev))
        # from the current one: saved, one more revision
        r = self.req("helper", "POST", "/api/v1/posts/%d" % self.aid,
                     {"revision": str(rev), "body": body})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["state"], "visible")
        self.assertEqual(harness.psql("SELECT revision FROM posts WHERE "
                                      "id = %d" % self.aid), str(rev + 1))
        # too short: 422 with the page's message
        d = problem(self, self.req("helper", "POST", "/api/v1/posts/%d"
                                   % self.aid, {"revision": str(rev + 1),
                                                "body": "x"}), 422,
                    "invalid")
        self.assertTrue(d["errors"][0]["detail"])
        self.assertFalse(d["blocked"])

    def test_5_flag(self):
        n = self.count("flags")
        d = problem(self, self.req("stranger", "POST", "/api/v1/posts/%d/flag"
                                   % self.aid, {"reason": "other"}), 422)
        self.assertEqual(d["errors"][0]["field"], "note")
        problem(self, self.req("stranger", "POST", "/api/v1/posts/%d/flag"
                               % self.aid, {"reason": "nonsense"}), 400)
        self.assertEqual(self.count("flags"), n)
        r = self.req("stranger", "POST", "/api/v1/posts/%d/flag" % self.aid,
                     {"reason": "spam"})
        self.assertStatus(r, 200)
        problem(self, self.req("stranger", "POST", "/api/v1/posts/%d/flag"
                               % self.aid, {"reason": "spam"}), 409)
        problem(self, self.req("helper", "POST", "/api/v1/posts/%d/flag"
                               % self.aid, {"reason": "spam"}), 403)
        self.assertEqual(int(self.count("flags")), int(n) + 1)

    def test_6_watch(self):
        r = self.req("stranger", "POST", "/api/v1/threads/%d/watch"
                     % self.tid, {"level": "watching"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["level"], "watching")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM watches WHERE user_id = %d" %
            self.stranger), "1")
        r = self.req("stranger", "DELETE", "/api/v1/threads/%d/watch"
                     % self.tid)
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM watches WHERE user_id = %d" %
            self.stranger), "0")
        problem(self, self.req("stranger", "POST", "/api/v1/threads/%d/watch"
                               % self.tid, {"level": "loud"}), 400)
        problem(self, self.req("stranger", "POST",
                               "/api/v1/threads/99999999/watch"), 404)
        # the session cookie alone: DELETE needs the CSRF token too
        s = Session(self, "act_cookie", age_days=30)
        r = s.client.request("DELETE", "/api/v1/threads/%d/watch" % self.tid,
                             headers={"Origin": "http://127.0.0.1:%d"
                                      % self.port})
        problem(self, r, 403)
        r = s.client.request("DELETE", "/api/v1/threads/%d/watch" % self.tid,
                             headers={"Origin": "http://127.0.0.1:%d"
                                      % self.port, "X-CSRF-Token": s.csrf})
        self.assertStatus(r, 200)
        # a method the path does not take: 405 with Allow
        r = self.req("stranger", "GET", "/api/v1/threads/%d/watch" % self.tid)
        self.assertStatus(r, 405)
        self.assertIn("DELETE", r.headers.get("Allow"))

    def test_7_notifications(self):
        r = self.req("asker", "GET", "/api/v1/notifications")
        self.assertStatus(r, 200)
        d = json.loads(r.body)
        mine = [n for n in d["notifications"] if n["thread_id"] == self.tid]
        self.assertTrue(mine, d)
        self.assertTrue(any(n["unread"] for n in mine))
        one = mine[0]["id"]
        # someone else's id changes nothing
        self.assertStatus(self.req("stranger", "POST",
                                   "/api/v1/notifications/%d/read" % one),
                          200)
        self.assertEqual(harness.psql(
            "SELECT read_at IS NULL FROM notifications WHERE id = %d" % one),
            "t")
        self.assertStatus(self.req("asker", "POST",
                                   "/api/v1/notifications/%d/read" % one),
                          200)
        self.assertEqual(harness.psql(
            "SELECT read_at IS NULL FROM notifications WHERE id = %d" % one),
            "f")
        self.assertStatus(self.req("asker", "POST",
                                   "/api/v1/notifications/read"), 200)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "read_at IS NULL" % self.asker), "0")
        # anonymous: 401
        problem(self, self.c.get("/api/v1/notifications"), 401)

    def test_7b_notifications_paged(self):
        # 120 notifications for the stranger: three pages of 50, 50, 20 by
        # the "older" cursor, newest first, each once; "newer" goes back
        harness.psql(
            "INSERT INTO notifications (user_id, kind, thread_id, "
            "created_at) SELECT %d, 'answer', %d, now() - g * interval "
            "'1 second' FROM generate_series(1, 120) g"
            % (self.stranger, self.tid))
        want = [int(x) for x in harness.psql(
            "SELECT id FROM notifications WHERE user_id = %d ORDER BY id "
            "DESC" % self.stranger).split()]
        self.assertGreaterEqual(len(want), 120)
        seen, pages, at, first = [], [], None, None
        while True:
            path = "/api/v1/notifications" + (
                "?at=" + urllib.parse.quote(at) if at else "")
            r = self.req("stranger", "GET", path)
            self.assertStatus(r, 200)
            d = json.loads(r.body)
            ids = [n["id"] for n in d["notifications"]]
            pages.append(d)
            seen += ids
            if first is None:
                first = ids
                self.assertNotIn("newer", d)
            else:
                self.assertIn("newer", d)
            if "older" not in d:
                break
            at = d["older"]
            self.assertLess(len(pages), 10)
        self.assertEqual(seen, want)
        self.assertEqual([len(p["notifications"]) for p in pages[:2]],
                         [50, 50])
        # back from the second page: the first again
        r = self.req("stranger", "GET", "/api/v1/notifications?at=" +
                     urllib.parse.quote(pages[1]["newer"]))
        self.assertEqual([n["id"] for n in json.loads(r.body)[
            "notifications"]], first)
        # a cursor cut short: 400 problem details, nothing else
        problem(self, self.req("stranger", "GET", "/api/v1/notifications"
                               "?at=" + urllib.parse.quote(at[:-3])), 400)

    def test_8_moderator_decision(self):
        r = self.req("stranger", "POST", "/api/v1/threads/%d/answers"
                     % self.tid, {"body": HELD})
        self.assertStatus(r, 201)
        pid = json.loads(r.body)["id"]
        path = "/api/v1/mod/posts/%d/decide" % pid
        # not a moderator, and a moderator's token without the scope
        problem(self, self.req("helper", "POST", path,
                               {"action": "approve", "kind": "held"}), 403)
        problem(self, self.req("mod_plain", "POST", path,
                               {"action": "approve", "kind": "held"}), 403,
                "insufficient_scope")
        # removal needs a reason, as on the page
        d = problem(self, self.req("mod", "POST", path,
                                   {"action": "remove", "kind": "held"}), 422)
        self.assertEqual(d["errors"][0]["field"], "reason")
        self.assertEqual(harness.psql("SELECT state FROM posts WHERE id = %d"
                                      % pid), "held")
        r = self.req("mod", "POST", path, {"action": "remove",
                                           "kind": "held", "reason": "scam"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["action"], "remove")
        self.assertEqual(harness.psql("SELECT state FROM posts WHERE id = %d"
                                      % pid), "removed")
        # decided already
        problem(self, self.req("mod", "POST", path,
                               {"action": "approve", "kind": "held"}), 409)

    def test_9_language(self):
        d = problem(self, self.req("stranger", "POST", "/api/v1/posts/%d/vote"
                                   % 99999999, lang="ja"), 404)
        self.assertRegex(d["title"], "[\u3040-\u30ff\u4e00-\u9fff]")
        self.assertRegex(d["detail"], "[\u3040-\u30ff\u4e00-\u9fff]")
        d = problem(self, self.req("stranger", "POST", "/api/v1/posts/%d/vote"
                                   % 99999999, lang="en"), 404)
        self.assertEqual(d["title"], "Page not found")


if __name__ == "__main__":
    harness.main()
