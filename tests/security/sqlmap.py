#!/usr/bin/env python3
"""tests/security/sqlmap.py: sqlmap against every form and query parameter.

    tests/security/sqlmap.py [--result FILE] [--budget SECONDS] [--only PATTERN]

The targets are read from the route table itself (app/http/routes.c: each
route's method, pattern and declared fields), so a route that lands later
is attacked without editing this file.  Every declared field is an
injection point, and so is every ":param" path segment (marked with
sqlmap's '*').  Each route is attacked signed in (a fresh session of its
own, with the session's CSRF token in the form, skipped as a parameter,
the same token in X-CSRF-Token for the JSON API, and a same-origin Origin
header), and routes open to anonymous visitors
also signed out (with the double-submit CSRF cookie).  Routes that end the
session or change credentials (/logout, session revoking, password and
two-step changes) get their own throw-away session like every other run.

sqlmap (Debian 1.7.x): --batch, level 1 (--level) / risk 1, every
technique (boolean, error, union, stacked and time-based; PostgreSQL
payloads), --time-sec 1, each run bounded (--budget, default 150 s per
run: POST /settings/password, the slowest, took 77 s on the loaded
machine; a run cut by the bound counts as "timed out" and is listed, never
as clean).  The summary: runs, injection points tested (those sqlmap went
on to test), injectable findings (must be 0), runs without a verdict
(neither "not injectable" nor a finding), each listed with its reason
(sqlmap's last critical or error line, or the bound that cut it).
"""
import argparse
import concurrent.futures
import json
import os
import re
import secrets
import hashlib
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seclib  # noqa: E402
from seclib import harness  # noqa: E402


def q(s):
    return "'" + s.replace("'", "''") + "'"


def routes():
    src = open(os.path.join(seclib.ROOT, "app", "http", "routes.c")).read()
    fields = {}
    for m in re.finditer(r"static const struct field (\w+)\[\] = \{(.*?)\n\};",
                         src, re.S):
        fields[m.group(1)] = re.findall(r'\{\s*"([^"]+)"', m.group(2))
    table = re.search(r"static const struct route routes\[\] = \{(.*?)\n\};",
                      src, re.S).group(1)
    out = []
    for m in re.finditer(r'\{\s*M_(GET|POST),\s*"([^"]+)",\s*\w+,\s*'
                         r'(FIELDS\((\w+)\)|NOFIELDS),\s*(ROLE_\w+),\s*([^,]+),',
                         table):
        out.append({"method": m.group(1), "pattern": m.group(2),
                    "fields": fields.get(m.group(4), []) if m.group(4) else [],
                    "role": m.group(5), "flags": m.group(6)})
    return out


SAMPLE = {"id": None, "slug": "deposits", "tag": "xss", "name": None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--result")
    ap.add_argument("--budget", type=int, default=150)
    ap.add_argument("--level", type=int, default=1)
    ap.add_argument("--only")
    args = ap.parse_args()
    srv = harness.Server(demo=seclib.DEMO, name="sqlmap").start()
    try:
        rc = run(srv, args)
    finally:
        problems = srv.stop()
        seclib.keep_log(srv, problems)
        harness._stop_own_stack()
    if problems:
        print("0 passed, 1 failed")
        return 1
    return rc


def new_session(uid):
    tok = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    harness.psql("INSERT INTO sessions (user_id, token_hash, csrf, mfa_at) "
                 "VALUES (%d, %s, %s, now())" % (uid, q(hashlib.sha256(tok.encode())
                                          .hexdigest()), q(csrf)))
    return tok, csrf


def run(srv, args):
    t0 = time.monotonic()
    harness.psql("INSERT INTO users (username, username_key, display_name, "
                 "role, trust_level, created_at) VALUES ('sqlmap_admin', "
                 "'sqlmap_admin', 'sqlmap', 'admin', 3, now() - interval "
                 "'400 days') ON CONFLICT DO NOTHING")
    uid = int(harness.psql("SELECT id FROM users WHERE username_key = "
                           "'sqlmap_admin'"))
    # Routes that act on another user (purge, suspend, unlock) get a victim
    # of their own, so the attacking admin stays able to sign in.
    harness.psql("INSERT INTO users (username, username_key, display_name) "
                 "VALUES ('sqlmap_victim', 'sqlmap_victim', 'victim') ON "
                 "CONFLICT DO NOTHING")
    victim = int(harness.psql("SELECT id FROM users WHERE username_key = "
                              "'sqlmap_victim'"))
    tid = int(harness.psql("SELECT min(id) FROM threads"))
    pid = int(harness.psql("SELECT min(id) FROM posts"))
    base = "http://127.0.0.1:%d" % srv.port
    origin = base
    work = tempfile.mkdtemp(prefix="sodan-sqlmap.")
    jobs = []
    for rt in routes():
        if args.only and not re.search(args.only, rt["pattern"]):
            continue
        segs = []
        for s in rt["pattern"].split("/"):
            if s.startswith(":"):
                name = s[1:]
                pat = rt["pattern"]
                v = {"id": str(pid if pat.startswith("/p/")
                               else tid if "/t/" in pat or "threads" in pat
                               else victim if pat.startswith(("/u/", "/mod/user"))
                               else 1),
                     "slug": "deposits", "tag": "wallet", "kind": "held",
                     "name": "sqlmap_admin"}.get(name, "1")
                segs.append(v + "*")
            else:
                segs.append(s)
        path = "/".join(segs)
        has_point = "*" in path or rt["fields"]
        if not has_point:
            continue
        for signed in ((True, False) if rt["role"] == "ROLE_ANY"
                       else (True,)):
            jobs.append((rt, path, signed))

    def attack(job):
        rt, path, signed = job
        name = "%s %s %s" % (rt["method"], rt["pattern"],
                             "signed-in" if signed else "anonymous")
        outdir = tempfile.mkdtemp(dir=work)
        vals = {f: "1" if f in ("page", "id", "dup") else
                "true" if f in ("on", "official", "welcome", "done") else
                "ja" if f == "lang" else "active" if f == "sort" else
                "close" if f == "action" else "sqlmap test value"
                for f in rt["fields"]}
        cmd = ["sqlmap", "--batch", "--level=%d" % args.level, "--risk=1",
               "--dbms=PostgreSQL", "--time-sec=1", "--timeout=10", "--retries=1", "--threads=1",
               "--flush-session", "--disable-coloring", "--output-dir=" + outdir,
               "--skip=csrf", "--answers=follow=N,redirect=N",
               # refused sign-ins (401), missing rows (404), refused forms
               # (422) and limits (429) are answers to test on, not ends
               "--ignore-code=401,403,404,422,429"]
        cookies = []
        if signed:
            tok, csrf = new_session(uid)
            cookies.append("sodan_session=" + tok)
        else:
            csrf = secrets.token_urlsafe(32)
            cookies.append("sodan_csrf=" + csrf)
        cmd += ["--cookie", "; ".join(cookies),
                "--headers", "Origin: %s\nX-CSRF-Token: %s" % (origin, csrf)]
        if rt["method"] == "POST":
            # '*' marks each value as an injection point (with a path
            # segment marked, sqlmap would test only marked points).
            data = "&".join("%s=%s*" % (k, urllib.parse.quote_plus(v))
                            for k, v in vals.items())
            data += ("&" if data else "") + "csrf=" + csrf
            cmd += ["-u", base + path, "--data", data]
        else:
            qs = "&".join("%s=%s*" % (k, urllib.parse.quote_plus(v))
                          for k, v in vals.items())
            cmd += ["-u", base + path + ("?" + qs if qs else "")]
        t = time.monotonic()
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               timeout=args.budget, stdin=subprocess.DEVNULL)
            out, timed_out = p.stdout, False
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else \
                (e.stdout or "")
            timed_out = True
        # Points sqlmap went on to test (not every parameter it names: it
        # also asks about the CSRF cookie, which it never tests at level 1).
        tested = set(re.findall(r"testing for SQL injection on .*?parameter "
                                r"'([^']+)'", out))
        injectable = re.findall(r"parameter '([^']+)' (?:is|appears to be) "
                                r"'[^']+' injectable", out) + \
            re.findall(r"sqlmap identified the following injection point", out)
        log = os.path.join(work, re.sub(r"\W+", "_", name) + ".log")
        with open(log, "w") as f:
            f.write(" ".join(cmd) + "\n" + out)
        clean = ("do not appear to be injectable" in out or
                 "does not seem to be injectable" in out)
        # Why a run ended without a verdict: sqlmap's last critical or
        # error line (or the bound that cut it).
        why = None
        if not clean and not injectable:
            last = re.findall(r"\[(?:CRITICAL|ERROR)\] (.*)", out)
            why = ("cut at %d s" % args.budget if timed_out else
                   last[-1][:160] if last else "no verdict line; see " + log)
        return {"run": name, "seconds": round(time.monotonic() - t, 1),
                "tested": sorted(tested - {"csrf"}),
                "injectable": injectable, "timed_out": timed_out,
                "clean": clean, "why": why}

    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        results = list(ex.map(attack, jobs))
    params = sum(len(r["tested"]) for r in results)
    found = [r for r in results if r["injectable"]]
    timed = [r for r in results if r["timed_out"]]
    for r in results:
        print("%-45s %5.1fs params %-40s %s" % (
            r["run"], r["seconds"], ",".join(r["tested"])[:40],
            "INJECTABLE %s" % r["injectable"] if r["injectable"] else
            "clean" if r["clean"] else "NO VERDICT: " + r["why"]))
    nov = [r for r in results if r["why"]]
    summary = ("%d sqlmap runs (%d routes, signed in and not), %d injection "
               "points tested, %d injectable, %d runs without a verdict (%d "
               "cut at %d s), %.0f s" % (
                   len(results), len({r["run"].rsplit(" ", 1)[0]
                                      for r in results}), params, len(found),
                   len(nov), len(timed), args.budget,
                   time.monotonic() - t0))
    print("sqlmap: " + summary)
    print("logs: " + work)
    if args.result:
        json.dump({"summary": summary, "runs": len(results),
                   "params": params, "injectable": len(found),
                   "timed_out": len(timed), "no_verdict": [
                       {"run": r["run"], "why": r["why"]} for r in nov]},
                  open(args.result, "w"))
    print("%d passed, %d failed" % (len(results) - len(found), len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
