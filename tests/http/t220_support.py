#!/usr/bin/env python3
"""t220_support: escalation to official support (docs/support.md).

The asker (or staff) opens a case from the thread with a first message;
a recovery phrase in it is masked before storage and the member warned;
staff reply (the member is told in the forum) and resolve; the public
thread shows only "escalated" / "resolved".  A case is private: a member
who is neither the asker nor staff, a moderator who is not staff and a
signed-out visitor get 404 from every route of a case, exactly as for a
case that does not exist, and the case's text appears in no page, search,
feed, history or API answer anyone else can read."""

import os
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, enc  # noqa: E402

PHRASE = ("legal winner thank year wave sausage worth useful legal winner "
          "thank yellow")


def case_of(r):
    m = re.match(r"^/support/(\d+)(\?masked=1)?$", r.headers.get("Location",
                                                                 ""))
    return (int(m.group(1)), bool(m.group(2))) if m else (None, None)


class Support(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marker = "zqx" + secrets.token_hex(4)

    def setUp(self):
        self.asker = Session(self, "sup_asker", age_days=60, lang="en",
                             display="Sup Asker")
        self.staff = Session(self, "sup_staff", role="staff", trust=3,
                             lang="en", display="Sup Staff")
        self.stranger = Session(self, "sup_stranger", age_days=60,
                                lang="en")
        self.mod = Session(self, "sup_mod", role="moderator", trust=3,
                           lang="en")

    def _thread(self, title):
        return self.asker.ask(title, "My BTC withdrawal has been pending "
                              "for two days; what should I do?",
                              "deposits")

    def test_1_escalate_mask_reply_resolve(self):
        tid = self._thread("Withdrawal stuck for two days, support case")
        # the way in: the asker and staff only
        r = self.asker.get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertIn('action="/t/%d/escalate"' % tid, r.body)
        self.assertIn("Ask official support", r.body)
        self.assertNotIn("/escalate", self.stranger.get("/t/%d" % tid).body)
        self.assertNotIn("/escalate", self.client().get("/t/%d" % tid).body)
        # an empty message: 400 with a reason, nothing stored
        r = self.asker.post("/t/%d/escalate" % tid, {"body": "   "})
        self.assertHtmlPage(r, 400)
        self.assertIn("Write a message.", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM support_cases WHERE thread_id = %d" % tid),
            "0")
        # the first message, with the member's own recovery phrase in it
        body = ("Withdrawal ID W-%s is still pending. My phrase is %s "
                "in case you need it." % (self.marker, PHRASE))
        r = self.asker.post("/t/%d/escalate" % tid, {"body": body})
        self.assertStatus(r, 303)
        cid, masked = case_of(r)
        self.assertTrue(cid, r.headers.get("Location"))
        self.assertTrue(masked)
        stored = harness.psql("SELECT string_agg(body_md || cooked, '') "
                              "FROM support_messages WHERE case_id = %d"
                              % cid)
        self.assertIn("W-" + self.marker, stored)
        self.assertNotIn("sausage", stored)
        self.assertIn("[secret masked]", stored)
        r = self.asker.get("/support/%d?masked=1" % cid)
        self.assertHtmlPage(r, 200)
        self.assertIn('id="masked-warning"', r.body)
        self.assertIn("Staff never ask for it", r.body)
        self.assertIn("W-" + self.marker, r.body)
        self.assertNotIn("sausage", r.body)
        # the thread links the case for its asker; strangers see the state
        r = self.asker.get("/t/%d/support" % tid)
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/support/%d" % cid)
        r = self.client().get("/t/%d" % tid, headers={"Accept-Language":
                                                      "en"})
        self.assertIn('data-support="escalated"', r.body)
        self.assertIn("Escalated to official support", r.body)
        self.assertNotIn(self.marker, r.body)
        self.assertNotIn("/support/", r.body)
        r = self.client().get("/t/%d" % tid, headers={"Accept-Language":
                                                      "ja"})
        self.assertIn("公式サポートに相談中", r.body)
        # staff read and answer; the member is told in the forum
        r = self.staff.get("/support/%d" % cid)
        self.assertHtmlPage(r, 200)
        self.assertIn("W-" + self.marker, r.body)
        self.assertIn('action="/support/%d/state"' % cid, r.body)
        r = self.staff.post("/support/%d/reply" % cid, {
            "body": "Thank you. We found withdrawal W-%s and released it."
                    % self.marker})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'support_reply' AND support_case_id = %d"
            % (self.asker.user_id, cid)), "1")
        self.assertEqual(harness.psql(
            "SELECT first_staff_at IS NOT NULL FROM support_cases "
            "WHERE id = %d" % cid), "t")
        r = self.asker.get("/notifications")
        self.assertIn("Official support replied", r.body)
        self.assertIn('href="/t/%d/support"' % tid, r.body)
        r = self.asker.get("/support/%d" % cid)
        self.assertIn("released it", r.body)
        self.assertIn("support-msg-staff", r.body)
        # a member cannot resolve; staff can, and the thread says so
        r = self.asker.post("/support/%d/state" % cid, {"action": "resolve"})
        self.assertStatus(r, 404)
        r = self.staff.post("/support/%d/state" % cid, {"action": "resolve"})
        self.assertStatus(r, 303)
        r = self.client().get("/t/%d" % tid, headers={"Accept-Language":
                                                      "en"})
        self.assertIn('data-support="resolved"', r.body)
        self.assertIn("Resolved by official support", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'support_resolved'" % self.asker.user_id), "1")
        # a resolved case takes no message until staff reopen it
        r = self.asker.post("/support/%d/reply" % cid, {"body": "thanks!"})
        self.assertHtmlPage(r, 409)
        self.assertIn("staff can reopen it", r.body)
        r = self.staff.post("/support/%d/state" % cid, {"action": "reopen"})
        self.assertStatus(r, 303)
        r = self.asker.post("/support/%d/reply" % cid,
                            {"body": "It arrived, thank you!"})
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/support/%d" % cid)

    def test_2_private_to_asker_and_staff(self):
        tid = self._thread("Account locked after a password reset")
        secret_word = "pv" + secrets.token_hex(5)
        r = self.asker.post("/t/%d/escalate" % tid, {
            "body": "My account number is %s; it has been locked since "
                    "yesterday." % secret_word})
        self.assertStatus(r, 303)
        cid, _ = case_of(r)
        r = self.staff.post("/support/%d/reply" % cid, {
            "body": "We looked at %s-reply and unlocked it." % secret_word})
        self.assertStatus(r, 303)
        missing = int(harness.psql(
            "SELECT coalesce(max(id), 0) + 1000 FROM support_cases"))
        anon = self.client()
        outsiders = [("stranger", self.stranger.get, self.stranger.post),
                     ("moderator", self.mod.get, self.mod.post),
                     ("signed out", lambda p: anon.get(p),
                      lambda p, f: anon.post(p, f, csrf=True))]
        for who, get, post in outsiders:
            for c in (cid, missing):
                r = get("/support/%d" % c)
                self.assertStatus(r, 404, "%s GET case" % who)
                self.assertNotIn(secret_word, r.body)
                r = post("/support/%d/reply" % c, {"body": "let me in"})
                self.assertIn(r.status, (404, 303), who)
                if r.status == 303:	# signed out: to the sign-in page
                    self.assertIn("/login", r.headers.get("Location"))
                r = post("/support/%d/state" % c, {"action": "resolve"})
                self.assertIn(r.status, (404, 303), who)
            r = get("/t/%d/support" % tid)
            self.assertStatus(r, 404, "%s thread's case" % who)
            # nor may they open a case on someone else's thread
            r = post("/t/%d/escalate" % tid, {"body": "mine now"})
            self.assertIn(r.status, (404, 303), who)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM support_messages WHERE case_id = %d" % cid),
            "2")
        self.assertEqual(harness.psql(
            "SELECT state FROM support_cases WHERE id = %d" % cid), "open")
        # the case's words are in no page, search, feed, history or API
        qpid = int(harness.psql(
            "SELECT id FROM posts WHERE thread_id = %d AND kind = 'question'"
            % tid))
        paths = ["/", "/t/%d" % tid, "/c/deposits",
                 "/c/deposits?sort=newest", "/search?q=" + secret_word,
                 "/search?q=" + enc("account locked"),
                 "/api/v1/search?q=" + secret_word,
                 "/api/v1/threads/%d" % tid, "/api/v1/threads",
                 "/api/v1/threads?category=deposits",
                 "/staff", "/staff/feed.atom", "/official",
                 "/p/%d/history" % qpid, "/u/sup_asker/questions",
                 "/u/sup_staff/answers", "/u/%d" % self.staff.user_id,
                 "/moderation", "/api/v1/moderation", "/notifications",
                 "/mod", "/mod/log", "/mod/queue/held"]
        seen = 0
        for who, get, _ in outsiders:
            for p in paths:
                r = get(p)
                seen += 1
                body = r.body
                if secret_word in p:
                    # the search pages echo the words searched for
                    self.assertTrue('value="%s"' % secret_word in body or
                                    '"%s"' % secret_word in body, p)
                    body = re.sub(r'(value=|"q":\s*)"%s"' % secret_word,
                                  "", body)
                    body = body.replace("q=" + secret_word, "")
                self.assertNotIn(secret_word, body, "%s %s" % (who, p))
                self.assertNotIn("/support/%d" % cid, r.body,
                                 "%s %s" % (who, p))
        self.assertEqual(seen, len(outsiders) * len(paths))
        # ...while the asker and staff read it
        for s in (self.asker, self.staff):
            r = s.get("/support/%d" % cid)
            self.assertHtmlPage(r, 200)
            self.assertIn(secret_word, r.body)

    def test_3_staff_escalate_for_the_asker(self):
        tid = self._thread("Deposit credited to the wrong account?")
        r = self.staff.post("/t/%d/escalate" % tid, {
            "body": "We opened this case for you: please confirm the "
                    "deposit's transaction ID here."})
        self.assertStatus(r, 303)
        cid, masked = case_of(r)
        self.assertFalse(masked)
        self.assertEqual(harness.psql(
            "SELECT asker_id FROM support_cases WHERE id = %d" % cid),
            str(self.asker.user_id))
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE support_case_id = %d "
            "AND user_id = %d AND kind = 'support_reply'"
            % (cid, self.asker.user_id)), "1")
        r = self.asker.get("/support/%d" % cid)
        self.assertHtmlPage(r, 200)
        self.assertIn("transaction ID", r.body)
        # escalating again adds to the same case
        r = self.asker.post("/t/%d/escalate" % tid,
                            {"body": "The transaction ID is T-1234."})
        self.assertStatus(r, 303)
        self.assertEqual(case_of(r)[0], cid)
        # Japanese pages
        ja = Session(self, "sup_asker", age_days=60, lang="ja",
                     display="Sup Asker")
        r = ja.get("/support/%d" % cid)
        self.assertHtmlPage(r, 200)
        self.assertIn("サポート", r.body)
        r = ja.post("/support/%d/reply" % cid, {"body": ""})
        self.assertHtmlPage(r, 400)
        self.assertIn("メッセージを入力してください", r.body)

    def test_4_without_csrf(self):
        tid = self._thread("Two-factor codes are not accepted anymore")
        r = self.asker.client.post("/t/%d/escalate" % tid,
                                   {"body": "help please"})
        self.assertStatus(r, 403)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM support_cases WHERE thread_id = %d" % tid),
            "0")


if __name__ == "__main__":
    harness.main()
