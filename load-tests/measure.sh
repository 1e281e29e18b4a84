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
echo "== raw EC P-256 signing, ACCP, 2 threads, JMH ($(uptime | sed 's/.*load average: //'))"
"$JAVA" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar 'SoftwareTokenBenchmark.raw$' \
    -p keyAlgorithm=EC_P256 -t 2 -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$WORK/jmh-raw.json" | grep -E '^SoftwareTokenBenchmark.raw'
(cd "$WORK" && exec "$JAVA" -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED -jar "$WORK/gateway.jar" \
    --spring.profiles.active=loadtest --server.port="$PORT" --sigillum.embedded.data-dir="$WORK/data" \
    --sigillum.messaging.outbox-file="$WORK/sms.jsonl" > "$WORK/gateway.log" 2>&1) &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null; wait $GATEWAY 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do curl -sf "$BASE/actuator/health" >/dev/null && break; sleep 1; done

TOKEN=$(curl -sf -u demo-platform:demo-secret -d grant_type=client_credentials "$BASE/oauth2/token" | jq -er .access_token)
csc() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2" "$BASE/csc/v2/$1"; }
CRED=$(csc credentials/list '{"userID":"demo-user"}' | jq -er '.credentialIDs[0]')

# a SAD good for many signatures over N hashes; the body file is what wrk posts
prepare() {
  local n=$1 hashes code sad
  hashes=$(for i in $(seq 1 "$n"); do printf 'doc %s' "$i" | openssl dgst -sha256 -binary | base64; done | jq -R . | jq -sc .)
  csc credentials/getChallenge "{\"credentialID\":\"$CRED\"}" >/dev/null; sleep 0.2
  code=$(tail -n 1 "$WORK/sms.jsonl" | jq -er .code)
  sad=$(csc credentials/authorize "{\"credentialID\":\"$CRED\",\"numSignatures\":100000000,\"hashes\":$hashes,\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"authData\":[{\"id\":\"PIN\",\"value\":\"12345678\"},{\"id\":\"OTP\",\"value\":\"$code\"}]}" | jq -er .SAD)
  printf '{"credentialID":"%s","SAD":"%s","hashes":%s,"hashAlgorithmOID":"2.16.840.1.101.3.4.2.1","signAlgo":"1.2.840.10045.4.3.2"}' "$CRED" "$sad" "$hashes" > "$WORK/body-$n.json"
  cat > "$WORK/post-$n.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local f = io.open("$WORK/body-$n.json"); wrk.body = f:read("*a"); f:close()
LUA
  sleep 1.1  # the loadtest profile's resend cooldown
}
prepare 1; prepare 100

run() { # name, extra args...
  local name=$1; shift
  wrk -t2 -c"$CONNS" -d"${WARMUP:-20}s" "$@" >/dev/null 2>&1 || true    # warm-up: the JIT needs ~20 s here
  echo "== $name ($(uptime | sed 's/.*load average: //'))"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@" | tee "$WORK/wrk-$name.txt" | grep -E 'Requests/sec|Latency|99%|Non-2xx'
}
run baseline "$BASE/_baseline/const"
run signhash-1 -s "$WORK/post-1.lua" "$BASE/csc/v2/signatures/signHash"
run signhash-100 -s "$WORK/post-100.lua" "$BASE/csc/v2/signatures/signHash"

SINGLE=$(grep Requests/sec "$WORK/wrk-signhash-1.txt" | awk '{printf "%d", $2}')
HALF=$((SINGLE / 2))
echo "== signHash x1 open model at $HALF req/s (half the measured maximum), Gatling"
timeout $((SECS + 240)) ./mvnw -B -q -pl load-tests gatling:test -Dgatling.simulationClass=io.sigillum.loadtests.SignHashSimulation \
  -DbaseUrl="$BASE" -Doutbox="$WORK/sms.jsonl" -Dbatch=1 -Dseconds="$SECS" -Drate="$HALF" -Dphase=open \
  | grep -E 'request count|mean throughput|percentile|failed events' || true
echo "raw outputs: $WORK"
