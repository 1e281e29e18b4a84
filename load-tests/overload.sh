#!/usr/bin/env bash
# Overload and store-freeze checks of the signing path, one command, on 127.0.0.1 only, every phase bounded in time.
# Starts its own gateway (loadtest profile, fresh embedded PostgreSQL and Redis, 512 MB heap) and stops it. The gateway
# and its servers run on CPU 0 and the load generators (wrk, Gatling) on CPU 1 (SERVER_CPU / CLIENT_CPU to change), so
# "capacity" is that of a one-core server and the generator never takes the CPU it measures. STORE_CPU (e.g. 1) moves
# the embedded PostgreSQL and Redis off the gateway's core (next to the generator), as stores on their own hosts.
#  1. capacity: wrk, signHash x1, closed model, 32 connections (the signing in-flight limit) -> C signatures/s
#  2. overload: Gatling OverloadSimulation, open model at FACTOR x C for SECONDS (after a warm-up). Checked: nothing but
#     200 or 503; accepted p99 <= 100 ms; refused (503) p99 <= 10 ms; gateway peak RSS <= 1 GiB; and the SAD: signatures
#     spent from it = 200s the client received <= its OK audit records (no SAD spent on a request that got no signature)
#  3. freeze: open model at C/2 for 45 s with PostgreSQL SIGSTOPped for 10 s, then Redis for 5 s. Checked: nothing but
#     200 or 503, none slower than the signing deadline (2 s) + 1 s, the audit chain intact, the same SAD accounting.
# Usage: load-tests/overload.sh [seconds, default 60] [factor, default 2]; FREEZE=0 skips phase 3; OVERLOAD_RATE (per
#   second) offers that rate in phase 2 instead of factor x the capacity measured (an A/B of two jars at one rate: the
#   capacity phase runs on a gateway just started, and its figure moves by 3x from one run to the next)
set -uo pipefail
cd "$(dirname "$0")/.."
# capacity is measured with as many connections as the gateway admits signing requests (its default, 32), so that it
# counts signatures the server can make rather than refusals it can send
SECONDS_OVERLOAD=${1:-60}; FACTOR=${2:-2}; SECS=15; CONNS=${CAPACITY_CONNS:-32}; PORT=${PORT:-18080}; BASE="http://127.0.0.1:$PORT"
SERVER_CPU=${SERVER_CPU-0}; CLIENT_CPU=${CLIENT_CPU-1}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
WORK=$(mktemp -d /tmp/sigillum-overload.XXXXXX)
FAILED=0
check() { if eval "$2"; then echo "   ok   $1"; else echo "   FAIL $1"; FAILED=1; fi; }
value() { grep "^$2=" "$1" | cut -d= -f2 | head -1; }
cpu_seconds() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat" 2>/dev/null || echo 0; }

./mvnw -B -q -pl gateway,load-tests -am -DskipTests package || exit 1
cp gateway/target/gateway-0.1.0-SNAPSHOT.jar "$WORK/gateway.jar"
. load-tests/lib.sh
start_gateway
prepare 1

wrk_run capacity -s "$WORK/post-1.lua" "$BASE/csc/v2/signatures/signHash"
CAPACITY=$(ok_rate capacity)
echo "   capacity: $CAPACITY signatures/s (2xx only)"

# simulate NAME RATE SECONDS WARMUP — runs OverloadSimulation; its summary lands in $WORK/NAME.txt, its SAD in $WORK/NAME.sad
simulate() {
  timeout $(($3 + $4 + 300)) ${CLIENT_CPU:+taskset -c "$CLIENT_CPU"} ./mvnw -B -q -pl load-tests gatling:test -Dgatling.simulationClass=io.sigillum.loadtests.OverloadSimulation \
    -DbaseUrl="$BASE" -Doutbox="$WORK/sms.jsonl" -Drate="$2" -Dseconds="$3" -Dwarmup="$4" \
    -Dsummary="$WORK/$1.txt" -DsadFile="$WORK/$1.sad" -Dgatling.gcLog="$WORK/gatling-gc-$1.log" > "$WORK/gatling-$1.log" 2>&1
  local status=$?
  grep -E 'overload summary|^status_|^rate|request count|failed events' "$WORK/gatling-$1.log" | sed 's/^/   /'
  echo "   $(generator_pauses "$WORK/gatling-gc-$1.log") (warm-up and start included)"
  return $status
}

# sad_accounting NAME — every 200 the client received has its OK audit record, and the SAD spent exactly the 200s
# received: a call that released nothing (its answer from Redis came too late, its signing or its audit commit failed)
# gives its signatures back. OK records beyond the 200s are signatures never released whose audit commit landed after
# the gateway gave up on it (the safe side for an audit log): reported, not failed.
sad_accounting() {
  local sad id remaining spent audited received
  sleep 3  # the give-backs of the last calls run in the background
  sad=$(cat "$WORK/$1.sad"); id=$(printf '%s' "$sad" | sha256sum | cut -c1-32)
  remaining=$(redis-cli -p "$(redis_port)" HGET "sad:{$id}" remaining)
  spent=$((100000000 - remaining))
  audited=$(psql -h 127.0.0.1 -p "$(postgres_port)" -U postgres -d postgres -tAc \
      "SELECT count(*) FROM audit_record WHERE sad_id = '$id' AND operation = 'signHash' AND result = 'OK'")
  received=$(( $(value "$WORK/$1.txt" status_200_count || echo 0) + $(value "$WORK/$1.txt" warmup_200_count || echo 0) ))
  echo "   SAD $id: spent $spent, audited OK $audited, 200s received $received"
  check "every 200 received has its audit record ($((audited - received)) more OK records: commits that landed too late)" \
      "[ '$audited' -ge '$received' ]"
  check "SAD spent without a signature: $((spent - received)) (none allowed)" "[ $((spent - received)) -le 0 ]"
}

RATE=${OVERLOAD_RATE:-$((CAPACITY * FACTOR))}
OFFERED="$FACTOR x $CAPACITY"; [ -z "${OVERLOAD_RATE:-}" ] || OFFERED="OVERLOAD_RATE; capacity $CAPACITY"
echo "== overload: open model at $RATE/s ($OFFERED) for ${SECONDS_OVERLOAD} s after a 30 s warm-up ramping up to it ($(load))"
CPU0=$(cpu_seconds "$GATEWAY_JVM")
simulate overload "$RATE" "$SECONDS_OVERLOAD" 30 & SIM=$!
# the load generator's own CPU time, sampled while it runs (its JVM is gone by the time the run ends)
( sleep 20; gatling=$(pgrep -f 'io.gatling.app.Gatling' | head -1)
  while [ -n "$gatling" ] && kill -0 "$gatling" 2>/dev/null; do cpu_seconds "$gatling" > "$WORK/gatling-cpu"; sleep 2; done ) &
wait $SIM; SIM_STATUS=$?
echo "   CPU time: gateway $(echo "$(cpu_seconds "$GATEWAY_JVM") - $CPU0" | bc) s, load generator $(cat "$WORK/gatling-cpu" 2>/dev/null || echo '?') s (on its own core); $(load)"
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$GATEWAY_JVM/status")
echo "   gateway peak RSS $((RSS_KB / 1024)) MiB"
# the server's own share of a refusal (refused -> 503 committed), from its timer; what the client sees adds the wait
# for the request to be read (max: the largest of the last 2 minutes)
metrics | awk -F'[ ]' '/^sigillum_admission_refusals_seconds_(count|sum|max)\{class="signing"/ {
    split($1, n, "{"); v[n[1]] = $2 }
  END { c = v["sigillum_admission_refusals_seconds_count"]; if (c > 0) printf "   refusals timed on the server: %d, mean %.2f ms, max %.1f ms\n",
    c, 1000 * v["sigillum_admission_refusals_seconds_sum"] / c, 1000 * v["sigillum_admission_refusals_seconds_max"] }'
S=$WORK/overload.txt
check "only 200 or 503 (Gatling assertion)" "[ $SIM_STATUS = 0 ]"
check "accepted p99 $(value "$S" status_200_p99_ms) ms <= 100 ms" "[ '$(value "$S" status_200_p99_ms)' -le 100 ]"
check "refused p99 $(value "$S" status_503_p99_ms) ms <= 10 ms" "[ '$(value "$S" status_503_p99_ms || echo 0)' -le 10 ]"
check "peak RSS <= 1 GiB" "[ $RSS_KB -le 1048576 ]"
sad_accounting overload

HALF=$((CAPACITY / 2))
[ "${FREEZE:-1}" = 0 ] && { echo "raw outputs: $WORK (FREEZE=0: no freeze phase)"; exit $FAILED; }
echo "== freeze: open model at $HALF/s for 45 s; PostgreSQL stopped 10 s, then Redis 5 s ($(load))"
simulate freeze "$HALF" 45 5 & SIM=$!
for _ in $(seq 1 120); do [ -s "$WORK/freeze.sad" ] && break; sleep 1; done
sleep 15
PG=$(postgres_pids); RD=$(redis_pid)
echo "   $(date +%T) SIGSTOP PostgreSQL ($PG)"; kill -STOP $PG; sleep 10; kill -CONT $PG; echo "   $(date +%T) SIGCONT PostgreSQL"
sleep 7
echo "   $(date +%T) SIGSTOP Redis ($RD)"; kill -STOP "$RD"; sleep 5; kill -CONT "$RD"; echo "   $(date +%T) SIGCONT Redis"
wait $SIM; SIM_STATUS=$?
S=$WORK/freeze.txt
check "only 200 or 503 while frozen (Gatling assertion)" "[ $SIM_STATUS = 0 ]"
check "slowest 200 $(value "$S" status_200_max_ms) ms <= 3000 ms" "[ '$(value "$S" status_200_max_ms)' -le 3000 ]"
check "slowest 503 $(value "$S" status_503_max_ms || echo 0) ms <= 3000 ms" "[ '$(value "$S" status_503_max_ms || echo 0)' -le 3000 ]"
sad_accounting freeze
ADMIN=$(curl -sf "$BASE/api/v1/sessions" -H 'Content-Type: application/json' \
    -d '{"email":"admin@demo.local","password":"load-admin-pass"}' | jq -r .token)
curl -sf "$BASE/api/v1/org/operators" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"email":"load-operator@demo.local","password":"load operator pass","pointOfSale":"Load"}' >/dev/null
OPERATOR=$(curl -sf "$BASE/api/v1/sessions" -H 'Content-Type: application/json' \
    -d '{"email":"load-operator@demo.local","password":"load operator pass"}' | jq -r .token)
INTACT=$(curl -sf "$BASE/api/v1/operator/audit/verification" -H "Authorization: Bearer $OPERATOR" | jq -r .intact)
check "audit chain intact after the freezes" "[ '$INTACT' = true ]"
# a fresh SAD: the one made before the capacity phase may have outlived its 5 minutes by now (a long overload phase)
prepare 1
RESUMED=$(curl -s -w ' %{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data @"$WORK/body-1.json" "$BASE/csc/v2/signatures/signHash")
check "signing resumes without a restart (${RESUMED##* }$([ "${RESUMED##* }" = 200 ] || echo ": ${RESUMED% *}"))" "[ '${RESUMED##* }' = 200 ]"

echo "raw outputs: $WORK"
[ $FAILED = 0 ] && echo "overload.sh: all checks passed" || { echo "overload.sh: some checks failed"; exit 1; }
