#!/usr/bin/env python3
"""bench/triage_eval.py [--rules FILE] [--scan BIN] [--lang ja|en] [-v] [TSV]:
the urgency triage rules (conf/support/triage.rules) over a labelled set
of questions (default tests/data/triage_questions.tsv: title, body, lang,
class), through `sodan-scan --triage`, the same library function the
server calls (mod_triage).  Prints, per class, how many questions the set
holds, how many the rules put there, precision and recall, then the
confusion matrix; -v lists every question the rules got wrong with the
reasons they gave.  Exit status 0 (the figures are for people; the
thresholds live in tests/unit/test_triage.c)."""
import argparse
import json
import os
import subprocess
import sys

CLASSES = ("urgent", "normal", "low")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv", nargs="?",
                    default=os.path.join(ROOT, "tests/data/triage_questions.tsv"))
    ap.add_argument("--rules",
                    default=os.path.join(ROOT, "conf/support/triage.rules"))
    ap.add_argument("--scan", default=None)
    ap.add_argument("--lang", choices=("ja", "en"))
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    scan = a.scan
    if scan is None:
        for c in ("build/sodan-scan", "build-san/sodan-scan"):
            if os.access(os.path.join(ROOT, c), os.X_OK):
                scan = os.path.join(ROOT, c)
                break
    if scan is None:
        sys.exit("triage_eval: build sodan-scan first (make)")
    with open(a.tsv, "rb") as f:
        data = f.read()
    out = subprocess.run([scan, "--triage", a.rules], input=data,
                         capture_output=True, check=True).stdout
    lines = data.decode().split("\n")
    conf = {(g, p): 0 for g in CLASSES for p in CLASSES}
    wrong = []
    for row in out.decode().splitlines():
        r = json.loads(row)
        if r["label"] not in CLASSES or (a.lang and r["lang"] != a.lang):
            continue
        conf[(r["label"], r["class"])] += 1
        if r["label"] != r["class"]:
            wrong.append((r, lines[r["line"] - 1].split("\t")[0]))
    total = sum(conf.values())
    print(f"{total} questions, {a.tsv}" + (f" ({a.lang})" if a.lang else ""))
    print(f"{'class':8} {'in set':>6} {'found':>6} {'right':>6} "
          f"{'precision':>9} {'recall':>7}")
    for c in CLASSES:
        gold = sum(conf[(c, p)] for p in CLASSES)
        pred = sum(conf[(g, c)] for g in CLASSES)
        tp = conf[(c, c)]
        prec = f"{100 * tp / pred:.1f} %" if pred else "-"
        rec = f"{100 * tp / gold:.1f} %" if gold else "-"
        print(f"{c:8} {gold:6} {pred:6} {tp:6} {prec:>9} {rec:>7}")
    right = sum(conf[(c, c)] for c in CLASSES)
    print(f"accuracy {100 * right / total:.1f} % ({right}/{total})")
    print("confusion (rows: label, columns: rules): " + " ".join(
        f"{g}->{p}={conf[(g, p)]}" for g in CLASSES for p in CLASSES
        if conf[(g, p)]))
    if a.v:
        for r, title in wrong:
            why = ", ".join(x["rule"] for x in r["reasons"]) or "-"
            print(f"  line {r['line']}: {r['label']} -> {r['class']} "
                  f"(urgent {r['urgent']:.1f}, low {r['low']:.1f}; {why}): "
                  f"{title}")


if __name__ == "__main__":
    main()
