#!/bin/sh
# bench/mod_cv.sh [--linear] [sodan-scan options]: 2-fold cross-validation
# on the TRAIN split only (build/moddata/train.jsonl from
# bench/mod_dataset.py), for choosing features and thresholds without
# looking at the held-out split: the train split is cut in two by a hash
# of the id (independent of the label), a model is trained on each half
# and the other half scanned with it.  Prints bench/mod_summary.py's
# figures for both halves together.
#
# Default: the Bayesian classifier (bayes.model; the shipped linear model
# is switched off).  --linear: the linear model instead (sodan-scan
# --train-linear, with the options in $LINEAR_OPTS, e.g. "--l2 0.0001").
# The rules and settings are conf/moderation's (-c DIR for others).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT"
D=build/moddata
LINEAR=0
if [ "${1:-}" = --linear ]; then
	LINEAR=1
	shift
fi
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
	if [ $LINEAR = 1 ]; then
		# shellcheck disable=SC2086
		build/sodan-scan --train-linear $D/cv$k.linear ${LINEAR_OPTS:-} \
		    < $D/cv$k.jsonl 2>/dev/null
	else
		build/sodan-scan --train $D/cv$k.model --min-count 2 \
		    < $D/cv$k.jsonl 2>/dev/null
	fi
done
if [ $LINEAR = 1 ]; then
	m0="-l $D/cv0.linear" m1="-l $D/cv1.linear"
else
	m0="--no-linear -m $D/cv0.model" m1="--no-linear -m $D/cv1.model"
fi
# shellcheck disable=SC2068,SC2086
build/sodan-scan $m1 $@ < $D/cv0.jsonl > $D/cv-verdicts.jsonl 2>/dev/null
# shellcheck disable=SC2068,SC2086
build/sodan-scan $m0 $@ < $D/cv1.jsonl >> $D/cv-verdicts.jsonl 2>/dev/null
python3 bench/mod_summary.py $D/train.jsonl $D/cv-verdicts.jsonl
