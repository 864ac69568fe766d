"""t071_limits_mod.py: moderators see and reset rate-limit allowances
(/mod/limits, issue 7), and sign-in attempts are limited per account.

[api] burst 2 per user (trust multipliers 1): a user spends it, a
moderator sees allowance 0 for api, resets it (audited in mod_log as
reset_limit), and the user can call the API again.  Normal users get 403.
[signin_account] burst 3: the fourth attempt on one account, whatever the
case of the name typed, gets the 429 rate-limit page; another account from
the same address is not refused by it.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import user, sign_in, post_form, uniq  # noqa: E402
from t070_ratelimit import clear_limits, limits_file, redis  # noqa: E402


def row(body, action):
    """The <tr> of action on /mod/limits, or None."""
    m = re.search(r'<tr data-limit="%s">(.*?)</tr>' % re.escape(action),
                  body, re.S)
    return m.group(1) if m else None


def remaining(body, action):
    r = row(body, action)
    m = re.search(r'<td class="remaining">([^<]*)</td>', r or "")
    return m.group(1) if m else None


class LimitsPage(harness.ServerTest):

    LIMITS = ("[api]\nburst = 2\nrate = 1/day\n"
              "[global]\nburst = 100000\nrate = 10000/sec\n"
              "[signin_ip]\nburst = 1000\nrate = 1000/sec\n"
              "[signin_account]\nburst = 3\nrate = 1/day\n"
              "[trust]\nlevel0 = 1\nlevel1 = 1\nlevel2 = 1\nlevel3 = 1\n"
              "moderator = 0\n")

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(cls.LIMITS)}
        super().setUpClass()

    def signed_in(self, role="user", trust=1):
        name = uniq(role[:3])
        uid = user(name, role=role, trust=trust)
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        return uid, name, c

    def test_exhaust_see_reset_audit(self):
        clear_limits()
        uid, name, uc = self.signed_in()
        _, mname, mc = self.signed_in(role="moderator", trust=3)
        for _ in range(2):
            self.assertStatus(uc.get("/api/v1/categories"), 200)
        self.assertStatus(uc.get("/api/v1/categories"), 429)

        # The dashboard links the page; the page shows allowance 0.
        self.assertIn('href="/mod/limits"', mc.get("/mod").body)
        r = mc.get("/mod/limits?q=" + name)
        self.assertHtmlPage(r, 200)
        self.assertEqual(remaining(r.body, "api"), "0", row(r.body, "api"))
        self.assertIn('name="limit" value="api"', r.body)
        self.assertIn('value="all"', r.body)
        # By id too; per-IP actions are not shown for a user.
        r = mc.get("/mod/limits?q=%d" % uid)
        self.assertEqual(remaining(r.body, "api"), "0")
        self.assertIsNone(row(r.body, "global"))
        self.assertIsNotNone(row(r.body, "signin_account"))

        # Without the confirmation box nothing is reset or logged.
        r = post_form(mc, "/mod/limits", {"q": name, "limit": "api",
                                          "reason": "test"})
        self.assertHtmlPage(r, 400)
        self.assertStatus(uc.get("/api/v1/categories"), 429)

        r = post_form(mc, "/mod/limits", {"q": name, "limit": "api",
                                          "reason": "false positive",
                                          "confirm": "1"})
        self.assertHtmlPage(r, 200)
        self.assertEqual(remaining(r.body, "api"), "2")
        self.assertStatus(uc.get("/api/v1/categories"), 200)

        log = harness.psql(
            "SELECT actor_name, action, target_kind, target_id, target_text, "
            "reason, note, before->>'api' FROM mod_log WHERE action = "
            "'reset_limit' AND target_id = %d" % uid)
        self.assertEqual(log.splitlines(), [
            "%s|reset_limit|user|%d|%s|false positive|api|0"
            % (mname, uid, name)])
        r = mc.get("/mod/log?action=reset_limit")
        self.assertIn("reset_limit", r.body)

        # Reset all, for an IP address.
        self.assertStatus(self.client().get("/api/v1/categories"), 200)
        r = mc.get("/mod/limits?q=127.0.0.1")
        self.assertHtmlPage(r, 200)
        self.assertIsNotNone(row(r.body, "global"))
        self.assertIsNone(row(r.body, "signin_account"))
        r = post_form(mc, "/mod/limits", {"q": "127.0.0.1", "limit": "all",
                                          "reason": "shared office",
                                          "confirm": "1"})
        self.assertHtmlPage(r, 200)
        self.assertIsNone(redis("GET", "rl:api:ip:127.0.0.1"))
        self.assertEqual(harness.psql(
            "SELECT target_kind, target_text, reason FROM mod_log WHERE "
            "action = 'reset_limit' AND target_kind = 'ip' ORDER BY id DESC "
            "LIMIT 1"), "ip|ip:127.0.0.1|shared office")

        # Unknown subjects are said so.
        r = mc.get("/mod/limits?q=nosuchuser_zz")
        self.assertHtmlPage(r, 200)
        self.assertIsNone(row(r.body, "api"))

    def test_normal_user_forbidden(self):
        _, name, uc = self.signed_in()
        self.assertStatus(uc.get("/mod/limits"), 403)
        self.assertStatus(uc.get("/mod/limits?q=" + name), 403)
        r = post_form(uc, "/mod/limits", {"q": name, "limit": "all",
                                          "reason": "x", "confirm": "1"})
        self.assertStatus(r, 403)
        self.assertIn(self.client().get("/mod/limits").status, (303, 403))

    def test_admin_passes(self):
        _, _, ac = self.signed_in(role="admin", trust=3)
        self.assertHtmlPage(ac.get("/mod/limits"), 200)

    def test_signin_limited_per_account(self):
        clear_limits()
        name = uniq("victim")
        user(name)

        def attempt(typed):
            c = self.client()
            tok = c.csrf_token("/login")
            return c.post("/login", {"username": typed,
                                     "password": "wrong password",
                                     "csrf": tok},
                          headers={"Origin": "http://127.0.0.1:%d"
                                   % self.port})

        for typed in (name, name.upper(), name):
            r = attempt(typed)
            self.assertNotIn("rate-limited", r.body, r.status)
        # The lock-out guard decides first: wait out its delay after the
        # 3rd failure (250 ms), or the 4th is refused by the guard instead.
        time.sleep(0.5)
        r = attempt(name.capitalize())
        self.assertHtmlPage(r, 429)
        self.assertIn("rate-limited", r.body)
        self.assertGreater(int(r.headers["Retry-After"]), 3600)
        # The password typed is not shown again; the name is.
        self.assertNotIn("wrong password", r.body)
        self.assertIn('value="%s"' % name.capitalize(), r.body)
        # Another account from the same address is not refused by it.
        r = attempt(uniq("other"))
        self.assertNotIn("rate-limited", r.body)
        self.assertStatus(r, 401)


if __name__ == "__main__":
    harness.main()
