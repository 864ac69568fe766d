#!/usr/bin/env python3
"""bench/signin.py: sign-ins per second and median time (not a test).

Usage (after `make`): python3 bench/signin.py [SECONDS] [CONCURRENCY]
Starts PostgreSQL + Redis in a throw-away directory (scripts/stack.sh),
migrates, loads the demo, runs build/sodan on a free loopback port, and
signs the demo user kenji_t in over and over from CONCURRENCY threads (each
with its own cookie jar and CSRF token) for SECONDS.  Every sign-in runs one
argon2id verification (libsodium crypto_pwhash_str_verify at the
interactive limits: opslimit 2, memlimit 64 MiB) and creates a session row.
Prints the figures and appends a row to docs/performance.md unless
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
os.environ.setdefault("SODAN_BIN", os.path.join(ROOT, "build", "sodan"))
harness.BIN = os.environ["SODAN_BIN"]


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
    load = os.getloadavg()[0]
    row = "| %s | %s | %d | %.2f | %d | %d | %.1f | %.1f | %.1f | %d |" % (
        datetime.date.today(), rev, os.cpu_count(), load, CONC, len(lat),
        rate, med, p95, len(errors))
    print("sign-ins/s %.1f, median %.1f ms, p95 %.1f ms, errors %d"
          % (rate, med, p95, len(errors)))
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
        text = text.rstrip("\n") + "\n" + row + "\n"
        open(path, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
