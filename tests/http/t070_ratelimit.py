"""t070_ratelimit.py: rate limits in Redis (issue 7).

Two server instances share one Redis: 200 concurrent requests against a
limit with burst 10 let exactly 10 through, and one more after the emission
interval; limits differ by trust level; the 429 page keeps the text typed;
with Redis stopped reads still pass, writes are limited in-process and
/healthz says degraded; with Redis back, limits are in Redis again.
"""

import concurrent.futures
import hashlib
import os
import re
import secrets
import socket
import tempfile
import time

import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


def redis(*args):
    """One command to the test Redis over its unix socket (RESP); the reply."""
    path = harness.stack_env()["SODAN_REDIS_URL"][len("unix:"):]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    s.sendall(out)
    f = s.makefile("rb")

    def read():
        line = f.readline().rstrip(b"\r\n")
        t, rest = line[:1], line[1:]
        if t in (b"+", b"-"):
            return rest.decode()
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            v = f.read(n + 2)[:-2]
            return v.decode()
        if t == b"*":
            return [read() for _ in range(int(rest))]
        raise ValueError(line)
    try:
        return read()
    finally:
        s.close()


def clear_limits():
    keys = redis("KEYS", "rl:*")
    if keys:
        redis("DEL", *keys)


def limits_file(text):
    fd, path = tempfile.mkstemp(suffix=".limits.conf",
                                dir=harness.test_dir())
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def sign_in(client, username, role="user", trust=0):
    """Creates a user and a session row; puts the cookie in client's jar."""
    uid = harness.psql(
        "INSERT INTO users (username, username_key, display_name, role, "
        "trust_level) VALUES ('%s', '%s', '%s', '%s', %d) RETURNING id"
        % (username, username.lower(), username, role, trust))
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    harness.psql(
        "INSERT INTO sessions (user_id, token_hash, csrf, mfa_at) VALUES "
        "(%s, '%s', '%s', now())" % (uid.splitlines()[0],
                              hashlib.sha256(token.encode()).hexdigest(),
                              csrf))
    client.cookies["sodan_session"] = token
    return csrf


def uniq(prefix):
    return "%s%s" % (prefix, secrets.token_hex(4))


# A check that times out counts as "Redis unreachable" (reads then pass):
# give a loaded test machine time, so the counts below are exact.
SLOW_REDIS = "[redis]\ntimeout_ms = 5000\n"


class TwoInstances(harness.ServerTest):
    """Two servers, one Redis, [api] burst 10, one request per 6 s."""

    conf = SLOW_REDIS

    LIMITS = ("[api]\nburst = 10\nrate = 10/min\n"
              "[global]\nburst = 100000\nrate = 10000/sec\n")

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(cls.LIMITS)}
        super().setUpClass()
        cls.other = harness.Server(extra_env=cls.extra_env, conf=cls.conf,
                                   name="t070-second").start()

    @classmethod
    def tearDownClass(cls):
        problems = cls.other.stop()
        super().tearDownClass()
        if problems:
            raise AssertionError("second server: " + "; ".join(problems))

    def test_burst_exactly_ten_across_instances(self):
        clear_limits()
        ports = [self.port, self.other.port]

        def one(i):
            c = harness.Client(ports[i % 2])
            r = c.get("/api/v1/categories")
            return r.status, r.headers.get("Retry-After"), r.body

        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as ex:
            res = list(ex.map(one, range(200)))
        took = time.monotonic() - t0
        self.assertLess(took, 5.5, "the 200 requests took longer than "
                        "the emission interval; the count is not meaningful")
        ok = [r for r in res if r[0] == 200]
        limited = [r for r in res if r[0] == 429]
        self.assertEqual(len(ok), 10, "successes: %d" % len(ok))
        self.assertEqual(len(limited), 190)
        for st, ra, body in limited[:5]:
            self.assertIsNotNone(ra)
            self.assertGreaterEqual(int(ra), 1)
            self.assertLessEqual(int(ra), 6)
            self.assertIn('"error":"rate_limited"', body)
        # After one emission interval (6 s from the first), exactly one more.
        time.sleep(max(0.0, 6.3 - (time.monotonic() - t0)))
        r1 = harness.Client(self.port).get("/api/v1/categories")
        r2 = harness.Client(self.other.port).get("/api/v1/categories")
        self.assertStatus(r1, 200, "after the emission interval")
        self.assertStatus(r2, 429, "the second after the interval")

    def test_keys_live_in_redis(self):
        clear_limits()
        self.client().get("/api/v1/categories")
        self.assertIsNotNone(redis("GET", "rl:api:ip:127.0.0.1"))
        self.assertGreater(redis("PTTL", "rl:api:ip:127.0.0.1"), 0)

    def test_noscript_reloads(self):
        clear_limits()
        redis("SCRIPT", "FLUSH")
        for port in (self.port, self.other.port):
            r = harness.Client(port).get("/api/v1/categories")
            self.assertStatus(r, 200, "after SCRIPT FLUSH")
        self.assertIsNotNone(redis("GET", "rl:api:ip:127.0.0.1"))


class TrustLevels(harness.ServerTest):
    """[api] burst 4, per user: trust 2 multiplies by 3, moderators exempt."""

    conf = SLOW_REDIS

    LIMITS = ("[api]\nburst = 4\nrate = 1/hour\n"
              "[global]\nburst = 100000\nrate = 10000/sec\n"
              "[trust]\nlevel0 = 1\nlevel1 = 2\nlevel2 = 3\nlevel3 = 8\n"
              "staff = 5\nmoderator = 0\n")

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(cls.LIMITS)}
        super().setUpClass()

    def count_ok(self, c, n=20):
        return sum(1 for _ in range(n)
                   if c.get("/api/v1/categories").status == 200)

    def test_levels_differ(self):
        clear_limits()
        c0, c2, cs, cm = (self.client() for _ in range(4))
        sign_in(c0, uniq("newbie"), trust=0)
        sign_in(c2, uniq("regular"), trust=2)
        sign_in(cs, uniq("staffer"), role="staff")
        sign_in(cm, uniq("mod"), role="moderator")
        self.assertEqual(self.count_ok(c0), 4)
        self.assertEqual(self.count_ok(c2), 12)
        self.assertEqual(self.count_ok(cs, 30), 20)
        self.assertEqual(self.count_ok(cm), 20)
        # Anonymous visitors count per IP, at the base limit.
        self.assertEqual(self.count_ok(self.client()), 4)


class FormKept(harness.ServerTest):
    """A refused POST form shows the text typed again (global cap of 3)."""

    LIMITS = "[global]\nburst = 3\nrate = 1/hour\n"

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(cls.LIMITS)}
        super().setUpClass()

    def post_lang(self, c, nxt):
        return c.post("/lang", {"lang": "ja", "next": nxt},
                      headers={"Origin": "http://127.0.0.1:%d" % self.port})

    def test_429_page_keeps_text(self):
        clear_limits()
        c = self.client()
        text = '/c/質問 <b>"typed" & kept'
        for _ in range(3):
            self.assertStatus(self.post_lang(c, "/"), 303)
        r = self.post_lang(c, text)
        self.assertHtmlPage(r, 429)
        ra = int(r.headers["Retry-After"])
        self.assertTrue(3500 <= ra <= 3600, ra)
        body = r.body
        self.assertIn("リクエストが多すぎます", body)
        self.assertIn("分後にもう一度お試しください", body)
        self.assertIn('<form class="resend" method="post" action="/lang">',
                      body)
        self.assertIn('value="/c/質問 &lt;b&gt;&quot;typed&quot; &amp; kept"',
                      body)
        self.assertIn('<input type="hidden" name="lang" value="ja">', body)
        self.assertIn('name="csrf" value="', body)
        self.assertNotIn("<b>", body.split("<main")[1])
        c.cookies["lang"] = "en"
        r = self.post_lang(c, text)
        self.assertIn("You can try again in 60 minutes.", r.body)
        # Reads are refused too (no form then), JSON under /api/.
        r = c.get("/c/account")
        self.assertHtmlPage(r, 429)
        self.assertNotIn('class="resend"', r.body)
        r = c.get("/api/v1/categories")
        self.assertStatus(r, 429)
        self.assertEqual(r.json()["error"], "rate_limited")
        # /healthz is outside the global cap.
        self.assertStatus(c.get("/healthz"), 200)


class AskKept(harness.ServerTest):
    """[ask] burst 1 per user: the second question gets 429 with the
    question's title and body kept in a form posting back to /ask."""

    demo = True
    LIMITS = "[ask]\nburst = 1\nrate = 1/day\n"

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(cls.LIMITS)}
        super().setUpClass()

    def test_second_question_kept(self):
        clear_limits()
        s = Session(self, uniq("rl_asker"), trust=0)
        s.ask("最初の質問：出金が反映されません",
              "昨日申請した出金がまだ反映されていません。確認方法を教えてください。")
        title = "二つ目の質問 <script>alert(1)</script>"
        body = "本文の一行目です。\n二行目 & \"引用\" もそのまま残るべきです。"
        r = s.post("/ask", {"title": title, "body": body,
                            "category": "deposits", "tags": "出金"})
        self.assertHtmlPage(r, 429)
        self.assertTrue(23 * 3600 <= int(r.headers["Retry-After"]) <= 86400)
        self.assertIn("時間後にもう一度お試しください", r.body)
        self.assertIn('action="/ask"', r.body)
        self.assertIn('name="title" value="二つ目の質問 &lt;script&gt;'
                      'alert(1)&lt;/script&gt;"', r.body)
        self.assertIn('name="body">本文の一行目です。\n二行目 &amp; '
                      '&quot;引用&quot; もそのまま残るべきです。</textarea>',
                      r.body)
        self.assertIn('name="tags" value="出金"', r.body)
        self.assertNotIn("<script>alert", r.body)
        # The form's token is the session's: sending it again is accepted
        # by the CSRF check (and refused again by the limit, not with 403).
        m = re.search(r'name="csrf" value="([^"]+)"', r.body)
        self.assertEqual(m.group(1), s.csrf)
        # Nothing was stored for the refused question.
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM threads WHERE title LIKE '二つ目の質問%'"),
            "0")


class RedisDown(harness.ServerTest):
    """Redis stopped: reads pass, writes limited in-process, degraded."""

    demo = True
    LIMITS = ("[global]\nburst = 8\nrate = 1/hour\n"
              "[clients]\nfallback_divisor = 4\n")

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(cls.LIMITS)}
        super().setUpClass()

    def post_lang(self, c):
        return c.post("/lang", {"lang": "ja", "next": "/"},
                      headers={"Origin": "http://127.0.0.1:%d" % self.port})

    def test_fallback_and_back(self):
        clear_limits()
        c = self.client()
        harness.stop_redis()
        try:
            r = c.get("/healthz")
            self.assertStatus(r, 200)
            self.assertEqual(r.json()["status"], "degraded")
            # Reads: not limited (more than the burst of 8).
            for _ in range(12):
                self.assertStatus(c.get("/api/v1/categories"), 200)
                self.assertStatus(c.get("/c/account"), 200)
            # Writes: the strict in-process limiter, burst 8 / 4 = 2.
            self.assertStatus(self.post_lang(c), 303)
            self.assertStatus(self.post_lang(c), 303)
            r = self.post_lang(c)
            self.assertHtmlPage(r, 429)
            self.assertIn("Retry-After", r.headers)
            self.assertIn("Redis unreachable", self.server.log())
        finally:
            harness.start_redis()
        harness.wait_until(
            lambda: c.get("/healthz").json()["status"] == "ok",
            what="/healthz ok after Redis is back")
        # Each app thread retries its own connection at most every 0.5 s.
        time.sleep(1.0)
        # Back in Redis: the count starts there (burst 8), no restart.
        for _ in range(8):
            self.assertStatus(self.post_lang(c), 303)
        self.assertIsNotNone(redis("GET", "rl:global:ip:127.0.0.1"))
        self.assertStatus(self.post_lang(c), 429)
        clear_limits()


if __name__ == "__main__":
    harness.main()
