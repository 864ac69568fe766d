"""t162_modq_gaps: the parts of issue 6 that reach users and the audit log:
the flag link on the thread page, contact points blocked when a single
post is removed as a scam, thread actions / verification / moderators'
edits in mod_log, what a suspended user sees at sign-in, the reason in the
author's notifications, and the held queue's highlighted spans."""

import json
import os
import re
import sys
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import (q, user, sign_in, post_form, thread, post,  # noqa: E402
                       uniq)

PASSWORD = "correct horse battery staple 42"


class Gaps(harness.ServerTest):

    def setUp(self):
        self.mod = user(uniq("mod"), role="moderator", trust=3)
        self.mc = self.member_client(self.mod)

    def member_client(self, uid):
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        return c

    def member(self, trust=1, role="user", age_days=100):
        uid = user(uniq("u"), role=role, trust=trust, age_days=age_days)
        return uid, self.member_client(uid)

    def answer(self, c, tid, body):
        """Posts an answer through the form (and the filters); its id."""
        r = post_form(c, "/t/%d/answer" % tid, {"body": body})
        alert = re.search(r'role="alert".*?</(div|ul)>', r.body, re.S)
        self.assertStatus(r, 303, "answer%s" % (
            ": " + re.sub(r"<[^>]+>", " ", alert.group(0)) if alert else ""))
        return int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))

    def phone(self):
        n = uuid.uuid4().int
        return "03-%04d-%04d" % (n % 10000, (n // 10000) % 10000)

    def state(self, pid):
        return harness.psql("SELECT state FROM posts WHERE id = %d" % pid)

    # --- 1. flagging from the thread page -------------------------------

    def test_flag_link_on_thread(self):
        asker = user(uniq("asker"))
        tid, qid = thread(asker)
        writer, wc = self.member()
        aid = post(tid, writer, "Check the withdrawal history page first.")
        held = post(tid, writer, "a held answer", state="held")
        reader, rc = self.member()

        r = rc.get("/t/%d" % tid, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/p/%d/flag"' % aid, r.body)
        self.assertIn('href="/p/%d/flag"' % qid, r.body)
        self.assertIn(">Flag</a>", r.body)
        # the author gets no flag link on their own post, but on others'
        r = wc.get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertNotIn('href="/p/%d/flag"' % aid, r.body)
        self.assertNotIn('href="/p/%d/flag"' % held, r.body)
        self.assertIn('href="/p/%d/flag"' % qid, r.body)
        # anonymous visitors get none (the page is cached for them)
        r = self.client().get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertNotIn("/flag\"", r.body)
        # Japanese label
        r = rc.get("/t/%d" % tid, headers={"Accept-Language": "ja"})
        self.assertIn(">通報</a>", r.body)

        # following the link leads to a working form
        r = rc.get("/p/%d/flag" % aid)
        self.assertHtmlPage(r, 200)
        self.assertIn('action="/p/%d/flag"' % aid, r.body)
        self.assertIn('name="csrf"', r.body)
        self.assertIn('href="/t/%d#p%d"' % (tid, aid), r.body)
        r = post_form(rc, "/p/%d/flag" % aid, {"reason": "offtopic"})
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/t/%d"' % tid, r.body)
        self.assertEqual(harness.psql(
            "SELECT reason FROM flags WHERE post_id = %d AND user_id = %d"
            % (aid, reader)), "offtopic")
        # the form is refused for one's own post, and for posts readers
        # cannot see
        self.assertStatus(wc.get("/p/%d/flag" % aid), 403)
        self.assertStatus(rc.get("/p/%d/flag" % held), 404)
        self.assertStatus(rc.get("/p/999999999/flag"), 404)

    # --- 3. remove as scam blocks the post's contact points -------------

    def test_remove_as_scam_blocks_contacts(self):
        asker = user(uniq("asker"))
        # (a calm question: on a distress thread the same answer from a
        # day-old account is blocked outright, not held)
        tid, _ = thread(asker, "取引手数料の計算方法を教えてください")
        phone = self.phone()
        scammer, sc = self.member(trust=0, age_days=0)
        pid = self.answer(sc, tid, "手数料の計算はヘルプページ "
                          "https://example.org/help に説明があります。わからなければ"
                          "窓口 %s に問い合わせてみてください。私も先月同じことで"
                          "問い合わせました。" % phone)
        self.assertEqual(self.state(pid), "held")
        norm = harness.psql("SELECT value FROM post_contacts WHERE "
                            "post_id = %d AND type = 'phone'" % pid)
        self.assertTrue(norm.startswith("+81"), norm)
        api = "/api/v1/official?q=" + urllib.parse.quote(phone)
        self.assertEqual(self.client().get(api).json()["contacts"][0]
                         ["verdict"], "unknown")

        r = post_form(self.mc, "/mod/post/%d" % pid, {
            "kind": "held", "action": "remove", "reason": "scam",
            "confirm": "1"})
        self.assertStatus(r, 303)
        self.assertEqual(self.state(pid), "removed")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM blocked_contacts WHERE type = 'phone' "
            "AND value = %s" % q(norm)), "1")
        # link domains are not blocked by a single removal
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM blocked_contacts WHERE type = 'domain' "
            "AND value = 'example.org'"), "0")
        # logged: the decision, then the block
        self.assertEqual(harness.psql(
            "SELECT string_agg(action || ':' || target_kind, ',' ORDER BY id) "
            "FROM mod_log WHERE target_user = %d" % scammer),
            "remove:post,block:contact")
        self.assertEqual(self.client().get(api).json()["contacts"][0]
                         ["verdict"], "scam")
        # a later post by another, trusted account with the number is held
        _, tc = self.member(trust=3, age_days=400)
        p2 = self.answer(tc, tid, "この番号 %s から電話がありました。本物ですか？"
                         % phone)
        self.assertEqual(self.state(p2), "held")
        self.assertIn("contact.blocked", harness.psql(
            "SELECT reasons FROM mod_queue WHERE post_id = %d" % p2))

        # removing for another reason blocks nothing
        phone2 = self.phone()
        _, sc2 = self.member(trust=0, age_days=0)
        p3 = self.answer(sc2, tid, "サポートに電話してください %s" % phone2)
        self.assertTrue(harness.psql("SELECT count(*) FROM post_contacts "
                                     "WHERE post_id = %d" % p3) != "0")
        r = post_form(self.mc, "/mod/post/%d" % p3, {
            "kind": "", "action": "remove", "reason": "spam",
            "confirm": "1"})
        self.assertStatus(r, 303)
        self.assertEqual(self.state(p3), "removed")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM blocked_contacts b JOIN post_contacts c "
            "USING (type, value) WHERE c.post_id = %d" % p3), "0")

        # undoing the scam removal lifts the blocks it made
        lid = harness.psql("SELECT id FROM mod_log WHERE action = 'remove' "
                           "AND target_id = %d" % pid)
        r = post_form(self.mc, "/mod/log/%s/undo" % lid, {"confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(self.state(pid), "held")
        self.assertEqual(self.client().get(api).json()["contacts"][0]
                         ["verdict"], "unknown")

    # --- 2. thread actions, verification, moderators' edits -------------

    def log_rows(self, kind, target):
        out = harness.psql(
            "SELECT json_build_object('action', action, 'actor', actor_name, "
            "'before', before, 'after', after, 'user', target_user)::text "
            "FROM mod_log WHERE target_kind = %s AND target_id = %d "
            "ORDER BY id" % (q(kind), target))
        return [json.loads(x) for x in out.splitlines() if x]

    def test_thread_actions_verify_edit_logged(self):
        asker, ac = self.member()
        tid, qid = thread(asker)
        other, _ = thread(asker, "Another question about deposits")
        name = harness.psql("SELECT username FROM users WHERE id = %d"
                            % self.mod)
        for fields in ({"action": "close"}, {"action": "pin"},
                       {"action": "reopen"}, {"action": "unpin"},
                       {"action": "lock"},
                       {"action": "duplicate", "dup": str(other)}):
            r = post_form(self.mc, "/t/%d/state" % tid, fields)
            self.assertStatus(r, 303, fields)
        rows = self.log_rows("thread", tid)
        self.assertEqual([x["action"] for x in rows],
                         ["close", "pin", "reopen", "unpin", "lock",
                          "duplicate"])
        self.assertTrue(all(x["actor"] == name for x in rows))
        self.assertTrue(all(x["user"] == asker for x in rows))
        self.assertEqual(rows[0]["before"]["status"], "open")
        self.assertEqual(rows[0]["after"]["status"], "closed")
        self.assertEqual((rows[1]["before"]["pinned"],
                          rows[1]["after"]["pinned"]), (False, True))
        self.assertEqual(rows[5]["before"]["status"], "locked")
        self.assertEqual(rows[5]["after"]["duplicate_of"], other)
        r = self.mc.get("/mod/log?target_kind=thread&target=%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/t/%d"' % tid, r.body)
        # nothing to undo there: the moderator acts again instead
        for lid in harness.psql("SELECT id FROM mod_log WHERE target_kind = "
                                "'thread' AND target_id = %d" % tid).split():
            self.assertIn("<td>%s</td>" % lid, r.body)
            self.assertNotIn("/mod/log/%s/undo" % lid, r.body)

        # staff verification and its removal
        tid2, _ = thread(asker)
        writer, wc = self.member()
        aid = post(tid2, writer, "Open the withdrawal history and check "
                   "the network you chose.")
        staff, stc = self.member(trust=3, role="staff")
        sname = harness.psql("SELECT username FROM users WHERE id = %d"
                             % staff)
        self.assertStatus(post_form(stc, "/p/%d/verify" % aid, {"on": "1", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % aid)}),
                          303)
        self.assertStatus(post_form(stc, "/p/%d/verify" % aid, {"on": "0", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % aid)}),
                          303)
        rows = self.log_rows("post", aid)
        self.assertEqual([(x["action"], x["actor"]) for x in rows],
                         [("verify", sname), ("unverify", sname)])
        self.assertEqual(rows[0]["before"]["verified_by"], 0)
        self.assertEqual(rows[0]["after"]["verified_by"], staff)
        self.assertEqual(rows[1]["after"]["verified_by"], 0)

        # a moderator's edit of someone else's post is a redaction: logged
        # as such, with no copy of either text; not the author's own edit
        new = ("Open the withdrawal history and check the network you "
               "chose (edited by a moderator).")
        r = post_form(self.mc, "/p/%d/edit" % aid, {"body": new})
        self.assertStatus(r, 303)
        rows = self.log_rows("post", aid)
        self.assertEqual(rows[-1]["action"], "redact")
        self.assertEqual(rows[-1]["user"], writer)
        self.assertNotIn("body_md", rows[-1]["before"])
        self.assertNotIn("body_md", rows[-1]["after"])
        self.assertTrue(rows[-1]["after"]["earlier_revisions_redacted"])
        self.assertEqual(harness.psql(
            "SELECT body_md FROM posts WHERE id = %d" % aid), new)
        n = len(rows)
        r = post_form(wc, "/p/%d/edit" % aid, {"body": new + " Thanks."})
        self.assertStatus(r, 303)
        self.assertEqual(len(self.log_rows("post", aid)), n)
        # a question redacted by a moderator: its title changes too
        r = post_form(self.mc, "/p/%d/edit" % qid, {
            "title": "Withdrawal pending for three days",
            "body": "How do I withdraw? I have waited three days now.",
            "tags": ""})
        self.assertStatus(r, 303)
        row = self.log_rows("post", qid)[-1]
        self.assertEqual(row["action"], "redact")
        self.assertEqual(harness.psql(
            "SELECT title FROM threads WHERE id = %d" % tid),
            "Withdrawal pending for three days")

    # --- 4. a suspended user sees why and until when --------------------

    def login(self, c, username, lang):
        c.csrf_token("/login")
        return c.post("/login", {"username": username, "password": PASSWORD},
                      headers={"Accept-Language": lang}, csrf=True)

    def test_suspended_user_sees_reason_and_end(self):
        name = ("s" + uuid.uuid4().hex)[:16]
        c = self.client()
        c.csrf_token("/register")
        r = c.post("/register", {"username": name, "display_name": name,
                                 "password": PASSWORD,
                                 "password2": PASSWORD},
                   headers={"Accept-Language": "en"}, csrf=True)
        self.assertStatus(r, 303)
        uid = int(harness.psql("SELECT id FROM users WHERE username = %s"
                               % q(name)))
        # Zero days suspended no one while saying "suspended": refused,
        # and nothing happens to the account.
        for what in ("suspend", "purge"):
            r = post_form(self.mc, "/mod/user/%d/purge" % uid, {
                "what": what, "days": "0",
                "reason": "Posted a fake support number", "confirm": "1"})
            self.assertHtmlPage(r, 400)
        self.assertEqual(harness.psql(
            "SELECT suspended_until IS NULL FROM users WHERE id = %d"
            % uid), "t")
        r = post_form(self.mc, "/mod/user/%d/purge" % uid, {
            "what": "purge", "days": "30",
            "reason": "Posted a fake support number", "confirm": "1"})
        self.assertHtmlPage(r, 200)
        until = harness.psql(
            "SELECT to_char(suspended_until AT TIME ZONE 'Asia/Tokyo', "
            "'YYYY-MM-DD') FROM users WHERE id = %d" % uid)
        r = self.login(self.client(), name, "en")
        self.assertHtmlPage(r, 403)
        self.assertIn("This account is suspended", r.body)
        self.assertIn("Posted a fake support number", r.body)
        self.assertIn("Suspended until:", r.body)
        self.assertIn(until, r.body)
        r = self.login(self.client(), name, "ja")
        self.assertHtmlPage(r, 403)
        self.assertIn("Posted a fake support number", r.body)
        y, m, d = until.split("-")
        self.assertIn("%s年%s月%s日" % (y, m, d), r.body)
        self.assertIn("停止期限", r.body)
        # a wrong password learns nothing about the suspension
        c = self.client()
        c.csrf_token("/login")
        r = c.post("/login", {"username": name, "password": "wrong" * 4},
                   headers={"Accept-Language": "en"}, csrf=True)
        self.assertNotIn("Posted a fake support number", r.body)

    # --- 5. the reason in the author's notifications --------------------

    def notifications(self, c):
        r = c.get("/notifications", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        return r.body

    def test_notifications_carry_reason(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker)
        author, auc = self.member()
        pid = post(tid, author, "Send your coins to this address to verify",
                   state="held")
        r = post_form(self.mc, "/mod/post/%d" % pid, {
            "kind": "held", "action": "remove", "reason": "scam",
            "confirm": "1"})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT reason FROM notifications WHERE user_id = %d AND "
            "kind = 'removed' AND post_id = %d" % (author, pid)), "scam")
        body = self.notifications(auc)
        item = re.search(r'<li class="notif [^"]*"[^>]*data-kind="removed"'
                         r'.*?</li>', body, re.S)
        self.assertIsNotNone(item)
        self.assertIn("Reason: scam or phishing", item.group(0))

        # three flags hide a post: the author is told why, never by whom
        p2 = post(tid, author, "DM me on Telegram for a quick recovery")
        flaggers = []
        for _ in range(3):
            uid, c = self.member(trust=1)
            flaggers.append(harness.psql(
                "SELECT display_name FROM users WHERE id = %d" % uid))
            self.assertStatus(post_form(c, "/p/%d/flag" % p2,
                                        {"reason": "abusive"}), 200)
        self.assertEqual(self.state(p2), "hidden")
        self.assertEqual(harness.psql(
            "SELECT reason || ':' || coalesce(actor_id::text, '-') FROM "
            "notifications WHERE user_id = %d AND kind = 'hidden'" % author),
            "abusive:-")
        body = self.notifications(auc)
        item = re.search(r'<li class="notif [^"]*"[^>]*data-kind="hidden"'
                         r'.*?</li>', body, re.S)
        self.assertIsNotNone(item)
        self.assertIn("Reason: abusive", item.group(0))
        for f in flaggers:
            self.assertNotIn(f, item.group(0))
        # approval carries no reason
        r = post_form(self.mc, "/mod/post/%d" % p2, {
            "kind": "flagged", "action": "approve"})
        self.assertStatus(r, 303)
        body = self.notifications(auc)
        item = re.search(r'<li class="notif [^"]*"[^>]*data-kind="approved"'
                         r'.*?</li>', body, re.S)
        self.assertIsNotNone(item)
        self.assertNotIn("Reason:", item.group(0))


    # --- 6. matched spans highlighted, reasons in words -----------------

    def test_held_queue_marks_spans(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker, "出金が三日たっても届きません。どうすればいいですか？")
        phone = self.phone()
        _, sc = self.member(trust=0, age_days=0)
        body = "<b>急いで</b> サポート窓口 %s に電話してください & 確認を" % phone
        pid = self.answer(sc, tid, body)
        self.assertEqual(self.state(pid), "held")
        for path in ("/mod/queue/held", "/mod/post/%d" % pid):
            r = self.mc.get(path, headers={"Accept-Language": "en"})
            self.assertHtmlPage(r, 200)
            # the number inside a <mark> (overlapping spans are merged)
            self.assertRegex(r.body, r"<mark>[^<]*%s[^<]*</mark>"
                             % re.escape(phone), path)
            # the rest of the text is still escaped, never markup
            self.assertIn("&lt;b&gt;急いで&lt;/b&gt;", r.body, path)
            self.assertIn("ください &amp; 確認を", r.body, path)
            # each reason in words, with its rule id
            self.assertRegex(r.body, r"contact point outside the forum[^<]*"
                             r'<code class="mod-rule">contact\.phone</code>')
        r = self.mc.get("/mod/post/%d" % pid, headers={"Accept-Language": "ja"})
        self.assertIn("フォーラム外の連絡先", r.body)

        # private: the secret masked, the rest shown; never in JSON
        phrase = ("abandon abandon abandon abandon abandon abandon abandon "
                  "abandon abandon abandon abandon about")
        _, vc = self.member()
        p2 = self.answer(vc, tid, "サポートの人に言われて復元フレーズを送りました。"
                         "私のフレーズは %s です。取り戻せますか？" % phrase)
        self.assertEqual(self.state(p2), "private")
        for path in ("/mod/queue/private", "/mod/post/%d" % p2):
            r = self.mc.get(path, headers={"Accept-Language": "en"})
            self.assertHtmlPage(r, 200)
            self.assertIn("/mod/post/%d" % p2, r.body)
            self.assertNotIn("abandon", r.body, path)
            self.assertIn('<span class="mod-secret">[secret hidden', r.body)
            self.assertIn("私のフレーズは ", r.body)
        j = self.mc.get("/api/v1/mod/queue/private").json()
        item = [i for i in j["items"] if i["post_id"] == p2][0]
        self.assertEqual(item["body"], "")


if __name__ == "__main__":
    harness.main()
