#!/usr/bin/env python3
"""t170_post_lifecycle: the life of a post has one owner (app/post/).

The nine ways the public used to see what moderators and staff had not
allowed, each reproduced as a member, staff member or moderator would:

1. a recovery phrase redacted by a moderator ("edit and approve") stays out
   of the public history, the search and the cached thread page;
2. a post whose text still holds the author's own secret cannot be
   approved: no approve button, and a forged approve answers 409;
3. verification is bound to the revision staff read (409 on a mismatch),
   a moderator's edit clears it, and the search document follows the edit;
4. editing a held post until it passes never publishes its held history;
5. members never edit staff posts;
6. an edit of an accepted answer tells the asker and marks the answer;
7. flags hide a member's post at the threshold but only queue a staff
   post, and the thread's derived flags follow in the same transaction;
8. the thread JSON API does not name the author of a removed post;
9. a post's contact points are those of its current text only.

Found since by the property test (t171, seed 1935665373): undoing a
removal after a later decision and an edit restored the state the post
had before the removal, publishing the recovery phrase the edit added.
"""

import json
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import (user, sign_in, post_form, thread, post,  # noqa: E402
                       uniq)

PHRASE = ("legal winner thank year wave sausage worth useful legal winner "
          "thank yellow")


class Lifecycle(harness.ServerTest):

    def setUp(self):
        self.mod = user(uniq("mod"), role="moderator", trust=3)
        self.mc = self.client_for(self.mod)
        self.staff = user(uniq("staff"), role="staff", trust=3)
        self.sc = self.client_for(self.staff)

    def client_for(self, uid):
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        return c

    def member(self, trust=1, age_days=100):
        uid = user(uniq("u"), trust=trust, age_days=age_days)
        return uid, self.client_for(uid)

    def answer(self, c, tid, body, status=303, official=False):
        f = {"body": body}
        if official:
            f["official"] = "1"
        r = post_form(c, "/t/%d/answer" % tid, f)
        self.assertStatus(r, status, "answer")
        return int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))

    def state(self, pid):
        return harness.psql("SELECT state FROM posts WHERE id = %d" % pid)

    def anon(self, path):
        return self.client().get(path)

    def assert_public_lacks(self, tid, pid, words):
        """Every public view of the thread and post lacks each word."""
        views = ["/t/%d" % tid, "/t/%d?x=1" % tid, "/p/%d/history" % pid,
                 "/api/v1/threads/%d" % tid]
        for path in views:
            r = self.anon(path)
            for w in words:
                self.assertNotIn(w, r.body, "%s shows %r" % (path, w))
        for w in words:
            r = self.anon("/search?q=%s" % w.replace(" ", "+"))
            self.assertNotIn("/t/%d\"" % tid, r.body, "search %r" % w)

    # --- 1 ------------------------------------------------------------

    def test_redacted_phrase_gone_everywhere(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        _, vc = self.member()
        body = ("I was told to send my words. My phrase is %s. "
                "Can I still get my coins back?" % PHRASE)
        pid = self.answer(vc, tid, body)
        self.assertEqual(self.state(pid), "private")
        red = ("I was told to send my words. My phrase is [removed]. "
               "Can I still get my coins back?")
        r = post_form(self.mc, "/mod/post/%d" % pid,
                      {"kind": "private", "action": "edit", "body": red})
        self.assertStatus(r, 303, "edit and approve")
        self.assertEqual(self.state(pid), "visible")
        self.assert_public_lacks(tid, pid, ["sausage", "winner thank year"])
        # the history says a redaction happened, by whom is not hidden
        h = self.anon("/p/%d/history" % pid)
        self.assertStatus(h, 200, "history")
        self.assertIn("data-redacted", h.body)
        # the revisions keep no copy; the log records the act, not the text
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM post_revisions WHERE post_id = %d AND "
            "body_md LIKE '%%sausage%%'" % pid), "0")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE target_id = %d AND "
            "(before::text LIKE '%%sausage%%' OR after::text LIKE "
            "'%%sausage%%')" % pid), "0")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE target_id = %d AND "
            "action = 'redact'" % pid), "1")

    # --- 2 ------------------------------------------------------------

    def test_secret_cannot_be_approved(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        _, vc = self.member()
        pid = self.answer(vc, tid, "Support asked for it so here it is: %s "
                          "please help me" % PHRASE)
        self.assertEqual(self.state(pid), "private")
        page = self.mc.get("/mod/post/%d" % pid)
        self.assertStatus(page, 200, "mod post")
        self.assertNotRegex(page.body, r'name="action" value="approve"')
        r = post_form(self.mc, "/mod/post/%d" % pid,
                      {"kind": "private", "action": "approve"})
        self.assertStatus(r, 409, "forged approve")
        self.assertTrue("redact" in r.body.lower() or "伏せ字" in r.body)
        self.assertEqual(self.state(pid), "private")
        # an edit that still holds the phrase is refused the same way
        r = post_form(self.mc, "/mod/post/%d" % pid,
                      {"kind": "private", "action": "edit",
                       "body": "still here: %s" % PHRASE})
        self.assertStatus(r, 409, "edit keeping the secret")
        self.assertEqual(self.state(pid), "private")
        # bulk approve skips it too
        r = post_form(self.mc, "/mod/bulk", {"ids": str(pid),
                      "kind": "private", "action": "approve", "confirm": "1"})
        self.assertEqual(self.state(pid), "private")

    # --- 3 ------------------------------------------------------------

    def test_verification_bound_to_revision(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        writer, wc = self.member()
        pid = self.answer(wc, tid, "Open the withdrawal history and check "
                          "the network column first.")
        rev = int(harness.psql("SELECT revision FROM posts WHERE id = %d"
                               % pid))
        # the author edits while staff reads revision rev
        r = post_form(wc, "/p/%d/edit" % pid, {"body": "Open the withdrawal "
                      "history and check the memo column first."})
        self.assertStatus(r, 303, "author edit")
        r = post_form(self.sc, "/p/%d/verify" % pid,
                      {"on": "1", "revision": str(rev)})
        self.assertStatus(r, 409, "verify a stale revision")
        self.assertIn("memo column", r.body)
        self.assertEqual(harness.psql(
            "SELECT verified_by IS NULL FROM posts WHERE id = %d" % pid), "t")
        # without a revision the form is refused, not guessed
        r = post_form(self.sc, "/p/%d/verify" % pid, {"on": "1"})
        self.assertStatus(r, 400, "verify without revision")
        r = post_form(self.sc, "/p/%d/verify" % pid,
                      {"on": "1", "revision": str(rev + 1)})
        self.assertStatus(r, 303, "verify the current revision")
        self.assertEqual(harness.psql(
            "SELECT verified_revision FROM posts WHERE id = %d" % pid),
            str(rev + 1))
        page = self.anon("/t/%d" % tid)
        self.assertIn("data-verified-revision=\"%d\"" % (rev + 1), page.body)
        # a moderator's edit of the text clears it, and search follows
        word = "zq" + uuid.uuid4().hex[:8]
        r = post_form(self.mc, "/p/%d/edit" % pid, {"body": "Open the "
                      "withdrawal history and check the %s column." % word})
        self.assertStatus(r, 303, "moderator edit")
        self.assertEqual(harness.psql(
            "SELECT verified_by IS NULL FROM posts WHERE id = %d" % pid), "t")
        s = self.anon("/search?q=%s" % word)
        self.assertIn("/t/%d" % tid, s.body)
        s = self.anon("/search?q=memo+column")
        self.assertNotIn("/t/%d\"" % tid, s.body)

    # --- 4 ------------------------------------------------------------

    def test_held_history_never_published(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        _, nc = self.member(trust=0, age_days=0)
        n = uuid.uuid4().int
        phone = "+1-888-%03d-%04d" % (n % 1000, (n // 1000) % 10000)
        pid = self.answer(nc, tid, "I fixed mine by calling %s last week, "
                          "they were helpful." % phone)
        self.assertEqual(self.state(pid), "held")
        r = post_form(nc, "/p/%d/edit" % pid, {"body": "Check the withdrawal "
                      "history page and the network you chose."})
        self.assertStatus(r, 303, "edit until it passes")
        # whatever state the edit gives, the held text is never public
        h = self.anon("/p/%d/history" % pid)
        self.assertNotIn(phone, h.body)
        self.assertNotIn("888", h.body)
        j = self.anon("/api/v1/threads/%d" % tid)
        self.assertNotIn(phone, j.body)

    # --- 5 ------------------------------------------------------------

    def test_members_never_edit_staff_posts(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        oid = self.answer(self.sc, tid, "Official: withdrawals to the wrong "
                          "network can be recovered for a fee.", official=True)
        _, tc = self.member(trust=3)
        for path in ("/p/%d/edit" % oid,):
            r = tc.get(path)
            self.assertStatus(r, 403, "edit form of a staff post")
            r = post_form(tc, path, {"body": "Send your coins to me and I "
                          "will recover them for you."})
            self.assertStatus(r, 403, "edit a staff post")
        self.assertEqual(harness.psql(
            "SELECT kind || ' ' || revision FROM posts WHERE id = %d" % oid),
            "official 1")
        # a moderator may only redact it, and the page then says who did
        r = post_form(self.mc, "/p/%d/edit" % oid, {"body": "Official: "
                      "withdrawals to the wrong network: [removed]."})
        self.assertStatus(r, 303, "moderator redacts a staff post")
        page = self.anon("/t/%d" % tid)
        art = re.search(r'<article [^>]*id="p%d".*?</article>' % oid,
                        page.body, re.S).group(0)
        self.assertIn("data-edited-by", art)

    # --- 6 ------------------------------------------------------------

    def test_accepted_answer_edit_tells_asker(self):
        asker = user(uniq("asker"))
        ac = self.client_for(asker)
        tid, _ = thread(asker)
        writer, wc = self.member()
        pid = self.answer(wc, tid, "Open the withdrawal history and check "
                          "the network column first.")
        r = post_form(ac, "/p/%d/accept" % pid, {})
        self.assertStatus(r, 303, "accept")
        r = post_form(wc, "/p/%d/edit" % pid, {"body": "Actually the "
                      "network column does not matter much at all."})
        self.assertStatus(r, 303, "edit after acceptance")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'accepted_edited' AND post_id = %d" % (asker, pid)), "1")
        page = self.anon("/t/%d" % tid)
        art = re.search(r'<article [^>]*id="p%d".*?</article>' % pid,
                        page.body, re.S).group(0)
        self.assertIn("edited-after-accept", art)
        self.assertIn("/p/%d/history" % pid, art)

    # --- 7 ------------------------------------------------------------

    def test_flags_hide_members_queue_staff(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        oid = self.answer(self.sc, tid, "Official: the maintenance ends at "
                          "15:00 JST today.", official=True)
        writer, wc = self.member()
        mid = self.answer(wc, tid, "The maintenance page says 15:00 JST, "
                          "I checked it this morning.")
        for _ in range(3):
            _, fc = self.member(trust=1)
            for p in (oid, mid):
                r = post_form(fc, "/p/%d/flag" % p, {"reason": "spam"})
                self.assertStatus(r, 200, "flag")
        self.assertEqual(self.state(oid), "visible")
        self.assertEqual(self.state(mid), "hidden")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_queue WHERE post_id = %d AND "
            "kind = 'flagged' AND state = 'open'" % oid), "1")
        self.assertEqual(harness.psql(
            "SELECT has_official::text || ' ' || answer_count FROM threads "
            "WHERE id = %d" % tid), "true 1")

    # --- 8 ------------------------------------------------------------

    def test_api_hides_removed_author(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        name = uniq("spammer")
        sp = user(name)
        pid = post(tid, sp, "Buy followers cheap at my shop")
        r = post_form(self.mc, "/mod/post/%d" % pid,
                      {"action": "remove", "reason": "spam", "confirm": "1"})
        self.assertStatus(r, 303, "remove")
        j = self.anon("/api/v1/threads/%d" % tid)
        self.assertStatus(j, 200, "api")
        self.assertNotIn(name, j.body)
        data = json.loads(j.body)
        posts = [p for p in data.get("posts", []) if p.get("id") == pid]
        for p in posts:
            self.assertEqual(p.get("body_html", ""), "")

    # --- 9 ------------------------------------------------------------

    def test_contacts_follow_the_text(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        writer, wc = self.member(trust=2)
        handle = "helpdesk_" + uuid.uuid4().hex[:6]
        pid = self.answer(wc, tid, "I asked on telegram @%s last week and "
                          "they said the bridge was down." % handle)
        had = harness.psql("SELECT count(*) FROM post_contacts WHERE "
                           "post_id = %d" % pid)
        r = post_form(wc, "/p/%d/edit" % pid, {"body": "The bridge was down "
                      "last week; it works again since Monday."})
        self.assertStatus(r, 303, "edit")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM post_contacts WHERE post_id = %d" % pid),
            "0", "contacts before the edit: %s" % had)

    # --- found by t171 ----------------------------------------------------

    def test_undo_after_a_later_change_is_refused(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        writer, wc = self.member()
        pid = self.answer(wc, tid, "Check the network you chose when you "
                          "sent it; the history page shows it.")
        self.assertEqual(self.state(pid), "visible")
        r = post_form(self.mc, "/mod/post/%d" % pid,
                      {"action": "remove", "reason": "spam", "confirm": "1"})
        self.assertStatus(r, 303, "remove")
        lid = harness.psql("SELECT id FROM mod_log WHERE target_id = %d AND "
                           "action = 'remove'" % pid)
        r = post_form(self.mc, "/mod/post/%d" % pid, {"action": "approve"})
        self.assertStatus(r, 303, "approve the removed post")
        self.assertEqual(self.state(pid), "visible")
        # a trust-2 member edits the phrase in: private, out of sight
        _, tc = self.member(trust=2)
        r = post_form(tc, "/p/%d/edit" % pid, {"body": "My words are %s, "
                      "is that what support needs?" % PHRASE})
        self.assertStatus(r, 303, "edit")
        self.assertEqual(self.state(pid), "private")
        # undoing the old removal would restore "visible": refused
        r = post_form(self.mc, "/mod/log/%s/undo" % lid,
                      {"confirm": "1", "note": "test"})
        self.assertStatus(r, 409, "undo after a later change")
        # in the moderator's language (the test client's is Japanese)
        self.assertRegex(r.body, "changed since|投稿が変わっています")
        self.assertEqual(self.state(pid), "private")
        self.assert_public_lacks(tid, pid, ["sausage"])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE undo_of = %s" % lid), "0")
        # an undo while nothing changed still works
        r = post_form(self.mc, "/mod/post/%d" % pid,
                      {"action": "remove", "reason": "spam", "confirm": "1"})
        self.assertStatus(r, 303, "remove the private post")
        lid2 = harness.psql("SELECT max(id) FROM mod_log WHERE target_id = "
                            "%d AND action = 'remove'" % pid)
        r = post_form(self.mc, "/mod/log/%s/undo" % lid2,
                      {"confirm": "1", "note": "test"})
        self.assertStatus(r, 200, "undo right after")
        self.assertEqual(self.state(pid), "private")
        self.assert_public_lacks(tid, pid, ["sausage"])


if __name__ == "__main__":
    harness.main()
