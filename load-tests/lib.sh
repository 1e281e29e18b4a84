# Shared by the load scripts (sourced, not run): start a gateway of our own on 127.0.0.1 with fresh embedded data, and
# prepare SADs and wrk scripts over the CSC API as a platform would. Needs JAVA, PORT, BASE, WORK set. With SERVER_CPU
# and CLIENT_CPU (taskset CPU lists) the gateway and its embedded servers run on one set of cores and the load
# generators on another, so a generator never takes the CPU it is measuring. DATA_DIR (default $WORK/data) holds the
# embedded servers' data, so a second gateway in the same run starts fresh.

# start_gateway [extra java args...] — builds nothing; starts $WORK/gateway.jar (loadtest profile) and waits for health;
# GATEWAY_JVM_ARGS adds JVM options (e.g. -XX:+UseZGC), GATEWAY_ARGS application arguments; a script that starts more
# than one gateway keeps all their logs, one after the other, in $WORK/gateway.log
SCRAPE_TOKEN=${SCRAPE_TOKEN:-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')} # 48 hex digits
# metrics — the gateway's Prometheus scrape (served only with its scrape token)
metrics() { curl -sf -H "Authorization: Bearer $SCRAPE_TOKEN" "$BASE/actuator/prometheus"; }

start_gateway() {
  (cd "$WORK" && export SIGILLUM_METRICS_SCRAPE_TOKEN="$SCRAPE_TOKEN" && exec ${SERVER_CPU:+taskset -c "$SERVER_CPU"} "$JAVA" -Xms512m -Xmx512m -XX:MaxDirectMemorySize=256m \
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

# warm_up SECONDS [wrk args...] — wrk for SECONDS in two runs, the second the last 20 s (half when shorter). The end of
# a wrk run closes its connections, and the first time a warm gateway sees that, C2 throws away and recompiles hundreds
# of methods (the paths of closing and opening connections were never taken: ~260 made not entrant, ~600 compilations
# over ~12 s, RESULTS.md 2026-12-05); a measured run that starts right after a single warm-up run measures that storm.
# The second run starts it, and its 20 s let it pass.
warm_up() {
  local secs=$1 last; shift
  last=$(( secs >= 40 ? 20 : secs / 2 ))
  client wrk -t2 -c"$CONNS" -d"$((secs - last))s" "$@" >/dev/null 2>&1 || true
  [ "$last" -eq 0 ] || client wrk -t2 -c"$CONNS" -d"${last}s" "$@" >/dev/null 2>&1 || true
}

# wrk_run NAME [wrk args...] — a warm-up, then a measured closed-model run; the output lands in $WORK/wrk-NAME.txt, and
# the CPU that wrk, the gateway and the rest of the machine took during the measured run in $WORK/cpu.txt
wrk_run() {
  local name=$1 pid m0 m1; shift
  # warm-up: with C2 compiling on the same 2 cores, the batch path still got cheaper 2 min in (RESULTS.md, "Hot path")
  warm_up "${WARMUP:-45}" "$@"
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

# pg_activity_start FILE — samples, every 250 ms over one psql session, what PostgreSQL's background processes are
# doing: the checkpointer unless it is idle (its wait event: CheckpointWriteDelay while a spread checkpoint writes,
# DataFileSync while it syncs), each autovacuum worker's task (autovacuum:VACUUM_ANALYZE_public.audit_record) and what a
# statement under way waits for (statement-waits:IO:WalSync: a commit syncing the WAL). One line per sample: epoch ms,
# then the items. The session ends by itself when the gateway (and its PostgreSQL) stops.
pg_activity_start() {
  local sql="SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint || ' ' || coalesce(string_agg(CASE
      WHEN backend_type = 'checkpointer' THEN 'checkpointer:' || coalesce(wait_event, 'running')
      WHEN backend_type = 'client backend' THEN 'statement-waits:' || wait_event_type || ':' || wait_event
      ELSE translate(replace(coalesce(query, 'autovacuum'), 'autovacuum: ', 'autovacuum:'), ' ', '_') END, ' '), '')
    FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (backend_type = 'autovacuum worker'
      OR (backend_type = 'checkpointer' AND wait_event IS DISTINCT FROM 'CheckpointerMain')
      OR (backend_type = 'client backend' AND state = 'active' AND wait_event_type NOT IN ('Client', 'Activity')));"
  (while sleep 0.25; do echo "$sql"; done | psql -h 127.0.0.1 -p "$(postgres_port)" -U postgres -d postgres -qAt \
    > "$1" 2>/dev/null) &
  # the kernel's side of the disk: dirty page-cache data and data being written back, in kB (a write-back of data files,
  # PostgreSQL's or anyone's, queues on the same disk as the WAL's fdatasync that every commit waits for)
  # and, where the guest's kernel runs DAMON with a pageout scheme (a proactive reclaim of memory unused for a while,
  # seen on this kind of machine), the bytes it has paged out so far: a page-out of dirty file pages writes them, and
  # each scan clears the pages' accessed bits
  local damon=/sys/kernel/mm/damon/admin/kdamonds/0
  [ -w "$damon/state" ] && [ "$(cat "$damon/state")" = on ] || damon=''
  (while kill -0 $$ 2>/dev/null && sleep 0.25; do # until the script that started it ends
    [ -z "$damon" ] || echo update_schemes_stats > "$damon/state" 2>/dev/null
    awk -v ms="$(date +%s%3N)" -v damon="${damon:+$damon/contexts/0/schemes/0/stats/sz_applied}" '
      /^Dirty:/ { d = $2 } /^Writeback:/ { w = $2 }
      END { p = 0; if (damon != "") { getline p < damon }; print ms, d, w, p }' /proc/meminfo
  done > "$1.disk") &
}

# jvm_start_ms — the running gateway's JVM start in epoch ms, from its last "Started" line, to place its GC log's
# uptimes on a client's clock
jvm_start_ms() {
  local started
  started=$(grep 'Started GatewayApplication' "$WORK/gateway.log" | tail -1 \
    | sed -E 's/^([^ ]+).*process running for ([0-9.]+)\)$/\1 \2/')
  echo $(( $(date -d "${started% *}" +%s%3N) - $(awk -v s="${started#* }" 'BEGIN { printf "%d", s * 1000 }') ))
}

# slowest_windows SERIES STARTED_MS JVM_START_MS [N, 5] [PG_ACTIVITY] — the N slowest 250 ms windows of service time of
# a BoundedOpenModel series (ms from STARTED_MS), each with what else happened within a second of it: the gateway's GC
# pauses and safepoints over 10 ms (lib.sh's GC log), the WAL segments PostgreSQL created (each 16 MB zero-filled and
# synced while commits wait) and, from pg_activity_start's samples, a checkpoint under way, an autovacuum or a statement
# waiting
slowest_windows() {
  local series=$1 started=$2 offset=$(( $2 - $3 )) n=${4:-5} activity=${5:-/dev/null} w ms at pauses segments pg disk
  for f in "${DATA_DIR:-$WORK/data}"/postgres/pg_wal/0*; do
    awk -v born="$(stat -c %.3W "$f")" -v started="$started" 'BEGIN { printf "%d\n", born * 1000 - started }'
  done > "$WORK/wal-births.txt" 2>/dev/null
  awk '$3 >= 0 { w = int($1 / 250); if ($3 > m[w]) m[w] = $3 } END { for (w in m) printf "%d %.0f\n", w, m[w] }' \
      "$series" | sort -k2 -n -r | head -"$n" | while read -r w ms; do
    at=$(( w * 250 ))
    pauses=$(awk -F'[][]' -v lo="$(( offset + at - 1000 ))" -v hi="$(( offset + at + 1250 ))" -v off="$offset" '
        /Pause .*ms$/ { t = $2 + 0; d = $NF; sub(/.* /, "", d); d += 0
                        if (t * 1000 >= lo && t * 1000 <= hi && d > 10) printf " %s %.0f ms at %.2f s;", ($0 ~ /Remark/ ? "remark" : "pause"), d, t - off / 1000 }
        /Safepoint/   { t = $2 + 0; r = $0; sub(/.*Reaching safepoint: /, "", r); s = $0; sub(/.*At safepoint: /, "", s)
                        d = (r + s) / 1e6
                        if (t * 1000 >= lo && t * 1000 <= hi && d > 10) printf " safepoint %.0f ms at %.2f s;", d, t - off / 1000 }' \
        "$WORK/gc.log"*)
    segments=$(awk -v at="$at" '$1 >= at - 1000 && $1 <= at + 1250 { printf " WAL segment at %.2f s;", $1 / 1000 }' \
        "$WORK/wal-births.txt")
    pg=$(awk -v lo="$(( started + at - 1000 ))" -v hi="$(( started + at + 1250 ))" \
        '$1 >= lo && $1 <= hi { for (i = 2; i <= NF; i++) seen[$i] = 1 } END { for (s in seen) printf " %s;", s }' "$activity")
    disk=$(awk -v lo="$(( started + at - 1000 ))" -v hi="$(( started + at + 1250 ))" \
        '$1 >= lo && $1 <= hi { if ($2 > d) d = $2; if ($3 > w) w = $3; if (!n++) p0 = $4; p1 = $4 }
         END { if (d + w > 0) printf " dirty up to %.0f MB, write-back up to %.0f MB;", d / 1024, w / 1024
               if (p1 > p0) printf " DAMON paged out %.0f MB;", (p1 - p0) / 1048576 }' \
        "$activity.disk" 2>/dev/null)
    printf '   %5.0f ms at %6.2f s (gateway uptime %d s):%s\n' "$ms" "$(awk -v a="$at" 'BEGIN { print a / 1000 }')" \
        "$(( (offset + at) / 1000 ))" "${pauses}${segments}${pg}${disk}"
    [ -n "$pauses$segments$pg" ] || echo "      (no pause, no segment, no checkpoint or autovacuum)"
  done
}

# redis_latency_reset — turns on Redis' latency monitor (events of 20 ms or more) and clears it, for stall_report
redis_latency_reset() {
  redis-cli -p "$(redis_port)" CONFIG SET latency-monitor-threshold 20 >/dev/null
  redis-cli -p "$(redis_port)" LATENCY RESET >/dev/null
}

# signing_refusals — the signing class's refusals at the edge so far, by reason: "full=N standing=N waited=N" (line full,
# line standing, waited in line past max-wait; sigillum.admission.rejected)
signing_refusals() {
  metrics | awk '/^sigillum_admission_rejected_total\{/ && /class="signing"/ {
    match($0, /reason="[a-z]+"/); printf "%s=%d ", substr($0, RSTART + 8, RLENGTH - 9), $NF }'
}

# refusals_since "BEFORE" — the signing refusals since BEFORE (a signing_refusals line), by reason
refusals_since() {
  signing_refusals | tr ' ' '\n' | awk -F= -v before="$1" '
    BEGIN { n = split(before, b, " "); for (i = 1; i <= n; i++) { split(b[i], kv, "="); was[kv[1]] = kv[2] } }
    NF == 2 { printf "%s%s %d", (k++ ? ", " : ""), $1, $2 - was[$1] } END { print "" }'
}

# stall_report — the store side of a stall: the longest audit group commit of the last ~2 minutes (Micrometer's
# decaying max) and Redis' own latency events since redis_latency_reset
stall_report() {
  local commit redis
  commit=$(metrics | awk '/^sigillum_audit_commits_seconds_max/ { if ($2 > m) m = $2 }
    END { printf "%.0f ms", m * 1000 }')
  redis=$(redis-cli -p "$(redis_port)" LATENCY LATEST | paste - - - - | awk 'NF >= 4 { printf "%s%s %s ms", (n++ ? ", " : ""), $1, $4 }')
  echo "longest audit commit (last ~2 min): $commit; Redis latency events of 20 ms or more (the longest): ${redis:-none}"
}
