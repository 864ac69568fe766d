#!/usr/bin/env bash
# scripts/security.sh: `make security`, every attack and fault tool, one table.
#
#   scripts/security.sh [STEP...]     steps: fuzz xss sqlmap faults conns
#                                     valgrind (default: all, in that order)
#
# Builds the sanitizer build (build-san/, the server under attack) and the
# optimized one (build/, for valgrind; make rebuilds only what changed),
# starts one throw-away PostgreSQL + Redis (as tests/run does), loads the
# demo data once (the tools then skip `sodan demo`: SEC_DEMO_LOADED=1) and
# runs each tool against the real server.  Each step logs to
# $SEC_OUT/<step>.log (default build-security/) and leaves its figures in
# <step>.json; the last lines are one summary table (state, wall seconds,
# 1-minute load average at the step's end, figures) and "N passed, N
# failed" (one per step).  Budget: under 30 minutes on 2 cores
# (SEC_FUZZ_SECONDS per fuzz target, default 30, as make test).
#
# The fuzzers run in the background beside the XSS run (SEC_PARALLEL=0
# runs them alone): neither judges by time, and the XSS run waits on
# Chromium and the server more than it computes.  The steps that do measure
# time (sqlmap's time-based payloads, fault recovery, latency under idle
# connections) start only after the fuzzers have finished.
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
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

echo "security: building (make SAN=1 all; make all); load average $LOAD0"
if ! make -s -j2 SAN=1 BUILD="$SAN_BUILD" all >"$OUT/build.log" 2>&1 ||
    ! make -s -j2 all >>"$OUT/build.log" 2>&1; then
	tail -30 "$OUT/build.log"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -d tests/security/node_modules/playwright-core ]; then
	(cd tests/security && npm install --no-audit --no-fund --silent) \
	    >>"$OUT/build.log" 2>&1
fi
T_BUILD=$(( $(date +%s) - T0 ))

TDIR="$(mktemp -d /tmp/sds.XXXXXX)" || exit 1
BG=""
# kill_tree PID: that process and its descendants, by id.
kill_tree() {
	local c
	for c in $(pgrep -P "$1"); do kill_tree "$c"; done
	kill -TERM "$1" 2>/dev/null
}
cleanup() {
	trap - EXIT INT TERM
	if [ -n "$BG" ]; then
		kill_tree "$BG"
		wait "$BG" 2>/dev/null
	fi
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
# The demo data, once for every step (seclib.DEMO).
T=$(date +%s)
python3 tests/security/seclib.py load-demo >"$OUT/demo.log" 2>&1 ||
	{ cat "$OUT/demo.log"; echo "0 passed, 1 failed"; exit 1; }
export SEC_DEMO_LOADED=1
T_DEMO=$(( $(date +%s) - T ))

load1() { cut -d' ' -f1 /proc/loadavg; }

# A step writes "STATE<TAB>FIGURES" to $OUT/<step>.row; row() reads it
# back into the table with the step's wall seconds.
put() { printf '%s\t%s\n' "$2" "$3" >"$OUT/$1.row"; }
row() {	# STEP SECONDS
	local st figs
	if [ -s "$OUT/$1.row" ]; then
		IFS=$'\t' read -r st figs <"$OUT/$1.row"
	else
		st=FAIL figs="the step left no result"
	fi
	if [ "$st" = ok ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
	ROWS+=("$(printf '%-9s %-5s %5s %5s  %s' "$1" "$st" "$2" "$(load1)" "$figs")")
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
	local s="${SEC_FUZZ_SECONDS:-30}" log="$OUT/fuzz.log" rc figs
	tests/fuzz/run.sh "$s" >"$log" 2>&1
	rc=$?
	figs=$(sed -n 's/^fuzz \([^ :]*\): *\([0-9]*\) executions, \([0-9]*\) crashes.*/\1 \2\/\3/p' "$log" |
	    tr '\n' ' ')
	put fuzz "$([ $rc -eq 0 ] && echo ok || echo FAIL)" \
	    "${s}s each; target execs/crashes: $figs"
}

step_xss() {
	local log="$OUT/xss.log" rc
	timeout -k 10 1200 python3 -u tests/security/xss.py \
	    --result "$OUT/xss.json" >"$log" 2>&1
	rc=$?
	put xss "$([ $rc -eq 0 ] && echo ok || echo FAIL)" "$(jget "$OUT/xss.json" \
	    payloads pages executed csp_violations dom_injections chromium_restarts |
	    awk '{ printf "%s payloads, %s pages in Chromium, %s executed, %s CSP violations, %s injected, %s Chromium restarts", $1, $2, $3, $4, $5, $6 }')"
}

step_generic() {	# NAME SCRIPT TIMEOUT
	local log="$OUT/$1.log" rc
	if [ ! -x "$2" ]; then
		put "$1" FAIL "$2 missing"
		return
	fi
	timeout -k 10 "$3" "$2" --result "$OUT/$1.json" >"$log" 2>&1
	rc=$?
	put "$1" "$([ $rc -eq 0 ] && echo ok || echo FAIL)" \
	    "$(jget "$OUT/$1.json" summary)"
}

run_step() {
	case "$1" in
	fuzz) step_fuzz ;;
	xss) step_xss ;;
	sqlmap) step_generic sqlmap tests/security/sqlmap.py 900 ;;
	faults) step_generic faults tests/security/faults.py 600 ;;
	conns) step_generic conns tests/security/conns.py 600 ;;
	valgrind) step_generic valgrind tests/security/valgrind.py 600 ;;
	*) echo "security: unknown step $1" >&2; exit 2 ;;
	esac
}

# The fuzzers in the background (beside the steps that do not time
# anything), waited for before a step that does.
BG_T0=0
wait_bg() {
	[ -n "$BG" ] || return 0
	wait "$BG"
	BG=""
	# its own seconds, not the time until it was waited for
	row fuzz "$(cat "$OUT/fuzz.secs" 2>/dev/null || echo $(( $(date +%s) - BG_T0 )))"
}

for f in "${STEPS[@]}"; do rm -f "$OUT/$f.row" "$OUT/$f.json" "$OUT/$f.secs"; done
for s in "${STEPS[@]}"; do
	echo "security: $s ($(( $(date +%s) - T0 )) s so far, load $(load1))"
	if [ "$s" = fuzz ] && [ "${SEC_PARALLEL:-1}" = 1 ] &&
	    [ "${#STEPS[@]}" -gt 1 ]; then
		BG_T0=$(date +%s)
		{ step_fuzz; echo $(( $(date +%s) - BG_T0 )) >"$OUT/fuzz.secs"; } &
		BG=$!
		continue
	fi
	case "$s" in
	sqlmap|faults|conns) wait_bg ;;
	esac
	t=$(date +%s)
	run_step "$s"
	row "$s" $(( $(date +%s) - t ))
done
wait_bg

echo
echo "== make security: summary ($(( $(date +%s) - T0 )) s: build ${T_BUILD} s, demo data ${T_DEMO} s; $(nproc) cores, load average $LOAD0 at start, $(cut -d' ' -f1-3 /proc/loadavg) at end; logs in $OUT) =="
printf '%-9s %-5s %5s %5s  %s\n' step state secs load figures
for r in "${ROWS[@]}"; do echo "$r"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
