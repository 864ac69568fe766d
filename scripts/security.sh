#!/usr/bin/env bash
# scripts/security.sh: `make security`, every attack and fault tool, one table.
#
#   scripts/security.sh [STEP...]     steps: fuzz xss sqlmap faults conns
#                                     valgrind (default: all, in that order)
#
# Builds the sanitizer build (build-san/, the server under attack) and the
# optimized one (build/, for valgrind), starts one throw-away PostgreSQL +
# Redis (as tests/run does) and runs each tool against the real server.
# Each step logs to $SEC_OUT/<step>.log (default build-security/) and leaves
# its figures in <step>.json; the last lines are one summary table and
# "N passed, N failed" (one per step).  Budget: under 30 minutes on 2 cores
# (SEC_FUZZ_SECONDS per fuzz target, default 45; make test runs 30 s each).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT" || exit 1
OUT="${SEC_OUT:-$ROOT/build-security}"
mkdir -p "$OUT"
STEPS=("$@")
[ "${#STEPS[@]}" -eq 0 ] && STEPS=(fuzz xss sqlmap faults conns valgrind)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# SEC_SAN_BUILD: the sanitizer build directory (default build-san; another
# one lets make security run beside make test).
SAN_BUILD="${SEC_SAN_BUILD:-build-san}"
export SODAN_BIN="${SODAN_BIN:-$ROOT/$SAN_BUILD/sodan}"
export FUZZ_OUT="${FUZZ_OUT:-$OUT/fuzz}"

T0=$(date +%s)
ROWS=()
PASSED=0
FAILED=0

echo "security: building (make SAN=1 all; make all)"
make -s SAN=1 BUILD="$SAN_BUILD" all >"$OUT/build.log" 2>&1 && make -s all >>"$OUT/build.log" 2>&1 ||
	{ tail -30 "$OUT/build.log"; echo "0 passed, 1 failed"; exit 1; }
if [ ! -d tests/security/node_modules/playwright-core ]; then
	(cd tests/security && npm install --no-audit --no-fund --silent) \
	    >>"$OUT/build.log" 2>&1
fi

TDIR="$(mktemp -d /tmp/sds.XXXXXX)" || exit 1
cleanup() {
	trap - EXIT INT TERM
	scripts/stack.sh stop "$TDIR" >/dev/null 2>&1
	rm -rf "$TDIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export SODAN_TEST_DIR="$TDIR" SODAN_STACK_THROWAWAY=1
mkdir -p "$TDIR/logs"
scripts/stack.sh start "$TDIR" >"$TDIR/logs/stack.log" 2>&1 ||
	{ cat "$TDIR/logs/stack.log"; echo "0 passed, 1 failed"; exit 1; }

# row STEP OK FIGURES: one line of the table.
row() {
	if [ "$2" = ok ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
	ROWS+=("$(printf '%-9s %-5s %s' "$1" "$2" "$3")")
}

# jget FILE KEY...: values from a step's JSON (python3, no jq needed).
jget() {
	python3 - "$@" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    d = {}
print(" ".join(str(d.get(k, "?")) for k in sys.argv[2:]))
PY
}

step_fuzz() {
	local s="${SEC_FUZZ_SECONDS:-45}" log="$OUT/fuzz.log" rc figs
	tests/fuzz/run.sh "$s" >"$log" 2>&1
	rc=$?
	figs=$(sed -n 's/^fuzz \([^ :]*\): *\([0-9]*\) executions, \([0-9]*\) crashes.*/\1 \2\/\3/p' "$log" |
	    tr '\n' ' ')
	row fuzz "$([ $rc -eq 0 ] && echo ok || echo FAIL)" \
	    "${s}s each; target execs/crashes: $figs"
}

step_xss() {
	local log="$OUT/xss.log" rc
	timeout -k 10 1200 python3 -u tests/security/xss.py \
	    --result "$OUT/xss.json" >"$log" 2>&1
	rc=$?
	row xss "$([ $rc -eq 0 ] && echo ok || echo FAIL)" "$(jget "$OUT/xss.json" \
	    payloads pages executed csp_violations dom_injections |
	    awk '{ printf "%s payloads, %s pages in Chromium, %s executed, %s CSP violations, %s injected", $1, $2, $3, $4, $5 }')"
}

step_generic() {	# NAME SCRIPT TIMEOUT
	local log="$OUT/$1.log" rc
	if [ ! -x "$2" ]; then
		row "$1" FAIL "$2 missing"
		return
	fi
	timeout -k 10 "$3" "$2" --result "$OUT/$1.json" >"$log" 2>&1
	rc=$?
	row "$1" "$([ $rc -eq 0 ] && echo ok || echo FAIL)" \
	    "$(jget "$OUT/$1.json" summary)"
}

for s in "${STEPS[@]}"; do
	echo "security: $s ($(( $(date +%s) - T0 )) s so far)"
	case "$s" in
	fuzz) step_fuzz ;;
	xss) step_xss ;;
	sqlmap) step_generic sqlmap tests/security/sqlmap.py 900 ;;
	faults) step_generic faults tests/security/faults.py 600 ;;
	conns) step_generic conns tests/security/conns.py 600 ;;
	valgrind) step_generic valgrind tests/security/valgrind.py 600 ;;
	*) echo "security: unknown step $s" >&2; exit 2 ;;
	esac
done

echo
echo "== make security: summary ($(( $(date +%s) - T0 )) s; logs in $OUT) =="
printf '%-9s %-5s %s\n' step state figures
for r in "${ROWS[@]}"; do echo "$r"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
