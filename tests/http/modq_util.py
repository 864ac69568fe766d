"""tests/http/modq_util.py: users, sessions and posts for moderation tests,
made directly in SQL (the contract of app/http/req.h struct session)."""

import hashlib
import html
import re
import secrets

import harness


def one(sql):
    """First line of a psql result (INSERT ... RETURNING adds a status line)."""
    return harness.psql(sql).splitlines()[0]


def q(s):
    """SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def user(name, role="user", trust=1, age_days=100):
    """Creates (or finds) a user; returns its id."""
    return int(one(
        "INSERT INTO users (username, username_key, display_name, role, "
        "trust_level, created_at) VALUES (%s, %s, %s, %s, %d, "
        "now() - interval '%d days') ON CONFLICT (username_key) DO UPDATE "
        "SET role = EXCLUDED.role RETURNING id"
        % (q(name), q(name.lower()), q(name), q(role), trust, age_days)))


def sign_in(client, uid):
    """Inserts a session for uid and sets its cookie on client; returns csrf."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    h = hashlib.sha256(token.encode()).hexdigest()
    harness.psql("INSERT INTO sessions (user_id, token_hash, csrf, mfa_at) "
                 "VALUES (%d, %s, %s, now())" % (uid, q(h), q(csrf)))
    client.cookies["sodan_session"] = token
    client.csrf = csrf
    return csrf


def post_form(client, path, fields):
    """POST with the session's csrf and a same-origin Origin header."""
    f = dict(fields)
    f["csrf"] = client.csrf
    return client.post(path, f, headers={
        "Origin": "http://127.0.0.1:%d" % client.port})


def queue_pages(client, path="/mod/queue/held", limit=30):
    """Every page of a moderation queue, joined.  Files run before this
    one on the same stack may have filled the first page, so a test looks
    for its post by following the pager (rel="next"), not on page one."""
    bodies = []
    while path and len(bodies) < limit:
        r = client.get(path)
        if r.status != 200:
            raise AssertionError("%s: status %d" % (path, r.status))
        bodies.append(r.body)
        m = re.search(r'rel="next" href="([^"]+)"', r.body)
        path = html.unescape(m.group(1)) if m else None
    return "\n".join(bodies)


def category():
    cid = harness.psql("SELECT id FROM categories ORDER BY id LIMIT 1")
    if cid:
        return int(cid)
    return int(one(
        "INSERT INTO categories (slug, name_ja, name_en) VALUES "
        "('modtest', 'テスト', 'Test') RETURNING id"))


def thread(author, title="Test question about withdrawals"):
    """A thread with a visible question; returns (thread id, question post id)."""
    t = int(one(
        "INSERT INTO threads (category_id, author_id, title) VALUES "
        "(%d, %d, %s) RETURNING id" % (category(), author, q(title))))
    p = post(t, author, "How do I withdraw? I have waited three days.",
             kind="question")
    return t, p


def post(thread_id, author, body, kind="answer", state="visible"):
    """A post made in SQL, as the lifecycle would store it: a held or
    private post gets its open queue row (app/post/ writes both)."""
    pid = int(one(
        "INSERT INTO posts (thread_id, author_id, kind, state, body_md, "
        "body_html) VALUES (%d, %d, %s, %s, %s, %s) RETURNING id"
        % (thread_id, author, q(kind), q(state), q(body),
           q("<p>" + body + "</p>"))))
    if state in ("held", "private"):
        harness.psql("INSERT INTO mod_queue (post_id, kind) VALUES (%d, %s)"
                     % (pid, q(state)))
    return pid


def uniq(prefix):
    return "%s_%s" % (prefix, secrets.token_hex(3))
