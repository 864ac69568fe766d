#!/usr/bin/env python3
"""bench/own_eval.py [--misses] [files...] [-- scan options]

The filter on the posts written by the project itself, for red-team passes:
every tests/data/own_posts/*.jsonl (or the files given), in the input
format of sodan-scan with labels scam, spam, secret (should be held or
blocked) and ham (should be allowed).  Runs build/sodan-scan (make all)
with conf/moderation and prints, per file, per label and per category,
the share held or blocked (for ham: the false-hold rate).  --misses lists
each miss and false hold with its score and the rules that fired.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def scan(posts, extra):
    scan_bin = os.environ.get("SODAN_SCAN",
                              os.path.join(ROOT, "build", "sodan-scan"))
    inp = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts)
    r = subprocess.run([scan_bin, "-c", os.path.join(ROOT, "conf",
                        "moderation")] + extra, input=inp.encode(),
                       stdout=subprocess.PIPE, check=True)
    return [json.loads(l) for l in r.stdout.decode().splitlines() if l]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("files", nargs="*")
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    a = ap.parse_args(argv)
    files = a.files or sorted(glob.glob(os.path.join(
        ROOT, "tests", "data", "own_posts", "*.jsonl")))
    for fn in files:
        with open(fn, encoding="utf-8") as fh:
            posts = [json.loads(l) for l in fh if l.strip()]
        verdicts = scan(posts, extra)
        tally = collections.defaultdict(lambda: [0, 0])
        missed = []
        for p, v in zip(posts, verdicts):
            held = v["decision"] in ("hold", "block")
            lab = p["label"]
            cat = p.get("category", "")
            for key in (lab, "%s: %s" % (lab, cat),
                        "%s %s" % (lab, p.get("lang", ""))):
                tally[key][0] += 1
                tally[key][1] += held
            if held != (lab not in ("ham", "ham-tricky")):
                missed.append((p, v))
        print("%s (%d posts)" % (os.path.relpath(fn, ROOT), len(posts)))
        for key in sorted(tally):
            n, h = tally[key]
            print("  %-40s %5d %4d %7.2f%%%s" % (
                key, n, h, 100.0 * h / n,
                "  (false holds)" if key.startswith("ham") else ""))
        if a.misses:
            for p, v in missed:
                print("  %s %s %s %.2f %s" % (
                    "FALSE-HOLD" if p["label"].startswith("ham") else "MISS",
                    p["id"], v["decision"], v.get("score", 0),
                    " ".join("%s=%.2f" % (r["rule"], r["weight"])
                             for r in v.get("reasons", []))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
