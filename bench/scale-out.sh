#!/usr/bin/env bash
# Scale-out (issue "Production topology"): bench/scale-out.sh [N] — throughput of the production topology
# (scripts/topology.sh: PostgreSQL, Artemis primary/backup with replication) with 1 and then with 2 hub instances,
# N 4 KiB messages (default 4,000) posted flat out by 64 portal threads spread over the instances, sealed for the
# demo destination. Prints accept and end-to-end rates and the 2-hub/1-hub ratio. On this 2-core machine the
# hubs, both brokers, PostgreSQL and the load generator share the same two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-4000}
export TOPO_PG_PORT=${TOPO_PG_PORT:-55443}
WORK=/tmp/xoevhub-scale-work
rm -rf "$WORK"; mkdir -p "$WORK/classes"
[ -f target/xoev-hub-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -DskipTests package
./mvnw -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime >/dev/null
javac -nowarn -d "$WORK/classes" -cp "$(cat "$WORK/cp.txt")" bench/src/de/xoevhub/bench/CrashLoad.java \
  bench/src/de/xoevhub/bench/DemoMessages.java
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); N=$N"
declare -A E2E
for hubs in 1 2; do
  export TOPO_DIR=/tmp/xoevhub-scale-$hubs
  scripts/topology.sh stop >/dev/null 2>&1 || true
  trap 'scripts/topology.sh stop >/dev/null 2>&1 || true' EXIT
  scripts/topology.sh start "$hubs" 2>/dev/null
  URLS=$(for n in $(seq 1 "$hubs"); do echo -n "http://127.0.0.1:$((18180 + n)) "; done)
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  java -cp "$WORK/classes" de.xoevhub.bench.CrashLoad "$N" 100000 "$WORK/accepted-$hubs.txt" $URLS > "$WORK/load-$hubs.log"
  accepted=$(date +%s%N)
  for _ in $(seq 1 600); do
    done_=$(psql -h 127.0.0.1 -p "$TOPO_PG_PORT" -U xoevhub -d xoevhub -tAq -c "select count(*) from submission where state = 'DELIVERED'")
    [ "$done_" -ge "$N" ] && break
    sleep 0.5
  done
  delivered=$(date +%s%N)
  ACC=$(python3 -c "print(f'{$N / (($accepted - $start) / 1e9):.1f}')")
  E2E[$hubs]=$(python3 -c "print(f'{$N / (($delivered - $start) / 1e9):.1f}')")
  echo "hubs=$hubs: accept $ACC msg/s, end to end ${E2E[$hubs]} msg/s ($(tail -1 "$WORK/load-$hubs.log"))"
  scripts/topology.sh stop >/dev/null 2>&1 || true
done
python3 -c "print(f'2 hubs / 1 hub, end to end: {${E2E[2]} / ${E2E[1]}:.2f}x')"
