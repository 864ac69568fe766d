#!/usr/bin/env python3
"""t355_api_twins_member: the JSON twins of a member's settings, appeals,
support cases and the staff desk's claim (docs/api.md), each through the
function its page calls.

- POST /api/v1/me/profile: a name that looks like staff 422 at
  display_name, a language not offered 400 at lang, a read-only token
  403 insufficient_scope, no token 401, a cookie without the CSRF token
  403; saved, and /settings shows it.
- GET and POST /api/v1/me/notification-settings: the form's fields (a
  kind not sent is off), an unknown mode 400; /settings/notifications
  shows what the API saved.
- POST /api/v1/posts/:id/appeal: 409 before the removal, 404 for
  another member, 422 at body when too short, 201 and the appeal in the
  moderators' API list, 409 the second time.
- POST /api/v1/threads/:id/escalate, /api/v1/support/:id/replies and
  /api/v1/support/:id/state: 404 for a stranger and for a moderator who
  is not staff, an empty message 422 at body, one the filters refuse 422
  blocked with their reasons, a recovery phrase masked,
  staff reply (the asker is told), resolve (the public thread says so;
  the asker cannot write: 409; the asker cannot resolve: 404), reopen.
- POST /api/v1/staff/desk/claim: a member's and a moderator's token 403,
  claim (the public thread says "being handled"), assign with no
  assignee or a member 400, no such thread 404, release; a staff token
  stops working once the account is no longer staff."""

import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from api_util import bearer, db_token, problem  # noqa: E402
from qa_util import Session  # noqa: E402

PHRASE = ("legal winner thank year wave sausage worth useful legal winner "
          "thank yellow")
KINDS = ["answer", "watch_official", "watch_verified", "watch_answer",
         "mention", "accepted", "moderation"]


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def ok(test, r, status=200):
    test.assertStatus(r, status, r.body[:500])
    test.assertIn("application/json", r.content_type)
    return json.loads(r.body)


class ApiTwinsMember(harness.ServerTest):
    demo = True

    def setUp(self):
        if hasattr(ApiTwinsMember, "mtok"):
            return
        k = ApiTwinsMember
        k.m = Session(self, uniq("tm"), age_days=60, lang="en")
        k.mtok = db_token(k.m.user_id, "read write")
        k.mro = db_token(k.m.user_id, "read")
        k.o = Session(self, uniq("to"), age_days=60, lang="en")
        k.otok = db_token(k.o.user_id, "read write")
        k.st = Session(self, uniq("ts"), role="staff", trust=3, lang="en",
                       display="Twin Staff")
        k.stok = db_token(k.st.user_id, "read write")
        k.mod = Session(self, uniq("tmo"), role="moderator", trust=3,
                        lang="en")
        k.modtok = db_token(k.mod.user_id, "read write moderate")

    def test_1_profile(self):
        c = self.client()
        path = "/api/v1/me/profile"
        good = {"display_name": "Twin 名前 %s" % uniq(""), "lang": "ja"}
        d = problem(self, bearer(c, self.mro, "POST", path, good), 403,
                    "insufficient_scope")
        problem(self, bearer(c, "sodan_pat_" + "x" * 43, "POST", path, good),
                401, "invalid_token")
        problem(self, c.request("POST", path, b"display_name=x&lang=ja", {
            "Content-Type": "application/x-www-form-urlencoded"}), 401)
        d = problem(self, bearer(c, self.mtok, "POST", path,
                                 {"display_name": "Binance Support",
                                  "lang": "en"}), 422, "invalid")
        self.assertEqual(d["errors"][0]["field"], "display_name")
        self.assertIn("looks like staff", d["detail"])
        d = problem(self, bearer(c, self.mtok, "POST", path,
                                 dict(good, lang="fr")), 400)
        self.assertEqual(d["errors"][0]["field"], "lang")
        # a browser session needs its CSRF token, as the page
        h = {"Content-Type": "application/x-www-form-urlencoded",
             "Origin": "http://127.0.0.1:%d" % self.port}
        r = self.m.client.request("POST", path, b"display_name=Twin&lang=en",
                                  h)
        self.assertStatus(r, 403)
        self.assertNotEqual(harness.psql(
            "SELECT display_name FROM users WHERE id = %d" % self.m.user_id),
            "Twin")
        d = ok(self, bearer(c, self.mtok, "POST", path, good))
        self.assertEqual(d["user_id"], self.m.user_id)
        self.assertEqual(d["display_name"], good["display_name"])
        self.assertEqual(d["lang"], "ja")
        r = self.m.get("/settings")
        self.assertHtmlPage(r, 200)
        self.assertIn('value="%s"' % good["display_name"], r.body)
        self.assertEqual(harness.psql(
            "SELECT display_name || '|' || lang FROM users WHERE id = %d"
            % self.m.user_id), good["display_name"] + "|ja")

    def test_2_notification_settings(self):
        c = self.client()
        path = "/api/v1/me/notification-settings"
        d = ok(self, bearer(c, self.mro, "GET", path))
        self.assertEqual(sorted(d["mail"]), sorted(KINDS))
        self.assertIn(d["mode"], ("instant", "digest", "off"))
        problem(self, bearer(c, self.mro, "POST", path, {"mode": "digest"}),
                403, "insufficient_scope")
        d = problem(self, bearer(c, self.mtok, "POST", path,
                                 {"mode": "weekly"}), 400)
        self.assertEqual(d["errors"][0]["field"], "mode")
        d = ok(self, bearer(c, self.mtok, "POST", path, {
            "mode": "digest", "answer": "1", "mention": "1",
            "watch_official": "0"}))
        self.assertEqual(d["mode"], "digest")
        self.assertEqual({k for k, v in d["mail"].items() if v},
                         {"answer", "mention"})
        self.assertEqual(ok(self, bearer(c, self.mtok, "GET", path)), d)
        # the page shows what the API saved
        r = self.m.get("/settings/notifications")
        self.assertHtmlPage(r, 200)
        self.assertIn('name="mode" value="digest" checked', r.body)
        self.assertIn('name="mention" value="1" checked', r.body)
        self.assertNotIn('name="moderation" value="1" checked', r.body)
        d = ok(self, bearer(c, self.mtok, "POST", path, dict(
            {k: "1" for k in KINDS}, mode="instant")))
        self.assertTrue(all(d["mail"].values()))
        self.assertIn('name="moderation" value="1" checked',
                      self.m.get("/settings/notifications").body)

    def test_3_appeal(self):
        c = self.client()
        tid = self.o.ask("Why is my stop order not triggered %s?" % uniq(""),
                         "The price went through my stop and nothing "
                         "happened for a minute.", "trading")
        pid = self.m.answer(tid, "Stops trigger on the last traded price, "
                            "not on the best bid; check which one moved.")
        path = "/api/v1/posts/%d/appeal" % pid
        text = {"body": "My answer explained how stop orders trigger; it "
                        "was on topic."}
        problem(self, bearer(c, self.mtok, "POST", path, text), 409)
        r = self.mod.post("/mod/post/%d" % pid, {
            "kind": "", "action": "remove", "reason": "offtopic",
            "confirm": "1"})
        self.assertStatus(r, 303)
        problem(self, bearer(c, self.otok, "POST", path, text), 404)
        problem(self, bearer(c, self.mtok, "POST",
                             "/api/v1/posts/999999999/appeal", text), 404)
        problem(self, bearer(c, self.mro, "POST", path, text), 403,
                "insufficient_scope")
        d = problem(self, bearer(c, self.mtok, "POST", path,
                                 {"body": "unfair"}), 422, "invalid")
        self.assertEqual(d["errors"][0]["field"], "body")
        self.assertIn("at least 10", d["detail"])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM appeals WHERE post_id = %d" % pid), "0")
        d = ok(self, bearer(c, self.mtok, "POST", path, text), 201)
        self.assertEqual(d["post_id"], pid)
        self.assertEqual(d["state"], "open")
        # the moderators' queue has it, through the API
        q = ok(self, bearer(c, self.modtok, "GET", "/api/v1/mod/appeals"))
        self.assertIn((d["appeal_id"], pid), [(a["id"], a["post_id"])
                                              for a in q["removals"]], q)
        problem(self, bearer(c, self.mtok, "POST", path, text), 409)

    def test_4_support_case(self):
        c = self.client()
        tid = self.m.ask("Withdrawal pending for two days %s" % uniq(""),
                         "My BTC withdrawal has been pending for two days; "
                         "what should I do?", "deposits")
        path = "/api/v1/threads/%d/escalate" % tid
        marker = uniq("W-")
        body = {"body": "Withdrawal %s is pending. My phrase is %s if you "
                        "need it." % (marker, PHRASE)}
        cases = "SELECT count(*) FROM support_cases WHERE thread_id = %d"
        problem(self, bearer(c, self.otok, "POST", path, body), 404)
        problem(self, bearer(c, self.modtok, "POST", path, body), 404)
        problem(self, bearer(c, self.mro, "POST", path, body), 403,
                "insufficient_scope")
        d = problem(self, bearer(c, self.mtok, "POST", path, {"body": "  "}),
                    422, "invalid")
        self.assertEqual(d["errors"][0]["field"], "body")
        self.assertFalse(d["blocked"])
        # refused by the filters: their reasons at body, nothing stored
        d = problem(self, bearer(c, self.mtok, "POST", path, {
            "body": "Support here. To fix the withdrawal, send me your 12 "
                    "word recovery phrase and call us at +1 888 555 0199 "
                    "now."}), 422, "blocked")
        self.assertTrue(d["blocked"])
        self.assertTrue(d["errors"])
        self.assertEqual({e["field"] for e in d["errors"]}, {"body"})
        self.assertEqual(harness.psql(cases % tid), "0")
        d = ok(self, bearer(c, self.mtok, "POST", path, body), 201)
        cid = d["case_id"]
        self.assertTrue(d["masked"])
        self.assertEqual(d["thread_id"], tid)
        self.assertEqual(d["url"], "/support/%d" % cid)
        self.assertEqual(harness.psql(cases % tid), "1")
        r = self.m.get("/support/%d" % cid)
        self.assertHtmlPage(r, 200)
        self.assertIn(marker, r.body)
        self.assertNotIn("sausage", r.body)
        # replies: a stranger 404, staff write and the asker is told
        rp = "/api/v1/support/%d/replies" % cid
        problem(self, bearer(c, self.otok, "POST", rp, {"body": "hello"}),
                404)
        problem(self, bearer(c, self.modtok, "POST", rp, {"body": "hello"}),
                404)
        problem(self, bearer(c, self.stok, "POST",
                             "/api/v1/support/999999999/replies",
                             {"body": "hello"}), 404)
        d = ok(self, bearer(c, self.stok, "POST", rp, {
            "body": "We found %s and released it." % marker}), 201)
        self.assertEqual(d, {"case_id": cid, "masked": False,
                             "url": "/support/%d" % cid})
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'support_reply' AND support_case_id = %d"
            % (self.m.user_id, cid)), "1")
        self.assertIn("released it", self.m.get("/support/%d" % cid).body)
        # state: staff only (the asker 404, as the page)
        sp = "/api/v1/support/%d/state" % cid
        problem(self, bearer(c, self.mtok, "POST", sp, {"action": "resolve"}),
                404)
        problem(self, bearer(c, self.modtok, "POST", sp,
                             {"action": "resolve"}), 404)
        d = problem(self, bearer(c, self.stok, "POST", sp,
                                 {"action": "close"}), 400)
        self.assertEqual(d["errors"][0]["field"], "action")
        d = ok(self, bearer(c, self.stok, "POST", sp, {"action": "resolve"}))
        self.assertEqual(d, {"case_id": cid, "state": "resolved",
                             "changed": True})
        self.assertEqual(harness.psql(
            "SELECT state FROM support_cases WHERE id = %d" % cid),
            "resolved")
        r = self.client().get("/t/%d" % tid, headers={"Accept-Language":
                                                      "en"})
        self.assertIn('data-support="resolved"', r.body)
        # a resolved case takes no message
        problem(self, bearer(c, self.mtok, "POST", rp, {"body": "thanks!"}),
                409)
        d = ok(self, bearer(c, self.stok, "POST", sp, {"action": "reopen"}))
        self.assertTrue(d["changed"])
        d = ok(self, bearer(c, self.stok, "POST", sp, {"action": "reopen"}))
        self.assertFalse(d["changed"])
        d = ok(self, bearer(c, self.mtok, "POST", rp,
                            {"body": "Thank you, it arrived."}), 201)
        self.assertEqual(d["case_id"], cid)

    def test_5_desk_claim(self):
        c = self.client()
        tid = self.o.ask("Cannot change my registered phone %s" % uniq(""),
                         "The settings page says the change failed without "
                         "a reason.", "account")
        path = "/api/v1/staff/desk/claim"
        claim = {"thread": str(tid), "action": "claim"}
        anon = {"Accept-Language": "en"}
        problem(self, bearer(c, self.mtok, "POST", path, claim), 403,
                "forbidden")
        problem(self, bearer(c, self.modtok, "POST", path, claim), 403)
        d = problem(self, bearer(c, self.stok, "POST", path,
                                 {"thread": "x", "action": "claim"}), 400)
        self.assertEqual(d["errors"][0]["field"], "thread")
        self.assertNotIn('data-support="handled"',
                         self.client().get("/t/%d" % tid, headers=anon).body)
        d = ok(self, bearer(c, self.stok, "POST", path, claim))
        self.assertEqual(d, {"thread_id": tid, "action": "claim",
                             "changed": True})
        self.assertIn('data-support="handled"',
                      self.client().get("/t/%d" % tid, headers=anon).body)
        self.assertEqual(harness.psql(
            "SELECT staff_id FROM support_claims WHERE thread_id = %d" % tid),
            str(self.st.user_id))
        problem(self, bearer(c, self.stok, "POST", path, {
            "thread": str(tid), "action": "assign"}), 400)
        d = problem(self, bearer(c, self.stok, "POST", path, {
            "thread": str(tid), "action": "assign",
            "assignee": str(self.m.user_id)}), 400)
        self.assertIn("Only staff members", d["detail"])
        problem(self, bearer(c, self.stok, "POST", path, {
            "thread": "99999999", "action": "claim"}), 404)
        self.assertEqual(harness.psql(
            "SELECT staff_id FROM support_claims WHERE thread_id = %d" % tid),
            str(self.st.user_id))
        d = ok(self, bearer(c, self.stok, "POST", path, {
            "thread": str(tid), "action": "release"}))
        self.assertTrue(d["changed"])
        self.assertNotIn('data-support="handled"',
                         self.client().get("/t/%d" % tid, headers=anon).body)
        # the role is read again on every use of the token
        harness.psql("UPDATE users SET role = 'user' WHERE id = %d"
                     % self.st.user_id)
        try:
            problem(self, bearer(c, self.stok, "POST", path, claim), 403)
        finally:
            harness.psql("UPDATE users SET role = 'staff' WHERE id = %d"
                         % self.st.user_id)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM support_claims WHERE thread_id = %d"
            % tid), "0")


if __name__ == "__main__":
    harness.main()
