"""t298: sessions at scale.

- A signed-in visitor's requests write the session row at most once a
  minute (last_seen_at): ten requests in a row leave it untouched, and
  one after its last_seen_at is over a minute old moves it.
- The sweep of ended sessions (`sodan admin sessions-sweep`, what each
  server does hourly) reads the indexes of migration 0171, not the whole
  table (EXPLAIN of its DELETE over 30,000 sessions: no Seq Scan).
- Two sweeps at once: while one holds the advisory lock (its DELETE kept
  waiting on a row this test locks), the other reports "skipped" and
  deletes nothing; the first then deletes every ended session, once.
"""
import hashlib
import json
import os
import secrets
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness

RUN = os.path.join(harness.test_dir(), "run")


def sodan_admin(*args):
    env = dict(os.environ, **harness.stack_env())
    return subprocess.Popen([harness.BIN, "admin"] + list(args), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


class Sessions(harness.ServerTest):
    demo = True

    def session(self, c, uid, seen="now()"):
        token = secrets.token_urlsafe(32)
        h = hashlib.sha256(token.encode()).hexdigest()
        harness.psql("INSERT INTO sessions (user_id, token_hash, csrf, "
                     "mfa_at, last_seen_at) VALUES (%d, '%s', '%s', now(), "
                     "%s)" % (uid, h, secrets.token_urlsafe(32), seen))
        c.cookies["sodan_session"] = token
        return h

    def test_1_lookup_writes_once_a_minute(self):
        uid = int(harness.psql("SELECT id FROM users WHERE username = "
                               "'kenji_t'"))
        c = self.client()
        h = self.session(c, uid, "now() - interval '30 seconds'")
        before = harness.psql("SELECT last_seen_at, xmin FROM sessions "
                              "WHERE token_hash = '%s'" % h)
        for _ in range(10):
            r = c.get("/")
            self.assertStatus(r, 200)
            self.assertIn('class="nav-signout"', r.body)   # signed in
        # the same row version: not one of the ten requests wrote it
        self.assertEqual(harness.psql(
            "SELECT last_seen_at, xmin FROM sessions WHERE token_hash = "
            "'%s'" % h), before)
        harness.psql("UPDATE sessions SET last_seen_at = now() - "
                     "interval '61 seconds' WHERE token_hash = '%s'" % h)
        self.assertStatus(c.get("/"), 200)
        self.assertEqual(harness.psql(
            "SELECT last_seen_at > now() - interval '10 seconds' FROM "
            "sessions WHERE token_hash = '%s'" % h), "t")

    def seed(self, live, ended):
        uid = int(harness.psql("SELECT id FROM users WHERE username = "
                               "'yuki88'"))
        harness.psql(
            "DELETE FROM sessions WHERE token_hash LIKE 'sweep-%%'; "
            "INSERT INTO sessions (user_id, token_hash, csrf, last_seen_at, "
            "expires_at) SELECT %d, 'sweep-' || g, 'x', now() - "
            "CASE WHEN g <= %d THEN interval '8 days' ELSE interval '1 hour' "
            "END, now() + interval '20 days' FROM generate_series(1, %d) g; "
            "ANALYZE sessions" % (uid, ended, live + ended))

    def ended(self):
        return int(harness.psql(
            "SELECT count(*) FROM sessions WHERE expires_at < now() "
            "OR last_seen_at < now() - interval '7 days'"))

    def test_2_sweep_uses_indexes(self):
        self.seed(30000, 300)
        plan = json.loads(harness.psql(
            "BEGIN; EXPLAIN (FORMAT JSON) DELETE FROM sessions WHERE "
            "expires_at < now() OR last_seen_at < now() - interval "
            "'7 days'; ROLLBACK").replace("BEGIN", "").replace(
                "ROLLBACK", "").strip())[0]["Plan"]
        kinds = []

        def walk(n):
            kinds.append((n["Node Type"], n.get("Index Name", "")))
            for p in n.get("Plans", []):
                walk(p)
        walk(plan)
        self.assertNotIn("Seq Scan", [k for k, _ in kinds], kinds)
        names = {i for _, i in kinds}
        self.assertIn("sessions_last_seen", names, kinds)
        self.assertIn("sessions_expires", names, kinds)

    def test_3_two_sweeps_one_works(self):
        self.seed(2000, 500)
        n_ended = self.ended()
        self.assertGreaterEqual(n_ended, 500)
        # hold one ended row: the first sweep takes the lock, then waits
        hold = subprocess.Popen(
            [harness.PSQL, "-h", RUN, "-U", "sodan", "-X", "-q", "-At",
             "sodan"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        hold.stdin.write("BEGIN; SELECT 1 FROM sessions WHERE token_hash = "
                         "'sweep-1' FOR UPDATE; \\echo locked\n")
        hold.stdin.flush()
        self.assertEqual(hold.stdout.readline().strip(), "1")
        first = sodan_admin("sessions-sweep")
        harness.wait_until(lambda: harness.psql(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
            "AND granted") == "1", timeout=20, what="the first sweep's lock")
        second = sodan_admin("sessions-sweep")
        out2, err2 = second.communicate(timeout=30)
        self.assertEqual(second.returncode, 0, err2)
        self.assertIn("skipped, another instance is sweeping", out2)
        self.assertEqual(self.ended(), n_ended)   # the second did nothing
        hold.stdin.write("ROLLBACK;\n")
        hold.stdin.close()
        hold.wait(timeout=10)
        out1, err1 = first.communicate(timeout=30)
        self.assertEqual(first.returncode, 0, err1)
        self.assertIn("sessions-sweep: %d ended sessions deleted" % n_ended,
                      out1)
        self.assertEqual(self.ended(), 0)
        # and a third, alone, finds nothing left
        third = sodan_admin("sessions-sweep")
        out3, _ = third.communicate(timeout=30)
        self.assertIn("sessions-sweep: 0 ended sessions deleted", out3)


if __name__ == "__main__":
    harness.main()
