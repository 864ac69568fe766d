#!/bin/sh
# bench/mod_callgrind.sh [CONFDIR]: instructions per check inside
# mod_check (callgrind), the shipped models loaded, 5,000 synthetic rules
# plus the rules of CONFDIR (default conf/moderation).  Prints the total
# and Hyperscan's share: (Ir of 1,000 posts - Ir of 100) / 900.  Not a
# test; docs/moderation.md "Speed, 2026-12-06".  Needs valgrind.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT"
CONF=${1:-conf/moderation}
sh bench/mod_bench.sh --build
mkdir -p build/bench/hscache-vg
# shellcheck disable=SC2046
cc -std=c17 -O2 -Wall -Wextra -Werror -shared -fPIC \
    $(pkg-config --cflags libhs) -o build/bench/hs_avx2_platform.so \
    bench/hs_avx2_platform.c
# The database for valgrind's platform, compiled natively.
LD_PRELOAD=build/bench/hs_avx2_platform.so MOD_BENCH_MODELS=1 \
    build/bench/mod_bench "$CONF" build/bench/synthetic.rules \
    build/bench/hscache-vg 10 warm >/dev/null
out=build/bench/callgrind
mkdir -p "$out"
for n in 100 1000; do
	MOD_BENCH_MODELS=1 valgrind --tool=callgrind --collect-atstart=no \
	    --toggle-collect=mod_check --callgrind-out-file="$out/$n.out" \
	    build/bench/mod_bench "$CONF" build/bench/synthetic.rules \
	    build/bench/hscache-vg "$n" warm >/dev/null 2>"$out/$n.err"
done
ir() {
	callgrind_annotate --inclusive=yes --auto=no "$out/$1.out" |
	    awk -v f="$2" '$0 ~ f { gsub(",", "", $1); print $1; exit }'
}
a=$(ir 100 "PROGRAM TOTALS"); b=$(ir 1000 "PROGRAM TOTALS")
c=$(ir 100 ":avx2_hs_scan "); d=$(ir 1000 ":avx2_hs_scan ")
echo "instructions per check: $(( (b - a) / 900 )), of which Hyperscan's" \
    "scan $(( (d - c) / 900 ))"
