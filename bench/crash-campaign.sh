#!/usr/bin/env bash
# Crash campaign (issue "Production topology"): bench/crash-campaign.sh [N] [rate/s] [kills] [hubs|broker|outage|database]
#   hubs   (default): N messages (default 5,000) at a steady rate (default 20/s) through two hub instances, while a
#          random instance is killed with kill -9 and restarted, KILLS times (default 10) at random moments;
#   broker: the same load, and the Artemis primary is killed with kill -9 once, mid-load; the backup takes over;
#   outage: the same load, and both brokers are stopped for 60 s mid-load, then started again (primary first);
#   database: the same load, and PostgreSQL is stopped for 30 s mid-load, then started again.
# The topology is scripts/topology.sh: PostgreSQL, an Artemis primary/backup pair (replication), two hubs.
# Afterwards: every nachrichtenUUID that got a 202/200 must be on fv.demo exactly once, counted by an independent
# AMQP consumer (python3-qpid-proton, the fv-demo account) that dedupes nothing; no submission may stay in a
# non-terminal state; no spool file may be left; the consumer acknowledges each message twice on hub.receipts and
# every submission must end ACKNOWLEDGED exactly once (both hubs consume receipts); the Fachverfahren account may
# read only fv.demo and write only to hub.receipts (Artemis RBAC). Exits 0 only if all of these hold.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
RATE=${2:-20}
KILLS=${3:-10}
MODE=${4:-hubs}
export TOPO_DIR=${TOPO_DIR:-/tmp/xoevhub-campaign}
export TOPO_PG_PORT=${TOPO_PG_PORT:-55442}
WORK=$TOPO_DIR-work
PSQL="psql -h 127.0.0.1 -p $TOPO_PG_PORT -U xoevhub -d xoevhub -tAq"
finish() { rc=$?; scripts/topology.sh stop >/dev/null 2>&1 || true; exit $rc; }
scripts/topology.sh stop >/dev/null 2>&1 || true
rm -rf "$WORK"; mkdir -p "$WORK"
trap finish EXIT

[ -f target/xoev-hub-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -DskipTests package
./mvnw -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime >/dev/null
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$(cat "$WORK/cp.txt")" bench/src/de/xoevhub/bench/CrashLoad.java \
  bench/src/de/xoevhub/bench/DemoMessages.java
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); N=$N rate=$RATE/s mode=$MODE kills=$KILLS"

scripts/topology.sh start 2
java -cp "$WORK/classes" de.xoevhub.bench.CrashLoad "$N" "$RATE" "$WORK/accepted.txt" \
  http://127.0.0.1:18181 http://127.0.0.1:18182 > "$WORK/load.log" 2>&1 &
LOAD=$!
# what the intake answers one portal while a part is down
probe() {
  echo "  the intake meanwhile answers: $(curl -s -m 20 -o /dev/null -w '%{http_code} Retry-After=%header{retry-after} after %{time_total} s' \
    -H 'Authorization: Bearer demo-portal-token' -H 'Content-Type: application/xml' \
    --data-binary @schemas/demo/samples/antrag-attachments.xml http://127.0.0.1:18181/api/v1/submissions)"
}
CONSUME_PORT=${TOPO_PRIMARY_PORT:-61710}
if [ "$MODE" = broker ]; then
  sleep $(( N / RATE / 3 ))
  echo "kill -9 the Artemis primary at $(date +%T)"
  scripts/topology.sh broker-kill primary
  CONSUME_PORT=${TOPO_BACKUP_PORT:-61711}
elif [ "$MODE" = outage ]; then
  sleep $(( N / RATE / 3 ))
  echo "both brokers stopped at $(date +%T) for 60 s"
  scripts/topology.sh broker-kill backup; scripts/topology.sh broker-kill primary
  sleep 20
  probe
  sleep 40
  scripts/topology.sh broker-start primary; sleep 5; scripts/topology.sh broker-start backup
  echo "brokers started again at $(date +%T)"
elif [ "$MODE" = database ]; then
  sleep $(( N / RATE / 3 ))
  echo "PostgreSQL stopped at $(date +%T) for 30 s"
  scripts/topology.sh pg-stop
  sleep 10
  probe
  sleep 20
  scripts/topology.sh pg-start
  echo "PostgreSQL started again at $(date +%T)"
else
  for k in $(seq 1 "$KILLS"); do
    sleep $(( RANDOM % 8 + 3 ))
    kill -0 "$LOAD" 2>/dev/null || break
    hub=$(( RANDOM % 2 + 1 ))
    echo "kill $k: kill -9 hub $hub at $(date +%T)"
    scripts/topology.sh hub-kill "$hub"
    scripts/topology.sh hub-start "$hub"
  done
fi
wait "$LOAD" && LOAD_RC=0 || LOAD_RC=$?
tail -1 "$WORK/load.log"
ACCEPTED=$(wc -l < "$WORK/accepted.txt")

echo "waiting until no submission is in a non-terminal state"
for _ in $(seq 1 300); do
  OPEN=$($PSQL -c "select count(*) from submission where state in ('ACCEPTED','VALIDATED','ROUTED')")
  [ "$OPEN" = 0 ] && break
  sleep 1
done
$PSQL -c "select state, count(*) from submission group by state order by state" | sed 's/^/  ledger: /'

FV_ACKNOWLEDGE=2 /usr/bin/python3 src/test/python/fv_consumer.py \
  "amqp://fv-demo:$(scripts/topology.sh secret fv-demo)@127.0.0.1:$CONSUME_PORT" fv.demo $(( N * 2 )) 60 \
  > "$WORK/received.jsonl" 2> "$WORK/consumer.err" || true
# the consumer acknowledged every message twice on hub.receipts; both hubs consume receipts
for _ in $(seq 1 180); do
  [ "$($PSQL -c "select count(*) from submission where state = 'DELIVERED'")" = 0 ] && break
  sleep 1
done
ACKED=$($PSQL -c "select count(*) from submission where state = 'ACKNOWLEDGED'")
TWICE=$($PSQL -c "select count(*) from (select submission_id from laufzettel_event where outcome = 'ACKNOWLEDGED'
  group by submission_id having count(*) > 1) t")
DUPLICATES=$($PSQL -c "select count(*) from acknowledgement where disposition = 'DUPLICATE'")
echo "  receipts: $ACKED submissions ACKNOWLEDGED, $TWICE acknowledged more than once, $DUPLICATES duplicate receipts recorded and ignored"
RECEIPTS=ok
[ "$ACKED" = "$(wc -l < "$WORK/accepted.txt")" ] && [ "$TWICE" = 0 ] || RECEIPTS=failed
SPOOL=$(find "$TOPO_DIR"/hub*/spool -type f 2>/dev/null | wc -l)
# Artemis RBAC: the Fachverfahren account reads only its own queue and writes only to hub.receipts
FV="amqp://fv-demo:$(scripts/topology.sh secret fv-demo)@127.0.0.1:$CONSUME_PORT"
RBAC=ok
for check in "hub.inbox:refused" "fv.other:refused" "fv.demo send:refused" "hub.receipts send:allowed"; do
  target=${check%%:*}; want=${check##*:}
  # shellcheck disable=SC2086
  got=$(/usr/bin/python3 src/test/python/fv_denied.py "$FV" $target || true)
  echo "  rbac: fv-demo ${target/ send/ (send)}: $got"
  [[ "$got" == "$want"* ]] || RBAC=failed
done
python3 - "$WORK/accepted.txt" "$WORK/received.jsonl" "$OPEN" "$SPOOL" "$LOAD_RC" "$RBAC" "$RECEIPTS" <<'PY'
import collections, json, sys
accepted_file, received_file, still_open, spool, load_rc, rbac, receipts = sys.argv[1:]
accepted = set(open(accepted_file).read().split())
counts = collections.Counter(json.loads(line)["properties"].get("nachrichtenUUID") for line in open(received_file))
missing = accepted - set(counts)
duplicated = {u: c for u, c in counts.items() if c > 1}
unexpected = set(counts) - accepted
print(f"accepted (202/200): {len(accepted)}; received on fv.demo: {sum(counts.values())} messages, "
      f"{len(counts)} distinct")
print(f"missing: {len(missing)}; delivered more than once: {len(duplicated)}; not accepted but delivered: "
      f"{len(unexpected)}; non-terminal in the ledger: {still_open}; spool files left: {spool}; load exit: {load_rc};"
      f" rbac: {rbac}; receipts once: {receipts}")
ok = (not missing and not duplicated and still_open == "0" and spool == "0" and load_rc == "0" and rbac == "ok"
      and receipts == "ok")
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
