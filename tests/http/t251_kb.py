#!/usr/bin/env python3
"""t251_kb: the knowledge base (/kb): promotion, reading, staff only.

- Staff promote a solved thread (POST /t/:id/promote, 303 to /kb/:slug):
  the article carries the question and the official answer as the public
  sees them, a link back to the thread, FAQPage JSON-LD, and is listed
  on /kb (by category, newest, most helpful) and in the sitemap
  (/sitemap.xml names /sitemap/kb.xml).  Promoting it again finds the
  same article.
- Members get 403 (in Japanese and in English) for promote, /kb/new and
  edits; signed-out visitors are sent to sign in; the store refuses an
  account that is not staff even when called for it.
- A thread with no official or staff-verified answer cannot be promoted
  (409); an answer held for a secret is never what an article carries.
- Staff write an article at /kb/new (Article JSON-LD); a too-short one
  comes back with the reasons and the text typed; an edit makes revision
  2, and the history shows the change as a diff.
"""

import json
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

PHRASE = ("legal winner thank year wave sausage worth useful legal winner "
          "thank yellow")


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:8])


def jsonld(body):
    out = []
    for m in re.finditer(r'<script type="application/ld\+json">(.*?)'
                         r'</script>', body, re.S):
        out.append(json.loads(m.group(1)))
    return out


class KnowledgeBase(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def setUp(self):
        self.staff = Session(self, uniq("kbstaff"), role="staff", trust=3)
        self.member = Session(self, uniq("kbmem"))

    def solved_thread(self, word):
        tid = self.member.ask("How do I recover %s withdrawal sent to the "
                              "wrong network?" % word,
                              "I sent USDT on the wrong network. %s "
                              "question body." % word, tags="usdt")
        self.staff.answer(tid, "Official steps for %s: contact support "
                          "from the app only." % word, official=True)
        return tid

    def promote(self, s, tid):
        return s.post("/t/%d/promote" % tid)

    def test_1_promote_read_list_sitemap(self):
        word = uniq("kbw")
        tid = self.solved_thread(word)
        page = self.staff.get("/t/%d" % tid)
        self.assertIn('action="/t/%d/promote"' % tid, page.body)
        # members do not see the button
        self.assertNotIn("/promote", self.member.get("/t/%d" % tid).body)
        r = self.promote(self.staff, tid)
        self.assertStatus(r, 303, "promote")
        loc = r.headers["Location"]
        self.assertRegex(loc, r"^/kb/[a-z0-9-]+$")
        self.assertIn("recover-", loc)
        anon = self.client()
        a = anon.get(loc)
        self.assertHtmlPage(a, 200)
        self.assertIn("question body", a.body)
        self.assertIn("Official steps for %s" % word, a.body)
        self.assertIn('href="/t/%d#p' % tid, a.body)
        ld = [d for d in jsonld(a.body) if d.get("@type") == "FAQPage"]
        self.assertEqual(len(ld), 1, a.body[-2000:])
        q = ld[0]["mainEntity"][0]
        self.assertIn(word, q["name"])
        self.assertIn("Official steps for %s" % word,
                      q["acceptedAnswer"]["text"])
        # again: the same article, not a second one
        r2 = self.promote(self.staff, tid)
        self.assertStatus(r2, 303, "promote again")
        self.assertEqual(r2.headers["Location"], loc)
        self.assertEqual(harness.psql("SELECT count(*) FROM kb_articles "
                                      "WHERE source_thread = %d" % tid), "1")
        # the list, three orders, both languages
        for path in ("/kb", "/kb?sort=newest", "/kb?sort=helpful"):
            for lang, title in (("ja", "ナレッジベース"),
                                ("en", "Knowledge base")):
                lr = anon.get(path, headers={"Accept-Language": lang})
                self.assertHtmlPage(lr, 200)
                self.assertIn(title, lr.body)
                self.assertIn('href="%s"' % loc, lr.body, path)
        # the sitemap index names the knowledge base's file
        sm = anon.get("/sitemap.xml")
        self.assertIn("/sitemap/kb.xml</loc>", sm.body)
        kb = anon.get("/sitemap/kb.xml")
        self.assertStatus(kb, 200, "kb sitemap")
        self.assertIn("%s</loc>" % loc, kb.body)

    def test_2_members_refused_in_both_languages(self):
        tid = self.solved_thread(uniq("kbr"))
        for lang, text in (("ja", "許可されていません"),
                           ("en", "You are not allowed to do this.")):
            self.member.headers = {"Accept-Language": lang}
            self.member.client.cookies["sodan_lang"] = lang
            for path in ("/t/%d/promote" % tid, "/kb/new"):
                r = self.member.post(path, {"title": "A member's article "
                                            "title", "body": "x" * 20,
                                            "category": "deposits"})
                self.assertStatus(r, 403, path)
                self.assertIn(text, r.body, (lang, path))
            self.assertStatus(self.member.get("/kb/new"), 403, "form")
        self.member.headers = {}
        self.assertEqual(harness.psql("SELECT count(*) FROM kb_articles "
                                      "WHERE source_thread = %d" % tid), "0")
        # signed out: to the sign-in page, nothing written
        r = self.client().post("/t/%d/promote" % tid, {}, csrf=True)
        self.assertIn(r.status, (303, 403))
        # an article a member tries to edit
        r = self.promote(self.staff, tid)
        loc = r.headers["Location"]
        self.assertStatus(self.member.get(loc + "/edit"), 403, "edit form")
        e = self.member.post(loc + "/edit", {"title": "Taken over by a "
                                             "member", "body": "y" * 30,
                                             "category": "deposits",
                                             "revision": "1"})
        self.assertStatus(e, 403, "member edit")
        self.assertNotIn("Taken over", self.client().get(loc).body)

    def test_3_store_checks_the_role(self):
        """A staff session whose account lost the role meanwhile: the
        session check passes only if the role is read per request, the
        store's own check refuses in any case."""
        tid = self.solved_thread(uniq("kbd"))
        s = Session(self, uniq("kbex"), role="staff", trust=3)
        harness.psql("UPDATE users SET role = 'user' WHERE id = %d"
                     % s.user_id)
        r = self.promote(s, tid)
        self.assertStatus(r, 403, "demoted staff")
        self.assertEqual(harness.psql("SELECT count(*) FROM kb_articles "
                                      "WHERE source_thread = %d" % tid), "0")

    def test_4_unsolved_and_held_never_promoted(self):
        word = uniq("kbh")
        tid = self.member.ask("Why is my %s deposit still pending after "
                              "a day?" % word, "Pending deposit %s "
                              "details here." % word)
        r = self.promote(self.staff, tid)
        self.assertStatus(r, 409, "no answer")
        self.assertIn("official", r.body)
        # an answer holding a recovery phrase is private, never verified
        other = Session(self, uniq("kbo"))
        pr = other.post("/t/%d/answer" % tid,
                        {"body": "My phrase is %s, try it" % PHRASE})
        self.assertStatus(pr, 303, "answer")
        self.assertStatus(self.promote(self.staff, tid), 409, "held only")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM kb_articles WHERE body_md LIKE "
            "'%%sausage%%' OR question_md LIKE '%%sausage%%'"), "0")

    def test_5_staff_write_edit_history(self):
        s = self.staff
        bad = s.post("/kb/new", {"title": "Short", "body": "tiny",
                                 "category": "deposits"})
        self.assertStatus(bad, 400, "short")
        self.assertIn("10〜150", bad.body)
        self.assertIn('value="Short"', bad.body)
        word = uniq("kbn")
        r = s.post("/kb/new", {"title": "Freeze your account %s" % word,
                               "body": "Open the app, then Security, then "
                               "Freeze. %s" % word,
                               "category": "deposits", "tags": "2fa 送金"})
        self.assertStatus(r, 303, "new")
        loc = r.headers["Location"]
        self.assertRegex(loc, r"^/kb/freeze-your-account-%s-\d+$" % word)
        a = self.client().get(loc)
        self.assertHtmlPage(a, 200)
        ld = [d for d in jsonld(a.body) if d.get("@type") == "Article"]
        self.assertEqual(len(ld), 1)
        self.assertIn(word, ld[0]["articleBody"])
        self.assertIn('href="/tag/2fa"', a.body)
        e = s.post(loc + "/edit", {"title": "Freeze your account %s" % word,
                                   "body": "Open the app, then Settings, "
                                   "then Freeze. %s" % word,
                                   "category": "deposits", "tags": "2fa",
                                   "revision": "1"})
        self.assertStatus(e, 303, "edit")
        stale = s.post(loc + "/edit", {"title": "Freeze your account %s"
                                       % word, "body": "Old revision "
                                       "edit %s" % word,
                                       "category": "deposits",
                                       "revision": "1"})
        self.assertStatus(stale, 409, "stale edit")
        h = self.client().get(loc + "/history")
        self.assertHtmlPage(h, 200)
        self.assertIn("<del>- Open the app, then Security", h.body)
        self.assertIn("<ins>+ Open the app, then Settings", h.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM kb_revisions r JOIN kb_articles k ON "
            "k.id = r.article_id WHERE k.slug = '%s'" % loc[4:]), "2")


if __name__ == "__main__":
    harness.main()
