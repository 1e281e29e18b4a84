# Shared by the load scripts (sourced, not run): start a gateway of our own on 127.0.0.1 with fresh embedded data, and
# prepare SADs and wrk scripts over the CSC API as a platform would. Needs JAVA, PORT, BASE, WORK set. With SERVER_CPU
# and CLIENT_CPU (taskset CPU lists) the gateway and its embedded servers run on one set of cores and the load
# generators on another, so a generator never takes the CPU it is measuring. DATA_DIR (default $WORK/data) holds the
# embedded servers' data, so a second gateway in the same run starts fresh.

# start_gateway [extra java args...] — builds nothing; starts $WORK/gateway.jar (loadtest profile) and waits for health;
# GATEWAY_JVM_ARGS adds JVM options (e.g. -XX:+UseZGC), GATEWAY_ARGS application arguments; a script that starts more
# than one gateway keeps all their logs, one after the other, in $WORK/gateway.log
start_gateway() {
  (cd "$WORK" && exec ${SERVER_CPU:+taskset -c "$SERVER_CPU"} "$JAVA" -Xms512m -Xmx512m -XX:MaxDirectMemorySize=256m \
      -Xlog:gc*,safepoint:file="$WORK/gc.log":uptime --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
      ${GATEWAY_JVM_ARGS:-} "$@" \
      -jar "$WORK/gateway.jar" --spring.profiles.active=loadtest --server.port="$PORT" --server.address=127.0.0.1 \
      --sigillum.embedded.data-dir="${DATA_DIR:-$WORK/data}" --sigillum.messaging.outbox-file="$WORK/sms.jsonl" \
      --sigillum.dev-data.admin-password=load-admin-pass ${GATEWAY_ARGS:-} >> "$WORK/gateway.log" 2>&1) &
  GATEWAY=$!
  trap stop_gateway EXIT
  for _ in $(seq 1 120); do curl -sf "$BASE/actuator/health" >/dev/null && break; sleep 1; done
  curl -sf "$BASE/actuator/health" >/dev/null || { echo "gateway did not start"; tail -20 "$WORK/gateway.log"; exit 1; }
  GATEWAY_JVM=$(pgrep -f -- "-jar $WORK/gateway.jar" | head -1)
  # STORE_CPU moves the embedded PostgreSQL (its postmaster, so every backend it forks) and Redis to other cores, as a
  # deployment with the stores on their own hosts would have them: the gateway's core then runs the gateway alone
  if [ -n "${STORE_CPU:-}" ]; then
    for pid in $(postgres_pids) $(redis_pid); do taskset -a -cp "$STORE_CPU" "$pid" >/dev/null; done
  fi
  TOKEN=$(curl -sf -u demo-platform:demo-secret -d grant_type=client_credentials "$BASE/oauth2/token" | jq -er .access_token)
  CRED=$(csc credentials/list '{"userID":"demo-user"}' | jq -er '.credentialIDs[0]')
}

# stop_gateway — stops the gateway of start_gateway (its embedded servers stop with it) and waits for it
stop_gateway() { kill "$GATEWAY" 2>/dev/null; wait "$GATEWAY" 2>/dev/null || true; trap - EXIT; }

csc() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2" "$BASE/csc/v2/$1"; }

# prepare N — a SAD good for many signatures over N hashes, and $WORK/post-N.lua for wrk to post it
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

# wrk_run NAME [wrk args...] — a warm-up, then a measured closed-model run; the output lands in $WORK/wrk-NAME.txt, and
# the CPU that wrk, the gateway and the rest of the machine took during the measured run in $WORK/cpu.txt
wrk_run() {
  local name=$1 pid m0 m1; shift
  # warm-up: with C2 compiling on the same 2 cores, the batch path still got cheaper 2 min in (RESULTS.md, "Hot path")
  client wrk -t2 -c"$CONNS" -d"${WARMUP:-45}s" "$@" >/dev/null 2>&1 || true
  echo "== $name ($(load))"
  client wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@" > "$WORK/wrk-$name.txt" &
  pid=$!
  # the window ends well before wrk does: a generator that has exited would count as having taken nothing
  sleep 0.5; cpu_watch "$pid"; m0=$(cpu_mark); sleep $((SECS - 2)); m1=$(cpu_mark)
  wait "$pid" || true
  grep -E 'Requests/sec|Latency|99%|Non-2xx' "$WORK/wrk-$name.txt"
  cpu_report "$name" "$m0" "$m1"
}

# --- CPU accounting: utime + stime from /proc, in clock ticks, sampled at the start and end of a measured window
# tree PID — the process and its descendants (a generator's Maven and the Gatling JVM it forks; taskset and wrk)
tree() { local c; echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
ticks() { local t=0 p v; for p in "$@"; do v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true); t=$((t + ${v:-0})); done; echo "$t"; }
# the server side: the gateway's JVM and its embedded PostgreSQL (every backend) and Redis
server_pids() { echo "$GATEWAY_JVM $(postgres_pids) $(redis_pid)"; }
# cpu_watch GENERATOR_PID — the processes the next marks read: the server's and the generator's (with its descendants).
# Taken once, before the window: on a saturated machine each pgrep waits for a CPU, and a mark that forked them all took
# seconds, long enough for the generator to exit before the end mark (its CPU then came out negative)
cpu_watch() { CPU_SERVER=$(server_pids); CPU_GENERATOR=$(tree "$1" | tr '\n' ' '); }
# cpu_mark — "epoch-ms server-ticks generator-ticks machine-ticks" (the processes of cpu_watch; the machine: user, nice,
# system, irq, softirq and steal of all CPUs), read by one awk
cpu_mark() {
  awk -v now="$(date +%s%3N)" -v server="$CPU_SERVER" -v generator="$CPU_GENERATOR" '
    function ticks(pids,   n, p, i, t, line, f) {
      n = split(pids, p, " ")
      for (i = 1; i <= n; i++) {
        line = ""
        if ((getline line < ("/proc/" p[i] "/stat")) > 0) {
          split(substr(line, index(line, ") ") + 2), f, " "); t += f[12] + f[13]  # utime, stime (fields 14, 15)
        }
        close("/proc/" p[i] "/stat")
      }
      return t + 0
    }
    BEGIN { getline cpu < "/proc/stat"; split(cpu, c, " ")
            print now, ticks(server), ticks(generator), c[2] + c[3] + c[4] + c[7] + c[8] + c[9] }'
}
# cpu_report NAME MARK0 MARK1 — cores used by the gateway (with its stores), the generator and everything else; the
# phase is marked starved when the machine was >= 95 % busy and the generator and the rest of the machine took >= 10 %
# of it: the server then did not get all the CPU it asked for (starved=generator or =others, whichever took more). A
# server alone using every core at its maximum throughput is not starved.
cpu_report() {
  # shellcheck disable=SC2086 # the marks are word lists
  awk -v name="$1" -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" -v a="$2" -v b="$3" 'BEGIN {
    split(a, x, " "); split(b, y, " "); secs = (y[1] - x[1]) / 1000;
    server = (y[2] - x[2]) / hz / secs; gen = (y[3] - x[3]) / hz / secs; machine = (y[4] - x[4]) / hz / secs;
    others = machine - server - gen; if (others < 0) others = 0;
    starved = (machine >= 0.95 * n && gen + others >= 0.1 * n) ? (gen >= others ? "generator" : "others") : "no";
    printf "   cpu %s, %.0f s, in cores of %d: gateway+stores %.2f, generator %.2f, others %.2f, machine %.2f; starved=%s\n",
        name, secs, n, server, gen, others, machine, starved }' | tee -a "$WORK/cpu.txt"
}

# client COMMAND... — runs a load generator on CLIENT_CPU when set
client() { ${CLIENT_CPU:+taskset -c "$CLIENT_CPU"} "$@"; }

# ok_rate NAME — the 2xx responses per second of a wrk run (wrk's Requests/sec counts refusals too)
ok_rate() {
  awk '/requests in/ {n = $1; d = $4} /Non-2xx/ {bad = $5} END {sub(/s$/, "", d); printf "%d", (n - bad) / d}' "$WORK/wrk-$1.txt"
}

# generator_pauses GC_LOG — the load generator's own GC pauses (load-tests/pom.xml logs them): each one delays every
# response it receives meanwhile, so a latency tail that matches one is the generator's, not the server's
generator_pauses() {
  grep -h 'Pause' "$1" 2>/dev/null | sed 's/.* \([0-9.]*\)ms$/\1/' | sort -n | awk '{n++; m=$1}
    END {if (n) printf "load generator: %d GC pauses, longest %.0f ms\n", n, m; else print "load generator: no GC pause"}'
}

load() { uptime | sed 's/.*load average: /load /'; }

# the embedded servers of the running gateway: PostgreSQL's processes and port, redis-server's pid and port
postgres_pids() { local pm; pm=$(head -1 "${DATA_DIR:-$WORK/data}/postgres/postmaster.pid"); echo "$pm $(pgrep -P "$pm" | tr '\n' ' ')"; }
postgres_port() { sed -n 4p "${DATA_DIR:-$WORK/data}/postgres/postmaster.pid"; }
redis_pid() { pgrep -P "$GATEWAY_JVM" redis-server | head -1; }
redis_port() { ss -ltnpH "( sport != :$PORT )" | grep "pid=$(redis_pid)," | awk '{print $4}' | sed 's/.*://' | head -1; }
