#!/usr/bin/env python3
"""bench/mod_forum.py [--data DIR] [--scan BIN] [--show WHICH] [-- SCANOPTS]

The filters on forum-shaped posts: ../shared/data/forum_posts_dev
(ja.jsonl, en.jsonl; read at run time, never copied into the project).

Fixed split, documented in docs/moderation.md: a post belongs to the
"tune" half when the first byte of SHA-1(id) is even, else to the
"check" half; rules are written looking at the tune half only, and the
check half tells whether they carry over.  Both halves and the whole set
are printed, with the figures the targets are stated in:

  scam + spam + secret   share held or blocked       (target >= 97 %)
  honest                 share held or blocked       (target <= 0.5 %)
  honest, tricky kinds   share held or blocked       (target <= 5 %)
  honest blocked         warnings must never be blocked (target 0)

--show tune|check|all prints the posts the filters get wrong in that part
(missed scam/spam/secret, held honest), for reading.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def part(pid):
    return "tune" if hashlib.sha1(pid.encode()).digest()[0] % 2 == 0 \
        else "check"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared",
                                                   "data", "forum_posts_dev"))
    ap.add_argument("--scan", default=os.path.join(ROOT, "build",
                                                   "sodan-scan"))
    ap.add_argument("--show", choices=("tune", "check", "all"))
    ap.add_argument("scanopts", nargs="*")
    a = ap.parse_args()
    posts = []
    for name in ("ja.jsonl", "en.jsonl"):
        for line in open(os.path.join(a.data, name), encoding="utf-8"):
            if line.strip():
                posts.append(json.loads(line))
    inp = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts)
    cp = subprocess.run([a.scan, "--eval"] + a.scanopts,
                        input=inp.encode(), capture_output=True, check=True)
    verdicts = {}
    for line in cp.stdout.decode().splitlines():
        v = json.loads(line)
        verdicts[v["id"]] = v
    timing = [l for l in cp.stderr.decode().splitlines()
              if l.startswith("mod_check")]

    rows = {}

    def tally(key, hit):
        n, h = rows.get(key, (0, 0))
        rows[key] = (n + 1, h + hit)

    wrong = []
    for p in posts:
        v = verdicts.get(p["id"], {})
        dec = v.get("decision", "error")
        held = dec in ("hold", "block")
        bad = p["label"] != "ham"
        for pt in (part(p["id"]), "all"):
            if bad:
                tally((pt, "scam + spam + secret"), held)
                tally((pt, "  " + p["label"]), held)
                tally((pt, "    " + p["category"]), held)
            else:
                tally((pt, "honest"), held)
                tally((pt, "  honest " + p["category"]), held)
                if p["category"] == "ham-tricky":
                    tally((pt, "honest blocked (tricky)"), dec == "block")
            tally((pt, "lang " + p["lang"] + (" bad" if bad else
                                               " honest")), held)
        if held != bad and a.show in (part(p["id"]), "all"):
            wrong.append((p, v))

    for pt in ("tune", "check", "all"):
        print("== %s" % (pt if pt != "all" else "all 597 (tune + check)"))
        keys = sorted(k for k in rows if k[0] == pt)
        order = ["scam + spam + secret"] + [k[1] for k in keys if
                                            k[1].startswith("  ") and
                                            not k[1].startswith("  honest")]
        order += ["honest"] + [k[1] for k in keys if
                               k[1].startswith("  honest")]
        order += ["honest blocked (tricky)"] + [k[1] for k in keys if
                                                k[1].startswith("lang")]
        for name in order:
            if (pt, name) not in rows:
                continue
            n, h = rows[(pt, name)]
            print("%-36s %4d / %4d  %6.2f %%" % (name, h, n,
                                                100.0 * h / n))
    for l in timing:
        print(l)
    for p, v in wrong:
        print("\n--- %s %s %s %s -> %s %.2f" % (
            p["id"], p["kind"], p["label"], p["category"],
            v.get("decision"), v.get("score", 0)))
        print("  author %s ctx %s" % (p.get("author"), p.get("context")))
        if p.get("title"):
            print("  T: " + p["title"])
        print("  B: " + p["body"].replace("\n", "\n     "))
        for r in v.get("reasons", []):
            print("   * %s %.2f" % (r["rule"], r["weight"]))


if __name__ == "__main__":
    sys.exit(main())
