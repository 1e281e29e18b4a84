#!/bin/sh
# Creates a fresh SoftHSM2 token for the benchmarks under benchmarks/target/softhsm2 (never a system token).
# Usage: export SOFTHSM2_CONF="$PWD/benchmarks/target/softhsm2/softhsm2.conf"; benchmarks/softhsm-token.sh
set -eu
: "${SOFTHSM2_CONF:?export SOFTHSM2_CONF=\$PWD/benchmarks/target/softhsm2/softhsm2.conf first}"
case "$SOFTHSM2_CONF" in */target/*) ;; *) echo "refusing: SOFTHSM2_CONF must be under a target/ directory" >&2; exit 1;; esac
DIR=$(dirname "$SOFTHSM2_CONF")
rm -rf "$DIR"
mkdir -p "$DIR/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' "$DIR" > "$SOFTHSM2_CONF"
softhsm2-util --init-token --free --label sigillum-bench --pin 1234 --so-pin 5678
