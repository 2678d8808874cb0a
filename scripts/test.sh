#!/usr/bin/env bash
# The one command that runs every test: installs the Debian test peers that are missing, then ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-peers.sh
exec ./mvnw verify "$@"
