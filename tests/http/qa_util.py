"""tests/http/qa_util.py: helpers for the Q&A integration tests.

signin(test, username, role=..., trust=...) creates (or reuses) a user and
a session row the way sign-in does (docs/internals.md: the cookie holds a
random token, sessions.token_hash its hex SHA-256, each session has its own
CSRF token) and returns a harness Client carrying the cookie.  post_form()
sends a form with that session's CSRF token and an Origin matching Host.
"""

import hashlib
import re
import secrets
import urllib.parse

import harness


def q(s):
    """SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def ensure_user(username, role="user", trust=1, display=None):
    display = display or username
    harness.psql(
        "INSERT INTO users (username, username_key, display_name, role, "
        "trust_level) VALUES (%s, %s, %s, %s, %d) ON CONFLICT (username_key) "
        "DO UPDATE SET role = EXCLUDED.role, trust_level = "
        "EXCLUDED.trust_level, display_name = EXCLUDED.display_name"
        % (q(username), q(username.lower()), q(display), q(role), trust))
    return int(harness.psql("SELECT id FROM users WHERE username_key = %s"
                            % q(username.lower())))


class Session:
    def __init__(self, test, username, role="user", trust=1, display=None,
                 lang=None, age_days=None):
        self.test = test
        self.headers = {"Accept-Language": lang} if lang else {}
        self.user_id = ensure_user(username, role, trust, display)
        token = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        harness.psql(
            "INSERT INTO sessions (user_id, token_hash, csrf, mfa_at) VALUES "
            "(%d, %s, %s, now())" % (self.user_id,
                              q(hashlib.sha256(token.encode()).hexdigest()),
                              q(self.csrf)))
        if age_days is not None:
            harness.psql("UPDATE users SET created_at = now() - interval "
                         "'%d days' WHERE id = %d" % (age_days, self.user_id))
        self.client = test.client()
        self.client.cookies["sodan_session"] = token

    def get(self, path):
        return self.client.get(path, headers=dict(self.headers))

    def post(self, path, fields=None):
        fields = dict(fields or {})
        fields["csrf"] = self.csrf
        origin = "http://127.0.0.1:%d" % self.test.port
        h = dict(self.headers)
        h["Origin"] = origin
        return self.client.post(path, fields, headers=h)

    def ask(self, title, body, category="deposits", tags=""):
        r = self.post("/ask", {"title": title, "body": body,
                               "category": category, "tags": tags})
        self.test.assertStatus(r, 303, "ask")
        m = re.match(r"^/t/(\d+)(?:\?posted=\w+)?$", r.headers.get("Location"))
        self.test.assertTrue(m, r.headers.get("Location"))
        return int(m.group(1))

    def answer(self, tid, body, official=False):
        f = {"body": body}
        if official:
            f["official"] = "1"
        r = self.post("/t/%d/answer" % tid, f)
        self.test.assertStatus(r, 303, "answer")
        m = re.search(r"#p(\d+)$", r.headers.get("Location"))
        self.test.assertTrue(m, r.headers.get("Location"))
        return int(m.group(1))


def post_ids(body):
    """Post ids in page order, with the kind of each article."""
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(
        r'<article class="[^"]*" id="p(\d+)" data-kind="(\w+)"', body)]


def hit_ids(body):
    """Thread ids of the search results, in order."""
    return [int(m.group(1)) for m in re.finditer(
        r'<li class="search-hit"><a class="thread-title" href="/t/(\d+)',
        body)]


def article(body, pid):
    m = re.search(r'<article [^>]*id="p%d".*?</article>' % pid, body, re.S)
    return m.group(0) if m else None


def enc(s):
    return urllib.parse.quote(s)
