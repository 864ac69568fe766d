#!/usr/bin/env python3
"""t325_read_pool: the read pool for anonymous reads that tolerate lag.

Anonymous GETs of routes that only read (R_READ: a category, search; and
R_CACHE routes whose render is not stored, such as a deeper page or a page
with a query) run on a second connection per app thread, opened with
target_session_attrs=prefer-standby ([database] read_url, empty = the
write URL: with one server, as here and in `make run`, the read pool
reaches that primary).  A signed-in reader and a render that goes into the
page cache use the write pool.  /metrics exports the reads per server kind
and the replica lag.  A read pool that cannot connect sends the reads to
the write pool (counted as fallback): the page is still served.  The
cluster drill (scripts/cluster-test.py) shows reads served by a real
standby and surviving primary-kill."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

CONF = "[metrics]\nallow = 127.0.0.1\n"


def metrics(client):
    r = client.get("/metrics")
    if r.status != 200:
        raise AssertionError("/metrics: %d %s" % (r.status, r.body[:200]))
    out = {}
    for m in re.finditer(r'^sodan_db_reads_total\{server="(\w+)"\} (\d+)$',
                         r.body, re.M):
        out[m.group(1)] = int(m.group(2))
    m = re.search(r"^sodan_db_replica_lag_seconds (-?[0-9.]+)$", r.body,
                  re.M)
    out["lag"] = float(m.group(1)) if m else None
    m = re.search(r"^sodan_db_replica_max_lag_seconds ([0-9.]+)$", r.body,
                  re.M)
    out["max_lag"] = float(m.group(1)) if m else None
    return out


class ReadPool(harness.ServerTest):
    demo = True
    conf = CONF

    def test_1_exported_before_any_read(self):
        m = metrics(self.client())
        for k in ("standby", "primary", "fallback"):
            self.assertIn(k, m, "sodan_db_reads_total{server=%s}" % k)
        self.assertEqual(m["max_lag"], 2.0, "default max_lag_ms 2000")
        self.assertIsNotNone(m["lag"])

    def test_2_anonymous_reads_use_the_pool(self):
        c = self.client()
        before = metrics(c)
        paths = ["/c/deposits", "/search?q=%E5%87%BA%E9%87%91",
                 "/search?q=withdrawal", "/?x=1"]
        for p in paths:
            r = c.get(p)
            self.assertStatus(r, 200, p)
        after = metrics(c)
        # one server: the read pool's server is this primary
        self.assertEqual(after["primary"] - before["primary"], len(paths))
        self.assertEqual(after["standby"], before["standby"])
        self.assertEqual(after["fallback"], before["fallback"])
        self.assertEqual(after["lag"], 0.0, "a primary replays nothing")

    def test_3_signed_in_and_stored_renders_use_the_write_pool(self):
        s = Session(self, "t325_reader")
        c = self.client()
        before = metrics(c)
        self.assertStatus(s.get("/c/deposits"), 200, "signed-in category")
        self.assertStatus(s.get("/search?q=wallet"), 200, "signed-in search")
        # a page the cache stores (no query, anonymous): the primary
        harness.psql("SELECT 1")
        r = c.get("/tag/does-not-matter-t325")
        self.assertIn(r.status, (200, 404))
        after = metrics(c)
        self.assertEqual(after["primary"], before["primary"])
        self.assertEqual(after["fallback"], before["fallback"])

    def test_4_pool_that_cannot_connect_falls_back(self):
        # A second server whose read pool points at a closed port.
        port = harness.free_port()
        srv = harness.Server(
            demo=False, conf=CONF, name="t325-fallback",
            extra_env={"SODAN_DATABASE_READ_URL":
                       "host=127.0.0.1 port=%d dbname=sodan user=sodan "
                       "connect_timeout=1" % port}).start()
        try:
            c = srv.client()
            for p in ("/c/deposits", "/search?q=wallet"):
                r = c.get(p)
                self.assertStatus(r, 200, p + " with the read pool down")
            m = metrics(c)
            self.assertGreaterEqual(m["fallback"], 2)
            self.assertEqual(m["standby"], 0)
            self.assertEqual(m["primary"], 0)
            self.assertEqual(m["lag"], -1.0, "never measured")
        finally:
            problems = srv.stop()
        self.assertEqual(problems, [], "\n".join(problems))

    def test_5_standby_cut_off_is_not_in_time(self):
        # A standby with no WAL receiver (cut off from its primary) has
        # replayed all it received, yet it knows nothing of the commits
        # since: its lag is the age of its last replayed commit, so past
        # max_lag_ms the reads go to the primary.
        pgbin = os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin")
        run = os.path.join(harness.test_dir(), "run")
        base = tempfile.mkdtemp(prefix="t325-standby-",
                                dir=harness.test_dir())
        data, sock = os.path.join(base, "data"), os.path.join(base, "run")
        os.mkdir(sock)
        as_pg = []
        if os.getuid() == 0:
            as_pg = ["runuser", "-u", "postgres", "--"]
            shutil.chown(base, "postgres")
            shutil.chown(sock, "postgres")
        os.chmod(sock, 0o777)

        def pg(*cmd, **kw):
            return subprocess.run(as_pg + list(cmd), stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True,
                                  timeout=120, **kw)

        r = pg(os.path.join(pgbin, "pg_basebackup"), "-h", run, "-U",
               "sodan", "-D", data, "-X", "stream", "-c", "fast",
               "--no-sync")
        self.assertEqual(r.returncode, 0, r.stdout)
        # recovery with no primary_conninfo: a standby with no receiver
        r = pg("touch", os.path.join(data, "standby.signal"))
        self.assertEqual(r.returncode, 0, r.stdout)
        r = pg(os.path.join(pgbin, "pg_ctl"), "start", "-D", data, "-w",
               "-t", "60", "-l", os.path.join(base, "pg.log"), "-o",
               "-c unix_socket_directories=%s -c listen_addresses=''"
               % sock)
        self.assertEqual(r.returncode, 0, r.stdout)
        try:
            def age():
                out = subprocess.run(
                    [os.path.join(pgbin, "psql"), "-h", sock, "-U",
                     "sodan", "-d", "sodan", "-Atqc",
                     "SELECT pg_is_in_recovery(), coalesce(extract(epoch "
                     "FROM now() - pg_last_xact_replay_timestamp()), -1),"
                     " (SELECT count(*) FROM pg_stat_wal_receiver WHERE "
                     "pid IS NOT NULL)"],
                    stdout=subprocess.PIPE, text=True, timeout=30).stdout
                return out.strip().split("|")
            st = age()
            self.assertEqual(st[0], "t", "the copy is a standby")
            self.assertEqual(st[2], "0", "and it receives no WAL")
            # its last replayed commit older than max_lag_ms (500), or none
            harness.wait_until(lambda: float(age()[1]) < 0 or
                               float(age()[1]) > 0.7, timeout=10,
                               what="the standby's last commit ages")
            srv = harness.Server(
                demo=False, name="t325-cutoff",
                conf=CONF + "[database]\nmax_lag_ms = 500\n",
                extra_env={"SODAN_DATABASE_READ_URL":
                           "host=%s dbname=sodan user=sodan" % sock}
            ).start()
            try:
                c = srv.client()
                for p in ("/c/deposits", "/search?q=wallet"):
                    self.assertStatus(c.get(p), 200, p)
                m = metrics(c)
                self.assertEqual(m["standby"], 0, "no read from the "
                                 "standby left behind: %r" % m)
                self.assertGreaterEqual(m["fallback"], 2, m)
                self.assertGreater(m["lag"], 0.5, m)
            finally:
                problems = srv.stop()
            self.assertEqual(problems, [], "\n".join(problems))
        finally:
            pg(os.path.join(pgbin, "pg_ctl"), "stop", "-D", data, "-m",
               "immediate", "-w")
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    harness.main()
