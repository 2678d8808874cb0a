#!/usr/bin/env bash
# The hub benchmark in one command: bench/run.sh [N] [concurrency]
#
# Builds (or reuses) the hub jar, compiles bench/src against it, starts the hub on non-default loopback ports
# with its own temporary data dir, posts N 4 KiB demo messages, then runs the bare loop (parse + validate +
# persistent send, no HTTP, no Camel, no database) in a separate JVM on its own broker, and prints the hub's
# figures as a share of the bare loop. Everything it starts it stops; every phase has a time limit.
#
# Environment (all optional):
#   BENCH_RATE=0           messages per second for the hub run; 0 = flat out
#   BENCH_WARMUP=40000     warm-up messages before each measured phase (not counted); the hub's JIT compiler
#                          needs most of them on two cores, see the summary's "JIT compiler" share
#   BENCH_BARE_N=4N        messages the bare loop measures: it is about six times faster than the hub, so with N
#                          its measured phase would last a few seconds, much of it still compiling
#   BENCH_SIZE=4096        message size in bytes
#   BENCH_HUB_ARGS=""      extra hub arguments, e.g. "--hub.pipeline.consumers=8"
#   BENCH_HUB_JVM=""       extra hub JVM options
#   BENCH_JFR=1            record a JFR profile of the hub and print its hottest frames (bench/src JfrTop)
#   BENCH_SKIP_HUB=1       no hub phase (floor and bare loop only)
#   BENCH_SKIP_FLOOR=1     no floor phase (bench/src FloorHub: only what the interface requires, same load)
#   BENCH_FLOOR_ARGS=""    extra floor arguments, e.g. "--ledger none" (no database at all)
#   BENCH_SKIP_BARE=1      no bare loop (no ratio)
#   BENCH_OUT=DIR          keep results, logs and the JFR file in DIR (otherwise everything is deleted)
#   BENCH_REBUILD=1        rebuild the jar even if it looks current
#   BENCH_HTTP_PORT=18080 BENCH_BROKER_PORT=61716 BENCH_BARE_PORT=61717   ports, all on 127.0.0.1
#   BENCH_TIMEOUT=900      seconds allowed for each of the hub load and the bare loop
#   BENCH_QUIET_WAIT=300   seconds to wait, before each phase, for other processes to leave the cores idle
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-10000}
CONCURRENCY=${2:-16}
RATE=${BENCH_RATE:-0}
WARMUP=${BENCH_WARMUP:-40000}
BARE_N=${BENCH_BARE_N:-$((4 * N))}
SIZE=${BENCH_SIZE:-4096}
HTTP_PORT=${BENCH_HTTP_PORT:-18080}
BROKER_PORT=${BENCH_BROKER_PORT:-61716}
BARE_PORT=${BENCH_BARE_PORT:-61717}
TIMEOUT=${BENCH_TIMEOUT:-900}
JAR=target/xoev-hub-0.1.0-SNAPSHOT.jar
ROOT=$PWD
WORK=$(mktemp -d /tmp/xoev-bench.XXXXXX)
HUB_PID=""

log() { printf '[bench] %s\n' "$*"; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

stop_hub() {
  if [[ -n "$HUB_PID" ]] && kill -0 "$HUB_PID" 2>/dev/null; then
    kill "$HUB_PID"
    for _ in $(seq 60); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$HUB_PID" 2>/dev/null && kill -9 "$HUB_PID"
    wait "$HUB_PID" 2>/dev/null || true
  fi
  HUB_PID=""
}

cleanup() {
  stop_hub
  if [[ -n "${BENCH_OUT:-}" ]]; then
    mkdir -p "$BENCH_OUT"
    cp "$WORK"/*.properties "$WORK"/*.log "$WORK"/*.jfr "$WORK"/summary.txt "$BENCH_OUT"/ 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Busy cores on the whole machine over 3 s, from /proc/stat (user nice system irq softirq steal).
busy_cores() {
  local a b
  a=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat); sleep 3
  b=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat)
  awk -v d=$((b - a)) 'BEGIN { printf "%.2f", d / 300 }'
}

# Other work on this machine (a test run, a build) steals cores and makes figures meaningless; wait for quiet.
await_quiet() {
  local waited=0 busy
  while busy=$(busy_cores); awk -v b="$busy" 'BEGIN { exit !(b > 0.3) }'; do
    if (( waited >= ${BENCH_QUIET_WAIT:-300} )); then
      log "WARNING: other processes keep $busy cores busy; measuring anyway (see 'other processes' below)"
      return
    fi
    log "other processes keep $busy cores busy; waiting for quiet"
    sleep 10; waited=$((waited + 13))
  done
}

# Waits until the process in HUB_PID (the hub, or the floor) answers its readiness probe.
await_ready() {
  for i in $(seq 120); do
    kill -0 "$HUB_PID" 2>/dev/null || { tail -40 "$WORK/$1.log" >&2; die "the $1 exited during start"; }
    curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/actuator/health/readiness" && break
    [[ $i == 120 ]] && die "the $1 was not ready after 120 s"
    sleep 1
  done
  log "$1 ready"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$HTTP_PORT" "$BROKER_PORT" "$BARE_PORT"; do
  port_free "$port" || die "port $port on 127.0.0.1 is in use; set BENCH_*_PORT"
done

# 1. The jar: rebuilt when missing or older than the sources, so the figures belong to the code at hand.
if [[ ! -f "$JAR" || -n "${BENCH_REBUILD:-}" || -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]]; then
  log "building $JAR"
  ./mvnw -q -DskipTests package
fi

# 2. Classpath and bench classes. The hub's own classes come out of the jar, so both sides run the same code.
log "computing classpath and compiling bench/src"
./mvnw -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
(mkdir -p "$WORK/hub" && cd "$WORK/hub" && jar xf "$ROOT/$JAR" BOOT-INF/classes)
CP="$WORK/classes:$WORK/hub/BOOT-INF/classes:$(cat "$WORK/cp.txt")"
# Only this benchmark's sources: bench/src also holds other benchmarks with their own scripts.
SOURCES=(Args BareLoop CpuClock DeliveryCounter DemoMessages Figures FloorHub HubLoad JfrTop LoadRunner PlainHttp)
javac -nowarn -d "$WORK/classes" -cp "$CP" $(printf "bench/src/de/xoevhub/bench/%s.java " "${SOURCES[@]}")
BENCH_JAVA=(java -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP")

# 3. The load, from the same generator against the hub (4.) and the floor (5.).
load() {
  timeout "$TIMEOUT" "${BENCH_JAVA[@]}" de.xoevhub.bench.HubLoad --url "http://127.0.0.1:$HTTP_PORT" \
    --broker "tcp://127.0.0.1:$BROKER_PORT" --messages "$N" --concurrency "$CONCURRENCY" --rate "$RATE" \
    --warmup "$WARMUP" --size "$SIZE" --results "$WORK/$1.properties" --timeout-seconds "$TIMEOUT" \
    --hub-pid "$HUB_PID" || { tail -40 "$WORK/$1.log" >&2; die "the $1 load failed"; }
}

# 4. The hub, with its own data dir and ports so it never meets a test run or a developer's hub.
HUB_JVM=(${BENCH_HUB_JVM:-})
HUB_LOG_BYTES=0
if [[ -z "${BENCH_SKIP_HUB:-}" ]]; then
  await_quiet
  log "starting the hub on 127.0.0.1:$HTTP_PORT (broker $BROKER_PORT) ${BENCH_HUB_ARGS:-}"
  java "${HUB_JVM[@]}" -jar "$JAR" --server.address=127.0.0.1 --server.port="$HTTP_PORT" \
    --hub.broker.port="$BROKER_PORT" --hub.broker.vm-id=7 --hub.data-dir="$WORK/hub-data" \
    ${BENCH_HUB_ARGS:-} >"$WORK/hub.log" 2>&1 &
  HUB_PID=$!
  await_ready hub
  if [[ -n "${BENCH_JFR:-}" ]]; then
    # Started after readiness so the profile shows the load (warm-up included), not the application start.
    jcmd "$HUB_PID" JFR.start name=bench settings=profile >/dev/null
  fi
  load hub
  HUB_LOG_BYTES=$(stat -c %s "$WORK/hub.log")
  [[ -n "${BENCH_JFR:-}" ]] && jcmd "$HUB_PID" JFR.dump name=bench filename="$WORK/hub.jfr" >/dev/null
  stop_hub
  if [[ -n "${BENCH_JFR:-}" ]]; then
    log "hottest frames in the hub (JFR execution samples and blocking events)"
    "${BENCH_JAVA[@]}" de.xoevhub.bench.JfrTop "$WORK/hub.jfr" | tee "$WORK/jfr-top.log"
  fi
fi

# 5. The floor: a stand-in hub doing only what the interface itself requires (bench/src FloorHub), same load.
if [[ -z "${BENCH_SKIP_FLOOR:-}" ]]; then
  await_quiet
  log "starting the floor on 127.0.0.1:$HTTP_PORT (broker $BROKER_PORT) ${BENCH_FLOOR_ARGS:-}"
  "${BENCH_JAVA[@]}" "${HUB_JVM[@]}" de.xoevhub.bench.FloorHub --port "$HTTP_PORT" --broker-port "$BROKER_PORT" \
    --vm-id 7 --data-dir "$WORK/floor-data" ${BENCH_FLOOR_ARGS:-} >"$WORK/floor.log" 2>&1 &
  HUB_PID=$!
  await_ready floor
  load floor
  stop_hub
fi

# 6. The bare loop, alone on the machine now, with the same concurrency.
if [[ -z "${BENCH_SKIP_BARE:-}" ]]; then
  await_quiet
  timeout "$TIMEOUT" "${BENCH_JAVA[@]}" de.xoevhub.bench.BareLoop --messages "$BARE_N" --concurrency "$CONCURRENCY" \
    --warmup "$WARMUP" --size "$SIZE" --data-dir "$WORK/bare-data/artemis" --vm-id 9 --port "$BARE_PORT" \
    --results "$WORK/bare.properties" --timeout-seconds "$TIMEOUT" || die "the bare loop failed"
fi

# 7. The summary: the hub's and the floor's figures as a share of the bare loop measured in this same run.
prop() { sed -n "s/^$2=//p" "$WORK/$1.properties" 2>/dev/null || true; }
ratio() { [[ "$1" =~ ^[0-9.]+$ && -n "$2" ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }' || echo "n/a"; }
BARE=$(prop bare throughput)
{
  echo "== xoev-hub benchmark $(date -u +%Y-%m-%dT%H:%MZ): N=$N (bare loop $BARE_N) concurrency=$CONCURRENCY size=${SIZE}B" \
       "rate=$([[ $RATE == 0 ]] && echo 'flat out' || echo "$RATE/s") hub args: ${BENCH_HUB_ARGS:-none}, floor args: ${BENCH_FLOOR_ARGS:-none}"
  printf '%-24s %9s msg/s  p50 %7s ms  p99 %7s ms  p99.9 %7s ms  = %s of bare\n' "hub accept (HTTP 202)" \
    "$(prop hub throughput)" "$(prop hub p50_ms)" "$(prop hub p99_ms)" "$(prop hub p999_ms)" \
    "$(ratio "$(prop hub throughput)" "$BARE")"
  printf '%-24s %9s msg/s  %44s = %s of bare\n' "hub end-to-end (fv.demo)" "$(prop hub e2e_throughput)" "" \
    "$(ratio "$(prop hub e2e_throughput)" "$BARE")"
  printf '%-24s %9s msg/s  %44s = %s of bare\n' "pipeline drain (no HTTP)" "$(prop hub drain_throughput)" \
    "(backlog $(prop hub backlog_at_last_202) at the last 202)" "$(ratio "$(prop hub drain_throughput)" "$BARE")"
  if [[ -z "${BENCH_SKIP_FLOOR:-}" ]]; then
    printf '%-24s %9s msg/s  p50 %7s ms  p99 %7s ms  p99.9 %7s ms  = %s of bare\n' "floor accept (HTTP 202)" \
      "$(prop floor throughput)" "$(prop floor p50_ms)" "$(prop floor p99_ms)" "$(prop floor p999_ms)" \
      "$(ratio "$(prop floor throughput)" "$BARE")"
    printf '%-24s %9s msg/s  %44s = %s of bare\n' "floor end-to-end" "$(prop floor e2e_throughput)" "" \
      "$(ratio "$(prop floor e2e_throughput)" "$BARE")"
    echo "hub end-to-end = $(ratio "$(prop hub e2e_throughput)" "$(prop floor e2e_throughput)") of the floor's;" \
         "floor CPU per message $(prop floor hub_cpu_ms_per_msg) ms (JIT compiler $(prop floor hub_jit_cpu_percent) %)," \
         "other processes used $(prop floor others_cpu_cores) cores during the floor run"
  fi
  printf '%-24s %9s msg/s  p50 %7s ms  p99 %7s ms  p99.9 %7s ms\n' "bare loop" "${BARE:-n/a}" \
    "$(prop bare p50_ms)" "$(prop bare p99_ms)" "$(prop bare p999_ms)"
  echo "CPU per message: hub $(prop hub hub_cpu_ms_per_msg) ms, load generator $(prop hub loadgen_cpu_ms_per_msg) ms," \
       "bare loop $(prop bare cpu_ms_per_msg) ms; hub log: $((HUB_LOG_BYTES / 1024)) KiB"
  echo "JIT compiler share of that CPU (at least): hub $(prop hub hub_jit_cpu_percent) %, bare loop $(prop bare jit_cpu_percent) %;" \
       "high values mean the JVM was still warming up (raise BENCH_WARMUP)"
  echo "other processes on the machine used $(prop hub others_cpu_cores) cores during the hub run," \
       "$(prop bare others_cpu_cores) during the bare loop (of $(nproc)); high values mean a noisy run"
  if [[ -n "$BARE" && -z "${BENCH_SKIP_HUB:-}" ]]; then
    awk -v h="$(prop hub e2e_throughput)" -v b="$BARE" 'BEGIN { m = h >= 0.5 * b;
      printf "target hub end-to-end >= 50%% of bare: %s\n", m ? "MET" : "NOT MET" }'
  fi
} | tee "$WORK/summary.txt"
