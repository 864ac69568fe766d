#!/usr/bin/env python3
"""bench/own_eval.py [--misses] [FILE ...] [-- scan options]

The filter on the posts written for this project by the red-team
passes: every tests/data/own_posts/*.jsonl (or the files named), in the
input format of sodan-scan (as ../shared/data/forum_posts_dev), run
through build/sodan-scan (make all) with conf/moderation.

Prints, per file, per label and per category, the share held or
blocked (for scam, spam and secret posts: caught; for honest ones:
false holds).  --misses lists each miss and false hold: id, decision,
score, the reasons' rule ids and the start of the text.
"""
import argparse
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from forum_eval import scan  # noqa: E402  (the same sodan-scan run)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args(argv)
    files = a.files or sorted(glob.glob(os.path.join(
        ROOT, "tests", "data", "own_posts", "*.jsonl")))
    for f in files:
        posts = [json.loads(l) for l in open(f, encoding="utf-8")
                 if l.strip()]
        v = scan(posts, extra)
        rows = {}
        miss = []
        for p in posts:
            d = v.get(p["id"], {"decision": "missing"})
            held = d["decision"] in ("hold", "block")
            bad = p["label"] != "ham"
            for key in (("bad" if bad else "honest") + ": all",
                        p["label"], p["label"] + ": " + p["category"]):
                n, h = rows.get(key, (0, 0))
                rows[key] = (n + 1, h + held)
            if held != bad:
                miss.append((p, d))
        print("%s (%d posts)" % (os.path.relpath(f, ROOT), len(posts)))
        for key in sorted(rows, key=lambda k: (k.startswith("ham"),
                                               k.startswith("honest"), k)):
            n, h = rows[key]
            what = " (false holds)" if key.startswith(("ham", "honest")) \
                else ""
            print("  %-44s %4d %4d %7.2f%%" % (key + what, n, h,
                                               100.0 * h / n))
        if a.misses:
            for p, d in miss:
                text = (p.get("title", "") + " | " + p["body"]).replace(
                    "\n", " ")
                print("  MISS %s %s %s %.2f %s %s" % (
                    p["id"], p["category"], d["decision"],
                    d.get("score", 0),
                    ",".join(r["rule"] for r in d.get("reasons", [])),
                    text[:160]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
