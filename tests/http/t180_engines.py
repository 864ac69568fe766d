#!/usr/bin/env python3
"""t180_engines: sodan against engines the way a multi-node site runs them.

Redis: a master with a password, a replica and a Sentinel, all on loopback
TCP ports of this test.  sodan is given only the sentinel's address, the
master name and the password ([redis] sentinels, master_name, password): it
must find the master, AUTH, keep its sign-in guard keys in one hash slot
per account (lg:{...}), and after a Sentinel failover (the old master
becomes a replica, which answers READONLY) write to the new master within
10 s.  A wrong password gives /healthz "degraded" and a log line that
says AUTH was refused.

PostgreSQL: a session made read-only under sodan (ALTER SYSTEM SET
default_transaction_read_only, reloaded: what a demoted primary does) must
be dropped and not reused: the write gets 503 with Retry-After (nothing
lost: the author is told to retry), the connection is reopened and, while
the server stays read-only, refused by target_session_attrs=read-write;
once it is writable again the same write goes through."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402
from t100_accounts import login  # noqa: E402

PASSWORD = "t180-secret-pw"
MASTER = "t180"


def resp(port, *args, password=PASSWORD):
    """One command to a TCP Redis, after AUTH; the reply (str, int, list,
    None); an error reply is returned as ('ERR', text)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    f = sock.makefile("rb")

    def send(*a):
        out = b"*%d\r\n" % len(a)
        for x in a:
            x = x if isinstance(x, bytes) else str(x).encode()
            out += b"$%d\r\n%s\r\n" % (len(x), x)
        sock.sendall(out)

    def read():
        line = f.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind == b"-":
            return ("ERR", rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"+":
            return rest.decode()
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else f.read(n + 2)[:n].decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [read() for _ in range(n)]
        raise RuntimeError("unexpected reply %r" % line)
    try:
        if password:
            send("AUTH", password)
            read()
        send(*args)
        return read()
    finally:
        f.close()
        sock.close()


class Engines(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="t180.", dir=harness.test_dir())
        cls.procs = []
        cls.mport = harness.free_port()
        cls.rport = harness.free_port()
        cls.sport = harness.free_port()
        for port, extra in ((cls.mport, []),
                            (cls.rport, ["--replicaof", "127.0.0.1",
                                         str(cls.mport)])):
            d = os.path.join(cls.dir, str(port))
            os.makedirs(d)
            cls.procs.append(subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                 "--requirepass", PASSWORD, "--masterauth", PASSWORD,
                 "--save", "", "--appendonly", "no", "--dir", d,
                 "--logfile", os.path.join(d, "log")] + extra,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        harness.wait_until(lambda: resp(cls.mport, "PING") == "PONG",
                           what="master up")
        harness.wait_until(lambda: "master_link_status:up" in
                           resp(cls.rport, "INFO", "replication"),
                           what="replica linked")
        sconf = os.path.join(cls.dir, "sentinel.conf")
        with open(sconf, "w") as f:
            f.write("port %d\nbind 127.0.0.1\ndir %s\n"
                    "sentinel monitor %s 127.0.0.1 %d 1\n"
                    "sentinel auth-pass %s %s\n"
                    "sentinel down-after-milliseconds %s 1000\n"
                    "sentinel failover-timeout %s 5000\n"
                    % (cls.sport, cls.dir, MASTER, cls.mport, MASTER,
                       PASSWORD, MASTER, MASTER))
        cls.procs.append(subprocess.Popen(
            ["redis-sentinel", sconf, "--logfile",
             os.path.join(cls.dir, "sentinel.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        harness.wait_until(lambda: resp(cls.sport, "SENTINEL",
                           "get-master-addr-by-name", MASTER, password=None)
                           == ["127.0.0.1", str(cls.mport)],
                           what="sentinel knows the master")
        # Two app threads: test_4 can open both connections first.
        cls.conf = ("[server]\napp_threads = 2\n"
                    "[redis]\nsentinels = 127.0.0.1:%d\nmaster_name = %s\n"
                    "password = %s\ntimeout_ms = 500\n"
                    % (cls.sport, MASTER, PASSWORD))
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            harness.psql("ALTER SYSTEM RESET default_transaction_read_only")
            harness.psql("SELECT pg_reload_conf()")
            super().tearDownClass()
        finally:
            for p in cls.procs:
                p.terminate()
            for p in cls.procs:
                p.wait(10)
            shutil.rmtree(cls.dir, ignore_errors=True)

    def master_port(self):
        a = resp(self.sport, "SENTINEL", "get-master-addr-by-name", MASTER,
                 password=None)
        return int(a[1])

    def fail_signin(self, name):
        r = login(self.client(), name, "not the password")
        self.assertStatus(r, 401, "wrong password")

    def guard_keys(self, port):
        return sorted(resp(port, "KEYS", "lg:*"))

    def test_1_discovery_auth_hash_tags(self):
        r = self.client().get("/healthz")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["redis"], "ok", r.body)
        self.fail_signin("kenji_t")
        keys = self.guard_keys(self.mport)
        f = [k for k in keys if k.endswith(":f")]
        self.assertEqual(len(f), 1, keys)
        # One hash tag per account: {hex}, so a Redis Cluster puts the
        # account's keys (f, d, l, n) in one slot.
        self.assertRegex(f[0], r"^lg:\{[0-9a-f]{32}\}:f$")
        self.assertTrue(any(k.startswith("lg:i:") for k in keys), keys)
        self.assertEqual(resp(self.mport, "GET", f[0]), "1")
        # The replica has it too (written on the master, replicated).
        harness.wait_until(lambda: resp(self.rport, "GET", f[0]) == "1",
                           what="replicated")

    def test_2_failover(self):
        self.fail_signin("yuki88")
        tag = [k for k in self.guard_keys(self.mport) if k.endswith(":f")]
        self.assertEqual(resp(self.sport, "SENTINEL", "failover", MASTER,
                              password=None), "OK")
        harness.wait_until(lambda: self.master_port() == self.rport,
                           timeout=15, what="sentinel promoted the replica")
        harness.wait_until(lambda: "role:slave" in
                           resp(self.mport, "INFO", "replication"),
                           timeout=15, what="old master demoted")
        t0 = time.monotonic()
        # Sign-in failures must reach the new master within 10 s.
        before = len(self.guard_keys(self.rport))

        def counted():
            self.fail_signin("mike_trader")
            return len(self.guard_keys(self.rport)) > before
        harness.wait_until(counted, timeout=10, interval=0.5,
                           what="a failure counted on the new master")
        self.assertLess(time.monotonic() - t0, 10.5)
        self.assertTrue(tag, "keys from before the failover")
        r = self.client().get("/healthz")
        self.assertEqual(r.json()["redis"], "ok", r.body)
        # A write's page-cache keys reach the stream on the new master.
        s = Session(self, "t180_writer", trust=2)
        gen = int(resp(self.rport, "XLEN", "{sodan:pages}:inval") or 0)
        s.ask("After the Redis failover", "A question asked after the "
              "sentinel promoted the replica, with enough words in it.")
        harness.wait_until(lambda: int(resp(self.rport, "XLEN",
                           "{sodan:pages}:inval") or 0) > gen, timeout=10,
                           what="stream written on the new master")
        log = self.server.log()
        self.assertRegex(log, r"master 't180' is at 127\.0\.0\.1:%d"
                         % self.rport)

    def test_3_wrong_password(self):
        conf = ("[redis]\nsentinels = 127.0.0.1:%d\nmaster_name = %s\n"
                "password = wrong-one\n" % (self.sport, MASTER))
        srv = harness.Server(conf=conf, name="t180-badpw").start()
        try:
            r = srv.client().get("/healthz")
            self.assertStatus(r, 200)
            self.assertEqual(r.json()["status"], "degraded", r.body)
            self.assertIn("AUTH refused", srv.log())
            self.assertNotIn("wrong-one", srv.log())
        finally:
            problems = srv.stop()
        self.assertEqual(problems, [])

    def test_4_readonly_session_dropped(self):
        s = Session(self, "t180_ro", trust=2)
        s.ask("Before read-only", "A question asked while the database "
              "accepts writes, long enough for the form.")
        # Both app threads hold an open connection before the switch.
        with ThreadPoolExecutor(6) as ex:
            for r in ex.map(lambda _: s.get("/settings"), range(12)):
                self.assertStatus(r, 200)
        harness.psql("ALTER SYSTEM SET default_transaction_read_only = on")
        harness.psql("SELECT pg_reload_conf()")
        time.sleep(0.5)
        try:
            r = s.post("/ask", {"title": "During read-only",
                                "body": "A question sent while the "
                                "database is read-only, long enough.",
                                "category": "deposits", "tags": ""})
            self.assertIn(r.status, (503,), r.body[:300])
            self.assertIn("Retry-After", r.headers)
            harness.wait_until(lambda: "reconnecting" in self.server.log(),
                               what="the read-only session dropped")
            self.assertRegex(self.server.log(), r"read-only")
        finally:
            harness.psql("ALTER SYSTEM RESET default_transaction_read_only")
            harness.psql("SELECT pg_reload_conf()")
        time.sleep(1.2)     # the reconnect back-off (1 s)

        def asks():
            r = s.post("/ask", {"title": "After read-only",
                                "body": "A question sent once the database "
                                "is writable again, long enough.",
                                "category": "deposits", "tags": ""})
            return r.status == 303 and r
        harness.wait_until(asks, timeout=10, what="the write goes through")
        n = harness.psql("SELECT count(*) FROM threads WHERE title = "
                         "'During read-only'")
        self.assertEqual(n, "0")
        self.assertTrue(re.search(r"cannot connect|reconnecting",
                                  self.server.log()))


if __name__ == "__main__":
    harness.main()
