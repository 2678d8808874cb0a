#!/usr/bin/env bash
# The production topology as plain processes (issue "Production topology"; docker-compose.yml describes the same for
# operators): PostgreSQL, an Artemis primary/backup pair with replication (the standalone 2.56.0 distribution), and
# N hub instances from the jar, all on 127.0.0.1.
#
#   scripts/topology.sh start [hubs]     start everything (default 2 hubs) and wait until each hub is ready
#   scripts/topology.sh stop             stop everything and delete the data
#   scripts/topology.sh hub-start N      (re)start hub N          scripts/topology.sh hub-kill N    kill -9 hub N
#   scripts/topology.sh broker-start primary|backup               scripts/topology.sh broker-kill primary|backup
#   scripts/topology.sh pg-stop / pg-start                        stop PostgreSQL / start it again on its data
#   scripts/topology.sh status
#
# Ports (override with the variables): PostgreSQL $TOPO_PG_PORT (55441), brokers $TOPO_PRIMARY_PORT (61710) and
# $TOPO_BACKUP_PORT (61711), hub N on HTTP $TOPO_HTTP_BASE+N (18180+N). Everything lives in $TOPO_DIR
# (/tmp/xoevhub-topology). Extra hub arguments: $TOPO_HUB_ARGS; the broker URL's query: $TOPO_BROKER_PARAMS.
# Credentials are generated per topology.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOPO_DIR=${TOPO_DIR:-/tmp/xoevhub-topology}
PG_PORT=${TOPO_PG_PORT:-55441}
PRIMARY_PORT=${TOPO_PRIMARY_PORT:-61710}
BACKUP_PORT=${TOPO_BACKUP_PORT:-61711}
HTTP_BASE=${TOPO_HTTP_BASE:-18180}
JAR=$ROOT/target/xoev-hub-0.1.0-SNAPSHOT.jar
ARTEMIS_VERSION=2.56.0
DIST=$TOPO_DIR/apache-artemis-$ARTEMIS_VERSION

log() { echo "topology: $*" >&2; }

secret() { [ -f "$TOPO_DIR/$1.secret" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$TOPO_DIR/$1.secret"; cat "$TOPO_DIR/$1.secret"; }

broker_url() {
  # The client fails over to the backup by itself, and while both brokers are gone it reconnects without end
  # (reconnectAttempts=-1); blocking calls give up after callTimeout / callFailoverTimeout, and the intake's send
  # after hub.broker.send-timeout (docs/topology.md). $TOPO_BROKER_PARAMS replaces the query for experiments.
  echo "(tcp://127.0.0.1:$PRIMARY_PORT,tcp://127.0.0.1:$BACKUP_PORT)?${TOPO_BROKER_PARAMS:-ha=true&reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=2000&callTimeout=10000&callFailoverTimeout=5000}"
}

distribution() {
  [ -x "$DIST/bin/artemis" ] && return
  local tgz=~/.m2/repository/org/apache/artemis/apache-artemis/$ARTEMIS_VERSION/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz
  [ -f "$tgz" ] || ./mvnw -q dependency:get -Dartifact=org.apache.artemis:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin >/dev/null
  tar xzf "$tgz" -C "$TOPO_DIR"
}

# Creates a broker instance from the distribution; its broker.xml comes from scripts/artemis-config.sh.
broker_create() {
  local role=$1 port=$2 peer=$3 dir=$TOPO_DIR/$1
  [ -d "$dir" ] && return
  "$DIST/bin/artemis" create --silent --force --no-web --require-login --user hub --password "$(secret hub)" \
    --role hub --host 127.0.0.1 --name "$role" "$dir" >/dev/null
  printf '\nfv-demo = %s\n' "$(secret fv-demo)" >> "$dir/etc/artemis-users.properties"
  printf '\nfv-demo = fv-demo\n' >> "$dir/etc/artemis-roles.properties"
  "$ROOT/scripts/artemis-config.sh" "$role" "$dir/etc"
  cat > "$dir/etc/hub-broker.env" <<ENV
export JAVA_ARGS="-Xms128m -Xmx512m -Dhub.broker.name=$role -Dhub.broker.data=$dir/data -Dhub.broker.host=127.0.0.1 \
-Dhub.broker.port=$port -Dhub.broker.publicHost=127.0.0.1 -Dhub.broker.peerHost=127.0.0.1 -Dhub.broker.peerPort=$peer -Dhub.broker.vmId=0 -Dhub.broker.maxDeliveryAttempts=10 \
-Dhub.broker.redeliveryDelay=1000 -Dhub.broker.maxRedeliveryDelay=60000 -Dhub.broker.clusterUser=cluster \
-Dhub.broker.clusterPassword=$(secret cluster) --add-opens java.base/jdk.internal.misc=ALL-UNNAMED"
ENV
}

broker_start() {
  local role=$1 dir=$TOPO_DIR/$1
  ( . "$dir/etc/hub-broker.env"; nohup "$dir/bin/artemis" run > "$dir/broker.log" 2>&1 & echo $! > "$dir/pid" )
  log "broker $role started (pid $(cat "$dir/pid"))"
}

broker_kill() {
  local dir=$TOPO_DIR/$1
  [ -f "$dir/pid" ] || return 0
  pkill -9 -P "$(cat "$dir/pid")" 2>/dev/null || true
  kill -9 "$(cat "$dir/pid")" 2>/dev/null || true
  # artemis run execs java; whatever java still holds the instance dir goes too
  pkill -9 -f "artemis.instance=$dir" 2>/dev/null || true
  rm -f "$dir/pid"
  log "broker $1 killed"
}

wait_port() {
  for _ in $(seq 1 "${3:-60}"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 1
  done
  log "nothing listens on port $1 ($2)"; return 1
}

hub_start() {
  local n=$1 dir=$TOPO_DIR/hub$1 port=$((HTTP_BASE + $1))
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  nohup java -Xmx512m -XX:-TieredCompilation -jar "$JAR" --hub.data-dir="$dir" --server.port="$port" \
    --hub.broker.embedded=false --hub.broker.url="$(broker_url)" --hub.broker.user=hub \
    --hub.broker.password="$(secret hub)" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/xoevhub" --spring.datasource.username=xoevhub \
    --spring.datasource.password= ${TOPO_HUB_ARGS:-} >> "$dir/hub.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && { log "hub $n ready on :$port"; return 0; }
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || { tail -20 "$dir/hub.log" >&2; log "hub $n died"; return 1; }
    sleep 1
  done
  log "hub $n not ready after 120 s"; return 1
}

hub_kill() {
  local dir=$TOPO_DIR/hub$1
  [ -f "$dir/pid" ] && kill -9 "$(cat "$dir/pid")" 2>/dev/null || true
  rm -f "$dir/pid"
  log "hub $1 killed"
}

case "${1:-}" in
  start)
    HUBS=${2:-2}
    mkdir -p "$TOPO_DIR"
    [ -f "$JAR" ] || ./mvnw -q -DskipTests package
    PG_PORT=$PG_PORT PG_DIR=$TOPO_DIR/pg PG_FSYNC=on scripts/postgres-for-tests.sh start >/dev/null
    log "PostgreSQL on :$PG_PORT"
    distribution
    broker_create primary "$PRIMARY_PORT" "$BACKUP_PORT"
    broker_create backup "$BACKUP_PORT" "$PRIMARY_PORT"
    broker_start primary; wait_port "$PRIMARY_PORT" "broker primary"
    broker_start backup
    sleep 3
    for n in $(seq 1 "$HUBS"); do hub_start "$n"; done
    echo "$HUBS" > "$TOPO_DIR/hubs"
    ;;
  stop)
    for d in "$TOPO_DIR"/hub*/; do [ -d "$d" ] && hub_kill "$(basename "$d" | sed 's/hub//')"; done
    broker_kill backup; broker_kill primary
    PG_PORT=$PG_PORT PG_DIR=$TOPO_DIR/pg scripts/postgres-for-tests.sh stop
    rm -rf "$TOPO_DIR"
    ;;
  hub-start) hub_start "$2" ;;
  hub-kill) hub_kill "$2" ;;
  broker-start) broker_start "$2" ;;
  broker-kill) broker_kill "$2" ;;
  broker-url) broker_url ;;
  pg-stop) PG_PORT=$PG_PORT PG_DIR=$TOPO_DIR/pg scripts/postgres-for-tests.sh pause; log "PostgreSQL stopped" ;;
  pg-start) PG_PORT=$PG_PORT PG_DIR=$TOPO_DIR/pg PG_FSYNC=on scripts/postgres-for-tests.sh resume; log "PostgreSQL started" ;;
  secret) secret "$2" ;;
  status)
    for d in "$TOPO_DIR"/hub* "$TOPO_DIR"/primary "$TOPO_DIR"/backup; do
      [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null && echo "$(basename "$d"): running" || echo "$(basename "$d"): stopped"
    done
    ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
