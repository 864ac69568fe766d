#!/usr/bin/env bash
# scripts/deps.sh: install the Debian packages in scripts/packages.txt that
# are missing, and nothing else.  Idempotent: when every package is present
# it prints one line and touches nothing (no apt-get update either).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="$here/packages.txt"

if [ ! -r "$list" ]; then
	echo "deps: cannot read $list" >&2
	exit 1
fi

wanted=()
while IFS= read -r line || [ -n "$line" ]; do
	line="${line%%#*}"
	line="$(echo "$line" | tr -d '[:space:]')"
	[ -n "$line" ] && wanted+=("$line")
done < "$list"

missing=()
for p in "${wanted[@]}"; do
	st="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
	if [ "$st" != "install ok installed" ]; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "deps: all ${#wanted[@]} packages present"
	exit 0
fi

echo "deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "deps: not root and no sudo; install as root: ${missing[*]}" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
echo "deps: done"
