#!/bin/sh
# bench/mod_bench.sh [N | --build]: the moderation benchmark (not a test).
# Generates 5,000 synthetic rules, builds bench/mod_bench.c against
# build/libmoderation.a and runs it pinned to one core (--build: only
# the rules and the program, for bench/mod_callgrind.sh).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT"
make -s build/libmoderation.a
mkdir -p build/bench/hscache
python3 bench/mod_gen_rules.py 5000 build/bench/synthetic.rules
PKGS="icu-uc icu-i18n libhs liburiparser libpsl libidn2 libsodium"
# shellcheck disable=SC2046
cc -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I. \
    $(pkg-config --cflags $PKGS) -o build/bench/mod_bench bench/mod_bench.c \
    build/libmoderation.a $(pkg-config --libs $PKGS) -lpthread -lm
[ "${1:-}" != --build ] || exit 0
exec taskset -c 0 build/bench/mod_bench conf/moderation \
    build/bench/synthetic.rules build/bench/hscache "${1:-5000}"
