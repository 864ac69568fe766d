#!/bin/sh
# bench/mod_eval.sh [DATA_DIR]: measure the filters on the evaluation data.
# Converts ../shared/data (bench/mod_dataset.py) into build/moddata/,
# trains both classifiers on the train split only (build/moddata/bayes.model
# and build/moddata/linear.model), then runs sodan-scan --eval on the
# held-out split: rules only, with the shipped models (the linear model
# gives the learned signal), with the shipped bayes.model alone
# (--no-linear, the previous learned signal), and with the fresh models.
# After each, bench/mod_summary.py prints the figures the targets are
# stated in (honest FAQ/docs questions apart from SMS ham).  Also prints
# the phone-extraction rate on SmokeDetector's spam numbers.  To choose
# features or thresholds without the held-out split: bench/mod_cv.sh.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT"
DATA=${1:-"$ROOT/../shared/data"}
make -s build/sodan-scan
python3 bench/mod_dataset.py --data "$DATA" --out build/moddata
build/sodan-scan --train build/moddata/bayes.model --min-count 2 \
    < build/moddata/train.jsonl
build/sodan-scan --train-linear build/moddata/linear.model \
    < build/moddata/train.jsonl
for mode in rules shipped shipped-bayes fresh fresh-bayes; do
	case $mode in
	rules)	 opt="-M" ;;
	shipped) opt="" ;;
	shipped-bayes) opt="--no-linear" ;;
	fresh)	 opt="-l build/moddata/linear.model" ;;
	fresh-bayes) opt="--no-linear -m build/moddata/bayes.model" ;;
	esac
	echo "== held-out split, $mode"
	# shellcheck disable=SC2086
	build/sodan-scan $opt --eval < build/moddata/heldout.jsonl \
	    > build/moddata/verdicts-$mode.jsonl
	echo "== targets, $mode (bench/mod_summary.py)"
	python3 bench/mod_summary.py build/moddata/heldout.jsonl \
	    build/moddata/verdicts-$mode.jsonl
done
python3 - <<'PY'
import json
ids = set()
for l in open("build/moddata/heldout.jsonl", encoding="utf-8"):
    d = json.loads(l)
    if d["label"] == "phone":
        ids.add(d["id"])
n = got = 0
for l in open("build/moddata/verdicts-shipped.jsonl", encoding="utf-8"):
    d = json.loads(l)
    if d.get("id") in ids:
        n += 1
        got += any(c["type"] in ("phone", "whatsapp")
                   for c in d.get("contacts", []))
print("phone numbers extracted (SmokeDetector list, held-out): %d/%d = %.1f%%"
      % (got, n, 100.0 * got / max(n, 1)))
PY
