#!/usr/bin/env bash
# bench/dataset.sh: the benchmark data set, generated once and cached.
#
#   bench/dataset.sh CACHE_DIR      (after `make build/sodan build/bench-gen`)
#
# CACHE_DIR holds a private PostgreSQL + Redis (scripts/stack.sh, durability
# off).  Inside it, a template database named after the seed, the schema
# version (the last migration in sql/) and the generator version holds the
# data set: `sodan migrate`, `sodan demo` (categories, staff, demo users),
# then BENCH_USERS users, BENCH_THREADS threads and BENCH_POSTS posts from
# build/bench-gen, streamed into `\copy` (two post streams in parallel, with
# the tables' secondary indexes dropped during the load and rebuilt after,
# foreign-key triggers off for the load: the generator writes consistent
# ids), then ANALYZE.  A template that exists and is marked complete is
# reused as it is.  Then the database `sodan` is re-created from the
# template (a file copy), so every run starts from the same rows and the
# template never sees a benchmark's writes.
#
# Environment: BENCH_SEED (1), BENCH_THREADS (100000), BENCH_POSTS (1000000),
# BENCH_USERS (20000), SODAN_BIN, BENCH_GEN.
# Prints the template's name on the last line of stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
CACHE="${1:?usage: bench/dataset.sh CACHE_DIR}"
SEED="${BENCH_SEED:-1}"
NT="${BENCH_THREADS:-100000}"
NP="${BENCH_POSTS:-1000000}"
NU="${BENCH_USERS:-20000}"
BIN="${SODAN_BIN:-$ROOT/build/sodan}"
GEN="${BENCH_GEN:-$ROOT/build/bench-gen}"
GENVER=1	# bump when bench/gen.c writes other rows
PSQL=/usr/lib/postgresql/15/bin/psql

die() { echo "dataset: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN is not built"
[ -x "$GEN" ] || die "$GEN is not built (make build/bench-gen)"

SCHEMA="$(ls "$ROOT"/sql/[0-9]*.sql | sed 's|.*/\([0-9]*\)_.*|\1|' | sort -n | tail -n 1)"
SCHEMA=$((10#$SCHEMA))
TPL="ds_s${SEED}_v${SCHEMA}_g${GENVER}_${NT}_${NP}"

SODAN_STACK_THROWAWAY=1 "$ROOT/scripts/stack.sh" start "$CACHE" >&2 ||
	die "could not start the cached stack in $CACHE"
RUN="$(cd "$CACHE" && pwd -P)/run"
# The sealing key stack.sh made for this stack (a fresh clone has no
# var/keys/sodan.key).
export SODAN_SECRET_KEY="$(cd "$CACHE" && pwd -P)/keys/sodan.key"
q() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$RUN" -U sodan "$@"; }
# A stack left running by an earlier run keeps its shared_buffers: restart
# it when SODAN_PG_SHARED_BUFFERS asks for another size.
if [ -n "${SODAN_PG_SHARED_BUFFERS:-}" ] && [ "$(q -d postgres -Atc \
    "SELECT pg_size_bytes(current_setting('shared_buffers')) =
     pg_size_bytes('$SODAN_PG_SHARED_BUFFERS')")" != t ]; then
	SODAN_STACK_THROWAWAY=1 "$ROOT/scripts/stack.sh" stop "$CACHE" >&2
	SODAN_STACK_THROWAWAY=1 "$ROOT/scripts/stack.sh" start "$CACHE" >&2 ||
		die "could not restart the cached stack in $CACHE"
fi

have="$(q -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$TPL'
    AND datistemplate")"
if [ "$have" != 1 ]; then
	t0=$(date +%s)
	echo "dataset: generating $TPL ($NT threads, $NP posts, $NU users; seed $SEED)" >&2
	q -d postgres -c "DROP DATABASE IF EXISTS $TPL" >/dev/null
	q -d postgres -c "CREATE DATABASE $TPL" >/dev/null
	url="host=$RUN dbname=$TPL user=sodan"
	SODAN_DATABASE_URL="$url" "$BIN" migrate >&2 || die "migrate failed"
	SODAN_DATABASE_URL="$url" "$BIN" demo >&2 || die "demo failed"
	qt() { q -d "$TPL" "$@"; }
	CATS="$(qt -Atc "SELECT string_agg(id::text, ',' ORDER BY id) FROM categories")"
	STAFF="$(qt -Atc "SELECT id FROM users WHERE username_key = 'sato_staff'")"
	U0="$(qt -Atc "SELECT coalesce(max(id), 0) + 1000 FROM users")"
	T0="$(qt -Atc "SELECT coalesce(max(id), 0) + 1000 FROM threads")"
	P0="$(qt -Atc "SELECT coalesce(max(id), 0) + 1000 FROM posts")"
	# Secondary indexes of threads, posts and post_search: dropped for the
	# load, rebuilt after.
	qt -Atc "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
	    AND tablename IN ('threads', 'posts', 'post_search') AND indexname
	    NOT IN (SELECT conname FROM pg_constraint)" >"$CACHE/indexes.sql"
	qt -Atc "SELECT 'DROP INDEX ' || indexname || ';' FROM pg_indexes
	    WHERE schemaname = 'public' AND tablename IN ('threads', 'posts',
	    'post_search') AND indexname NOT IN (SELECT conname FROM
	    pg_constraint)" | qt >/dev/null
	load() {	# load TABLE COLUMNS gen-args...
		local tbl="$1" cols="$2"
		shift 2
		"$GEN" "$SEED" "$@" | qt -c "SET session_replication_role = replica" \
		    -c "\\copy $tbl ($cols) from stdin"
	}
	load users "id, username, username_key, display_name, role, trust_level, lang, created_at" \
	    users "$U0" "$NU"
	TCOLS="id, category_id, author_id, title, lang, status, visible, pinned, has_official, answer_count, created_at, last_activity_at, tags, title_fold"
	PCOLS="id, thread_id, author_id, kind, state, body_md, body_html, score, created_at, updated_at, search_doc"
	load threads "$TCOLS" threads "$T0" "$NT" "$NP" "$U0" "$NU" "$CATS" 0 1
	pids=()
	for part in 0 1; do
		load posts "$PCOLS" posts "$T0" "$NT" "$NP" "$U0" "$NU" "$CATS" "$part" 2 "$P0" "$STAFF" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || die "loading posts failed"; done
	# The search documents (the trigger that writes them on the forum is
	# off during the load, as the foreign keys are), in two halves at once;
	# the demo's own posts got theirs from the trigger: written again too.
	qt -c "TRUNCATE post_search" >/dev/null
	pids=()
	for part in 0 1; do
		qt -c "SET session_replication_role = replica" -c "INSERT INTO
		    post_search (post_id, thread_id, visible, tsv) SELECT id,
		    thread_id, state = 'visible', to_tsvector('simple', search_doc)
		    FROM posts WHERE id % 2 = $part ORDER BY id" >/dev/null &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || die "writing post_search failed"; done
	t1=$(date +%s)
	echo "dataset: rows loaded in $((t1 - t0)) s; rebuilding indexes" >&2
	{ echo "SET maintenance_work_mem = '512MB';"; sed 's/$/;/' "$CACHE/indexes.sql"; } | qt >/dev/null
	qt >/dev/null <<EOF
SELECT setval('users_id_seq', (SELECT max(id) FROM users));
SELECT setval('threads_id_seq', (SELECT max(id) FROM threads));
SELECT setval('posts_id_seq', (SELECT max(id) FROM posts));
INSERT INTO users (username, username_key, display_name, role, trust_level, lang, created_at)
VALUES ('bench', 'bench', 'Bench', 'user', 3, 'en', now() - interval '400 days');
CREATE TABLE bench_meta (k text PRIMARY KEY, v text NOT NULL);
INSERT INTO bench_meta VALUES ('first_thread', '$T0'), ('threads', '$NT'), ('posts', '$NP');
EOF
	qt -c "VACUUM ANALYZE" >/dev/null
	q -d postgres -c "ALTER DATABASE $TPL WITH IS_TEMPLATE true ALLOW_CONNECTIONS false" >/dev/null
	echo "dataset: $TPL ready in $(( $(date +%s) - t0 )) s" >&2
	# older data sets (another schema or generator version): 3 GB each
	for old in $(q -d postgres -Atc "SELECT datname FROM pg_database
	    WHERE datname LIKE 'ds\_%' AND datname <> '$TPL'"); do
		q -d postgres -c "ALTER DATABASE $old IS_TEMPLATE false" >/dev/null &&
		    q -d postgres -c "DROP DATABASE $old" >/dev/null &&
		    echo "dataset: dropped the stale data set $old" >&2
	done
else
	echo "dataset: reusing $TPL (cached in $CACHE)" >&2
fi
q -d postgres -c "DROP DATABASE IF EXISTS sodan WITH (FORCE)" >/dev/null
q -d postgres -c "CREATE DATABASE sodan TEMPLATE $TPL" >/dev/null
echo "$TPL"
