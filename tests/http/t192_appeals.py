#!/usr/bin/env python3
"""t192_appeals: appeals of removals.

- Only the author of a removed post may open /p/:id/appeal (others: 404;
  a post that is not removed: 409); the text must be 10 to 1,000
  characters (422 keeps it); CSRF required; one appeal per removal (409
  the second time); the moderation log records it.
- /mod/queue/appeals lists open appeals for moderators only; the
  moderator who removed may not decide (403) while another moderator
  exists; another moderator reverses: the post is visible again through
  the lifecycle, the appeal is 'reversed', the author is told; or upholds:
  the removal stays, the author is told.
- The public /moderation page counts appeals and reversals."""

import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def state(pid):
    return harness.psql("SELECT state FROM posts WHERE id = %d" % pid)


class Appeals(harness.ServerTest):
    demo = True

    def member(self, p, **kw):
        kw.setdefault("age_days", 30)
        kw.setdefault("lang", "en")
        return Session(self, uniq(p), **kw)

    def setUp(self):
        self.asker = self.member("aq")
        self.tid = self.asker.ask(
            "Why is my limit order not filled at my price?",
            "I set a limit order at 5,000,000 JPY for BTC and the price "
            "touched it but nothing happened.", "trading")
        self.author = self.member("aa")
        self.pid = self.author.answer(
            self.tid, "The price must trade through your level; touching it "
            "is not always enough when others were first in the queue.")
        self.m1 = self.member("am1", role="moderator", trust=3)
        self.m2 = self.member("am2", role="moderator", trust=3)

    def remove(self, mod, reason="offtopic"):
        r = mod.post("/mod/post/%d" % self.pid, {
            "kind": "", "action": "remove", "reason": reason,
            "confirm": "1"})
        self.assertStatus(r, 303, "remove")
        self.assertEqual(state(self.pid), "removed")

    def appeal(self, text="I explained how limit orders fill; it was on "
                          "topic and correct."):
        return self.author.post("/p/%d/appeal" % self.pid, {"body": text})

    def test_1_filing(self):
        # not removed yet: nothing to appeal
        r = self.author.get("/p/%d/appeal" % self.pid)
        self.assertHtmlPage(r, 409)
        self.remove(self.m1)
        # someone else: 404, as if there were no such post
        self.assertStatus(self.asker.get("/p/%d/appeal" % self.pid), 404)
        self.assertStatus(self.asker.post("/p/%d/appeal" % self.pid,
                                          {"body": "x" * 20}), 404)
        # the forum's notification links the appeal form
        r = self.author.get("/notifications")
        self.assertIn('href="/p/%d/appeal"' % self.pid, r.body)
        r = self.author.get("/p/%d/appeal" % self.pid)
        self.assertHtmlPage(r, 200)
        self.assertIn("off-topic", r.body)
        self.assertIn('action="/p/%d/appeal"' % self.pid, r.body)
        # too short: the page again with the text kept
        r = self.appeal("unfair")
        self.assertHtmlPage(r, 422)
        self.assertIn("at least 10", r.body)
        self.assertIn(">unfair</textarea>", r.body)
        # no CSRF token
        r = self.author.client.post("/p/%d/appeal" % self.pid,
                                    {"body": "a reason long enough"})
        self.assertHtmlPage(r, 403)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM appeals WHERE post_id = %d" % self.pid), "0")
        r = self.appeal()
        self.assertHtmlPage(r, 200)
        self.assertIn("Your appeal was sent", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE action = 'appeal' AND "
            "target_id = %d" % self.pid), "1")
        # once per removal
        self.assertHtmlPage(self.appeal(), 409)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM appeals WHERE post_id = %d" % self.pid), "1")
        # members cannot see the queue
        r = self.author.get("/mod/queue/appeals")
        self.assertIn(r.status, (403, 404))

    def test_2_another_moderator_reverses(self):
        self.remove(self.m1)
        self.assertHtmlPage(self.appeal(), 200)
        aid = int(harness.psql("SELECT id FROM appeals WHERE post_id = %d"
                               % self.pid))
        r = self.m1.get("/mod/queue/appeals")
        self.assertHtmlPage(r, 200)
        self.assertIn('id="a%d"' % aid, r.body)
        self.assertIn("it was on topic and correct", r.body)
        self.assertIn("You removed this post", r.body)
        # the moderator who removed: refused, nothing changes
        r = self.m1.post("/mod/appeals/%d" % aid, {"decision": "reverse"})
        self.assertHtmlPage(r, 403)
        self.assertEqual(state(self.pid), "removed")
        r = self.m1.post("/mod/appeals/%d" % aid, {"decision": "uphold"})
        self.assertHtmlPage(r, 403)
        self.assertEqual(harness.psql(
            "SELECT state FROM appeals WHERE id = %d" % aid), "open")
        # a bad decision is named
        r = self.m2.post("/mod/appeals/%d" % aid, {"decision": "maybe"})
        self.assertHtmlPage(r, 400)
        # another moderator reverses
        r = self.m2.post("/mod/appeals/%d" % aid,
                         {"decision": "reverse", "note": "on topic"})
        self.assertStatus(r, 303)
        self.assertEqual(state(self.pid), "visible")
        self.assertEqual(harness.psql(
            "SELECT state || ' ' || decided_by FROM appeals WHERE id = %d"
            % aid), "reversed %d" % self.m2.user_id)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'appeal_reversed' AND post_id = %d"
            % (self.author.user_id, self.pid)), "1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE action = 'approve' AND "
            "target_id = %d AND actor_id = %d"
            % (self.pid, self.m2.user_id)), "1")
        # the public thread shows it again
        r = self.client().get("/t/%d" % self.tid)
        self.assertIn("others were first in the queue", r.body)
        # decided: a second decision is refused
        r = self.m2.post("/mod/appeals/%d" % aid, {"decision": "uphold"})
        self.assertHtmlPage(r, 409)
        # the public page counts it
        r = self.client().get("/moderation")
        self.assertHtmlPage(r, 200)
        a = int(re.search(r'data-appeals="(\d+)"', r.body).group(1))
        v = int(re.search(r'data-reversed="(\d+)"', r.body).group(1))
        self.assertGreaterEqual(a, 1)
        self.assertGreaterEqual(v, 1)
        self.assertEqual(v, int(harness.psql(
            "SELECT count(*) FROM appeals WHERE state = 'reversed'")))

    def test_3_uphold(self):
        self.remove(self.m1, reason="spam")
        self.assertHtmlPage(self.appeal(), 200)
        aid = int(harness.psql("SELECT id FROM appeals WHERE post_id = %d"
                               % self.pid))
        r = self.m2.post("/mod/appeals/%d" % aid, {"decision": "uphold",
                                                  "note": "advertising"})
        self.assertStatus(r, 303)
        self.assertEqual(state(self.pid), "removed")
        self.assertEqual(harness.psql(
            "SELECT state FROM appeals WHERE id = %d" % aid), "upheld")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'appeal_upheld'" % self.author.user_id), "1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE action = 'appeal_uphold' AND "
            "target_id = %d" % self.pid), "1")
        r = self.author.get("/p/%d/appeal" % self.pid)
        self.assertHtmlPage(r, 200)
        self.assertIn("the removal stays", r.body)
        self.assertNotIn('action="/p/%d/appeal"' % self.pid, r.body)
        self.assertHtmlPage(self.appeal(), 409)
        r = self.author.get("/notifications")
        self.assertIn("Your appeal was declined", r.body)


if __name__ == "__main__":
    harness.main()
