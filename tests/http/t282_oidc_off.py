"""OpenID Connect is off without [oidc] issuer: no button on the sign-in
page and no route answers; a configuration with an issuer but no client
secret, a secret file others may read, or a symmetric algorithm stops
start-up with the reason (docs/accounts.md, "OpenID Connect")."""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

EN = {"Accept-Language": "en"}


class OidcOff(harness.ServerTest):
    def test_no_button_no_routes(self):
        r = self.client().get("/login", headers=EN)
        self.assertHtmlPage(r, 200)
        self.assertNotIn("/login/oidc", r.body)
        self.assertNotIn("exchange&#39;s account", r.body)
        for path in ("/login/oidc", "/login/oidc/callback?code=a&state=b"):
            r = self.client().get(path, headers=EN)
            self.assertHtmlPage(r, 404)

    def check(self, conf, env, reason):
        srv = harness.Server(conf=conf, extra_env=env)
        r = srv.run("-n")
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(reason, r.stderr)
        self.assertNotIn("s3cret", r.stderr)

    def test_bad_configurations(self):
        base = ("[oidc]\nissuer = https://id.example\nclient_id = forum\n")
        self.check(base, {}, "neither client_secret_file nor "
                   "SODAN_OIDC_CLIENT_SECRET")
        fd, path = tempfile.mkstemp(dir=harness.test_dir())
        os.write(fd, b"s3cret\n")
        os.close(fd)
        os.chmod(path, 0o644)
        self.check(base + "client_secret_file = %s\n" % path, {},
                   "others may read it")
        self.check("[oidc]\nissuer = http://id.example\nclient_id = f\n",
                   {"SODAN_OIDC_CLIENT_SECRET": "s3cret"},
                   "issuer must be an https:// URL")
        self.check(base + "algorithms = RS256 HS256\n",
                   {"SODAN_OIDC_CLIENT_SECRET": "s3cret"},
                   "'HS256' is not an asymmetric JWS algorithm")
        self.check(base + "algorithms = none\n",
                   {"SODAN_OIDC_CLIENT_SECRET": "s3cret"},
                   "'none' is not an asymmetric JWS algorithm")
        os.chmod(path, 0o600)
        srv = harness.Server(conf=base + "client_secret_file = %s\n" % path)
        r = srv.run("-n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("s3cret", r.stdout + r.stderr)


if __name__ == "__main__":
    harness.main()
