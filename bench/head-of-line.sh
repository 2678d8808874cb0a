#!/usr/bin/env bash
# Head-of-line check: bench/head-of-line.sh [large-MiB] [small-count] [seconds-between-small]
# Starts the hub from the jar on a fresh data dir, posts one large demo submission (default 400 MiB), then, while
# its pass runs, small demo messages (default 40, one every 0.25 s), and prints how long the small ones took from
# their 202 to DELIVERED (p50, max). Run it twice to compare a broker setting, e.g. the inbox's message groups
# (config/artemis/broker.xml, default-group-buckets on hub.#: 1024 with groups, 0 without). Results:
# docs/BENCHMARKS.md, "A large pass beside small messages".
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${1:-400}
SMALL=${2:-40}
GAP=${3:-0.25}
PORT=${BENCH_HTTP_PORT:-18090}
. bench/lib.sh
bench_start xoev-hol
bench_compile bench/src/de/xoevhub/bench/LargeSubmission.java
java -cp "$WORK/classes:$CP" de.xoevhub.bench.LargeSubmission generate "$WORK/large.xml" "$MIB"
echo "machine: $(nproc) cores; large message $(stat -c %s "$WORK/large.xml") bytes, $SMALL small ones"

java -jar "$JAR" --server.port="$PORT" --hub.data-dir="$WORK/data" --hub.broker.port="${BENCH_BROKER_PORT:-61746}" \
  --hub.broker.vm-id=11 --hub.intake.max-body-size=4GB > "$WORK/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break; sleep 1; done

small() { sed "s/3f2b8c1e-5d4a-4b6f-9e1a-7c2d9f0a1b23/$(cat /proc/sys/kernel/random/uuid)/" schemas/demo/samples/antrag.xml; }
post() {
  curl -s -o "$WORK/receipt.json" -w '%{http_code}' -H 'Authorization: Bearer demo-portal-token' \
    -H 'Content-Type: application/xml' --data-binary "@$1" "http://127.0.0.1:$PORT/api/v1/submissions"
}
id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$WORK/receipt.json"; }
small > "$WORK/small.xml"; post "$WORK/small.xml" >/dev/null   # warm-up
echo "large: HTTP $(post "$WORK/large.xml")"
LARGE=$(id)
: > "$WORK/small.txt"
for _ in $(seq 1 "$SMALL"); do
  small > "$WORK/small.xml"
  code=$(post "$WORK/small.xml")
  [ "$code" = 202 ] || { echo "small message: HTTP $code"; exit 1; }
  echo "$(id) $(date +%s.%N)" >> "$WORK/small.txt"
  sleep "$GAP"
done
python3 - "$WORK/small.txt" "$LARGE" "$PORT" <<'PY'
import json, sys, time, urllib.request
rows = [line.split() for line in open(sys.argv[1])]
large, port = sys.argv[2], sys.argv[3]
def state(i):
    r = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/submissions/{i}",
                               headers={"Authorization": "Bearer demo-portal-token"})
    return json.load(urllib.request.urlopen(r))["state"]
took, deadline = {}, time.time() + 600
while len(took) < len(rows) and time.time() < deadline:
    for i, t in rows:
        if i not in took and state(i) == "DELIVERED":
            took[i] = time.time() - float(t)
    time.sleep(0.1)
lat = sorted(took.values())
print(f"small: {len(lat)} of {len(rows)} DELIVERED; from 202 to DELIVERED p50 {lat[len(lat) // 2]:.1f} s, "
      f"max {lat[-1]:.1f} s")
while state(large) != "DELIVERED" and time.time() < deadline:
    time.sleep(1)
print("large:", state(large))
PY
