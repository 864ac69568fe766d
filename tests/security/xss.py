#!/usr/bin/env python3
"""tests/security/xss.py: the XSS corpus through the real server, then Chromium.

    tests/security/xss.py [--limit N] [--every-kind] [--result FILE]

Starts sodan (the sanitizer build, or $SODAN_BIN) with the demo data on the
stack of SODAN_TEST_DIR (a private one when unset, see tests/http/harness.py).
For each payload of xss/payloads.jsonl (or the first N):
  - a user whose display name is the payload, set through the settings
    form (POST /settings/profile; when the form refuses it, the page shown
    again is replayed in the browser and the name is written to the users
    table instead, so the pages that show names still get it);
  - that user asks a question whose title, body and tags carry the payload
    (title padded to the 10-character minimum, newlines made spaces where
    the field is one line); if the form is refused (tags, length, filters)
    the page shown again is kept and replayed in the browser, then the
    question is asked again with plain tags so title and body still land;
  - an answer to it whose body is the payload;
  - a flag on the question, by another user, whose note is the payload
    (POST /p/N/flag),
    and, as a moderator, the post's review page (/mod/post/N) and the
    held, private and flagged queues;
  - search (/search?q=), the similar-questions API's page twin (/search)
    and tag and user pages (/tag/<payload>, /u/<name>/questions, /u/<id>).
Every payload is opened where each of its places shows: the thread (title,
body, tags, display name, answer; the author's view for even ids, the
anonymous, cached one for odd ids), the moderator's review page (flag
note), the search page (search term) and every form shown again with the
text typed (the ask form refused for the payload as tags holds title, body
and tags in its fields and the error; settings, answer, flag).  The other
page kinds show the same places again in another page (edit form: title,
tags, Markdown source in fields; profile and settings: display name; tag
page; the user's question list; the JSON API twin): each payload opens one
of them, in turn by id, so each kind still gets a sixth of the corpus
(--every-kind opens all of them for every payload, about 1.7 times the
pages).
Every resulting page is opened in headless Chromium (xss/browse.mjs):
no dialog may open, no hooked alert/confirm/prompt/print may be called, no
CSP violation may be reported, and the DOM may hold no injected handler,
script, script URL or frame.  Prints a summary and "N passed, N failed"
(one check per page); --result writes the figures as JSON.
"""
import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seclib  # noqa: E402
from seclib import harness  # noqa: E402


def q(s):
    return "'" + s.replace("'", "''") + "'"


class User:
    def __init__(self, srv, name, display, role="user", trust=3):
        self.srv = srv
        self.name = name
        self.token = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        self.display = display
        self.role = role
        self.trust = trust
        self.timeout = 120

    def sql(self):
        return (
            "INSERT INTO users (username, username_key, display_name, role, "
            "trust_level, created_at) VALUES (%s, %s, %s, %s, %d, now() - "
            "interval '400 days') ON CONFLICT (username_key) DO UPDATE SET "
            "display_name = EXCLUDED.display_name;"
            "INSERT INTO sessions (user_id, token_hash, csrf, mfa_at) SELECT "
            "id, %s, %s, now() FROM users WHERE username_key = %s;" % (
                q(self.name), q(self.name.lower()), q(self.display),
                q(self.role), self.trust,
                q(hashlib.sha256(self.token.encode()).hexdigest()),
                q(self.csrf), q(self.name.lower())))

    def client(self):
        c = self.srv.client()
        c.timeout = self.timeout
        c.cookies["sodan_session"] = self.token
        return c

    def post(self, path, fields):
        fields = dict(fields)
        fields["csrf"] = self.csrf
        origin = "http://127.0.0.1:%d" % self.srv.port
        for _ in range(20):
            r = self.client().post(path, fields, headers={"Origin": origin})
            if r.status != 429:
                return r
            time.sleep(min(float(r.headers.get("Retry-After") or 1), 5))
        return r


def one_line(s):
    return re.sub(r"[\x00-\x1f\x7f]", " ", s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--result")
    ap.add_argument("--every-kind", action="store_true")
    args = ap.parse_args()
    rows = [json.loads(ln) for ln in open(os.path.join(HERE, "xss",
                                                        "payloads.jsonl"))]
    if args.limit:
        rows = rows[:args.limit]
    work = tempfile.mkdtemp(prefix="sodan-xss.")
    srv = harness.Server(demo=seclib.DEMO, name="xss").start()
    try:
        return run(srv, rows, work, args)
    except Exception:
        # Say whether the server is still there (a refused connection with
        # "stopped" in its log is a SIGTERM or SIGINT from outside).
        traceback.print_exc()
        print("FAIL the run stopped; sodan %s; log tail:\n%s" % (
            "still running" if srv.proc.poll() is None else
            "exited with status %s" % srv.proc.returncode, srv.log_tail(8)))
        print("0 passed, 1 failed")
        return 1
    finally:
        problems = srv.stop()
        seclib.keep_log(srv, problems)
        harness._stop_own_stack()
        shutil.rmtree(work, ignore_errors=True)
        if problems:
            print("0 passed, 1 failed")
            sys.exit(1)


def run(srv, rows, work, args):
    t0 = time.monotonic()
    users = []
    for r in rows:
        p = r["p"].replace("\x00", "")
        # Display names: one line, as a settings form would take them.
        users.append(User(srv, "xss%04d" % r["id"], one_line(p)[:200] or "x"))
    for k in range(0, len(users), 100):
        harness.psql("".join(u.sql() for u in users[k:k + 100]))
    items = []
    counts = {"payloads": len(rows), "asked": 0, "held_or_refused": 0,
              "answers": 0, "pages": 0}

    def replay(r, path, what, pid):
        n = len(items)
        f = os.path.join(work, "replay-%d.html" % n)
        with open(f, "wb") as fh:
            fh.write(r.data)
        items.append({"id": pid, "what": what, "url": path,
                      "cookies": None, "replay": {
                          "status": r.status, "headers": r.headers.pairs,
                          "body_file": f}})

    # The kinds that show a place a payload also shows elsewhere: one per
    # payload, in turn (all with --every-kind).
    turn = ("edit form", "profile", "settings", "tag page", "user page",
            "API thread (JSON)")

    def page(pid, what, url, cookies=None):
        if (what in turn and not args.every_kind and
                turn[pid % len(turn)] != what):
            return
        if (what.startswith("thread (") and not args.every_kind and
                what != ("thread (author)" if pid % 2 == 0
                         else "thread (anonymous)")):
            return
        items.append({"id": pid, "what": what, "url": url,
                      "cookies": cookies, "replay": None})

    flag_todo = []
    mod = User(srv, "xss_moderator", "XSS moderator", role="moderator")
    flagger = User(srv, "xss_flagger", "XSS flagger")
    harness.psql(mod.sql() + flagger.sql())
    ids = dict(ln.split("|") for ln in harness.psql(
        "SELECT username, id FROM users WHERE username LIKE 'xss%'")
        .splitlines())
    counts["display_names_via_form"] = 0
    for r, u in zip(rows, users):
        p = r["p"].replace("\x00", "")
        res = u.post("/settings/profile", {"display_name": one_line(p)[:80],
                                           "lang": "en"})
        if res.status in (200, 303):
            counts["display_names_via_form"] += 1
        if res.status != 303:
            replay(res, "/settings?__replay=%d" % r["id"],
                   "settings form shown again", r["id"])
            harness.psql("UPDATE users SET display_name = %s WHERE "
                         "username = %s" % (q(u.display), q(u.name)))
        page(r["id"], "profile", "/u/%s" % ids.get(u.name, "0"))
        page(r["id"], "settings", "/settings", {"sodan_session": u.token})

        title = one_line("xss %d %s" % (r["id"], p))[:150]
        body = p + "\n\n(xss corpus entry %d)" % r["id"]
        tags = one_line(p)[:200]
        res = u.post("/ask", {"title": title, "body": body,
                              "category": "deposits", "tags": tags})
        tid = None
        if res.status == 303:
            m = re.match(r"^/t/(\d+)", res.headers.get("Location") or "")
            tid = m and int(m.group(1))
        else:
            replay(res, "/ask?__replay=%d" % r["id"], "ask form shown again",
                   r["id"])
            res = u.post("/ask", {"title": title, "body": body,
                                  "category": "deposits", "tags": "xss"})
            if res.status == 303:
                m = re.match(r"^/t/(\d+)", res.headers.get("Location") or "")
                tid = m and int(m.group(1))
            else:
                replay(res, "/ask?__replay2=%d" % r["id"],
                       "ask form shown again (plain tags)", r["id"])
                counts["held_or_refused"] += 1
        if tid:
            counts["asked"] += 1
            a = u.post("/t/%d/answer" % tid, {"body": body})
            if a.status == 303:
                counts["answers"] += 1
            elif a.status != 429:
                replay(a, "/t/%d?__replay=%d" % (tid, r["id"]),
                       "answer form shown again", r["id"])
            flag_todo.append((r, u, tid, body))
            page(r["id"], "thread (author)", "/t/%d" % tid,
                 {"sodan_session": u.token})
            page(r["id"], "thread (anonymous)", "/t/%d" % tid)
            page(r["id"], "API thread (JSON)", "/api/v1/threads/%d" % tid)
        qs = urllib.parse.urlencode({"q": one_line(p)[:200]})
        page(r["id"], "search", "/search?" + qs)
        page(r["id"], "tag page", "/tag/" + urllib.parse.quote(
            one_line(p)[:30], safe=""))
        page(r["id"], "user page", "/u/%s/questions" % u.name)
    # Flags: the question post of each thread (one query for all).
    qpids = dict(ln.split("|") for ln in harness.psql(
        "SELECT thread_id, min(id) FROM posts GROUP BY thread_id").splitlines())
    for r, u, tid, body in flag_todo:
        qpid = qpids.get(str(tid), "0")
        page(r["id"], "edit form", "/p/%s/edit" % qpid,
             {"sodan_session": u.token})
        fl = flagger.post("/p/%s/flag" % qpid, {"reason": "scam",
                                                 "note": body[:500]})
        if fl.status not in (200, 303):
            replay(fl, "/p/%s/flag?__replay=%d" % (qpid, r["id"]),
                   "flag form shown again", r["id"])
        page(r["id"], "mod post review", "/mod/post/%s" % qpid,
             {"sodan_session": mod.token})
    for k in ("held", "private", "flagged"):
        for pg in ("", "?page=2"):
            items.append({"id": 0, "what": "mod queue " + k,
                          "url": "/mod/queue/%s%s" % (k, pg),
                          "cookies": {"sodan_session": mod.token},
                          "replay": None})
    items.append({"id": 0, "what": "mod log", "url": "/mod/log",
                  "cookies": {"sodan_session": mod.token}, "replay": None})
    items.append({"id": 0, "what": "staff feed", "url": "/staff",
                  "cookies": None, "replay": None})
    # Controls: the same checks must see a payload that does run (no CSP)
    # and one that CSP blocks, or the tool is blind and the run fails.
    for n, (hdrs, what) in enumerate((
            ([["Content-Type", "text/html"]], "control: no CSP"),
            ([["Content-Type", "text/html"], ["Content-Security-Policy",
              "script-src 'self'"]], "control: CSP"))):
        f = os.path.join(work, "control-%d.html" % n)
        with open(f, "w") as fh:
            fh.write("<!doctype html><title>c</title><script>alert(1)"
                     "</script><img src=x onerror=alert(2)>")
        items.append({"id": 0, "what": what, "url": "/__control%d" % n,
                      "cookies": None, "replay": {"status": 200,
                                                  "headers": hdrs,
                                                  "body_file": f}})
    t_post = time.monotonic() - t0
    plan = os.path.join(work, "plan.json")
    out = os.path.join(work, "result.json")
    with open(plan, "w") as f:
        json.dump({"base": "http://127.0.0.1:%d" % srv.port, "items": items},
                  f)
    subprocess.run(["node", os.path.join(HERE, "xss", "browse.mjs"), plan,
                    out], check=True, cwd=HERE, timeout=1800)
    browsed = json.load(open(out))
    results = browsed["pages"]
    counts["chromium_restarts"] = browsed["restarts"]
    controls = [x for x in results if x["what"].startswith("control")]
    results = [x for x in results if not x["what"].startswith("control")]
    blind = not (len(controls) == 2 and controls[0]["dialogs"] and
                 controls[0]["bad"] and controls[1]["csp"] and
                 not controls[1]["dialogs"])
    if blind:
        print("FAIL the browser check did not see the control payloads: %r"
              % controls)
    counts["pages"] = len(results)
    executed = [x for x in results if x["dialogs"] or x["ran"]]
    csp = [x for x in results if x["csp"]]
    bad = [x for x in results if x["bad"]]
    errors = [x for x in results if x["error"] or x["status"] >= 500]
    failed = {x["what"] + x["url"] for x in executed + csp + bad + errors}
    src = {r["id"]: r["src"] for r in rows}
    for x in (executed + csp + bad + errors)[:40]:
        print("FAIL payload %d (%s) %s %s status %d: dialogs %s ran %s csp "
              "%s dom %s error %s" % (
                  x["id"], src.get(x["id"]), x["what"], x["url"][:80],
                  x["status"], x["dialogs"][:2], x["ran"][:2], x["csp"][:2],
                  x["bad"][:3], x["error"]))
    statuses = {}
    kinds = {}
    for x in results:
        statuses[x["status"]] = statuses.get(x["status"], 0) + 1
        k = re.sub(r" \(plain tags\)$", "", x["what"])
        kinds[k] = kinds.get(k, 0) + 1
    counts.update({
        "executed": len({x["id"] for x in executed}),
        "csp_violations": len(csp), "dom_injections": len(bad),
        "page_errors": len(errors), "statuses": statuses,
        "kinds": kinds, "seconds_posting": round(t_post, 1),
        "seconds_total": round(time.monotonic() - t0, 1)})
    print("xss: %(payloads)d payloads, %(asked)d questions posted (%(held_or_refused)d "
          "refused twice), %(answers)d answers, %(pages)d pages opened in "
          "Chromium: %(executed)d payloads executed, %(csp_violations)d CSP "
          "violations, %(dom_injections)d pages with injected markup, "
          "%(page_errors)d errors, %(chromium_restarts)d Chromium restarts; "
          "statuses %(statuses)s; %(seconds_posting).0f s posting, "
          "%(seconds_total).0f s in all" % counts)
    print("xss: pages per kind: " + ", ".join(
        "%s %d" % kv for kv in sorted(kinds.items())))
    counts["controls_seen"] = not blind
    if args.result:
        with open(args.result, "w") as f:
            json.dump(counts, f)
    nfail = len(failed) + (1 if blind else 0)
    print("%d passed, %d failed" % (len(results) - len(failed) + (0 if blind else 1), nfail))
    return 0 if not nfail else 1


if __name__ == "__main__":
    sys.exit(main())
