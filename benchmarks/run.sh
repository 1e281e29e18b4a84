#!/bin/sh
# Runs the signing benchmarks (software token and SoftHSM2, RSA-2048 and P-256, 1 and 2 threads) plus `openssl speed`,
# then prints every pool figure as a ratio to the raw baseline of the same run. Results land in benchmarks/target/results.
# Usage (from the repository root, after `./mvnw -B -q -pl benchmarks -am package -DskipTests`):
#   benchmarks/run.sh [extra JMH options, e.g. -p keyAlgorithm=EC_P256]
set -eu
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=benchmarks/target/results
mkdir -p "$OUT"
export SOFTHSM2_CONF="$PWD/benchmarks/target/softhsm2/softhsm2.conf"
benchmarks/softhsm-token.sh >/dev/null
{ date -u; uptime; "$JAVA" -version 2>&1 | head -1; nproc; } > "$OUT/machine.txt"
for threads in 1 2; do
  echo "load before -t $threads: $(uptime)" >> "$OUT/machine.txt"
  "$JAVA" -jar benchmarks/target/benchmarks.jar 'io.sigillum.benchmarks.signer.*' -t "$threads" \
    -rf json -rff "$OUT/jmh-t$threads.json" "$@" > "$OUT/jmh-t$threads.log" 2>&1
  echo "load after -t $threads: $(uptime)" >> "$OUT/machine.txt"
done
openssl speed -seconds 3 -multi 2 rsa2048 ecdsap256 > "$OUT/openssl-speed-multi2.txt" 2>&1
openssl speed -seconds 3 rsa2048 ecdsap256 > "$OUT/openssl-speed-1.txt" 2>&1
echo "load at the end: $(uptime)" >> "$OUT/machine.txt"
python3 benchmarks/ratios.py "$OUT"
