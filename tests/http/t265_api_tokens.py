#!/usr/bin/env python3
"""t265_api_tokens: personal access tokens (/settings/tokens, docs/api.md).

Made through the page, shown once, stored as a SHA-256 only, listed with
their last use, revoked with CSRF and a confirmation, refused once revoked
or expired (401 invalid_token with WWW-Authenticate), scopes checked per
method and per route (403 insufficient_scope), the moderate scope offered
to moderators only and checked again at use, a fresh second factor asked
of accounts that have one, a limit per token, no CSRF token needed with a
bearer token but still needed with the session cookie, and the token in
no log."""

import hashlib
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402
from api_util import PAT_RE, bearer, db_token, make_token, problem  # noqa

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN_BURST = 6


def limits_file():
    with open(os.path.join(HERE, "limits.conf"), encoding="utf-8") as f:
        text = f.read()
    # one token gets TOKEN_BURST requests at once, then one a minute
    text = re.sub(r"\[api_token\][^\[]*", "", text)
    text += "\n[api_token]\nburst = %d\nrate = 1/min\n" % TOKEN_BURST
    fd, path = tempfile.mkstemp(suffix=".limits.conf",
                                dir=harness.test_dir())
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


class Tokens(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file()}
        super().setUpClass()

    def tid(self):
        return int(harness.psql("SELECT min(id) FROM threads WHERE visible"))

    def test_1_create_show_once_hashed(self):
        s = Session(self, "pat_member", age_days=30, lang="en")
        r = s.get("/settings/tokens")
        self.assertHtmlPage(r, 200)
        self.assertIn('name="scope_read"', r.body)
        self.assertNotIn('name="scope_moderate"', r.body)
        tok, r = make_token(s, name="my trading bot", write=True)
        self.assertEqual(len(tok), len("sodan_pat_") + 43)
        self.assertIn("no-store", r.headers.get("Cache-Control"))
        self.assertIn("shown only this once", r.body)
        # only the hash is kept: not the token, anywhere in the row
        h = hashlib.sha256(tok.encode()).hexdigest()
        row = harness.psql("SELECT id, token_hash, name, "
                           "array_to_string(scopes, ' ') FROM api_tokens "
                           "WHERE user_id = %d" % s.user_id)
        self.assertEqual(row.split("|")[1:], [h, "my trading bot",
                                              "read write"])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM api_tokens t WHERE t::text LIKE '%%%s%%'"
            % tok[10:]), "0")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM audit_log a WHERE a::text LIKE '%%%s%%'"
            % tok[10:]), "0")
        # shown once: the list never shows it again
        r = s.get("/settings/tokens")
        self.assertNotIn(tok, r.body)
        self.assertIsNone(PAT_RE.search(r.body))
        self.assertIn("my trading bot", r.body)
        self.assertIn("Never used", r.body)
        # it works, as that member, with no cookie and no CSRF token
        c = self.client()
        tid = self.tid()
        r = bearer(c, tok, "GET", "/api/v1/threads/%d" % tid)
        self.assertStatus(r, 200)
        r = bearer(c, tok, "POST", "/api/v1/threads", {
            "title": "Posted with a personal access token",
            "body": "A question sent by a program with a bearer token.",
            "category": "api"})
        self.assertStatus(r, 201)
        new = json.loads(r.body)["id"]
        self.assertEqual(harness.psql(
            "SELECT author_id FROM threads WHERE id = %d" % new),
            str(s.user_id))
        # last use is shown
        r = s.get("/settings/tokens")
        self.assertNotIn("Never used", r.body)
        self.assertIn("127.0.0.1", r.body)
        # the token is in no log line of the server
        self.assertNotIn(tok[10:], self.server.log())

    def test_2_names_and_scopes_are_checked(self):
        s = Session(self, "pat_checks", age_days=30, lang="en")
        before = harness.psql("SELECT count(*) FROM api_tokens")
        r = s.post("/settings/tokens", {"name": "", "scope_read": "1"})
        self.assertHtmlPage(r, 400)
        self.assertIn("Give the token a name.", r.body)
        r = s.post("/settings/tokens", {"name": "no scope"})
        self.assertHtmlPage(r, 400)
        self.assertIn("Choose at least one scope.", r.body)
        self.assertIn('value="no scope"', r.body)    # what was typed stays
        # a member cannot give a token the moderate scope
        r = s.post("/settings/tokens", {"name": "mod", "scope_read": "1",
                                        "scope_moderate": "1"})
        self.assertHtmlPage(r, 400)
        self.assertIn("Only moderators", r.body)
        # CSRF: the form without its token makes nothing
        r = s.client.post("/settings/tokens", {"name": "x",
                                               "scope_read": "1"},
                          headers={"Origin": "http://127.0.0.1:%d"
                                   % self.port})
        self.assertStatus(r, 403)
        self.assertEqual(harness.psql("SELECT count(*) FROM api_tokens"),
                         before)
        # Japanese
        s.headers["Accept-Language"] = "ja"
        r = s.post("/settings/tokens", {"name": "", "scope_read": "1"})
        self.assertHtmlPage(r, 400)
        self.assertIn("トークンに名前", r.body)

    def test_3_revoke_and_expiry(self):
        s = Session(self, "pat_revoke", age_days=30, lang="en")
        tok, _ = make_token(s, name="to revoke")
        c = self.client()
        self.assertStatus(bearer(c, tok, "GET", "/api/v1/categories"), 200)
        tid_ = harness.psql("SELECT id FROM api_tokens WHERE user_id = %d"
                            % s.user_id)
        # without the confirmation: refused, the token still works
        r = s.post("/settings/tokens/%s/revoke" % tid_, {})
        self.assertHtmlPage(r, 400)
        self.assertStatus(bearer(c, tok, "GET", "/api/v1/categories"), 200)
        # someone else cannot revoke it
        other = Session(self, "pat_revoke_other", age_days=30)
        r = other.post("/settings/tokens/%s/revoke" % tid_, {"confirm": "1"})
        self.assertStatus(r, 404)
        self.assertStatus(bearer(c, tok, "GET", "/api/v1/categories"), 200)
        r = s.post("/settings/tokens/%s/revoke" % tid_, {"confirm": "1"})
        self.assertStatus(r, 303)
        r = bearer(c, tok, "GET", "/api/v1/categories")
        d = problem(self, r, 401, "invalid_token")
        self.assertIn('error="invalid_token"',
                      r.headers.get("WWW-Authenticate"))
        self.assertIn("/settings/tokens", d["detail"])
        self.assertIn("Revoked", s.get("/settings/tokens").body)
        # expired
        tok2, _ = make_token(s, name="expires", expires="1")   # 7 days
        self.assertStatus(bearer(c, tok2, "GET", "/api/v1/categories"), 200)
        harness.psql("UPDATE api_tokens SET expires_at = now() - interval "
                     "'1 second' WHERE name = 'expires' AND user_id = %d"
                     % s.user_id)
        problem(self, bearer(c, tok2, "GET", "/api/v1/categories"), 401,
                "invalid_token")
        # unknown and malformed tokens, on a route anyone may read
        for t in ("sodan_pat_" + "A" * 43, "sodan_pat_short", "x" * 60):
            r = bearer(c, t, "GET", "/api/v1/categories")
            problem(self, r, 401, "invalid_token")
            self.assertIn("Bearer", r.headers.get("WWW-Authenticate"))
        # in Japanese
        d = problem(self, bearer(c, tok, "GET", "/api/v1/categories",
                                 lang="ja"), 401, "invalid_token")
        self.assertRegex(d["detail"], "[\u3040-\u30ff\u4e00-\u9fff]")
        self.assertRegex(d["title"], "[\u3040-\u30ff\u4e00-\u9fff]")
        # a suspended account's tokens stop working
        tok3 = db_token(s.user_id)
        self.assertStatus(bearer(c, tok3, "GET", "/api/v1/categories"), 200)
        harness.psql("UPDATE users SET suspended_until = now() + interval "
                     "'1 day' WHERE id = %d" % s.user_id)
        problem(self, bearer(c, tok3, "GET", "/api/v1/categories"), 401)
        harness.psql("UPDATE users SET suspended_until = NULL WHERE id = %d"
                     % s.user_id)

    def test_4_scopes(self):
        s = Session(self, "pat_scopes", age_days=30, lang="en")
        ro, _ = make_token(s, name="read only")
        c = self.client()
        tid = self.tid()
        self.assertStatus(bearer(c, ro, "GET", "/api/v1/threads/%d" % tid),
                          200)
        before = harness.psql("SELECT count(*) FROM posts")
        r = bearer(c, ro, "POST", "/api/v1/threads/%d/answers" % tid,
                   {"body": "An answer a read-only token must not post."})
        d = problem(self, r, 403, "insufficient_scope")
        self.assertIn('error="insufficient_scope"',
                      r.headers.get("WWW-Authenticate"))
        self.assertIn('scope="write"', r.headers.get("WWW-Authenticate"))
        self.assertIn("write", d["detail"])
        self.assertEqual(harness.psql("SELECT count(*) FROM posts"), before)
        # write only: cannot read
        wo = db_token(s.user_id, "write")
        problem(self, bearer(c, wo, "GET", "/api/v1/threads/%d" % tid), 403,
                "insufficient_scope")
        # a bearer token never opens a page (pages take the cookie only)
        r = bearer(c, ro, "GET", "/settings")
        self.assertStatus(r, 303)
        self.assertTrue(r.headers.get("Location").startswith("/login"))

    def test_5_moderate_scope(self):
        m = Session(self, "pat_mod", role="moderator", trust=3, lang="en")
        r = m.get("/settings/tokens")
        self.assertIn('name="scope_moderate"', r.body)
        mod_tok, _ = make_token(m, name="queue bot", moderate=True)
        plain, _ = make_token(m, name="no moderate")
        c = self.client()
        self.assertStatus(bearer(c, mod_tok, "GET",
                                 "/api/v1/mod/queue/held"), 200)
        problem(self, bearer(c, plain, "GET", "/api/v1/mod/queue/held"),
                403, "insufficient_scope")
        # checked again at use: no longer a moderator, the scope is dead
        harness.psql("UPDATE users SET role = 'user' WHERE id = %d"
                     % m.user_id)
        try:
            problem(self, bearer(c, mod_tok, "GET",
                                 "/api/v1/mod/queue/held"), 403)
        finally:
            harness.psql("UPDATE users SET role = 'moderator' WHERE id = %d"
                         % m.user_id)
        # and a moderate token is not a session with a stale second factor
        self.assertStatus(bearer(c, mod_tok, "GET",
                                 "/api/v1/mod/queue/held"), 200)

    def test_6_fresh_second_factor(self):
        s = Session(self, "pat_2fa", age_days=30, lang="en")
        harness.psql("UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' "
                     "WHERE id = %d" % s.user_id)
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'1 hour' WHERE user_id = %d" % s.user_id)
        r = s.post("/settings/tokens", {"name": "needs a code",
                                        "scope_read": "1"})
        self.assertHtmlPage(r, 401)
        self.assertIn("Confirm with two-step verification", r.body)
        # what was typed is carried by the confirmation form
        self.assertIn('value="needs a code"', r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM api_tokens WHERE user_id = %d"
            % s.user_id), "0")
        # a code entered in the last 15 minutes: made
        harness.psql("UPDATE sessions SET mfa_at = now() WHERE user_id = %d"
                     % s.user_id)
        make_token(s, name="needs a code")

    def test_7_limit_per_token(self):
        s = Session(self, "pat_limit", age_days=30, lang="en")
        a = db_token(s.user_id, "read", "a")
        b = db_token(s.user_id, "read", "b")
        c = self.client()
        for i in range(TOKEN_BURST):
            self.assertStatus(bearer(c, a, "GET", "/api/v1/categories"),
                              200, "request %d" % i)
        r = bearer(c, a, "GET", "/api/v1/categories")
        d = problem(self, r, 429, "rate_limited")
        self.assertGreaterEqual(d["retry_after"], 1)
        self.assertEqual(r.headers.get("Retry-After"), str(d["retry_after"]))
        # another token of the same member has its own allowance
        self.assertStatus(bearer(c, b, "GET", "/api/v1/categories"), 200)

    def test_8_csrf_cookie_vs_bearer(self):
        s = Session(self, "pat_csrf", age_days=30, lang="en")
        tok = db_token(s.user_id)
        tid = self.tid()
        fields = {"body": "An answer sent without any CSRF token at all."}
        # the cookie alone, no CSRF token: refused, nothing stored
        before = harness.psql("SELECT count(*) FROM posts")
        r = s.client.post("/api/v1/threads/%d/answers" % tid, fields,
                          headers={"Origin": "http://127.0.0.1:%d"
                                   % self.port})
        problem(self, r, 403)
        self.assertEqual(harness.psql("SELECT count(*) FROM posts"), before)
        # the bearer token: no CSRF token needed
        r = bearer(self.client(), tok, "POST",
                   "/api/v1/threads/%d/answers" % tid, fields)
        self.assertStatus(r, 201)
        # anonymous: 401 with a Bearer challenge
        r = self.client().post("/api/v1/threads/%d/answers" % tid, fields)
        problem(self, r, 401)
        self.assertIn("Bearer", r.headers.get("WWW-Authenticate"))


if __name__ == "__main__":
    harness.main()
