#!/usr/bin/env bash
# bench/app.sh: sodan's scenarios on a data set of 100,000 threads and
# 1,000,000 posts, each at 16, 64 and 256 connections, with nginx serving
# the thread page's bytes as a static file beside them.  Not a test: a
# measurement, written to docs/performance.md under "Scenarios".
#
#   bench/app.sh          (after `make all build/bench-gen`; `make bench` runs it)
#
# 1. bench/dataset.sh: the data set, generated once and cached in
#    BENCH_CACHE (/tmp/sodan-bench: a private PostgreSQL + Redis, durability
#    off); every run re-creates the database `sodan` from the cached
#    template, so runs start from the same rows;
# 2. a session row for the user `bench` (cookie and CSRF token known to the
#    script), Redis flushed, build/sodan started on a free loopback port;
# 3. nginx-light (bench/nginx.conf.in, as many workers as sodan has loops)
#    serves the anonymous thread page's bytes from a file;
# 4. every scenario × connection count, wrk -t2 -dBENCH_DURATION, in
#    BENCH_ROUNDS interleaved rounds; each cell is the run with the median
#    requests/s (its p50/p95/p99 beside it).  The server's peak RSS per
#    scenario: VmHWM, reset before each scenario (clear_refs 5).
#
# PostgreSQL runs with shared_buffers = BENCH_PG_SHARED_BUFFERS (2GB): the
# 3 GB data set's search documents and indexes fit, as they would on a
# production server sized to its data (make run and the tests keep 64MB).
#
# Environment: BENCH_CACHE, BENCH_DURATION (6s), BENCH_ROUNDS (3),
# BENCH_CONNS ("16 64 256"), BENCH_ONLY (space-separated scenario names),
# BENCH_NO_WRITE=1 to print only, BENCH_PERF=1 to record a profile of each
# scenario's first round (perf -a, cpu-clock, the whole machine by process:
# build/perf/SCENARIO.txt; sodan's threads' and PostgreSQL's wait states,
# bench/waits.py: build/perf/SCENARIO.waits.txt),
# SODAN_BIN.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
BIN="${SODAN_BIN:-$ROOT/build/sodan}"
CACHE="${BENCH_CACHE:-/tmp/sodan-bench}"
DUR="${BENCH_DURATION:-6s}"
ROUNDS="${BENCH_ROUNDS:-3}"
CONNS="${BENCH_CONNS:-16 64 256}"
# conns_of SCENARIO: its connection counts; search also runs with one
# client, for the latency of a search that waits for no other
conns_of() {
	if [ "$1" = search ]; then echo "1 $CONNS"; else echo "$CONNS"; fi
}
DOC="$ROOT/docs/performance.md"
PSQL=/usr/lib/postgresql/15/bin/psql
START=$(date +%s)

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN is not built (make)"
command -v wrk >/dev/null || die "wrk is missing (scripts/deps.sh)"
command -v nginx >/dev/null || die "nginx is missing (scripts/deps.sh installs nginx-light)"

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

# --- data set, session, sodan ----------------------------------------------------

export SODAN_PG_SHARED_BUFFERS="${BENCH_PG_SHARED_BUFFERS:-2GB}"
TPL="$(bench/dataset.sh "$CACHE" | tail -n 1)"
eval "$("$ROOT/scripts/stack.sh" env "$CACHE")"
export SODAN_DATABASE_URL SODAN_REDIS_URL
RUN="${SODAN_REDIS_URL#unix:}"; RUN="${RUN%/redis.sock}"
q() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$RUN" -U sodan -d sodan -Atc "$1"; }
redis-cli -s "$RUN/redis.sock" flushall >/dev/null

T0="$(q "SELECT v FROM bench_meta WHERE k = 'first_thread'")"
NT="$(q "SELECT v FROM bench_meta WHERE k = 'threads'")"
NP_ROWS="$(q "SELECT count(*) FROM posts")"
TOKEN="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
CSRF="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
q "INSERT INTO sessions (user_id, token_hash, csrf) SELECT id,
    encode(sha256(convert_to('$TOKEN', 'UTF8')), 'hex'), '$CSRF'
    FROM users WHERE username_key = 'bench'" >/dev/null
COOKIE="sodan_session=$TOKEN"

export SODAN_LIMITS="$ROOT/bench/limits.conf"
SPORT="$(free_port)"
export SODAN_LISTEN="127.0.0.1:$SPORT"
start_sodan() {
	"$BIN" >>"$T/sodan.log" 2>&1 </dev/null &
	SODAN_PID=$!
	for _ in $(seq 1 300); do
		curl -fsS -o /dev/null "http://127.0.0.1:$SPORT/healthz" 2>/dev/null && break
		kill -0 "$SODAN_PID" 2>/dev/null || die "sodan exited at start"
		sleep 0.1
	done
	curl -fsS -o /dev/null "http://127.0.0.1:$SPORT/healthz" || die "sodan does not answer"
}
start_sodan
LOOPS="$(sed -n 's/.*listening on .* (\([0-9]*\) loops.*/\1/p' "$T/sodan.log" | tail -n 1)"
LOOPS="${LOOPS:-$(nproc)}"
S="http://127.0.0.1:$SPORT"

# --- the thread page's bytes under nginx ----------------------------------------------

TPATH="/t/$T0"
curl -fsS -o "$T/thread.html" "$S$TPATH" || die "GET $TPATH failed"
ANS="$(grep -o 'data-kind="\(answer\|official\)"' "$T/thread.html" | wc -l || true)"
TBYTES="$(stat -c %s "$T/thread.html")"
mkdir -p "$T/nginx/root/t" "$T/nginx/tmp"
cp "$T/thread.html" "$T/nginx/root$TPATH"
NPORT="$(free_port)"
NUSER=""
[ "$(id -u)" -eq 0 ] && NUSER="user root;"
sed -e "s|@PREFIX@|$T/nginx|g" -e "s|@ROOT@|$T/nginx/root|g" \
    -e "s|@PORT@|$NPORT|g" -e "s|@WORKERS@|$LOOPS|g" -e "s|@USER@|$NUSER|g" \
    "$ROOT/bench/nginx.conf.in" >"$T/nginx/nginx.conf"
nginx -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" -p "$T/nginx" </dev/null &
NGINX_PID=$!
for _ in $(seq 1 50); do
	curl -fsS -o /dev/null "http://127.0.0.1:$NPORT$TPATH" 2>/dev/null && break
	sleep 0.1
done
curl -fsS -o "$T/from-nginx" "http://127.0.0.1:$NPORT$TPATH" || die "nginx does not serve $TPATH"
cmp -s "$T/from-nginx" "$T/thread.html" || die "nginx serves other bytes"

# --- scenarios ------------------------------------------------------------------------

# Paths per scenario.
echo "$TPATH" >"$T/p-thread"
q "SELECT '/c/' || slug FROM categories ORDER BY id" >"$T/p-category"
python3 - "$T/p-search" <<'PY'
import sys, urllib.parse
terms = ["送金", "二段階認証", "出金 手数料", "本人確認", "ネットワーク 間違え",
         "withdrawal", "API key", "rate limit", "bank transfer", "2FA phone"]
with open(sys.argv[1], "w") as f:
    for t in terms:
        f.write("/search?q=" + urllib.parse.quote(t) + "\n")
PY
# the JSON API of a thread, if the route exists; else what /api/v1 has
API_NOTE=""
if curl -fsS -o /dev/null "$S/api/v1/threads/$T0" 2>/dev/null; then
	echo "/api/v1/threads/$T0" >"$T/p-api"
	API_NAME="thread JSON (/api/v1/threads/:id)"
else
	echo "/api/v1/categories" >"$T/p-api"
	API_NAME="/api/v1/categories (no thread JSON route yet)"
	API_NOTE="The thread JSON endpoint (/api/v1/threads/:id) was not on main when this ran; the API row measures /api/v1/categories."
fi
# answers go to 10,000 other threads in turn (a thread's page is read back
# on every answer, so one thread would grow without bound)
q "SELECT '/t/' || id || '/answer' FROM threads WHERE id >= $T0 + 1000
    AND status = 'open' AND visible ORDER BY id LIMIT 10000" >"$T/p-answer"
# the answers' texts: 400 answers of the data set itself (Japanese and
# English Markdown, form-encoded, one per line), so the benchmark's new
# posts are like the others (length, words, filters, search documents);
# scenario.lua appends a counter to each
"$PSQL" -X -q -h "$RUN" -U sodan -d sodan -At -R $'\x1e' -c "SELECT body_md
    FROM posts WHERE kind = 'answer' AND id % 2477 = 0 ORDER BY id LIMIT 400" |
    python3 -c 'import sys, urllib.parse
for b in sys.stdin.read().split("\x1e"):
    if b.strip():
        print(urllib.parse.quote_plus(b))' >"$T/p-bodies"
export BENCH_BODIES="$T/p-bodies"

SCEN_ALL="nginx thread signed category api answer search"
SCEN="${BENCH_ONLY:-$SCEN_ALL}"
declare -A NAME=(
	[nginx]="nginx: the thread page's bytes, static"
	[thread]="anonymous thread page ($ANS answers, page cache)"
	[signed]="signed-in thread page"
	[category]="category list page (/c/:slug)"
	[search]="search (5 Japanese, 5 English queries)"
	[api]="$API_NAME"
	[answer]="create an answer (signed in, CSRF, filters, PostgreSQL)"
)

LOAD0="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: $(nproc) CPUs (load $LOAD0), $LOOPS loops; data set $TPL ($NT threads, $NP_ROWS posts)"
echo "bench: thread page $TPATH ($TBYTES bytes, $ANS answers); wrk -t2 -d$DUR, $ROUNDS rounds, connections: $CONNS"

# run SCEN CONNS: one wrk run; appends "rps p50 p95 p99 non2xx sockerr" to $T/r-SCEN-CONNS
run() {
	local sc="$1" c="$2" url="$S" out="$T/w.txt"
	local -a env=(BENCH_PATHS="$T/p-$sc")
	case "$sc" in
	nginx)	url="http://127.0.0.1:$NPORT"; env=(BENCH_PATHS="$T/p-thread") ;;
	thread) ;;
	signed)	env=(BENCH_PATHS="$T/p-thread" BENCH_COOKIE="$COOKIE") ;;
	answer)	env+=(BENCH_METHOD=POST BENCH_COOKIE="$COOKIE" BENCH_CSRF="$CSRF") ;;
	esac
	env "${env[@]}" timeout 120 wrk -t"$([ "$c" -lt 2 ] && echo 1 || echo 2)" \
	    -c"$c" -d"$DUR" --timeout 5s \
	    -s "$ROOT/bench/scenario.lua" "$url" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk failed ($sc, $c)"; }
	local line
	line="$(grep '^BENCH ' "$out" | tail -n 1)"
	[ -n "$line" ] || { cat "$out" >&2; die "no result from wrk ($sc, $c)"; }
	echo "$line" | sed 's/[a-z0-9]*=//g; s/^BENCH //' >>"$T/r-$sc-$c"
	printf '  %-8s c=%-3s %s\n' "$sc" "$c" "${line#BENCH }"
}

# settle: wait (up to 60 s) until sodan answers /healthz again, so that one
# scenario's backlog (slow searches still queued) does not count against
# the next.
settle() {
	local i
	for i in $(seq 1 30); do
		curl -fsS -m 2 -o /dev/null "$S/healthz" 2>/dev/null && return 0
		sleep 1
	done
	echo "bench: warning: sodan still busy 30 s after a scenario" >&2
}
hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$SODAN_PID/status"; }
reset_hwm() { echo 5 >"/proc/$SODAN_PID/clear_refs" 2>/dev/null || true; }
declare -A PEAK=()
for sc in $SCEN; do PEAK[$sc]=0; done
for r in $(seq 1 "$ROUNDS"); do
	echo " round $r (load $(cut -d' ' -f1 /proc/loadavg))"
	for sc in $SCEN; do
		reset_hwm
		PERF_PID=""
		WAITS_PID=""
		if [ "${BENCH_PERF:-0}" = 1 ] && [ "$r" = 1 ] && [ "$sc" != nginx ]; then
			# the whole machine (sodan, PostgreSQL, Redis, wrk and
			# whatever else runs), by process, library and symbol;
			# and where sodan's threads and the backends wait
			mkdir -p "$ROOT/build/perf"
			perf record -q -F 499 -a -g \
			    -o "$ROOT/build/perf/$sc.data" >/dev/null 2>&1 &
			PERF_PID=$!
			python3 "$ROOT/bench/waits.py" "$SODAN_PID" "$RUN" \
			    "$ROOT/build/perf/$sc.waits.txt" &
			WAITS_PID=$!
		fi
		for c in $(conns_of "$sc"); do
			run "$sc" "$c"
			[ "$sc" != nginx ] && settle
		done
		if [ -n "$PERF_PID" ]; then
			kill -INT "$PERF_PID" "$WAITS_PID" 2>/dev/null || true
			wait "$PERF_PID" "$WAITS_PID" 2>/dev/null || true
			prep() {	# prep SORT LINES: the top of a flat report
				perf report -q --stdio --no-children -g none \
				    --sort "$1" -i "$ROOT/build/perf/$sc.data" \
				    2>/dev/null | grep '%' |
				    sed -E 's/ +- +- *$//; s/ +$//' | head -n "$2" || true
			}
			{
				echo "by process (comm):"
				prep comm 15
				echo
				echo "by process, library, symbol:"
				prep comm,dso,symbol 40
			} >"$ROOT/build/perf/$sc.txt"
			echo "  profile: build/perf/$sc.txt, build/perf/$sc.waits.txt"
		fi
		h="$(hwm)"
		[ "$sc" = nginx ] && h=0
		[ "$h" -gt "${PEAK[$sc]}" ] && PEAK[$sc]=$h
	done
done
LOAD1="$(cut -d' ' -f1-3 /proc/loadavg)"
HWM_ALL="$(hwm)"
HELD="$(q "SELECT count(*) FILTER (WHERE state <> 'visible') || '/' || count(*)
    FROM posts p JOIN users u ON u.id = p.author_id WHERE u.username_key = 'bench'")"
grep -c ' 500 \| 503 ' "$T/sodan.log" >/dev/null 2>&1 || true

# --- the table ----------------------------------------------------------------------------

# cell SCEN CONNS: "rps|p50|p95|p99|errors" of the median-rps run
cell() {
	sort -n -k1,1 "$T/r-$1-$2" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'
}
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
N_RPS_64=""
TABLE="$T/table.md"
{
	echo "| scenario | conns | req/s | p50 ms | p95 ms | p99 ms | errors (non-2xx/3xx + socket) | peak RSS MB |"
	echo "|---|---|---|---|---|---|---|---|"
	for sc in $SCEN; do
		for c in $(conns_of "$sc"); do
			read -r rps p50 p95 p99 n2 se nreq <<<"$(cell "$sc" "$c")"
			if [ "${nreq:-0}" = 0 ]; then
				echo "| ${NAME[$sc]} | $c | 0 | – | – | – | no request completed in $DUR | – |"
				continue
			fi
			[ "$sc" = nginx ] && [ "$c" = 64 ] && N_RPS_64="$rps"
			rss="$(awk -v k="${PEAK[$sc]}" 'BEGIN { printf "%.1f", k / 1024 }')"
			[ "$sc" = nginx ] && rss="–"
			# every response an error (search: 503 busy or timed
			# out): the rate and latencies are of error replies
			if [ "$((n2 + se))" -ge "$nreq" ]; then
				echo "| ${NAME[$sc]} | $c | 0 ok ($rps errors/s) | $(ms "$p50") | $(ms "$p95") | $(ms "$p99") | $n2 + $se: every response (latencies are of the errors) | $rss |"
				continue
			fi
			echo "| ${NAME[$sc]} | $c | $rps | $(ms "$p50") | $(ms "$p95") | $(ms "$p99") | $n2 + $se | $rss |"
		done
	done
} >"$TABLE"
RATIO="n/a"
if [ -n "$N_RPS_64" ] && [ -f "$T/r-thread-64" ]; then
	read -r trps _ <<<"$(cell thread 64)"
	RATIO="$(awk -v a="$trps" -v b="$N_RPS_64" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
fi
cat "$TABLE"
echo "bench: anonymous thread page / nginx, same bytes, 64 connections: $RATIO"
echo "bench: server peak RSS over the whole run: $(awk -v k="$HWM_ALL" 'BEGIN { printf "%.1f MB", k / 1024 }') (the last scenario's VmHWM; per-scenario peaks in the table)"
echo "bench: answers by the bench user not published (held/private): $HELD"
echo "bench: load before $LOAD0, after $LOAD1; took $(( $(date +%s) - START )) s"

[ "${BENCH_NO_WRITE:-0}" = 1 ] && exit 0
CPU="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$ROOT" diff --quiet HEAD -- app 2>/dev/null || REV="$REV+dirty"
{
	echo "### $(date -u '+%Y-%m-%d %H:%M UTC'), commit $REV"
	echo
	echo "$(nproc) CPUs ($CPU); 1-minute load average $LOAD0 before, $LOAD1 after (whatever else ran on the machine included). $LOOPS sodan loops, 8 app threads; wrk -t2 -d$DUR on loopback (wrk runs on the same 2 cores); each cell is the median-requests/s run of $ROUNDS interleaved rounds. Data set $TPL: $NT threads, $NP_ROWS posts. Thread page $TPATH: $TBYTES bytes, $ANS answers, sent uncompressed (wrk sends no Accept-Encoding). $API_NOTE"
	echo
	echo "Headline: anonymous thread page at 64 connections = **$RATIO** of nginx serving the same bytes as a static file."
	echo
	cat "$TABLE"
	echo
	echo "Answers by the bench user held or private after the run: $HELD. Whole \`make bench\` scenario run: $(( $(date +%s) - START )) s."
} >"$T/section.md"
python3 - "$DOC" "$T/section.md" <<'PY'
import os, sys
path, sec = sys.argv[1:]
heading = "## Scenarios (make bench)"
intro = ("Measured by `bench/app.sh` (`make bench`). The figures were taken on a shared, "
         "loaded 2-core machine (other engineers' builds and tests ran at the same time; "
         "the load average is given with each table): read them as orders of magnitude "
         "and ratios, not as absolute capacity. Newest run first.")
text = open(path).read() if os.path.exists(path) else "# Performance\n"
new = open(sec).read().rstrip("\n")
lines = text.rstrip("\n").split("\n")
if heading not in lines:
    lines += ["", heading, "", intro, "", new]
else:
    i = lines.index(heading) + 1
    while i < len(lines) and not lines[i].startswith("### ") and not lines[i].startswith("## "):
        i += 1
    lines[i:i] = new.split("\n") + [""]
open(path, "w").write("\n".join(lines) + "\n")
PY
echo "bench: written to docs/performance.md"
