#!/bin/sh
# Runs the signing benchmarks (software token and SoftHSM2; RSA-2048 and P-256; 1 and 2 threads) and `openssl speed`,
# then prints every pool figure as a ratio to the raw baseline of the same run. Output: benchmarks/target/results.
# Usage, from the repository root, after `./mvnw -B -q -pl benchmarks -am package -DskipTests`:
#   benchmarks/run.sh [extra JMH options]
set -eu
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=benchmarks/target/results
mkdir -p "$OUT"
export SOFTHSM2_CONF="$PWD/benchmarks/target/softhsm2/softhsm2.conf"
benchmarks/softhsm-token.sh >/dev/null
{ date -u; "$JAVA" -version 2>&1 | head -1; echo "cpus: $(nproc)"; } > "$OUT/machine.txt"
# One JMH invocation per (token, key, threads) keeps a configuration's raw and pool figures within a minute of each
# other, so a neighbour's build that starts half-way through skews one ratio, not all of them.
for threads in 1 2; do
  for key in RSA_2048 EC_P256; do
    for token in SoftwareTokenBenchmark SoftHsmBenchmark; do
      name="$token-$key-t$threads"
      echo "$name before: $(uptime)" >> "$OUT/machine.txt"
      "$JAVA" -jar benchmarks/target/benchmarks.jar "io.sigillum.benchmarks.signer.$token" -p keyAlgorithm="$key" \
        -t "$threads" -rf json -rff "$OUT/jmh-$name.json" "$@" > "$OUT/jmh-$name.log" 2>&1
      echo "$name after:  $(uptime)" >> "$OUT/machine.txt"
    done
  done
done
echo "openssl before: $(uptime)" >> "$OUT/machine.txt"
openssl speed -seconds 3 rsa2048 ecdsap256 > "$OUT/openssl-speed-1.txt" 2>&1
openssl speed -seconds 3 -multi 2 rsa2048 ecdsap256 > "$OUT/openssl-speed-multi2.txt" 2>&1
echo "openssl after:  $(uptime)" >> "$OUT/machine.txt"
python3 benchmarks/ratios.py "$OUT"
