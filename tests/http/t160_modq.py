"""t160_modq: moderator queues, decisions, purge, flags, concurrency, the
audit log, campaigns and the public pages (issue 6)."""

import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import (q, queue_pages, user, sign_in, post_form,  # noqa: E402
                       thread, post, uniq)

SCAM = ("サポートセンターです。出金できない場合はこちらの公式サポート "
        "03-1234-5678 にお電話ください。")


class ModQueue(harness.ServerTest):

    def setUp(self):
        self.mod = user(uniq("mod"), role="moderator", trust=3)
        self.mc = self.client()
        self.mc.port = self.port
        sign_in(self.mc, self.mod)

    def member(self, trust=1, role="user", age_days=100):
        uid = user(uniq("u"), role=role, trust=trust, age_days=age_days)
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        return uid, c

    def held_scam(self):
        """A scam answer from a new account, held by the filters."""
        asker = user(uniq("asker"))
        scammer = user(uniq("scam"), trust=0, age_days=0)
        t, _ = thread(asker)
        p = post(t, scammer, SCAM, state="held")
        harness.psql("UPDATE mod_queue SET score = 1.8, reasons = "
                     "'contact.phone; scam.fake_support' WHERE post_id = %d"
                     % p)
        return scammer, t, p

    def test_pages_need_moderator(self):
        _, c = self.member()
        self.assertStatus(c.get("/mod/queue/held"), 403)
        anon = self.client()
        r = anon.get("/mod")
        self.assertStatus(r, 303)
        self.assertStatus(anon.get("/api/v1/mod/queue/held"), 401)

    def test_held_scam_remove_and_purge(self):
        scammer, t, p = self.held_scam()
        other = post(t, scammer, "another answer, visible for now")
        sc = self.client()
        sc.port = self.port
        sign_in(sc, scammer)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE user_id = %d" % scammer), "1")

        r = self.mc.get("/mod/queue/held")
        self.assertHtmlPage(r, 200)
        body = queue_pages(self.mc)
        self.assertIn("/mod/post/%d" % p, body)
        self.assertIn("contact.phone", body)
        self.assertIn("03-1234-5678", body)
        j = self.mc.get("/api/v1/mod/queue/held").json()
        item = [i for i in j["items"] if i["post_id"] == p][0]
        self.assertIn("scam.fake_support", item["reasons"])
        self.assertEqual(item["state"], "held")
        r = self.mc.get("/mod/queue/held?lang=en")
        self.assertNotIn("/mod/post/%d\"" % p, r.body)

        # removal without the confirmation box changes nothing
        r = post_form(self.mc, "/mod/post/%d" % p, {
            "kind": "held", "action": "remove", "reason": "scam"})
        self.assertStatus(r, 400)
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % p), "held")

        r = post_form(self.mc, "/mod/post/%d" % p, {
            "kind": "held", "action": "remove", "reason": "scam",
            "confirm": "1", "purge": "1", "days": "30",
            "user_reason": "scam contact numbers"})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT state || ' ' || removed_reason FROM posts WHERE id = %d"
            % p), "removed scam")
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % other), "removed")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE user_id = %d" % scammer), "0")
        self.assertEqual(harness.psql(
            "SELECT suspend_reason FROM users WHERE id = %d" % scammer),
            "scam contact numbers")
        # the scammer's cookie no longer signs in
        self.assertStatus(sc.get("/p/%d/flag" % other), 303)
        # gone from the queue
        self.assertNotIn("/mod/post/%d\"" % p, queue_pages(self.mc))
        # audit log: remove then purge, by this moderator
        log = harness.psql(
            "SELECT string_agg(action, ',' ORDER BY id) FROM mod_log "
            "WHERE target_user = %d" % scammer)
        self.assertEqual(log, "remove,purge")
        r = self.mc.get("/mod/log?target=%d" % scammer)
        self.assertHtmlPage(r, 200)
        self.assertIn("purge", r.body)
        self.assertIn("scam contact numbers", r.body)

    def test_three_flags_hide(self):
        author = user(uniq("a"))
        t, _ = thread(author)
        p = post(t, author, "Send me a DM for a quick recovery")
        for i in range(3):
            uid, c = self.member(trust=1)
            r = post_form(c, "/p/%d/flag" % p, {"reason": "scam"})
            self.assertStatus(r, 200)
            state = harness.psql("SELECT state FROM posts WHERE id = %d" % p)
            self.assertEqual(state, "hidden" if i == 2 else "visible",
                             "after flag %d" % (i + 1))
            if i == 0:     # one flag per user per post
                r = post_form(c, "/p/%d/flag" % p, {"reason": "spam"})
                self.assertStatus(r, 409)
        r = self.mc.get("/mod/queue/flagged")
        self.assertIn("/mod/post/%d" % p, r.body)
        self.assertIn("3 ", r.body)
        self.assertEqual(harness.psql(
            "SELECT action || ':' || actor_name FROM mod_log WHERE "
            "target_id = %d AND target_kind = 'post'" % p), "hide:system")
        # dismissing declines the flags and shows the post again
        r = post_form(self.mc, "/mod/post/%d" % p, {
            "kind": "flagged", "action": "dismiss"})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % p), "visible")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM flags WHERE post_id = %d AND "
            "state = 'declined'" % p), "3")

    def test_staff_flag_hides_alone(self):
        author = user(uniq("a"))
        t, _ = thread(author)
        p = post(t, author, "Contact our support on Telegram @fake_help")
        _, c = self.member(trust=3, role="staff")
        r = post_form(c, "/p/%d/flag" % p, {"reason": "scam"})
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % p), "hidden")
        # a trust-0 flag alone does not
        p2 = post(t, author, "another post")
        _, c0 = self.member(trust=0)
        post_form(c0, "/p/%d/flag" % p2, {"reason": "spam"})
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % p2), "visible")
        # "other" needs text; own posts cannot be flagged
        self.assertStatus(post_form(c0, "/p/%d/flag" % p2,
                                    {"reason": "other"}), 400)
        ac = self.client()
        ac.port = self.port
        sign_in(ac, author)
        self.assertStatus(post_form(ac, "/p/%d/flag" % p2,
                                    {"reason": "spam"}), 403)

    def test_concurrent_decisions_record_one(self):
        _, _, p = self.held_scam()
        mod2 = user(uniq("mod"), role="moderator", trust=3)
        c2 = self.client()
        c2.port = self.port
        sign_in(c2, mod2)
        results = {}
        barrier = threading.Barrier(2)

        def act(name, c, fields):
            barrier.wait()
            results[name] = post_form(c, "/mod/post/%d" % p, fields)

        a = threading.Thread(target=act, args=("approve", self.mc, {
            "kind": "held", "action": "approve"}))
        b = threading.Thread(target=act, args=("remove", c2, {
            "kind": "held", "action": "remove", "reason": "scam",
            "confirm": "1"}))
        a.start()
        b.start()
        a.join()
        b.join()
        st = sorted(r.status for r in results.values())
        self.assertEqual(st, [303, 409])
        loser = [r for r in results.values() if r.status == 409][0]
        by = harness.psql("SELECT u.username FROM mod_queue q JOIN users u "
                          "ON u.id = q.decided_by WHERE q.post_id = %d" % p)
        self.assertIn(by, loser.body)   # the loser sees who decided
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE target_kind = 'post' AND "
            "target_id = %d" % p), "1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_queue WHERE post_id = %d AND "
            "state = 'decided'" % p), "1")

    def test_audit_log_append_only(self):
        _, _, p = self.held_scam()
        post_form(self.mc, "/mod/post/%d" % p, {
            "kind": "held", "action": "approve"})
        lid = harness.psql("SELECT max(id) FROM mod_log WHERE target_id = %d"
                           % p)
        with self.assertRaises(RuntimeError) as cm:
            harness.psql("UPDATE mod_log SET reason = 'x' WHERE id = %s" % lid)
        self.assertIn("append-only", str(cm.exception))
        with self.assertRaises(RuntimeError):
            harness.psql("DELETE FROM mod_log WHERE id = %s" % lid)
        # undo (confirmed) restores the held state, and is logged
        r = self.mc.get("/mod/log/%s/undo" % lid)
        self.assertHtmlPage(r, 200)
        r = post_form(self.mc, "/mod/log/%s/undo" % lid, {"confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % p), "held")
        self.assertEqual(harness.psql(
            "SELECT action FROM mod_log WHERE undo_of = %s" % lid), "undo")
        r = post_form(self.mc, "/mod/log/%s/undo" % lid, {"confirm": "1"})
        self.assertStatus(r, 409)
        # back in the held queue
        self.assertIn("/mod/post/%d" % p, queue_pages(self.mc))

    def test_campaign_purge_and_block(self):
        phone = "+8135550" + str(int(uniq("x").split("_")[1], 16) % 10000)
        asker = user(uniq("asker"))
        t, _ = thread(asker)
        accounts, posts = [], []
        for i in range(3):
            uid = user(uniq("camp"), trust=0, age_days=1)
            accounts.append(uid)
            pid = post(t, uid, "call support %s now" % phone)
            posts.append(pid)
            harness.psql("INSERT INTO post_contacts VALUES (%d, 'phone', %s)"
                         % (pid, q(phone)))
            if i == 0:
                post(t, uid, "an unrelated post by the same account")
        r = self.mc.get("/mod/post/%d" % posts[0])
        self.assertHtmlPage(r, 200)
        self.assertIn("3 ", r.body)
        self.assertIn("/mod/campaign?type=phone&amp;value=", r.body)
        r = self.mc.get("/mod/campaign?type=phone&value=%s" %
                        phone.replace("+", "%2B"))
        self.assertHtmlPage(r, 200)
        for pid in posts:
            self.assertIn("/mod/post/%d" % pid, r.body)
        r = post_form(self.mc, "/mod/campaign", {
            "type": "phone", "value": phone, "action": "purge",
            "days": "90", "reason": "scam campaign", "confirm": "1"})
        self.assertHtmlPage(r, 200)
        for uid in accounts:
            self.assertEqual(harness.psql(
                "SELECT count(*) FROM posts WHERE author_id = %d AND "
                "state <> 'removed'" % uid), "0")
            self.assertEqual(harness.psql(
                "SELECT suspended_until > now() FROM users WHERE id = %d"
                % uid), "t")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM blocked_contacts WHERE type = 'phone' "
            "AND value = %s" % q(phone)), "1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE action = 'purge' AND "
            "target_id IN (%s)" % ",".join(map(str, accounts))), "3")

    def test_bulk_approve(self):
        ps = [self.held_scam()[2] for _ in range(2)]
        r = self.mc.post("/mod/bulk", [("ids", str(ps[0])), ("ids", str(ps[1])),
                                       ("kind", "held"), ("action", "approve"),
                                       ("confirm", "1"),
                                       ("csrf", self.mc.csrf)],
                         headers={"Origin": "http://127.0.0.1:%d" % self.port})
        self.assertHtmlPage(r, 200)
        for p in ps:
            self.assertEqual(harness.psql(
                "SELECT state FROM posts WHERE id = %d" % p), "visible")

    def test_dashboard_metrics_public(self):
        self.held_scam()
        r = self.mc.get("/mod")
        self.assertHtmlPage(r, 200)
        self.assertIn("/mod/queue/held", r.body)
        r = self.client().get("/metrics")
        self.assertStatus(r, 200)
        self.assertTrue(r.content_type.startswith("text/plain"))
        self.assertRegex(r.body, r'sodan_modq_size\{queue="held"\} [1-9]')
        self.assertIn("sodan_modq_decision_median_seconds", r.body)
        r = self.client().get("/moderation",
                              headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        r = self.client().get("/api/v1/moderation")
        self.assertStatus(r, 200)
        self.assertIn("counts", r.json())
        r = self.mc.get("/mod/queue/first")
        self.assertHtmlPage(r, 200)
        r = self.mc.get("/mod/queue/private")
        self.assertHtmlPage(r, 200)
        self.assertStatus(self.mc.get("/mod/queue/nope"), 404)


if __name__ == "__main__":
    harness.main()
