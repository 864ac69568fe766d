#!/usr/bin/env python3
"""t140_qa_thread: asking, answering, voting and accepting; official and
staff-verified answers and the order of answers on the thread page; an
edit of a verified answer by a user clears the verification and tells
staff; revision history; close, lock, pin and duplicate; the anonymous
page cache is never stale after a write."""

import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, post_ids, article  # noqa: E402


class QaThread(harness.ServerTest):
    demo = True

    def test_ask_answer_vote_accept_ja(self):
        asker = Session(self, "qa_asker1", trust=1, display="質問者")
        helper = Session(self, "qa_helper1", trust=1)
        voter = Session(self, "qa_voter1", trust=1)
        tid = asker.ask("日本円の出金が三日たっても届きません",
                        "銀行口座への出金を申請しましたが、三日たっても着金しません。"
                        "どこを確認すればいいですか？", "deposits", "出金 jpy")
        r = asker.get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertIn("日本円の出金が三日たっても届きません", r.body)
        self.assertIn('href="/tag/%E5%87%BA%E9%87%91"', r.body)
        self.assertIn('href="/tag/jpy"', r.body)

        aid = helper.answer(tid, "銀行の営業日によっては翌営業日の反映になります。"
                                 "入出金履歴のステータスを確認してください。")
        # the asker is told about the answer
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'answer' AND post_id = %d" % (asker.user_id, aid)), "1")

        # a vote, then own-post votes refused, and a second click undoes it
        self.assertStatus(voter.post("/p/%d/vote" % aid), 303)
        self.assertEqual(harness.psql(
            "SELECT score FROM posts WHERE id = %d" % aid), "1")
        self.assertStatus(helper.post("/p/%d/vote" % aid), 403)
        self.assertStatus(voter.post("/p/%d/vote" % aid), 303)
        self.assertEqual(harness.psql(
            "SELECT score FROM posts WHERE id = %d" % aid), "0")
        self.assertStatus(voter.post("/p/%d/vote" % aid), 303)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM votes WHERE post_id = %d" % aid), "1")

        # only the asker accepts
        self.assertStatus(voter.post("/p/%d/accept" % aid), 403)
        self.assertStatus(asker.post("/p/%d/accept" % aid), 303)
        self.assertEqual(harness.psql(
            "SELECT accepted_post_id FROM threads WHERE id = %d" % tid),
            str(aid))
        r = self.client().get("/t/%d" % tid)
        a = article(r.body, aid)
        self.assertIsNotNone(a)
        self.assertIn("badge-accepted", a)
        self.assertIn("▲ 1", a)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'accepted'" % helper.user_id), "1")
        # the thread shows as solved in its category
        r = self.client().get("/c/deposits?sort=answered")
        self.assertIn("/t/%d\"" % tid, r.body)

    def test_official_verified_order_and_edit(self):
        asker = Session(self, "qa_asker2")
        u1 = Session(self, "qa_u1")
        u2 = Session(self, "qa_u2")
        u3 = Session(self, "qa_u3")
        v1 = Session(self, "qa_v1")
        v2 = Session(self, "qa_v2")
        editor = Session(self, "qa_editor", trust=2)
        staff = Session(self, "qa_staff", role="staff", trust=3,
                        display="サポート 鈴木")
        tid = asker.ask("Withdrawal to my bank is stuck in review",
                        "My JPY withdrawal has been \"in review\" for two days. "
                        "Is this normal?", "deposits")
        a_votes = u1.answer(tid, "Reviews usually take one business day; "
                                 "wait a little longer.")
        a_verified = u2.answer(tid, "Large withdrawals get a manual review. "
                                    "Check your e-mail for a request for documents.")
        a_accepted = u3.answer(tid, "Mine took two days too, it went through "
                                    "in the end.")
        a_plain = v2.answer(tid, "Try contacting support through the help "
                                 "form on the website.")
        for v in (v1, v2):
            self.assertStatus(v.post("/p/%d/vote" % a_votes), 303)
        # users cannot post official answers or verify
        r = u1.post("/t/%d/answer" % tid, {"body": "I am official, trust me.",
                                           "official": "1"})
        self.assertStatus(r, 403)
        self.assertStatus(u1.post("/p/%d/verify" % a_verified, {"on": "1", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % a_verified)}),
                          403)
        official = staff.answer(tid, "We review large withdrawals by hand. "
                                     "It takes up to 3 business days.",
                                official=True)
        self.assertStatus(staff.post("/p/%d/verify" % a_verified,
                                     {"on": "1", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % a_verified)}), 303)
        self.assertStatus(asker.post("/p/%d/accept" % a_accepted), 303)

        r = self.client().get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        ids = [p for p, k in post_ids(r.body) if k != "question"]
        self.assertEqual(ids, [official, a_verified, a_accepted, a_votes,
                               a_plain])
        o = article(r.body, official)
        self.assertIn("badge-official", o)
        self.assertIn("badge-staff", o)
        v = article(r.body, a_verified)
        self.assertIn("badge-verified", v)
        self.assertIn("サポート 鈴木", v)          # verifier shown
        self.assertIn("<time", v)
        self.assertEqual(harness.psql(
            "SELECT has_official AND has_verified FROM threads WHERE id = %d"
            % tid), "t")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'verified'" % u2.user_id), "1")

        # a trust-2 user's edit of the verified answer clears it, tells staff
        r = editor.get("/p/%d/edit" % a_verified)
        self.assertHtmlPage(r, 200)
        self.assertIn("Large withdrawals get a manual review.", r.body)
        r = editor.post("/p/%d/edit" % a_verified, {
            "body": "Large withdrawals get a manual review.\n\n"
                    "The review usually ends within two business days."})
        self.assertStatus(r, 303)
        r = self.client().get("/t/%d" % tid)
        v = article(r.body, a_verified)
        self.assertNotIn("badge-verified", v)
        self.assertIn("The review usually ends within two business days.", v)
        self.assertEqual(harness.psql(
            "SELECT verified_by IS NULL AND revision = 2 FROM posts "
            "WHERE id = %d" % a_verified), "t")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'official_edited' AND post_id = %d"
            % (staff.user_id, a_verified)), "1")
        self.assertEqual(harness.psql(
            "SELECT has_verified FROM threads WHERE id = %d" % tid), "f")
        # history with a diff
        r = self.client().get("/p/%d/history" % a_verified)
        self.assertHtmlPage(r, 200)
        self.assertIn("<ins>+ The review usually ends within two business days.</ins>", r.body)
        # a trust-1 user may not edit someone else's post
        self.assertStatus(v1.post("/p/%d/edit" % a_plain,
                                  {"body": "Replaced text by someone else."}),
                          403)
        # staff edits keep the official answer official
        self.assertStatus(staff.post("/p/%d/edit" % official, {
            "body": "We review large withdrawals by hand. It takes up to "
                    "3 business days. Never share your password."}), 303)
        self.assertEqual(harness.psql(
            "SELECT kind FROM posts WHERE id = %d" % official), "official")

    def test_cache_never_stale_and_thread_states(self):
        asker = Session(self, "qa_asker3")
        helper = Session(self, "qa_helper3")
        mod = Session(self, "qa_mod", role="moderator", trust=3)
        tid = asker.ask("Cache check: does the page update at once?",
                        "A question to see the cached page change.", "trading")
        anon = self.client()
        r1 = anon.get("/t/%d" % tid)
        self.assertHtmlPage(r1, 200)
        anon.get("/t/%d" % tid)                 # now served from the cache
        helper.answer(tid, "A fresh answer that must show at once.")
        r = anon.get("/t/%d" % tid)
        self.assertIn("A fresh answer that must show at once.", r.body)

        other = asker.ask("The original question about order fees",
                          "What are the fees for limit orders?", "trading")
        # users cannot close
        self.assertStatus(helper.post("/t/%d/state" % tid,
                                      {"action": "close"}), 403)
        self.assertStatus(mod.post("/t/%d/state" % tid,
                                   {"action": "pin"}), 303)
        self.assertStatus(mod.post("/t/%d/state" % tid,
                                   {"action": "duplicate",
                                    "dup": str(other)}), 303)
        r = anon.get("/t/%d" % tid)
        self.assertIn('href="/t/%d"' % other, r.body)
        self.assertIn("tag-pinned", r.body)
        self.assertIn("tag-closed", r.body)
        self.assertNotIn('action="/t/%d/answer"' % tid,
                         helper.get("/t/%d" % tid).body)
        r = helper.post("/t/%d/answer" % tid, {"body": "Answer to a closed one."})
        self.assertStatus(r, 403)
        self.assertStatus(mod.post("/t/%d/state" % tid,
                                   {"action": "reopen"}), 303)
        self.assertIn('action="/t/%d/answer"' % tid,
                      helper.get("/t/%d" % tid).body)
        self.assertStatus(mod.post("/t/%d/state" % tid,
                                   {"action": "lock"}), 303)
        self.assertEqual(harness.psql(
            "SELECT status FROM threads WHERE id = %d" % tid), "locked")

    def test_form_errors_keep_text(self):
        asker = Session(self, "qa_asker4")
        r = asker.post("/ask", {"title": "短い", "body": "本文はここにあります。十分な長さ。",
                                "category": "deposits", "tags": "a b c d e f"})
        self.assertHtmlPage(r, 422)
        self.assertIn("本文はここにあります。十分な長さ。", r.body)
        self.assertIn('value="短い"', r.body)
        self.assertIn('value="a b c d e f"', r.body)
        self.assertIn('role="alert"', r.body)
        # anonymous visitors are sent to sign in
        r = self.client().get("/ask")
        self.assertStatus(r, 303)
        self.assertTrue(r.headers.get("Location").startswith("/login"))


if __name__ == "__main__":
    harness.main()
