#!/usr/bin/env python3
"""t231_getting_around: every page can be reached from another (issue 23,
"Getting around").

- /u/NAME is a profile as /u/ID is, and author names on a thread link to it.
- The header follows the role: a moderator (signed in with a second
  factor) gets /mod with the number of open queue items, staff get the
  staff feed; members get neither.
- Every page's footer links /official, /staff, the Atom feed and
  /moderation, and its head advertises the feed (rel="alternate") and a
  meta description.
- The moderator post page links the post in its thread, asks for a removal
  reason with none chosen (and refuses a removal without one), and once
  decided shows the decision instead of the forms.
- The audit log reads as sentences in the reader's language, with the
  before/after details folded.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import post, post_form, sign_in, thread, uniq, user  # noqa: E402


class GettingAround(harness.ServerTest):
    demo = True

    def member_client(self, uid):
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        return c

    def test_profile_by_name_and_linked_authors(self):
        name = uniq("prof")
        uid = user(name)
        tid, qid = thread(uid, "Where do I find my deposit address?")
        r = self.client().get("/u/%s" % name)
        self.assertHtmlPage(r, 200)
        by_id = self.client().get("/u/%d" % uid)
        self.assertHtmlPage(by_id, 200)
        self.assertIn(name, r.body)
        self.assertEqual(self.client().get("/u/no_such_person_x").status, 404)
        r = self.client().get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertIn('<span class="author"><a href="/u/%s">' % name, r.body)

    def test_role_aware_navigation(self):
        mod = user(uniq("navmod"), role="moderator", trust=3)
        staff = user(uniq("navstaff"), role="staff", trust=3)
        member = user(uniq("navuser"))
        w = user(uniq("w"))
        tid, _ = thread(w)
        post(tid, w, "a held answer waiting for review", state="held")
        open_n = int(harness.psql(
            "SELECT count(*) FROM mod_queue WHERE state = 'open'"))
        self.assertGreater(open_n, 0)
        r = self.member_client(mod).get("/", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        m = re.search(r'<a href="/mod" class="nav-mod">Moderation '
                      r'<span class="notif-count">(\d+)', r.body)
        self.assertIsNotNone(m, "moderators reach /mod from the header")
        self.assertEqual(int(m.group(1)), min(open_n, 999))
        self.assertNotIn('class="nav-staff"', r.body)
        r = self.member_client(staff).get("/")
        self.assertIn('<a href="/staff" class="nav-staff">', r.body)
        self.assertNotIn('class="nav-mod"', r.body)
        r = self.member_client(member).get("/")
        self.assertNotIn('class="nav-mod"', r.body)
        self.assertNotIn('class="nav-staff"', r.body)

    def test_footer_links_and_head(self):
        for path in ("/", "/official", "/search?q=2FA", "/login"):
            for lang in ("ja", "en"):
                r = self.client().get(path, headers={"Accept-Language": lang})
                self.assertHtmlPage(r, 200)
                foot = r.body[r.body.index('<footer'):]
                for href in ("/official", "/staff", "/staff/feed.atom",
                             "/moderation"):
                    self.assertIn('href="%s"' % href, foot, (path, href))
                self.assertRegex(r.body, r'<link rel="alternate" type="'
                                 r'application/atom\+xml" href="/staff/'
                                 r'feed\.atom"')
                self.assertRegex(r.body, r'<meta name="description" '
                                 r'content="[^"]{20,}">')
        # the description differs from page to page
        a = re.search(r'name="description" content="([^"]+)"',
                      self.client().get("/official").body).group(1)
        b = re.search(r'name="description" content="([^"]+)"',
                      self.client().get("/login").body).group(1)
        self.assertNotEqual(a, b)

    def test_mod_post_page(self):
        mod = user(uniq("mpmod"), role="moderator", trust=3)
        mc = self.member_client(mod)
        w = user(uniq("w"))
        tid, _ = thread(w)
        pid = post(tid, w, "Call +81 3 1234 5678 for instant support",
                   state="held")
        r = mc.get("/mod/post/%d" % pid, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/t/%d#p%d"' % (tid, pid), r.body)
        # no reason chosen in advance
        sel = re.search(r'<form[^>]*mod-danger.*?</form>', r.body, re.S)
        self.assertIsNotNone(sel)
        self.assertRegex(sel.group(0), r'<select name="reason" required>'
                         r'<option value="" selected disabled>')
        self.assertEqual(len(re.findall(r"selected", sel.group(0))), 1)
        # a removal without a reason is refused, the post unchanged
        r = post_form(mc, "/mod/post/%d" % pid, {
            "kind": "held", "action": "remove", "confirm": "1"})
        self.assertHtmlPage(r, 400)
        self.assertIn('href="/mod/post/%d"' % pid, r.body)
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % pid), "held")
        r = post_form(mc, "/mod/post/%d" % pid, {
            "kind": "held", "action": "remove", "reason": "scam",
            "confirm": "1"})
        self.assertEqual(r.status, 303, r.body[:300])
        # decided: the decision, no forms
        for lang, want in (("en", "removed"), ("ja", "削除しました")):
            r = mc.get("/mod/post/%d" % pid, headers={"Accept-Language": lang})
            self.assertHtmlPage(r, 200)
            self.assertIn('class="mod-decided"', r.body)
            self.assertIn(want, r.body)
            self.assertNotIn('class="mod-form', r.body)
            self.assertIn("/mod/log?target=%d" % pid, r.body)

    def test_audit_log_sentences(self):
        mod_name = uniq("logmod")
        mod = user(mod_name, role="moderator", trust=3)
        mc = self.member_client(mod)
        w = user(uniq("w"))
        tid, _ = thread(w)
        pid = post(tid, w, "Send your seed to recover funds", state="held")
        r = post_form(mc, "/mod/post/%d" % pid, {
            "kind": "held", "action": "remove", "reason": "scam",
            "confirm": "1"})
        self.assertEqual(r.status, 303)
        for lang, sentence in (
                ("en", r"<strong>%s</strong> removed <a href=\"/mod/post/%d\">"
                 r"post #%d</a>"),
                ("ja", r"<strong>%s</strong>が<a href=\"/mod/post/%d\">"
                 r"投稿 #%d</a>を削除しました")):
            r = mc.get("/mod/log?target=%d&target_kind=post" % pid,
                       headers={"Accept-Language": lang})
            self.assertHtmlPage(r, 200)
            self.assertRegex(r.body, sentence % (mod_name, pid, pid))
            # the raw JSON is folded away
            self.assertRegex(r.body, r'<details class="log-details">'
                             r'<summary>[^<]+</summary><dl>')
            self.assertNotRegex(r.body, r'<td><code class="log-json">')
        r = mc.get("/mod/log?target=%d&target_kind=post" % pid,
                   headers={"Accept-Language": "ja"})
        self.assertRegex(r.body, r'<p class="log-reason">理由: 詐欺')

    def test_labels_and_inputmode(self):
        # the bulk action of a queue has a label; the 2FA code a number pad
        mod = user(uniq("lbmod"), role="moderator", trust=3)
        w = user(uniq("w"))
        tid, _ = thread(w)
        post(tid, w, "another held answer for the bulk form", state="held")
        r = self.member_client(mod).get("/mod/queue/held",
                                        headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn('<label><span class="visually-hidden">Action</span>'
                      '<select name="action">', r.body)
        # headings in order: h1, then each item's h2 (no jump to h3)
        levels = [int(x) for x in re.findall(r"<h([1-6])", r.body)]
        for a, b in zip(levels, levels[1:]):
            self.assertLessEqual(b, a + 1, levels)
        r = self.member_client(user(uniq("tfa"))).get("/settings/2fa")
        self.assertHtmlPage(r, 200)
        self.assertRegex(r.body, r'<input id="code" name="code" type="text"'
                         r'[^>]*inputmode="numeric"')


if __name__ == "__main__":
    harness.main()
