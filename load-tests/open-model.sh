#!/usr/bin/env bash
# One open-model run, quicker than measure.sh, to find what holds the tail: a gateway as measure.sh starts it (fresh
# embedded data, the loadtest profile, lib.sh's JVM options) and BoundedOpenModel against it at RATE signHash x1 per
# second (64 keep-alive connections, requests wait for one in arrival order). Prints the summary, then the slowest
# 250 ms windows of service time, each with the gateway's GC pauses and safepoints longer than 10 ms within a second of
# it (from lib.sh's GC log) and the WAL segments PostgreSQL created then (a new segment is 16 MB zero-filled and synced
# while commits wait), so a stall can be told from a pause at once.
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
WORK=$(mktemp -d /tmp/sigillum-open.XXXXXX)

[ "${BUILD:-1}" = 0 ] || ./mvnw -B -q ${MVN_FLAGS:-} -pl gateway,load-tests -am -DskipTests package
[ "${BUILD:-1}" = 0 ] && [ -f load-tests/target/classpath.txt ] || ./mvnw -B -q ${MVN_FLAGS:-} -pl load-tests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp gateway/target/gateway-0.1.0-SNAPSHOT.jar "$WORK/gateway.jar"
. load-tests/lib.sh
GATEWAY_ARGS="--sigillum.admission.signing-max-in-flight=64 ${GATEWAY_ARGS:-}" start_gateway
# the JVM's start in epoch ms, to place the GC log's uptimes on the series' clock
started=$(grep -m1 'Started GatewayApplication' "$WORK/gateway.log" | sed -E 's/^([^ ]+).*process running for ([0-9.]+)\)$/\1 \2/')
JVM_START=$(( $(date -d "${started% *}" +%s%3N) - $(awk -v s="${started#* }" 'BEGIN { printf "%d", s * 1000 }') ))
echo "== $(load); bounded open model at $RATE/s, ${OPEN_WARMUP} s warm-up, ${MEASURED} s measured; raw outputs: $WORK"
"$JAVA" -Xms2g -Xmx2g -Xmn1800m -XX:+AlwaysPreTouch -Xlog:gc:file="$WORK/bounded-gc.log":uptime \
  -cp "$(cat load-tests/target/classpath.txt):load-tests/target/test-classes" io.sigillum.loadtests.BoundedOpenModel \
  "$BASE" "$WORK/sms.jsonl" "$RATE" "$MEASURED" "$OPEN_WARMUP" 64 "$WORK/summary.txt" "$WORK/series.txt" \
  > "$WORK/bounded.log" 2>&1 || { tail -20 "$WORK/bounded.log"; exit 1; }
stop_gateway
sed 's/^/   /' "$WORK/summary.txt" | grep -E 'rate=|all_|status_|late_'
STARTED=$(cat "$WORK/summary.txt.started"); OFFSET=$(( STARTED - JVM_START ))
# each WAL segment's creation (its file's birth), in ms of the measured run
for f in "${DATA_DIR:-$WORK/data}"/postgres/pg_wal/0*; do
  awk -v born="$(stat -c %.3W "$f")" -v started="$STARTED" 'BEGIN { printf "%d\n", born * 1000 - started }'
done > "$WORK/wal-births.txt" 2>/dev/null
echo "   slowest service times, by 250 ms of the measured run, with the gateway's pauses > 10 ms and the WAL segments"
echo "   created within 1 s:"
awk '$3 >= 0 { w = int($1 / 250); if ($3 > m[w]) m[w] = $3 } END { for (w in m) printf "%d %.0f\n", w, m[w] }' \
    "$WORK/series.txt" | sort -k2 -n -r | head -5 | while read -r w ms; do
  at=$(( w * 250 )); up=$(( (OFFSET + at) / 1000 ))
  pauses=$(awk -F'[][]' -v lo="$(( OFFSET + at - 1000 ))" -v hi="$(( OFFSET + at + 1250 ))" -v off="$OFFSET" '
      /Pause .*ms$/ { t = $2 + 0; d = $NF; sub(/.* /, "", d); d += 0
                      if (t * 1000 >= lo && t * 1000 <= hi && d > 10) printf " %s %.0f ms at %.2f s;", ($0 ~ /Remark/ ? "remark" : "pause"), d, t - off / 1000 }
      /Safepoint/   { t = $2 + 0; r = $0; sub(/.*Reaching safepoint: /, "", r); s = $0; sub(/.*At safepoint: /, "", s)
                      d = (r + s) / 1e6
                      if (t * 1000 >= lo && t * 1000 <= hi && d > 10) printf " safepoint %.0f ms at %.2f s;", d, t - off / 1000 }' \
      "$WORK/gc.log"*)
  segments=$(awk -v at="$at" '$1 >= at - 1000 && $1 <= at + 1250 { printf " WAL segment at %.2f s;", $1 / 1000 }' \
      "$WORK/wal-births.txt")
  printf '   %5.0f ms at %6.2f s (gateway uptime %d s):%s\n' "$ms" "$(awk -v a="$at" 'BEGIN { print a / 1000 }')" "$up" \
      "${pauses}${segments}"
  [ -n "$pauses$segments" ] || echo "      (no pause, no segment)"
done
