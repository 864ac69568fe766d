#!/usr/bin/env python3
"""t100_accounts: registration (rules, impersonation, errors that keep what
was typed), sign-in, sign-out, sessions (cookie flags, only the hash
stored, sign out everywhere), CSRF (wrong token 403, JSON header variant),
password change (the current password required; other sessions signed
out) and rehash at sign-in of a hash made with other argon2id limits."""

import ctypes
import hashlib
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

PASSWORD = "correct horse battery staple 42"


def uniq(prefix):
    return (prefix + uuid.uuid4().hex)[:20]


def register(c, username, display, password=PASSWORD, password2=None,
             lang="en"):
    c.csrf_token("/register")
    return c.post("/register", {
        "username": username, "display_name": display,
        "password": password,
        "password2": password if password2 is None else password2},
        headers={"Accept-Language": lang}, csrf=True)


def login(c, username, password=PASSWORD, lang="en"):
    c.csrf_token("/login")
    return c.post("/login", {"username": username, "password": password},
                  headers={"Accept-Language": lang}, csrf=True)


def form_csrf(body):
    m = re.search(r'name="csrf" value="([^"]+)"', body)
    return m.group(1) if m else None


class Accounts(harness.ServerTest):
    demo = True

    def test_register_signin_signout(self):
        name = uniq("alice_")
        c = self.client()
        r = c.get("/register", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn('autocomplete="new-password"', r.body)
        r = register(c, name, "アリス")
        self.assertEqual(r.status, 303, r.body[:2000])
        self.assertIn("sodan_session", c.cookies)
        sc = [v for v in r.headers.all("Set-Cookie")
              if v.startswith("sodan_session=")][0]
        self.assertIn("HttpOnly", sc)
        self.assertIn("SameSite=Lax", sc)
        tok = c.cookies["sodan_session"]
        self.assertGreaterEqual(len(tok), 43)
        # Only the SHA-256 of the token is stored.
        h = hashlib.sha256(tok.encode()).hexdigest()
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE token_hash = '%s'" % h)
            .strip(), "1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE token_hash = '%s'" % tok)
            .strip(), "0")
        # Signed in: the menu shows the name and a sign-out form.
        r = c.get("/c/account", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn("アリス", r.body)
        self.assertIn('action="/logout"', r.body)
        # Sign out: the session row is gone, the cookie is expired.
        tok_csrf = form_csrf(r.body)
        r = c.post("/logout", {"csrf": tok_csrf})
        self.assertEqual(r.status, 303)
        self.assertNotIn("sodan_session", c.cookies)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE token_hash = '%s'" % h)
            .strip(), "0")
        # The old cookie no longer works.
        c2 = self.client()
        c2.cookies["sodan_session"] = tok
        r = c2.get("/settings")
        self.assertEqual(r.status, 303)
        self.assertTrue(r.headers["Location"].startswith("/login"))
        # Sign in again with the password.
        r = login(c, name)
        self.assertEqual(r.status, 303, r.body[:2000])
        self.assertIn("sodan_session", c.cookies)
        self.assertNotEqual(c.cookies["sodan_session"], tok)
        r = c.get("/c/account", headers={"Accept-Language": "en"})
        self.assertIn("アリス", r.body)

    def test_register_errors_keep_input(self):
        c = self.client()
        name = uniq("bob_")
        r = register(c, name, "ボブ", password="short", lang="ja")
        self.assertEqual(r.status, 400)
        self.assertHtmlPage(r, 400)
        self.assertIn('value="%s"' % name, r.body)
        self.assertIn('value="ボブ"', r.body)
        self.assertNotIn("short", r.body.replace("shortcut", ""))
        self.assertIn("10文字以上", r.body)
        self.assertIn("ユーザー名", r.body)
        self.assertIn('aria-invalid="true"', r.body)
        # A dictionary word, and the username inside the password.
        r = register(c, name, "ボブ", password="qwertyuiop")
        self.assertEqual(r.status, 400)
        self.assertIn("dictionary", r.body)
        r = register(c, name, "ボブ", password=name + "xyz")
        self.assertEqual(r.status, 400)
        # Passwords that differ.
        r = register(c, name, "ボブ", password2=PASSWORD + "x")
        self.assertEqual(r.status, 400)
        self.assertIn("not the same", r.body)
        # Username rules after NFKC: full-width letters become ASCII.
        r = register(c, "ｂｏｂ" + name[4:], "ボブ")
        self.assertEqual(r.status, 303, r.body[:2000])
        key = ("bob" + name[4:]).lower()
        self.assertEqual(harness.psql(
            "SELECT username FROM users WHERE username_key = '%s'" % key)
            .strip(), "bob" + name[4:])
        # Taken (case and width do not make a new name).
        c2 = self.client()
        r = register(c2, ("BOB" + name[4:]), "ボブ2")
        self.assertEqual(r.status, 409)
        self.assertIn("already taken", r.body)
        r = register(c2, "a b", "x")
        self.assertEqual(r.status, 400)
        self.assertIn("only letters", r.body)

    def test_impersonation_refused(self):
        c = self.client()
        for uname, disp in (("Binance_Support", "Ken"),
                            (uniq("u"), "ｃｏｉｎｂａｓｅ公式"),
                            ("Supp\u03bfrt", "Ken"),
                            (uniq("u"), "Supp\u03bfrt"),
                            ("adm1n_" + uuid.uuid4().hex[:6], "Ken"),
                            (uniq("u"), "運営チーム")):
            r = register(c, uname, disp)
            self.assertEqual(r.status, 400, (uname, disp))
            self.assertIn("looks like staff", r.body, (uname, disp))
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM users WHERE username_key IN "
            "('binance_support', 'supp\u03bfrt')").strip(), "0")
        # Ordinary names that merely contain letters of a word pass.
        r = register(c, uniq("badminton_"), "けんじ")
        self.assertEqual(r.status, 303, r.body[:2000])

    def test_wrong_csrf_403(self):
        c = self.client()
        c.csrf_token("/login")
        r = c.post("/login", {"username": "kenji_t",
                              "password": "sodan-demo-2026",
                              "csrf": "A" * 43})
        self.assertEqual(r.status, 403)
        self.assertNotIn("sodan_session", c.cookies)
        r = c.post("/login", {"username": "kenji_t",
                              "password": "sodan-demo-2026"})
        self.assertEqual(r.status, 403)
        # A foreign Origin is refused even with the right token.
        r = c.post("/login", {"username": "kenji_t",
                              "password": "sodan-demo-2026",
                              "csrf": c.cookies["sodan_csrf"]},
                   headers={"Origin": "http://evil.example"})
        self.assertEqual(r.status, 403)
        # Signed in: the per-session token is required for sign-out.
        r = login(c, "kenji_t", "sodan-demo-2026")
        self.assertEqual(r.status, 303)
        r = c.post("/logout", {"csrf": "B" * 43})
        self.assertEqual(r.status, 403)
        self.assertIn("sodan_session", c.cookies)
        # The anonymous double-submit token is not the session's token.
        r = c.post("/logout", {"csrf": c.cookies.get("sodan_csrf", "")})
        self.assertEqual(r.status, 403)
        # The JSON API variant: the same token in X-CSRF-Token.
        r = c.get("/settings/sessions")
        tok = form_csrf(r.body)
        r = c.request("POST", "/logout", "", {
            "X-CSRF-Token": tok,
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 303)

    def test_sessions_page_sign_out_everywhere(self):
        name = uniq("carol_")
        a, b = self.client(), self.client()
        self.assertEqual(register(a, name, "キャロル").status, 303)
        self.assertEqual(login(b, name).status, 303)
        r = a.get("/settings/sessions", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertEqual(r.body.count('class="session-row'), 2)
        self.assertIn("This device", r.body)
        r = a.post("/settings/sessions/revoke-all", {"csrf": form_csrf(r.body)})
        self.assertEqual(r.status, 303)
        for cl in (a, b):
            r = cl.get("/settings")
            self.assertEqual(r.status, 303)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id "
            "WHERE u.username = '%s'" % name).strip(), "0")

    def hash_of(self, name):
        return harness.psql("SELECT password_hash FROM users WHERE "
                            "username = '%s'" % name)

    def test_password_change_needs_old_password(self):
        name = uniq("dan_")
        new = "marble kettle orchard 58"
        a, b = self.client(), self.client()
        self.assertEqual(register(a, name, "ダン").status, 303)
        self.assertEqual(login(b, name).status, 303)
        before = self.hash_of(name)
        r = a.get("/settings", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn('name="old_password"', r.body)
        tok = form_csrf(r.body)

        def change(old, pw, pw2=None):
            return a.post("/settings/password", {
                "old_password": old, "password": pw,
                "password2": pw if pw2 is None else pw2, "csrf": tok},
                headers={"Accept-Language": "en"})
        # The wrong current password: refused, nothing changes.
        r = change("not my password 11", new)
        self.assertHtmlPage(r, 400)
        self.assertIn("The current password is not correct.", r.body)
        self.assertNotIn(new, r.body)
        self.assertEqual(self.hash_of(name), before)
        # Missing current password: refused by the form's validation.
        r = a.post("/settings/password", {"password": new, "password2": new,
                                          "csrf": tok})
        self.assertEqual(r.status, 400)
        self.assertEqual(self.hash_of(name), before)
        # New passwords that differ, or a weak one: refused.
        self.assertEqual(change(PASSWORD, new, new + "x").status, 400)
        r = change(PASSWORD, "short")
        self.assertEqual(r.status, 400)
        self.assertIn("at least 10 characters", r.body)
        self.assertEqual(self.hash_of(name), before)
        # Right: changed, audited, other sessions signed out, this one kept.
        r = change(PASSWORD, new)
        self.assertEqual(r.status, 303, r.body[:1500])
        after = self.hash_of(name)
        self.assertNotEqual(after, before)
        self.assertTrue(after.startswith("$argon2id$"))
        self.assertEqual(a.get("/settings").status, 200)
        self.assertEqual(b.get("/settings").status, 303)
        self.assertIn("password-change", harness.psql(
            "SELECT string_agg(action, ',') FROM audit_log WHERE "
            "target_name = '%s'" % name))
        self.assertEqual(login(self.client(), name).status, 401)
        self.assertEqual(login(self.client(), name, new).status, 303)

    def test_two_step_changes_need_the_password(self):
        """New recovery codes and turning two-step verification off both
        ask for the current password: a wrong one gets the page again
        (400) and changes nothing, the right one does what was asked."""
        name = uniq("tfa_")
        a = self.client()
        self.assertEqual(register(a, name, "Tfa").status, 303)
        harness.psql("UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' "
                     "WHERE username = '%s'" % name)
        r = a.get("/settings/2fa", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        tok = form_csrf(r.body)

        def post(path, pw):
            return a.post(path, {"password": pw, "csrf": tok},
                          headers={"Accept-Language": "en"})
        for path in ("/settings/2fa/recovery", "/settings/2fa/off"):
            r = post(path, "not my password 11")
            self.assertHtmlPage(r, 400)
            self.assertIn("The current password is not correct.", r.body)
            self.assertEqual(harness.psql(
                "SELECT totp_secret FROM users WHERE username = '%s'"
                % name), "JBSWY3DPEHPK3PXP")
        r = post("/settings/2fa/recovery", PASSWORD)
        self.assertHtmlPage(r, 200)
        self.assertIn("Your recovery codes", r.body)
        r = post("/settings/2fa/off", PASSWORD)
        self.assertEqual(r.status, 303, r.body[:1500])
        self.assertEqual(r.headers.get("Location"), "/settings?done=1")
        self.assertEqual(harness.psql(
            "SELECT coalesce(totp_secret, '') FROM users WHERE username = "
            "'%s'" % name), "")

    def test_rehash_on_sign_in_when_limits_change(self):
        # A hash made with other argon2id limits (as an older sodan or
        # libsodium would have) is replaced at the next sign-in.
        sodium = ctypes.CDLL("libsodium.so.23")
        self.assertEqual(sodium.sodium_init() in (0, 1), True)
        out = ctypes.create_string_buffer(128)
        pw = PASSWORD.encode()
        self.assertEqual(sodium.crypto_pwhash_str(
            out, pw, ctypes.c_ulonglong(len(pw)), ctypes.c_ulonglong(1),
            ctypes.c_size_t(8 * 1024 * 1024)), 0)
        old = out.value.decode()
        self.assertIn("$m=8192,t=1,", old)
        name = uniq("erin_")
        c = self.client()
        self.assertEqual(register(c, name, "エリン").status, 303)
        harness.psql("UPDATE users SET password_hash = '%s' WHERE "
                     "username = '%s'" % (old, name))
        c = self.client()
        self.assertEqual(login(c, name).status, 303)
        now = self.hash_of(name)
        self.assertNotEqual(now, old)
        self.assertIn("$m=65536,t=2,", now)
        self.assertEqual(login(self.client(), name).status, 303)
        self.assertEqual(self.hash_of(name), now)   # no rehash this time


if __name__ == "__main__":
    harness.main()
