#!/usr/bin/env bash
# Runs one journey simulation (Gatling, open model) against a gateway of its own, on 127.0.0.1 only, every phase bounded
# in time: builds the gateway and the simulations, starts the gateway (loadtest profile, fresh embedded PostgreSQL and
# Redis, SIMULATION's load users), runs a warm-up and a measured phase, prints Gatling's assertions and the journey
# summary (steps, OK/KO, p50/p95/p99, journeys/s, CPU of the gateway and of the load generator), stops the gateway.
# Exits non-zero when an assertion fails. Called by the run-*.sh scripts next to it, which choose the defaults.
# Usage: load-tests/journey.sh SIMULATION RATE SECONDS WARMUP_SECONDS LOAD_USERS
# Environment: PORT (18181), P99 (ms per step, the simulation's default 1500), SKIP_BUILD=1 (reuse the last build),
# MAVEN_ARGS (e.g. -o), SERVER_CPU / CLIENT_CPU (taskset CPU lists, as in lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SIMULATION=$1; RATE=$2; SECS=$3; WARMUP=$4; USERS=$5
PORT=${PORT:-18181}; BASE="http://127.0.0.1:$PORT"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
WORK=$(mktemp -d /tmp/sigillum-journey.XXXXXX)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  timeout 900 ./mvnw -B -q -pl gateway,load-tests -am -DskipTests package
fi
cp gateway/target/gateway-0.1.0-SNAPSHOT.jar "$WORK/gateway.jar"   # a rebuild must not pull the jar from under the running JVM
. load-tests/lib.sh
GATEWAY_ARGS="--sigillum.dev-data.load-users=$USERS ${GATEWAY_ARGS:-}"
echo "== $SIMULATION: gateway on $BASE with $USERS load users ($(load))"
start_gateway

echo "== $SIMULATION: $RATE journeys/s, ${WARMUP} s warm-up + ${SECS} s measured ($(load))"
STATUS=0
timeout $((WARMUP + SECS + 300)) ${CLIENT_CPU:+taskset -c "$CLIENT_CPU"} ./mvnw -B -q -pl load-tests gatling:test \
  -Dgatling.simulationClass="io.sigillum.loadtests.$SIMULATION" -DbaseUrl="$BASE" -Doutbox="$WORK/sms.jsonl" \
  -Drate="$RATE" -Dseconds="$SECS" -Dwarmup="$WARMUP" -Dusers="$USERS" -DgatewayPid="$GATEWAY_JVM" \
  -Dsummary="$WORK/summary.txt" ${P99:+-Dp99="$P99"} -Dgatling.gcLog="$WORK/gatling-gc.log" > "$WORK/gatling.log" 2>&1 \
  || STATUS=$?
if [ -s "$WORK/summary.txt" ]; then
  cat "$WORK/summary.txt"
else
  tail -40 "$WORK/gatling.log"
fi
generator_pauses "$WORK/gatling-gc.log"
echo "Gatling's assertions (failed < 1 % of all requests; p99 of each measured step):"
grep -E ' : (true|false) \(actual' "$WORK/gatling.log" | sed 's/^/   /' || true
echo "$(load) on $(nproc) cores, shared with whatever else runs; raw outputs (Gatling log and report, gateway log): $WORK"
[ "$STATUS" = 0 ] && echo "$SIMULATION: passed" || echo "$SIMULATION: FAILED (exit $STATUS)"
exit "$STATUS"
