#!/usr/bin/env python3
"""t252_kb_review: an article whose source changes needs a review.

The flag is set in the transaction of the change to the source post
(store_kb_source_changed, from store/post.c and store/modq.c):

- the author edits the verified answer an article was built from (which
  also clears the verification): "edited";
- staff take back the verification: "unverified";
- a moderator removes the answer: "removed", and the article leaves the
  public (404, not in /kb, not in the sitemap, no JSON-LD) until staff
  edit it; its old revisions show no text;
- a moderator redacts the answer's text (edit and approve): "redacted",
  the same, and the redacted words are nowhere public.

/staff/desk lists the articles to review; staff clear the flag by
confirming (a still-public article) or by editing; confirming a withheld
one is refused (409).
"""

import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:8])


class Review(harness.ServerTest):
    demo = True

    def setUp(self):
        self.staff = Session(self, uniq("rvstaff"), role="staff", trust=3)
        self.mod = Session(self, uniq("rvmod"), role="moderator", trust=3)
        self.asker = Session(self, uniq("rvask"))
        self.writer = Session(self, uniq("rvwri"))

    def article(self, word):
        """A thread whose member answer staff verified, promoted."""
        tid = self.asker.ask("Why was my %s withdrawal to an exchange "
                             "address returned?" % word,
                             "The coins came back after a day, %s." % word)
        pid = self.writer.answer(tid, "The memo was missing, %s. Send it "
                                 "again with the memo." % word)
        rev = harness.psql("SELECT revision FROM posts WHERE id = %d" % pid)
        r = self.staff.post("/p/%d/verify" % pid, {"on": "1",
                                                   "revision": rev})
        self.assertStatus(r, 303, "verify")
        r = self.staff.post("/t/%d/promote" % tid)
        self.assertStatus(r, 303, "promote")
        return tid, pid, r.headers["Location"]

    def flag(self, loc):
        return harness.psql(
            "SELECT needs_review || ' ' || review_reason || ' ' || withheld "
            "FROM kb_articles WHERE slug = '%s'" % loc[4:])

    def test_1_edit_flags_then_confirm(self):
        word = uniq("rve")
        tid, pid, loc = self.article(word)
        self.assertEqual(self.flag(loc), "false  false")
        r = self.writer.post("/p/%d/edit" % pid,
                             {"body": "The memo was missing, %s. Contact "
                              "support from the app." % word})
        self.assertStatus(r, 303, "author edit")
        self.assertEqual(self.flag(loc), "true edited false")
        # still public, with the text it was reviewed with
        a = self.client().get(loc)
        self.assertStatus(a, 200, "public")
        self.assertIn("Send it again with the memo", a.body)
        self.assertNotIn("kb-review", a.body)
        # staff see the flag on the article and on the desk
        s = self.staff.get(loc)
        self.assertIn("kb-review", s.body)
        d = self.staff.get("/staff/desk")
        self.assertStatus(d, 200, "desk")
        self.assertIn('id="kb-review"', d.body)
        self.assertIn('href="%s"' % loc, d.body)
        # confirming needs the revision read; then the flag is gone
        r = self.staff.post(loc + "/review", {"revision": "1"})
        self.assertStatus(r, 303, "confirm")
        self.assertEqual(self.flag(loc), "false  false")
        self.assertNotIn('href="%s"' % loc, self.staff.get("/staff/desk")
                         .body)
        # members cannot confirm
        self.assertStatus(self.writer.post(loc + "/review",
                                           {"revision": "1"}), 403, "member")

    def test_2_unverify_flags_edit_clears(self):
        word = uniq("rvu")
        tid, pid, loc = self.article(word)
        rev = harness.psql("SELECT revision FROM posts WHERE id = %d" % pid)
        r = self.staff.post("/p/%d/verify" % pid, {"on": "0",
                                                   "revision": rev})
        self.assertStatus(r, 303, "unverify")
        self.assertEqual(self.flag(loc), "true unverified false")
        e = self.staff.post(loc + "/edit", {
            "title": "Why was my %s withdrawal returned?" % word,
            "question": "The coins came back.", "body": "Add the memo and "
            "send again; %s." % word, "category": "deposits",
            "revision": "1"})
        self.assertStatus(e, 303, "edit")
        self.assertEqual(self.flag(loc), "false  false")

    def test_3_removal_withholds(self):
        word = uniq("rvr")
        tid, pid, loc = self.article(word)
        r = self.mod.post("/mod/post/%d" % pid, {"action": "remove",
                                                 "reason": "offtopic",
                                                 "confirm": "1"})
        self.assertStatus(r, 303, "remove")
        self.assertEqual(self.flag(loc), "true removed true")
        anon = self.client()
        self.assertStatus(anon.get(loc), 404, "withheld")
        self.assertNotIn(loc + '"', anon.get("/kb?sort=newest").body)
        self.assertNotIn(loc + "<", anon.get("/sitemap/kb.xml").body)
        self.assertStatus(anon.get(loc + "/history"), 404, "history")
        # staff still see it, with why; confirming is refused
        s = self.staff.get(loc)
        self.assertStatus(s, 200, "staff view")
        self.assertNotIn("application/ld+json", s.body)
        r = self.staff.post(loc + "/review", {"revision": "1"})
        self.assertStatus(r, 409, "confirm withheld")
        # an edit by staff publishes it again; the old text stays hidden
        e = self.staff.post(loc + "/edit", {
            "title": "Returned withdrawals %s and the memo" % word,
            "body": "Staff wording: add the memo, %s." % word,
            "category": "deposits", "revision": "1"})
        self.assertStatus(e, 303, "edit")
        self.assertStatus(anon.get(loc), 200, "back")
        h = anon.get(loc + "/history")
        self.assertStatus(h, 200, "history")
        self.assertNotIn("Send it again with the memo", h.body)
        self.assertIn("Staff wording", h.body)

    def test_4_redaction_never_public(self):
        word = uniq("rvx")
        tid, pid, loc = self.article(word)
        secret = "callme%s" % uuid.uuid4().hex[:6]
        # a moderator redacts: the source loses its text, the article goes
        r = self.mod.post("/mod/post/%d" % pid, {
            "kind": "", "action": "edit",
            "body": "The memo was missing, %s. [removed]" % word})
        self.assertIn(r.status, (303,), r.body[:400])
        self.assertEqual(self.flag(loc), "true redacted true")
        anon = self.client()
        for path in (loc, loc + "/history", "/kb", "/sitemap/kb.xml"):
            b = anon.get(path).body
            self.assertNotIn("Send it again with the memo", b, path)
        self.assertNotIn(secret, harness.psql(
            "SELECT string_agg(body_md, ' ') FROM kb_articles"))


if __name__ == "__main__":
    harness.main()
