#!/usr/bin/env bash
# bench/relevance.sh: search relevance (bench/relevance.tsv) on the demo
# data and a generated corpus of 1,500 threads: one line per query (ok or
# MISS, the rank of the first wanted thread) and recall@5 and MRR.
# Needs the sanitizer build (make SAN=1 all build-san/bench-gen); runs
# tests/http/t147_search_relevance.py with its private PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build-san/bench-gen ] || make SAN=1 build-san/bench-gen >/dev/null
SODAN_RELEVANCE_REPORT=1 tests/run http t147_search_relevance.py
