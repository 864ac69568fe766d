#!/usr/bin/env python3
"""t105_acct_factors: second factors and passwords.

- Wrong second-factor codes count per account on their own: a correct
  password does not reset them, and the 10th wrong code locks the account
  (a correct password is then refused too), as wrong passwords do.
- The current-password check of the settings forms goes through the same
  guard: delays from the 3rd wrong password, a lock at the 10th.
- Turning two-step verification on needs the current password.
- `sodan admin reset-2fa NAME` removes the secret, the recovery codes
  and every session, audited.
- `sodan admin` works with a configuration whose socket directory is
  relative (host=var/run), run from the directory it is relative to."""

import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import (EN, PASSWORD, admin, enable_2fa, end_delay,  # noqa
                       form_csrf, login, register, totp, uniq)


def wrong_code(secret):
    """A 6-digit code that is none of the codes accepted around now."""
    near = {totp(secret, time.time() + d) for d in (-60, -30, 0, 30, 60)}
    for n in range(1000000):
        c = "%06d" % n
        if c not in near:
            return c


class Factors(harness.ServerTest):
    demo = True

    def test_1_second_factor_locks_despite_password(self):
        name = uniq("mfa_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        secret, _ = enable_2fa(c)
        bad = wrong_code(secret)
        wrong = 0
        locked = False
        s = None
        for _ in range(40):
            if s is None:
                s = self.client()
                r = login(s, name)
                if r.status == 429:
                    locked = "locked" in r.body
                    break
                self.assertEqual(r.headers.get("Location"), "/login/2fa",
                                 r.body[:800])
                tok = form_csrf(s.get("/login/2fa", headers=EN).body)
            r = s.post("/login/2fa", {"code": bad, "csrf": tok}, headers=EN)
            if r.status == 429 and "Wait" in r.body:
                self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
                end_delay(name, second_factor=True)
                continue
            if r.status == 429:
                locked = True
                break
            if r.status == 303:          # challenge over: sign in again
                s = None
                continue
            self.assertIn(r.status, (401, 403), r.body[:800])
            wrong += 1
            if r.status == 403:          # this challenge's 5 attempts used
                s = None
        self.assertTrue(locked, "never locked after %d wrong codes" % wrong)
        self.assertLessEqual(wrong, 10)
        # Locked: even the right password and the right code get nowhere.
        s = self.client()
        r = login(s, name)
        self.assertEqual(r.status, 429, r.body[:800])
        self.assertIn("locked", r.body)
        self.assertNotIn("sodan_session", s.cookies)
        self.assertIn("second-factor", harness.psql(
            "SELECT string_agg(detail, ',') FROM audit_log WHERE "
            "action = 'lock' AND target_name = '%s'" % name))
        # An unlock clears the second-factor count too.
        p = admin(self.server, "unlock", name)
        self.assertEqual(p.returncode, 0, p.stderr)
        s = self.client()
        self.assertEqual(login(s, name).headers.get("Location"),
                         "/login/2fa")

    def test_2_settings_password_is_guarded(self):
        name = uniq("pwg_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        tok = form_csrf(c.get("/settings", headers=EN).body)
        hash_sql = ("SELECT password_hash FROM users WHERE username = '%s'"
                    % name)
        before = harness.psql(hash_sql)
        statuses = []
        for _ in range(30):
            r = c.post("/settings/password", {
                "old_password": "guess number %d x" % len(statuses),
                "password": "new pass phrase 4242",
                "password2": "new pass phrase 4242", "csrf": tok},
                headers=EN)
            statuses.append(r.status)
            if r.status == 429 and "locked" in r.body:
                break
            if r.status == 429:
                # a delay: ended (acct_util.end_delay), the next guess
                # is made at once
                self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
                end_delay(name)
        self.assertEqual(statuses[-1], 429, statuses)
        self.assertLessEqual(statuses.count(400), 10, statuses)
        self.assertIn(429, statuses[:-1], "no delay before the lock")
        # Locked: the right password is refused as well, nothing changed.
        r = c.post("/settings/password", {
            "old_password": PASSWORD, "password": "new pass phrase 4242",
            "password2": "new pass phrase 4242", "csrf": tok}, headers=EN)
        self.assertEqual(r.status, 429)
        self.assertEqual(harness.psql(hash_sql), before)
        # The lock is the account's: signing in waits too.
        self.assertEqual(login(self.client(), name).status, 429)
        # The two-step forms use the same guard.
        r = c.post("/settings/2fa/off", {"password": PASSWORD, "csrf": tok},
                   headers=EN)
        self.assertEqual(r.status, 429)

    def test_3_turning_on_needs_password(self):
        name = uniq("tfaon_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        r = c.get("/settings/2fa", headers=EN)
        self.assertIn('name="password"', r.body)
        m = re.search(r'class="totp-secret">([A-Z2-7]+)<', r.body)
        secret, tok = m.group(1), form_csrf(r.body)
        # A stolen session without the password cannot enrol.
        r = c.post("/settings/2fa", {"code": totp(secret), "csrf": tok},
                   headers=EN)
        self.assertEqual(r.status, 400)
        r = c.post("/settings/2fa", {"code": totp(secret), "csrf": tok,
                                     "password": "wrong password 123"},
                   headers=EN)
        self.assertEqual(r.status, 400)
        self.assertIn("The current password is not correct.", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM users WHERE username = '%s' AND "
            "totp_secret IS NOT NULL" % name), "0")
        r = c.post("/settings/2fa", {"code": totp(secret), "csrf": tok,
                                     "password": PASSWORD}, headers=EN)
        self.assertEqual(r.status, 200, r.body[:800])
        self.assertIn("Your recovery codes", r.body)

    def test_4_admin_reset_2fa(self):
        name = uniq("rst_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        enable_2fa(c)
        p = admin(self.server, "reset-2fa", name)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(harness.psql(
            "SELECT coalesce(totp_secret, '') || coalesce(totp_pending, '') "
            "|| (SELECT count(*) FROM recovery_codes r WHERE r.user_id = u.id)"
            " || (SELECT count(*) FROM sessions s WHERE s.user_id = u.id) "
            "FROM users u WHERE username = '%s'" % name), "00")
        self.assertIn("reset-2fa", harness.psql(
            "SELECT string_agg(action, ',') FROM audit_log WHERE "
            "target_name = '%s'" % name))
        self.assertEqual(c.get("/settings").status, 303)   # signed out
        r = login(self.client(), name)
        self.assertEqual(r.headers.get("Location"), "/", r.body[:500])
        p = admin(self.server, "reset-2fa", uniq("nobody_"))
        self.assertEqual(p.returncode, 1)

    def test_5_admin_with_relative_socket_dir(self):
        name = uniq("rel_")
        self.assertEqual(register(self.client(), name).status, 303)
        run = os.path.join(harness.test_dir(), "run")
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "var"))
            os.symlink(run, os.path.join(d, "var", "run"))
            conf = os.path.join(d, "sodan.conf")
            with open(conf, "w") as f:
                f.write("[database]\nurl = host=var/run dbname=sodan "
                        "user=sodan\n[redis]\nurl = unix:var/run/redis.sock"
                        "\n[paths]\nmoderation = %s\n[search]\n"
                        "synonyms = %s\n"
                        % (os.path.join(harness.ROOT, "conf", "moderation"),
                           os.path.join(harness.ROOT, "conf",
                                        "search-synonyms.txt")))
            env = self.server.env()
            env.pop("SODAN_DATABASE_URL", None)
            env.pop("SODAN_REDIS_URL", None)
            import subprocess
            p = subprocess.run([harness.BIN, "-c", conf, "admin", "unlock",
                                name], cwd=d, env=env, capture_output=True,
                               text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("unlocked", p.stdout)


if __name__ == "__main__":
    harness.main()
