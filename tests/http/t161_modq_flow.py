"""t161_modq_flow: moderation through real posting (the Q&A answer form and
the moderation filters): held scam in the queue, classifier counts stored
in PostgreSQL, a campaign found from stored contact points, the blocked
number held for everyone and reported by "Is this official?"."""

import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import queue_pages, user, sign_in, post_form, thread, uniq  # noqa: E402


class Flow(harness.ServerTest):
    demo = True

    def setUp(self):
        self.mod = user(uniq("mod"), role="moderator", trust=3)
        self.mc = self.client()
        self.mc.port = self.port
        sign_in(self.mc, self.mod)
        self.asker = user(uniq("asker"))
        self.tid, _ = thread(self.asker, "出金が三日たっても届きません。どうすればいいですか？")

    def answer(self, body, trust=0, age_days=0):
        uid = user(uniq("new"), trust=trust, age_days=age_days)
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        r = post_form(c, "/t/%d/answer" % self.tid, {"body": body})
        self.assertStatus(r, 303, "answer")
        pid = int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))
        return uid, pid

    def totals(self):
        return tuple(map(int, harness.psql(
            "SELECT nham || ' ' || nspam FROM filter_totals").split()))

    def test_scam_held_counts_campaign_official(self):
        phone = "03-5%03d-%04d" % (os.getpid() % 1000, os.getpid() % 9999)
        body = ("サポートに電話してください %s または Telegram @help_desk_jp"
                % phone)
        # a scam answer with a fake support number from a new account: held
        uid, pid = self.answer(body)
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % pid), "held")
        r = self.mc.get("/mod/queue/held")
        self.assertHtmlPage(r, 200)
        body = queue_pages(self.mc)
        self.assertIn("/mod/post/%d" % pid, body)
        self.assertIn("contact.phone", body)   # its reason
        norm = harness.psql("SELECT value FROM post_contacts WHERE "
                            "post_id = %d AND type = 'phone'" % pid)
        self.assertTrue(norm.startswith("+81"), norm)

        # classifier counts change after remove (spam) and approve (ham)
        h0, s0 = self.totals()
        ntok = int(harness.psql("SELECT count(*) FROM filter_tokens"))
        r = post_form(self.mc, "/mod/post/%d" % pid, {
            "kind": "held", "action": "remove", "reason": "scam",
            "confirm": "1"})
        self.assertStatus(r, 303)
        # the author is told (notifications, shown on /notifications)
        self.assertEqual(harness.psql(
            "SELECT kind FROM notifications WHERE post_id = %d "
            "AND user_id = %d AND kind = 'removed'" % (pid, uid)), "removed")
        h1, s1 = self.totals()
        self.assertEqual((h1, s1), (h0, s0 + 1))
        self.assertGreater(int(harness.psql(
            "SELECT count(*) FROM filter_tokens")), ntok)
        self.assertGreater(int(harness.psql(
            "SELECT coalesce(max(spam), 0) FROM filter_tokens")), 0)
        _, good = self.answer("サポート画面の「出金履歴」で状況を確認して、"
                              "反映されていなければ問い合わせフォームから連絡するのが確実です。 "
                              "電話番号 %s" % phone)
        if harness.psql("SELECT state FROM posts WHERE id = %d" % good) \
                == "held":
            post_form(self.mc, "/mod/post/%d" % good, {
                "kind": "held", "action": "approve"})
        else:
            post_form(self.mc, "/mod/post/%d" % good, {
                "kind": "first", "action": "approve"})
        h2, s2 = self.totals()
        self.assertEqual((h2, s2), (h1 + 1, s1))

        # the same number from two more accounts: a campaign of three
        u2, p2 = self.answer(body + "。すぐ対応してくれます。")
        u3, p3 = self.answer(body + "。24時間対応です。")
        r = self.mc.get("/mod/post/%d" % p2)
        self.assertHtmlPage(r, 200)
        link = "/mod/campaign?type=phone&amp;value=" + \
            urllib.parse.quote(norm, safe="")
        self.assertIn(link, r.body)
        r = self.mc.get(link.replace("&amp;", "&"))
        self.assertHtmlPage(r, 200)
        for p in (pid, p2, p3):
            self.assertIn("/mod/post/%d" % p, r.body)
        r = post_form(self.mc, "/mod/campaign", {
            "type": "phone", "value": norm, "action": "purge",
            "reason": "fake support number", "confirm": "1"})
        self.assertHtmlPage(r, 200)
        for u in (uid, u2, u3):
            self.assertEqual(harness.psql(
                "SELECT count(*) FROM posts WHERE author_id = %d AND "
                "state <> 'removed'" % u), "0")
            self.assertEqual(harness.psql(
                "SELECT count(*) FROM sessions WHERE user_id = %d" % u), "0")
        # blocked for everyone: even a trusted account's post is held
        _, p4 = self.answer("このサポート番号 %s は本物ですか？教えてください。"
                            % phone, trust=3, age_days=400)
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % p4), "held")
        self.assertIn("contact.blocked", harness.psql(
            "SELECT reasons FROM mod_queue WHERE post_id = %d" % p4))

        # "Is this official?": known scam, official, unknown; ja and en
        c = self.client()
        r = c.get("/official?q=" + urllib.parse.quote(phone),
                  headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn("Known scam", r.body)
        r = c.get("/official?q=" + urllib.parse.quote(phone),
                  headers={"Accept-Language": "ja"})
        self.assertIn("official-scam", r.body)
        j = c.get("/api/v1/official?q=" + urllib.parse.quote(
            "０１２０-０００-０００")).json()
        self.assertEqual(j["contacts"][0]["verdict"], "official")
        j = c.get("/api/v1/official?q=" +
                  urllib.parse.quote(phone.replace("-", " "))).json()
        self.assertEqual(j["contacts"][0]["verdict"], "scam")
        j = c.get("/api/v1/official?q=support%40other.example").json()
        self.assertEqual(j["contacts"][0]["verdict"], "unknown")
        # and the audit log shows every step
        acts = harness.psql(
            "SELECT string_agg(DISTINCT action, ',') FROM mod_log")
        for a in ("remove", "approve", "purge", "block"):
            self.assertIn(a, acts)


if __name__ == "__main__":
    harness.main()
