"""t300_webhooks: webhooks end to end, against a real receiver.

A receiver (http.server on a loopback port, in a thread of this test)
records every request and checks nothing itself: the test verifies each
Sodan-Signature with the secret the console showed once (HMAC-SHA256 over
"TIMESTAMP.BODY"), the Sodan-Event and Sodan-Delivery headers and the
payload.  An administrator adds hooks at /admin/webhooks (bad URLs and no
event refused with a message in Japanese and English, nothing stored;
members 403; no CSRF 403; the same address again with an event it
already gets refused, naming the hook); then a question, an official answer, a held
answer, its removal and an escalation are made through the pages and
each event arrives once per subscribed hook.  A held question
published by a moderator sends question.created then.  A receiver that answers
500 gets the same delivery again, later, until it answers 200; the
delivery log shows it.  The held answer's text appears in no payload.
Turning a hook off records nothing for it; deleting it (after a
confirmation page) drops it and its log; every change is in audit_log.
"""

import hashlib
import hmac
import http.server
import json
import os
import re
import secrets
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

HELD_BODY = ("盗まれた仮想通貨を取り戻す方法を知っています。"
             "テレグラムで連絡ください。")
# a question the filters hold (sodan-scan: hold, 1.38, for trust 1)
# The lure itself (a victim who asks "Is this legit?" about the same
# contact is published: docs/moderation.md, the victim's shelter).
HELD_QUESTION = ("Lost coins to a scam? A recovery expert on Telegram "
                 "@coinback_help got all my funds back for a small fee. "
                 "Message him today.")
SITE = "https://forum.example"


class Receiver:
    """Records requests; /flaky/ answers 500 to a delivery's first two
    attempts, then 200; anything else 200."""

    def __init__(self):
        self.lock = threading.Lock()
        self.got = []           # (path, headers dict, body bytes, status)
        self.tries = {}
        rec = self

        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                d = self.headers.get("Sodan-Delivery", "")
                with rec.lock:
                    k = rec.tries.get(d, 0) + 1
                    rec.tries[d] = k
                    status = 500 if (self.path.startswith("/flaky/") and
                                     k <= 2) else 200
                    rec.got.append((self.path, dict(self.headers.items()),
                                    body, status))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def bodies(self):
        with self.lock:
            return list(self.got)


def verify(secret, headers, body, test):
    """The receiver's recipe (docs/admin.md): parse t and v1, recompute,
    compare in constant time, refuse old timestamps."""
    sig = headers.get("Sodan-Signature", "")
    m = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", sig)
    test.assertTrue(m, sig)
    t, v1 = m.group(1), m.group(2)
    want = hmac.new(secret.encode(), t.encode() + b"." + body,
                    hashlib.sha256).hexdigest()
    test.assertTrue(hmac.compare_digest(want, v1), "signature mismatch")
    test.assertLess(abs(time.time() - int(t)), 300)
    # a body changed in transit does not verify
    bad = hmac.new(secret.encode(), t.encode() + b"." + body + b" ",
                   hashlib.sha256).hexdigest()
    test.assertFalse(hmac.compare_digest(bad, v1))


class Webhooks(harness.ServerTest):
    hooks = {}

    @classmethod
    def setUpClass(cls):
        cls.recv = Receiver()
        cls.conf = ("[webhooks]\npoll_ms = 100\nretry_base_ms = 300\n"
                    "retry_max_ms = 1000\nmax_attempts = 5\n"
                    "allow_http_loopback = true\n[site]\nurl = %s/\n"
                    % SITE)
        try:
            super().setUpClass()
        except Exception:
            cls.recv.stop()
            raise
        harness.psql("INSERT INTO categories (slug, name_ja, name_en) "
                     "VALUES ('whtest', 'テスト', 'Test') "
                     "ON CONFLICT (slug) DO NOTHING")

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.recv.stop()

    def setUp(self):
        self.admin = Session(self, "wh_admin", role="admin", trust=3,
                             lang="en")

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.recv.port, path)

    def add(self, s, url, events, note="", lang=None):
        f = {"url": url, "note": note}
        for e in events:
            f["ev_" + e] = "1"
        if lang:
            s.headers["Accept-Language"] = lang
        return s.post("/admin/webhooks", f)

    def received(self, pred, what, n=1, timeout=20):
        harness.wait_until(lambda: len([g for g in self.recv.bodies()
                                        if pred(g)]) >= n,
                           timeout=timeout, what=what)
        return [g for g in self.recv.bodies() if pred(g)]

    def rules_loaded(self):
        harness.wait_until(
            lambda: self.client().get("/healthz/ready").json()[
                "rules_reload"]["loaded"], timeout=300,
            what="first rule set loaded")

    def test_1_console(self):
        user = Session(self, "wh_member", trust=3, age_days=400)
        self.assertStatus(user.get("/admin/webhooks"), 403)
        self.assertStatus(self.add(user, self.url("/x"), ["question"]), 403)
        r = self.admin.get("/admin/webhooks")
        self.assertHtmlPage(r, 200)
        self.assertIn('action="/admin/webhooks"', r.body)
        self.assertIn("/admin/webhooks", self.admin.get("/admin").body)
        r = self.admin.client.post("/admin/webhooks", {
            "url": self.url("/x"), "ev_question": "1"}, headers={
            "Origin": "http://127.0.0.1:%d" % self.port})
        self.assertStatus(r, 403, "no CSRF token")
        before = harness.psql("SELECT count(*) FROM webhooks")
        for lang, url, events, msg in (
                ("en", "ftp://hooks.example.com/", ["question"],
                 "must start with https://"),
                ("ja", "http://hooks.example.com/x", ["question"],
                 "https:// で始まる"),
                ("en", "hooks.example.com/x", ["question"],
                 "full address"),
                ("ja", "https://user:pw@hooks.example.com/", ["question"],
                 "ユーザー名"),
                ("en", "https://hooks.example.com/", [],
                 "Choose at least one event."),
                ("ja", "https://hooks.example.com/", [],
                 "イベントを一つ以上"),
        ):
            r = self.add(self.admin, url, events, note="kept-note", lang=lang)
            self.assertHtmlPage(r, 422)
            self.assertIn(msg, r.body)
            self.assertIn("kept-note", r.body)
        self.admin.headers["Accept-Language"] = "en"
        self.assertEqual(harness.psql("SELECT count(*) FROM webhooks"),
                         before)
        # two hooks: every event to /all/, questions only to /flaky/
        audits = int(harness.psql("SELECT count(*) FROM audit_log WHERE "
                                  "action = 'webhook-add'"))
        for name, path, events in (
                ("all", "/all/", ["question", "official", "held", "removed",
                                  "escalated"]),
                ("flaky", "/flaky/", ["question"])):
            r = self.add(self.admin, self.url(path), events,
                         note="hook " + name)
            self.assertHtmlPage(r, 201)
            m = re.search(r'id="hook-secret">(whsec_[A-Za-z0-9_-]{43})<',
                          r.body)
            self.assertTrue(m, "secret shown once")
            secret = m.group(1)
            self.assertIn("shown only this once", r.body)
            self.assertEqual(r.headers.get("Cache-Control", "").split(
                ",")[0].strip() in ("no-store", "no-cache", "private"),
                True, r.headers.get("Cache-Control"))
            hid = int(harness.psql("SELECT id FROM webhooks WHERE url = "
                                   "'%s'" % self.url(path)))
            stored = harness.psql("SELECT secret FROM webhooks WHERE id = %d"
                                  % hid)
            self.assertTrue(stored.startswith("s1:"), "sealed at rest")
            self.assertNotIn(secret[6:], stored)
            type(self).hooks[name] = (hid, secret)
            # never shown again
            page = self.admin.get("/admin/webhooks/%d" % hid)
            self.assertHtmlPage(page, 200)
            self.assertNotIn(secret, page.body)
            self.assertNotIn(secret, self.admin.get("/admin/webhooks").body)
        self.assertEqual(int(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action = 'webhook-add'")),
            audits + 2)
        log = harness.psql("SELECT string_agg(detail, ' ') FROM audit_log "
                           "WHERE action = 'webhook-add'")
        for _, sec in type(self).hooks.values():
            self.assertNotIn(sec[6:], log)
        self.assertStatus(self.admin.get("/admin/webhooks/999999"), 404)
        # the same address again with an event it already gets: refused,
        # naming the hook, in both languages; nothing added
        flaky = type(self).hooks["flaky"][0]
        before = harness.psql("SELECT count(*) FROM webhooks")
        for lang, events, msg in (
                ("en", ["question"], "Webhook #%d already sends" % flaky),
                ("ja", ["question", "held"], "Webhook #%d は" % flaky)):
            r = self.add(self.admin, self.url("/flaky/"), events,
                         note="again", lang=lang)
            self.assertHtmlPage(r, 422)
            self.assertIn(msg, r.body)
            self.assertIn("again", r.body)
        self.admin.headers["Accept-Language"] = "en"
        self.assertEqual(harness.psql("SELECT count(*) FROM webhooks"),
                         before)
        # other events to the same address are a hook of their own
        r = self.add(self.admin, self.url("/flaky/"), ["escalated"])
        self.assertHtmlPage(r, 201)
        extra = int(harness.psql(
            "SELECT max(id) FROM webhooks WHERE url = '%s'"
            % self.url("/flaky/")))
        self.assertNotEqual(extra, flaky)
        self.assertStatus(self.admin.post("/admin/webhooks/%d/delete"
                                          % extra, {}), 303)
        self.assertEqual(harness.psql("SELECT count(*) FROM webhooks"),
                         before)

    def check(self, g, name, event):
        path, headers, body, _ = g
        hid, secret = type(self).hooks[name]
        self.assertTrue(path.startswith("/%s/" % name), path)
        verify(secret, headers, body, self)
        self.assertEqual(headers.get("Sodan-Event"), event)
        self.assertEqual(headers.get("Content-Type"),
                         "application/json; charset=utf-8")
        p = json.loads(body)
        self.assertEqual(p["event"], event)
        self.assertTrue(re.fullmatch(r"evt_[0-9a-f]{32}", p["id"]), p["id"])
        self.assertTrue(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                                     p["time"]), p["time"])
        did = int(headers.get("Sodan-Delivery"))
        row = harness.psql("SELECT hook_id || ' ' || event || ' ' || "
                           "event_id FROM webhook_deliveries WHERE id = %d"
                           % did)
        self.assertEqual(row, "%d %s %s" % (hid, event, p["id"]))
        return p

    def of(self, name, event, key, val):
        def pred(g):
            if not g[0].startswith("/%s/" % name) or g[3] != 200:
                return False
            p = json.loads(g[2])
            return p["event"] == event and p.get(key) == val
        return pred

    def test_2_events(self):
        self.rules_loaded()
        asker = Session(self, "wh_asker", trust=1, age_days=60, lang="en")
        title = "Withdrawal pending for a day " + secrets.token_hex(3)
        tid = asker.ask(title, "My ETH withdrawal has been pending since "
                        "yesterday. Is there a delay on this network?",
                        "whtest")
        self.assertEqual(harness.psql("SELECT state FROM posts WHERE "
                                      "thread_id = %d AND kind = 'question'"
                                      % tid), "visible")
        g = self.received(self.of("all", "question.created", "thread_id",
                                  tid), "question.created")
        self.assertEqual(len(g), 1)
        p = self.check(g[0], "all", "question.created")
        self.assertEqual(p["url"], "%s/t/%d" % (SITE, tid))
        self.assertEqual(set(p), {"event", "id", "time", "thread_id",
                                  "post_id", "url"})
        self.assertNotIn(title.encode(), g[0][2])

        staff = Session(self, "wh_staff", role="staff", trust=3, lang="en")
        oid = staff.answer(tid, "Withdrawals on this network are delayed "
                           "today; they will complete within a few hours.",
                           official=True)
        g = self.received(self.of("all", "answer.official", "post_id", oid),
                          "answer.official")
        p = self.check(g[0], "all", "answer.official")
        self.assertEqual(p["thread_id"], tid)
        self.assertEqual(p["url"], "%s/t/%d#p%d" % (SITE, tid, oid))

        author = Session(self, "wh_held_author", trust=1, age_days=30,
                         lang="en")
        r = author.post("/t/%d/answer" % tid, {"body": HELD_BODY})
        self.assertStatus(r, 303)
        hid_post = int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))
        self.assertIn(harness.psql("SELECT state FROM posts WHERE id = %d"
                                   % hid_post), ("held", "private"))
        g = self.received(self.of("all", "post.held", "post_id", hid_post),
                          "post.held")
        p = self.check(g[0], "all", "post.held")
        self.assertEqual(p["url"], "%s/mod/post/%d" % (SITE, hid_post))

        mod = Session(self, "wh_mod", role="moderator", trust=3, lang="en")
        r = mod.post("/mod/post/%d" % hid_post, {
            "action": "remove", "reason": "scam", "confirm": "1"})
        self.assertIn(r.status, (200, 303), r.body[:500])
        self.assertEqual(harness.psql("SELECT state FROM posts WHERE id = %d"
                                      % hid_post), "removed")
        g = self.received(self.of("all", "post.removed", "post_id",
                                  hid_post), "post.removed")
        p = self.check(g[0], "all", "post.removed")
        self.assertEqual(p["thread_id"], tid)

        r = asker.post("/t/%d/escalate" % tid, {
            "body": "Withdrawal W-%s is still pending." % secrets.token_hex(3)})
        self.assertStatus(r, 303)
        cid = int(re.match(r"^/support/(\d+)", r.headers["Location"]).group(1))
        g = self.received(self.of("all", "case.escalated", "case_id", cid),
                          "case.escalated")
        p = self.check(g[0], "all", "case.escalated")
        self.assertEqual(p["thread_id"], tid)
        self.assertEqual(p["url"], "%s/support/%d" % (SITE, cid))
        # a second message to the same case is no new escalation
        asker.post("/t/%d/escalate" % tid, {"body": "Any news?"})

        # the flaky hook subscribed to questions only
        g = self.received(self.of("flaky", "question.created", "thread_id",
                                  tid), "the flaky hook's question")
        for path, _h, body, _s in self.recv.bodies():
            if path.startswith("/flaky/"):
                self.assertEqual(json.loads(body)["event"],
                                 "question.created")
        # a held question: post.held; published by a moderator, then
        # question.created (once)
        qa = Session(self, "wh_held_asker", trust=1, age_days=30, lang="en")
        title2 = "Getting stolen coins back " + secrets.token_hex(3)
        r = qa.post("/ask", {"title": title2, "body": HELD_QUESTION,
                             "category": "whtest", "tags": ""})
        self.assertStatus(r, 303)
        tid2 = int(re.match(r"^/t/(\d+)", r.headers["Location"]).group(1))
        qid = int(harness.psql("SELECT id FROM posts WHERE thread_id = %d "
                               "AND kind = 'question'" % tid2))
        self.assertEqual(harness.psql("SELECT state FROM posts WHERE id = %d"
                                      % qid), "held")
        self.received(self.of("all", "post.held", "post_id", qid),
                      "post.held of a question")
        self.assertEqual([g for g in self.recv.bodies()
                          if self.of("all", "question.created", "thread_id",
                                     tid2)(g)], [])
        r = mod.post("/mod/post/%d" % qid, {"kind": "held",
                                            "action": "approve"})
        self.assertIn(r.status, (200, 303), r.body[:500])
        self.assertEqual(harness.psql("SELECT state FROM posts WHERE id = %d"
                                      % qid), "visible")
        g = self.received(self.of("all", "question.created", "thread_id",
                                  tid2), "question.created on approval")
        self.assertEqual(len(g), 1)
        self.assertEqual(self.check(g[0], "all", "question.created")["url"],
                         "%s/t/%d" % (SITE, tid2))
        # the held text left the forum in no payload, nor any title
        time.sleep(0.5)
        for _p, _h, body, _s in self.recv.bodies():
            self.assertNotIn("テレグラム".encode(), body)
            self.assertNotIn(HELD_BODY.encode(), body)
            self.assertNotIn(title.encode(), body)
            self.assertNotIn(title2.encode(), body)
            self.assertNotIn(b"coinback_help", body)
        esc = [g for g in self.recv.bodies() if g[0].startswith("/all/") and
               json.loads(g[2])["event"] == "case.escalated" and
               json.loads(g[2]).get("case_id") == cid]
        self.assertEqual(len(esc), 1)
        type(self).tid = tid

    def test_3_retry_and_log(self):
        hid, secret = type(self).hooks["flaky"]
        tid = type(self).tid
        # 500, 500, then 200: the same delivery and body each time
        tries = self.received(lambda g: g[0].startswith("/flaky/") and
                              json.loads(g[2])["thread_id"] == tid,
                              "three attempts", n=3)
        self.assertEqual([g[3] for g in tries[:3]], [500, 500, 200])
        self.assertEqual(len({g[1]["Sodan-Delivery"] for g in tries}), 1)
        self.assertEqual(len({g[2] for g in tries}), 1)
        for g in tries:
            verify(secret, g[1], g[2], self)
        did = int(tries[0][1]["Sodan-Delivery"])
        harness.wait_until(lambda: harness.psql(
            "SELECT state FROM webhook_deliveries WHERE id = %d" % did) ==
            "delivered", timeout=10, what="delivered")
        self.assertEqual(harness.psql(
            "SELECT attempts || ' ' || last_status FROM webhook_deliveries "
            "WHERE id = %d" % did), "3 200")
        for lang, words in (("en", ("Delivery log", "Delivered")),
                            ("ja", ("配信ログ", "配信済み"))):
            self.admin.headers["Accept-Language"] = lang
            r = self.admin.get("/admin/webhooks/%d" % hid)
            self.assertHtmlPage(r, 200)
            for w in words:
                self.assertIn(w, r.body)
            row = re.search(r'<tr class="delivery" data-state="delivered">'
                            r'<td data-label="[^"]+">#%d .*?</tr>' % did,
                            r.body, re.S)
            self.assertTrue(row, "the delivery's row")
            self.assertRegex(row.group(0),
                             r'class="delivery-status" data-label="[^"]+">200<')
            self.assertRegex(row.group(0),
                             r'class="delivery-attempts" data-label="[^"]+">3<')
        self.admin.headers["Accept-Language"] = "en"

    def test_4_retry_then_failed(self):
        # a receiver that never answers 2xx: retried, then failed
        r = self.add(self.admin, "http://127.0.0.1:%d/down"
                     % harness.free_port(), ["question"], note="down")
        self.assertHtmlPage(r, 201)
        hid = int(harness.psql("SELECT max(id) FROM webhooks"))
        asker = Session(self, "wh_asker2", trust=1, age_days=60, lang="en")
        asker.ask("Deposit not credited after confirmations " +
                  secrets.token_hex(3), "My deposit has 30 confirmations "
                  "but it is not credited to my account yet.", "whtest")
        harness.wait_until(lambda: harness.psql(
            "SELECT count(*) FROM webhook_deliveries WHERE hook_id = %d AND "
            "state = 'failed'" % hid) == "1", timeout=30, what="failed")
        self.assertEqual(harness.psql(
            "SELECT attempts || ' ' || coalesce(last_status, 0) FROM "
            "webhook_deliveries WHERE hook_id = %d" % hid), "5 0")
        err = harness.psql("SELECT last_error FROM webhook_deliveries WHERE "
                           "hook_id = %d" % hid)
        self.assertTrue(err, "the error is kept")
        r = self.admin.get("/admin/webhooks/%d" % hid)
        self.assertIn('data-state="failed"', r.body)
        self.assertIn("Failed", r.body)
        # the server never logged a secret
        log = open(self.server.log_path, encoding="utf-8",
                   errors="replace").read()
        for _, sec in type(self).hooks.values():
            self.assertNotIn(sec, log)
        self.assertNotIn("whsec_", log)

    def test_5_disable_and_delete(self):
        hid, _ = type(self).hooks["all"]
        n = int(harness.psql("SELECT count(*) FROM audit_log WHERE action "
                             "LIKE 'webhook-%'"))
        r = self.admin.post("/admin/webhooks/%d/enable" % hid,
                            {"enabled": "0"})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql("SELECT enabled FROM webhooks WHERE "
                                      "id = %d" % hid), "f")
        self.assertIn("Turn on", self.admin.get("/admin/webhooks/%d"
                                                % hid).body)
        before = harness.psql("SELECT count(*) FROM webhook_deliveries "
                              "WHERE hook_id = %d" % hid)
        asker = Session(self, "wh_asker3", trust=1, age_days=60, lang="en")
        asker.ask("Two factor app lost with my old phone " +
                  secrets.token_hex(3), "I changed phones and my two factor "
                  "app did not move. How do I sign in now?", "whtest")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM webhook_deliveries WHERE hook_id = %d"
            % hid), before, "a hook that is off records nothing")
        self.assertStatus(self.admin.post("/admin/webhooks/%d/enable" % hid,
                                          {"enabled": "1"}), 303)
        # delete: a confirmation page first, then the POST
        r = self.admin.get("/admin/webhooks/%d/delete" % hid)
        self.assertHtmlPage(r, 200)
        self.assertIn("Delete this webhook?", r.body)
        self.assertIn('action="/admin/webhooks/%d/delete"' % hid, r.body)
        self.assertEqual(harness.psql("SELECT count(*) FROM webhooks WHERE "
                                      "id = %d" % hid), "1")
        r = self.admin.post("/admin/webhooks/%d/delete" % hid, {})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM webhooks WHERE id = %d" % hid), "0")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM webhook_deliveries WHERE hook_id = %d"
            % hid), "0")
        self.assertStatus(self.admin.post("/admin/webhooks/%d/delete" % hid,
                                          {}), 404)
        self.assertEqual(int(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'webhook-%'")),
            n + 3)
        acts = harness.psql("SELECT string_agg(action, ' ' ORDER BY id) FROM "
                            "(SELECT id, action FROM audit_log WHERE action "
                            "LIKE 'webhook-%' ORDER BY id DESC LIMIT 3) s")
        self.assertEqual(acts, "webhook-disable webhook-enable "
                         "webhook-delete")

    def test_2b_purge_sends_post_removed(self):
        # A moderator's purge of a member removes each of the member's
        # posts: one post.removed per post, as a single removal sends.
        self.rules_loaded()
        spam = Session(self, "wh_purged_" + secrets.token_hex(3), trust=1,
                       age_days=60, lang="en")
        tid = spam.ask("Fee schedule for staking " + secrets.token_hex(3),
                       "Where can I read the fee schedule for staking "
                       "rewards on this exchange?", "whtest")
        aid = spam.answer(tid, "I found it under Help, then Fees; the "
                          "staking part is near the end. " +
                          secrets.token_hex(3))
        posts = sorted(int(x) for x in harness.psql(
            "SELECT id FROM posts WHERE author_id = %d AND state = "
            "'visible'" % spam.user_id).split())
        self.assertEqual(len(posts), 2, posts)
        self.assertIn(aid, posts)
        mod = Session(self, "wh_purger", role="moderator", trust=3,
                      lang="en")
        r = mod.post("/mod/user/%d/purge" % spam.user_id, {
            "what": "purge", "days": "30", "reason": "spam",
            "confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM posts WHERE author_id = %d AND state <> "
            "'removed'" % spam.user_id), "0")
        for pid in posts:
            g = self.received(self.of("all", "post.removed", "post_id", pid),
                              "post.removed of purged post %d" % pid)
            self.assertEqual(len(g), 1)
            self.assertEqual(self.check(g[0], "all", "post.removed")[
                "thread_id"], tid)


if __name__ == "__main__":
    harness.main()
