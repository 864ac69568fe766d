#!/bin/sh
# bench/mod_cv.sh [sodan-scan options]: 2-fold cross-validation on the
# TRAIN split only (build/moddata/train.jsonl from bench/mod_dataset.py),
# for choosing features and thresholds without looking at the held-out
# split: the train split is cut in two by a hash of the id (independent of
# the label), a model is trained on each half and the other half scanned
# with it.  Prints bench/mod_summary.py's figures for both halves together.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT"
D=build/moddata
[ -f $D/train.jsonl ] || python3 bench/mod_dataset.py --out $D
make -s build/sodan-scan
python3 - <<'PY'
import hashlib, json
out = [open("build/moddata/cv%d.jsonl" % k, "w", encoding="utf-8")
       for k in (0, 1)]
for line in open("build/moddata/train.jsonl", encoding="utf-8"):
    d = json.loads(line)
    k = hashlib.sha1(("cv:" + d["id"]).encode()).digest()[0] & 1
    out[k].write(line)
for f in out:
    f.close()
PY
for k in 0 1; do
	build/sodan-scan --train $D/cv$k.model --min-count 2 < $D/cv$k.jsonl \
	    2>/dev/null
done
# shellcheck disable=SC2068
build/sodan-scan -m $D/cv1.model $@ < $D/cv0.jsonl > $D/cv-verdicts.jsonl \
    2>/dev/null
# shellcheck disable=SC2068
build/sodan-scan -m $D/cv0.model $@ < $D/cv1.jsonl >> $D/cv-verdicts.jsonl \
    2>/dev/null
python3 bench/mod_summary.py $D/train.jsonl $D/cv-verdicts.jsonl
