#!/usr/bin/env python3
"""t020_stores: PostgreSQL or Redis going away and coming back, without
restarting sodan.  PostgreSQL down: pages that need it answer 503 with
Retry-After (an HTML page), /healthz 503 "postgres":"down", while assets and
cached anonymous pages still answer 200; back within 10 s.  Redis down:
/healthz 200 "degraded", pages still 200; back within 10 s.

The tests run in order (test_1 .. test_4) against one server; the class
always restarts both stores before it stops the server."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

STYLESHEET = re.compile(
    r'<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="(/assets/[^"]+\.css)"')


class Stores(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        c = cls.server.client()
        # "Is this official?" waits for the first rule set, which reads
        # the moderators' lists from PostgreSQL: stop it only once loaded
        # (with an empty rule cache the first load takes seconds)
        harness.wait_until(
            lambda: c.get("/healthz/ready").json()["rules_reload"][
                "loaded"], timeout=300, what="first rule set loaded")
        home = c.get("/")                   # anonymous: fills the page cache
        m = STYLESHEET.search(home.body)
        cls.asset = m.group(1) if m else None
        cls.home = home

    @classmethod
    def tearDownClass(cls):
        try:
            harness.start_pg()
            harness.start_redis()
        finally:
            super().tearDownClass()

    def health(self):
        r = self.client().get("/healthz")
        return r, r.json()

    def test_1_postgres_down(self):
        self.assertStatus(self.home, 200)
        self.assertIsNotNone(self.asset, "no stylesheet link on /")
        self.assertStatus(self.client().get("/c/account"), 200)
        harness.stop_pg()

        r = self.client().get("/c/account")
        self.assertHtmlPage(r, 503)
        self.assertTrue(r.headers.get("Retry-After"), "no Retry-After")
        self.assertTrue(r.headers.get("Retry-After").strip().isdigit())

        # Every kind of page that reads the store: 503 from the one place
        # that turns a store failure into an answer (the dispatcher),
        # never 500 and never a half page.
        for path in ("/c/account?page=2", "/t/1?x=1", "/search?q=2FA",
                     "/u/1", "/official?q=help.example.com", "/moderation",
                     "/p/1/history", "/staff?x=1"):
            r = self.client().get(path)
            self.assertEqual(r.status, 503, "%s: %s" % (path, r.body[-300:]))
            self.assertHtmlPage(r, 503)
        r = self.client().get("/api/v1/threads/1")
        self.assertStatus(r, 503, "API while PostgreSQL is down")
        self.assertIn("unavailable", r.body)
        self.assertNotIn("handler gave no answer", self.server.log())

        r, j = self.health()
        self.assertStatus(r, 503)
        self.assertEqual(j.get("postgres"), "down", j)
        self.assertEqual(j.get("redis"), "ok", j)

        for _ in range(3):
            r = self.client().get(self.asset)
            self.assertStatus(r, 200, self.asset)
            r = self.client().get("/")
            self.assertStatus(r, 200, "cached / while PostgreSQL is down")
            self.assertEqual(r.body, self.home.body)
        r = self.client().get("/", headers={"Accept-Encoding": "gzip"})
        self.assertStatus(r, 200, "cached gzipped /")

    def test_2_postgres_back(self):
        harness.start_pg()
        # anonymous lists read through the read pool, /healthz through
        # its app thread's own connection, which retries a second after
        # its last failure (DB_RETRY_US): both within the same 10 s
        # (several in a row: each request may reach another app thread,
        # whose connection retries on its own clock)
        harness.wait_until(
            lambda: self.client().get("/c/account").status == 200 and
            all(self.client().get("/healthz").status == 200
                for _ in range(8)),
            timeout=10, what="/c/account and /healthz 200 after "
            "PostgreSQL restart")
        r, j = self.health()
        self.assertStatus(r, 200)
        self.assertEqual(j.get("status"), "ok", j)
        self.assertEqual(j.get("postgres"), "ok", j)

    def test_3_redis_down(self):
        harness.stop_redis()
        r, j = self.health()
        self.assertStatus(r, 200)
        self.assertEqual(j.get("redis"), "down", j)
        self.assertEqual(j.get("status"), "degraded", j)
        self.assertEqual(j.get("postgres"), "ok", j)
        for path in ("/", "/c/account", self.asset):
            self.assertStatus(self.client().get(path), 200, path)
        c = self.client()
        r = c.get("/c/account", headers={"Accept-Language": "en"})
        self.assertStatus(r, 200)

    def test_4_redis_back(self):
        harness.start_redis()

        def ok():
            r, j = self.health()
            return r.status == 200 and j.get("status") == "ok" and \
                j.get("redis") == "ok"
        harness.wait_until(ok, timeout=10,
                           what="/healthz ok after Redis restart")
        self.assertStatus(self.client().get("/c/account"), 200)


if __name__ == "__main__":
    harness.main()
