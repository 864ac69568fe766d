#!/usr/bin/env python3
"""t343_api_webhooks: webhooks through the JSON API (docs/api.md, "Admin
actions"; docs/admin.md, "Webhooks"): list, add (the secret in that one
answer, stored sealed), the hook with its deliveries, enable and disable,
delete.

Success with an admin token, and the effect: a question published after
the add is delivered to a local receiver signed with the secret the API
answered, and shows in the deliveries; a disabled hook gets nothing; a
deleted one is gone with its log; audit_log rows. 401 without a token;
403 insufficient_scope for a moderator's token and an administrator's
token without the admin scope; bad input (a hook that would send an event twice among it) as 422
problem details."""

import hashlib
import hmac
import http.server
import json
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from api_util import bearer, db_token, problem  # noqa: E402
from qa_util import Session  # noqa: E402


class Receiver:
    def __init__(self):
        self.lock = threading.Lock()
        self.got = []
        rec = self

        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                with rec.lock:
                    rec.got.append((self.path, dict(self.headers.items()),
                                    body))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def at(self, path):
        with self.lock:
            return [g for g in self.got if g[0] == path]


def audits(action):
    return int(harness.psql("SELECT count(*) FROM audit_log WHERE action = "
                            "'%s'" % action))


class ApiWebhooks(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        cls.recv = Receiver()
        cls.conf = ("[webhooks]\npoll_ms = 100\nretry_base_ms = 300\n"
                    "retry_max_ms = 1000\nmax_attempts = 3\n"
                    "allow_http_loopback = true\n")
        try:
            super().setUpClass()
        except Exception:
            cls.recv.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.recv.stop()

    def test_webhooks(self):
        c = self.client()
        admin = Session(self, "apiwh_admin", role="admin", trust=3)
        mod = Session(self, "apiwh_mod", role="moderator", trust=3)
        tok = db_token(admin.user_id, "read write admin")
        noadmin = db_token(admin.user_id, "read write moderate")
        modtok = db_token(mod.user_id, "read write moderate")
        url = "http://127.0.0.1:%d/api-hook" % self.recv.port
        f = {"url": url, "ev_question": "1", "note": "api test"}
        # no token, the wrong tokens
        problem(self, c.request("GET", "/api/v1/admin/webhooks", None,
                                {"Accept-Language": "en"}), 401)
        for t in (modtok, noadmin):
            r = bearer(c, t, "POST", "/api/v1/admin/webhooks", f)
            problem(self, r, 403, "insufficient_scope")
            self.assertIn('scope="admin"', r.headers.get("WWW-Authenticate"))
        # bad input: 422, nothing stored
        n0 = audits("webhook-add")
        d = problem(self, bearer(c, tok, "POST", "/api/v1/admin/webhooks",
                                 {"url": "ftp://x.example/h",
                                  "ev_question": "1"}), 422)
        self.assertEqual(d["errors"][0]["field"], "url")
        d = problem(self, bearer(c, tok, "POST", "/api/v1/admin/webhooks",
                                 {"url": url}, lang="ja"), 422)
        self.assertIn("イベント", d["detail"])
        self.assertEqual(audits("webhook-add"), n0)
        # added: 201, the secret once, never in the list or the table
        r = bearer(c, tok, "POST", "/api/v1/admin/webhooks", f)
        self.assertStatus(r, 201)
        self.assertEqual(r.headers.get("Cache-Control"), "no-store")
        d = json.loads(r.body)
        secret, hid = d["secret"], d["webhook"]["id"]
        self.assertTrue(len(secret) >= 32, secret)
        self.assertEqual((d["webhook"]["url"], d["webhook"]["events"],
                          d["webhook"]["enabled"]),
                         (url, "question.created", True))
        self.assertEqual(audits("webhook-add"), n0 + 1)
        # the same hook again: 422 on the url, naming the first one
        d = problem(self, bearer(c, tok, "POST", "/api/v1/admin/webhooks",
                                 f), 422)
        self.assertEqual(d["errors"][0]["field"], "url")
        self.assertIn("Webhook #%d already sends" % hid,
                      d["errors"][0]["detail"])
        self.assertEqual(audits("webhook-add"), n0 + 1)
        lst = bearer(c, tok, "GET", "/api/v1/admin/webhooks")
        self.assertStatus(lst, 200)
        self.assertIn(hid, [h["id"] for h in json.loads(lst.body)["webhooks"]])
        self.assertNotIn(secret, lst.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM webhooks WHERE secret LIKE '%%%s%%'"
            % secret), "0")
        # its effect: a question published is delivered, signed with it
        asker = Session(self, "apiwh_asker", age_days=30, lang="en")
        asker.ask("Does the exchange support Lightning withdrawals?",
                  "I would like to withdraw BTC over the Lightning network; "
                  "is that possible here?", "deposits")
        harness.wait_until(lambda: self.recv.at("/api-hook"), 15,
                           what="a delivery")
        _, headers, body = self.recv.at("/api-hook")[0]
        m = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})",
                         headers.get("Sodan-Signature", ""))
        self.assertTrue(m, headers)
        want = hmac.new(secret.encode(), m.group(1).encode() + b"." + body,
                        hashlib.sha256).hexdigest()
        self.assertTrue(hmac.compare_digest(want, m.group(2)))
        self.assertEqual(json.loads(body)["event"], "question.created")

        def delivered():
            r = bearer(c, tok, "GET", "/api/v1/admin/webhooks/%d" % hid)
            ds = json.loads(r.body)["deliveries"]
            return ds if ds and ds[0]["state"] == "delivered" else None
        ds = harness.wait_until(delivered, 10, what="the delivery log")
        self.assertEqual((ds[0]["event"], ds[0]["last_status"]),
                         ("question.created", 200))
        # off: nothing more is sent
        problem(self, bearer(c, tok, "POST", "/api/v1/admin/webhooks/%d/"
                             "enable" % hid, {"enabled": "maybe"}), 400)
        r = bearer(c, tok, "POST", "/api/v1/admin/webhooks/%d/enable" % hid,
                   {"enabled": "0"})
        self.assertStatus(r, 200)
        self.assertFalse(json.loads(r.body)["webhook"]["enabled"])
        got = len(self.recv.at("/api-hook"))
        asker.ask("Is there a fee for Lightning deposits of bitcoin?",
                  "Before I try it: does a Lightning deposit of BTC cost a "
                  "fee here?", "deposits")
        time.sleep(1.0)
        self.assertEqual(len(self.recv.at("/api-hook")), got)
        # delete: a moderator may not; then gone with its log; again 404
        problem(self, bearer(c, modtok, "DELETE",
                             "/api/v1/admin/webhooks/%d" % hid), 403)
        r = bearer(c, tok, "DELETE", "/api/v1/admin/webhooks/%d" % hid)
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM webhook_deliveries WHERE hook_id = %d"
            % hid), "0")
        problem(self, bearer(c, tok, "GET", "/api/v1/admin/webhooks/%d"
                             % hid), 404)
        problem(self, bearer(c, tok, "DELETE", "/api/v1/admin/webhooks/%d"
                             % hid), 404)
        self.assertGreaterEqual(audits("webhook-delete"), 1)


if __name__ == "__main__":
    harness.main()
