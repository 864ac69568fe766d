#!/usr/bin/env python3
"""t292_cache_coalescing: one render per page under a stampede.

A cold thread page is asked for by 16 anonymous clients at once while its
render is held up (a psql session holds an exclusive lock on threads for
1.2 s, so the first render waits in PostgreSQL): the other requests wait
for that render on the app threads (pcache_claim) or find its copy, so
sodan_page_cache_renders_total grows by exactly one and
sodan_page_cache_coalesced_total by at least the app threads that waited.
Every client gets the whole page; the event loops keep answering
meanwhile: a cached page (home) is served while the lock is still held.
"""

import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

N = 16


def metric(body, name):
    return int(re.search(r"^%s (\d+)$" % name, body, re.M).group(1))


class Coalescing(harness.ServerTest):
    demo = True

    def metrics(self):
        r = self.client().get("/metrics")
        self.assertStatus(r, 200)
        return r.body

    def test_one_render_per_key(self):
        asker = Session(self, "coalesce_asker")
        tid = asker.ask("Coalescing: many readers at once",
                        "A thread many people open at the same moment, "
                        "with enough words in it.", "deposits")
        path = "/t/%d" % tid
        self.client().get("/")
        self.assertEqual(self.client().get("/").headers.get("X-Cache"),
                         "hit")
        m0 = self.metrics()
        lock = subprocess.Popen(
            [harness.PSQL, "-h", os.path.join(harness.test_dir(), "run"),
             "-U", "sodan", "-X", "-q", "-c",
             "BEGIN; LOCK TABLE threads IN ACCESS EXCLUSIVE MODE; "
             "SELECT pg_sleep(1.2); COMMIT;", "sodan"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        harness.wait_until(lambda: harness.psql(
            "SELECT count(*) FROM pg_locks WHERE relation = "
            "'threads'::regclass AND mode = 'AccessExclusiveLock' AND "
            "granted") == "1", timeout=10, interval=0.02,
            what="the lock taken")
        out = [None] * N

        def get(i):
            out[i] = self.client().get(path)

        ts = [threading.Thread(target=get, args=(i,)) for i in range(N)]
        for t in ts:
            t.start()
        time.sleep(0.3)
        home = self.client().get("/")
        self.assertEqual(home.headers.get("X-Cache"), "hit")
        self.assertIsNone(lock.poll(), "the lock was released already")
        for t in ts:
            t.join(30)
        self.assertEqual(lock.wait(30), 0, lock.stderr.read())
        for r in out:
            self.assertHtmlPage(r, 200)
            self.assertIn("many readers at once", r.body)
        m1 = self.metrics()
        renders = (metric(m1, "sodan_page_cache_renders_total") -
                   metric(m0, "sodan_page_cache_renders_total"))
        waited = (metric(m1, "sodan_page_cache_coalesced_total") -
                  metric(m0, "sodan_page_cache_coalesced_total"))
        print("  %d requests: %d render, %d waited for it" % (N, renders,
                                                             waited))
        self.assertEqual(renders, 1)
        self.assertGreaterEqual(waited, 1)
        self.assertEqual(self.client().get(path).headers.get("X-Cache"),
                         "hit")


if __name__ == "__main__":
    harness.main()
