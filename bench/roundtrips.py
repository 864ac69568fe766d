#!/usr/bin/env python3
"""bench/roundtrips.py: the round trips of one POST answer.

Starts a throw-away PostgreSQL + Redis and the server (SODAN_BIN, default
build/sodan) through the test harness, signs a member in, posts a few
answers to warm the connections (statements are prepared once per
connection), then posts one more answer while PostgreSQL logs every
statement (log_statement = all, through ALTER SYSTEM) and Redis MONITOR
records every command.  Prints the statements the request's backend ran
(by the PID in the log line) and the Redis commands seen in the window,
with their counts: the figures in docs/performance.md ("Round trips of one
POST answer").

    SODAN_BIN=build/sodan python3 bench/roundtrips.py
    SODAN_BIN=build/sodan python3 bench/roundtrips.py --durations 200
    SODAN_BIN=build/sodan python3 bench/roundtrips.py --wrk 5 16

--durations N posts N more answers one after another with
log_min_duration_statement = 0 and prints, per statement of the
request's backend, how often it ran and its mean and total server-side
time: where the database's share of an answer goes.

--wal prints what one update of the thread writes (WAL records and
bytes, HOT or not) as a recount, as an increment, and as an update of a
column no index reads.

--wrk SECONDS CONNS posts answers with wrk (bench/scenario.lua) to 200
threads of an otherwise empty forum: a quick before/after comparison of
two builds on the throw-away stack (bench/app.sh measures on the large
data set).
"""

import os
import re
import socket
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
os.environ.setdefault("SODAN_BIN", os.path.join(ROOT, "build", "sodan"))
import harness  # noqa: E402
from modq_util import user, sign_in, post_form, thread, uniq  # noqa: E402


def monitor(stop, out):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(os.path.join(harness.test_dir(), "run", "redis.sock"))
    s.sendall(b"*1\r\n$7\r\nMONITOR\r\n")
    s.settimeout(0.2)
    buf = b""
    while not stop.is_set():
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        if not d:
            break
        buf += d
    s.close()
    for line in buf.decode("utf-8", "replace").split("\r\n"):
        if line.startswith("+") and "[" in line:
            out.append(line[1:])


def durations(srv, c, tid, body, n, pglog):
    """Posts n answers with every statement's duration logged; prints the
    statements by total time."""
    harness.psql("ALTER SYSTEM SET log_min_duration_statement = 0")
    harness.psql("SELECT pg_reload_conf()")
    time.sleep(1.0)
    mark = os.path.getsize(pglog)
    before = table_stats()
    t0 = time.monotonic()
    for i in range(n):
        r = post_form(c, "/t/%d/answer" % tid, {"body": body % (1000 + i)})
        assert r.status == 303, r.body[:300]
    wall = time.monotonic() - t0
    harness.psql("ALTER SYSTEM RESET log_min_duration_statement")
    harness.psql("SELECT pg_reload_conf()")
    with open(pglog, encoding="utf-8", errors="replace") as f:
        f.seek(mark)
        text = f.read()
    agg = {}
    for m in re.finditer(r"\[(\d+)\] LOG:  duration: ([0-9.]+) ms  "
                         r"(?:statement|execute [^:]*): (.*)", text):
        key = re.sub(r"\s+", " ", m.group(3))[:100]
        if "ALTER SYSTEM" in key or "pg_reload_conf" in key:
            continue
        k = agg.setdefault(key, [0, 0.0, []])
        k[0] += 1
        k[1] += float(m.group(2))
        k[2].append(float(m.group(2)))
    total = sum(v[1] for v in agg.values())
    print("%d answers in %.2f s (one client, one at a time): %.2f ms each; "
          "server-side SQL %.2f ms per answer" % (n, wall, wall * 1000 / n,
                                                  total / n))
    us = sorted(int(m.group(1)) for m in re.finditer(
        r"method=POST path=/t/%d/answer status=303 \S+ us=(\d+)" % tid,
        "\n".join(srv.access_lines()[-n:])))
    if us:
        print("in the server (access log, socket to socket): median %.2f ms,"
              " p99 %.2f ms" % (us[len(us) // 2] / 1000,
                                us[min(len(us) - 1, len(us) * 99 // 100)]
                                / 1000))
    for key, (cnt, ms, each) in sorted(agg.items(), key=lambda kv: -kv[1][1]):
        each.sort()
        print("  %6.3f ms/answer  %5d x %6.3f ms (p99 %6.3f, max %7.3f)  %s"
              % (ms / n, cnt, ms / cnt, each[min(cnt - 1, cnt * 99 // 100)],
                 each[-1], key))
    # what the writes did to the tables: updates, of which HOT (no index
    # entry), and the indexes each table keeps (statistics are flushed by
    # the backends once idle)
    time.sleep(11)
    after = table_stats()
    for rel in sorted(after):
        d = [a - b for a, b in zip(after[rel], before.get(rel, (0, 0, 0)))]
        print("  %-16s %6d inserted, %6d updated, %6d of them HOT"
              % (rel, d[0], d[1], d[2]))
    print(harness.psql(
        "SELECT c.relname || ': ' || string_agg(i.relname || "
        "CASE WHEN am.amname = 'gin' THEN ' (gin)' ELSE '' END, ', ' "
        "ORDER BY i.relname) FROM pg_index x JOIN pg_class c ON "
        "c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_am am ON am.oid = i.relam WHERE c.relname IN (%s) "
        "GROUP BY c.relname" % TABLES))


# The thread's update of one answer three ways (bench/roundtrips.py --wal):
# the recount (QA_THREAD_REFRESH), the increment (QA_THREAD_DELTA_KEYS of
# a new visible answer) and, for comparison, an update of a column no
# index reads, which PostgreSQL can make HOT.
WAL_STATEMENTS = [
    ("recount (QA_THREAD_REFRESH)",
     "UPDATE threads t SET visible = coalesce((SELECT p.state = 'visible' "
     "FROM posts p WHERE p.thread_id = t.id AND p.kind = 'question' "
     "ORDER BY p.id LIMIT 1), false), has_official = EXISTS (SELECT 1 FROM "
     "posts p WHERE p.thread_id = t.id AND p.kind = 'official' AND "
     "p.state = 'visible'), has_verified = EXISTS (SELECT 1 FROM posts p "
     "WHERE p.thread_id = t.id AND p.verified_at IS NOT NULL AND p.state = "
     "'visible'), answer_count = (SELECT count(*) FROM posts p WHERE "
     "p.thread_id = t.id AND p.kind <> 'question' AND p.state = 'visible'), "
     "last_activity_at = now() WHERE t.id = %d"),
    ("increment (QA_THREAD_DELTA_KEYS)",
     "UPDATE threads t SET answer_count = t.answer_count + 1, "
     "last_activity_at = now() WHERE t.id = %d"),
    ("a column no index reads (HOT)",
     "UPDATE threads t SET accepted_revision = t.accepted_revision "
     "WHERE t.id = %d"),
]


def wal(tid):
    """What each way of updating the thread writes: WAL records and bytes
    (EXPLAIN (ANALYZE, WAL) in a transaction rolled back), and whether the
    update was HOT.  Deterministic, unlike times on a shared machine."""
    for name, sql in WAL_STATEMENTS:
        out = harness.psql(
            "BEGIN; EXPLAIN (ANALYZE, WAL, COSTS OFF, TIMING OFF, SUMMARY "
            "OFF) %s; SELECT 'hot=' || n_tup_hot_upd || '/' || n_tup_upd "
            "FROM pg_stat_xact_user_tables WHERE relname = 'threads'; "
            "ROLLBACK" % (sql % tid))
        m = re.search(r"WAL: (records=\d+)?\s*(fpi=\d+)?\s*(bytes=\d+)?",
                      out)
        h = re.search(r"hot=\d+/\d+", out)
        print("  %-36s %s %s" % (name, " ".join(g for g in m.groups() if g)
                                    if m else out.replace("\n", " | "),
                                    h.group(0) if h else ""))
    print(harness.psql("SELECT 'threads: ' || count(*) || ' indexes, ' || "
                       "count(*) FILTER (WHERE am.amname = 'gin') || ' GIN' "
                       "FROM pg_index x JOIN pg_class i ON i.oid = "
                       "x.indexrelid JOIN pg_am am ON am.oid = i.relam "
                       "WHERE x.indrelid = 'threads'::regclass"))


TABLES = ("'threads', 'posts', 'post_search', 'post_revisions', "
          "'notifications', 'watches'")


def table_stats():
    """{table: (inserted, updated, HOT updated)} of the answer's tables."""
    out = {}
    for line in harness.psql(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd FROM "
            "pg_stat_user_tables WHERE relname IN (%s)" % TABLES
            ).splitlines():
        f = line.split("|")
        out[f[0]] = tuple(int(x) for x in f[1:])
    return out


def wrk(seconds, conns):
    """Answers under load: wrk (bench/scenario.lua) posts answers to 200
    threads in turn for `seconds` over `conns` connections, on a fresh
    throw-away stack with the benchmark's limits (bench/limits.conf) and
    the default app threads.  Prints wrk's BENCH line (latencies in us)."""
    srv = harness.Server(name="roundtrips-wrk", extra_env={
        "SODAN_LIMITS": os.path.join(ROOT, "bench", "limits.conf")}).start()
    asker = user(uniq("asker"))
    thread(asker, "Answers under load")     # the category, if none
    tids = [int(x) for x in harness.psql(
        "WITH t AS (INSERT INTO threads (category_id, author_id, title) "
        "SELECT (SELECT min(id) FROM categories), %d, "
        "'Answers under load ' || i FROM generate_series(1, 200) i "
        "RETURNING id), p AS (INSERT INTO posts (thread_id, author_id, kind, "
        "state, body_md, body_html) SELECT id, %d, 'question', 'visible', "
        "'How do I withdraw?', '<p>How do I withdraw?</p>' FROM t) "
        "SELECT id FROM t" % (asker, asker)).split()]
    uid = user(uniq("member"), trust=2)
    c = srv.client()
    c.port = srv.port
    csrf = sign_in(c, uid)
    d = harness.test_dir()
    paths = os.path.join(d, "wrk-paths")
    bodies = os.path.join(d, "wrk-bodies")
    with open(paths, "w") as f:
        f.write("".join("/t/%d/answer\n" % t for t in tids))
    with open(bodies, "w") as f:
        f.write("Check+the+network+you+chose+for+the+withdrawal%3B+the+"
                "history+page+shows+it%2C+and+support+can+trace+it+with+"
                "the+ID.\n")
    env = dict(os.environ, BENCH_PATHS=paths, BENCH_BODIES=bodies,
               BENCH_METHOD="POST", BENCH_CSRF=csrf,
               BENCH_COOKIE="sodan_session=" + c.cookies["sodan_session"])
    import subprocess
    out = subprocess.run(
        ["wrk", "-t2", "-c%d" % conns, "-d%ds" % seconds, "-s",
         os.path.join(ROOT, "bench", "scenario.lua"),
         "http://127.0.0.1:%d" % srv.port], env=env,
        stdout=subprocess.PIPE, text=True, timeout=seconds + 60).stdout
    print([ln for ln in out.splitlines() if ln.startswith("BENCH")][-1])
    n = harness.psql("SELECT count(*) FROM posts WHERE author_id = %d "
                     "AND state = 'visible'" % uid)
    print("answers stored, visible: %s" % n)
    srv.stop()


def main():
    if "--wrk" in sys.argv:
        i = sys.argv.index("--wrk")
        wrk(int(sys.argv[i + 1]), int(sys.argv[i + 2]))
        return
    # one app thread: every request finds its connections warm
    srv = harness.Server(name="roundtrips",
                         conf="[server]\napp_threads = 1\n").start()
    asker = user(uniq("asker"))
    tid, _ = thread(asker, "Round trips of one answer")
    uid = user(uniq("member"), trust=2)
    c = srv.client()
    c.port = srv.port
    sign_in(c, uid)
    body = ("Check the network you chose for the withdrawal; the history "
            "page shows it, and support can trace it with the ID. %d")
    for i in range(3):
        r = post_form(c, "/t/%d/answer" % tid, {"body": body % i})
        assert r.status == 303, r.body[:300]
    pglog = os.path.join(harness.test_dir(), "log", "pg.log")
    if not os.path.exists(pglog):
        pglog = os.path.join(harness.test_dir(), "logs", "pg.log")
    if "--wal" in sys.argv:
        wal(tid)
        srv.stop()
        return
    if "--durations" in sys.argv:
        n = int(sys.argv[sys.argv.index("--durations") + 1])
        durations(srv, c, tid, body, n, pglog)
        srv.stop()
        return
    harness.psql("ALTER SYSTEM SET log_statement = 'all'")
    harness.psql("SELECT pg_reload_conf()")
    time.sleep(1.0)
    mark = os.path.getsize(pglog)
    stop = threading.Event()
    cmds = []
    t = threading.Thread(target=monitor, args=(stop, cmds))
    t.start()
    time.sleep(0.3)
    r = post_form(c, "/t/%d/answer" % tid, {"body": body % 99})
    assert r.status == 303, r.body[:300]
    time.sleep(0.5)
    stop.set()
    t.join()
    harness.psql("ALTER SYSTEM RESET log_statement")
    harness.psql("SELECT pg_reload_conf()")
    with open(pglog, encoding="utf-8", errors="replace") as f:
        f.seek(mark)
        lines = f.read().splitlines()
    stmts = []
    for ln in lines:
        m = re.match(r"\S+ \S+ \S+ \[(\d+)\] LOG:  (statement|execute [^:]*):"
                     r" (.*)", ln)
        if m:
            stmts.append((m.group(1), m.group(2), m.group(3)))
    # the request's backend: the one that inserted the post
    pids = {p for p, _, s in stmts if "99" in s or "INSERT INTO posts" in s}
    mine = [x for x in stmts if x[0] in pids and
            "ALTER SYSTEM" not in x[2] and "pg_reload_conf" not in x[2]]
    other = [x for x in stmts if x[0] not in pids and
             "ALTER SYSTEM" not in x[2] and "pg_reload_conf" not in x[2]]
    print("PostgreSQL round trips of the request: %d" % len(mine))
    for p, kind, s in mine:
        print("  [%s] %s: %s" % (p, kind, s[:110]))
    print("PostgreSQL statements of other connections in the window: %d"
          % len(other))
    for p, kind, s in other:
        print("  [%s] %s: %s" % (p, kind, s[:110]))
    print("Redis commands in the window: %d" % len(cmds))
    for cm in cmds:
        print("  " + cm[:140])
    # the server's own count: round trips of the request's app thread
    for ln in srv.access_lines()[-5:]:
        if "method=POST path=/t/%d/answer" % tid in ln:
            print("access log: " + ln.strip())
    srv.stop()


if __name__ == "__main__":
    try:
        main()
    finally:
        harness._stop_own_stack()   # the private PostgreSQL + Redis
