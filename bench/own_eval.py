#!/usr/bin/env python3
"""bench/own_eval.py [--misses] [FILE ...] [-- scan options]

The filter on the project's own posts: every tests/data/own_posts/*.jsonl
(or the files named), posts written here by hand in the input format of
sodan-scan and of ../shared/data/forum_posts_dev (label scam, spam,
secret or ham; category as in that set's SOURCE.md).  They are a bench,
not a test: a red-team set written before the rules were changed for it,
so its first figures say how the filter does on posts it never saw.

Prints, per file, the share held or blocked of scam, spam and secret
posts (all, and per category) and of honest posts (false holds, per
category).  --misses lists each post on the wrong side with its score and
rule ids.  Runs build/sodan-scan (make all) with conf/moderation.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OWN = os.path.join(ROOT, "tests", "data", "own_posts")


def scan(posts, extra):
    scan_bin = os.environ.get("SODAN_SCAN",
                              os.path.join(ROOT, "build", "sodan-scan"))
    inp = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    out = subprocess.run([scan_bin, "-c", os.path.join(ROOT, "conf",
                                                        "moderation")]
                         + extra, input=inp, capture_output=True, text=True,
                         env=env, check=True).stdout
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
        lab, cat = p["label"], p.get("category", "")
        if lab == "ham":
            tally("honest: all (false holds)", held)
            tally("honest: %s (false holds)" % cat, held)
        else:
            tally("scam+spam+secret", held)
            tally("%s: %s" % (lab, cat), held)
        if misses and held != (lab != "ham"):
            body = (p.get("title", "") + " | " + p["body"]).replace("\n", " ")
            print("  %s %-6s %-22s %-5s %5.2f %s" % (
                p["id"], lab, cat, d["decision"], d["score"], body[:160]))
            print("      " + " ".join("%s(%.2f)" % (r["rule"], r["weight"])
                                      for r in d["reasons"]))
    print("%s (%d posts)" % (name, len(posts)))
    for k in sorted(rows, key=lambda k: (k.startswith("honest"),
                                         not k.startswith("scam+"), k)):
        n, h = rows[k]
        print("  %-42s %4d %4d %7.2f%%" % (k, n, h, 100.0 * h / n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("files", nargs="*")
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    a = ap.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    files = a.files or sorted(glob.glob(os.path.join(OWN, "*.jsonl")))
    for f in files:
        with open(f, encoding="utf-8") as fh:
            posts = [json.loads(l) for l in fh if l.strip()]
        report(os.path.relpath(f, ROOT), posts, scan(posts, extra),
               a.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
