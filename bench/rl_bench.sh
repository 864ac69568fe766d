#!/usr/bin/env bash
# bench/rl_bench.sh: builds bench/rl_bench.c against build/libsodan.a and
# runs it against a private Redis (scripts/stack.sh, throw-away), or the
# Redis at $SODAN_REDIS_URL.  Usage: bench/rl_bench.sh [CHECKS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/libsodan.a
PKGS="hiredis libpq libh2o-evloop libcmark libsodium icu-uc icu-i18n icu-io jansson inih zlib"
cc -std=c17 -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -O2 -Wall -Wextra -Werror \
    -Iapp $(pkg-config --cflags $PKGS) -o build/rl_bench bench/rl_bench.c \
    build/libsodan.a $(pkg-config --libs $PKGS) -lpthread -lm
if [ -z "${SODAN_REDIS_URL:-}" ]; then
	D="$(mktemp -d /tmp/rlb.XXXXXX)"
	trap 'scripts/stack.sh stop-redis "$D" >/dev/null; rm -rf "$D"' EXIT
	SODAN_STACK_THROWAWAY=1 scripts/stack.sh start-redis "$D" >/dev/null
	SODAN_REDIS_URL="unix:$D/run/redis.sock"
fi
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(redis-server --version | cut -d' ' -f1-3)"
build/rl_bench "$SODAN_REDIS_URL" "${1:-100000}" "${2:-8}"
