#!/usr/bin/env python3
"""bench/cache_writes.py: the anonymous page cache under a steady stream
of writes (invalidation by key).

Starts a throw-away PostgreSQL + Redis and the server (SODAN_BIN, default
build/sodan) through the test harness, makes 40 threads, then for
--seconds (10) runs 4 anonymous readers that open random pages among the
40 threads and home, while one member writes every 50 ms: a vote on an
answer of thread 1, a visible answer to thread 2, and an answer the
filters hold, in turn.  Prints the reads, the share answered from the
cache (X-Cache: hit), the writes by kind and the renders counted by
/metrics (sodan_page_cache_renders_total): the figures in
docs/performance.md ("Page cache under writes").

    SODAN_BIN=build/sodan python3 bench/cache_writes.py --seconds 10
"""

import os
import random
import re
import sys
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
os.environ.setdefault("SODAN_BIN", os.path.join(ROOT, "build", "sodan"))
import harness  # noqa: E402
from modq_util import user, sign_in, post_form, thread, post  # noqa: E402


def metric(body, name):
    return int(re.search(r"^%s (\d+)$" % name, body, re.M).group(1))


def main():
    secs = 10.0
    if "--seconds" in sys.argv:
        secs = float(sys.argv[sys.argv.index("--seconds") + 1])
    srv = harness.Server(name="cache_writes").start()
    try:
        run(srv, secs)
    finally:
        srv.stop()
        harness._stop_own_stack()   # the throw-away PostgreSQL and Redis


def run(srv, secs):
    tag = uuid.uuid4().hex[:6]
    asker = user("cw_asker_" + tag)
    tids = [thread(asker, "Cache under writes %d" % i)[0] for i in range(40)]
    target = post(tids[0], asker, "Send the transaction hash to support.")
    member = user("cw_member_" + tag, trust=2)
    newbie = user("cw_new_" + tag, trust=0, age_days=0)
    w = srv.client()
    w.port = srv.port
    sign_in(w, member)
    n = srv.client()
    n.port = srv.port
    sign_in(n, newbie)
    pages = ["/t/%d" % t for t in tids] + ["/"]
    warm = srv.client()
    for p in pages:
        warm.get(p)
    m0 = srv.client().get("/metrics").body
    stop = threading.Event()
    counts = {}
    lock = threading.Lock()

    def reader(seed):
        rnd = random.Random(seed)
        c = srv.client()
        mine = {}
        while not stop.is_set():
            r = c.get(rnd.choice(pages))
            k = "%d %s" % (r.status, r.headers.get("X-Cache") or "-")
            mine[k] = mine.get(k, 0) + 1
        with lock:
            for k, v in mine.items():
                counts[k] = counts.get(k, 0) + v

    readers = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for t in readers:
        t.start()
    writes = {}
    end = time.monotonic() + secs
    i = 0
    while time.monotonic() < end:
        kind = ("vote", "answer", "held")[i % 3]
        if kind == "vote":
            r = post_form(w, "/p/%d/vote" % target, {})
        elif kind == "answer":
            r = post_form(w, "/t/%d/answer" % tids[1], {
                "body": "Answer %d: check the network and the memo tag "
                "before you send it again." % i})
        else:
            r = post_form(n, "/t/%d/answer" % tids[2], {
                "body": "Call the recovery desk at +1-888-%03d-%04d now."
                % (i % 1000, i)})
        key = "%s %d" % (kind, r.status)
        writes[key] = writes.get(key, 0) + 1
        i += 1
        time.sleep(0.05)
    stop.set()
    for t in readers:
        t.join()
    m1 = srv.client().get("/metrics").body
    reads = sum(counts.values())
    hits = sum(v for k, v in counts.items() if k.endswith(" hit"))
    print("reads: %d in %.0f s (%s)" % (reads, secs, ", ".join(
        "%s: %d" % kv for kv in sorted(counts.items()))))
    print("answered from the cache: %.1f %%" % (100.0 * hits / max(reads, 1)))
    print("writes: %s" % ", ".join("%s: %d" % kv for kv in
                                     sorted(writes.items())))
    for name in ("renders", "stores", "invalidations", "coalesced"):
        full = "sodan_page_cache_%s_total" % name
        print("%s: %d" % (name, metric(m1, full) - metric(m0, full)))


if __name__ == "__main__":
    main()
