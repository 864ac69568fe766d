#!/usr/bin/env python3
"""t011_lifecycle: foundation behaviours beyond single pages (issues 2, 3).

- The server (and `sodan migrate`) refuses a database whose schema is newer
  than the binary knows: non-zero exit and a message saying so.
- Clients that disconnect while their job runs on an app thread (a page
  the cache does not answer, a sign-in that hashes) leave the server
  serving and shutting down cleanly (the harness checks the exit status
  and sanitizer reports at shutdown).
- Cookies get Secure when [server] tls_in_front = true, and not otherwise.
- Sessions end after 7 idle days and 30 days at most: the cookie no longer
  signs in, the row is deleted and the browser is told to forget it.
"""

import os
import socket
import struct
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import sign_in, user, uniq  # noqa: E402
from t100_accounts import login  # noqa: E402


class NewerSchema(unittest.TestCase):
    """A schema_migrations row from the future stops `sodan` and `sodan
    migrate`; with the row gone the server starts again."""

    FUTURE = 9990

    def test_refuses_newer_schema(self):
        srv = harness.Server(name="t011_schema")
        harness._Results.logs.append(srv.log_path)
        r = srv.run("migrate")
        self.assertEqual(r.returncode, 0, r.stderr)
        harness.psql("INSERT INTO schema_migrations (version, name) VALUES "
                     "(%d, 'from a newer sodan')" % self.FUTURE)
        try:
            r = srv.run(timeout=60)         # serve: must exit at once
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("newer than this binary knows", r.stderr)
            self.assertIn("(version %d)" % self.FUTURE, r.stderr)
            self.assertIn("refusing to start", r.stderr)
            r = srv.run("migrate")
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("newer than this binary knows", r.stderr)
        finally:
            harness.psql("DELETE FROM schema_migrations WHERE version = %d"
                         % self.FUTURE)
        srv.start()
        self.assertEqual(srv.client().get("/healthz").status, 200)
        self.assertEqual(srv.stop(), [])


class Disconnects(harness.ServerTest):
    demo = True

    def send_and_close(self, data, reset):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        if reset:       # close with RST instead of FIN
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        s.sendall(data)
        s.close()

    def test_clients_gone_while_jobs_run(self):
        c = self.client()
        tok = c.csrf_token("/login")
        body = ("username=kenji_t&password=sodan-demo-2026&csrf=%s" % tok)
        login_req = (
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            "Origin: http://127.0.0.1:%d\r\nCookie: sodan_csrf=%s\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: %d\r\n\r\n%s"
            % (self.port, self.port, tok, len(body), body)).encode()
        before = len(self.server.access_lines())
        for i in range(50):
            # A category page with a query (never cached) or a sign-in
            # (argon2id: the job outlives the connection by far).
            if i % 2 == 0:
                req = ("GET /c/account?page=1&n=%d HTTP/1.1\r\n"
                       "Host: 127.0.0.1:%d\r\n\r\n" % (i, self.port)).encode()
            else:
                req = login_req
            self.send_and_close(req, reset=(i % 4 >= 2))
        # The jobs ran (each writes its access-log line) on app threads
        # whose clients were gone.
        harness.wait_until(
            lambda: len([ln for ln in self.server.access_lines()[before:]
                         if "path=/login" in ln or "path=/c/account" in ln])
            >= 50, timeout=120, what="the jobs of the closed connections")
        r = self.client().get("/c/account?page=1")
        self.assertHtmlPage(r, 200)
        c = self.client()
        self.assertStatus(login(c, "kenji_t", "sodan-demo-2026"), 303)
        self.assertStatus(c.get("/settings"), 200, "signed in afterwards")
        self.assertEqual(self.client().get("/healthz").status, 200)
        # tearDownClass: SIGTERM, exit 0, no sanitizer report.


def session_cookie(r):
    return [v for v in r.headers.all("Set-Cookie")
            if v.startswith("sodan_session=")]


class SecureCookies(harness.ServerTest):
    demo = True
    conf = "[server]\ntls_in_front = true\n"

    def test_secure_when_tls_in_front(self):
        c = self.client()
        r = c.get("/login")
        csrf = [v for v in r.headers.all("Set-Cookie")
                if v.startswith("sodan_csrf=")]
        self.assertTrue(csrf, r.headers)
        self.assertIn("; Secure", csrf[0])
        r = login(c, "kenji_t", "sodan-demo-2026")
        self.assertStatus(r, 303)
        sc = session_cookie(r)
        self.assertTrue(sc, r.headers)
        self.assertIn("; Secure", sc[0])
        self.assertIn("HttpOnly", sc[0])
        self.assertIn("SameSite=Lax", sc[0])

    def test_not_secure_by_default(self):
        srv = harness.Server(demo=False, name="t011_plain").start()
        try:
            c = srv.client()
            r = login(c, "kenji_t", "sodan-demo-2026")
            self.assertStatus(r, 303)
            sc = session_cookie(r)
            self.assertTrue(sc, r.headers)
            self.assertNotIn("Secure", sc[0])
        finally:
            self.assertEqual(srv.stop(), [])


class SessionExpiry(harness.ServerTest):
    demo = True

    def signed_in(self):
        uid = user(uniq("exp"))
        c = self.client()
        sign_in(c, uid)
        self.assertStatus(c.get("/settings"), 200, "fresh session")
        tok = c.cookies["sodan_session"]
        return uid, c, tok

    def assert_gone(self, uid, c):
        r = c.get("/settings")
        self.assertStatus(r, 303, "ended session")
        self.assertTrue(r.headers["Location"].startswith("/login"))
        sc = session_cookie(r)
        self.assertTrue(sc, "the browser is not told to drop the cookie")
        self.assertIn("Max-Age=0", sc[0])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE user_id = %d" % uid), "0")

    def test_idle_expiry(self):
        uid, c, _ = self.signed_in()
        # Six idle days: still signed in.
        harness.psql("UPDATE sessions SET last_seen_at = now() - "
                     "interval '6 days' WHERE user_id = %d" % uid)
        self.assertStatus(c.get("/settings"), 200, "6 idle days")
        harness.psql("UPDATE sessions SET last_seen_at = now() - "
                     "interval '7 days 1 minute' WHERE user_id = %d" % uid)
        self.assert_gone(uid, c)

    def test_absolute_expiry(self):
        uid, c, _ = self.signed_in()
        # Used a minute ago, but past its absolute end (30 days after
        # sign-in).
        harness.psql("UPDATE sessions SET created_at = now() - interval "
                     "'30 days 1 minute', expires_at = now() - interval "
                     "'1 minute' WHERE user_id = %d" % uid)
        self.assert_gone(uid, c)

    def test_sweep_at_start(self):
        # Sessions no browser presents again (idle 7 days, or past their
        # end) are deleted by a starting server; live ones stay.
        idle, _, _ = self.signed_in()
        ended, _, _ = self.signed_in()
        live, _, _ = self.signed_in()
        harness.psql("UPDATE sessions SET last_seen_at = now() - "
                     "interval '7 days 1 minute' WHERE user_id = %d" % idle)
        harness.psql("UPDATE sessions SET expires_at = now() - "
                     "interval '1 minute' WHERE user_id = %d" % ended)
        srv = harness.Server(demo=False, name="t011_sweep").start()
        try:
            count = ("SELECT count(*) FROM sessions WHERE user_id = %d")
            harness.wait_until(
                lambda: harness.psql(count % idle) == "0" and
                harness.psql(count % ended) == "0", 10,
                what="the starting server deletes ended sessions")
            self.assertEqual(harness.psql(count % live), "1")
        finally:
            self.assertEqual(srv.stop(), [])

    def test_new_session_lasts_30_days(self):
        c = self.client()
        self.assertStatus(login(c, "yuki88", "sodan-demo-2026"), 303)
        days = harness.psql("SELECT round(extract(epoch FROM s.expires_at - "
                            "s.created_at) / 86400) FROM sessions s JOIN "
                            "users u ON u.id = s.user_id WHERE u.username = "
                            "'yuki88' ORDER BY s.id DESC LIMIT 1")
        self.assertEqual(days, "30")

    def test_suspended_session_is_kept(self):
        uid, c, _ = self.signed_in()
        harness.psql("UPDATE users SET suspended_until = now() + interval "
                     "'1 day' WHERE id = %d" % uid)
        r = c.get("/settings")
        self.assertStatus(r, 303, "suspended member")
        self.assertEqual(session_cookie(r), [])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE user_id = %d" % uid), "1")


if __name__ == "__main__":
    harness.main()
