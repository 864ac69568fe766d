#!/usr/bin/env bash
# bench/run.sh: what `make bench` calls (after `make`): every benchmark in
# bench/, one after another.  Not tests: measurements, appended to
# docs/performance.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bench/static.sh "$@"
