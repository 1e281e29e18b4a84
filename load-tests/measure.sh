#!/usr/bin/env bash
# Measures the CSC signing path against the HTTP ceiling of the same server, in one run, on 127.0.0.1:
#   wrk: a constant endpoint (baseline), signHash with 1 hash, signHash with 100 hashes (closed model, max throughput);
#   Gatling: signHash with 1 hash at half the measured maximum (open model) for the p99 latency.
# Starts its own gateway (loadtest profile, fresh embedded data) and stops it. Every phase is bounded in time.
# Usage: load-tests/measure.sh [seconds per phase, default 15] [connections, default 64]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-15}; CONNS=${2:-64}; PORT=${PORT:-18080}; BASE="http://127.0.0.1:$PORT"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
WORK=$(mktemp -d /tmp/sigillum-measure.XXXXXX)

./mvnw -B -q -pl gateway,benchmarks -am -DskipTests package
cp gateway/target/gateway-0.1.0-SNAPSHOT.jar "$WORK/gateway.jar"

# baseline (a): raw signing with the fastest provider (ACCP), EC P-256 over a 32-byte digest, 2 threads, in-process (JMH)
echo "== raw EC P-256 signing, ACCP, 2 threads, JMH ($(uptime | sed 's/.*load average: /load /'))"
"$JAVA" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar 'SoftwareTokenBenchmark.raw$' \
    -p keyAlgorithm=EC_P256 -t 2 -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$WORK/jmh-raw.json" | grep -E '^SoftwareTokenBenchmark.raw'
. load-tests/lib.sh
# the path's throughput, not admission control: every connection may be in flight
GATEWAY_ARGS="--sigillum.admission.signing-max-in-flight=$CONNS"
start_gateway
prepare 1; prepare 100

wrk_run baseline "$BASE/_baseline/const"
wrk_run signhash-1 -s "$WORK/post-1.lua" "$BASE/csc/v2/signatures/signHash"
wrk_run signhash-100 -s "$WORK/post-100.lua" "$BASE/csc/v2/signatures/signHash"

SINGLE=$(grep Requests/sec "$WORK/wrk-signhash-1.txt" | awk '{printf "%d", $2}')
HALF=$((SINGLE / 2))
echo "== signHash x1 open model at $HALF req/s (half the measured maximum), Gatling"
timeout $((SECS + 240)) ./mvnw -B -q -pl load-tests gatling:test -Dgatling.simulationClass=io.sigillum.loadtests.SignHashSimulation \
  -DbaseUrl="$BASE" -Doutbox="$WORK/sms.jsonl" -Dbatch=1 -Dseconds="$SECS" -Drate="$HALF" -Dphase=open \
  | grep -E 'request count|mean throughput|percentile|failed events' || true
echo "raw outputs: $WORK"
