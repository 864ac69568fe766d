#!/usr/bin/env bash
# scripts/run.sh: what `make run` calls once build/sodan is built.
# Starts the private PostgreSQL + Redis under ./var (scripts/stack.sh), applies
# migrations, loads the demo data (idempotent) and serves
# http://127.0.0.1:8080 in the foreground; Ctrl-C stops sodan, `make stop`
# stops the private servers.
#
# If SODAN_DATABASE_URL and SODAN_REDIS_URL are both set, those servers are
# used and no private stack is started.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="${SODAN_BIN:-build/sodan}"
[ -x "$bin" ] || { echo "run: $bin is not built (make all)" >&2; exit 1; }

if [ -n "${SODAN_DATABASE_URL:-}" ] && [ -n "${SODAN_REDIS_URL:-}" ]; then
	echo "run: using SODAN_DATABASE_URL / SODAN_REDIS_URL from the environment"
else
	scripts/stack.sh start var
	eval "$(scripts/stack.sh env var)"
	export SODAN_DATABASE_URL SODAN_REDIS_URL
fi

"$bin" migrate
"$bin" demo
echo "run: serving http://${SODAN_LISTEN:-127.0.0.1:8080}/ (Ctrl-C stops; make stop stops PostgreSQL and Redis)"
exec "$bin" "$@"
