#!/usr/bin/env python3
"""t253_kb_suggest: helpful votes, suggestions while asking, deflection.

- "Was this helpful?" counts one vote per member and one per anonymous
  visitor (by the CSRF cookie); a second vote replaces the first; the
  form needs its CSRF token.
- /api/v1/similar answers knowledge-base articles first, then solved
  threads (accepted, official or verified answer), then open ones.
- "This solved it" (POST /api/v1/kb/:slug/solved, CSRF) counts once per
  member, article and day; /staff/stats shows it per week and per
  category, and its CSV has a kb_solved column.
"""

import csv
import io
import json
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, enc  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:8])


class Suggest(harness.ServerTest):
    demo = True

    def setUp(self):
        self.staff = Session(self, uniq("sgstaff"), role="staff", trust=3)
        self.member = Session(self, uniq("sgmem"))

    def promoted(self, word, title):
        tid = self.member.ask(title, "Details about %s here, please help."
                              % word)
        self.staff.answer(tid, "Official: about %s, do this." % word,
                          official=True)
        r = self.staff.post("/t/%d/promote" % tid)
        self.assertStatus(r, 303, "promote")
        return tid, r.headers["Location"]

    def votes(self, loc):
        return harness.psql(
            "SELECT count(*) FILTER (WHERE helpful) || ' ' || "
            "count(*) FILTER (WHERE NOT helpful) FROM kb_votes v JOIN "
            "kb_articles k ON k.id = v.article_id WHERE k.slug = '%s'"
            % loc[4:])

    def test_1_helpful_counted_once(self):
        word = uniq("hv")
        _, loc = self.promoted(word, "How do I change the %s email "
                               "address?" % word)
        for _ in range(2):
            r = self.member.post(loc + "/helpful", {"helpful": "1"})
            self.assertStatus(r, 303, "vote")
        self.assertEqual(self.votes(loc), "1 0")
        self.member.post(loc + "/helpful", {"helpful": "0"})
        self.assertEqual(self.votes(loc), "0 1")
        # two anonymous visitors (two CSRF cookies), one twice
        for _ in range(2):
            c = self.client()
            c.get(loc)
            for _ in range(2):
                r = c.post(loc + "/helpful", {"helpful": "1"}, csrf=True)
                self.assertStatus(r, 303, "anon vote")
        self.assertEqual(self.votes(loc), "2 1")
        # without the token: refused, nothing counted
        r = self.client().post(loc + "/helpful", {"helpful": "1"})
        self.assertStatus(r, 403, "no csrf")
        self.assertEqual(self.votes(loc), "2 1")
        page = self.client().get(loc)
        self.assertIn("2 yes, 1 no", page.body.replace("はい 2・いいえ 1",
                                                       "2 yes, 1 no"))

    def test_2_similar_order_and_deflection(self):
        word = uniq("zq")
        # an open thread, a solved one (verified answer), an article
        open_t = self.member.ask("Lost %s phone and two-step codes, what "
                                 "now?" % word, "Open question %s." % word)
        solved_t = self.member.ask("Lost %s phone with two-step login, "
                                   "how to reset?" % word,
                                   "Solved question %s." % word)
        writer = Session(self, uniq("sgw"))
        pid = writer.answer(solved_t, "Use your recovery codes, %s." % word)
        rev = harness.psql("SELECT revision FROM posts WHERE id = %d" % pid)
        self.assertStatus(self.staff.post("/p/%d/verify" % pid, {
            "on": "1", "revision": rev}), 303, "verify")
        art_t, loc = self.promoted(word, "Lost %s phone: reset two-step "
                                   "sign-in" % word)
        r = self.member.get("/api/v1/similar?q=%s+phone" % word)
        self.assertStatus(r, 200, "similar")
        j = json.loads(r.body)
        self.assertEqual([a["url"] for a in j["articles"]], [loc])
        ids = [t["id"] for t in j["threads"]]
        self.assertIn(solved_t, ids)
        self.assertIn(open_t, ids)
        self.assertLess(ids.index(solved_t), ids.index(open_t))
        flags = [t["solved"] for t in j["threads"]]
        self.assertEqual(flags, sorted(flags, reverse=True))
        # the search page shows the article above the threads, and every
        # page's footer links the knowledge base
        sr = self.client().get("/search?q=%s+phone" % word)
        self.assertHtmlPage(sr, 200)
        self.assertIn('class="kb-hits"', sr.body)
        self.assertLess(sr.body.index('href="%s"' % loc),
                        sr.body.index('class="result-count"'))
        self.assertIn('<a href="/kb">', sr.body)
        # the ask form carries the labels the script shows
        f = self.member.get("/ask")
        self.assertIn('data-kb-solved="', f.body)
        # "this solved it": once per member, article and day
        url = j["articles"][0]["solved_url"]
        for want in (True, False):
            s = self.member.post(url)
            self.assertStatus(s, 200, "solved")
            self.assertEqual(json.loads(s.body)["counted"], want)
        other = Session(self, uniq("sgo"))
        self.assertTrue(json.loads(other.post(url).body)["counted"])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM kb_solved s JOIN kb_articles k ON "
            "k.id = s.article_id WHERE k.slug = '%s'" % loc[4:]), "2")
        # without a token: refused
        c = self.client()
        c.cookies.update(self.member.client.cookies)
        self.assertStatus(c.post(url, {}), 403, "no csrf")
        # signed out: refused (401 under /api/, with WWW-Authenticate),
        # nothing counted
        r = self.client().post(url, {}, csrf=True)
        self.assertStatus(r, 401, "anonymous")
        self.assertIn("Bearer", r.headers.get("WWW-Authenticate", ""))
        # /staff/stats and its CSV
        st = self.staff.get("/staff/stats")
        self.assertStatus(st, 200, "stats")
        self.assertIn('id="stats-kb"', st.body)
        m = re.search(r'class="kb-solved-total">(\d+)<', st.body)
        self.assertTrue(m and int(m.group(1)) >= 2, st.body[-3000:])
        self.assertIn('href="%s"' % loc, st.body)
        cv = self.staff.get("/staff/stats.csv")
        rows = list(csv.DictReader(io.StringIO(cv.body)))
        self.assertIn("kb_solved", rows[0])
        total = sum(int(x["kb_solved"] or 0) for x in rows
                    if x["category"] == "deposits")
        self.assertGreaterEqual(total, 2)


if __name__ == "__main__":
    harness.main()
