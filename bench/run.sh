#!/usr/bin/env bash
# bench/run.sh: what `make bench` calls (after `make all build/bench-gen`).
# Not tests: measurements, written to docs/performance.md.
#
#   bench/app.sh       every sodan scenario on 100,000 threads / 1,000,000
#                      posts (data set generated once, cached), nginx beside
#   bench/mod_bench.sh the moderation check alone (the moderation engineer's
#                      benchmark), when it is in the tree
#   bench/rl_bench.sh  a rate-limit check alone (the rate-limit engineer's),
#                      when it is in the tree
#   bench/static.sh    assets vs nginx and serving with PostgreSQL stopped:
#                      only with BENCH_STATIC=1 (keeps `make bench` under
#                      20 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
t0=$(date +%s)
bench/app.sh "$@"
for b in bench/mod_bench.sh bench/rl_bench.sh; do
	if [ -x "$b" ]; then
		echo "bench: $b"
		"$b" || echo "bench: $b failed (rc $?)" >&2
	else
		echo "bench: $b is not in the tree: that scenario is not measured"
	fi
done
if [ "${BENCH_STATIC:-0}" = 1 ]; then
	bench/static.sh
fi
echo "bench: make bench took $(( $(date +%s) - t0 )) s"
