#!/usr/bin/env bash
# bench/thread.sh: thread-page and list-page throughput.  Not a test: a
# measurement, bounded in time (BENCH_DURATION per run, wrk under `timeout`),
# appended to docs/performance.md under "Thread and list pages".
#
#   bench/thread.sh            (after `make`: uses build/sodan, the optimized build)
#
# Starts PostgreSQL + Redis in a throw-away directory, migrates, loads the demo
# and runs build/sodan on a free loopback port, then wrk -t2 -c64 against:
#   - the demo's busiest thread (official, verified, accepted answers):
#     anonymous, from the page cache (served in the event loop);
#   - the same thread with a query string, which the page cache skips: the
#     full dynamic path (app-thread hand-off, two indexed queries, HTML
#     writer, gzip);
#   - the category list /c/deposits (dynamic: not cacheable, filters/pages);
#   - the home page / (cached, for reference).
# Environment: SODAN_BIN, BENCH_DURATION (5s), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2), BENCH_ROUNDS (1; figures are medians), BENCH_NO_WRITE=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
BIN="${SODAN_BIN:-$ROOT/build/sodan}"
DUR="${BENCH_DURATION:-5s}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
ROUNDS="${BENCH_ROUNDS:-1}"
DOC="$ROOT/docs/performance.md"

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN is not built (make)"
command -v wrk >/dev/null || die "wrk is missing (scripts/deps.sh)"
command -v curl >/dev/null || die "curl is missing"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

T="$(mktemp -d /tmp/sdb.XXXXXX)"
SODAN_PID=""
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$SODAN_PID" ] && kill -0 "$SODAN_PID" 2>/dev/null; then
		kill -TERM "$SODAN_PID" 2>/dev/null || true
		wait "$SODAN_PID" 2>/dev/null || true
	fi
	"$ROOT/scripts/stack.sh" stop "$T" >/dev/null 2>&1 || true
	if [ "$rc" -ne 0 ] && [ -f "$T/sodan.log" ]; then
		tail -n 20 "$T/sodan.log" >&2 || true
	fi
	rm -rf "$T"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SODAN_STACK_THROWAWAY=1 "$ROOT/scripts/stack.sh" start "$T" >"$T/stack.log" 2>&1 ||
	{ cat "$T/stack.log" >&2; die "could not start PostgreSQL and Redis"; }
eval "$("$ROOT/scripts/stack.sh" env "$T")"
export SODAN_DATABASE_URL SODAN_REDIS_URL
SPORT="$(free_port)"
export SODAN_LISTEN="127.0.0.1:$SPORT"
# All of wrk's connections come from 127.0.0.1: the production per-IP limits
# would answer 429 to nearly every dynamic request, so the bench measures with
# the integration tests' generous limits (what one proxy-fronted client IP
# never reaches in production).
export SODAN_LIMITS="${SODAN_LIMITS:-$ROOT/tests/http/limits.conf}"
"$BIN" migrate >>"$T/sodan.log" 2>&1 || die "sodan migrate failed"
"$BIN" demo >>"$T/sodan.log" 2>&1 || die "sodan demo failed"
"$BIN" >>"$T/sodan.log" 2>&1 </dev/null &
SODAN_PID=$!
for _ in $(seq 1 100); do
	curl -fsS -o /dev/null "http://127.0.0.1:$SPORT/healthz" 2>/dev/null && break
	kill -0 "$SODAN_PID" 2>/dev/null || die "sodan exited at start"
	sleep 0.1
done
LOOPS="$(sed -n 's/.*listening on .* (\([0-9]*\) loops.*/\1/p' "$T/sodan.log" | tail -n 1)"
APPT="$(sed -n 's/.*loops, \([0-9]*\) app threads.*/\1/p' "$T/sodan.log" | tail -n 1)"

# The demo's withdrawal thread: the page with every kind of answer.
curl -fsS -o "$T/list.html" "http://127.0.0.1:$SPORT/c/deposits" || die "GET /c/deposits failed"
TID="$(grep -o 'href="/t/[0-9]*"[^>]*>How long does a JPY withdrawal' "$T/list.html" |
	grep -o '/t/[0-9]*' | head -n 1)"
[ -n "$TID" ] || die "demo withdrawal thread not found in /c/deposits"
curl -fsS -o "$T/thread.html" "http://127.0.0.1:$SPORT$TID" || die "GET $TID failed"
THREAD_BYTES="$(stat -c %s "$T/thread.html")"
LIST_BYTES="$(stat -c %s "$T/list.html")"

bench_run() {
	local out="$T/wrk-$(echo "$1" | tr -c 'a-zA-Z0-9\n' '_').txt"
	timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --latency "$2" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk failed on $2"; }
	RPS="$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$out")"
	P99="$(awk '$1 == "99%" { print $2 }' "$out")"
	ERRS="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
	ERRS="${ERRS:-0}"
	printf '  %-30s %8s req/s  p99 %-8s non-2xx %s\n' "$1" "$RPS" "$P99" "$ERRS"
	[ "$ERRS" = 0 ] || echo "  warning: $ERRS responses were not 2xx" >&2
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

LOAD="$(cut -d' ' -f1 /proc/loadavg)"
echo "bench: $(nproc) CPUs (load $LOAD), $LOOPS loops, $APPT app threads; wrk -t$THREADS -c$CONNS -d$DUR, $ROUNDS round(s)"
echo "bench: thread $TID ($THREAD_BYTES bytes), /c/deposits ($LIST_BYTES bytes)"
tc=(); td=(); lc=(); hc=(); P99D=""
for r in $(seq 1 "$ROUNDS"); do
	echo " round $r"
	bench_run "thread (cached)" "http://127.0.0.1:$SPORT$TID"; tc+=("$RPS")
	bench_run "thread (dynamic)" "http://127.0.0.1:$SPORT$TID?b=$r"; td+=("$RPS"); P99D="$P99"
	bench_run "list /c/deposits (dynamic)" "http://127.0.0.1:$SPORT/c/deposits"; lc+=("$RPS"); P99L="$P99"
	bench_run "home / (cached)" "http://127.0.0.1:$SPORT/"; hc+=("$RPS")
done
TC="$(median "${tc[@]}")"; TD="$(median "${td[@]}")"
LC="$(median "${lc[@]}")"; HC="$(median "${hc[@]}")"

[ "${BENCH_NO_WRITE:-0}" = 1 ] && exit 0
CPU="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 - "$DOC" "$(date +%F)" "$REV" "$(nproc)" "$CPU" "$LOAD" "$LOOPS/$APPT" \
    "$THREAD_BYTES" "$TC" "$TD" "$P99D" "$LC" "$P99L" "$HC" "$DUR" "$CONNS" <<'PY'
import os, sys
(path, date, rev, nproc, cpu, load, lt, tbytes, tc, td, p99d, lc, p99l, hc,
 dur, conns) = sys.argv[1:]
heading = "## Thread and list pages"
intro = ("Measured by `bench/thread.sh` (optimized build, demo data, wrk -t2 -c%s "
         "-d%s on loopback; requests/s). \"cached\" is served from the page cache "
         "in the event loop; \"dynamic\" goes through the app-thread hand-off, "
         "PostgreSQL (thread + posts, or the filtered list) and the HTML writer "
         "(the thread URL gets a query string, which the page cache skips). "
         "\"load\" is the 1-minute load average before the runs." % (conns, dur))
header = ("| date | commit | nproc | CPU | load | loops/app threads | thread bytes "
          "| thread cached | thread dynamic | p99 | list dynamic | p99 | / cached |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
row = "| %s |" % " | ".join([date, rev, nproc, cpu, load, lt, tbytes, tc, td,
                             p99d, lc, p99l, hc])
text = open(path).read() if os.path.exists(path) else "# Performance\n"
lines = text.rstrip("\n").split("\n")
if heading not in lines:
    lines += ["", heading, "", intro, "", header, row]
else:
    i = lines.index(heading) + 1
    j = i
    while j < len(lines) and not (lines[j].startswith("# ") or lines[j].startswith("## ")):
        j += 1
    last = max((k for k in range(i, j) if lines[k].startswith("|")), default=None)
    if last is None:
        lines[j:j] = ["", header, row]
    else:
        lines.insert(last + 1, row)
open(path, "w").write("\n".join(lines) + "\n")
PY
echo "bench: appended to docs/performance.md"
