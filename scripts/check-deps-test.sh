#!/usr/bin/env bash
# scripts/check-deps-test.sh: shows that scripts/check-deps.sh fails on a
# forbidden include.  On a copy of the tree it adds, one at a time, edges
# the layering forbids (store/ including a page header, view/ including
# app/http/, post/ including a page header, moderation/ including app/)
# and expects a violation naming the file and the edge; the unchanged copy
# must pass.  The copy holds only the files these edges involve.  Called by tests/run deps.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# A small copy: the files the edges below start from and the headers they
# name (check-deps reads each file it finds; the whole tree takes minutes).
for f in app/core.h app/store/post.c app/store/store.h app/view/layout.c \
    app/view/layout.h app/post/post.c app/post/post.h app/acct/roles.c \
    app/acct/acct.h app/pages/pages.h app/pages/qa.h app/http/req.h \
    app/http/server.h moderation/check.c moderation/moderation.h \
    moderation/mod_int.h; do
	mkdir -p "$tmp/$(dirname "$f")"
	cp "$f" "$tmp/$f"
done
fails=0

if ! CHECK_DEPS_ROOT="$tmp" scripts/check-deps.sh >"$tmp/out" 2>&1; then
	echo "check-deps-test: the unchanged tree fails:"; cat "$tmp/out"
	fails=$((fails + 1))
fi

try() {		# FILE INCLUDE EXPECTED-TEXT
	local f="$tmp/$1" saved="$tmp/saved"
	cp "$f" "$saved"
	printf '#include "%s"\n' "$2" >>"$f"
	if CHECK_DEPS_ROOT="$tmp" scripts/check-deps.sh >"$tmp/out" 2>&1; then
		echo "check-deps-test: $1 including \"$2\" passed; it must fail"
		fails=$((fails + 1))
	elif ! grep -qF "$3" "$tmp/out"; then
		echo "check-deps-test: $1 including \"$2\": no line with '$3':"
		cat "$tmp/out"
		fails=$((fails + 1))
	fi
	cp "$saved" "$f"
}

try app/store/post.c pages/pages.h 'app/store/post.c:'
try app/store/post.c pages/pages.h 'app/store/ may not include "pages/pages.h"'
try app/view/layout.c http/req.h 'app/view/ may not include "http/req.h"'
try app/post/post.c pages/qa.h 'app/post/ may not include "pages/qa.h"'
try app/acct/roles.c http/server.h 'app/acct/ may not include "http/server.h"'
try moderation/check.c app/core.h 'moderation/ must not include anything from app/'

if [ "$fails" -gt 0 ]; then
	echo "check-deps-test: $fails failure(s)"
	exit 1
fi
echo "check-deps-test: OK (a forbidden include fails the check)"
