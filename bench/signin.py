#!/usr/bin/env python3
"""bench/signin.py: sign-ins per second and median time, and what a
sign-in flood does to pages that need no sign-in (not a test).

Usage (after `make`): python3 bench/signin.py [SECONDS] [CONCURRENCY] [FLOOD]
Starts PostgreSQL + Redis in a throw-away directory (scripts/stack.sh),
migrates, loads the demo, runs build/sodan on a free loopback port, and
signs the demo user kenji_t in over and over from CONCURRENCY threads (each
with its own cookie jar and CSRF token) for SECONDS.  Every sign-in runs one
argon2id verification (libsodium crypto_pwhash_str_verify at the
interactive limits: opslimit 2, memlimit 64 MiB) and creates a session row.

Then the flood: FLOOD sign-in threads (default 24, more than the 8 app
threads) for SECONDS while one client fetches an anonymous page that the
page cache does not answer (/c/account?page=1: category pages are never
cached and a query string skips the cache anyway) back to back, timing
each; first with every app thread allowed to hash ([server] hash_threads =
app_threads, as before the hashing gate), then with the default (half of
them).  The page is also timed alone for the same time, as the baseline.
Prints the figures and appends rows to docs/performance.md unless
BENCH_NO_WRITE=1.
"""
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
import harness  # noqa: E402

SECS = float(sys.argv[1]) if len(sys.argv) > 1 else 10
CONC = int(sys.argv[2]) if len(sys.argv) > 2 else 8
FLOOD = int(sys.argv[3]) if len(sys.argv) > 3 else 24
APP_THREADS = 8
PAGE = "/c/account?page=1"
os.environ.setdefault("SODAN_BIN", os.path.join(ROOT, "build", "sodan"))
harness.BIN = os.environ["SODAN_BIN"]


def pct(xs, p):
    """The p-th percentile (0..100) of xs in ms; 0 when empty."""
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))] * 1000


def probe(srv, stop, out, statuses):
    """GET PAGE back to back until stop; latencies (s) into out."""
    c = srv.client()
    while time.monotonic() < stop:
        t0 = time.monotonic()
        try:
            st = c.get(PAGE).status
        except OSError:             # timed out: counted at its wait
            st = "timeout"
        out.append(time.monotonic() - t0)
        statuses[st] = statuses.get(st, 0) + 1


def flood(srv, secs, nthreads):
    """Sign-in flood with the probe; a dict of figures."""
    lat, st, page, pst = [], {}, [], {}
    lock = threading.Lock()
    stop = time.monotonic() + secs

    def worker():
        c = srv.client()
        c.csrf_token("/login")
        while time.monotonic() < stop:
            t0 = time.monotonic()
            try:
                r = c.post("/login", {"username": "kenji_t",
                                      "password": "sodan-demo-2026"},
                           csrf=True)
            except OSError:         # timed out in the queue
                with lock:
                    st["timeout"] = st.get("timeout", 0) + 1
                continue
            dt = time.monotonic() - t0
            with lock:
                st[r.status] = st.get(r.status, 0) + 1
                if r.status == 303:
                    lat.append(dt)
            c.cookies.pop("sodan_session", None)

    ts = [threading.Thread(target=worker) for _ in range(nthreads)]
    for t in ts:
        t.start()
    time.sleep(1.0)             # let the flood fill the queue first
    probe(srv, stop, page, pst)
    for t in ts:
        t.join()
    return {"signins": st.get(303, 0), "busy": st.get(503, 0),
            "timeouts": st.get("timeout", 0),
            "other": sum(v for k, v in st.items()
                         if k not in (303, 503, "timeout")),
            "rate": st.get(303, 0) / secs, "p50": pct(page, 50),
            "p99": pct(page, 99), "pages": len(page),
            "page_errors": sum(v for k, v in pst.items() if k != 200)}


def main():
    srv = harness.Server(demo=True, name="bench-signin").start()
    lat, errors = [], []
    lock = threading.Lock()
    stop = time.monotonic() + SECS

    def worker():
        c = srv.client()
        c.csrf_token("/login")
        while time.monotonic() < stop:
            t0 = time.monotonic()
            r = c.post("/login", {"username": "kenji_t",
                                  "password": "sodan-demo-2026"}, csrf=True)
            dt = time.monotonic() - t0
            with lock:
                (lat if r.status == 303 else errors).append(dt)
            c.cookies.pop("sodan_session", None)

    t0 = time.monotonic()
    ts = [threading.Thread(target=worker) for _ in range(CONC)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.monotonic() - t0
    srv.stop()
    rate = len(lat) / wall
    med = statistics.median(lat) * 1000 if lat else 0
    p95 = sorted(lat)[int(len(lat) * 0.95)] * 1000 if lat else 0
    rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip()
    if subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "app"],
                      capture_output=True, text=True).stdout.strip():
        rev += "+changes"       # measured code is not that commit's
    load = os.getloadavg()[0]
    row = "| %s | %s | %d | %.2f | %d | %d | %.1f | %.1f | %.1f | %d |" % (
        datetime.date.today(), rev, os.cpu_count(), load, CONC, len(lat),
        rate, med, p95, len(errors))
    print("sign-ins/s %.1f, median %.1f ms, p95 %.1f ms, errors %d"
          % (rate, med, p95, len(errors)))

    # The flood, with and without the hashing gate.
    frows = []
    for label, hash_threads in (("every app thread", APP_THREADS),
                                ("default (half)", 0)):
        conf = ("[server]\napp_threads = %d\nhash_threads = %d\n"
                % (APP_THREADS, hash_threads))
        fs = harness.Server(demo=False, conf=conf,
                            name="bench-signin-flood").start()
        base, bst = [], {}
        probe(fs, time.monotonic() + min(SECS, 5), base, bst)
        load = os.getloadavg()[0]
        f = flood(fs, SECS, FLOOD)
        fs.stop()
        print("%s hash at once: page alone p50 %.1f ms p99 %.1f ms; during "
              "%d sign-in threads p50 %.1f ms p99 %.1f ms (%d pages, %d not "
              "200); sign-ins %d (%.1f/s), 503 busy %d, timed out %d, other %d"
              % (label, pct(base, 50), pct(base, 99), FLOOD, f["p50"],
                 f["p99"], f["pages"], f["page_errors"], f["signins"],
                 f["rate"], f["busy"], f["timeouts"], f["other"]))
        frows.append("| %s | %s | %d | %.2f | %d/%d | %s | %d | %.1f | %.1f "
                     "| %.1f | %.1f | %d | %.1f | %d |" % (
                         datetime.date.today(), rev, os.cpu_count(), load,
                         APP_THREADS, hash_threads or APP_THREADS // 2,
                         label, FLOOD, pct(base, 50), pct(base, 99),
                         f["p50"], f["p99"], f["signins"], f["rate"],
                         f["busy"]))
    if os.environ.get("BENCH_NO_WRITE") != "1":
        path = os.path.join(ROOT, "docs", "performance.md")
        text = open(path, encoding="utf-8").read()
        head = "## Sign-in (argon2id)"
        if head not in text:
            text += ("\n%s\n\nMeasured by `bench/signin.py` (optimized build, "
                     "loopback, Python client threads). Each sign-in verifies "
                     "one argon2id hash at libsodium's interactive limits "
                     "(opslimit 2, memlimit 64 MiB: crypto_pwhash_OPSLIMIT/"
                     "MEMLIMIT_INTERACTIVE), checks the Redis guard and "
                     "writes a session row. Pages that need no sign-in never "
                     "hash: the cost is paid only by POST /login, /register "
                     "and password changes.\n\n| date | commit | nproc | load "
                     "| clients | sign-ins | per second | median ms | p95 ms "
                     "| errors |\n|---|---|---|---|---|---|---|---|---|---|\n"
                     % head)
        text = insert_row(text, head, row)
        head = "## Anonymous pages during a sign-in flood"
        if head not in text:
            text += ("\n%s\n\nMeasured by `bench/signin.py` (third "
                     "argument: flood threads). One client fetches `%s` "
                     "(never cached) back to back, alone and then while the "
                     "flood signs in; \"app/hash\" is app threads / threads "
                     "that may hash at once (`[server] hash_threads`).\n\n"
                     "| date | commit | nproc | load | app/hash | hashing | "
                     "flood threads | alone p50 ms | alone p99 ms | flood p50 "
                     "ms | flood p99 ms | sign-ins | per second | 503 busy "
                     "|\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
                     "---|\n" % (head, PAGE))
        for fr in frows:
            text = insert_row(text, head, fr)
        open(path, "w", encoding="utf-8").write(text)


def insert_row(text, head, row):
    """Appends row to the table that follows heading head."""
    at = text.index(head)
    lines = text[at:].split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("|"))
    while i < len(lines) and lines[i].startswith("|"):
        i += 1
    lines.insert(i, row)
    return text[:at] + "\n".join(lines)


if __name__ == "__main__":
    main()
