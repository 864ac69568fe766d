#!/bin/sh
# tests/fuzz/run.sh [SECONDS]: build and run every libFuzzer target.
#
# Each tests/fuzz/<name>/ holding a fuzz_*.c is built with clang's
# libFuzzer, ASan and UBSan into build-fuzz/<name>/ and run for SECONDS
# (default 30) on a working copy of its seed corpus (tests/fuzz/<name>/corpus
# is read, never written).  A directory that ships its own run.sh (the
# moderation library does) is handed SECONDS and runs itself instead.
# A target directory may hold a file `deps`: extra sources and libraries
# for its build line (cookie: session.c -lsodium; conf: conf.c -linih).
# Seeds are tests/fuzz/<name>/corpus plus tests/fuzz/<name>/regress, where
# every crash input found is kept: libFuzzer runs all seeds first, so a
# crash that comes back fails at once (a regression test).
# One summary line per target, "fuzz <target>: N executions, N crashes"
# (tests/run adds them up); exit status 1 if any target crashed, leaked,
# timed out or failed to build.  Crash inputs land in build-fuzz/<name>/.
# FUZZ_ONLY="md input" limits the run to those directories; FUZZ_OUT puts
# the builds and working corpora elsewhere (make security uses its own).
set -u

SECONDS_EACH=${1:-30}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/build-fuzz}
CC_FUZZ=${CC_FUZZ:-clang}
CFLAGS_FUZZ="-g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -std=c17 -D_GNU_SOURCE -Iapp"
# The pure-C sources the targets link; all of them need only libcmark.
SRCS="app/lib/arena.c app/lib/buf.c app/lib/util.c app/lib/log.c
	app/lib/utf8.c app/lib/cursor.c app/http/input.c app/http/valid.c app/view/html.c
	app/view/md.c"
LIBS="-lcmark -lpthread"

cd "$ROOT" || exit 1
mkdir -p "$OUT"
status=0
summary=""

add() {
	summary="$summary$1
"
}

for dir in tests/fuzz/*/; do
	name=$(basename "$dir")
	if [ -n "${FUZZ_ONLY:-}" ]; then
		case " $FUZZ_ONLY " in *" $name "*) ;; *) continue ;; esac
	fi
	if [ -x "$dir/run.sh" ]; then
		mkdir -p "$OUT/$name"
		"$dir/run.sh" "$SECONDS_EACH" >"$OUT/$name/run.log" 2>&1
		rc=$?
		# Executions: whatever libFuzzer's final stats say, summed.
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
		    "$OUT/$name/run.log" | awk '{ s += $1 } END { print s + 0 }')
		if [ "$rc" -eq 0 ]; then
			add "$(printf 'fuzz %-14s %s executions, 0 crashes (own run.sh)' \
			    "$name:" "$execs")"
		else
			add "$(printf 'fuzz %-14s %s executions, 1 crashes (own run.sh exit %s; %s)' \
			    "$name:" "$execs" "$rc" "$OUT/$name/run.log")"
			status=1
		fi
		continue
	fi
	deps=""
	[ -f "$dir/deps" ] && deps=$(cat "$dir/deps")
	for src in "$dir"fuzz_*.c; do
		[ -f "$src" ] || continue
		target=$(basename "$src" .c)
		work=$OUT/$name
		mkdir -p "$work/corpus"
		bin=$work/$target
		# shellcheck disable=SC2086
		if ! $CC_FUZZ $CFLAGS_FUZZ -o "$bin" "$src" $SRCS $deps $LIBS \
		    2>"$work/build.log"; then
			add "$(printf 'fuzz %-14s 0 executions, 1 crashes (BUILD FAILED, see %s)' "$target:" \
			    "$work/build.log")"
			status=1
			continue
		fi
		seeds=""
		[ -d "$dir/corpus" ] && seeds="$dir/corpus"
		[ -d "$dir/regress" ] && seeds="$seeds $dir/regress"
		log=$work/$target.log
		# shellcheck disable=SC2086
		"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 \
		    -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix="$work/" "$work/corpus" $seeds \
		    >"$log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		    tail -n 1)
		crashes=$(ls "$work" 2>/dev/null |
		    grep -c -E '^(crash|leak|timeout|oom)-' || true)
		if [ "$rc" -ne 0 ]; then
			status=1
			add "$(printf 'fuzz %-14s %s executions, 1 crashes (exit %s; %s, %s)' \
			    "$target:" "${execs:-0}" "$rc" "$log" \
			    "$(grep -m1 -E 'ERROR|SUMMARY|deadly' "$log")")"
		else
			add "$(printf 'fuzz %-14s %s executions, 0 crashes (%s old artifacts on disk)' \
			    "$target:" "${execs:-0}" "$crashes")"
		fi
	done
done

printf '\n== fuzz summary (%ss each) ==\n%s' "$SECONDS_EACH" "$summary"
exit $status
