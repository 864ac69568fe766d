#!/usr/bin/env python3
"""t340_api_mod: the moderator actions of the JSON API (docs/api.md,
"Moderator actions"): the audit log (GET /api/v1/mod/log), appeals (GET
/api/v1/mod/appeals, POST /api/v1/mod/appeals/:id) and bulk decisions
(POST /api/v1/mod/bulk), with a removal and a redaction through POST
/api/v1/mod/posts/:id/decide.

For each: success with a moderator's token (read write moderate) and its
effect where a stranger or the audit log sees it; 401 without a token;
403 insufficient_scope for a member's token and for a read-only one on a
write; bad input as problem details; and the pages' own checks (the
moderator who removed a post does not decide its appeal, a decided appeal
is 409)."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from api_util import bearer, db_token, problem  # noqa: E402
from modq_util import post, thread, uniq, user  # noqa: E402
from qa_util import Session  # noqa: E402

SCAM = ("サポートセンターです。出金できない場合はこちらの公式サポート "
        "03-1234-5678 にお電話ください。")


def state(pid):
    return harness.psql("SELECT state FROM posts WHERE id = %d" % pid)


class ApiMod(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.m1 = user(uniq("apim1"), role="moderator", trust=3)
        cls.m2 = user(uniq("apim2"), role="moderator", trust=3)
        cls.member = user(uniq("apimem"), trust=2, age_days=60)
        cls.t1 = db_token(cls.m1, "read write moderate")
        cls.t2 = db_token(cls.m2, "read write moderate")
        cls.ro = db_token(cls.m1, "read moderate")
        cls.mem = db_token(cls.member, "read write")

    def answer(self):
        """A thread with a visible answer by a member of its own; returns
        (author session, thread id, answer id)."""
        asker = Session(self, uniq("apiq"), age_days=30, lang="en")
        tid = asker.ask("How do I move JPY between two sub-accounts?",
                        "I have two sub-accounts and want to move JPY from "
                        "one to the other without a withdrawal.", "account")
        author = Session(self, uniq("apia"), age_days=30, lang="en")
        pid = author.answer(tid, "Use the transfer button on the asset "
                                 "page; it is free and instant between "
                                 "your own sub-accounts.")
        return author, tid, pid

    def test_1_auth_and_scopes(self):
        c = self.client()
        for m, path, f in (("GET", "/api/v1/mod/log", None),
                           ("GET", "/api/v1/mod/appeals", None),
                           ("POST", "/api/v1/mod/appeals/1",
                            {"decision": "reverse"}),
                           ("POST", "/api/v1/mod/bulk",
                            {"ids": "1", "kind": "held",
                             "action": "approve", "confirm": "1"})):
            body = None if f is None else \
                "&".join("%s=%s" % kv for kv in f.items())
            r = c.request(m, path, body, {
                "Accept-Language": "en", "Content-Type":
                "application/x-www-form-urlencoded"} if f else
                {"Accept-Language": "en"})
            problem(self, r, 401, "unauthorized")
            self.assertEqual(r.headers.get("WWW-Authenticate"),
                             'Bearer realm="sodan"')
            d = problem(self, bearer(c, self.mem, m, path, f), 403,
                        "insufficient_scope")
            self.assertIn("moderate", d["detail"])
        # a read-only moderator token reads, but does not decide
        self.assertStatus(bearer(c, self.ro, "GET", "/api/v1/mod/log"), 200)
        r = bearer(c, self.ro, "POST", "/api/v1/mod/bulk",
                   {"ids": "1", "kind": "held", "action": "approve",
                    "confirm": "1"})
        problem(self, r, 403, "insufficient_scope")
        self.assertIn('scope="write"', r.headers.get("WWW-Authenticate"))

    def test_2_remove_redact_and_log(self):
        c = self.client()
        author, tid, pid = self.answer()
        # a removal without a reason: 422 at the field, nothing changed
        d = problem(self, bearer(c, self.t1, "POST",
                                 "/api/v1/mod/posts/%d/decide" % pid,
                                 {"action": "remove"}), 422)
        self.assertEqual(d["errors"][0]["field"], "reason")
        self.assertEqual(state(pid), "visible")
        # a redaction: the new text is public, the log says redact
        r = bearer(c, self.t1, "POST", "/api/v1/mod/posts/%d/decide" % pid,
                   {"action": "edit", "body": "Use the transfer button on "
                    "the asset page (text redacted by a moderator)."})
        self.assertStatus(r, 200)
        page = self.client().get("/t/%d" % tid).body
        self.assertIn("text redacted by a moderator", page)
        # the removal: gone from the thread page a stranger reads
        r = bearer(c, self.t1, "POST", "/api/v1/mod/posts/%d/decide" % pid,
                   {"action": "remove", "reason": "offtopic"})
        self.assertStatus(r, 200)
        self.assertEqual(state(pid), "removed")
        self.assertNotIn("Use the transfer button",
                         self.client().get("/t/%d" % tid).body)
        # the audit log through the API, filtered by target
        r = bearer(c, self.ro, "GET", "/api/v1/mod/log?target_kind=post&"
                   "target=%d" % pid)
        self.assertStatus(r, 200)
        self.assertTrue(r.content_type.startswith("application/json"))
        d = json.loads(r.body)
        acts = [e["action"] for e in d["entries"]]
        self.assertIn("remove", acts)
        self.assertIn("redact", acts)
        e = d["entries"][acts.index("remove")]
        self.assertEqual(e["target_id"], pid)
        self.assertEqual(e["reason"], "offtopic")
        self.assertEqual(e["target_kind"], "post")
        # bad filters: 400 problem details naming the field
        d = problem(self, bearer(c, self.ro, "GET",
                                 "/api/v1/mod/log?target_kind=planet"), 400)
        self.assertIn("target_kind", d["detail"])
        problem(self, bearer(c, self.ro, "GET", "/api/v1/mod/log?at=zz"),
                400)

    def test_3_appeals(self):
        c = self.client()
        author, tid, pid = self.answer()
        self.assertStatus(bearer(c, self.t1, "POST",
                                 "/api/v1/mod/posts/%d/decide" % pid,
                                 {"action": "remove", "reason": "spam"}),
                          200)
        r = author.post("/p/%d/appeal" % pid, {
            "body": "This was a plain answer about sub-account transfers, "
                    "not spam."})
        self.assertIn(r.status, (200, 303), r.body[:500])
        aid = int(harness.psql("SELECT id FROM appeals WHERE post_id = %d"
                               % pid))
        r = bearer(c, self.ro, "GET", "/api/v1/mod/appeals")
        self.assertStatus(r, 200)
        d = json.loads(r.body)
        mine = [a for a in d["removals"] if a["id"] == aid]
        self.assertEqual(len(mine), 1, d)
        self.assertEqual(mine[0]["post_id"], pid)
        self.assertEqual(mine[0]["reason"], "spam")
        self.assertTrue(mine[0]["own"])
        self.assertIsInstance(d["suspensions"], list)
        # bad decision: 400; read-only token: 403 write
        problem(self, bearer(c, self.t2, "POST", "/api/v1/mod/appeals/%d"
                             % aid, {"decision": "maybe"}), 400)
        problem(self, bearer(c, self.ro, "POST", "/api/v1/mod/appeals/%d"
                             % aid, {"decision": "reverse"}), 403,
                "insufficient_scope")
        # the moderator who removed it does not decide it (the page's rule)
        d = problem(self, bearer(c, self.t1, "POST", "/api/v1/mod/appeals/%d"
                                 % aid, {"decision": "reverse"}), 403)
        self.assertIn("other than you", d["detail"])
        self.assertEqual(state(pid), "removed")
        # another moderator restores it: visible again on the thread page
        r = bearer(c, self.t2, "POST", "/api/v1/mod/appeals/%d" % aid,
                   {"decision": "reverse", "note": "on topic"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {
            "appeal_id": aid, "decision": "reverse", "decided": True})
        self.assertEqual(state(pid), "visible")
        self.assertIn("Use the transfer button",
                      self.client().get("/t/%d" % tid).body)
        # decided already: 409 problem details; no such appeal: 404
        problem(self, bearer(c, self.t2, "POST", "/api/v1/mod/appeals/%d"
                             % aid, {"decision": "uphold"}), 409)
        problem(self, bearer(c, self.t2, "POST", "/api/v1/mod/appeals/"
                             "999999999", {"decision": "uphold"}), 404)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE target_id = %d AND action "
            "= 'approve'" % pid), "1")

    def test_4_bulk(self):
        c = self.client()
        asker = user(uniq("bq"))
        scammer = user(uniq("bs"), trust=0, age_days=0)
        t, _ = thread(asker)
        ps = [post(t, scammer, SCAM + str(i), state="held") for i in range(2)]
        ids = "%d,%d" % tuple(ps)
        # not confirmed: 422 naming the field; nothing decided
        d = problem(self, bearer(c, self.t1, "POST", "/api/v1/mod/bulk",
                                 {"ids": ids, "kind": "held",
                                  "action": "remove"}), 422)
        self.assertIn("confirm", d["detail"])
        problem(self, bearer(c, self.t1, "POST", "/api/v1/mod/bulk",
                             {"ids": "1,x", "kind": "held",
                              "action": "remove", "confirm": "1"}), 400)
        self.assertEqual([state(p) for p in ps], ["held", "held"])
        r = bearer(c, self.t1, "POST", "/api/v1/mod/bulk",
                   [("ids", str(ps[0])), ("ids", str(ps[1])),
                    ("kind", "held"), ("action", "remove"),
                    ("reason", "scam"), ("confirm", "1")])
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {
            "queue": "held", "action": "remove", "decided": 2, "taken": 0})
        self.assertEqual([state(p) for p in ps], ["removed", "removed"])
        # again: both decided first (by this moderator), none decided now
        r = bearer(c, self.t1, "POST", "/api/v1/mod/bulk",
                   {"ids": ids, "kind": "held", "action": "approve",
                    "confirm": "1"})
        self.assertEqual(json.loads(r.body)["decided"], 0)
        self.assertEqual([state(p) for p in ps], ["removed", "removed"])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE action = 'remove' AND "
            "target_id IN (%s)" % ids), "2")


if __name__ == "__main__":
    harness.main()
