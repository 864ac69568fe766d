#!/usr/bin/env bash
# bench/static.sh: static assets, sodan vs nginx, and serving with PostgreSQL
# stopped.  Not a test: a measurement, appended to docs/performance.md under
# "Static assets vs nginx".
#
#   bench/static.sh            (after `make`: uses build/sodan, the optimized build)
#
# 1. starts PostgreSQL + Redis in a throw-away directory, migrates, loads the
#    demo, and runs build/sodan on a free loopback port;
# 2. fetches the stylesheet that / links to from sodan and puts the same bytes,
#    under the same path, into the root of an nginx (nginx-light, generated
#    config from bench/nginx.conf.in, as many workers as sodan has loops) on
#    another free loopback port;
# 3. wrk -t2 -c64 -d10s against the asset on each, then against / on sodan
#    (the cached anonymous page);
# 4. stops PostgreSQL and runs wrk against the asset and / again.
#
# Environment: SODAN_BIN (build/sodan), BENCH_DURATION (10s),
# BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_ROUNDS (3: each figure is
# the median of that many interleaved runs, as other work on the machine makes
# single runs noisy), BENCH_NO_WRITE=1 to print only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
BIN="${SODAN_BIN:-$ROOT/build/sodan}"
DUR="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
ROUNDS="${BENCH_ROUNDS:-3}"
DOC="$ROOT/docs/performance.md"

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN is not built (make)"
command -v wrk >/dev/null || die "wrk is missing (scripts/deps.sh)"
command -v nginx >/dev/null || die "nginx is missing (scripts/deps.sh installs nginx-light)"
command -v curl >/dev/null || die "curl is missing"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

T="$(mktemp -d /tmp/sdb.XXXXXX)"
SODAN_PID=""
NGINX_PID=""

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$SODAN_PID" ] && kill -0 "$SODAN_PID" 2>/dev/null; then
		kill -TERM "$SODAN_PID" 2>/dev/null || true
		wait "$SODAN_PID" 2>/dev/null || true
	fi
	if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
		kill -QUIT "$NGINX_PID" 2>/dev/null || true
		wait "$NGINX_PID" 2>/dev/null || true
	fi
	"$ROOT/scripts/stack.sh" stop "$T" >/dev/null 2>&1 || true
	if [ "$rc" -ne 0 ] && [ -f "$T/sodan.log" ]; then
		echo "bench: sodan log (last lines):" >&2
		tail -n 20 "$T/sodan.log" >&2 || true
	fi
	rm -rf "$T"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the stack and sodan --------------------------------------------------------

SODAN_STACK_THROWAWAY=1 "$ROOT/scripts/stack.sh" start "$T" >"$T/stack.log" 2>&1 ||
	{ cat "$T/stack.log" >&2; die "could not start PostgreSQL and Redis"; }
eval "$("$ROOT/scripts/stack.sh" env "$T")"
export SODAN_DATABASE_URL SODAN_REDIS_URL
SPORT="$(free_port)"
export SODAN_LISTEN="127.0.0.1:$SPORT"

"$BIN" migrate >>"$T/sodan.log" 2>&1 || die "sodan migrate failed"
"$BIN" demo >>"$T/sodan.log" 2>&1 || die "sodan demo failed"
"$BIN" >>"$T/sodan.log" 2>&1 </dev/null &
SODAN_PID=$!
for _ in $(seq 1 100); do
	curl -fsS -o /dev/null "http://127.0.0.1:$SPORT/healthz" 2>/dev/null && break
	kill -0 "$SODAN_PID" 2>/dev/null || die "sodan exited at start"
	sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$SPORT/healthz" || die "sodan does not answer"
LOOPS="$(sed -n 's/.*listening on .* (\([0-9]*\) loops.*/\1/p' "$T/sodan.log" | tail -n 1)"
LOOPS="${LOOPS:-$(nproc)}"

# The anonymous home page (this request also fills the page cache) and the
# stylesheet it links to.
curl -fsS -o "$T/home.html" "http://127.0.0.1:$SPORT/" || die "GET / failed"
ASSET="$(grep -o '<link[^>]*rel="stylesheet"[^>]*>' "$T/home.html" |
	grep -o 'href="/assets/[^"]*"' | head -n 1 | sed 's/^href="//; s/"$//')"
[ -n "$ASSET" ] || die "no stylesheet link in /"
mkdir -p "$T/nginx/root$(dirname "$ASSET")" "$T/nginx/tmp"
curl -fsS -o "$T/nginx/root$ASSET" "http://127.0.0.1:$SPORT$ASSET" || die "GET $ASSET failed"
ASSET_BYTES="$(stat -c %s "$T/nginx/root$ASSET")"
HOME_BYTES="$(stat -c %s "$T/home.html")"

# --- nginx ------------------------------------------------------------------------

NPORT="$(free_port)"
NUSER=""
[ "$(id -u)" -eq 0 ] && NUSER="user root;"	# workers must read files under $T (mode 700)
sed -e "s|@PREFIX@|$T/nginx|g" -e "s|@ROOT@|$T/nginx/root|g" \
    -e "s|@PORT@|$NPORT|g" -e "s|@WORKERS@|$LOOPS|g" -e "s|@USER@|$NUSER|g" \
    "$ROOT/bench/nginx.conf.in" >"$T/nginx/nginx.conf"
nginx -t -q -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" -p "$T/nginx" ||
	die "nginx rejects the generated configuration"
nginx -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" -p "$T/nginx" </dev/null &
NGINX_PID=$!
for _ in $(seq 1 50); do
	curl -fsS -o /dev/null "http://127.0.0.1:$NPORT$ASSET" 2>/dev/null && break
	sleep 0.1
done
curl -fsS -o "$T/from-nginx" "http://127.0.0.1:$NPORT$ASSET" || die "nginx does not serve $ASSET"
cmp -s "$T/from-nginx" "$T/nginx/root$ASSET" || die "nginx serves other bytes"

# --- measurements -------------------------------------------------------------------

# bench_run NAME URL: wrk, bounded in time; sets RPS and ERRS.
bench_run() {
	local out="$T/wrk-$(echo "$1" | tr -c 'a-zA-Z0-9\n' '_').txt"
	timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --latency "$2" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk failed on $2"; }
	RPS="$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$out")"
	ERRS="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
	ERRS="${ERRS:-0}"
	local sockerr
	sockerr="$(grep -o 'Socket errors:.*' "$out" || true)"
	local p99
	p99="$(awk '$1 == "99%" { print $2 }' "$out")"
	printf '  %-34s %8s req/s  p99 %-8s non-2xx %s %s\n' "$1" "$RPS" "$p99" "$ERRS" "$sockerr"
	[ "$ERRS" = 0 ] || echo "  warning: $ERRS responses were not 2xx" >&2
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

LOAD="$(cut -d' ' -f1 /proc/loadavg)"
echo "bench: $(nproc) CPUs (load $LOAD), $LOOPS sodan loops / nginx workers; wrk -t$THREADS -c$CONNS -d$DUR, $ROUNDS rounds, medians"
echo "bench: asset $ASSET ($ASSET_BYTES bytes), / ($HOME_BYTES bytes)"
sa=(); na=(); sh=()
for r in $(seq 1 "$ROUNDS"); do
	echo " round $r"
	bench_run "sodan asset" "http://127.0.0.1:$SPORT$ASSET";  sa+=("$RPS")
	bench_run "nginx asset" "http://127.0.0.1:$NPORT$ASSET";  na+=("$RPS")
	bench_run "sodan / (cached)" "http://127.0.0.1:$SPORT/";  sh+=("$RPS")
done
S_ASSET="$(median "${sa[@]}")"; N_ASSET="$(median "${na[@]}")"; S_HOME="$(median "${sh[@]}")"

"$ROOT/scripts/stack.sh" stop-pg "$T" >/dev/null
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SPORT/healthz")"
[ "$code" = 503 ] || echo "bench: warning: /healthz answers $code with PostgreSQL stopped" >&2
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SPORT/")"
[ "$code" = 200 ] || die "/ answers $code with PostgreSQL stopped"
echo "bench: PostgreSQL stopped"
sad=(); shd=(); DOWN_ERRS=0
for r in $(seq 1 "$ROUNDS"); do
	echo " round $r"
	bench_run "sodan asset, PostgreSQL down" "http://127.0.0.1:$SPORT$ASSET"; sad+=("$RPS")
	DOWN_ERRS=$((DOWN_ERRS + ERRS))
	bench_run "sodan / (cached), PostgreSQL down" "http://127.0.0.1:$SPORT/"; shd+=("$RPS")
	DOWN_ERRS=$((DOWN_ERRS + ERRS))
done
S_ASSET_DOWN="$(median "${sad[@]}")"; S_HOME_DOWN="$(median "${shd[@]}")"

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
RATIO="$(pct "$S_ASSET" "$N_ASSET")"
echo "bench: sodan/nginx on the asset: $RATIO (target >= 90%)"
echo "bench: PostgreSQL down: asset $(pct "$S_ASSET_DOWN" "$S_ASSET") and / $(pct "$S_HOME_DOWN" "$S_HOME") of the rate with it up"
[ "$DOWN_ERRS" = 0 ] || echo "bench: warning: $DOWN_ERRS non-2xx responses while PostgreSQL was down" >&2

# --- docs/performance.md ------------------------------------------------------------

[ "${BENCH_NO_WRITE:-0}" = 1 ] && exit 0
CPU="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git -C "$ROOT" diff --quiet HEAD -- app 2>/dev/null; then
	REV="$REV+dirty"
fi
ROW="| $(date -u +%Y-%m-%d) | $REV | $(nproc) | ${CPU:-unknown} | $LOAD | $LOOPS | $ASSET_BYTES | $S_ASSET | $N_ASSET | $RATIO | $S_HOME | $S_ASSET_DOWN | $S_HOME_DOWN |"
python3 - "$DOC" "$ROW" "$THREADS" "$CONNS" "$DUR" "$ROUNDS" <<'PY'
import os, sys
path, row, threads, conns, dur, rounds = sys.argv[1:]
heading = "## Static assets vs nginx"
intro = (
    "Measured by `bench/static.sh` (wrk -t%s -c%s -d%s on loopback; requests/s, "
    "the median of %s interleaved runs; \"load\" is the 1-minute load average "
    "before the runs, as other work on the machine moves the figures). "
    "The asset is the stylesheet `/` links to, served by sodan from memory and by "
    "nginx (nginx-light, as many workers as sodan has loops, sendfile, open-file "
    "cache) from a file with the same bytes; both write an access-log line per "
    "request. \"/ cached\" is the anonymous home page from sodan's page cache. The "
    "last two columns are measured with PostgreSQL stopped.\n" % (threads, conns, dur, rounds))
header = ("| date | commit | nproc | CPU | load | loops | asset bytes | sodan asset | "
          "nginx asset | sodan/nginx | sodan / cached | asset, PG down | "
          "/ cached, PG down |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
text = open(path).read() if os.path.exists(path) else "# Performance\n"
lines = text.rstrip("\n").split("\n")
if heading not in lines:
    lines += ["", heading, "", intro, header, row]
else:
    i = lines.index(heading) + 1
    # the end of this section: the next heading of level 1 or 2, or the end
    j = i
    while j < len(lines) and not (lines[j].startswith("# ") or lines[j].startswith("## ")):
        j += 1
    last_row = max((k for k in range(i, j) if lines[k].startswith("|")), default=None)
    if last_row is None:
        lines[j:j] = ["", header, row]
    else:
        lines.insert(last_row + 1, row)
open(path, "w").write("\n".join(lines) + "\n")
PY
echo "bench: appended to docs/performance.md"
