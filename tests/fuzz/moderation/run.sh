#!/bin/sh
# tests/fuzz/moderation/run.sh [SECONDS]: build the mod_check libFuzzer
# target with clang (fuzzer, address and undefined sanitizers) into
# build/fuzz/ and run it for SECONDS (default 60) from the repository root,
# with the shipped rules, compiled once into the cache the tests and the
# server share (SODAN_RULES_CACHE, by default var/cache/moderation).
# Exits non-zero on a crash.
set -eu
SECONDS_TO_RUN=${1:-60}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd -P)
cd "$ROOT"
OUT=build/fuzz
SODAN_RULES_CACHE=${SODAN_RULES_CACHE:-$ROOT/var/cache/moderation}
mkdir -p "$SODAN_RULES_CACHE"
export SODAN_RULES_CACHE
mkdir -p "$OUT/moderation-corpus"
PKGS="icu-uc icu-i18n libhs liburiparser libpsl libidn2 libsodium"
# shellcheck disable=SC2046
clang -std=c17 -D_GNU_SOURCE -g -O1 -I. $(pkg-config --cflags $PKGS) \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -o "$OUT/fuzz_mod_check" tests/fuzz/moderation/fuzz_mod_check.c \
    moderation/*.c $(pkg-config --libs $PKGS) -lpthread -lm
# Seeds: a few posts of each kind (kind byte, title, NUL, body).
seed() { printf "$1" > "$OUT/moderation-corpus/$2"; }
seed '\001\000call +1 (888) 343-0116 for help, telegram @recover_pro' s1
seed '\000Is this real?\000I got a call from 0120-123-456' s2
seed '\205my wallet was hacked\000contact the recovery expert blnance.com' s3
seed '\000\000abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about' s4
seed '\001\000公式サポートです。〇九〇ー一二三四ー五六七八 https://xn--bnance-bwa.com' s5
seed '\003\000Binance_Support' s6
seed '\000\000key 5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ' s7
# A label whose skeleton outgrows it ("m" is "rn"): overflowed a buffer.
seed "\\001\\000https://xn--bnance$(printf 'm%.0s' $(seq 200))--bnance.com/" s8
exec "$OUT/fuzz_mod_check" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 \
    -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$OUT/" \
    "$OUT/moderation-corpus"
