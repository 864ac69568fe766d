#!/usr/bin/env python3
"""t181_health_metrics: liveness, readiness, graceful drain and /metrics.

/healthz/live answers without touching a store.  /healthz/ready is 200 only
with the moderation rules compiled (it reports their version), the schema
this binary knows and PostgreSQL writable; a read-only PostgreSQL makes it
503 "postgres not writable" unless [server] read_only declares read-only
mode.  On SIGTERM with [server] drain_ms, ready turns 503 at once while
pages are still served, then the server stops and exits 0.  /metrics is
Prometheus text with per-route counts and latency histograms, pools and
Redis role; it is refused (403, in the visitor's language) to an address
outside [metrics] allow unless the bearer token is sent."""

import http.client
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

TOKEN = "t181-metrics-token-0123456789"


def ready_json(c):
    r = c.get("/healthz/ready")
    return r.status, r.json()


class Health(harness.ServerTest):
    demo = True
    conf = "[metrics]\nallow = 10.9.0.0/16\ntoken = %s\n" % TOKEN

    @classmethod
    def tearDownClass(cls):
        try:
            harness.psql("ALTER SYSTEM RESET default_transaction_read_only")
            harness.psql("SELECT pg_reload_conf()")
        finally:
            super().tearDownClass()

    def test_1_live(self):
        r = self.client().get("/healthz/live")
        self.assertStatus(r, 200)
        self.assertEqual(r.json(), {"live": True})
        self.assertEqual(r.headers.get("Cache-Control"), "no-store")

    def test_2_ready(self):
        c = self.client()
        st, j = harness.wait_until(
            lambda: (lambda s: s[0] == 200 and s)(ready_json(c)),
            timeout=120, what="ready (rules compiled)")
        self.assertTrue(j["ready"])
        self.assertEqual(j["not_ready"], [])
        self.assertRegex(j["rules"], r"^\d+ rules, sha256:[0-9a-f]{12}$")
        self.assertEqual(j["schema"]["have"], j["schema"]["known"])
        self.assertEqual(j["postgres"], "writable")
        self.assertFalse(j["draining"])

    def test_3_ready_needs_writable_postgres(self):
        c = self.client()
        harness.wait_until(lambda: ready_json(c)[0] == 200, timeout=120,
                           what="ready")
        # A second server in declared read-only mode, with a URL that
        # accepts a read-only server (started while the schema can still
        # be migrated).
        env = harness.stack_env()
        srv = harness.Server(conf="[server]\nread_only = true\n",
                             extra_env={"SODAN_DATABASE_URL":
                                        env["SODAN_DATABASE_URL"] +
                                        " target_session_attrs=any"},
                             name="t181-ro").start()
        harness.psql("ALTER SYSTEM SET default_transaction_read_only = on")
        harness.psql("SELECT pg_reload_conf()")
        try:
            st, j = harness.wait_until(
                lambda: (lambda s: s[0] == 503 and s)(ready_json(c)),
                what="not ready")
            self.assertFalse(j["ready"])
            self.assertTrue(any("postgres" in w for w in j["not_ready"]), j)
            st, j = harness.wait_until(
                lambda: (lambda s: s[0] == 200 and s)(
                    ready_json(srv.client())),
                timeout=120, what="ready in read-only mode")
            self.assertEqual(j["postgres"], "read-only")
            self.assertTrue(j["read_only_mode"])
        finally:
            harness.psql("ALTER SYSTEM RESET default_transaction_read_only")
            harness.psql("SELECT pg_reload_conf()")
            self.assertEqual(srv.stop(), [])
        harness.wait_until(lambda: ready_json(c)[0] == 200, timeout=15,
                           what="ready again")

    def test_4_metrics_refused_outside_allow(self):
        # 127.0.0.1 is not in allow (10.9.0.0/16) here.
        r = self.client().get("/metrics", headers={"Accept-Language": "en"})
        self.assertStatus(r, 403)
        self.assertIn("metrics token", r.body)
        self.assertNotIn("sodan_modq", r.body)
        r = self.client().get("/metrics", headers={"Accept-Language": "ja"})
        self.assertStatus(r, 403)
        self.assertIn("トークン", r.body)
        r = self.client().get("/metrics", headers={
            "Authorization": "Bearer " + TOKEN[:-1] + "x"})
        self.assertStatus(r, 403)

    def test_5_metrics_with_token(self):
        c = self.client()
        for _ in range(3):
            c.get("/healthz/live")
        c.get("/no/such/page")
        r = c.get("/metrics", headers={"Authorization": "Bearer " + TOKEN})
        self.assertStatus(r, 200)
        self.assertTrue(r.content_type.startswith("text/plain"))
        b = r.body
        m = re.search(r'^sodan_http_requests_total\{route="/healthz/live",'
                      r'method="GET",code="2xx"\} (\d+)$', b, re.M)
        self.assertTrue(m, b[:2000])
        self.assertGreaterEqual(int(m.group(1)), 3)
        self.assertRegex(b, r'sodan_http_requests_total\{route="\(none\)",'
                         r'method="ANY",code="4xx"\} [1-9]')
        # A histogram: cumulative buckets ending at +Inf == _count.
        inf = re.search(r'^sodan_http_request_duration_seconds_bucket\{'
                        r'route="/healthz/live",method="GET",le="\+Inf"\} '
                        r'(\d+)$', b, re.M)
        cnt = re.search(r'^sodan_http_request_duration_seconds_count\{'
                        r'route="/healthz/live",method="GET"\} (\d+)$', b,
                        re.M)
        self.assertTrue(inf and cnt, b[:3000])
        self.assertEqual(inf.group(1), cnt.group(1))
        buckets = [int(x) for x in re.findall(
            r'^sodan_http_request_duration_seconds_bucket\{route="/healthz/'
            r'live",method="GET",le="[^"]+"\} (\d+)$', b, re.M)]
        self.assertEqual(buckets, sorted(buckets))
        for name in ("sodan_db_connections_open", "sodan_jobs_waiting",
                     "sodan_app_threads 8", "sodan_redis_up 1",
                     'sodan_redis_role{role="master"} 1',
                     "sodan_pagegen_owed_seconds 0.000",
                     "sodan_db_prepared_statements 1", "sodan_modq_size"):
            self.assertIn(name, b)
        # Every non-comment line is "name{labels} value" or "name value".
        for line in b.splitlines():
            if line and not line.startswith("#"):
                self.assertRegex(line, r'^[a-z0-9_]+(\{[^}]*\})? [0-9.e+-]+$')

    def test_6_drain_on_sigterm(self):
        srv = harness.Server(conf="[server]\ndrain_ms = 2000\n",
                             name="t181-drain").start()
        c = srv.client()
        harness.wait_until(lambda: ready_json(c)[0] == 200, timeout=120,
                           what="ready")
        # An idle keep-alive connection (as HAProxy and browsers keep)
        # stays open through the drain: the server still ends cleanly
        # (h2o 2.2 asserted on its pending timeout and aborted).
        idle = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        idle.request("GET", "/healthz/live")
        self.assertEqual(idle.getresponse().read()[:1], b"{")
        srv.send_signal(signal.SIGTERM)
        t0 = time.monotonic()
        # The signal reaches the loop asynchronously: ready turns 503
        # within a moment (a loaded machine may answer one 200 first).
        seen = []
        harness.wait_until(lambda: seen.append(ready_json(srv.client()))
                           or seen[-1][0] == 503, timeout=1.0, interval=0.05,
                           what="ready answering 503 after SIGTERM")
        st, j = seen[-1]
        self.assertEqual(st, 503)
        self.assertIn("stopping", j["not_ready"])
        self.assertTrue(j["draining"])
        # Still serving pages during the drain.
        r = srv.client().get("/c/account")
        self.assertEqual(r.status, 200)
        self.assertLess(time.monotonic() - t0, 2.0)
        srv.proc.wait(30)
        self.assertGreaterEqual(time.monotonic() - t0, 1.5)
        self.assertEqual(srv.proc.returncode, 0, srv.log()[-2000:])
        self.assertNotIn("Assertion", srv.log())
        idle.close()
        self.assertIn("draining for 2000 ms", srv.log())
        self.assertEqual(srv.stop(), [])

    def test_7_failed_generation_incr_is_not_silent(self):
        # The invalidation stream's key holds a list: XADD answers
        # WRONGTYPE.  The entry must be owed (not dropped), logged with its
        # age and exported, and paid once the stream can be written again.
        m = lambda: self.client().get("/metrics", headers={  # noqa: E731
            "Authorization": "Bearer " + TOKEN}).body
        before = int(re.search(r"sodan_pagegen_incr_failures_total (\d+)",
                               m()).group(1))
        harness.redis("DEL", "{sodan:pages}:inval")
        harness.redis("RPUSH", "{sodan:pages}:inval", "not-a-stream")
        try:
            s = Session(self, "t181_writer", trust=2)
            s.ask("Generation owed", "A question asked while the page-cache "
                  "generation cannot be incremented, long enough.")
            harness.wait_until(lambda: "has been owed for" in
                               self.server.log(), what="owed increment "
                               "logged")
            b = m()
            self.assertGreater(int(re.search(
                r"sodan_pagegen_incr_failures_total (\d+)", b).group(1)),
                before)
            self.assertGreater(float(re.search(
                r"sodan_pagegen_owed_seconds ([0-9.]+)", b).group(1)), 0)
        finally:
            harness.redis("DEL", "{sodan:pages}:inval")
        # The poller pays it: the stream has an entry and nothing is owed.
        harness.wait_until(lambda: int(harness.redis(
            "XLEN", "{sodan:pages}:inval") or 0) >= 1, what="entry paid")
        harness.wait_until(lambda: "sodan_pagegen_owed_seconds 0.000" in
                           m(), what="nothing owed")


if __name__ == "__main__":
    harness.main()
