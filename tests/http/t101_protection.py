#!/usr/bin/env python3
"""t101_protection: login protection (11 wrong passwords lock the account,
the right one is refused while locked, `sodan admin unlock` opens it, the
lock is audited, a missing account behaves the same), `sodan admin` (staff
badge, audit log append-only), two-step verification required for a
moderator (RFC 6238 computed here), and passwords never in clear in the
server log or a dump of the database."""

import base64
import hashlib
import hmac
import os
import re
import struct
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import end_delay  # noqa: E402
from modq_util import thread  # noqa: E402
from t100_accounts import form_csrf, login, register  # noqa: E402

PASSWORD = "violet tractor umbrella 97"


def totp(secret_b32, t=None, step=30, digits=6):
    """RFC 6238 (HMAC-SHA1), as an authenticator app computes it."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if t is None else t) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) \
        % (10 ** digits)
    return str(code).zfill(digits)


def uniq(prefix):
    return (prefix + uuid.uuid4().hex)[:20]


class Protection(harness.ServerTest):
    demo = True

    def admin(self, *args, password=None):
        return subprocess.run(self.server.args("admin", *args),
                              cwd=harness.ROOT, env=self.server.env(),
                              input=(password + "\n") if password else "",
                              capture_output=True, text=True, timeout=60)

    def wrong_until(self, c, name, n):
        """n failed attempts; one refused by the growing delay (429,
        "Wait") ends the delay (acct_util.end_delay) and is made again."""
        statuses = []
        while len(statuses) < n:
            r = login(c, name, "not the password at all")
            if r.status == 429 and "Wait" in r.body:
                self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
                end_delay(name)
                continue
            statuses.append(r.status)
        return statuses, r

    def test_1_lockout_and_unlock(self):
        name = uniq("dave_")
        c = self.client()
        self.assertEqual(register(c, name, "デイブ", PASSWORD).status, 303)
        c = self.client()
        st, _ = self.wrong_until(c, name, 10)
        self.assertEqual(st, [401] * 10)
        r = login(c, name, "wrong again")           # the 11th
        self.assertEqual(r.status, 429)
        self.assertIn("locked", r.body)
        self.assertGreaterEqual(int(r.headers["Retry-After"]), 800)
        r = login(c, name, PASSWORD)                # right, but locked
        self.assertEqual(r.status, 429)
        self.assertNotIn("sodan_session", c.cookies)
        self.assertIn("lock", harness.psql(
            "SELECT string_agg(action, ',') FROM audit_log a JOIN users u "
            "ON u.id = a.target_user WHERE u.username = '%s'" % name))
        # An account that does not exist behaves the same.
        ghost = uniq("ghost_")
        st, _ = self.wrong_until(self.client(), ghost, 10)
        self.assertEqual(st, [401] * 10)
        r = login(self.client(), ghost, "x" * 12)
        self.assertEqual(r.status, 429)
        self.assertIn("locked", r.body)
        # Unlocked by an admin: the right password works again.
        p = self.admin("unlock", name)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("unlock", harness.psql(
            "SELECT string_agg(action || ' ' || actor, ',') FROM audit_log a "
            "JOIN users u ON u.id = a.target_user WHERE u.username = '%s'"
            % name))
        r = login(c, name, PASSWORD)
        self.assertEqual(r.status, 303, r.body[:1500])
        self.assertIn("sodan_session", c.cookies)

    def test_2_staff_badge_from_admin_cli(self):
        name = uniq("staff_")
        # Staff must have an e-mail address.
        p = self.admin("create-user", name, "サポート 鈴木", "staff",
                       password=PASSWORD)
        self.assertEqual(p.returncode, 1)
        self.assertIn("e-mail", p.stderr)
        p = self.admin("create-user", name, "サポート 鈴木", "staff",
                       "not-an-address", password=PASSWORD)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM users WHERE username = '%s'" % name), "0")
        p = self.admin("create-user", name, "サポート 鈴木", "staff",
                       name + "@example.com", password=PASSWORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn(PASSWORD, p.stdout + p.stderr)
        uid = int(re.search(r"id (\d+)", p.stdout).group(1))
        r = self.client().get("/u/%d" % uid,
                              headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn("badge-staff", r.body)
        self.assertIn("サポート 鈴木", r.body)
        # An ordinary member's profile has no badge.
        name2 = uniq("erin_")
        c = self.client()
        self.assertEqual(register(c, name2, "エリン", PASSWORD).status, 303)
        uid2 = int(harness.psql("SELECT id FROM users WHERE username = '%s'"
                                % name2).strip())
        r = self.client().get("/u/%d" % uid2)
        self.assertHtmlPage(r, 200)
        self.assertNotIn("badge-staff", r.body)
        # The CLI refuses protected names for ordinary users.
        p = self.admin("create-user", uniq("x_"), "Binance Support",
                       password=PASSWORD)
        self.assertEqual(p.returncode, 1)
        # set-role is audited; the audit log is append-only.
        p = self.admin("set-role", name2, "moderator",
                       name2 + "@example.com")
        self.assertEqual(p.returncode, 0, p.stderr)
        out = harness.psql("SELECT action, detail FROM audit_log "
                           "WHERE target_name = '%s'" % name2)
        self.assertIn("set-role", out)
        # A thread page is cached for anonymous readers with the author's
        # moderator badge; set-role bumps the shared page-cache
        # generation, which every server reads each page_cache_poll_ms
        # (200 ms): the new badge shows within a poll or two, not when
        # the cached page expires.
        tid, _ = thread(uid2, "Badge cache check")
        mod_badge = "badge-staff\">モデレーター"
        staff_badge = "badge-staff\">スタッフ"
        for _ in range(2):
            self.assertIn(mod_badge, self.client().get("/t/%d" % tid).body)
        p = self.admin("set-role", name2, "staff")
        self.assertEqual(p.returncode, 0, p.stderr)
        deadline = time.time() + 3
        while True:
            r = self.client().get("/t/%d" % tid)
            self.assertHtmlPage(r, 200)
            if staff_badge in r.body or time.time() > deadline:
                break
            time.sleep(0.05)
        self.assertIn(staff_badge, r.body)
        for sql in ("DELETE FROM audit_log", "UPDATE audit_log SET actor = 'x'",
                    "TRUNCATE audit_log"):
            with self.assertRaises(Exception, msg=sql):
                harness.psql(sql)

    def test_3_moderator_needs_2fa(self):
        name = uniq("mod_")
        p = self.admin("create-user", name, "モデ", "moderator",
                       name + "@example.com", password=PASSWORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        c = self.client()
        r = login(c, name, PASSWORD)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers["Location"], "/login/2fa")
        self.assertNotIn("sodan_session", c.cookies)
        r = c.get("/settings")
        self.assertEqual(r.status, 303)             # not signed in yet
        r = c.get("/login/2fa", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn("<svg", r.body)
        self.assertNotIn("style=", r.body.split("<svg", 1)[1].split("</svg>")[0])
        secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', r.body).group(1)
        tok = form_csrf(r.body)
        r = c.post("/login/2fa", {"code": "000000", "csrf": tok})
        self.assertEqual(r.status, 401)
        step = int(time.time() // 30)
        r = c.post("/login/2fa", {"code": totp(secret, t=step * 30),
                                  "csrf": tok})
        self.assertEqual(r.status, 200, r.body[:1500])
        self.assertIn("sodan_session", c.cookies)
        codes = re.findall(r"<li><code>([a-z0-9-]{14})</code></li>", r.body)
        self.assertEqual(len(codes), 10)
        self.assertEqual(c.get("/settings").status, 200)
        # Next sign-in asks for the code; the same code cannot be replayed.
        c2 = self.client()
        self.assertEqual(login(c2, name, PASSWORD).headers["Location"],
                         "/login/2fa")
        r = c2.get("/login/2fa")
        tok = form_csrf(r.body)
        self.assertNotIn("<svg", r.body)
        r = c2.post("/login/2fa", {"code": totp(secret, t=step * 30),
                                   "csrf": tok})
        self.assertEqual(r.status, 401, "a used step's code replayed")
        # The next step's code (one step of drift is accepted) works.
        r = c2.post("/login/2fa", {"code": totp(secret, t=(step + 1) * 30),
                                   "csrf": tok})
        self.assertEqual(r.status, 303, r.body[:1500])
        self.assertIn("sodan_session", c2.cookies)
        # A recovery code works once.
        c3 = self.client()
        login(c3, name, PASSWORD)
        tok = form_csrf(c3.get("/login/2fa").body)
        r = c3.post("/login/2fa", {"code": codes[0], "csrf": tok})
        self.assertEqual(r.status, 303)
        c4 = self.client()
        login(c4, name, PASSWORD)
        tok = form_csrf(c4.get("/login/2fa").body)
        r = c4.post("/login/2fa", {"code": codes[0], "csrf": tok})
        self.assertEqual(r.status, 401)

    def test_4_demo_staff_have_known_totp(self):
        # No step used yet (another test or run may have used this one):
        # the code of now must be accepted, and the same code refused at a
        # second sign-in (no replay), whatever the clock does meanwhile.
        harness.psql("UPDATE users SET totp_last_step = 0 WHERE username = "
                     "'mod_tanaka'")
        code = totp("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        c = self.client()
        r = login(c, "mod_tanaka", "sodan-demo-2026")
        self.assertEqual(r.headers["Location"], "/login/2fa")
        tok = form_csrf(c.get("/login/2fa").body)
        r = c.post("/login/2fa", {"code": code, "csrf": tok})
        self.assertEqual(r.status, 303, r.body[:1500])
        self.assertIn("sodan_session", c.cookies)
        self.assertEqual(c.get("/mod").status, 200)
        c2 = self.client()
        self.assertEqual(login(c2, "mod_tanaka", "sodan-demo-2026")
                         .headers["Location"], "/login/2fa")
        tok = form_csrf(c2.get("/login/2fa").body)
        r = c2.post("/login/2fa", {"code": code, "csrf": tok})
        self.assertEqual(r.status, 401)
        self.assertNotIn("sodan_session", c2.cookies)

    def test_5_demo_touches_only_its_accounts(self):
        # An account without a password and a moderator without two-step
        # verification, as an import or an operator might leave them:
        # `sodan demo` (run again on this database) gives them nothing.
        bare = uniq("bare_")
        mod = uniq("mod_")
        for name, role in ((bare, "user"), (mod, "moderator")):
            harness.psql("INSERT INTO users (username, username_key, "
                         "display_name, role) VALUES ('%s', '%s', '%s', '%s')"
                         % (name, name, name, role))
        p = self.server.run("demo")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM users WHERE username IN ('%s', '%s') AND "
            "(password_hash IS NOT NULL OR totp_secret IS NOT NULL)"
            % (bare, mod)), "0")
        # The demo accounts still sign in with the demo password.
        self.assertEqual(login(self.client(), "kenji_t", "sodan-demo-2026")
                         .status, 303)

    def test_9_passwords_never_in_clear(self):
        name = uniq("fay_")
        c = self.client()
        r = register(c, name, "フェイ", PASSWORD)
        self.assertEqual(r.status, 303)
        self.assertNotIn(PASSWORD, r.body)
        r = login(self.client(), name, PASSWORD + "x")
        self.assertNotIn(PASSWORD, r.body)
        log = self.server.log()
        self.assertTrue(self.server.access_lines())
        for pw in (PASSWORD, PASSWORD.replace(" ", "+"),
                   PASSWORD.replace(" ", "%20")):
            self.assertNotIn(pw, log)
        env = dict(self.server.env())
        m = re.search(r"host=(\S+)", env["SODAN_DATABASE_URL"])
        dump = subprocess.run(
            ["/usr/lib/postgresql/15/bin/pg_dump", "-h", m.group(1), "-U",
             "sodan", "sodan"], capture_output=True, text=True, timeout=120)
        self.assertEqual(dump.returncode, 0, dump.stderr[-500:])
        self.assertIn(name, dump.stdout)
        self.assertIn("$argon2id$", dump.stdout)
        self.assertNotIn(PASSWORD, dump.stdout)


if __name__ == "__main__":
    harness.main()
