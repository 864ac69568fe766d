#!/usr/bin/env bash
# scripts/cluster.sh: the production shape on one machine, on loopback, from
# Debian packages, with its state under var/cluster/ (docs/operations.md).
#
#   scripts/cluster.sh start     build nothing; start every part, migrate, load the demo
#   scripts/cluster.sh stop      stop every part started here (idempotent)
#   scripts/cluster.sh status    one line per part
#   scripts/cluster.sh versions  the engines and their versions
#   scripts/cluster.sh backup    pg_basebackup of the primary into var/cluster/backup
#   scripts/cluster.sh restore-drill  backup, write after it, restore base + WAL, check
#
#   HAProxy 127.0.0.1:28080 ──▶ sodan ×3 (28081, 28082, 28083; /healthz/ready checks)
#   sodan ──▶ pgbouncer 26432 (session pool sodan_session; transaction pool sodan)
#        ──▶ HAProxy 25000 (Patroni /primary check)
#        ──▶ PostgreSQL 15: pg1 25432, pg2 25433 (Patroni 28008, 28009; etcd 23790;
#            synchronous replication)
#   sodan ──▶ Redis master + replica (26390, 26391), found through 3 Sentinels (26400-26402)
#
# PostgreSQL (and so Patroni) and pgbouncer refuse to run as root: they run as
# the `postgres` system user, like scripts/stack.sh.  Everything listens on
# 127.0.0.1 only; PostgreSQL trusts loopback connections (a drill machine;
# production uses scram-sha-256 and a password file).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd -P)"
C="$ROOT/var/cluster"
BIN="${SODAN_BIN:-$ROOT/build/sodan}"
PGBIN=/usr/lib/postgresql/15/bin
OSU=postgres
REDIS_PW_FILE="$C/redis.password"

say() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$OSU" -- "$@"; else "$@"; fi; }

pidof_file() { [ -f "$1" ] && cat "$1" 2>/dev/null || true; }
alive() { local p; p="$(pidof_file "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
wait_for() {	# wait_for SECONDS WHAT COMMAND...
	local n="$1" what="$2"; shift 2
	local i
	for i in $(seq 1 $((n * 5))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	die "$what did not come up within $n s (logs: $C/log)"
}

redis_pw() { cat "$REDIS_PW_FILE"; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
rcli() { local port="$1"; shift; REDISCLI_AUTH="$(redis_pw)" redis-cli -h 127.0.0.1 -p "$port" "$@"; }
psql_p() { "$PGBIN/psql" -X -h 127.0.0.1 -p "$1" -U postgres -d "${2:-postgres}" -Atqc "$3"; }

layout() {
	mkdir -p "$C"/{log,run,wal,etcd,redis1,redis2,sentinel,pgbouncer}
	chmod o+x "$ROOT" "$ROOT/var" "$C" 2>/dev/null || true
	if [ "$(id -u)" -eq 0 ]; then
		local p="$C"
		while [ "$p" != / ]; do p="$(dirname "$p")"; chmod o+x "$p" 2>/dev/null || true; done
		chown "$OSU": "$C/log" "$C/run" "$C/wal" "$C/pgbouncer"
	fi
	[ -f "$REDIS_PW_FILE" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$REDIS_PW_FILE")
}

# --- etcd ---------------------------------------------------------------------
start_etcd() {
	alive "$C/run/etcd.pid" && return 0
	say "etcd 127.0.0.1:23790"
	nohup etcd --name e1 --data-dir "$C/etcd" \
	    --listen-client-urls http://127.0.0.1:23790 --advertise-client-urls http://127.0.0.1:23790 \
	    --listen-peer-urls http://127.0.0.1:23800 --initial-advertise-peer-urls http://127.0.0.1:23800 \
	    --initial-cluster e1=http://127.0.0.1:23800 --enable-v2=true \
	    >"$C/log/etcd.log" 2>&1 &
	echo $! > "$C/run/etcd.pid"
	wait_for 30 etcd etcdctl --endpoints=http://127.0.0.1:23790 endpoint health
}

# --- PostgreSQL under Patroni ---------------------------------------------------
# A segment already in the archive is fine when it is the same bytes: after a
# failover the new primary archives the old timeline's last segments again.
archive_cmd() {
	echo "test -f $C/wal/%f && cmp -s %p $C/wal/%f || (test ! -f $C/wal/%f && cp %p $C/wal/%f.tmp && mv $C/wal/%f.tmp $C/wal/%f)"
}

patroni_conf() {	# patroni_conf N PGPORT RESTPORT
	local n="$1" pgport="$2" rest="$3"
	cat > "$C/patroni$n.yml" <<YML
scope: sodan
name: pg$n
log:
  level: INFO
restapi:
  listen: 127.0.0.1:$rest
  connect_address: 127.0.0.1:$rest
etcd3:
  host: 127.0.0.1:23790
bootstrap:
  dcs:
    ttl: 15
    loop_wait: 1
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    primary_start_timeout: 0
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: 'on'
        wal_log_hints: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        synchronous_commit: 'on'
        archive_mode: 'on'
        archive_command: '$(archive_cmd)'
        archive_timeout: 60
  initdb:
  - encoding: UTF8
  - locale: C.UTF-8
  - data-checksums
  pg_hba:
  - local all all trust
  - host replication replicator 127.0.0.1/32 trust
  - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:$pgport
  connect_address: 127.0.0.1:$pgport
  data_dir: $C/pg$n
  bin_dir: $PGBIN
  pgpass: $C/run/pgpass$n
  remove_data_directory_on_rewind_failure: true
  remove_data_directory_on_diverged_timelines: true
  authentication:
    replication: {username: replicator, password: replicator-pw}
    superuser: {username: postgres, password: postgres-pw}
    rewind: {username: rewinder, password: rewinder-pw}
  parameters:
    unix_socket_directories: '$C/run'
    shared_buffers: 64MB
    max_connections: 200
tags: {}
YML
	[ "$(id -u)" -eq 0 ] && chown "$OSU": "$C/patroni$n.yml"
	return 0
}

start_patroni() {	# N
	local n="$1"
	alive "$C/run/patroni$n.pid" && return 0
	say "Patroni pg$n"
	if [ "$(id -u)" -eq 0 ]; then
		mkdir -p "$C/pg$n"; chown "$OSU": "$C/pg$n"; chmod 0700 "$C/pg$n"
	fi
	as_pg bash -c "nohup patroni '$C/patroni$n.yml' >>'$C/log/patroni$n.log' 2>&1 & echo \$! > '$C/run/patroni$n.pid'"
}

leader_rest() {	# prints the REST port of the node answering /primary 200
	local p
	for p in 28008 28009; do
		if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/primary")" = 200 ]; then
			echo "$p"; return 0
		fi
	done
	return 1
}

primary_via_haproxy() {
	[ "$(psql_p 25000 postgres "SELECT NOT pg_is_in_recovery()")" = t ]
}

sync_ready() {	# a synchronous standby is streaming
	[ "$(psql_p 25000 postgres "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync' AND state = 'streaming'")" = 1 ]
}

# --- pgbouncer ----------------------------------------------------------------
# In session pooling every PostgreSQL connection a sodan process keeps holds
# one server connection for its whole life: per instance, one per app
# thread and one each for the views flusher, the rules loader and the mail
# worker (and one more while it stops).  A pool smaller than the sum leaves
# the last connection waiting in pgbouncer's queue (query_wait_timeout,
# then a retry: a request of that app thread answered 503 after 20 s); the
# pool holds every instance's share plus one instance's for a restart.
INSTANCES=3
APP_THREADS=6
SESSION_POOL=$(((INSTANCES + 1) * (APP_THREADS + 4)))

start_pgbouncer() {
	say "pgbouncer 127.0.0.1:26432 (session pool of $SESSION_POOL, transaction pool)"
	printf '"sodan" ""\n"postgres" ""\n' > "$C/pgbouncer/userlist.txt"
	cat > "$C/pgbouncer/pgbouncer.ini" <<INI
[databases]
sodan = host=127.0.0.1 port=25000 dbname=sodan
; the same database in session pooling, for named prepared statements
; (bench/cluster-capacity.sh compares the two; docs/operations.md)
sodan_session = host=127.0.0.1 port=25000 dbname=sodan pool_mode=session pool_size=$SESSION_POOL
[pgbouncer]
; SHOW POOLS for scripts/cluster-test.py (clients waiting for a server)
stats_users = postgres
listen_addr = 127.0.0.1
listen_port = 26432
unix_socket_dir =
auth_type = trust
auth_file = $C/pgbouncer/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
server_connect_timeout = 2
server_login_retry = 1
server_check_delay = 1
query_wait_timeout = 10
; sodan's default startup options (statement_timeout, jit) are set per role instead
ignore_startup_parameters = extra_float_digits,options
logfile = $C/log/pgbouncer.log
pidfile = $C/run/pgbouncer.pid
INI
	[ "$(id -u)" -eq 0 ] && chown -R "$OSU": "$C/pgbouncer"
	if alive "$C/run/pgbouncer.pid"; then
		kill -HUP "$(pidof_file "$C/run/pgbouncer.pid")"	# reload the file
		return 0
	fi
	as_pg pgbouncer -d "$C/pgbouncer/pgbouncer.ini"
	wait_for 15 pgbouncer "$PGBIN/pg_isready" -h 127.0.0.1 -p 26432 -d sodan
}

# --- Redis, replica, Sentinels --------------------------------------------------
start_redis() {	# N PORT [REPLICAOF-PORT]
	local n="$1" port="$2" of="${3:-}"
	alive "$C/run/redis$n.pid" && return 0
	say "Redis $n 127.0.0.1:$port${of:+ (replica of $of)}"
	cat > "$C/redis$n/redis.conf" <<RC
bind 127.0.0.1
port $port
daemonize yes
pidfile $C/run/redis$n.pid
logfile $C/log/redis$n.log
dir $C/redis$n
requirepass $(redis_pw)
masterauth $(redis_pw)
appendonly yes
appendfsync everysec
save ""
${of:+replicaof 127.0.0.1 $of}
RC
	chmod 600 "$C/redis$n/redis.conf"
	redis-server "$C/redis$n/redis.conf"
	wait_for 10 "Redis $n" rcli "$port" PING
}

start_sentinel() {	# N PORT
	local n="$1" port="$2" f="$C/sentinel/s$1.conf"
	alive "$C/run/sentinel$n.pid" && return 0
	say "Sentinel $n 127.0.0.1:$port"
	cat > "$f" <<SC
bind 127.0.0.1
port $port
daemonize yes
pidfile $C/run/sentinel$n.pid
logfile $C/log/sentinel$n.log
dir $C/sentinel
sentinel monitor sodan 127.0.0.1 26390 2
sentinel auth-pass sodan $(redis_pw)
sentinel down-after-milliseconds sodan 2000
sentinel failover-timeout sodan 10000
sentinel parallel-syncs sodan 1
SC
	chmod 600 "$f"
	redis-sentinel "$f"
	wait_for 10 "Sentinel $n" redis-cli -h 127.0.0.1 -p "$port" PING
}

# --- sodan ----------------------------------------------------------------------
# The cluster's own sealing key (every instance shares it; [paths]
# secret_key): 32 random bytes as hex, mode 0600, made once, as
# scripts/stack.sh makes var/keys/sodan.key for make run.
cluster_key() {
	local k="$C/keys/sodan.key"
	[ -s "$k" ] && return 0
	mkdir -p "$C/keys"
	chmod 700 "$C/keys"
	( umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$k.tmp" &&
	  echo >>"$k.tmp" && mv "$k.tmp" "$k" )
}

sodan_conf() {
	cluster_key
	cat > "$C/sodan.conf" <<SC
; var/cluster/sodan.conf: written by scripts/cluster.sh
[server]
loops = 1
app_threads = $APP_THREADS
drain_ms = 1500
; sessions kept 1 s per instance: a sign-out on one instance reaches the
; others within that (docs/performance.md, "Signed-in thread pages")
session_cache_ms = 1000
[database]
; pgbouncer's session pool: each app thread keeps one connection, so named
; prepared statements work and cost 4-5x less than unnamed ones on a
; rendered page (bench/cluster-capacity.sh).  Transaction pooling: dbname
; sodan and prepared_statements = false.
url = postgresql://sodan@127.0.0.1:26432/sodan_session?target_session_attrs=read-write&application_name=sodan
prepared_statements = true
; the read pool (anonymous lists, search, deeper pages): straight to both
; PostgreSQL servers, the standby preferred (libpq prefer-standby), read
; only while it replays at most max_lag_ms behind
read_url = postgresql://sodan@127.0.0.1:25432,127.0.0.1:25433/sodan?target_session_attrs=prefer-standby&application_name=sodan-read
max_lag_ms = 2000
[redis]
sentinels = 127.0.0.1:26400, 127.0.0.1:26401, 127.0.0.1:26402
master_name = sodan
password = $(redis_pw)
timeout_ms = 500
[paths]
access_log = off
limits = $C/limits.conf
moderation_cache = $C/modcache
secret_key = $C/keys/sodan.key
[clients]
SC
	sed -i '/^\[clients\]$/d' "$C/sodan.conf"
	chmod 600 "$C/sodan.conf"
	# Generous limits: the drills' load comes from one address.
	sed -e '1,/^\[global\]/{/^\[global\]/!d}' "$ROOT/tests/http/limits.conf" > "$C/limits.conf"
	printf '[clients]\ntrusted_proxies = 127.0.0.1\n' >> "$C/limits.conf"
}

start_sodan() {	# N
	local n="$1" port=$((28080 + $1))
	alive "$C/run/sodan$n.pid" && return 0
	SODAN_LISTEN="127.0.0.1:$port" nohup "$BIN" -c "$C/sodan.conf" serve \
	    >>"$C/log/sodan$n.log" 2>&1 &
	echo $! > "$C/run/sodan$n.pid"
	wait_for 60 "sodan $n" curl -sf "http://127.0.0.1:$port/healthz/ready"
}

stop_sodan() {	# N: SIGTERM (graceful drain), wait for the exit
	local n="$1" p
	p="$(pidof_file "$C/run/sodan$n.pid")"
	[ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true
	if [ -n "$p" ]; then
		local i
		for i in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
	fi
	rm -f "$C/run/sodan$n.pid"
}

# --- HAProxy --------------------------------------------------------------------
start_haproxy() {
	alive "$C/run/haproxy.pid" && return 0
	say "HAProxy 127.0.0.1:28080 (web), 127.0.0.1:25000 (PostgreSQL primary)"
	cat > "$C/haproxy.cfg" <<HC
global
	maxconn 4000
	stats socket $C/run/haproxy.sock mode 600 level admin
	# abnormal sessions only (errors, retries, redispatches), one line
	# each, into var/cluster/log/haproxy.log (HAProxy runs in the
	# foreground under nohup so that stdout is that file)
	log stdout format raw local0 info
defaults
	timeout connect 1s
	timeout client 30s
	timeout server 30s
	timeout check 1s
frontend web
	mode http
	bind 127.0.0.1:28080
	option forwardfor
	option http-keep-alive
	log global
	option httplog
	option dontlog-normal
	# /metrics is for the monitoring network, never through the public door
	http-request deny deny_status 403 if { path_beg /metrics }
	# No instance ready (no writable PostgreSQL: during a failover): the
	# live ones still serve what they can (cached pages, the read pool on
	# the standby); a write there answers 503 with Retry-After itself.
	use_backend sodan_live if { nbsrv(sodan) eq 0 }
	default_backend sodan
backend sodan
	mode http
	balance roundrobin
	log global		# servers going down and up
	option httpchk GET /healthz/ready
	http-check expect status 200
	# a request that found no server or a dead one goes to another
	retries 3
	option redispatch 1
	retry-on conn-failure empty-response response-timeout
	default-server inter 500ms fall 2 rise 2
	server s1 127.0.0.1:28081 check
	server s2 127.0.0.1:28082 check
	server s3 127.0.0.1:28083 check
backend sodan_live
	mode http
	balance roundrobin
	log global
	option httpchk GET /healthz/live
	http-check expect status 200
	retries 3
	option redispatch 1
	retry-on conn-failure empty-response response-timeout
	default-server inter 500ms fall 2 rise 2
	server s1 127.0.0.1:28081 check
	server s2 127.0.0.1:28082 check
	server s3 127.0.0.1:28083 check
listen pg_primary
	mode tcp
	bind 127.0.0.1:25000
	option httpchk GET /primary
	http-check expect status 200
	default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
	server pg1 127.0.0.1:25432 check port 28008
	server pg2 127.0.0.1:25433 check port 28009
HC
	haproxy -c -q -f "$C/haproxy.cfg" || die "haproxy.cfg is invalid"
	nohup haproxy -db -f "$C/haproxy.cfg" >>"$C/log/haproxy.log" 2>&1 &
	echo $! > "$C/run/haproxy.pid"
	wait_for 10 HAProxy curl -s -o /dev/null http://127.0.0.1:28080/healthz/live
}

versions() {
	echo "engines:"
	echo "  $("$PGBIN/postgres" --version)"
	echo "  patroni $(patroni --version 2>&1 | awk '{print $2}')"
	echo "  etcd $(etcd --version 2>/dev/null | awk '/etcd Version/ {print $3}')"
	echo "  $(pgbouncer --version 2>&1 | head -1)"
	echo "  $(haproxy -v 2>&1 | head -1 | awk '{print "HAProxy", $3}')"
	echo "  $(redis-server --version | awk '{print "Redis", $3}')"
	echo "  $(redis-sentinel --version | awk '{print "Sentinel", $3}')"
	echo "  sodan $("$BIN" -v | awk '{print $2}') ($BIN)"
}

cmd_start() {
	[ -x "$BIN" ] || die "$BIN is not built (make all)"
	for t in etcd patroni pgbouncer haproxy redis-sentinel; do
		command -v "$t" >/dev/null || die "$t not found: apt-get install -y patroni etcd-server pgbouncer haproxy redis-sentinel (scripts/packages.txt)"
	done
	layout
	start_etcd
	patroni_conf 1 25432 28008
	patroni_conf 2 25433 28009
	start_patroni 1
	wait_for 90 "the first PostgreSQL primary" leader_rest
	start_patroni 2
	start_haproxy
	# A query, not pg_isready: HAProxy accepts before it has a primary,
	# and a restarted HAProxy counts both servers up until its first checks.
	wait_for 90 "PostgreSQL through HAProxy" primary_via_haproxy
	sleep 1
	wait_for 30 "PostgreSQL through HAProxy" primary_via_haproxy
	if [ "$(psql_p 25000 postgres "SELECT 1 FROM pg_roles WHERE rolname = 'sodan'")" != 1 ]; then
		psql_p 25000 postgres "CREATE ROLE sodan LOGIN" >/dev/null
		psql_p 25000 postgres "ALTER ROLE sodan SET statement_timeout = '10s'" >/dev/null
		psql_p 25000 postgres "ALTER ROLE sodan SET jit = off" >/dev/null
	fi
	if [ "$(psql_p 25000 postgres "SELECT 1 FROM pg_database WHERE datname = 'sodan'")" != 1 ]; then
		psql_p 25000 postgres "CREATE DATABASE sodan OWNER sodan" >/dev/null
	fi
	say "waiting for the synchronous standby"
	wait_for 120 "a synchronous standby" sync_ready
	start_pgbouncer
	start_redis 1 26390
	start_redis 2 26391 26390
	start_sentinel 1 26400
	start_sentinel 2 26401
	start_sentinel 3 26402
	sodan_conf
	# Migrations hold a session-level advisory lock: straight to the primary.
	SODAN_DATABASE_URL="postgresql://sodan@127.0.0.1:25000/sodan" "$BIN" -c "$C/sodan.conf" migrate >>"$C/log/migrate.log" 2>&1 ||
		{ tail -20 "$C/log/migrate.log"; die "migrate failed"; }
	SODAN_DATABASE_URL="postgresql://sodan@127.0.0.1:25000/sodan" "$BIN" -c "$C/sodan.conf" demo >>"$C/log/migrate.log" 2>&1 ||
		{ tail -20 "$C/log/migrate.log"; die "demo failed"; }
	for n in $(seq 1 "$INSTANCES"); do start_sodan "$n"; done
	wait_for 30 "sodan through HAProxy" curl -sf http://127.0.0.1:28080/healthz/ready
	versions
	say "up: http://127.0.0.1:28080/ (scripts/cluster.sh stop stops it)"
}

# --- backups: pg_basebackup + the WAL archive, and a restore drill ---------------
# Base backups come from the primary's replication protocol (-X stream, so
# each one is self-contained); every finished WAL segment is archived by
# archive_command into var/cluster/wal (archive_timeout 60 s), so a restore
# replays past the backup up to the last archived segment (point in time).
cmd_backup() {
	local dest="$C/backup/base-$(date -u +%Y%m%dT%H%M%SZ)"
	mkdir -p "$C/backup"
	[ "$(id -u)" -eq 0 ] && chown "$OSU": "$C/backup"
	as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p 25000 -U replicator -D "$dest" \
	    -X stream -c fast --no-password
	echo "$dest"
}

# Backup, then a marker written after it, then a restore from the backup
# plus the archived WAL into a separate server on port 25990: the marker
# must be there (point-in-time replay), with every thread of the time.
cmd_restore_drill() {
	local t0 base r="$C/restore" have want marker seg i
	t0=$(date +%s.%N)
	base="$(cmd_backup | tail -1)"
	say "base backup $base ($(du -sh "$base" | cut -f1)) in $(since "$t0") s"
	psql_p 25000 postgres "SET client_min_messages = warning; CREATE TABLE IF NOT EXISTS restore_drill (id serial PRIMARY KEY, at timestamptz DEFAULT now(), note text)" >/dev/null
	marker="after-backup-$(date +%s)"
	psql_p 25000 postgres "INSERT INTO restore_drill (note) VALUES ('$marker')" >/dev/null
	want="$(psql_p 25000 sodan "SELECT count(*) FROM threads")"
	seg="$(psql_p 25000 postgres "SELECT pg_walfile_name(pg_switch_wal())")"
	for i in $(seq 1 100); do
		[ -f "$C/wal/$seg" ] && break
		sleep 0.2
	done
	[ -f "$C/wal/$seg" ] || die "WAL segment $seg was not archived"
	say "marker '$marker' written after the backup; $want threads; WAL up to $seg archived"
	t0=$(date +%s.%N)
	rm -rf "$r"
	mkdir -p "$r"
	[ "$(id -u)" -eq 0 ] && chown "$OSU": "$r"
	chmod 0700 "$r"
	as_pg cp -a "$base/." "$r/"
	as_pg rm -f "$r/standby.signal" "$r/postmaster.pid"
	as_pg touch "$r/recovery.signal"
	as_pg tee -a "$r/postgresql.auto.conf" >/dev/null <<RC
# restore drill (scripts/cluster.sh restore-drill)
port = 25990
listen_addresses = '127.0.0.1'
unix_socket_directories = '$C/run'
restore_command = 'cp $C/wal/%f %p'
recovery_target_action = 'promote'
archive_mode = off
synchronous_standby_names = ''
primary_conninfo = ''
primary_slot_name = ''
hot_standby = on
RC
	as_pg "$PGBIN/pg_ctl" -D "$r" -l "$C/log/restore.log" -w -t 300 start >/dev/null
	for i in $(seq 1 300); do
		[ "$(psql_p 25990 postgres "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break
		sleep 0.2
	done
	have="$(psql_p 25990 sodan "SELECT count(*) FROM threads")"
	local got
	got="$(psql_p 25990 postgres "SELECT count(*) FROM restore_drill WHERE note = '$marker'")"
	say "restored and promoted in $(since "$t0") s: $have threads (want $want), marker found $got time(s)"
	as_pg "$PGBIN/pg_ctl" -D "$r" -m fast -w stop >/dev/null
	rm -rf "$r"
	[ "$got" = 1 ] && [ "$have" = "$want" ] || die "restore drill failed"
	say "restore drill: ok"
}

cmd_stop() {
	local n f p
	for n in 1 2 3; do stop_sodan "$n"; done
	for f in haproxy pgbouncer sentinel1 sentinel2 sentinel3 redis1 redis2; do
		p="$(pidof_file "$C/run/$f.pid")"
		[ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true
	done
	for n in 1 2; do
		p="$(pidof_file "$C/run/patroni$n.pid")"
		[ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true
	done
	for n in 1 2; do
		p="$(pidof_file "$C/run/patroni$n.pid")"
		if [ -n "$p" ]; then
			local i
			for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
		fi
	done
	p="$(pidof_file "$C/run/etcd.pid")"
	[ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true
	sleep 0.5
	rm -f "$C"/run/*.pid
	say "stopped (state kept in $C; rm -rf it for a fresh cluster)"
}

cmd_status() {
	local f
	for f in etcd patroni1 patroni2 haproxy pgbouncer redis1 redis2 sentinel1 sentinel2 sentinel3 sodan1 sodan2 sodan3; do
		if alive "$C/run/$f.pid"; then echo "$f: running"; else echo "$f: stopped"; fi
	done
	echo "postgres primary: REST port $(leader_rest || echo none)"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
versions) versions ;;
backup) cmd_backup ;;
restore-drill) cmd_restore_drill ;;
# internal, for scripts/cluster-test.py
start-sodan) layout; start_sodan "$2" ;;
stop-sodan) stop_sodan "$2" ;;
*) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
