#!/usr/bin/env bash
# One open-model run, quicker than measure.sh, to find what holds the tail: a gateway as measure.sh starts it (fresh
# embedded data, the loadtest profile, lib.sh's JVM options) and BoundedOpenModel against it at RATE signHash x1 per
# second (64 keep-alive connections, requests wait for one in arrival order). Prints the summary, then the slowest
# 250 ms windows of service time, each with what else happened within a second of it (lib.sh's slowest_windows: the
# gateway's GC pauses and safepoints, PostgreSQL's new WAL segments, checkpoints and autovacuums), so a stall can be
# told from a pause at once.
#
# Usage: load-tests/open-model.sh RATE [measured seconds, 60] [warm-up seconds, 60]
#   (the gateway is fresh: after 20 s of warm-up a slow model still ran at its capacity for 30 s of the measured
#   minute, p99 1,088 ms; after 60 s, 248 ms: RESULTS.md)
#   BUILD=0 uses the jars already built; GATEWAY_JVM_ARGS and GATEWAY_ARGS as in lib.sh (e.g. a JFR recording:
#   GATEWAY_JVM_ARGS="-XX:StartFlightRecording=filename=/tmp/open.jfr,settings=profile,dumponexit=true").
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:?usage: load-tests/open-model.sh RATE [seconds] [warmup]}; MEASURED=${2:-60}; OPEN_WARMUP=${3:-60}
PORT=${PORT:-18080}; BASE="http://127.0.0.1:$PORT"; JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# the client takes one SAD for the whole run, and a SAD lives 5 minutes: past that every answer would be a 400
[ $(( MEASURED + OPEN_WARMUP )) -lt 290 ] || { echo "warm-up + measured must stay under 290 s (the SAD's lifetime)"; exit 2; }
WORK=$(mktemp -d /tmp/sigillum-open.XXXXXX)

[ "${BUILD:-1}" = 0 ] || ./mvnw -B -q ${MVN_FLAGS:-} -pl gateway,load-tests -am -DskipTests package
[ "${BUILD:-1}" = 0 ] && [ -f load-tests/target/classpath.txt ] || ./mvnw -B -q ${MVN_FLAGS:-} -pl load-tests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp gateway/target/gateway-0.1.0-SNAPSHOT.jar "$WORK/gateway.jar"
. load-tests/lib.sh
GATEWAY_ARGS="--sigillum.admission.signing-max-in-flight=64 ${GATEWAY_ARGS:-}" start_gateway
JVM_START=$(jvm_start_ms)
pg_activity_start "$WORK/pg-activity.txt"
redis_latency_reset
echo "== $(load); bounded open model at $RATE/s, ${OPEN_WARMUP} s warm-up, ${MEASURED} s measured; raw outputs: $WORK"
"$JAVA" -Xms2g -Xmx2g -Xmn1800m -XX:+AlwaysPreTouch -Xlog:gc:file="$WORK/bounded-gc.log":uptime \
  -cp "$(cat load-tests/target/classpath.txt):load-tests/target/test-classes" io.sigillum.loadtests.BoundedOpenModel \
  "$BASE" "$WORK/sms.jsonl" "$RATE" "$MEASURED" "$OPEN_WARMUP" 64 "$WORK/summary.txt" "$WORK/series.txt" \
  > "$WORK/bounded.log" 2>&1 || { tail -20 "$WORK/bounded.log"; exit 1; }
STALLS=$(stall_report)
stop_gateway
sed 's/^/   /' "$WORK/summary.txt" | grep -E 'rate=|all_|status_|late_'
echo "   slowest service times, by 250 ms of the measured run, with what else happened within 1 s: the gateway's"
echo "   pauses > 10 ms, the WAL segments created, a checkpoint under way, an autovacuum:"
slowest_windows "$WORK/series.txt" "$(cat "$WORK/summary.txt.started")" "$JVM_START" 5 "$WORK/pg-activity.txt"
echo "   $STALLS"
