#!/usr/bin/env python3
"""t144_qa_lists_edits: an edit goes through the filters again (a blocked
edit comes back with its text, a held edit hides the post and clears the
verification; a user's edit demotes an official answer); search ranks a
verified answer above a plain one; the category filters (unanswered,
answered, verified, newest, active) and their pagination; tag and user
pages; a changed display name shows at once on cached pages."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, article, enc, hit_ids  # noqa: E402

BLOCK_BODY = ("Support here. To fix the withdrawal, send me your 12 word "
              "recovery phrase and call us at +1 888 555 0199 now.")
HELD_BODY = ("Log in at https://coinbase.com.account-verify.xyz/login to "
             "unlock the withdrawal; the review is done there.")


def thread_links(body):
    return [int(m.group(1)) for m in re.finditer(
        r'<a class="thread-title" href="/t/(\d+)"', body)]


class QaListsEdits(harness.ServerTest):
    demo = True

    def test_edits_are_filtered_again(self):
        asker = Session(self, "ed_asker", age_days=30)
        author = Session(self, "ed_author", age_days=30)
        editor = Session(self, "ed_editor", trust=2, age_days=30)
        staff = Session(self, "ed_staff", role="staff", trust=3)
        tid = asker.ask("My deposit has not arrived after two hours",
                        "I sent USDT on TRC20 two hours ago and the deposit "
                        "is not in my account yet.", "deposits")
        aid = author.answer(tid, "Deposits need 20 confirmations on TRC20; "
                                 "check the transaction on a block explorer.")
        official = staff.answer(tid, "TRC20 deposits are credited after 20 "
                                     "confirmations, usually within minutes.",
                                official=True)
        self.assertStatus(staff.post("/p/%d/verify" % aid, {"on": "1", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % aid)}), 303)

        # a blocked edit: 422, the typed text comes back, nothing changes
        r = editor.post("/p/%d/edit" % aid, {"body": BLOCK_BODY})
        self.assertHtmlPage(r, 422)
        self.assertIn("send me your 12 word recovery phrase", r.body)
        self.assertIn('role="alert"', r.body)
        self.assertEqual(harness.psql(
            "SELECT verified_by IS NOT NULL AND revision = 1 AND "
            "state = 'visible' FROM posts WHERE id = %d" % aid), "t")

        # a held edit: the verified answer cannot smuggle in a scam; it is
        # hidden from readers, its verification cleared, staff told
        r = editor.post("/p/%d/edit" % aid, {"body": HELD_BODY})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT state || ' ' || (verified_by IS NULL)::text FROM posts "
            "WHERE id = %d" % aid), "held true")
        r = self.client().get("/t/%d" % tid)
        self.assertIsNone(article(r.body, aid))
        self.assertNotIn("account-verify.xyz", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE kind = "
            "'official_edited' AND post_id = %d" % aid), "1")

        # members never edit an official answer (staff posts change only
        # by staff; moderators may redact them): it stays as staff wrote it
        r = editor.post("/p/%d/edit" % official, {
            "body": "TRC20 deposits are credited after 20 confirmations. "
                    "Check the network you chose."})
        self.assertStatus(r, 403)
        self.assertEqual(harness.psql(
            "SELECT kind || ' ' || revision FROM posts WHERE id = %d"
            % official), "official 1")
        r = self.client().get("/t/%d" % tid)
        self.assertIn("badge-official", article(r.body, official))

    def test_search_ranks_verified_first(self):
        asker = Session(self, "rk_asker", age_days=30)
        u1 = Session(self, "rk_u1", age_days=30)
        u2 = Session(self, "rk_u2", age_days=30)
        staff = Session(self, "rk_staff", role="staff", trust=3)
        word = "zanzibarcoin"
        plain = asker.ask("Question about %s transfers (plain)" % word,
                          "How do %s transfers work between accounts?" % word,
                          "trading")
        verified = asker.ask("Another question on %s fees (verified)" % word,
                             "What fee does a %s transfer cost?" % word,
                             "trading")
        u1.answer(plain, "A %s transfer takes one block." % word)
        a = u2.answer(verified, "A %s transfer costs one unit." % word)
        # the plain thread is newer and has the same words; only the
        # verification sets them apart
        self.assertStatus(staff.post("/p/%d/verify" % a, {"on": "1", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % a)}), 303)
        r = self.client().get("/search?q=" + enc(word))
        self.assertHtmlPage(r, 200)
        ids = hit_ids(r.body)
        self.assertIn(plain, ids)
        self.assertIn(verified, ids)
        self.assertLess(ids.index(verified), ids.index(plain))
        # the search form does not narrow to a category unless asked
        self.assertIn('<select id="category" name="category"><option '
                      'value="">', r.body)

    def test_category_filters_and_pages(self):
        asker = Session(self, "cf_asker", age_days=30)
        helper = Session(self, "cf_helper", age_days=30)
        staff = Session(self, "cf_staff", role="staff", trust=3)
        mod = Session(self, "cf_mod", role="moderator", trust=3)
        unanswered = asker.ask("API error 10013 on every private call",
                               "Every private API call returns error 10013. "
                               "What does it mean?", "api")
        answered = asker.ask("API rate limit for the order book endpoint",
                             "How many order book calls per second are "
                             "allowed?", "api")
        aid = helper.answer(answered, "Ten per second per IP, I believe.")
        self.assertStatus(asker.post("/p/%d/accept" % aid), 303)
        verified = asker.ask("API keys: which permissions for a trading bot",
                             "Which permissions does a key for a trading bot "
                             "need?", "api")
        vid = helper.answer(verified, "Trade and read; never withdrawal.")
        self.assertStatus(staff.post("/p/%d/verify" % vid, {"on": "1", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % vid)}), 303)
        closed = asker.ask("API question that a moderator closed",
                           "This one gets closed without an answer.", "api")
        self.assertStatus(mod.post("/t/%d/state" % closed,
                                   {"action": "close"}), 303)

        def listed(sort, page=1):
            r = self.client().get("/c/api?sort=%s&page=%d" % (sort, page))
            self.assertHtmlPage(r, 200)
            return thread_links(r.body)

        u = listed("unanswered")
        self.assertIn(unanswered, u)
        self.assertNotIn(answered, u)
        self.assertNotIn(verified, u)
        self.assertNotIn(closed, u)          # closed: nothing to answer
        a = listed("answered")
        self.assertIn(answered, a)
        self.assertNotIn(unanswered, a)
        v = listed("verified")
        self.assertIn(verified, v)
        self.assertNotIn(answered, v)
        n = listed("newest")
        self.assertLess(n.index(closed), n.index(unanswered))
        act = listed("active")
        self.assertLess(act.index(verified), act.index(unanswered))

        # pagination: 20 a page, rel=next/prev, nothing lost between pages
        for i in range(21):
            asker.ask("API paging question number %02d here" % i,
                      "Filler question %d for the pager." % i, "api")
        p1 = listed("newest", 1)
        p2 = listed("newest", 2)
        self.assertEqual(len(p1), 20)
        self.assertTrue(p2)
        self.assertFalse(set(p1) & set(p2))
        r = self.client().get("/c/api?sort=newest&page=1")
        self.assertIn('rel="next"', r.body)
        r = self.client().get("/c/api?sort=newest&page=2")
        self.assertIn('rel="prev"', r.body)
        # a page past the end is an empty list, not an error
        r = self.client().get("/c/api?sort=newest&page=50")
        self.assertHtmlPage(r, 200)
        self.assertEqual(thread_links(r.body), [])
        self.assertIn('class="empty"', r.body)

    def test_tag_and_user_pages(self):
        asker = Session(self, "tg_asker", age_days=30, display="タグの人")
        helper = Session(self, "tg_helper", age_days=30)
        tid = asker.ask("Staking rewards are not shown in my history",
                        "Where do staking rewards show up?", "trading",
                        "staking 報酬")
        helper.answer(tid, "They are in the earn history, not trades.")
        r = self.client().get("/tag/staking")
        self.assertHtmlPage(r, 200)
        self.assertIn(tid, thread_links(r.body))
        r = self.client().get("/tag/" + enc("報酬"))
        self.assertHtmlPage(r, 200)
        self.assertIn(tid, thread_links(r.body))
        # a bad escape or an encoded NUL in a path segment: 404, no crash
        self.assertStatus(self.client().get("/tag/%ZZ"), 404)
        self.assertStatus(self.client().get("/tag/a%00b"), 404)
        self.assertStatus(self.client().get("/tag/%FF%FE"), 404)
        r = self.client().get("/tag/nosuchtagatall")
        self.assertHtmlPage(r, 404)     # no thread carries it: no page
        main = r.body[r.body.index("<main"):r.body.index("</main>")]
        self.assertNotIn("nosuchtagatall", main)
        r = self.client().get("/u/%d" % asker.user_id)
        self.assertHtmlPage(r, 200)
        self.assertIn("タグの人", r.body)
        r = self.client().get("/u/tg_asker/questions")
        self.assertHtmlPage(r, 200)
        self.assertIn(tid, thread_links(r.body))
        r = self.client().get("/u/tg_helper/answers")
        self.assertHtmlPage(r, 200)
        self.assertIn(tid, thread_links(r.body))
        self.assertStatus(self.client().get("/u/99999999"), 404)

    def test_display_name_change_not_stale(self):
        who = Session(self, "dn_user", age_days=30, display="旧い名前")
        tid = who.ask("Display name check on a cached thread page",
                      "The name under this question must follow changes.",
                      "trading")
        anon = self.client()
        self.assertIn("旧い名前", anon.get("/t/%d" % tid).body)
        self.assertIn("旧い名前", anon.get("/t/%d" % tid).body)  # cached
        r = who.post("/settings/profile", {"display_name": "新しい名前",
                                           "lang": "ja"})
        self.assertStatus(r, 303)
        body = anon.get("/t/%d" % tid).body
        self.assertIn("新しい名前", body)
        self.assertNotIn("旧い名前", body)


if __name__ == "__main__":
    harness.main()
