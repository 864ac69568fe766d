#!/usr/bin/env python3
"""bench/forum_eval.py [--split tune|holdout|all] [--misses] [-- scan options]

The filter on forum-shaped posts: ../shared/data/forum_posts_dev (read
from there at run time, never copied), cut in two halves by a hash of the
id, independent of the label:

  tune     the half looked at while writing rules (--misses lists its
           misses and false holds, one line each);
  holdout  the half only measured until 2026-12-06.  Then, with the tune
           half at 100 % and the holdout at 90 %, the holdout was cut in
           two by a second bit of the same hash:
    probe    its misses are read (--misses lists them) to find behaviours
             the rules do not know; from then on it is development data;
    final    still only measured: its posts are never printed.  Its
             figures are the held-out ones to quote.
  holdout is probe and final together (figures comparable to earlier notes,
  no longer held out).

Prints, per half, the share held or blocked of scam, spam and secret
posts, per category, and the false-hold rate of honest posts (all, the
tricky honest kinds apart), against the targets of docs/moderation.md.
Runs build/sodan-scan (make all) with conf/moderation.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data", "forum_posts_dev")


def half(pid):
    return "tune" if hashlib.sha1(
        ("forum:" + pid).encode()).digest()[0] & 1 == 0 else "holdout"


def part(pid):
    """tune, probe or final (probe and final split the holdout)."""
    if half(pid) == "tune":
        return "tune"
    return "probe" if hashlib.sha1(
        ("forum:" + pid).encode()).digest()[1] & 1 == 0 else "final"


def load():
    posts = []
    for f in ("ja.jsonl", "en.jsonl"):
        with open(os.path.join(DATA, f), encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    posts.append(json.loads(line))
    return posts


def scan(posts, extra):
    scan_bin = os.environ.get("SODAN_SCAN",
                              os.path.join(ROOT, "build", "sodan-scan"))
    inp = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    out = subprocess.run([scan_bin, "-c", os.path.join(ROOT, "conf",
                                                        "moderation"),
                          ] + extra, input=inp, capture_output=True,
                         text=True, env=env, check=True).stdout
    v = {}
    for line in out.splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            v[d["id"]] = d
    return v


def report(name, posts, verdicts, misses):
    rows = {}

    def tally(key, held):
        n, h = rows.get(key, (0, 0))
        rows[key] = (n + 1, h + held)

    for p in posts:
        d = verdicts[p["id"]]
        held = d["decision"] in ("hold", "block")
        lab, cat = p["label"], p["category"]
        if lab == "ham":
            tally("honest: all (false holds)", held)
            tally("honest: %s (false holds)" % cat, held)
        else:
            tally("scam+spam+secret", held)
            tally("%s" % lab, held)
            tally("%s: %s" % (lab, cat), held)
        if misses and held != (lab != "ham"):
            body = (p.get("title", "") + " | " + p["body"]).replace("\n", " ")
            print("  %s %-6s %-22s %-5s %5.2f %s" % (
                p["id"], lab, cat, d["decision"], d["score"], body[:150]))
            print("      " + " ".join(r["rule"] for r in d["reasons"]))
    print("%s (%d posts)" % (name, len(posts)))
    for k in sorted(rows, key=lambda k: (not k.startswith("scam+"),
                                         k.startswith("honest"), k)):
        n, h = rows[k]
        print("  %-42s %4d %4d %7.2f%%" % (k, n, h, 100.0 * h / n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="all",
                    choices=("tune", "probe", "final", "holdout", "all"))
    ap.add_argument("--misses", action="store_true",
                    help="list the mistakes of tune and probe (never final)")
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    posts = load()
    verdicts = scan(posts, a.extra)
    for name in ("tune", "probe", "final"):
        if a.split in (name, "all") or (a.split == "holdout"
                                        and name != "tune"):
            report(name, [p for p in posts if part(p["id"]) == name],
                   verdicts, a.misses and name != "final")
    if a.split in ("holdout", "all"):
        report("holdout (probe + final)",
               [p for p in posts if half(p["id"]) == "holdout"],
               verdicts, False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
