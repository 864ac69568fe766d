"""Helpers for the OpenID Connect tests (t279..t282): the test provider
(tests/oidc/provider.mjs, npm oidc-provider, on loopback), the sodan
configuration that points at it, and a driver that walks the provider's
login and consent forms as a browser would."""

import html
import os
import re
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

OIDC_DIR = os.path.join(harness.ROOT, "tests", "oidc")
CLIENT_ID = "sodan-test"
SECRET = "test-client-secret-5d1f8e"
# The browser (this test) carries the callback to sodan itself, so the
# registered redirect URI needs no listener; the provider and sodan only
# check that it is the same in the request and in the token exchange.
REDIRECT = "http://127.0.0.1:9/login/oidc/callback"
EN = {"Accept-Language": "en"}


class Provider:
    """node provider.mjs on a free loopback port; stop() ends it."""

    def __init__(self, redirect=REDIRECT):
        if not os.path.isdir(os.path.join(OIDC_DIR, "node_modules",
                                          "oidc-provider")):
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"],
                           cwd=OIDC_DIR, check=True,
                           stdout=subprocess.DEVNULL)
        self.port = harness.free_port()
        self.issuer = "http://127.0.0.1:%d" % self.port
        log = os.path.join(harness.test_dir(), "logs",
                           "oidc-provider-%d.log" % self.port)
        os.makedirs(os.path.dirname(log), exist_ok=True)
        self.log = log
        self.proc = subprocess.Popen(
            ["node", "provider.mjs", str(self.port), redirect, SECRET],
            cwd=OIDC_DIR, stdout=subprocess.PIPE,
            stderr=open(log, "wb"), text=True)
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            self.stop()
            raise RuntimeError("oidc provider did not start:\n"
                               + open(log).read()[-2000:])

    def client(self):
        return harness.Client(self.port)

    def control(self, path):
        r = self.client().get(path)
        assert r.status == 200, (path, r.status, r.body[:200])

    def mode(self, m):
        self.control("/__test/mode?m=" + m)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def conf(provider, extra="", redirect=REDIRECT):
    """sodan.conf text with [oidc] pointing at provider."""
    return ("[oidc]\nissuer = %s\nclient_id = %s\nredirect_uri = %s\n"
            "timeout_ms = 3000\njwks_refetch_ms = 0\n%s"
            % (provider.issuer, CLIENT_ID, redirect, extra))


def env():
    return {"SODAN_OIDC_CLIENT_SECRET": SECRET}


def _path(url):
    u = urllib.parse.urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


def provider_walk(prov, pc, url, login):
    """Follows the provider from the authorization URL through its login
    and consent forms (login name `login`, any password) until it sends
    the browser to the redirect URI; returns that URL."""
    for _ in range(30):
        if url.startswith(REDIRECT):
            return url
        assert url.startswith(prov.issuer), url
        r = pc.get(_path(url))
        while r.status == 200:
            m = re.search(r'<form[^>]*action="([^"]+)"', r.body)
            assert m, "no form on the provider's page:\n" + r.body[:800]
            fields = {}
            for inp in re.finditer(r"<input\b[^>]*>", r.body):
                n = re.search(r'name="([^"]+)"', inp.group(0))
                v = re.search(r'value="([^"]*)"', inp.group(0))
                if n:
                    fields[n.group(1)] = html.unescape(v.group(1)) if v \
                        else ""
            if "login" in fields:
                fields["login"] = login
                fields["password"] = "any-password"
            r = pc.post(_path(urllib.parse.urljoin(
                url, html.unescape(m.group(1)))), fields)
        assert r.status in (302, 303), (r.status, r.body[:500])
        url = urllib.parse.urljoin(url, r.headers.get("Location"))
    raise AssertionError("the provider never sent the browser back")


def signin(prov, c, login, pc=None, start="/login/oidc", post_start=None,
           headers=EN):
    """One sign-in through the provider: sodan's start (GET start, or POST
    post_start with fields), the provider's forms, then the callback on
    sodan.  Returns sodan's answer to the callback."""
    if post_start is not None:
        r = c.post(start, post_start, headers=headers)
    else:
        r = c.get(start, headers=headers)
    assert r.status == 303, (r.status, r.body[:500])
    auth = r.headers.get("Location")
    assert auth.startswith(prov.issuer + "/auth?"), auth
    back = provider_walk(prov, pc or prov.client(), auth, login)
    return c.get(_path(back), headers=headers)


