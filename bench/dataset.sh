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
#
# BENCH_SHAPE=scale: the large data set (docs/performance.md, "Data at
# scale"; 10 M posts: BENCH_THREADS=1000000 BENCH_POSTS=10000000
# BENCH_USERS=200000): 40 categories, bench-gen's scale modes (huge
# threads, Zipf categories and tags, held and removed posts, accepted
# answers, bodies from a cooked pool: see bench/gen.c), then from SQL
# (bench/scale.sql) the held queue, flags and the flagged queue,
# notifications (20,000 of them for the user "bench"), support cases and
# claims; the server set for a bulk load (max_wal_size, no autovacuum
# during it, maintenance_work_mem); then bench/scale-check.sql compares a
# sample of threads' derived columns with their posts and the queues with
# the posts' states, and the load fails on any difference.
# BENCH_TEMPLATE=0: the data set is written into the database `sodan`
# itself, with no template and no copy (at 10 M posts a copy is another
# 20 GB and minutes); a benchmark's writes then stay in it.
# BENCH_SEARCH=0: the generated posts get no search documents in
# post_search (nor a GIN index build over them); search is then not part
# of what is measured.
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
SHAPE="${BENCH_SHAPE:-v1}"
INTPL="${BENCH_TEMPLATE:-1}"
SEARCH="${BENCH_SEARCH:-1}"
case "$SHAPE" in v1|scale) ;; *) echo "dataset: BENCH_SHAPE is v1 or scale" >&2; exit 2;; esac
PSQL=/usr/lib/postgresql/15/bin/psql

die() { echo "dataset: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN is not built"
[ -x "$GEN" ] || die "$GEN is not built (make build/bench-gen)"

SCHEMA="$(ls "$ROOT"/sql/[0-9]*.sql | sed 's|.*/\([0-9]*\)_.*|\1|' | sort -n | tail -n 1)"
SCHEMA=$((10#$SCHEMA))
TPL="ds_s${SEED}_v${SCHEMA}_g${GENVER}_${NT}_${NP}"
[ "$SHAPE" = v1 ] || TPL="${TPL}_${SHAPE}_q${SEARCH}"
DB="$TPL"
[ "$INTPL" = 1 ] || DB=sodan

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

if [ "$INTPL" = 1 ]; then
	have="$(q -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$TPL'
	    AND datistemplate")"
else	# a complete data set in sodan itself says so in bench_meta; one
	# made before a newer migration is migrated in place (the rows the
	# generator writes do not change with the schema version)
	have="$(q -d sodan -Atc "SELECT 1 FROM pg_tables WHERE tablename =
	    'bench_meta'" 2>/dev/null || true)"
	[ "$have" != 1 ] || have="$(q -d sodan -Atc "SELECT 1 FROM bench_meta
	    WHERE k = 'dataset' AND regexp_replace(v, '_v[0-9]+_', '_') =
	    regexp_replace('$TPL', '_v[0-9]+_', '_')")"
	if [ "$have" = 1 ] && [ "$(q -d sodan -Atc "SELECT v FROM bench_meta
	    WHERE k = 'dataset'")" != "$TPL" ]; then
		echo "dataset: migrating the data set in sodan to schema $SCHEMA" >&2
		SODAN_DATABASE_URL="host=$RUN dbname=sodan user=sodan" "$BIN" \
		    migrate >&2 || die "migrate failed"
		q -d sodan -c "ANALYZE" -c "UPDATE bench_meta SET v = '$TPL'
		    WHERE k = 'dataset'" >/dev/null
	fi
fi
if [ "$have" != 1 ]; then
	t0=$(date +%s)
	echo "dataset: generating $TPL ($NT threads, $NP posts, $NU users; seed $SEED)" >&2
	q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
	q -d postgres -c "CREATE DATABASE $DB" >/dev/null
	url="host=$RUN dbname=$DB user=sodan"
	SODAN_DATABASE_URL="$url" "$BIN" migrate >&2 || die "migrate failed"
	SODAN_DATABASE_URL="$url" "$BIN" demo >&2 || die "demo failed"
	qt() { q -d "$DB" "$@"; }
	if [ "$SHAPE" = scale ]; then
		# a bulk load: few checkpoints, no autovacuum racing the load
		# (back on before the final VACUUM ANALYZE), room to sort
		q -d postgres >/dev/null <<EOF
ALTER SYSTEM SET max_wal_size = '16GB';
ALTER SYSTEM SET checkpoint_timeout = '1h';
ALTER SYSTEM SET autovacuum = off;
ALTER SYSTEM SET maintenance_work_mem = '1GB';
SELECT pg_reload_conf();
EOF
		# 34 more categories (40 in all): threads spread over them by
		# a Zipf law, the demo's first category the busiest
		qt -c "INSERT INTO categories (slug, name_ja, name_en,
		    description_ja, description_en, position) SELECT
		    'bench-' || lpad(g::text, 2, '0'), 'ベンチ分類 ' || g,
		    'Bench category ' || g, 'ベンチマーク用の分類です。',
		    'A category of the benchmark data set.', 100 + g
		    FROM generate_series(1, 34) g" >/dev/null
	fi
	CATS="$(qt -Atc "SELECT string_agg(id::text, ',' ORDER BY id) FROM categories")"
	STAFF="$(qt -Atc "SELECT id FROM users WHERE username_key = 'sato_staff'")"
	MOD="$(qt -Atc "SELECT id FROM users WHERE username_key = 'mod_tanaka'")"
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
	if [ "$SHAPE" = scale ]; then
		TCOLS="$TCOLS, accepted_post_id, accepted_revision"
		PCOLS="$PCOLS, mod_reasons, removed_reason, removed_at, removed_by"
		load threads "$TCOLS" scale-threads "$T0" "$NT" "$NP" "$U0" "$NU" "$CATS" 0 1 "$P0" "$STAFF" "$MOD"
	else
		load threads "$TCOLS" threads "$T0" "$NT" "$NP" "$U0" "$NU" "$CATS" 0 1
	fi
	echo "dataset: threads loaded at $(( $(date +%s) - t0 )) s" >&2
	pids=()
	for part in 0 1; do
		if [ "$SHAPE" = scale ]; then
			load posts "$PCOLS" scale-posts "$T0" "$NT" "$NP" "$U0" "$NU" "$CATS" "$part" 2 "$P0" "$STAFF" "$MOD" &
		else
			load posts "$PCOLS" posts "$T0" "$NT" "$NP" "$U0" "$NU" "$CATS" "$part" 2 "$P0" "$STAFF" &
		fi
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || die "loading posts failed"; done
	echo "dataset: posts loaded at $(( $(date +%s) - t0 )) s" >&2
	# The search documents (the trigger that writes them on the forum is
	# off during the load, as the foreign keys are), in two halves at once;
	# the demo's own posts got theirs from the trigger: written again too.
	if [ "$SEARCH" = 1 ]; then
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
	fi
	# The threads each member answered in (sql/0203_member_answered.sql;
	# its triggers are off during the load too).
	qt -c "TRUNCATE member_answered" -c "INSERT INTO member_answered
	    (user_id, thread_id, last_activity_at) SELECT DISTINCT p.author_id,
	    p.thread_id, t.last_activity_at FROM posts p JOIN threads t ON
	    t.id = p.thread_id WHERE p.kind <> 'question' AND
	    p.state = 'visible'" >/dev/null
	t1=$(date +%s)
	echo "dataset: rows loaded in $((t1 - t0)) s; rebuilding indexes" >&2
	{ echo "SET maintenance_work_mem = '512MB';"; sed 's/$/;/' "$CACHE/indexes.sql"; } | qt >/dev/null
	echo "dataset: indexes built at $(( $(date +%s) - t0 )) s" >&2
	qt >/dev/null <<EOF
SELECT setval('users_id_seq', (SELECT max(id) FROM users));
SELECT setval('threads_id_seq', (SELECT max(id) FROM threads));
SELECT setval('posts_id_seq', (SELECT max(id) FROM posts));
INSERT INTO users (username, username_key, display_name, role, trust_level, lang, created_at)
VALUES ('bench', 'bench', 'Bench', 'user', 3, 'en', now() - interval '400 days')
ON CONFLICT DO NOTHING;
CREATE TABLE bench_meta (k text PRIMARY KEY, v text NOT NULL);
INSERT INTO bench_meta VALUES ('first_thread', '$T0'), ('threads', '$NT'), ('posts', '$NP');
EOF
	if [ "$SHAPE" = scale ]; then
		qt -f "$ROOT/bench/scale.sql" >/dev/null ||
		    die "bench/scale.sql failed"
		echo "dataset: queues, flags, notifications, cases at $(( $(date +%s) - t0 )) s" >&2
		bad="$(qt -Atf "$ROOT/bench/scale-check.sql")" ||
		    die "bench/scale-check.sql failed"
		[ -z "$bad" ] || die "the data set is not consistent: $bad"
		echo "dataset: consistency checked at $(( $(date +%s) - t0 )) s" >&2
		q -d postgres >/dev/null <<EOF
ALTER SYSTEM RESET autovacuum;
SELECT pg_reload_conf();
EOF
	fi
	qt -c "VACUUM ANALYZE" >/dev/null
	qt -c "INSERT INTO bench_meta VALUES ('dataset', '$TPL')" >/dev/null
	[ "$INTPL" != 1 ] || q -d postgres -c "ALTER DATABASE $TPL WITH IS_TEMPLATE true ALLOW_CONNECTIONS false" >/dev/null
	echo "dataset: $TPL ready in $(( $(date +%s) - t0 )) s ($(q -d postgres -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))"))" >&2
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
if [ "$INTPL" = 1 ]; then
	q -d postgres -c "DROP DATABASE IF EXISTS sodan WITH (FORCE)" >/dev/null
	q -d postgres -c "CREATE DATABASE sodan TEMPLATE $TPL" >/dev/null
fi
# The generator folds search documents with the server's own fold_doc:
# they are of the current version, so the server must not rewrite them all
# at start (app/main.c, search_reindex; 10 M posts would take hours).
FOLDV="$(sed -n 's/^#define FOLD_DOC_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
    "$ROOT/app/text/fold.h")"
[ -n "$FOLDV" ] || die "no FOLD_DOC_VERSION in app/text/fold.h"
q -d sodan -c "UPDATE search_state SET doc_version = $FOLDV
    WHERE doc_version < $FOLDV" >/dev/null
echo "$TPL"
