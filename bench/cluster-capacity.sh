#!/usr/bin/env bash
# bench/cluster-capacity.sh: capacity of one sodan instance in the running
# cluster (make cluster), with wrk on loopback, bounded (1 thread, 16
# connections, DURATION seconds each; docs/operations.md has the figures).
#   1. a thread page, anonymous (answered from the page cache in the loop)
#   2. the same page signed in (rendered: session, thread and answers read
#      from PostgreSQL), through pgbouncer with unnamed statements (the
#      cluster's setting)
#   3. the same, straight to the primary (HAProxy 25000) with unnamed statements
#   4. the same, straight to the primary with named prepared statements
#   5. the same through pgbouncer's session pool (sodan_session) with named
#      prepared statements
# 3, 4 and 5 run on a temporary extra instance (28090), stopped after each.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
C=var/cluster
D="${DURATION:-10}"
PSQL="/usr/lib/postgresql/15/bin/psql -X -h 127.0.0.1 -p 25000 -U postgres -d sodan -Atqc"
tid=$($PSQL "SELECT min(id) FROM threads")
tok=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
hash=$(printf %s "$tok" | sha256sum | cut -d' ' -f1)
uid=$($PSQL "SELECT min(id) FROM users WHERE role = 'user'")
$PSQL "INSERT INTO sessions (user_id, token_hash, csrf) VALUES ($uid, '$hash', 'bench')" >/dev/null
run() {	# label url [cookie]
	local out
	if [ -n "${3:-}" ]; then
		out=$(wrk -t1 -c16 -d"${D}s" -H "Cookie: sodan_session=$3" "$2")
	else
		out=$(wrk -t1 -c16 -d"${D}s" "$2")
	fi
	printf '%-58s %10s req/s  p50 %s\n' "$1" \
	    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
	    "$(awk '/Latency/ {print $2; exit}' <<<"$out")"
	grep -E "Non-2xx|Socket errors" <<<"$out" || true
}
extra() {	# prepared(true|false) [url]: start the extra instance on 28090
	local url="${2:-postgresql://sodan@127.0.0.1:25000/sodan?target_session_attrs=read-write}"
	sed -e "s|^url = .*|url = $url|" \
	    -e "s|^prepared_statements = .*|prepared_statements = $1|" "$C/sodan.conf" > "$C/bench.conf"
	SODAN_LISTEN=127.0.0.1:28090 build/sodan -c "$C/bench.conf" >>"$C/log/bench.log" 2>&1 &
	echo $! > "$C/run/bench.pid"
	for _ in $(seq 1 100); do curl -sf http://127.0.0.1:28090/healthz/ready >/dev/null && return 0; sleep 0.2; done
	echo "bench: extra instance did not start" >&2; exit 1
}
stop_extra() { kill -TERM "$(cat "$C/run/bench.pid")"; while kill -0 "$(cat "$C/run/bench.pid")" 2>/dev/null; do sleep 0.2; done; rm -f "$C/run/bench.pid"; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
run "anonymous /t/$tid (page cache), instance 1" "http://127.0.0.1:28081/t/$tid"
run "signed-in /t/$tid via pgbouncer, unnamed, instance 1" "http://127.0.0.1:28081/t/$tid" "$tok"
extra false
run "signed-in /t/$tid direct to primary, unnamed" "http://127.0.0.1:28090/t/$tid" "$tok"
stop_extra
extra true
run "signed-in /t/$tid direct to primary, prepared" "http://127.0.0.1:28090/t/$tid" "$tok"
stop_extra
extra true "postgresql://sodan@127.0.0.1:26432/sodan_session?target_session_attrs=read-write"
run "signed-in /t/$tid via pgbouncer session pool, prepared" "http://127.0.0.1:28090/t/$tid" "$tok"
stop_extra
run "anonymous /t/$tid through HAProxy (3 instances)" "http://127.0.0.1:28080/t/$tid"
run "signed-in /t/$tid through HAProxy (3 instances)" "http://127.0.0.1:28080/t/$tid" "$tok"
$PSQL "DELETE FROM sessions WHERE token_hash = '$hash'" >/dev/null
