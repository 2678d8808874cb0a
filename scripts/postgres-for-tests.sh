#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's package; installed when missing and we are root) on 127.0.0.1:$PG_PORT
# for the integration tests, with the database and user "xoevhub" and no password (trust on loopback only).
# Usage: scripts/postgres-for-tests.sh start|stop. Prints the JDBC URL on start. Data lives in /tmp and is deleted
# on stop. Exits non-zero, saying why, if PostgreSQL cannot be started here.
set -euo pipefail
PG_PORT=${PG_PORT:-55432}
DIR=${PG_DIR:-/tmp/xoevhub-test-pg}
FSYNC=${PG_FSYNC:-off}   # off for tests; the topology (scripts/topology.sh) runs with on
as_postgres() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
      if [ "$(id -u)" != "0" ]; then echo "postgres-for-tests: PostgreSQL is not installed (needs root)" >&2; exit 1; fi
      echo "postgres-for-tests: installing postgresql" >&2
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    as_postgres "$BIN/pg_ctl" -D "$DIR" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$DIR"; mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$DIR"
    as_postgres "$BIN/initdb" -D "$DIR" -A trust -U xoevhub --no-sync >/dev/null
    as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -o \
      "-p $PG_PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=$FSYNC -c max_connections=200" start >/dev/null
    as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U xoevhub xoevhub
    echo "jdbc:postgresql://127.0.0.1:$PG_PORT/xoevhub"
    ;;
  stop)
    BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$BIN" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" stop -m fast >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
esac
