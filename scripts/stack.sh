#!/usr/bin/env bash
# scripts/stack.sh: a private PostgreSQL 15 cluster and Redis 7 under one
# directory, reachable only through unix sockets in DIR/run.
#
#   scripts/stack.sh start  [DIR]   start both (idempotent), wait until they answer
#   scripts/stack.sh stop   [DIR]   stop both (idempotent)
#   scripts/stack.sh status [DIR]   print the state of each; exit 0 when both run
#   scripts/stack.sh env    [DIR]   print SODAN_DATABASE_URL / SODAN_REDIS_URL exports
#   scripts/stack.sh start-pg|stop-pg|start-redis|stop-redis [DIR]   one server only
#
# start also makes DIR/keys/sodan.key (the sealing key) and starts the mail
# sink (DIR/mail/*.eml).  DIR defaults to ./var.  Layout:
#   DIR/pg       PostgreSQL data directory (owned by the postgres user)
#   DIR/redis    Redis working directory
#   DIR/run      unix sockets (.s.PGSQL.5432, redis.sock) and redis.pid
#   DIR/log      pg.log, redis.log
#
# PostgreSQL refuses to run as root, so when we are root initdb and pg_ctl run
# as the `postgres` system user (created by Debian's postgresql package) via
# runuser; DIR and its ancestors must then be traversable by that user.
# With SODAN_STACK_THROWAWAY=1 (tests/run, bench) durability is switched off:
# fsync=off for PostgreSQL and no persistence for Redis.
set -euo pipefail

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGUSER_OS="${SODAN_PG_OSUSER:-postgres}"

die() { echo "stack: $*" >&2; exit 1; }
say() { echo "stack: $*"; }

usage() {
	sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 2
}

[ $# -ge 1 ] || usage
cmd="$1"
dir_arg="${2:-var}"

case "$cmd" in
start|stop|status|env|start-pg|stop-pg|start-redis|stop-redis) ;;
-h|--help|help) usage ;;
*) echo "stack: unknown command '$cmd'" >&2; usage ;;
esac

# Absolute path of DIR (created for start; for other commands it need not exist).
if [ "$cmd" = start ] || [ "$cmd" = start-pg ] || [ "$cmd" = start-redis ]; then
	mkdir -p "$dir_arg"
fi
if [ -d "$dir_arg" ]; then
	D="$(cd "$dir_arg" && pwd -P)"
else
	case "$dir_arg" in
	/*) D="$dir_arg" ;;
	*) D="$(pwd -P)/$dir_arg" ;;
	esac
fi
RUN="$D/run"
PGDATA="$D/pg"
REDIS_SOCK="$RUN/redis.sock"
REDIS_PID="$RUN/redis.pid"
REDIS_CONF="$D/redis.conf"
LOGDIR="$D/log"

if [ "$cmd" = env ]; then
	printf "export SODAN_DATABASE_URL='host=%s dbname=sodan user=sodan'\n" "$RUN"
	printf "export SODAN_REDIS_URL='unix:%s'\n" "$REDIS_SOCK"
	printf "export SODAN_SECRET_KEY='%s'\n" "$D/keys/sodan.key"
	[ -s "$RUN/smtp.port" ] &&
		printf "export SODAN_SMTP_URL='smtp://127.0.0.1:%s'\n" "$(cat "$RUN/smtp.port")"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	getent passwd "$PGUSER_OS" >/dev/null ||
		die "no '$PGUSER_OS' system user (is postgresql-15 installed? run scripts/deps.sh)"
	as_pg() { runuser -u "$PGUSER_OS" -- "$@"; }
else
	as_pg() { "$@"; }
fi

[ -x "$PGBIN/pg_ctl" ] || die "$PGBIN/pg_ctl not found (postgresql-15 missing? run scripts/deps.sh)"
command -v redis-server >/dev/null || die "redis-server not found (run scripts/deps.sh)"

# Unix socket paths are limited to 107 bytes.
sock_len=$(( ${#RUN} + 20 ))
[ "$sock_len" -le 107 ] || die "socket path $RUN/.s.PGSQL.5432.lock is too long (${sock_len} > 107 bytes); use a shorter DIR"

# Serialise concurrent invocations on one DIR.
if [ -d "$D" ]; then
	exec 9>"$D/.stack.lock"
	flock 9
fi

# --- layout and permissions ------------------------------------------------

prepare_dirs() {
	mkdir -p "$RUN" "$LOGDIR" "$D/redis"
	chmod o+x "$D"
	if [ "$(id -u)" -eq 0 ]; then
		chown "$PGUSER_OS": "$RUN" "$LOGDIR"
		chmod 0755 "$RUN" "$LOGDIR"
		# Every ancestor of DIR must be traversable by the postgres user.
		if ! as_pg test -x "$RUN"; then
			local p="$D"
			while [ "$p" != / ]; do
				p="$(dirname "$p")"
				if ! as_pg test -x "$p"; then
					say "note: chmod o+x $p (so that '$PGUSER_OS' can reach $RUN)"
					chmod o+x "$p"
				fi
			done
		fi
		as_pg test -w "$RUN" || die "$RUN is not writable by $PGUSER_OS"
	fi
}

# --- PostgreSQL ---------------------------------------------------------------

pg_running() {
	[ -f "$PGDATA/PG_VERSION" ] || return 1
	as_pg "$PGBIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1
}

pg_ready() {
	"$PGBIN/pg_isready" -q -h "$RUN" -U sodan -d postgres >/dev/null 2>&1
}

pg_init() {
	[ -f "$PGDATA/PG_VERSION" ] && return 0
	say "initdb $PGDATA"
	mkdir -p "$PGDATA"
	if [ "$(id -u)" -eq 0 ]; then
		chown "$PGUSER_OS": "$PGDATA"
	fi
	chmod 0700 "$PGDATA"
	as_pg "$PGBIN/initdb" -D "$PGDATA" -U sodan --auth=trust -E UTF8 \
	    --locale=C.UTF-8 >"$LOGDIR/initdb.log" 2>&1 ||
		{ cat "$LOGDIR/initdb.log" >&2; die "initdb failed"; }
	local extra=""
	if [ "${SODAN_STACK_THROWAWAY:-0}" = 1 ]; then
		extra="fsync = off
synchronous_commit = off
full_page_writes = off"
	fi
	as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null <<EOF

# --- added by scripts/stack.sh: private cluster, unix socket only ---
listen_addresses = ''
unix_socket_directories = '$RUN'
unix_socket_permissions = 0777
max_connections = 100
shared_buffers = 64MB
log_min_messages = warning
log_min_error_statement = error
log_line_prefix = '%m [%p] '
$extra
EOF
}

pg_start() {
	if pg_running; then
		pg_ready || pg_wait
		pg_createdb
		return 0
	fi
	pg_init
	say "starting PostgreSQL (socket $RUN)"
	# SODAN_PG_SHARED_BUFFERS: shared_buffers for this start (the
	# benchmark sizes it to its data set; default: the 64MB above).
	local opts=()
	if [ -n "${SODAN_PG_SHARED_BUFFERS:-}" ]; then
		opts=(-o "-c shared_buffers=$SODAN_PG_SHARED_BUFFERS")
	fi
	# 9>&-: the server must not inherit (and hold) our lock.
	if ! as_pg "$PGBIN/pg_ctl" start -D "$PGDATA" -l "$LOGDIR/pg.log" -w -t 60 \
	    "${opts[@]}" >/dev/null 9>&-; then
		tail -n 30 "$LOGDIR/pg.log" >&2 || true
		die "PostgreSQL did not start (log: $LOGDIR/pg.log)"
	fi
	pg_wait
	pg_createdb
}

pg_wait() {
	local i
	for i in $(seq 1 150); do
		pg_ready && return 0
		sleep 0.2
	done
	tail -n 30 "$LOGDIR/pg.log" >&2 || true
	die "PostgreSQL does not answer on $RUN"
}

pg_createdb() {
	local have
	have="$("$PGBIN/psql" -h "$RUN" -U sodan -d postgres -Atqc \
	    "SELECT 1 FROM pg_database WHERE datname = 'sodan'")" ||
		die "psql cannot connect to $RUN"
	if [ "$have" != 1 ]; then
		"$PGBIN/createdb" -h "$RUN" -U sodan -E UTF8 sodan ||
			die "createdb sodan failed"
		say "created database sodan"
	fi
}

pg_stop() {
	if ! pg_running; then
		return 0
	fi
	say "stopping PostgreSQL"
	as_pg "$PGBIN/pg_ctl" stop -D "$PGDATA" -m fast -w -t 60 >/dev/null ||
		die "pg_ctl stop failed"
}

# --- Redis --------------------------------------------------------------------

redis_pid() {
	local pid
	[ -f "$REDIS_PID" ] || return 1
	pid="$(cat "$REDIS_PID" 2>/dev/null)" || return 1
	[ -n "$pid" ] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	echo "$pid"
}

redis_ready() {
	[ -S "$REDIS_SOCK" ] || return 1
	[ "$(redis-cli -s "$REDIS_SOCK" ping 2>/dev/null)" = PONG ]
}

redis_conf() {
	local persist
	if [ "${SODAN_STACK_THROWAWAY:-0}" = 1 ]; then
		persist='save ""
appendonly no'
	else
		persist='save 3600 1 300 100 60 10000
dbfilename dump.rdb
appendonly no'
	fi
	cat >"$REDIS_CONF" <<EOF
# written by scripts/stack.sh: private Redis, unix socket only
port 0
unixsocket $REDIS_SOCK
unixsocketperm 770
dir $D/redis
daemonize yes
pidfile $REDIS_PID
logfile $LOGDIR/redis.log
loglevel notice
databases 16
$persist
EOF
}

redis_start() {
	if redis_pid >/dev/null; then
		redis_wait
		return 0
	fi
	rm -f "$REDIS_PID"
	redis_conf
	say "starting Redis (socket $REDIS_SOCK)"
	redis-server "$REDIS_CONF" 9>&- ||
		die "redis-server failed (log: $LOGDIR/redis.log)"
	redis_wait
}

redis_wait() {
	local i
	for i in $(seq 1 150); do
		redis_ready && return 0
		sleep 0.1
	done
	tail -n 20 "$LOGDIR/redis.log" >&2 || true
	die "Redis does not answer on $REDIS_SOCK"
}

redis_stop() {
	local pid i
	pid="$(redis_pid)" || { rm -f "$REDIS_PID"; return 0; }
	say "stopping Redis"
	redis-cli -s "$REDIS_SOCK" shutdown nosave >/dev/null 2>&1 || true
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		say "Redis (pid $pid) ignored SHUTDOWN; sending SIGTERM"
		kill -TERM "$pid" 2>/dev/null || true
		for i in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
	fi
	kill -0 "$pid" 2>/dev/null && die "Redis (pid $pid) did not stop"
	rm -f "$REDIS_PID" "$REDIS_SOCK"
}

# --- commands -----------------------------------------------------------------

status() {
	local rc=0
	if pg_running && pg_ready; then
		echo "postgres: running (socket $RUN)"
	elif [ -f "$PGDATA/PG_VERSION" ]; then
		echo "postgres: stopped"; rc=3
	else
		echo "postgres: not initialised"; rc=3
	fi
	if redis_pid >/dev/null && redis_ready; then
		echo "redis: running (socket $REDIS_SOCK)"
	else
		echo "redis: stopped"; rc=3
	fi
	return $rc
}

# The local SMTP sink (scripts/mail-sink.py, Debian's aiosmtpd): every
# message the server sends lands as a file in DIR/mail; its port is in
# DIR/run/smtp.port.  Not started when python3-aiosmtpd is missing.
SINK_PID="$RUN/mail-sink.pid"
SINK_PORT="$RUN/smtp.port"
sink_start() {
	local i here
	if [ -f "$SINK_PID" ] && kill -0 "$(cat "$SINK_PID")" 2>/dev/null; then
		return 0
	fi
	# Debian's python3 (aiosmtpd is a Debian package), whatever PATH says
	/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null ||
		{ say "note: python3-aiosmtpd missing; no mail sink"; return 0; }
	here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
	rm -f "$SINK_PORT"
	mkdir -p "$D/mail"
	# 9>&-: the sink must not inherit the stack's lock (fd 9), or every
	# later stack.sh command in DIR waits for it forever
	/usr/bin/python3 "$here/mail-sink.py" "$D/mail" "$SINK_PORT" \
	    >>"$LOGDIR/mail-sink.log" 2>&1 </dev/null 9>&- &
	echo $! >"$SINK_PID"
	for i in $(seq 1 100); do
		[ -s "$SINK_PORT" ] && return 0
		sleep 0.1
	done
	say "mail sink did not start (see $LOGDIR/mail-sink.log)"
	return 1
}
sink_stop() {
	if [ -f "$SINK_PID" ]; then
		kill "$(cat "$SINK_PID")" 2>/dev/null || true
		rm -f "$SINK_PID" "$SINK_PORT"
	fi
}

# The key that seals secrets at rest ([paths] secret_key): 32 random bytes
# as 64 hex digits, mode 0600, made once and never overwritten.
key_create() {
	local k="$D/keys/sodan.key"
	[ -s "$k" ] && return 0
	mkdir -p "$D/keys"
	chmod 700 "$D/keys"
	( umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$k.tmp" &&
	  echo >>"$k.tmp" && mv "$k.tmp" "$k" )
}

case "$cmd" in
start)
	prepare_dirs
	key_create
	pg_start
	redis_start
	sink_start
	;;
start-pg)
	prepare_dirs
	pg_start
	;;
start-redis)
	prepare_dirs
	redis_start
	;;
stop)
	[ -d "$D" ] || exit 0
	pg_stop
	redis_stop
	sink_stop
	;;
stop-pg)
	[ -d "$D" ] || exit 0
	pg_stop
	;;
stop-redis)
	[ -d "$D" ] || exit 0
	redis_stop
	;;
status)
	[ -d "$D" ] || { echo "postgres: not initialised"; echo "redis: stopped"; exit 3; }
	status
	;;
esac
