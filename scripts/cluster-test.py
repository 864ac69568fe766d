#!/usr/bin/env python3
"""scripts/cluster-test.py: failure drills on the running cluster
(scripts/cluster.sh start), each under a steady, bounded load of reads and
writes through HAProxy.  `make cluster-test` starts the cluster when needed
and runs this.

Load: READERS threads GET the home page, a category and a thread
(anonymous) and a signed-in thread page, each about READ_HZ times a second;
WRITERS threads ask a question about WRITE_HZ times a second, each as its
own signed-in user.  A write is acknowledged when sodan answered 303 to
/t/ID?posted=...: the thread's id is kept, and after the drill every
acknowledged id must be in the database of whichever PostgreSQL is primary
then.

Drills (docs/operations.md):
  primary-kill       kill -9 the PostgreSQL primary's postmaster; Patroni
                     fails over to the synchronous standby.  Pass: writes
                     succeed again within 15 s, 0 acknowledged writes lost.
  redis-master-kill  kill -9 the Redis master; the Sentinels promote the
                     replica.  Pass: within 10 s a rate-limit key and the
                     page-cache generation are written on the new master;
                     no 5xx on reads.
  instance-kill      kill -9 one sodan.  Pass: 0 failed GETs (HAProxy
                     retries on another instance, then marks it down).
  rolling-restart    SIGTERM each sodan in turn (graceful drain), start it
                     again, wait until ready.  Pass: 0 failed requests.
Each prints "drill NAME: ok, recovery N s, acknowledged writes lost N" (or
"drill NAME: failed (why), ..."), and the last line is "N passed, N failed".
CLUSTER_SHORT=1 shortens the load windows (for CI); CLUSTER_DRILLS=a,b
runs only those."""

import hashlib
import http.client
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
C = os.path.join(ROOT, "var", "cluster")
PSQL = "/usr/lib/postgresql/15/bin/psql"
WEB = ("127.0.0.1", 28080)
SHORT = os.environ.get("CLUSTER_SHORT") == "1"
WARMUP = 2.0 if SHORT else 5.0
SETTLE = 3.0 if SHORT else 8.0
READERS, WRITERS = 4, 3
READ_HZ, WRITE_HZ = 25.0, 4.0


def sh(*args, check=True):
    return subprocess.run(list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True,
                          check=check).stdout.strip()


def psql(sql, port=25000):
    return sh(PSQL, "-X", "-h", "127.0.0.1", "-p", str(port), "-U",
              "postgres", "-d", "sodan", "-v", "ON_ERROR_STOP=1", "-Atqc",
              sql)


def pgbouncer_pool(db="sodan_session"):
    """(server connections, clients waiting, longest wait in s) of one
    pgbouncer pool, from its admin console (SHOW POOLS)."""
    out = sh(PSQL, "-X", "-h", "127.0.0.1", "-p", "26432", "-U", "postgres",
             "-d", "pgbouncer", "-F", "|", "-Ac", "SHOW POOLS", check=False)
    lines = out.splitlines()
    if not lines or "|" not in lines[0]:
        return None
    cols = lines[0].split("|")
    for ln in lines[1:]:
        row = dict(zip(cols, ln.split("|")))
        if row.get("database") == db:
            srv = sum(int(row.get(k, 0) or 0) for k in
                      ("sv_active", "sv_idle", "sv_used", "sv_tested",
                       "sv_login"))
            return srv, int(row.get("cl_waiting", 0)), int(row.get("maxwait", 0))
    return None


def read_stats():
    """Reads of the read pool summed over the instances' /metrics:
    {standby, primary, fallback} and the largest lag exported (s)."""
    out = {"standby": 0, "primary": 0, "fallback": 0, "lag": None}
    for port in (28081, 28082, 28083):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/metrics")
            body = c.getresponse().read().decode()
        except (OSError, http.client.HTTPException):
            continue
        for m in re.finditer(r'^sodan_db_reads_total\{server="(\w+)"\} '
                             r'(\d+)$', body, re.M):
            out[m.group(1)] += int(m.group(2))
        m = re.search(r"^sodan_db_replica_lag_seconds (-?[0-9.]+)$", body,
                      re.M)
        if m and (out["lag"] is None or float(m.group(1)) > out["lag"]):
            out["lag"] = float(m.group(1))
    return out


def redis_pw():
    with open(os.path.join(C, "redis.password")) as f:
        return f.read().strip()


def rcli(port, *args):
    env = dict(os.environ, REDISCLI_AUTH=redis_pw())
    return subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port)]
                          + [str(a) for a in args], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True).stdout.strip()


def sentinel_master():
    out = sh("redis-cli", "-h", "127.0.0.1", "-p", "26400", "SENTINEL",
             "get-master-addr-by-name", "sodan", check=False).split()
    return int(out[1]) if len(out) == 2 else None


def pid_of(name):
    try:
        with open(os.path.join(C, "run", name + ".pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def wait(fn, timeout, step=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            v = fn()
            if v:
                return v
        except Exception:  # noqa: BLE001 - keep polling
            pass
        time.sleep(step)
    return None


def q(s):
    return "'" + s.replace("'", "''") + "'"


class Writer:
    def __init__(self, n):
        name = "drill_w%d_%s" % (n, secrets.token_hex(3))
        psql("INSERT INTO users (username, username_key, display_name, "
             "role, trust_level) VALUES (%s, %s, %s, 'user', 2)"
             % (q(name), q(name), q(name)))
        self.uid = int(psql("SELECT id FROM users WHERE username_key = %s"
                            % q(name)))
        self.token = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        psql("INSERT INTO sessions (user_id, token_hash, csrf) VALUES "
             "(%d, %s, %s)" % (self.uid, q(hashlib.sha256(
                 self.token.encode()).hexdigest()), q(self.csrf)))


WORDS = ("wallet deposit withdrawal network fee address confirmation "
         "exchange account verification bitcoin ethereum transfer pending "
         "support limit tax report api key login phone").split()


class Load:
    """Bounded load through HAProxy; records every outcome with its time."""

    def __init__(self, writers, thread_id):
        self.writers = writers
        self.tid = thread_id
        self.stop = threading.Event()
        self.mu = threading.Lock()
        self.reads = []         # (start, ok, status, end)
        self.writes = []        # (start, ok, status, end)
        self.errors = []        # (start, what, path, error) of status 0
        self.acked = []
        self.seq = 0

    def conn(self):
        return http.client.HTTPConnection(*WEB, timeout=10)

    def req(self, c, method, path, body=None, headers=None):
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        r.read()
        return r.status, r.getheader("Location") or ""

    def reader(self, n):
        c = self.conn()
        w = self.writers[n % len(self.writers)]
        paths = ["/", "/c/deposits", "/t/%d" % self.tid]
        i = 0
        while not self.stop.is_set():
            i += 1
            path = paths[i % len(paths)]
            h = {}
            if i % 4 == 0:      # a signed-in reader (never page-cached)
                h["Cookie"] = "sodan_session=" + w.token
            t = time.monotonic()
            fresh = c.sock is None
            port = c.sock.getsockname()[1] if c.sock else 0
            try:
                st, _ = self.req(c, "GET", path, headers=h)
                ok = 200 <= st < 400
            except (OSError, http.client.HTTPException) as e:
                st, ok = 0, False
                c.close()
                c = self.conn()
                with self.mu:
                    self.errors.append((t, "GET%s%s" % (
                        " signed-in" if h else "",
                        " (new connection)" if fresh else
                        " (client port %d)" % port), path,
                        "%s: %s" % (type(e).__name__, e)))
            with self.mu:
                self.reads.append((t, ok, st, time.monotonic(), path,
                                   bool(h)))
            self.stop.wait(1.0 / READ_HZ)

    def writer(self, n):
        c = self.conn()
        w = self.writers[n]
        while not self.stop.is_set():
            with self.mu:
                self.seq += 1
                seq = self.seq
            words = " ".join(random.choice(WORDS) for _ in range(12))
            title = "Drill question %d %s" % (seq, secrets.token_hex(4))
            body = urllib.parse.urlencode({
                "title": title, "category": "deposits", "tags": "",
                "body": "Question %d from the failure drill: %s. How long "
                        "should this take?" % (seq, words),
                "csrf": w.csrf})
            h = {"Cookie": "sodan_session=" + w.token,
                 "Content-Type": "application/x-www-form-urlencoded",
                 "Origin": "http://127.0.0.1:28080"}
            t = time.monotonic()
            try:
                st, loc = self.req(c, "POST", "/ask", body=body, headers=h)
                # /t/ID?posted=question (or =held): the thread page says
                # it is posted.
                m = re.match(r"^/t/(\d+)(\?posted=[a-z]+)?$", loc)
                ok = st == 303 and m is not None
            except (OSError, http.client.HTTPException) as e:
                st, ok, m = 0, False, None
                c.close()
                c = self.conn()
                with self.mu:
                    self.errors.append((t, "POST", "/ask", "%s: %s" % (
                        type(e).__name__, e)))
            with self.mu:
                self.writes.append((t, ok, st, time.monotonic()))
                if ok:
                    self.acked.append(int(m.group(1)))
            self.stop.wait(1.0 / WRITE_HZ)

    def start(self):
        self.threads = [threading.Thread(target=self.reader, args=(i,))
                        for i in range(READERS)]
        self.threads += [threading.Thread(target=self.writer, args=(i,))
                         for i in range(len(self.writers))]
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(30)

    # summaries from t0 on
    def failed(self, rows, t0):
        return [r for r in rows if r[3] >= t0 and not r[1]]

    def write_recovery(self, t0):
        """Seconds from t0 until writes work again: the end of the first
        acknowledged write that started after t0 and after the last failed
        one (a write that hangs counts until it is answered)."""
        bad = self.failed(self.writes, t0)
        since = max([t0] + [r[0] for r in bad])
        after = [r[3] for r in self.writes if r[0] >= since and r[1]]
        return (min(after) - t0) if after else None

    def acked_after(self, t):
        with self.mu:
            return any(r[1] and r[0] >= t for r in self.writes)

    def lost(self):
        if not self.acked:
            return 0
        ids = ",".join(str(i) for i in self.acked)
        found = int(psql("SELECT count(*) FROM threads WHERE id IN (%s)"
                         % ids))
        return len(set(self.acked)) - found


def codes(rows):
    out = {}
    for r in rows:
        out[r[2]] = out.get(r[2], 0) + 1
    return " ".join("%s:%d" % (k, v) for k, v in sorted(out.items()))


def run_drill(name, fault, check, writers, tid):
    rs0 = read_stats()
    load = Load(writers, tid)
    load.start()
    time.sleep(WARMUP)
    t0 = time.monotonic()
    info = {}
    try:
        fault(info)
        ok_wait = check(info, load, t0)
        time.sleep(SETTLE)
    finally:
        load.finish()
    if "recovery" not in info:
        info["recovery"] = load.write_recovery(t0)
    rbad = load.failed(load.reads, t0)
    wbad = load.failed(load.writes, t0)
    lost = -1                   # -1: the database could not be asked
    for _ in range(30):
        try:
            lost = load.lost()
            break
        except subprocess.CalledProcessError:
            time.sleep(1)
    info["lost"] = lost
    nr = len([r for r in load.reads if r[3] >= t0])
    nw = len([r for r in load.writes if r[3] >= t0])
    print("  %s: from the fault on: %d reads (%d failed%s), %d writes "
          "(%d failed%s), %d acknowledged in all"
          % (name, nr, len(rbad), (": " + codes(rbad)) if rbad else "",
             nw, len(wbad), (": " + codes(wbad)) if wbad else "",
             len(load.acked)), flush=True)
    rs1 = read_stats()
    info["read_pool"] = {k: rs1[k] - rs0[k] for k in
                         ("standby", "primary", "fallback")}
    # restarted instances count from 0 again: a negative difference
    # means the instance's whole count belongs to this drill
    for k in info["read_pool"]:
        if info["read_pool"][k] < 0:
            info["read_pool"][k] = rs1[k]
    anon = [r for r in load.reads if r[3] >= t0 and r[4] == "/c/deposits"
            and not r[5]]
    info["read_pool_failed"] = [r for r in anon if not r[1]]
    print("  %s: read pool: %d reads on the standby, %d on a primary, %d "
          "sent to the write pool; lag %s s; anonymous category reads %d "
          "(%d failed)" % (name, info["read_pool"]["standby"],
                           info["read_pool"]["primary"],
                           info["read_pool"]["fallback"],
                           "%.3f" % rs1["lag"] if rs1["lag"] is not None
                           else "unknown", len(anon),
                           len(info["read_pool_failed"])), flush=True)
    pool = pgbouncer_pool()
    if pool:
        print("  %s: pgbouncer session pool: %d server connections, %d "
              "clients waiting (longest %d s)" % ((name,) + pool), flush=True)
    for e in load.errors:
        if e[0] >= t0 - 1:
            print("  %s: %+.2f s %s %s: %s" % (name, e[0] - t0, e[1], e[2],
                                              e[3]), flush=True)
    why = ok_wait(info, load, t0, rbad, wbad) if ok_wait else None
    if lost != 0:
        why = (why + "; " if why else "") + "acknowledged writes lost"
    rec = info["recovery"]
    rec_s = "%.1f" % rec if rec is not None else "never"
    if why:
        print("drill %s: failed (%s), recovery %s s, acknowledged writes "
              "lost %d" % (name, why, rec_s, lost), flush=True)
        return False
    print("drill %s: ok, recovery %s s, acknowledged writes lost %d"
          % (name, rec_s, lost), flush=True)
    return True


# --- primary-kill -------------------------------------------------------------
def leader():
    for n, port in ((1, 28008), (2, 28009)):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/primary")
            if c.getresponse().status == 200:
                return n
        except OSError:
            pass
    return None


def sync_ready():
    return psql("SELECT count(*) FROM pg_stat_replication WHERE sync_state "
                "= 'sync' AND state = 'streaming'", port=25000) == "1"


def primary_kill(info):
    n = leader()
    with open(os.path.join(C, "pg%d" % n, "postmaster.pid")) as f:
        pid = int(f.readline())
    info["old"] = n
    os.kill(pid, signal.SIGKILL)
    print("  primary-kill: kill -9 postmaster %d of pg%d" % (pid, n),
          flush=True)


def primary_check(info, load, t0):
    new = wait(lambda: (lambda l: l if l and l != info["old"] else None)(
        leader()), 40)
    print("  primary-kill: pg%s is primary after %.1f s" % (
        new, time.monotonic() - t0), flush=True)
    # Until a write started after the promotion is acknowledged.
    tn = time.monotonic()
    wait(lambda: load.acked_after(tn), 30)

    def verdict(info, load, t0, rbad, wbad):
        rec = info["recovery"]
        if rec is None:
            return "writes did not resume"
        if info["read_pool"]["standby"] == 0:
            return "no read served by the standby"
        if info["read_pool_failed"]:
            return "%d anonymous category reads (the read pool) failed" % \
                len(info["read_pool_failed"])
        if rec > 15:
            return "writes resumed after %.1f s (> 15 s)" % rec
        return None
    return verdict


# --- redis-master-kill ------------------------------------------------------------
def redis_kill(info):
    port = sentinel_master()
    n = 1 if port == 26390 else 2
    info["old_port"], info["old_n"] = port, n
    os.kill(pid_of("redis%d" % n), signal.SIGKILL)
    print("  redis-master-kill: kill -9 Redis %d (127.0.0.1:%d)" % (n, port),
          flush=True)


def redis_check(info, load, t0):
    newp = wait(lambda: (lambda p: p if p and p != info["old_port"]
                         else None)(sentinel_master()), 30, 0.1)
    if newp is None:
        info["recovery"] = None
        return lambda *a: "the sentinels did not promote a replica"
    tp = time.monotonic() - t0
    # Limits: the GCRA script runs on the new master (its EVALSHA count
    # grows; the keys themselves live about one emission interval, a
    # millisecond with the drill's limits); the generation grows there.
    def evalsha():
        m = re.search(r"cmdstat_evalsha:calls=(\d+)",
                      rcli(newp, "INFO", "commandstats"))
        return int(m.group(1)) if m else 0
    e0 = evalsha()
    g0 = int(rcli(newp, "XLEN", "{sodan:pages}:inval") or 0)
    ok = wait(lambda: evalsha() > e0, 20, 0.1)
    tl = time.monotonic() - t0
    ok = ok and wait(lambda: int(rcli(newp, "XLEN", "{sodan:pages}:inval")
                     or 0) > g0, 20, 0.1)
    info["recovery"] = (time.monotonic() - t0) if ok else None
    print("  redis-master-kill: rate-limit script run there after %.1f s"
          % tl, flush=True)
    print("  redis-master-kill: 127.0.0.1:%d promoted after %.1f s; limits "
          "and generation written there after %s s" % (
              newp, tp, "%.1f" % info["recovery"] if ok else "never"),
          flush=True)
    # The killed one comes back as a replica (the sentinels reconfigure it).
    subprocess.run(["redis-server", os.path.join(C, "redis%d" % info["old_n"],
                                                 "redis.conf")], check=True)

    def verdict(info, load, t0, rbad, wbad):
        if info["recovery"] is None:
            return "limits or generation not written on the new master"
        if info["recovery"] > 10:
            return "limits and generation after %.1f s (> 10 s)" % \
                info["recovery"]
        five = [r for r in rbad if r[2] >= 500 or r[2] == 0]
        if five:
            return "%d reads failed (%s)" % (len(five), codes(five))
        return None
    return verdict


# --- instance-kill ----------------------------------------------------------------
def instance_kill(info):
    pid = pid_of("sodan2")
    os.kill(pid, signal.SIGKILL)
    print("  instance-kill: kill -9 sodan 2 (pid %d)" % pid, flush=True)


def instance_check(info, load, t0):
    time.sleep(3)
    sh(os.path.join(ROOT, "scripts", "cluster.sh"), "start-sodan", "2")

    def verdict(info, load, t0, rbad, wbad):
        bad = load.failed(load.reads, t0)
        info["recovery"] = (max(r[0] for r in bad + wbad) - t0) \
            if bad or wbad else 0.0
        if bad:
            return "%d GETs failed (%s)" % (len(bad), codes(bad))
        return None
    return verdict


# --- rolling-restart -----------------------------------------------------------------
def rolling(info):
    t = time.monotonic()
    for n in (1, 2, 3):
        sh(os.path.join(ROOT, "scripts", "cluster.sh"), "stop-sodan", str(n))
        sh(os.path.join(ROOT, "scripts", "cluster.sh"), "start-sodan", str(n))
        time.sleep(1.5)     # HAProxy's rise (2 checks, 500 ms apart)
    info["recovery"] = time.monotonic() - t
    print("  rolling-restart: 3 instances restarted in %.1f s"
          % info["recovery"], flush=True)


def rolling_check(info, load, t0):
    def verdict(info, load, t0, rbad, wbad):
        if rbad or wbad:
            return "%d reads and %d writes failed (%s)" % (
                len(rbad), len(wbad), codes(rbad + wbad))
        return None
    return verdict


DRILLS = [
    ("instance-kill", instance_kill, instance_check),
    ("rolling-restart", rolling, rolling_check),
    ("redis-master-kill", redis_kill, redis_check),
    ("primary-kill", primary_kill, primary_check),
]


def main():
    print(sh(os.path.join(ROOT, "scripts", "cluster.sh"), "versions"),
          flush=True)
    print("load: %d readers x %.0f/s, %d writers x %.0f/s through HAProxy "
          "127.0.0.1:28080; warm-up %.0f s, settle %.0f s%s" % (
              READERS, READ_HZ, WRITERS, WRITE_HZ, WARMUP, SETTLE,
              " (CLUSTER_SHORT)" if SHORT else ""), flush=True)
    only = [d for d in os.environ.get("CLUSTER_DRILLS", "").split(",") if d]
    writers = [Writer(i) for i in range(WRITERS)]
    tid = int(psql("SELECT min(id) FROM threads"))
    passed = failed = 0
    for name, fault, check in DRILLS:
        if only and name not in only:
            continue
        if not wait(sync_ready, 120):
            print("drill %s: failed (no synchronous standby before the "
                  "drill), recovery never s, acknowledged writes lost 0"
                  % name)
            failed += 1
            continue
        if not wait(lambda: len(sh("redis-cli", "-h", "127.0.0.1", "-p",
                                   "26400", "SENTINEL", "replicas", "sodan",
                                   check=False)) > 0 and
                    "master_link_status:up" in rcli(
                        26391 if sentinel_master() == 26390 else 26390,
                        "INFO", "replication"), 60):
            print("  (the Redis replica is not linked yet)")
        t = time.monotonic()
        if run_drill(name, fault, check, writers, tid):
            passed += 1
        else:
            failed += 1
        print("  %s took %.0f s" % (name, time.monotonic() - t), flush=True)
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
