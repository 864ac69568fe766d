"""tests/http/api_util.py: helpers for the API tests (t265-t271).

make_token(session, ...) creates a personal access token through the page
(/settings/tokens, as a member would) and returns it; db_token() inserts one
the way the page stores it (only the hex SHA-256) for tests that are not
about making tokens.  bearer(client, token, method, path, fields) sends a
request with Authorization: Bearer and no cookie, no CSRF token.
"""

import hashlib
import json
import re
import secrets
import types
import urllib.parse

import harness
from qa_util import q

PAT_RE = re.compile(r"sodan_pat_[A-Za-z0-9_-]{43}")


def make_token(s, name="test token", read=True, write=False,
               moderate=False, expires="0"):
    f = {"name": name, "expires": expires}
    if read:
        f["scope_read"] = "1"
    if write:
        f["scope_write"] = "1"
    if moderate:
        f["scope_moderate"] = "1"
    r = s.post("/settings/tokens", f)
    s.test.assertHtmlPage(r, 200)
    m = PAT_RE.search(r.body)
    s.test.assertTrue(m, r.body[:2000])
    return m.group(0), r


def console_tokens(test, prefix):
    """The accounts and tokens the admin and moderator API tests share
    (t341, t342, t351-t353), made once per class: an administrator
    signed in with a second factor of a moment ago (admin, English) and
    the token it made on the token page with read, write and admin (tok);
    in the table: the administrator's read-only admin token (ro) and one
    without admin (noadmin); a moderator's Session (mod_session) and its
    token with moderate (mod); a member's token (mem)."""
    from qa_util import Session
    t = types.SimpleNamespace()
    t.admin = Session(test, prefix + "_ad", role="admin", trust=3,
                      lang="en")
    r = t.admin.post("/settings/tokens", {
        "name": "console bot", "scope_read": "1", "scope_write": "1",
        "scope_admin": "1", "expires": "4"})
    test.assertHtmlPage(r, 200)
    t.tok = PAT_RE.search(r.body).group(0)
    t.ro = db_token(t.admin.user_id, "read admin")
    t.noadmin = db_token(t.admin.user_id, "read write moderate")
    t.mod_session = Session(test, prefix + "_mo", role="moderator", trust=3)
    t.mod = db_token(t.mod_session.user_id, "read write moderate")
    u = Session(test, prefix + "_mb", age_days=30)
    t.mem = db_token(u.user_id, "read write")
    return t


def db_token(user_id, scopes="read write", name="db token"):
    tok = "sodan_pat_" + secrets.token_urlsafe(32)
    harness.psql(
        "INSERT INTO api_tokens (user_id, name, token_hash, scopes) VALUES "
        "(%d, %s, %s, string_to_array(%s, ' '))" % (
            user_id, q(name), q(hashlib.sha256(tok.encode()).hexdigest()),
            q(scopes)))
    return tok


def bearer(client, token, method, path, fields=None, lang="en",
           headers=None):
    h = {"Authorization": "Bearer " + token, "Accept-Language": lang}
    if headers:
        h.update(headers)
    body = None
    if fields is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(list(fields.items())
                                      if isinstance(fields, dict) else fields)
    return client.request(method, path, body, h)


def problem(test, r, status, code=None):
    """Asserts an RFC 9457 problem details answer; returns it."""
    test.assertStatus(r, status)
    test.assertEqual(r.content_type.split(";")[0].strip(),
                     "application/problem+json", r.content_type)
    d = json.loads(r.body)
    test.assertEqual(d["status"], status, d)
    test.assertEqual(d["type"], "about:blank", d)
    test.assertTrue(d["title"], d)
    test.assertTrue(d["detail"], d)
    if code is not None:
        test.assertEqual(d["error"], code, d)
    return d
