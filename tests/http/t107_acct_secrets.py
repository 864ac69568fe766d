#!/usr/bin/env python3
"""t107_acct_secrets: secrets at rest.  A dump of the database (pg_dump)
holds no two-step secret (confirmed or pending), recovery code, session
token or password: secrets are sealed under the key file, codes and
tokens hashed.  `sodan admin rotate-key` re-seals every secret under a
new key; the running server keeps working with it."""

import os
import re
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import (EN, PASSWORD, admin, enable_2fa, login,  # noqa: E402
                       next_step_code, register, second_factor,
                       secret_on_page, uniq)

DEMO_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def pg_dump():
    binary = "/usr/lib/postgresql/15/bin/pg_dump"
    if not os.path.exists(binary):
        binary = "pg_dump"
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", binary, "-h",
         os.path.join(harness.test_dir(), "run"), "-U", "sodan", "sodan"],
        capture_output=True, text=True, timeout=120, check=True).stdout


def sealed(name):
    return harness.psql("SELECT coalesce(totp_secret, '') || '|' || "
                        "coalesce(totp_pending, '') FROM users WHERE "
                        "username = '%s'" % name)


class Secrets(harness.ServerTest):
    demo = True

    def test_1_dump_holds_no_secret(self):
        name = uniq("sec_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        secret, codes = enable_2fa(c)
        self.assertEqual(len(codes), 10)
        # Another member only started enrolment: a pending secret.
        name2 = uniq("pend_")
        c2 = self.client()
        self.assertEqual(register(c2, name2).status, 303)
        pending = secret_on_page(c2.get("/settings/2fa", headers=EN).body)
        self.assertTrue(sealed(name).startswith("s1:"), sealed(name))
        self.assertTrue(sealed(name2).startswith("|s1:"), sealed(name2))
        dump = pg_dump()
        self.assertIn("COPY public.users", dump)        # a real dump
        known = [secret, pending, DEMO_TOTP, PASSWORD,
                 c.cookies["sodan_session"], c2.cookies["sodan_session"]]
        known += codes + [x.replace("-", "") for x in codes]
        for k in known:
            self.assertNotIn(k, dump, "found in the dump: %s" % k[:6])
        # The secrets still work: sign in with the code.
        s = self.client()
        self.assertEqual(login(s, name).headers.get("Location"), "/login/2fa")
        r = second_factor(s, next_step_code(secret, name))
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertIn("sodan_session", s.cookies)

    def test_2_rotate_key(self):
        name = uniq("rot_")
        c = self.client()
        self.assertEqual(register(c, name).status, 303)
        secret, _ = enable_2fa(c)
        keyfile = harness.stack_env()["SODAN_SECRET_KEY"]
        with open(keyfile) as f:
            old_key = f.read().strip()
        before = sealed(name)
        demo_before = sealed("mod_tanaka")
        p = admin(self.server, "rotate-key")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("re-sealed", p.stdout)
        with open(keyfile) as f:
            new_key = f.read().strip()
        self.assertNotEqual(old_key, new_key)
        self.assertRegex(new_key, r"^[0-9a-f]{64}$")
        self.assertEqual(stat.S_IMODE(os.stat(keyfile).st_mode), 0o600)
        self.assertFalse(os.path.exists(keyfile + ".new"))
        after = sealed(name)
        self.assertNotEqual(before, after)
        self.assertNotEqual(before[3:11], after[3:11])     # another key id
        self.assertEqual(after[3:11], sealed("mod_tanaka")[3:11])
        self.assertNotEqual(demo_before, sealed("mod_tanaka"))
        self.assertIn("rotate-key", harness.psql(
            "SELECT string_agg(action, ',') FROM audit_log"))
        # The running server reads the new key when it meets it.
        s = self.client()
        self.assertEqual(login(s, name).headers.get("Location"), "/login/2fa")
        r = second_factor(s, next_step_code(secret, name))
        self.assertEqual(r.status, 303, r.body[:800])
        # ... and seals new secrets under it.
        name3 = uniq("new_")
        c3 = self.client()
        self.assertEqual(register(c3, name3).status, 303)
        secret_on_page(c3.get("/settings/2fa", headers=EN).body)
        self.assertEqual(sealed(name3)[4:12], after[3:11])


if __name__ == "__main__":
    harness.main()
