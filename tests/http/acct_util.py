"""Helpers for the account tests (t104..t108): members with two-step
verification, codes computed here (RFC 6238), the sign-in steps."""

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

PASSWORD = "amber lantern orchard 58"
EN = {"Accept-Language": "en"}


def uniq(prefix):
    return (prefix + uuid.uuid4().hex)[:20]


def totp(secret_b32, t=None, step=30, digits=6):
    """RFC 6238 (HMAC-SHA1), as an authenticator app computes it."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if t is None else t) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) \
        % (10 ** digits)
    return str(code).zfill(digits)


def form_csrf(body):
    m = re.search(r'name="csrf" value="([^"]+)"', body)
    return m.group(1) if m else None


def register(c, name, password=PASSWORD):
    c.csrf_token("/register")
    return c.post("/register", {"username": name, "display_name": name,
                                "password": password, "password2": password},
                  headers=EN, csrf=True)


def login(c, name, password=PASSWORD, nxt=None):
    c.csrf_token("/login")
    f = {"username": name, "password": password}
    if nxt is not None:
        f["next"] = nxt
    return c.post("/login", f, headers=EN, csrf=True)


def secret_on_page(body):
    return re.search(r'class="totp-secret">([A-Z2-7]+)<', body).group(1)


def enable_2fa(c, password=PASSWORD):
    """Turns two-step verification on in settings; returns the secret and
    the recovery codes shown."""
    r = c.get("/settings/2fa", headers=EN)
    assert r.status == 200, r.body[:500]
    secret = secret_on_page(r.body)
    r = c.post("/settings/2fa", {"code": totp(secret), "password": password,
                                 "csrf": form_csrf(r.body)}, headers=EN)
    assert r.status == 200, r.body[:1500]
    codes = re.findall(r"<li><code>([a-z0-9-]{14})</code></li>", r.body)
    return secret, codes


def next_step_code(secret, name):
    """A code of a step the account has not used yet (no replay).  The
    server accepts one step of drift either way, so the earliest unused
    step of now-1 .. now+1 is taken; only when the account already used
    now+1 does this wait for the clock."""
    last = int(harness.psql("SELECT totp_last_step FROM users WHERE "
                            "username = '%s'" % name) or 0)
    while True:
        at = time.time()
        now = int(at // 30)
        step = max(last + 1, now - 1)
        # The request arrives after the code is computed: a code of the
        # previous step is not used in the last 2 s of the current one.
        if step <= now + 1 and not (step == now - 1 and at % 30 > 28):
            return totp(secret, t=step * 30)
        time.sleep(30 - at % 30 + 0.5)


def delay_key(name, second_factor=False):
    """The lock-out guard's delay marker of the account named name
    (cache/guard.c: lg:{<SHA-256 of the account's key, 32 hex>}:d, set
    for 250 ms more per failure from the 3rd, until the lock); the second
    factor's failures count under a key of their own ("2fa:" + the key).
    ASCII names only: their key is the name in lower case."""
    k = ("2fa:" if second_factor else "") + name.lower()
    return "lg:{%s}:d" % hashlib.sha256(k.encode()).hexdigest()[:32]


def end_delay(name, second_factor=False):
    """Ends the account's growing delay now, as its expiry would, for a
    test that waited it out only to make its next attempt: the 429 that
    refused an attempt was the delay seen; the seconds of waiting (1 to
    2 s an attempt, rounded up to Retry-After's whole seconds) tested
    nothing more.  The number of keys removed (0: it had expired)."""
    return harness.redis("DEL", delay_key(name, second_factor))


def second_factor(c, code):
    r = c.get("/login/2fa", headers=EN)
    return c.post("/login/2fa", {"code": code, "csrf": form_csrf(r.body)},
                  headers=EN)


def admin(server, *args, password=None, cwd=None):
    return subprocess.run(server.args("admin", *args),
                          cwd=cwd or harness.ROOT, env=server.env(),
                          input=(password + "\n") if password else "",
                          capture_output=True, text=True, timeout=60)
