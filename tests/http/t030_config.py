#!/usr/bin/env python3
"""t030_config: `sodan -c FILE -n` checks a configuration and names the line
of an unknown key or a bad value; a bad file stops start-up; SIGTERM and
SIGINT stop the server cleanly (exit 0), finishing a request in flight."""

import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

VALID = """\
; a complete, valid configuration
[server]
listen = 127.0.0.1:18080
loops = 1
app_threads = 2
max_url = 4096
max_body = 1048576
request_timeout = 10
tls_in_front = false

[database]
url = host=/nonexistent dbname=sodan user=sodan

[redis]
url = unix:/nonexistent/redis.sock

[paths]
moderation = conf/moderation
access_log = -
"""


class ConfigCheck(unittest.TestCase):

    def setUp(self):
        self.files = []

    def tearDown(self):
        for f in self.files:
            os.unlink(f)

    def write(self, text):
        fd, path = tempfile.mkstemp(suffix=".conf", dir=harness.test_dir())
        with os.fdopen(fd, "w") as f:
            f.write(text)
        self.files.append(path)
        return path

    def sodan(self, *args, timeout=30):
        env = dict(os.environ)
        for k in ("SODAN_DATABASE_URL", "SODAN_REDIS_URL", "SODAN_LISTEN"):
            env.pop(k, None)
        return subprocess.run([harness.BIN] + list(args), cwd=harness.ROOT,
                              env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              timeout=timeout)

    def assertNoSanitizer(self, r):
        for p in harness.SANITIZER_PATTERNS:
            self.assertNotIn(p, r.stderr)

    def test_shipped_config_is_valid(self):
        r = self.sodan("-c", "conf/sodan.conf", "-n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("configuration OK", r.stdout)

    def test_valid_config(self):
        path = self.write(VALID)
        r = self.sodan("-c", path, "-n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("configuration OK", r.stdout)
        self.assertNoSanitizer(r)

    def test_unknown_key_names_line(self):
        path = self.write("[server]\nloops = 1\nfrobnicate = yes\n")
        r = self.sodan("-c", path, "-n")
        self.assertNotEqual(r.returncode, 0)
        self.assertNotIn("configuration OK", r.stdout)
        self.assertIn("%s:3" % path, r.stderr)
        self.assertIn("frobnicate", r.stderr)
        self.assertNoSanitizer(r)

    def test_bad_value_names_line(self):
        lines = VALID.splitlines()
        n = next(i for i, ln in enumerate(lines, 1)
                 if ln.startswith("app_threads"))
        lines[n - 1] = "app_threads = lots"
        path = self.write("\n".join(lines) + "\n")
        r = self.sodan("-c", path, "-n")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("%s:%d" % (path, n), r.stderr)
        self.assertIn("app_threads", r.stderr)
        self.assertNoSanitizer(r)

    def test_unknown_section_names_line(self):
        path = self.write("[server]\nloops = 1\n\n[nosuch]\nkey = 1\n")
        r = self.sodan("-c", path, "-n")
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stderr, "%s:[45]" % path)

    def test_missing_file(self):
        r = self.sodan("-c", "/nonexistent/sodan.conf", "-n")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("/nonexistent/sodan.conf", r.stderr)

    def test_bad_config_stops_startup(self):
        path = self.write("[server]\nlisten = 127.0.0.1:1\nloops = many\n")
        r = self.sodan("-c", path)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("%s:3" % path, r.stderr)


class Shutdown(unittest.TestCase):

    def start(self):
        srv = harness.Server(name="t030_shutdown")
        harness._Results.logs.append(srv.log_path)
        return srv.start()

    def test_sigterm_clean_exit(self):
        srv = self.start()
        self.assertEqual(srv.client().get("/").status, 200)
        problems = srv.stop(sig=signal.SIGTERM)
        self.assertEqual(problems, [])

    def test_sigint_clean_exit(self):
        srv = self.start()
        self.assertEqual(srv.client().get("/healthz").status, 200)
        problems = srv.stop(sig=signal.SIGINT)
        self.assertEqual(problems, [])

    def test_sigterm_finishes_request_in_flight(self):
        """A request whose body is still arriving when SIGTERM comes is
        answered before the server exits."""
        srv = self.start()
        c = srv.client()
        tok = c.csrf_token("/c/account") or ""
        body = ("lang=en&next=%%2F&csrf=%s" % tok).encode()
        head = (b"POST /lang HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Cookie: sodan_csrf=%s\r\nContent-Length: %d\r\n"
                b"Connection: close\r\n\r\n"
                % (srv.port, tok.encode(), len(body)))
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        try:
            s.sendall(head + body[:5])
            time.sleep(0.3)
            srv.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            s.sendall(body[5:])
            buf = b""
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                r, _, _ = select.select([s], [], [], 1)
                if not r:
                    continue
                try:
                    b = s.recv(65536)
                except ConnectionResetError:
                    break
                if not b:
                    break
                buf += b
        finally:
            s.close()
        resp = harness.parse_raw_response(buf)
        self.assertIsNotNone(resp, "no response to the request in flight "
                             "(got %r)" % buf[:200])
        self.assertEqual(resp.status, 303,
                         "the request whose headers arrived before SIGTERM "
                         "was not carried out (want the 303 of POST /lang):"
                         "\n%r" % buf[:300])
        problems = srv.stop(sig=signal.SIGTERM)
        self.assertEqual(problems, [])

    def test_new_connections_refused_after_sigterm(self):
        srv = self.start()
        port = srv.port
        srv.send_signal(signal.SIGTERM)
        srv.proc.wait(30)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        self.assertEqual(srv.stop(), [])


if __name__ == "__main__":
    harness.main()
