#!/usr/bin/env bash
# bench/compose.sh: signed-in thread pages composed from the cached body
# against the anonymous cached page.  Not a test: a measurement, bounded in
# time (BENCH_DURATION per run, wrk under `timeout`), appended to
# docs/performance.md under "Signed-in thread pages, composed".
#
#   bench/compose.sh           (after `make`: uses build/sodan, the optimized build)
#
# Starts PostgreSQL + Redis in a throw-away directory, migrates, loads the
# demo, adds a member (a session row; the member voted for one answer and
# watches the thread) and runs two build/sodan on free loopback ports
# sharing them: A with [server] compose_pages = true (the default), B with
# compose_pages = false.  Then, interleaved for BENCH_ROUNDS rounds, wrk
# -t2 -c64 against the demo's busiest thread:
#   - anonymous on A, from the page cache (served in the event loop);
#   - the member on A: composed (hand-off, session, one query for the
#     reader's parts, the cached body with its holes filled);
#   - the member on B: rendered whole, as every signed-in page was before.
# Environment: SODAN_BIN, BENCH_DURATION (5s), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2), BENCH_ROUNDS (3; figures are medians), BENCH_NO_WRITE=1,
# BENCH_SESSION_CACHE_MS (1000: A's [server] session_cache_ms; 0 reads the
# session and the reader's parts from PostgreSQL on every request),
# BENCH_PERF=FILE (perf record -g of instance A during the first composed
# run, written to FILE: where a member's request spends its time).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
BIN="${SODAN_BIN:-$ROOT/build/sodan}"
DUR="${BENCH_DURATION:-5s}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
ROUNDS="${BENCH_ROUNDS:-3}"
SCACHE="${BENCH_SESSION_CACHE_MS:-1000}"
DOC="$ROOT/docs/performance.md"
PSQL=/usr/lib/postgresql/15/bin/psql

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN is not built (make)"
command -v wrk >/dev/null || die "wrk is missing (scripts/deps.sh)"
command -v curl >/dev/null || die "curl is missing"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

T="$(mktemp -d /tmp/sdb.XXXXXX)"
SODAN_PID=""
WHOLE_PID=""
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	for p in $SODAN_PID $WHOLE_PID; do
		if kill -0 "$p" 2>/dev/null; then
			kill -TERM "$p" 2>/dev/null || true
			wait "$p" 2>/dev/null || true
		fi
	done
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
printf '[server]\nsession_cache_ms = %s\n' "$SCACHE" >"$T/a.conf"
"$BIN" -c "$T/a.conf" >>"$T/sodan.log" 2>&1 </dev/null &
SODAN_PID=$!
WPORT="$(free_port)"
printf '[server]\ncompose_pages = false\n' >"$T/whole.conf"
SODAN_LISTEN="127.0.0.1:$WPORT" "$BIN" -c "$T/whole.conf" >>"$T/whole.log" 2>&1 </dev/null &
WHOLE_PID=$!
for port in "$SPORT" "$WPORT"; do
	for _ in $(seq 1 300); do
		curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
		kill -0 "$SODAN_PID" 2>/dev/null || die "sodan exited at start"
		kill -0 "$WHOLE_PID" 2>/dev/null || die "sodan (whole) exited at start"
		sleep 0.1
	done
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

RUN="${SODAN_REDIS_URL#unix:}"; RUN="${RUN%/redis.sock}"
q() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$RUN" -U sodan -d sodan -Atc "$1"; }
TOKEN="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
CSRF="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
N="${TID#/t/}"
q "INSERT INTO users (username, username_key, display_name, role, trust_level)
    VALUES ('bench_reader', 'bench_reader', 'Bench reader', 'user', 1)" >/dev/null
q "INSERT INTO sessions (user_id, token_hash, csrf) SELECT id,
    encode(sha256(convert_to('$TOKEN', 'UTF8')), 'hex'), '$CSRF'
    FROM users WHERE username_key = 'bench_reader'" >/dev/null
q "INSERT INTO votes (post_id, user_id) SELECT min(p.id), u.id FROM posts p,
    users u WHERE p.thread_id = $N AND p.kind = 'answer' AND
    u.username_key = 'bench_reader' GROUP BY u.id" >/dev/null
q "INSERT INTO watches (user_id, kind, target, level) SELECT id, 'thread',
    '$N', 'watching' FROM users WHERE username_key = 'bench_reader'" >/dev/null
COOKIE="Cookie: sodan_session=$TOKEN"
curl -fsS -H "$COOKIE" -o "$T/composed.html" -D "$T/composed.h" "http://127.0.0.1:$SPORT$TID" || die "GET $TID (member) failed"
curl -fsS -H "$COOKIE" -o "$T/composed.html" -D "$T/composed.h" "http://127.0.0.1:$SPORT$TID" || die "GET $TID (member) failed"
curl -fsS -H "$COOKIE" -o "$T/whole.html" "http://127.0.0.1:$WPORT$TID" || die "GET $TID (member, whole) failed"
grep -qi '^x-compose: hit' "$T/composed.h" || die "the member's page was not composed: $(cat "$T/composed.h")"
cmp -s "$T/composed.html" "$T/whole.html" || die "composed and whole pages differ"
MEMBER_BYTES="$(stat -c %s "$T/composed.html")"

bench_run() {
	local hdr="${3:-X-Bench: 1}"
	local out="$T/wrk-$(echo "$1" | tr -c 'a-zA-Z0-9\n' '_').txt"
	timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --latency -H "$hdr" "$2" >"$out" 2>&1 ||
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
echo "bench: $(nproc) CPUs (load $LOAD), $LOOPS loops, $APPT app threads, A's session cache $SCACHE ms; wrk -t$THREADS -c$CONNS -d$DUR, $ROUNDS round(s)"
echo "bench: thread $TID (anonymous $THREAD_BYTES bytes, member $MEMBER_BYTES bytes; composed = whole)"
an=(); co=(); wh=()
for r in $(seq 1 "$ROUNDS"); do
	echo " round $r"
	bench_run "anonymous (page cache)" "http://127.0.0.1:$SPORT$TID"; an+=("$RPS"); P99A="$P99"
	PERF_PID=""
	if [ -n "${BENCH_PERF:-}" ] && [ "$r" = 1 ]; then
		perf record -q -g -o "$BENCH_PERF" -p "$SODAN_PID" >/dev/null 2>&1 &
		PERF_PID=$!
	fi
	bench_run "member (composed)" "http://127.0.0.1:$SPORT$TID" "$COOKIE"; co+=("$RPS"); P99C="$P99"
	if [ -n "$PERF_PID" ]; then
		kill -INT "$PERF_PID" 2>/dev/null || true
		wait "$PERF_PID" 2>/dev/null || true
	fi
	bench_run "member (whole)" "http://127.0.0.1:$WPORT$TID" "$COOKIE"; wh+=("$RPS"); P99W="$P99"
	RA="${an[$((r - 1))]}"; RC="${co[$((r - 1))]}"
	echo "  round $r: composed = $(( RC * 100 / (RA > 0 ? RA : 1) )) % of anonymous (load $(cut -d' ' -f1 /proc/loadavg))"
done
AN="$(median "${an[@]}")"; CO="$(median "${co[@]}")"; WH="$(median "${wh[@]}")"
PCT="$(( CO * 100 / (AN > 0 ? AN : 1) ))"
LOAD2="$(cut -d' ' -f1 /proc/loadavg)"
echo "bench: composed = $PCT % of the anonymous cached rate (load $LOAD before, $LOAD2 after)"

[ "${BENCH_NO_WRITE:-0}" = 1 ] && exit 0
CPU="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 - "$DOC" "$(date -u '+%F %H:%M UTC')" "$REV" "$(nproc)" "$CPU" "$LOAD / $LOAD2" "$LOOPS/$APPT" \
    "$ROUNDS" "$AN" "$P99A" "$CO" "$P99C" "$WH" "$P99W" "$PCT %" <<'PY'
import sys
path = sys.argv[1]
row = "| %s |" % " | ".join(sys.argv[2:])
heading = "## Signed-in thread pages, composed (issue 18)"
text = open(path).read()
lines = text.rstrip("\n").split("\n")
if heading not in lines:
    sys.exit("docs/performance.md has no section %r" % heading)
i = lines.index(heading) + 1
j = i
while j < len(lines) and not lines[j].startswith("## "):
    j += 1
# the section's first table (its subsections have tables of their own)
first = next((k for k in range(i, j) if lines[k].startswith("|")), None)
if first is None:
    sys.exit("the section %r has no table" % heading)
last = first
while last + 1 < j and lines[last + 1].startswith("|"):
    last += 1
lines.insert(last + 1, row)
open(path, "w").write("\n".join(lines) + "\n")
PY
echo "bench: appended to docs/performance.md"
