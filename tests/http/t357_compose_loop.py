#!/usr/bin/env python3
"""t357_compose_loop: a member's composed thread page answered in the
event loop (dispatch_compose_loop) when the session, the reader's parts
and the record are all in memory, with the staleness guarantees of the
session cache and the global cap kept.

Server A keeps sessions for TTL_MS; server B renders members' pages whole
(compose_pages = false) from the same database.  Checked:
  - a repeated read is answered in the loop: X-Compose: hit and an access
    line "db=0 redis=0" (an app thread's hit says redis=1: the global cap);
    its bytes are B's whole render, gzipped too when asked;
  - the reader's vote through A shows on the next page (still from the loop,
    the same bytes as B's);
  - after a sign-out through A a kept copy of the cookie gets the anonymous
    page at once;
  - a role changed in PostgreSQL behind the server's back (staff: rendered
    whole) takes effect within TTL_MS (plus SLACK_S for a loaded machine);
  - an anonymous category page's statements, on the read pool, count in
    its access line's db=;
  - with a global cap of 5 a member gets at most 5 pages from the loop and
    then goes through Redis's count to a 429, never past it.
"""

import os
import re
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

TTL_MS = 1000
SLACK_S = 1.5


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def demo_thread():
    tid = harness.psql("SELECT id FROM threads WHERE title LIKE "
                       "'How long does a JPY withdrawal to my bank%' "
                       "ORDER BY id LIMIT 1")
    if not tid:
        raise AssertionError("demo thread not found")
    return "/t/%s" % tid


def trips(server, path, since):
    """The db= redis= of path's access lines after the first since lines."""
    out = []
    for ln in server.access_lines()[since:]:
        if " path=%s " % path not in ln:
            continue
        m = re.search(r" status=(\d+) .* db=(\d+) redis=(\d+)", ln)
        out.append((int(m.group(1)), int(m.group(2)), int(m.group(3)))
                   if m else (0, -1, -1))
    return out


class T1LoopCompose(harness.ServerTest):
    demo = True
    conf = "[server]\nsession_cache_ms = %d\n" % TTL_MS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.b = harness.Server(conf="[server]\ncompose_pages = false\n",
                               name="t357-whole").start()
        cls.path = demo_thread()

    @classmethod
    def tearDownClass(cls):
        try:
            problems = cls.b.stop()
        finally:
            super().tearDownClass()
        if problems:
            raise AssertionError("second server: " + "; ".join(problems))

    def on_b(self, s, headers=None):
        c = self.b.client()
        c.cookies.update(s.client.cookies)
        h = dict(s.headers)
        h.update(headers or {})
        return c.get(self.path, headers=h)

    def loop_read(self, s, headers=None):
        """s reads the thread until A answers it in the loop; that answer."""
        h = dict(s.headers)
        h.update(headers or {})
        for _ in range(4):
            n = len(self.server.access_lines())
            r = s.client.get(self.path, headers=h)
            self.assertStatus(r, 200, "member's thread page")
            t = trips(self.server, self.path, n)
            if r.headers.get("X-Compose") == "hit" and t == [(200, 0, 0)]:
                return r
        self.fail("never answered in the loop: X-Compose %s, trips %s"
                  % (r.headers.get("X-Compose"), t))

    def test_1_loop_hit_is_the_whole_render(self):
        for lang in ("ja", "en"):
            s = Session(self, uniq("t357r"), lang=lang)
            r = self.loop_read(s)
            self.assertEqual(r.body, self.on_b(s).body,
                             "loop-composed = whole render (%s)" % lang)
            self.assertIn("nav-signout", r.body)
            self.assertIn(s.csrf, r.body, "the reader's CSRF token")
            gz = self.loop_read(s, {"Accept-Encoding": "gzip"})
            self.assertEqual(gz.headers.get("Content-Encoding"), "gzip")
            self.assertEqual(gz.body, r.body, "gzipped: the same page")

    def test_2_vote_shows_on_next_page(self):
        s = Session(self, uniq("t357v"), lang="en")
        page = self.loop_read(s).body
        vm = re.search(r'action="/p/(\d+)/vote"', page)
        self.assertTrue(vm, "a vote form")
        pid = int(vm.group(1))
        r = s.post("/p/%d/vote" % pid)
        self.assertIn(r.status, (200, 303), r.body[:300])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM votes WHERE post_id = %d AND user_id = %d"
            % (pid, s.user_id)), "1")
        after = s.get(self.path)
        self.assertStatus(after, 200, "next page")
        self.assertNotEqual(after.body, page, "the vote shows")
        self.assertEqual(after.body, self.on_b(s).body)
        # and the loop answers again once the cache is refilled, as fresh
        again = self.loop_read(s)
        self.assertEqual(again.body, after.body)

    def test_3_sign_out_at_once(self):
        s = Session(self, uniq("t357o"), lang="ja")
        self.loop_read(s)
        kept = dict(s.client.cookies)
        self.assertStatus(s.post("/logout"), 303, "sign-out")
        s.client.cookies.update(kept)
        r = s.get(self.path)
        self.assertStatus(r, 200, "the thread, with the ended cookie")
        self.assertNotEqual(r.headers.get("X-Compose"), "hit")
        self.assertNotIn("nav-signout", r.body, "not signed in any more")
        self.assertIn('href="/login"', r.body)

    def test_4_role_change_behind_the_back(self):
        s = Session(self, uniq("t357s"), lang="en")
        self.loop_read(s)
        harness.psql("UPDATE users SET role = 'staff' WHERE id = %d"
                     % s.user_id)
        t0 = time.monotonic()
        while True:
            r = s.get(self.path)
            took = time.monotonic() - t0
            self.assertStatus(r, 200, "thread")
            if r.headers.get("X-Compose") == "whole":
                break
            self.assertLess(took, TTL_MS / 1000.0 + SLACK_S,
                            "still composed as a member %.2f s after the "
                            "role change" % took)
            time.sleep(0.05)
        self.assertIn("nav-staff", r.body, "rendered for staff")


    def test_5_read_pool_counted(self):
        # an anonymous list runs on the read pool (dispatch.c, render):
        # its statements count in db= like the primary's (they did not,
        # and a category page read as "db=0" at 10 M posts)
        n = len(self.server.access_lines())
        self.assertStatus(self.client().get("/c/deposits"), 200, "category")
        t = trips(self.server, "/c/deposits", n)
        self.assertEqual(len(t), 1, t)
        self.assertGreaterEqual(t[0][1], 2, "category and list: %s" % t)


class T2LoopCap(harness.ServerTest):
    """The global cap is 5 a minute: the loop's own allowance, then Redis's.
    Runs after T1 (the demo is loaded)."""

    demo = False
    conf = "[server]\nsession_cache_ms = 5000\n"

    @classmethod
    def setUpClass(cls):
        fd, cls.limits = tempfile.mkstemp(suffix=".limits.conf",
                                          dir=harness.test_dir())
        with os.fdopen(fd, "w") as f:
            f.write("[global]\nburst = 5\nrate = 1/min\n")
        cls.extra_env = {"SODAN_LIMITS": cls.limits}
        super().setUpClass()
        cls.path = demo_thread()

    def test_cap_holds(self):
        s = Session(self, uniq("t357c"), lang="en")
        n = len(self.server.access_lines())
        statuses = []
        for _ in range(16):
            r = s.get(self.path)
            statuses.append(r.status)
            if r.status == 429:
                self.assertTrue(r.headers.get("Retry-After"))
        t = trips(self.server, self.path, n)
        self.assertEqual(len(t), 16, t)
        loop = [x for x in t if x[1] == 0 and x[2] == 0]
        self.assertEqual(len(loop), 5, "the loop's allowance: %s" % t)
        self.assertTrue(all(st == 200 for st, _, _ in loop))
        self.assertIn(429, statuses, "the cap refuses: %s" % statuses)
        # 5 from Redis's count (the first read among them), 5 from the loop
        self.assertLessEqual(statuses.count(200), 10, statuses)
        first = statuses.index(429)
        self.assertTrue(all(st == 429 for st in statuses[first:]),
                        "nothing past the cap: %s" % statuses)


if __name__ == "__main__":
    harness.main()
