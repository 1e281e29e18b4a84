#!/bin/sh
# The signHash hot path stage by stage (HotPathBenchmark), against one raw ACCP P-256 signature of the same run, and the
# machine's load before and after. Needs the local PostgreSQL and Redis of the benchmark (see benchmarks/README.md);
# resets the database's public schema. Output: benchmarks/target/results/hotpath-*.
# Usage, from the repository root, after `./mvnw -B -q -pl benchmarks -am package -DskipTests`:
#   benchmarks/hotpath.sh [extra JMH options, e.g. -jvmArgsPrepend -Dhotpath.redis.url=redis://127.0.0.1:6379/9]
set -eu
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=benchmarks/target/results
mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M)
echo "before: $(uptime)" | tee "$OUT/hotpath-$STAMP-machine.txt"
"$JAVA" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar 'gateway.HotPathBenchmark' \
    -rf json -rff "$OUT/hotpath-$STAMP.json" "$@" > "$OUT/hotpath-$STAMP.log" 2>&1
echo "after:  $(uptime)" | tee -a "$OUT/hotpath-$STAMP-machine.txt"
python3 benchmarks/hotpath.py "$OUT/hotpath-$STAMP.json" | tee "$OUT/hotpath-$STAMP.md"
