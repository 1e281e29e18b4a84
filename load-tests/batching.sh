#!/usr/bin/env bash
# How much of its fixed cost a signHash x1 request shares with others, at the closed-model maximum and at half of it:
# on 127.0.0.1 only, every phase bounded in time. Starts its own gateway from the built jar (loadtest profile, fresh
# embedded PostgreSQL and Redis), then
#   1. wrk, 64 connections: a warm-up, then SECS measured (the closed-model maximum, M requests/s);
#   2. Gatling's open model at M/2 (or RATE): 20 s warm-up, then 60 s, as in measure.sh's row 3a;
# and for each phase counts, before and after (warm-up included for phase 2): PostgreSQL commits
# (pg_stat_database.xact_commit) and audit records, Redis commands (total_commands_processed: the calls a script makes
# count too) and the context switches of every gateway thread (/proc/PID/task/*/status). Printed per request: commits,
# records per commit, Redis commands, context switches, and the gateway's CPU (with its stores), in µs.
# A request that travels alone pays its commit, wake-ups and round trips alone: this tells how much that happens.
# Usage: load-tests/batching.sh [seconds, default 15]; WARMUP (s, default 60), RATE (open-model rate, default half the
#   maximum); needs the gateway built (./mvnw -B -q -pl gateway -am -DskipTests package) and psql
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-15}; CONNS=64; PORT=${PORT:-18080}; BASE="http://127.0.0.1:$PORT"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
WORK=$(mktemp -d /tmp/sigillum-batching.XXXXXX)
cp gateway/target/gateway-0.1.0-SNAPSHOT.jar "$WORK/gateway.jar"
. load-tests/lib.sh

GATEWAY_ARGS="--sigillum.admission.signing-max-in-flight=$CONNS" start_gateway
PG_PORT=$(postgres_port); REDIS_PORT=$(redis_port)
sql() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -At -c "$1"; }

# counters — "commits records redis-commands context-switches server-ticks epoch-ms"
counters() {
  echo "$(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")" \
       "$(sql "SELECT count(*) FROM audit_record")" \
       "$(redis-cli -p "$REDIS_PORT" info stats | awk -F: '/^total_commands_processed/ {print $2 + 0}')" \
       "$(cat /proc/"$GATEWAY_JVM"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {t += $2} END {print t}')" \
       "$(ticks $(server_pids))" "$(date +%s%3N)"
}

# report NAME REQUESTS BEFORE AFTER
report() {
  python3 - "$@" "$(getconf CLK_TCK)" <<'PY'
import sys
name, requests, before, after, hz = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split(), int(sys.argv[5])
commits, records, redis, switches, ticks, ms = (int(b) - int(a) for a, b in zip(before, after))
print(f"   {name}: {requests} requests, {records} audited, in {ms / 1000:.0f} s; per request: "
      f"{commits / requests:.3f} PostgreSQL commits ({records / max(commits, 1):.1f} records each), "
      f"{redis / requests:.2f} Redis commands, {switches / requests:.1f} gateway context switches, "
      f"{ticks * 1e6 / hz / requests:.0f} µs of gateway+stores CPU")
PY
}

prepare 1
URL="$BASE/csc/v2/signatures/signHash"
echo "== 1. closed model, wrk, $CONNS connections: ${WARMUP:-60} s warm-up, ${SECS} s measured ($(load))"
warm_up "${WARMUP:-60}" -s "$WORK/post-1.lua" "$URL"
c0=$(counters)
wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$WORK/post-1.lua" "$URL" > "$WORK/wrk-closed.txt"
c1=$(counters)
grep -E 'Requests/sec|Non-2xx' "$WORK/wrk-closed.txt"
report closed "$(awk '/requests in/ {print $1}' "$WORK/wrk-closed.txt")" "$c0" "$c1"

RATE=${RATE:-$(( $(ok_rate closed) / 2 ))}
echo "== 2. open model, Gatling, $RATE/s: 20 s warm-up and 60 s measured, both counted ($(load))"
sleep 1.2 # the resend cooldown of the SMS code (1 s in the loadtest profile)
c2=$(counters)
timeout 300 ./mvnw -B -q ${MVN_FLAGS:-} -pl load-tests gatling:test -Dgatling.simulationClass=io.sigillum.loadtests.SignHashSimulation \
  -DbaseUrl="$BASE" -Doutbox="$WORK/sms.jsonl" -Dbatch=1 -Dphase=open -Drate="$RATE" -Dseconds=60 -Dwarmup=20 \
  -Dconnections="$CONNS" -Dsummary="$WORK/open-summary.txt" -Dgatling.gcLog="$WORK/gatling-gc.log" > "$WORK/open.log" 2>&1 || true
c3=$(counters)
[ -f "$WORK/open-summary.txt" ] || { echo "   Gatling failed; see $WORK/open.log"; exit 1; }
grep -E '^(all_p99_ms|status_200_count|status_503_count)=' "$WORK/open-summary.txt" | sed 's/^/   /' | tr '\n' ' '; echo
report open $((RATE * 80)) "$c2" "$c3"
stop_gateway
echo "raw outputs: $WORK"
