#!/usr/bin/env bash
# scripts/check-deps.sh: the layering rules of STYLE.md ("Enforcement"),
# called by `make check-deps` and counted as one test by tests/run.
#
#   <h2o.h> / <h2o/...>    only in app/http/
#   <libpq-fe.h>           only in app/store/
#   <hiredis/...>          only in app/cache/
#   <cmark.h>              only in app/view/md.c
#   moderation/            includes nothing from app/
#   PQexec( PQexecParams(  only in app/store/db.c
#   printf-family calls    not in app/pages/ or app/view/ (except app/view/html.c)
#   rand( random( rand_r(  nowhere (tokens come from libsodium)
#
# Includes are read from the source as written; the call checks run on the
# source with comments removed (cc -fpreprocessed), so a comment that names
# PQexec( is no violation.  Prints one line per violation (FILE:LINE: rule)
# and exits 1 if there is any.
set -euo pipefail

cd "${CHECK_DEPS_ROOT:-$(dirname "${BASH_SOURCE[0]}")/..}"

# Which folder of app/ may include which.  Every folder may include its own
# headers, app/lib/ and app/core.h (the leaf of shared types); anything
# else must be listed here, as a folder or as one header.  A new edge fails
# until it is added, with its reason, in the same change.
declare -A may=(
	[lib]=""
	[text]=""
	[store]=""
	[cache]=""
	[view]=""
	# pictures: decode, re-encode, OCR, QR (libvips, Tesseract, zbar)
	[image]=""
	# password messages in the member's language; names judged by the
	# moderation library's name check
	[acct]="store view/i18n.h moderation"
	# the lifecycle: writes through store/, judges with moderation/, cooks
	# Markdown once on write (view/md.h), explains in the actor's language
	[post]="store cache text moderation view/i18n.h view/md.h"
	# adapters: parse (http/req.h, their worker), call, render
	[pages]="http post store cache acct text view moderation image mail support"
	[api]="http pages post store cache acct text view"
	[cli]="acct cache store post text mail support"
	# the outbox: messages in the account's language (view/html.h for the
	# HTML part, view/i18n.h), sealed at rest (acct/seal.h), sent by a worker
	[mail]="store acct view/html.h view/i18n.h"
	# support cases (escalation): writes through store/, judges with
	# moderation/ on the lifecycle's rule set (post/filter.h), cooks
	# Markdown once (view/md.h), explains in the actor's language
	[support]="store moderation post/filter.h view/md.h view/i18n.h"
	# the dispatcher: routes to pages and api, sessions, page cache
	[http]="pages api store cache view acct text"
	[top]="*"
)
# the OpenID Connect client (libcurl, cjose, jansson; no HTTP server, SQL
# or Redis); the pages keep its state and decide what an identity means
may[oidc]=""
may[pages]+=" oidc"
# webhooks (app/webhook/): signatures, URL rules and the delivery worker
# (libcurl); rows through store/, the hooks' secrets sealed (acct/seal.h);
# the console page (pages/webhooks.c) checks URLs and makes secrets
may[webhook]="store acct/seal.h"
may[pages]+=" webhook"

bad=0
nfiles=0

violation() {
	echo "$1: $2"
	bad=$((bad + 1))
}

# Source files to check: C sources and headers of the server, the moderation
# library and the tools (not tests/, which may reach into any layer).
mapfile -t files < <(find app moderation tools -type f \( -name '*.c' -o -name '*.h' -o -name '*.def' \) 2>/dev/null | LC_ALL=C sort)

# strip FILE: the source with comments blanked, line numbers kept.
# (The slow path: calls_all below does every file in one cc.)
strip() {
	local out
	if out="$(cc -fpreprocessed -dD -E "$1" 2>/dev/null)"; then
		# cc -E emits "# N file" markers; rebuild a numbered listing.
		awk '
			/^# [0-9]+ "/ { n = $2 - 1; next }
			{ n++; print n ":" $0 }
		' <<<"$out"
	else
		grep -n '' "$1"
	fi
}

# The call checks of every file at once: one cc strips the comments of
# all the C files (it runs one compiler per file, but one driver, one awk
# and one grep per rule instead of one of each per file: 24 s and 26
# CPU-s before, 8.5 s and 8 CPU-s after, on the 2-core machine, with the
# same output on the tree and on a copy with violations planted; the
# #include lines are one grep too).  Each rule's lines,
# "FILE:LINE:CODE", are kept per file in calls[FILE] and printed in the
# loop below, in the order the per-file checks printed them.  .def files
# are no C to cc (it reads them as linker input and prints nothing), so,
# as before, they get no call checks.  If cc fails, each file is stripped
# on its own (strip), as before.
declare -A calls=()
calls_all() {
	local -a cfiles=()
	local listing f ln
	for f in "${files[@]}"; do
		case "$f" in *.def) ;; *) cfiles+=("$f") ;; esac
	done
	if listing="$(cc -fpreprocessed -dD -E "${cfiles[@]}" 2>/dev/null)"; then
		listing="$(awk '
			/^# [0-9]+ "/ { n = $2 - 1; f = $3; gsub(/"/, "", f); next }
			{ n++; print f ":" n ":" $0 }
		' <<<"$listing")"
	else
		listing=""
		for f in "${cfiles[@]}"; do
			listing+="$(strip "$f" | sed "s|^|$f:|")"$'\n'
		done
	fi
	while IFS=: read -r f ln _; do
		[ "$f" = app/store/db.c ] && continue
		calls[$f]+="$ln PQexec"$'\n'
	done < <(grep -E '^[^:]*:[0-9]+:.*\bPQexec(Params)?[[:space:]]*\(' <<<"$listing" || true)
	while IFS=: read -r f ln _; do
		case "$f" in
		app/view/html.c) ;;
		app/pages/*|app/view/*) calls[$f]+="$ln printf"$'\n' ;;
		esac
	done < <(grep -E '^[^:]*:[0-9]+:.*\b(printf|fprintf|sprintf|snprintf|vprintf|vfprintf|vsprintf|vsnprintf|dprintf|asprintf|vasprintf)[[:space:]]*\(' <<<"$listing" || true)
	while IFS=: read -r f ln _; do
		calls[$f]+="$ln rand"$'\n'
	done < <(grep -E '^[^:]*:[0-9]+:.*\b(rand|random|rand_r)[[:space:]]*\(' <<<"$listing" || true)
}
calls_all
# The #include lines of every file, by one grep: incs[FILE] holds its
# "LINE:TEXT" lines.
declare -A incs=()
while IFS=: read -r f ln inc; do
	incs[$f]+="$ln:$inc"$'\n'
done < <(grep -HnE '^[[:space:]]*#[[:space:]]*include' "${files[@]}" || true)

for f in "${files[@]}"; do
	nfiles=$((nfiles + 1))

	# --- includes, as written ---
	while IFS=: read -r ln inc; do
		[ -n "$ln" ] || continue
		# the included name, by bash's own regex (no process per line)
		if [[ "$inc" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*[\<\"]([^\>\"]*)[\>\"] ]]; then
			target="${BASH_REMATCH[1]}"
		else
			target="$inc"
		fi
		case "$target" in
		h2o.h|h2o/*)
			case "$f" in app/http/*) ;; *) violation "$f:$ln" "includes <$target>: h2o belongs to app/http/ only" ;; esac ;;
		libpq-fe.h|libpq/*|postgresql/libpq-fe.h)
			case "$f" in app/store/*) ;; *) violation "$f:$ln" "includes <$target>: libpq belongs to app/store/ only" ;; esac ;;
		hiredis*|*/hiredis.h|*/hiredis/*)
			case "$f" in app/cache/*) ;; *) violation "$f:$ln" "includes <$target>: hiredis belongs to app/cache/ only" ;; esac ;;
		cmark.h|cmark/*|cmark_*.h)
			[ "$f" = app/view/md.c ] || violation "$f:$ln" "includes <$target>: cmark belongs to app/view/md.c only" ;;
		esac
		# --- the matrix: app/FOLDER may include only what may[] lists ---
		if [[ "$f" == app/* && "$inc" =~ \" ]]; then
			from="${f#app/}"
			case "$from" in */*) from="${from%%/*}" ;; *) from=top ;; esac
			to="${target%%/*}"
			[ "$target" = "$to" ] && to=core
			# app/core.h and app/version.h: leaves, for everyone
			if [ "$to" != "$from" ] && [ "$to" != lib ] &&
			    [ "$to" != core ] &&
			    { [ -e "app/$target" ] || [ -e "$target" ]; }; then
				allowed=0
				read -r -a allow <<<"${may[$from]-}"
				for a in "${allow[@]}"; do
					if [ "$a" = "*" ] || [ "$a" = "$to" ] ||
					    [ "$a" = "$target" ]; then
						allowed=1
					fi
				done
				[ "$allowed" = 1 ] || violation "$f:$ln" "app/$from/ may not include \"$target\" (the matrix in scripts/check-deps.sh)"
			fi
		fi
		case "$f" in
		moderation/*)
			if [[ "$inc" =~ \" ]]; then
				dir="$(dirname "$f")"
				case "$target" in
				app/*|*/app/*)
					violation "$f:$ln" "includes \"$target\": moderation/ must not include anything from app/" ;;
				*)
					if [ ! -e "$dir/$target" ] && [ ! -e "moderation/$target" ] &&
					    { [ -e "app/$target" ] || [[ "$target" == ../* ]]; }; then
						violation "$f:$ln" "includes \"$target\": moderation/ must not include anything from app/"
					fi ;;
				esac
			fi ;;
		esac
	done <<<"${incs[$f]-}"

	# --- calls, comments removed (calls_all) ---
	while read -r ln rule; do
		case "$rule" in
		PQexec) violation "$f:$ln" "PQexec/PQexecParams outside app/store/db.c (use a prepared statement from queries.c)" ;;
		printf) violation "$f:$ln" "printf-family call in pages/ or view/ (write HTML through html_*)" ;;
		rand) violation "$f:$ln" "rand()/random()/rand_r(): use libsodium (randombytes_*) for anything random" ;;
		esac
	done <<<"${calls[$f]-}"
done

if [ "$bad" -gt 0 ]; then
	echo "check-deps: $bad violation(s) in $nfiles files"
	exit 1
fi
echo "check-deps: OK ($nfiles files)"
