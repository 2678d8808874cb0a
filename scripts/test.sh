#!/usr/bin/env bash
# The one command that runs every test: installs the Debian test peers that are missing, runs ./mvnw verify (unit
# and integration tests, ledger on H2), then the integration tests once more with the ledger on a throwaway
# PostgreSQL (scripts/postgres-for-tests.sh), so the Flyway migrations and every query run on both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-peers.sh
./mvnw verify "$@"
if url=$(scripts/postgres-for-tests.sh start); then
  trap 'scripts/postgres-for-tests.sh stop' EXIT
  echo "== integration tests on PostgreSQL ($url)"
  ./mvnw failsafe:integration-test failsafe:verify -Dspring.datasource.url="$url" \
    -Dspring.datasource.username=xoevhub -Dspring.datasource.password= "$@"
else
  echo "[skipped] integration tests on PostgreSQL: it could not be started here (reason above)"
fi
