#!/usr/bin/env bash
# bench/deep.sh: deep pages of a category and of a moderator queue, read by
# keyset (docs/operations.md, "Data at scale"), on the generated data set.
# A measurement, bounded in time (wrk under `timeout`), not a test.
#
#   nice -n 19 bench/deep.sh CACHE_DIR   (after `make all build/bench-gen`)
#
# bench/dataset.sh CACHE_DIR builds (once) and copies the data set:
# BENCH_THREADS threads, BENCH_POSTS posts, BENCH_USERS users (10 M posts:
# BENCH_THREADS=1000000 BENCH_POSTS=10000000 BENCH_USERS=200000).  Then every
# tenth post becomes an open item of the held queue (its time the post's),
# a moderator session is made, and build/sodan serves the copy.  wrk -t1
# -cBENCH_CONNECTIONS -dBENCH_DURATION --latency runs against:
#   - the busiest category's first page and the page 90 % down its list
#     (the cursor of that row, as the Older link would carry it);
#   - the held queue's first page and the page 90 % down it (moderator).
# Prints one line per URL: requests/s, p50, p99.  Environment: SODAN_BIN,
# BENCH_DURATION (10s), BENCH_CONNECTIONS (8), and dataset.sh's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
CACHE="${1:?usage: bench/deep.sh CACHE_DIR}"
BIN="${SODAN_BIN:-$ROOT/build/sodan}"
DUR="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-8}"
PSQL=/usr/lib/postgresql/15/bin/psql

die() { echo "deep: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN is not built (make)"
command -v wrk >/dev/null || die "wrk is missing (scripts/deps.sh)"

"$ROOT/bench/dataset.sh" "$CACHE" >/dev/null
RUN="$(cd "$CACHE" && pwd -P)/run"
export SODAN_SECRET_KEY="$(cd "$CACHE" && pwd -P)/keys/sodan.key"
q() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$RUN" -U sodan -d sodan -Atc "$1"; }

t0=$(date +%s)
q "INSERT INTO mod_queue (post_id, kind, score, reasons, created_at)
   SELECT id, 'held', 1, 'bench', created_at FROM posts WHERE id % 10 = 0
   ON CONFLICT DO NOTHING" >/dev/null
q "ANALYZE mod_queue" >/dev/null
echo "deep: $(q "SELECT count(*) FROM mod_queue WHERE state = 'open'") open queue items in $(( $(date +%s) - t0 )) s" >&2

MOD="$(q "SELECT id FROM users WHERE role = 'moderator' ORDER BY id LIMIT 1")"
TOKEN="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
HASH="$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)"
q "INSERT INTO sessions (user_id, token_hash, csrf, mfa_at)
   VALUES ($MOD, '$HASH', 'bench', now())" >/dev/null

read -r CAT SLUG N <<<"$(q "SELECT c.id, c.slug, count(*) FROM categories c
   JOIN threads t ON t.category_id = c.id AND t.visible GROUP BY c.id
   ORDER BY count(*) DESC LIMIT 1" | tr '|' ' ')"
# The key of the row 90 % down each list: the cursor its Older link carries
# (lib/cursor.c: "o", the keys, the FNV-1a check).
cursor() {
	python3 - "$@" <<'EOF'
import sys
body = "o." + ".".join(sys.argv[1:])
h = 2166136261
for b in body.encode():
    h = ((h ^ b) * 16777619) & 0xffffffff
print("%s.%08x" % (body, h))
EOF
}
read -r P AT ID <<<"$(q "SELECT pinned::int, (extract(epoch FROM
   last_activity_at) * 1000000)::bigint, id FROM threads WHERE visible AND
   category_id = $CAT ORDER BY pinned DESC, last_activity_at DESC, id DESC
   OFFSET $((N * 9 / 10)) LIMIT 1" | tr '|' ' ')"
CAT_DEEP="/c/$SLUG?at=$(cursor "$P" "$AT" "$ID")"
NQ="$(q "SELECT count(*) FROM mod_queue WHERE state = 'open' AND kind = 'held'")"
read -r QAT QID <<<"$(q "SELECT (extract(epoch FROM created_at) * 1000000)::bigint,
   id FROM mod_queue WHERE state = 'open' AND kind = 'held'
   ORDER BY created_at, id OFFSET $((NQ * 9 / 10)) LIMIT 1" | tr '|' ' ')"
Q_DEEP="/mod/queue/held?category=&lang=&reason=&at=$(cursor "$QAT" "$QID")"

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
LOG="$CACHE/deep-sodan.log"
SODAN_PID=""
cleanup() {
	if [ -n "$SODAN_PID" ] && kill -0 "$SODAN_PID" 2>/dev/null; then
		kill -TERM "$SODAN_PID" 2>/dev/null || true
		wait "$SODAN_PID" 2>/dev/null || true
	fi
}
trap cleanup EXIT
SODAN_DATABASE_URL="host=$RUN dbname=sodan user=sodan" \
SODAN_REDIS_URL="unix:$RUN/redis.sock" SODAN_LISTEN="127.0.0.1:$PORT" \
SODAN_LIMITS="$ROOT/tests/http/limits.conf" "$BIN" >"$LOG" 2>&1 </dev/null &
SODAN_PID=$!
for _ in $(seq 1 100); do
	curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
	kill -0 "$SODAN_PID" 2>/dev/null || die "sodan exited at start ($LOG)"
	sleep 0.1
done

echo "deep: $(q "SELECT count(*) FROM posts") posts, $(q "SELECT count(*) FROM threads") threads, $(q "SELECT count(*) FROM users") users; category $SLUG: $N threads; held queue: $NQ items"
echo "deep: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1 /proc/loadavg)"
run() {	# run NAME PATH [COOKIE]
	local name="$1" path="$2" out st
	st="$(curl -s -o /dev/null -w '%{http_code}' ${3:+-H "Cookie: sodan_session=$3"} "http://127.0.0.1:$PORT$path")"
	[ "$st" = 200 ] || die "$name: $path answered $st"
	out="$(timeout 120 wrk -t1 -c"$CONNS" -d"$DUR" --latency \
	    ${3:+-H "Cookie: sodan_session=$3"} "http://127.0.0.1:$PORT$path")"
	printf '%-22s %9s req/s  p50 %9s  p99 %9s\n' "$name" \
	    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
	    "$(awk '$1 == "50%" {print $2}' <<<"$out")" \
	    "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}
# A query string keeps every request off the page cache (dynamic path).
run "category, first page" "/c/$SLUG?sort=active"
run "category, 90 % deep" "$CAT_DEEP"
run "held queue, first" "/mod/queue/held" "$TOKEN"
run "held queue, 90 % deep" "$Q_DEEP" "$TOKEN"
