"""OpenID Connect, every refusal (docs/accounts.md, "OpenID Connect"):
ID tokens with the wrong audience (or azp), the wrong issuer, expired or
issued in the future, another nonce, a tampered payload, an unknown key,
alg "none" and HMAC are refused with a page that says what to do and no
session; a key rotation at the provider is followed (the JWKS is read
again on an unknown kid); a callback that is not this browser's (state),
a declined consent and a provider that does not answer (502, retry link)
are refused too.  The tokens are the provider's own, changed by the test
provider (tests/oidc/provider.mjs) where oidc-provider cannot be told to
issue a bad one."""

import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import oidc_util  # noqa: E402
from acct_util import uniq  # noqa: E402

EN = oidc_util.EN
UNVERIFIED = "The exchange&#39;s answer could not be verified"
EXPIRED = "The exchange&#39;s answer has expired"


class OidcRefusals(harness.ServerTest):
    @classmethod
    def setUpClass(cls):
        cls.prov = oidc_util.Provider()
        cls.conf = oidc_util.conf(cls.prov)
        cls.extra_env = oidc_util.env()
        try:
            super().setUpClass()
        except Exception:
            cls.prov.stop()
            raise
        cls.pc = cls.prov.client()      # one provider session for all

    @classmethod
    def tearDownClass(cls):
        try:
            cls.prov.mode("")
            super().tearDownClass()
        finally:
            cls.prov.stop()

    def refused(self, mode, status, text):
        self.prov.mode(mode)
        try:
            c = self.client()
            r = oidc_util.signin(self.prov, c, "refusal-user", pc=self.pc)
        finally:
            self.prov.mode("")
        self.assertHtmlPage(r, status)
        self.assertIn(text, r.body, mode)
        self.assertIn('href="/login/oidc"', r.body)     # start again
        self.assertIsNone(c.cookies.get("sodan_session"), mode)
        self.assertIsNone(c.cookies.get("sodan_oidc_id"), mode)
        return r

    def test_bad_tokens(self):
        self.refused("wrong_aud", 401, UNVERIFIED)
        self.refused("azp_other", 401, UNVERIFIED)
        self.refused("wrong_iss", 401, UNVERIFIED)
        self.refused("expired", 400, EXPIRED)
        self.refused("future_iat", 400, EXPIRED)
        self.refused("bad_nonce", 401, UNVERIFIED)
        self.refused("tampered", 401, UNVERIFIED)
        self.refused("unknown_kid", 401, UNVERIFIED)
        self.refused("alg_none", 401, UNVERIFIED)
        self.refused("hs256", 401, UNVERIFIED)
        log = self.server.log()
        for reason in ("wrong audience", "wrong issuer", "expired or not "
                       "yet valid", "nonce mismatch", "bad signature",
                       "unknown signing key", "algorithm not allowed"):
            self.assertIn("ID token refused: " + reason, log)
        # nothing secret in the log: the client secret, codes, tokens
        self.assertNotIn(oidc_util.SECRET, log)
        self.assertNotIn("eyJ", log)
        self.assertIsNone(re.search(r"callback\?[^ ]*code=", log))
        # the provider's own token is still accepted afterwards
        r = oidc_util.signin(self.prov, self.client(), "refusal-user",
                             pc=self.pc)
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/login/oidc/new")

    def test_key_rotation_followed(self):
        sub = uniq("rk")
        pc = self.prov.client()
        r = oidc_util.signin(self.prov, self.client(), sub, pc=pc)
        self.assertStatus(r, 303)         # k1, cached
        self.prov.control("/__test/rotate")
        try:
            r = oidc_util.signin(self.prov, self.client(), sub, pc=pc)
            self.assertStatus(r, 303)     # k2: unknown kid, JWKS read again
            self.assertEqual(r.headers.get("Location"), "/login/oidc/new")
            self.refused("unknown_kid", 401, UNVERIFIED)
        finally:
            pass

    def test_state_not_this_browsers(self):
        c = self.client()
        r = c.get("/login/oidc", headers=EN)
        auth = r.headers.get("Location")
        back = oidc_util.provider_walk(self.prov, self.pc, auth,
                                       "refusal-user")
        u = urllib.parse.urlsplit(back)
        q = dict(urllib.parse.parse_qsl(u.query))
        q["state"] = "x" * 43
        r = c.get(u.path + "?" + urllib.parse.urlencode(q), headers=EN)
        self.assertHtmlPage(r, 400)
        self.assertIn("does not belong to the sign-in started in this "
                      "browser", r.body)
        # the flow is spent: the right state afterwards is refused too
        r = c.get(u.path + "?" + u.query, headers=EN)
        self.assertHtmlPage(r, 400)
        self.assertIn("was not started in this browser", r.body)
        # a callback in a browser that started nothing
        r = self.client().get(u.path + "?" + u.query, headers=EN)
        self.assertHtmlPage(r, 400)
        self.assertIsNone(c.cookies.get("sodan_session"))
        # Japanese too
        r = self.client().get(u.path + "?" + u.query,
                              headers={"Accept-Language": "ja"})
        self.assertHtmlPage(r, 400)
        self.assertIn("最初からやり直す", r.body)

    def test_declined_consent(self):
        c = self.client()
        r = c.get("/login/oidc", headers=EN)
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(
            r.headers.get("Location")).query))
        r = c.get("/login/oidc/callback?" + urllib.parse.urlencode(
            {"error": "access_denied", "state": q["state"]}), headers=EN)
        self.assertHtmlPage(r, 400)
        self.assertIn("the request was declined", r.body)

    def test_provider_down(self):
        self.prov.control("/__test/down?on=1")
        try:
            c = self.client()
            r = oidc_util.signin(self.prov, c, "refusal-user", pc=self.pc)
        finally:
            self.prov.control("/__test/down?on=0")
        self.assertHtmlPage(r, 502)
        self.assertIn("does not answer right now", r.body)
        self.assertIn('href="/login/oidc"', r.body)
        self.assertIsNone(c.cookies.get("sodan_session"))


if __name__ == "__main__":
    harness.main()
