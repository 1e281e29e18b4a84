#!/usr/bin/env bash
# Where one signHash request's CPU goes, per process and per thread group of the gateway's JVM, on 127.0.0.1 only and
# bounded in time. Starts its own gateway from the built jar (loadtest profile, fresh embedded PostgreSQL and Redis),
# drives signHash over N hashes with wrk (a warm-up, then the measured run), and prints the CPU each took per request,
# read from /proc: the gateway JVM by thread group (event loops, R2DBC and Lettuce threads, signing workers, the JIT's
# compiler threads, the GC), PostgreSQL and Redis. A JFR profile samples only threads running Java code, so it cannot
# show the signing workers' native time, the JIT or the GC: this can. It also prints how busy the machine was (a run
# that leaves a core partly idle is bound by latency, not by CPU). With JFR=FILE it records a JFR profile of the
# measured run (CPU sampled every 1 ms, allocation samples). With PROFILE=FILE it attaches async-profiler for the
# measured run instead (load-tests/async-profiler.sh): every thread's CPU every 1 ms, kernel and native frames included,
# written as FILE's extension says (.html: a flame graph; .collapsed: one line per stack, the thread first);
# PROFILE_EVENT=wall samples waiting threads too (where the signing workers wait, say).
# Usage: load-tests/cpu-per-request.sh [hashes, default 1] [seconds, default 20]; WARMUP (s, default 60), CONNS (64),
#   GATEWAY_ARGS (more application arguments, e.g. a setting to compare), JAR (another build of the gateway, for an A/B)
# Needs the gateway built: ./mvnw -B -q -pl gateway -am -DskipTests package
set -uo pipefail
cd "$(dirname "$0")/.."
N=${1:-1}; SECS=${2:-20}; CONNS=${CONNS:-64}; PORT=${PORT:-18080}; BASE="http://127.0.0.1:$PORT"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
WORK=$(mktemp -d /tmp/sigillum-cpu.XXXXXX)
cp "${JAR:-gateway/target/gateway-0.1.0-SNAPSHOT.jar}" "$WORK/gateway.jar" || exit 1
. load-tests/lib.sh

# threads PID — "group ticks" per thread group (the thread's name without its digits)
threads() {
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr -d '0-9' < "$t/comm" | tr ' ' '_')" "$(awk '{print $14 + $15}' "$t/stat")"
  done 2>/dev/null | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}

GATEWAY_ARGS="--sigillum.admission.signing-max-in-flight=$CONNS ${GATEWAY_ARGS:-}" start_gateway
prepare "$N"
URL="$BASE/csc/v2/signatures/signHash"
warm_up "${WARMUP:-60}" -s "$WORK/post-$N.lua" "$URL"
if [ -n "${JFR:-}" ]; then
  "$(dirname "$JAVA")/jfr" configure --input profile jdk.ExecutionSample#period=1ms --output "$WORK/p.jfc" > /dev/null
  "$(dirname "$JAVA")/jcmd" "$GATEWAY_JVM" JFR.start name=measured settings="$WORK/p.jfc" filename="$(realpath -m "$JFR")" > /dev/null
fi
if [ -n "${PROFILE:-}" ]; then
  # the options in inner quotes: jcmd would otherwise split them at '=' and the agent would see none
  PROFILER=$(load-tests/async-profiler.sh) || exit 1
  "$(dirname "$JAVA")/jcmd" "$GATEWAY_JVM" JVMTI.agent_load "$PROFILER" \
      "\"start,event=${PROFILE_EVENT:-cpu},interval=1ms,threads\"" > /dev/null
fi
threads "$GATEWAY_JVM" > "$WORK/threads0"; pg0=$(ticks $(postgres_pids)); redis0=$(ticks "$(redis_pid)")
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$WORK/post-$N.lua" "$URL" > "$WORK/wrk.txt" &
generator=$!
# how busy the machine was: a run that leaves a core partly idle is bound by latency, not by CPU (lib.sh's window)
sleep 0.5; cpu_watch "$generator"; m0=$(cpu_mark); sleep $((SECS - 2)); m1=$(cpu_mark)
wait "$generator"
threads "$GATEWAY_JVM" > "$WORK/threads1"; pg1=$(ticks $(postgres_pids)); redis1=$(ticks "$(redis_pid)")
[ -z "${JFR:-}" ] || "$(dirname "$JAVA")/jcmd" "$GATEWAY_JVM" JFR.stop name=measured > /dev/null
[ -z "${PROFILE:-}" ] || "$(dirname "$JAVA")/jcmd" "$GATEWAY_JVM" JVMTI.agent_load "$PROFILER" \
    "\"stop,file=$(realpath -m "$PROFILE")\"" > /dev/null
stop_gateway

grep -E 'Requests/sec|Non-2xx|99%' "$WORK/wrk.txt"
cpu_report "signhash-$N" "$m0" "$m1"
requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
hz=$(getconf CLK_TCK)
per() { echo $(( $1 * 1000000 / hz / requests )); }
echo "CPU per request, signHash x$N ($requests requests, $(load)), in µs:"
join "$WORK/threads0" "$WORK/threads1" | awk '{print $1, $3 - $2}' | sort -k2 -n -r | while read -r group ticks; do
  [ "$ticks" -gt 0 ] && printf '   gateway %-24s %6d\n' "$group" "$(per "$ticks")"
done
printf '   %-32s %6d\n' PostgreSQL "$(per $((pg1 - pg0)))" Redis "$(per $((redis1 - redis0)))"
echo "raw outputs: $WORK"
