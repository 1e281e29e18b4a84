#!/usr/bin/env bash
# Starts a gateway (loadtest profile, fresh embedded data) on 127.0.0.1, runs the signHash simulation against it, stops it.
# Usage: load-tests/run-signhash.sh [batch] [users] [seconds] [open-model rate]   — every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
BATCH=${1:-1}; USERS=${2:-64}; SECONDS_PER_PHASE=${3:-20}; RATE=${4:-0}
PORT=${PORT:-18080}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
WORK=$(mktemp -d /tmp/sigillum-load.XXXXXX)

./mvnw -B -q -pl gateway -am -DskipTests package
cp gateway/target/gateway-0.1.0-SNAPSHOT.jar "$WORK/gateway.jar"   # a rebuild must not pull the jar from under the running JVM
(cd "$WORK" && exec "$JAVA" -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$WORK/gateway.jar" \
    --spring.profiles.active=loadtest --server.port="$PORT" --server.address=127.0.0.1 \
    --sigillum.embedded.data-dir="$WORK/data" --sigillum.messaging.outbox-file="$WORK/sms.jsonl" > "$WORK/gateway.log" 2>&1) &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null; wait $GATEWAY 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null || { echo "gateway did not start"; tail -20 "$WORK/gateway.log"; exit 1; }

timeout $((4 * SECONDS_PER_PHASE + 300)) ./mvnw -B -q -pl load-tests gatling:test \
  -Dgatling.simulationClass=io.sigillum.loadtests.SignHashSimulation \
  -DbaseUrl="http://127.0.0.1:$PORT" -Doutbox="$WORK/sms.jsonl" -Dbatch="$BATCH" -Dusers="$USERS" \
  -Dseconds="$SECONDS_PER_PHASE" -Drate="$RATE" -Dphase="${PHASE:-all}"
echo "gateway log: $WORK/gateway.log"
