#!/usr/bin/env python3
"""bench/mod_summary.py POSTS.jsonl VERDICTS.jsonl: the figures the targets
are stated in, from sodan-scan's input and output lines (matched by id).

  scam, spam, scam + spam   share held or blocked (target >= 97 %)
  honest questions          share held (target <= 0.5 %), and apart:
                            SMS ham (about 96 % of the questions) and the
                            FAQ/docs questions, English and Japanese
  honest answers, all honest  false holds outside the target, reported too
"""
import json
import sys


def main():
    posts = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        d = json.loads(line)
        posts[d["id"]] = d
    rows = {}

    def tally(name, held):
        n, h = rows.get(name, (0, 0))
        rows[name] = (n + 1, h + held)

    for line in open(sys.argv[2], encoding="utf-8"):
        v = json.loads(line)
        p = posts.get(v.get("id"))
        if p is None:
            continue
        held = v.get("decision") in ("hold", "block")
        lab, g, kind = p["label"], p["group"], p["kind"]
        if lab in ("scam", "spam"):
            tally(lab, held)
            tally("scam + spam", held)
            tally("%s: %s" % (lab, g), held)
        elif lab == "ham":
            tally("all honest", held)
            if kind == "question":
                tally("honest questions", held)
                if g == "sms":
                    tally("honest questions: SMS ham", held)
                else:
                    tally("honest questions: FAQ/docs (not SMS)", held)
                    tally("honest questions: FAQ/docs, %s" %
                          ("ja" if g.endswith("_ja") else
                           "zh" if g.endswith("_zh") else "en"), held)
            else:
                tally("honest answers", held)
                tally("honest answers: %s" % g, held)
    order = ["scam", "spam", "scam + spam", "honest questions",
             "honest questions: SMS ham",
             "honest questions: FAQ/docs (not SMS)",
             "honest questions: FAQ/docs, en", "honest questions: FAQ/docs, ja",
             "honest questions: FAQ/docs, zh", "honest answers", "all honest"]
    keys = [k for k in order if k in rows] + sorted(
        k for k in rows if k not in order)
    for k in keys:
        n, h = rows[k]
        print("%-44s %5d %5d %7.2f%%" % (k, n, h, 100.0 * h / n))


if __name__ == "__main__":
    main()
