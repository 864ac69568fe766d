#!/usr/bin/env python3
"""t145_pcache_instances: the anonymous page cache across two instances.

Two servers share one PostgreSQL and one Redis ([server] page_cache_poll_ms
= 200, the default).  A write on A appends its keys to the stream
{sodan:pages}:inval; B's poller reads them and drops B's pages of those keys, so an answer posted through A shows on B's
cached thread page within about one poll.  With Redis stopped, B cannot see
writes: it serves no cached page older than 5 polls (1 s), so a change B
never heard of shows within that bound.  Whether B serves from its cache is
checked by changing a thread's title behind sodan's back (psql): a cached
page keeps the old title."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, q  # noqa: E402
from t070_ratelimit import redis  # noqa: E402

POLL = 0.2                  # [server] page_cache_poll_ms in conf/sodan.conf
BOUND = 5 * POLL            # PCACHE_STALE_POLLS polls (app/http/pcache.h)
SLACK = 2.0                 # a loaded machine running the sanitizer build


class PcacheInstances(harness.ServerTest):
    demo = True                 # the categories

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = harness.Server(name="t145-second").start()

    @classmethod
    def tearDownClass(cls):
        try:
            harness.start_redis()
        finally:
            problems = cls.other.stop()
            super().tearDownClass()
        if problems:
            raise AssertionError("second server: " + "; ".join(problems))

    def b_get(self, tid):
        r = self.other.client().get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        return r.body

    def cached_on_b(self, tid, title):
        """Fills B's cache with /t/tid, then changes the title in the
        database only: B must keep serving the old one (from its cache).
        First B's poller must have seen the generation bumped by the ask on
        A (else it may drop the page in the middle of this check)."""
        time.sleep(BOUND)
        self.b_get(tid)
        self.assertIn(title, self.b_get(tid))
        harness.psql("UPDATE threads SET title = %s WHERE id = %d"
                     % (q(title + " renamed"), tid))
        self.assertIn(title, self.b_get(tid))
        self.assertNotIn(title + " renamed", self.b_get(tid),
                         "B did not answer from its page cache")

    def test_1_answer_on_a_shows_on_b(self):
        asker = Session(self, "pc_asker1")
        helper = Session(self, "pc_helper1")
        title = "Pcache one: do both instances agree"
        tid = asker.ask(title, "Asked on instance A.", "trading")
        self.cached_on_b(tid, title)
        gen = int(redis("XLEN", "{sodan:pages}:inval") or 0)

        helper.answer(tid, "An answer written through instance A.")
        t0 = time.monotonic()
        self.assertGreater(int(redis("XLEN", "{sodan:pages}:inval") or 0),
                           gen, "the write did not reach the shared stream")
        harness.wait_until(
            lambda: "An answer written through instance A." in self.b_get(tid),
            timeout=POLL + SLACK, interval=0.05,
            what="A's answer on B's cached page")
        elapsed = time.monotonic() - t0
        body = self.b_get(tid)
        self.assertIn(title + " renamed", body)     # the whole page is new
        print("  B showed A's answer after %.2f s" % elapsed)

    def test_2_redis_down_bounds_staleness(self):
        asker = Session(self, "pc_asker2")
        helper = Session(self, "pc_helper2")
        title = "Pcache two: Redis goes away"
        tid = asker.ask(title, "Asked before Redis stops.", "trading")
        self.cached_on_b(tid, title)
        harness.stop_redis()
        try:
            t0 = time.monotonic()
            # A's write still succeeds; its INCR is owed until Redis is back.
            helper.answer(tid, "An answer while Redis is down.")
            harness.wait_until(
                lambda: title + " renamed" in self.b_get(tid),
                timeout=BOUND + POLL + SLACK, interval=0.05,
                what="B's stale page dropped within the bound")
            elapsed = time.monotonic() - t0
            self.assertIn("An answer while Redis is down.", self.b_get(tid))
            print("  B dropped its stale page %.2f s after Redis stopped"
                  % elapsed)
            self.assertIn("cannot be read", self.other.log())
        finally:
            harness.start_redis()
        harness.wait_until(
            lambda: self.other.client().get("/healthz").json()["status"]
            == "ok", what="B healthy after Redis is back")

        # Redis back: B's poller reads the key again and B caches for longer
        # than the bound again.
        title3 = "Pcache three: Redis is back"
        tid3 = asker.ask(title3, "Asked after Redis is back.", "trading")
        # Both pollers read again (A's pays the INCR it owes first).
        for srv in (self.server, self.other):
            harness.wait_until(lambda: "can be read again" in srv.log(),
                               timeout=5, what="a poller reading again")
        self.cached_on_b(tid3, title3)
        time.sleep(BOUND + 0.5)
        self.assertNotIn(title3 + " renamed", self.b_get(tid3),
                         "B's cache no longer holds pages once Redis is back")


if __name__ == "__main__":
    harness.main()
