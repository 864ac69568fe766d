"""tests/http/harness.py: the integration-test harness (python3, stdlib only).

Every tests/http/tNNN_*.py file uses it:

    import harness

    class Basics(harness.ServerTest):
        demo = True                     # run `sodan demo` before serving

        def test_home(self):
            r = self.client().get("/")
            self.assertEqual(r.status, 200)

    if __name__ == "__main__":
        harness.main()

ServerTest starts the real binary once per class (build-san/sodan, or
$SODAN_BIN) against the driver's PostgreSQL and Redis (SODAN_TEST_DIR, set by
tests/run; a file run on its own starts a private stack of its own), on
127.0.0.1 and a free port, after `sodan migrate` (or `sodan demo`, which
migrates first, when asked).  Its standard error (the access log) goes to a log file.  When the
class is done the server gets SIGTERM and must exit 0 with no sanitizer
report in its log.  main() runs the tests and prints "N passed, N failed" as
its last line (what tests/run adds up).

Helpers: Client (cookie jar, no redirects followed, GET / POST form / raw
bytes), psql(sql), stop_pg/start_pg/stop_redis/start_redis, wait_until.
"""

import gzip
import http.client
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unittest
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
STACK = os.path.join(ROOT, "scripts", "stack.sh")
PSQL = "/usr/lib/postgresql/15/bin/psql"
if not os.access(PSQL, os.X_OK):
    PSQL = "psql"
BIN = os.environ.get("SODAN_BIN") or os.path.join(ROOT, "build-san", "sodan")
# `sodan demo` is bounded by this many seconds (SODAN_DEMO_TIMEOUT): a bound,
# not a wait, so a long one costs a fast run nothing.
DEMO_TIMEOUT = int(os.environ.get("SODAN_DEMO_TIMEOUT") or 600)
# A started server is handed to the tests once its first rule-set load is
# over (loaded or failed, /healthz/ready's rules_reload): a rule set not in
# the compiled cache is compiled first (about 15 s; minutes on a loaded
# machine), and posting waits for it, past the client's timeout.  Past
# RULES_WAIT seconds the tests start anyway.
RULES_WAIT = int(os.environ.get("SODAN_RULES_WAIT") or 300)

SANITIZER_PATTERNS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error:",
    "WARNING: ThreadSanitizer",
)

os.environ.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1")
os.environ.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")


# --- the stack (PostgreSQL + Redis) -----------------------------------------

_own_stack = None


def test_dir():
    """The driver's throw-away directory; a private one when run alone."""
    global _own_stack
    d = os.environ.get("SODAN_TEST_DIR")
    if d:
        return d
    if _own_stack is None:
        _own_stack = tempfile.mkdtemp(prefix="sdt.", dir="/tmp")
        env = dict(os.environ, SODAN_STACK_THROWAWAY="1")
        subprocess.run([STACK, "start", _own_stack], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        os.environ["SODAN_TEST_DIR"] = _own_stack
    return _own_stack


def _stop_own_stack():
    global _own_stack
    if _own_stack is not None:
        subprocess.run([STACK, "stop", _own_stack],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", _own_stack])
        _own_stack = None


def stack_env():
    """SODAN_DATABASE_URL / SODAN_REDIS_URL for the test directory."""
    d = test_dir()
    run = os.path.join(d, "run")
    return {
        "SODAN_DATABASE_URL": "host=%s dbname=sodan user=sodan" % run,
        "SODAN_REDIS_URL": "unix:%s" % os.path.join(run, "redis.sock"),
        "SODAN_SECRET_KEY": os.path.join(d, "keys", "sodan.key"),
        "SODAN_SMTP_URL": _smtp_url(run),
    }


def _smtp_url(run):
    """The mail sink of the test stack (scripts/stack.sh), or "" (none)."""
    try:
        with open(os.path.join(run, "smtp.port")) as f:
            return "smtp://127.0.0.1:%s" % f.read().strip()
    except OSError:
        return ""


def _stack(cmd):
    r = subprocess.run([STACK, cmd, test_dir()], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RuntimeError("stack.sh %s failed:\n%s" % (cmd, r.stdout))


def stop_pg():
    _stack("stop-pg")


def start_pg():
    _stack("start-pg")


def stop_redis():
    _stack("stop-redis")


def start_redis():
    _stack("start-redis")


def redis(*args):
    """One command to the test Redis (RESP over its unix socket); the
    reply: int, str, list or None.  Raises on a Redis error reply."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(os.path.join(test_dir(), "run", "redis.sock"))
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    sock.sendall(out)
    f = sock.makefile("rb")

    def read():
        line = f.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind == b"-":
            raise RuntimeError("redis: " + rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"+":
            return rest.decode()
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = f.read(n + 2)[:n]
            return data.decode("utf-8", "replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [read() for _ in range(n)]
        raise RuntimeError("redis: unexpected reply %r" % line)
    try:
        return read()
    finally:
        f.close()
        sock.close()


def reset_redis():
    """Start a test file with an empty Redis (FLUSHDB).  The files of one
    run share one Redis and every test connects from 127.0.0.1: without
    this, one file's wrong passwords (lg:i:*, 100 per 15 minutes) or its
    tight limits (a GCRA time far ahead in rl:*) would refuse sign-ins and
    posts in the files run after it."""
    try:
        redis("FLUSHDB")
    except OSError:
        pass        # Redis not running (a test stopped it): nothing to do


def fresh_database():
    """Drop and re-create the test database (the server migrates it and
    loads the demo data when it starts): for a suite whose journeys must
    see the demo forum, not what the files run before it left (hundreds
    of held posts in the queues, thousands of threads in search)."""
    for sql in ("DROP DATABASE IF EXISTS sodan WITH (FORCE)",
                "CREATE DATABASE sodan ENCODING 'UTF8'"):
        r = subprocess.run(
            [PSQL, "-h", os.path.join(test_dir(), "run"), "-U", "sodan",
             "-X", "-v", "ON_ERROR_STOP=1", "-Atc", sql, "postgres"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError("psql failed: %s" % r.stderr.strip())


def psql(sql):
    """Run one SQL command in the test database; stdout, stripped (-At).
    Raises RuntimeError("psql failed: <psql's messages>") on an error.

    The main thread's calls go to one psql kept running (_PsqlPipe): a
    psql and a PostgreSQL backend started for each call cost about 80
    CPU-ms together and 0.2 s on a loaded machine, and files make tens to
    hundreds of calls.  What a call sees is what a psql of its own gave:
    the same output, the same errors, no session state left from an
    earlier call (DISCARD ALL after each: settings, temporary tables,
    prepared statements, advisory locks), a transaction left open rolled
    back, a new connection after the database was re-created or
    PostgreSQL restarted.  One difference: several statements in one call
    each commit on their own, as from a file, not as one transaction as
    -c sends them, which shows only when one of them fails.  Other
    threads start a psql per call, as before."""
    if threading.current_thread() is threading.main_thread():
        return _PsqlPipe.call(sql)
    r = subprocess.run(
        [PSQL, "-h", os.path.join(test_dir(), "run"), "-U", "sodan",
         "-X", "-v", "ON_ERROR_STOP=1", "-Atc", sql, "sodan"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("psql failed: %s" % r.stderr.strip())
    return r.stdout.strip()


class _PsqlPipe:
    """The main thread's psql (see psql()): SQL in on its standard input,
    each call followed by a marker, DISCARD ALL and a second marker; its
    messages go to a file of their own.  With ON_ERROR_STOP it exits on
    an error (its connection, and any open transaction, end with it): the
    next call starts another."""

    END1 = "--sodan-psql-done--"
    END2 = "--sodan-psql-clean--"
    LOST = ("server closed the connection unexpectedly",
            "terminating connection due to administrator command",
            "connection to server was lost", "no connection to the server",
            "could not send data to server",
            "could not receive data from server")
    cur = None

    def __init__(self):
        self.err = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.p = subprocess.Popen(
            [PSQL, "-h", os.path.join(test_dir(), "run"), "-U", "sodan",
             "-X", "-At", "-v", "ON_ERROR_STOP=1", "sodan"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err,
            text=True, encoding="utf-8", bufsize=1)
        self.used = False

    def close(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.err.close()

    def messages(self, since):
        self.err.flush()
        self.err.seek(since)
        return self.err.read()

    def run(self, sql):
        """(output, None) when the SQL ran; (None, psql's messages) when
        psql ended before it was done.  Leaves self.p ended, or not."""
        self.err.seek(0, os.SEEK_END)
        since = self.err.tell()
        try:
            self.p.stdin.write("%s\n;\n\\echo %s\nDISCARD ALL;\n\\echo %s\n"
                               % (sql, self.END1, self.END2))
            self.p.stdin.flush()
        except OSError:
            pass
        out = []
        for line in self.p.stdout:
            line = line.rstrip("\n")
            if line == self.END1:
                break
            out.append(line)
        else:
            self.p.wait()
            return None, self.messages(since)
        self.used = True
        for line in self.p.stdout:
            if line.rstrip("\n") == self.END2:
                return "\n".join(out).strip(), None
        # DISCARD ALL failed (a transaction left open) and psql ended:
        # the transaction is rolled back, as when a psql of its own exits
        self.p.wait()
        return "\n".join(out).strip(), None

    @classmethod
    def call(cls, sql):
        for attempt in (1, 2):
            if cls.cur is None or cls.cur.p.poll() is not None:
                if cls.cur is not None:
                    cls.cur.close()
                cls.cur = cls()
            pipe = cls.cur
            out, msgs = pipe.run(sql)
            if msgs is None:
                return out
            pipe.close()
            cls.cur = None
            # a connection that was open before this call and is gone now
            # (the database re-created, PostgreSQL restarted): this call
            # did not reach the server; it gets a new connection, once
            if attempt == 1 and pipe.used and \
                    any(m in msgs for m in cls.LOST):
                continue
            raise RuntimeError("psql failed: %s" % msgs.strip())

    @classmethod
    def end(cls):
        if cls.cur is not None:
            cls.cur.close()
            cls.cur = None


class PsqlSession:
    """One long-lived psql for tests that query after every step (a new
    psql per query costs a process start and a connection): query(sql)
    returns the -At output like psql().  Not for statements that fail."""

    END = "--sodan-end--"

    def __init__(self):
        self.p = subprocess.Popen(
            [PSQL, "-h", os.path.join(test_dir(), "run"), "-U", "sodan",
             "-X", "-q", "-At", "sodan"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            bufsize=1)

    def query(self, sql):
        self.p.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo %s\n"
                           % self.END)
        self.p.stdin.flush()
        out = []
        for line in self.p.stdout:
            line = line.rstrip("\n")
            if line == self.END:
                break
            if line.startswith("ERROR:"):
                raise RuntimeError("psql failed: %s" % line)
            out.append(line)
        return "\n".join(out).strip()

    def close(self):
        if self.p.poll() is None:
            self.p.stdin.close()
            self.p.wait(timeout=10)


def wait_until(fn, timeout=10.0, interval=0.2, what="condition"):
    """Call fn() until it returns a true value; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            v = fn()
            if v:
                return v
            last = v
        except Exception as e:  # noqa: BLE001 - report the last one
            last = e
        if time.monotonic() >= deadline:
            raise AssertionError("%s not reached within %.0f s (last: %r)"
                                 % (what, timeout, last))
        time.sleep(interval)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- HTTP ---------------------------------------------------------------------

class Headers:
    """Response headers: case-insensitive; get() the first, all() every one."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def get(self, name, default=None):
        n = name.lower()
        for k, v in self.pairs:
            if k.lower() == n:
                return v
        return default

    def all(self, name):
        n = name.lower()
        return [v for k, v in self.pairs if k.lower() == n]

    def __contains__(self, name):
        return self.get(name) is not None

    def __getitem__(self, name):
        v = self.get(name)
        if v is None:
            raise KeyError(name)
        return v

    def __repr__(self):
        return "Headers(%r)" % self.pairs


class Response:
    """status (int), reason, headers (Headers), raw (bytes as received),
    data (bytes, gunzipped if Content-Encoding: gzip), body (data as str)."""

    def __init__(self, status, reason, headers, raw):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.raw = raw
        data = raw
        if (headers.get("Content-Encoding") or "").lower() == "gzip" and raw:
            data = gzip.decompress(raw)
        self.data = data
        self.body = data.decode("utf-8", errors="replace")

    @property
    def content_type(self):
        return self.headers.get("Content-Type") or ""

    def json(self):
        import json
        return json.loads(self.body)

    def __repr__(self):
        return "<Response %d %s, %d bytes>" % (self.status, self.reason,
                                              len(self.raw))


def parse_set_cookie(value):
    """'a=b; Path=/; HttpOnly' -> (name, value, {attr: value})."""
    parts = [p.strip() for p in value.split(";")]
    name, _, val = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return name.strip(), val.strip(), attrs


class Client:
    """A tiny HTTP/1.1 client with a cookie jar.  Redirects are not followed."""

    def __init__(self, port, host="127.0.0.1", timeout=30):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.cookies = {}

    # cookies
    def _store_cookies(self, headers):
        for sc in headers.all("Set-Cookie"):
            name, val, attrs = parse_set_cookie(sc)
            expired = attrs.get("max-age") in ("0", "-1") or val == ""
            if expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    # requests
    def request(self, method, path, body=None, headers=None):
        h = {}
        if self.cookies:
            h["Cookie"] = self.cookie_header()
        if headers:
            h.update(headers)
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn = http.client.HTTPConnection(self.host, self.port,
                                          timeout=self.timeout)
        try:
            conn.putrequest(method, path, skip_host=False,
                            skip_accept_encoding=True)
            for k, v in h.items():
                conn.putheader(k, v)
            if body is not None and not any(k.lower() == "content-length"
                                            for k in h):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            resp = conn.getresponse()
            raw = resp.read()
            headers_ = Headers(resp.getheaders())
            r = Response(resp.status, resp.reason, headers_, raw)
        finally:
            conn.close()
        self._store_cookies(r.headers)
        return r

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def head(self, path, headers=None):
        return self.request("HEAD", path, headers=headers)

    def post(self, path, fields=None, headers=None, csrf=False):
        """POST an urlencoded form.  csrf=True adds the double-submit token
        (the sodan_csrf cookie, fetched with GET / if the jar has none)."""
        fields = list((fields or {}).items()) if isinstance(fields, dict) \
            else list(fields or [])
        if csrf:
            tok = self.csrf_token()
            if tok is not None:
                fields.append(("csrf", tok))
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        if headers:
            h.update(headers)
        return self.request("POST", path, urllib.parse.urlencode(fields), h)

    def csrf_token(self, page="/"):
        """The CSRF double-submit token: the sodan_csrf cookie (which forms
        that need it carry as a hidden csrf input).  Fetches page if the jar
        has none; None if the server set none (cached pages set no cookie,
        and routes checked by Origin/Referer only need no token)."""
        if "sodan_csrf" not in self.cookies:
            self.get(page)
        return self.cookies.get("sodan_csrf")

    def raw(self, data, read_timeout=None, chunk=65536):
        """Send raw bytes and read the response until the server closes the
        connection (or read_timeout).  Stops sending as soon as a response
        arrives, so an early 413 is not lost to a reset."""
        s = socket.create_connection((self.host, self.port),
                                     timeout=self.timeout)
        buf = b""
        try:
            off = 0
            while off < len(data):
                r, w, _ = select.select([s], [s], [], self.timeout)
                if r:
                    break
                if w:
                    try:
                        off += s.send(data[off:off + chunk])
                    except (BrokenPipeError, ConnectionResetError):
                        break
            s.settimeout(read_timeout or self.timeout)
            while True:
                try:
                    b = s.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    break
                if not b:
                    break
                buf += b
                r = parse_raw_response(buf)
                if r is not None and r.complete:
                    break
        finally:
            s.close()
        r = parse_raw_response(buf)
        if r is None:
            raise ConnectionError("no HTTP response (%d bytes: %r)"
                                  % (len(buf), buf[:200]))
        self._store_cookies(r.headers)
        return r


def parse_raw_response(buf):
    """Parse one HTTP/1.x response from bytes; None if the head is
    incomplete.  The result has .complete (body fully received)."""
    head, sep, rest = buf.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = head.decode("iso-8859-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3}) ?(.*)", lines[0])
    if not m:
        raise ConnectionError("bad status line %r" % lines[0])
    pairs = []
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        pairs.append((k.strip(), v.strip()))
    h = Headers(pairs)
    cl = h.get("Content-Length")
    complete = True
    body = rest
    if cl is not None:
        n = int(cl)
        complete = len(rest) >= n
        body = rest[:n]
    elif (h.get("Transfer-Encoding") or "").lower() == "chunked":
        body, complete = _dechunk(rest)
    else:
        complete = False    # until close
    try:
        r = Response(int(m.group(1)), m.group(2), h, body)
    except (OSError, EOFError):     # partial gzip
        r = Response(int(m.group(1)), m.group(2),
                     Headers([p for p in pairs
                              if p[0].lower() != "content-encoding"]), body)
    r.complete = complete
    return r


def _dechunk(data):
    out = b""
    while True:
        line, sep, rest = data.partition(b"\r\n")
        if not sep:
            return out, False
        n = int(line.split(b";")[0] or b"0", 16)
        if n == 0:
            return out, True
        if len(rest) < n + 2:
            return out + rest[:n], False
        out += rest[:n]
        data = rest[n + 2:]


# --- the server -----------------------------------------------------------------

class Server:
    """One sodan process.  start() migrates (and loads the demo if asked),
    starts it on a free port and waits for /healthz; stop() sends SIGTERM
    and returns a list of problems (exit status, sanitizer reports)."""

    count = 0
    live = []           # started and not yet stopped, killed at exit

    def __init__(self, demo=False, conf=None, extra_env=None, name=None):
        self.demo = demo
        self.conf = conf            # text of a config file to pass with -c
        self.extra_env = extra_env or {}
        Server.count += 1
        base = name or os.path.splitext(os.path.basename(sys.argv[0]))[0]
        logs = os.path.join(test_dir(), "logs")
        os.makedirs(logs, exist_ok=True)
        self.log_path = os.path.join(logs, "%s-%d.%d.log"
                                     % (base, os.getpid(), Server.count))
        self.proc = None
        self.port = None
        self.conf_path = None

    def env(self):
        e = dict(os.environ)
        e.update(stack_env())
        # Generous rate limits unless the test brings its own (t070).
        e.setdefault("SODAN_LIMITS", os.path.join(ROOT, "tests", "http",
                                                  "limits.conf"))
        e.update(self.extra_env)
        if self.port is not None:
            e["SODAN_LISTEN"] = "127.0.0.1:%d" % self.port
        return e

    def args(self, *cmd):
        a = [BIN]
        if self.conf is not None:
            if self.conf_path is None:
                fd, self.conf_path = tempfile.mkstemp(
                    suffix=".conf", dir=test_dir())
                with os.fdopen(fd, "w") as f:
                    f.write(self.conf)
            a += ["-c", self.conf_path]
        return a + list(cmd)

    def run(self, *cmd, timeout=None):
        """Run a one-shot sub-command (migrate, demo); CompletedProcess.
        `demo` gets DEMO_TIMEOUT (it cooks the demo posts; it used to hash
        a password for every account tests had added); anything else
        120 s."""
        if timeout is None:
            timeout = DEMO_TIMEOUT if cmd[:1] == ("demo",) else 120
        return subprocess.run(self.args(*cmd), cwd=ROOT, env=self.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=timeout)

    def start(self, timeout=60):
        if not os.access(BIN, os.X_OK):
            raise RuntimeError("%s is not built (make SAN=1 all)" % BIN)
        # `sodan demo` applies the migrations first: one process, not two
        for sub in (["demo"] if self.demo else ["migrate"]):
            r = self.run(sub)
            self._append_log("$ sodan %s (exit %d)\n%s%s" % (
                sub, r.returncode, r.stdout, r.stderr))
            if r.returncode != 0:
                raise RuntimeError("sodan %s exited %d:\n%s" % (
                    sub, r.returncode, r.stderr[-4000:]))
        last = None
        for _attempt in range(3):       # a free port can be taken meanwhile
            self.port = free_port()
            self._append_log("$ sodan (SODAN_LISTEN=127.0.0.1:%d)\n"
                             % self.port)
            logf = open(self.log_path, "ab")
            self.proc = subprocess.Popen(self.args(), cwd=ROOT,
                                         env=self.env(),
                                         stdin=subprocess.DEVNULL,
                                         stdout=logf, stderr=logf)
            logf.close()
            Server.live.append(self)
            try:
                self._wait_ready(timeout)
                return self
            except RuntimeError as e:
                last = e
                if self.proc.poll() is None:
                    self.proc.kill()
                    self.proc.wait()
                if "in use" not in self.log_tail(20):
                    break
        raise last

    def _append_log(self, text):
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(text)

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        c = self.client()
        c.timeout = 5
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("sodan exited with status %d at start:\n%s"
                                   % (self.proc.returncode, self.log_tail()))
            try:
                c.get("/healthz")
                self._wait_rules(c)
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
        raise RuntimeError("sodan did not answer /healthz within %d s:\n%s"
                           % (timeout, self.log_tail()))

    def _wait_rules(self, c):
        """Until the first rule-set load is over (RULES_WAIT)."""
        deadline = time.monotonic() + RULES_WAIT
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                r = c.get("/healthz/ready").json()["rules_reload"]
            except (OSError, http.client.HTTPException, ValueError,
                    KeyError, TypeError):
                return
            if r.get("loaded") or r.get("attempts", 0) >= 1 or \
                    r.get("error"):
                return
            time.sleep(0.05)

    def client(self):
        return Client(self.port)

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def log_tail(self, n=40):
        return "\n".join(self.log().splitlines()[-n:])

    def access_lines(self):
        return [ln for ln in self.log().splitlines() if "access method=" in ln]

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=30, sig=signal.SIGTERM):
        """SIGTERM, wait, then check.  Returns a list of problems."""
        problems = []
        if self.proc is None:
            return problems
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                problems.append("sodan did not exit within %d s of %s"
                                % (timeout, signal.Signals(sig).name))
                self.proc.kill()
                self.proc.wait()
        if self in Server.live:
            Server.live.remove(self)
        rc = self.proc.returncode
        if rc != 0:
            problems.append("sodan exited with status %d (want 0)" % rc)
        problems += self.sanitizer_reports()
        if self.conf_path:
            try:
                os.unlink(self.conf_path)
            except OSError:
                pass
        return problems

    def sanitizer_reports(self):
        return ["log: " + ln for ln in self.log().splitlines()
                if any(p in ln for p in SANITIZER_PATTERNS)]


# --- test cases -------------------------------------------------------------

class ServerTest(unittest.TestCase):
    """A test class with one sodan for all its tests (self.server, self.port).
    Set demo = True to load the demo data; conf = "..." to pass a config."""

    demo = False
    conf = None
    extra_env = None
    server = None

    @classmethod
    def setUpClass(cls):
        reset_redis()
        srv = Server(demo=cls.demo, conf=cls.conf, extra_env=cls.extra_env)
        _Results.logs.append(srv.log_path)
        cls.server = srv.start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            problems = cls.server.stop()
            if problems:
                raise AssertionError(
                    "server shutdown:\n  " + "\n  ".join(problems[:20])
                    + "\n--- log tail ---\n" + cls.server.log_tail(60))

    def client(self):
        return self.server.client()

    # assertions
    def assertStatus(self, r, status, msg=None):
        if r.status != status:
            self.fail("%s: status %d, want %d%s\n%s" % (
                msg or "response", r.status, status,
                "" if not r.headers.get("Location")
                else " (Location: %s)" % r.headers.get("Location"),
                r.body[:600]))

    def assertHtmlPage(self, r, status):
        self.assertStatus(r, status)
        self.assertTrue(r.content_type.startswith("text/html"),
                        "Content-Type %r is not text/html" % r.content_type)
        self.assertIn("<html", r.body.lower(),
                      "status %d body is not an HTML page" % status)

    def assertStillServing(self):
        r = self.client().get("/healthz")
        self.assertIn(r.status, (200, 503),
                      "server no longer serving: /healthz -> %d" % r.status)


class _Results:
    logs = []


class _Result(unittest.TextTestResult):
    pass


def main():
    """Run the tests of the calling file; print 'N passed, N failed' last.
    Extra arguments name tests (as unittest does: Class or Class.test)."""
    def on_term(*_):
        raise KeyboardInterrupt("SIGTERM")
    signal.signal(signal.SIGTERM, on_term)
    loader = unittest.TestLoader()
    mod = sys.modules["__main__"]
    names = sys.argv[1:]
    suite = (loader.loadTestsFromNames(names, mod) if names
             else loader.loadTestsFromModule(mod))
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2,
                                     resultclass=_Result)
    try:
        result = runner.run(suite)
    finally:
        for srv in list(Server.live):
            if srv.proc.poll() is None:
                srv.proc.kill()
                srv.proc.wait()
        _PsqlPipe.end()
        _stop_own_stack()
    failed = len(result.failures) + len(result.errors) + \
        len(result.unexpectedSuccesses)
    passed = result.testsRun - len(result.skipped) - \
        len(result.failures) - len(result.unexpectedSuccesses) - \
        len([e for e in result.errors
             if isinstance(e[0], unittest.TestCase)])
    passed = max(passed, 0)
    if failed:
        for path in _Results.logs:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    tail = f.read().splitlines()[-25:]
            except OSError:
                continue
            print("--- %s (last %d lines) ---" % (path, len(tail)))
            print("\n".join(tail))
    if result.skipped:
        print("%d skipped" % len(result.skipped))
    print("%d passed, %d failed" % (passed, failed))
    sys.stdout.flush()
    sys.exit(1 if failed else 0)
