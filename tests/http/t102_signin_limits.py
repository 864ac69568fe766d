#!/usr/bin/env python3
"""t102_signin_limits: the lock-out scenario of issue 3 under the rate
limits as SHIPPED (conf/limits.conf, not the generous tests/http/limits.conf
the other files use), so the sign-in limits of issue 7 and the lock-out
agree: 10 wrong passwords are each answered 401, the 11th is "locked",
the right password is refused while locked, and after an unlock (`sodan
admin unlock`, or a moderator's button on the profile) the right password
works at once, also after two more typos.  A successful sign-in gives the
account's allowance back as well.

HashGate: with [server] hash_threads = 1, a burst of sign-ins gets 503 with
Retry-After for those that found the one hashing slot busy for 250 ms,
while a page that needs no sign-in goes on answering."""

import concurrent.futures
import hashlib

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import delay_key  # noqa: E402
from modq_util import post_form, sign_in, user  # noqa: E402
from t070_ratelimit import clear_limits, redis  # noqa: E402
from t100_accounts import login, uniq  # noqa: E402

PASSWORD = "violet tractor umbrella 97"
SHIPPED = os.path.join(harness.ROOT, "conf", "limits.conf")


class ShippedLimits(harness.ServerTest):
    extra_env = {"SODAN_LIMITS": SHIPPED}

    def setUp(self):
        # 127.0.0.1 is every test's address and Redis is shared with the
        # files run before: start each scenario with the address's
        # allowances (signin_ip: burst 20) and failure count fresh.
        clear_limits()
        keys = redis("KEYS", "lg:i:*")
        if keys:
            redis("DEL", *keys)
        self.failures = 0
        self.delays_seen = 0

    def admin(self, *args, password=None):
        return subprocess.run(self.server.args("admin", *args),
                              cwd=harness.ROOT, env=self.server.env(),
                              input=(password + "\n") if password else "",
                              capture_output=True, text=True, timeout=60)

    def new_user(self):
        name = uniq("lock_")
        p = self.admin("create-user", name, "ロック", password=PASSWORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        return name

    def attempt(self, name, password):
        """One sign-in in a fresh browser, after the lock-out's growing
        delay has passed, as a person retyping would: no attempt is
        refused for coming too soon.  The delay (250 ms more per failure
        from the 3rd, until the lock) is checked in Redis, then ended
        there as its expiry would end it, instead of slept through (that
        was about 13 s of each lock-out)."""
        if 3 <= self.failures < 10:
            # -2: the key has expired already, which a loaded machine
            # allows (250 ms after the 3rd failure can pass between its
            # response and this look); lock() wants it seen at least once
            ttl = redis("PTTL", delay_key(name))
            self.assertLessEqual(ttl, 250 * (self.failures - 2))
            if ttl > 0:
                self.delays_seen += 1
                redis("DEL", delay_key(name))
        c = self.client()
        r = login(c, name, password)
        return r, c

    def wrong(self, name, n):
        for i in range(n):
            r, _ = self.attempt(name, "not the password at all")
            self.assertHtmlPage(r, 401)
            self.assertNotIn("rate-limited", r.body,
                             "wrong attempt %d refused by the rate limit" %
                             (i + 1))
            self.failures += 1

    def assert_locked(self, r):
        self.assertHtmlPage(r, 429)
        self.assertIn("locked", r.body)
        self.assertNotIn("rate-limited", r.body)
        self.assertGreaterEqual(int(r.headers["Retry-After"]), 800)

    def account_key(self, name):
        # The subject is a hash of the folded name, never the name.
        return ("rl:signin_account:a:" +
                hashlib.sha256(name.lower().encode()).hexdigest()[:32])

    def lock(self, name):
        self.wrong(name, 1)
        # The shipped [signin_account] rate (6/hour) is in force: one
        # attempt moves the account's GCRA time by 10 minutes.
        self.assertGreater(redis("PTTL", self.account_key(name)), 500000)
        self.wrong(name, 9)
        self.assertGreater(self.delays_seen, 0,
                           "no growing delay seen after the 3rd to 10th "
                           "failures")
        r, _ = self.attempt(name, "wrong again")          # the 11th
        self.assert_locked(r)
        r, c = self.attempt(name, PASSWORD)               # right, but locked
        self.assert_locked(r)
        self.assertNotIn("sodan_session", c.cookies)
        self.failures = 0

    def signs_in_after_typos(self, name):
        # An unlock starts the count again: two typos are plain 401s and
        # the right password works at once (10 + 2 + 1 attempts reached
        # the password check: more than the account's burst of 12 unless
        # the unlock gave it back).
        self.assertIsNone(redis("GET", self.account_key(name)),
                          "the unlock left the signin_account allowance")
        self.wrong(name, 2)
        r, c = self.attempt(name, PASSWORD)
        self.assertStatus(r, 303, "right password after the unlock")
        self.assertIn("sodan_session", c.cookies)

    def test_lockout_then_admin_unlock(self):
        name = self.new_user()
        self.lock(name)
        p = self.admin("unlock", name)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.signs_in_after_typos(name)

    def test_lockout_then_moderator_unlock(self):
        name = self.new_user()
        self.lock(name)
        uid = int(harness.psql("SELECT id FROM users WHERE username = '%s'"
                               % name))
        mc = self.client()
        mc.port = self.port
        sign_in(mc, user(uniq("mod"), role="moderator", trust=3))
        r = post_form(mc, "/u/%d/unlock" % uid, {})
        self.assertStatus(r, 303)
        self.signs_in_after_typos(name)

    def test_success_gives_allowance_back(self):
        # 5 + 1 attempts, a success, then 9 + 1 more: 16 in all reached the
        # password check, over the burst of 12 unless the first success
        # gave the account's allowance back.
        name = self.new_user()
        self.wrong(name, 5)
        r, _ = self.attempt(name, PASSWORD)
        self.assertStatus(r, 303)
        self.failures = 0
        self.wrong(name, 9)
        r, c = self.attempt(name, PASSWORD)
        self.assertStatus(r, 303, "right password, 16th attempt")
        self.assertIn("sodan_session", c.cookies)


class HashGate(harness.ServerTest):
    demo = True                 # the category page below
    conf = "[server]\napp_threads = 8\nhash_threads = 1\n"

    def test_busy_sign_ins_get_503(self):
        name = uniq("gate_")
        p = subprocess.run(self.server.args("admin", "create-user", name,
                                            "ゲート"),
                           cwd=harness.ROOT, env=self.server.env(),
                           input=PASSWORD + "\n", capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)

        def one(_):
            c = self.client()
            r = login(c, name, PASSWORD)
            return r.status, r.headers.get("Retry-After"), r.body

        with concurrent.futures.ThreadPoolExecutor(max_workers=40) as ex:
            fut = ex.map(one, range(40))
            # Meanwhile a page that needs no sign-in (never cached).
            page = self.client().get("/c/account?page=1")
            res = list(fut)
        self.assertStatus(page, 200, "page during the sign-in burst")
        by = {}
        for st, ra, body in res:
            by.setdefault(st, []).append((ra, body))
        self.assertEqual(set(by) - {303, 503}, set(), sorted(by))
        self.assertIn(303, by, "no sign-in got through")
        self.assertIn(503, by, "40 sign-ins at once, one hashing slot, "
                      "and none found it busy for 250 ms")
        for ra, body in by[503]:
            self.assertIsNotNone(ra)
            self.assertGreaterEqual(int(ra), 1)
            self.assertIn("Too many people are signing in", body)
        self.assertIn("password-hash slots stayed busy", self.server.log())
        # A refused attempt is no failed sign-in: no delay, no lock.
        r = login(self.client(), name, PASSWORD)
        self.assertStatus(r, 303, "sign-in after the burst")


if __name__ == "__main__":
    harness.main()
