#!/usr/bin/env bash
# bench/deep.sh: deep pages of every list read by keyset (docs/operations.md,
# "Data at scale"), on the generated data set.  A measurement, bounded in
# time (wrk under `timeout`), not a test.
#
#   nice -n 19 bench/deep.sh CACHE_DIR   (after `make all build/bench-gen`)
#
# bench/dataset.sh CACHE_DIR builds (once) and copies the data set:
# BENCH_THREADS threads, BENCH_POSTS posts, BENCH_USERS users.  10 M posts:
# BENCH_SHAPE=scale BENCH_THREADS=1000000 BENCH_POSTS=10000000
# BENCH_USERS=200000 BENCH_TEMPLATE=0 BENCH_SEARCH=0 (docs/performance.md,
# "Data at scale").  The v1 data set has no queues: every tenth post then
# becomes an open item of the held queue; the scale one has its own held
# and flagged queues, notifications and support cases.  Sessions are made
# for a moderator, a staff member and the member "bench", and build/sodan
# serves the data set.  wrk -t1 -cBENCH_CONNECTIONS -dBENCH_DURATION, run
# BENCH_RUNS times (3) each, against:
#   - the busiest category, "active": page 1, 1,000, 10,000 (when it has
#     them), 90 % down and the last page (the cursor of the row before
#     each, as the Older link would carry it);
#   - the held and flagged queues, first page and 90 % down (moderator);
#     the held queue filtered by the busiest category (first, 90 % down)
#     and by a rare reason, the flagged queue by a flag's reason;
#   - the busiest tag, first page and page 1,000 (or 90 % down);
#   - the rarest tag on 100 threads or more, first page and 90 % down;
#   - the answers of the member who answered most, first and 90 % down;
#   - the staff desk's waiting questions, first page and after 10,000;
#   - the notifications of "bench", first page and 90 % down.
# Prints one line per URL and run: requests/s, p50, p95, p99 (wrk's Lua
# "done" hook), non-2xx answers and the load average.  Environment:
# SODAN_BIN, BENCH_DURATION (10s), BENCH_CONNECTIONS (8), BENCH_RUNS (3),
# and dataset.sh's.
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
# The v1 data set has no queues: every tenth post becomes an open held
# item.  The scale data set (BENCH_SHAPE=scale) has its own held and
# flagged queues, written from the posts' states.
if [ "$(q "SELECT count(*) > 0 FROM bench_meta WHERE k = 'dataset' AND
    v LIKE '%\_scale\_%'")" != t ]; then
	q "INSERT INTO mod_queue (post_id, kind, score, reasons, created_at)
	   SELECT id, 'held', 1, 'bench', created_at FROM posts WHERE id % 10 = 0
	   ON CONFLICT DO NOTHING" >/dev/null
	q "ANALYZE mod_queue" >/dev/null
fi
echo "deep: $(q "SELECT count(*) FROM mod_queue WHERE state = 'open'") open queue items in $(( $(date +%s) - t0 )) s" >&2

session() {	# session USER_ID: a session token for that user
	local token hash
	token="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
	hash="$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)"
	q "INSERT INTO sessions (user_id, token_hash, csrf, mfa_at)
	   VALUES ($1, '$hash', 'bench', now())" >/dev/null
	echo "$token"
}
TOKEN="$(session "$(q "SELECT id FROM users WHERE role = 'moderator' ORDER BY id LIMIT 1")")"
STAFF_TOKEN="$(session "$(q "SELECT id FROM users WHERE role = 'staff' ORDER BY id LIMIT 1")")"
BENCH_UID="$(q "SELECT id FROM users WHERE username_key = 'bench'")"
MEMBER_TOKEN="$(session "$BENCH_UID")"

read -r CAT SLUG N <<<"$(q "SELECT c.id, c.slug, count(*) FROM categories c
   JOIN threads t ON t.category_id = c.id AND t.visible GROUP BY c.id
   ORDER BY count(*) DESC LIMIT 1" | tr '|' ' ')"
# The key of a row of a list: the cursor its Older link carries
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
key() {	# key SQL: the cursor of the row SQL selects (its key columns)
	local k
	k="$(q "$1" | tr '|' ' ')"
	[ -n "$k" ] || die "no row for: $1"
	# shellcheck disable=SC2086
	cursor $k
}
PER=20	# rows a page of a category, tag, user or queue (pages/home.c)
# A category, "active": page P starts after row (P-1)*PER-1.
cat_at() {
	key "SELECT pinned::int, (extract(epoch FROM last_activity_at) *
	   1000000)::bigint, id FROM threads WHERE visible AND category_id =
	   $CAT ORDER BY pinned DESC, last_activity_at DESC, id DESC OFFSET
	   $1 LIMIT 1"
}
LAST=$(( (N - 1) / PER * PER - 1 ))
CAT_1000="" CAT_10000=""	# (a small data set has no such pages)
[ "$N" -le $((999 * PER)) ] || CAT_1000="/c/$SLUG?at=$(cat_at $((999 * PER - 1)))"
[ "$N" -le $((9999 * PER)) ] || CAT_10000="/c/$SLUG?at=$(cat_at $((9999 * PER - 1)))"
CAT_LAST="/c/$SLUG?at=$(cat_at $LAST)"
CAT_DEEP="/c/$SLUG?at=$(cat_at $((N * 9 / 10)))"
queue_at() {	# queue_at KIND: the key 90 % down the open items of KIND
	local nq
	nq="$(q "SELECT count(*) FROM mod_queue WHERE state = 'open' AND kind = '$1'")"
	key "SELECT (extract(epoch FROM created_at) * 1000000)::bigint, id
	   FROM mod_queue WHERE state = 'open' AND kind = '$1'
	   ORDER BY created_at, id OFFSET $((nq * 9 / 10)) LIMIT 1"
}
NQ="$(q "SELECT count(*) FROM mod_queue WHERE state = 'open' AND kind = 'held'")"
NF="$(q "SELECT count(*) FROM mod_queue WHERE state = 'open' AND kind = 'flagged'")"
Q_DEEP="/mod/queue/held?category=&lang=&reason=&at=$(queue_at held)"
F_DEEP=""
[ "$NF" -lt 100 ] || F_DEEP="/mod/queue/flagged?category=&lang=&reason=&at=$(queue_at flagged)"
# Filtered views (migration 0204): the busiest category's held items,
# first and 90 % down; a reason that only a few items carry; a flag's reason.
QC_N="$(q "SELECT count(*) FROM mod_queue q JOIN categories c ON c.id =
   q.category_id WHERE q.state = 'open' AND q.kind = 'held' AND
   c.slug = '$SLUG'")"
QC_DEEP=""
[ "$QC_N" -lt 100 ] || QC_DEEP="/mod/queue/held?category=$SLUG&lang=&reason=&at=$(key "SELECT
   (extract(epoch FROM q.created_at) * 1000000)::bigint, q.id FROM mod_queue q
   JOIN categories c ON c.id = q.category_id WHERE q.state = 'open' AND
   q.kind = 'held' AND c.slug = '$SLUG' ORDER BY q.created_at, q.id
   OFFSET $((QC_N * 9 / 10)) LIMIT 1")"
# The busiest tag (from a sample of threads) and its page 1,000 (or the
# page 90 % down, when it has fewer).
TAG="$(q "SELECT x FROM (SELECT tags FROM threads TABLESAMPLE SYSTEM (1))
   s, unnest(s.tags) x GROUP BY x ORDER BY count(*) DESC LIMIT 1")"
NTAG="$(q "SELECT count(*) FROM threads WHERE visible AND tags @> ARRAY['$TAG']")"
TOFF=$(( NTAG * 9 / 10 < 999 * PER - 1 ? NTAG * 9 / 10 : 999 * PER - 1 ))
TAG_DEEP="/tag/$TAG?at=$(key "SELECT (extract(epoch FROM last_activity_at) *
   1000000)::bigint, id FROM threads WHERE visible AND tags @>
   ARRAY['$TAG'] ORDER BY last_activity_at DESC, id DESC OFFSET $TOFF LIMIT 1")"
# The rarest tag (of every visible thread's tags: a scan of threads, once)
# and its page 90 % down: a rare tag's list must not walk every thread.
read -r RARE NRARE <<<"$(q "SELECT x, count(*) FROM threads t, unnest(t.tags)
   x WHERE t.visible GROUP BY x HAVING count(*) >= 100 ORDER BY count(*), x
   LIMIT 1" | tr '|' ' ')"
RARE_DEEP="/tag/$RARE?at=$(key "SELECT (extract(epoch FROM last_activity_at) *
   1000000)::bigint, id FROM threads WHERE visible AND tags @>
   ARRAY['$RARE'] ORDER BY last_activity_at DESC, id DESC OFFSET
   $((NRARE * 9 / 10)) LIMIT 1")"
# The member who answered most (of a sample) and the one who asked most.
read -r HELPER HNAME <<<"$(q "SELECT u.id, u.username FROM (SELECT author_id
   FROM posts TABLESAMPLE SYSTEM (0.5) WHERE kind = 'answer' GROUP BY
   author_id ORDER BY count(*) DESC LIMIT 1) s JOIN users u ON u.id =
   s.author_id" | tr '|' ' ')"
NANS="$(q "SELECT count(DISTINCT thread_id) FROM posts WHERE author_id =
   $HELPER AND kind <> 'question' AND state = 'visible'")"
ANS_DEEP="/u/$HNAME/answers?at=$(key "SELECT (extract(epoch FROM
   t.last_activity_at) * 1000000)::bigint, t.id FROM threads t WHERE t.visible
   AND t.id IN (SELECT thread_id FROM posts WHERE author_id = $HELPER AND
   kind <> 'question' AND state = 'visible') ORDER BY t.last_activity_at
   DESC, t.id DESC OFFSET $((NANS * 9 / 10)) LIMIT 1")"
# The desk: the page after the first 10,000 waiting questions (cursor:
# category id * 2 + part, creation time, id; app/store/support.c).
NDESK="$(q "SELECT count(*) FROM threads WHERE visible AND status = 'open'
   AND accepted_post_id IS NULL AND NOT has_official")"
DOFF=$(( NDESK * 9 / 10 < 9999 ? NDESK * 9 / 10 : 9999 ))
DESK_DEEP="/staff/desk?at=$(key "SELECT t.category_id * 2 +
   (t.answer_count > 0)::int, (extract(epoch FROM t.created_at) *
   1000000)::bigint, t.id FROM threads t JOIN categories c ON c.id =
   t.category_id WHERE t.visible AND t.status = 'open' AND
   t.accepted_post_id IS NULL AND NOT t.has_official ORDER BY c.position,
   c.id, t.answer_count > 0, t.created_at, t.id OFFSET $DOFF LIMIT 1")"
NNOT="$(q "SELECT count(*) FROM notifications WHERE user_id = $BENCH_UID")"
NOTIF_DEEP=""
[ "$NNOT" -lt 100 ] || NOTIF_DEEP="/notifications?at=$(key "SELECT id FROM
   notifications WHERE user_id = $BENCH_UID ORDER BY id DESC OFFSET
   $((NNOT * 9 / 10)) LIMIT 1")"

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
for _ in $(seq 1 600); do
	curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
	kill -0 "$SODAN_PID" 2>/dev/null || die "sodan exited at start ($LOG)"
	sleep 0.1
done

echo "deep: $(q "SELECT count(*) FROM posts") posts, $(q "SELECT count(*) FROM threads") threads, $(q "SELECT count(*) FROM users") users; category $SLUG: $N threads; held queue: $NQ items, flagged: $NF; tag $TAG: $NTAG threads; rare tag $RARE: $NRARE; $HNAME answered in $NANS threads; bench: $NNOT notifications"
echo "deep: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1 /proc/loadavg)"
# wrk's Lua "done" hook prints p50, p95 and p99 (wrk --latency has no p95).
LUA="$CACHE/deep-latency.lua"
cat >"$LUA" <<'EOF'
done = function(summary, latency, requests)
	io.write(string.format("DEEP %.0f %.2f %.2f %.2f %d\n",
	    summary.requests / (summary.duration / 1e6),
	    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
	    latency:percentile(99) / 1000, summary.errors.status))
end
EOF
RUNS="${BENCH_RUNS:-3}"
run() {	# run NAME PATH [COOKIE]
	local name="$1" path="$2" out st i
	[ -n "$path" ] || return 0
	st="$(curl -s -o /dev/null -w '%{http_code}' ${3:+-H "Cookie: sodan_session=$3"} "http://127.0.0.1:$PORT$path" || true)"
	[ "$st" = 200 ] || die "$name: $path answered $st"
	for i in $(seq 1 "$RUNS"); do
		out="$(timeout 120 wrk -t1 -c"$CONNS" -d"$DUR" -s "$LUA" \
		    ${3:+-H "Cookie: sodan_session=$3"} "http://127.0.0.1:$PORT$path" |
		    awk '$1 == "DEEP"')"
		read -r _ rps p50 p95 p99 bad <<<"$out"
		printf '%-26s run %d  %7s req/s  p50 %7s ms  p95 %7s ms  p99 %7s ms  non-2xx %s  load %s\n' \
		    "$name" "$i" "$rps" "$p50" "$p95" "$p99" "$bad" \
		    "$(cut -d' ' -f1 /proc/loadavg)"
	done
}
# A query string keeps every request off the page cache (dynamic path).
run "category, page 1" "/c/$SLUG?sort=active"
run "category, page 1,000" "$CAT_1000"
run "category, page 10,000" "$CAT_10000"
run "category, 90 % deep" "$CAT_DEEP"
run "category, last page" "$CAT_LAST"
run "held queue, first" "/mod/queue/held" "$TOKEN"
run "held queue, 90 % deep" "$Q_DEEP" "$TOKEN"
run "flagged queue, first" "/mod/queue/flagged" "$TOKEN"
run "flagged queue, 90 % deep" "$F_DEEP" "$TOKEN"
run "held queue, category $SLUG" "/mod/queue/held?category=$SLUG" "$TOKEN"
run "held queue, category, 90 % deep" "$QC_DEEP" "$TOKEN"
run "held queue, a rare reason" "/mod/queue/held?reason=recovery" "$TOKEN"
run "flagged queue, flag reason" "/mod/queue/flagged?reason=abusive" "$TOKEN"
run "tag, page 1" "/tag/$TAG?x=1"
run "tag, deep" "$TAG_DEEP"
run "rare tag, page 1" "/tag/$RARE?x=1"
run "rare tag, 90 % deep" "$RARE_DEEP"
run "user answers, page 1" "/u/$HNAME/answers?x=1"
run "user answers, 90 % deep" "$ANS_DEEP"
run "desk, first" "/staff/desk" "$STAFF_TOKEN"
run "desk, after $((DOFF + 1))" "$DESK_DEEP" "$STAFF_TOKEN"
run "notifications, first" "/notifications" "$MEMBER_TOKEN"
run "notifications, 90 % deep" "$NOTIF_DEEP" "$MEMBER_TOKEN"
