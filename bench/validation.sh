#!/usr/bin/env bash
# Validation benchmark (issue: schema registry): bench/validation.sh [seconds-per-figure]
# Compiles the hub (or reuses target/classes), compiles bench/src against it, and runs ValidationBench: bare parse
# vs. validation of the same bytes, one thread, in one JVM. Uses ../shared/xoev where it exists.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_FIGURE=${1:-5}
WORK=$(mktemp -d /tmp/xoev-validation-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
[[ -d target/classes/de ]] || ./mvnw -q -DskipTests compile
./mvnw -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime >/dev/null
CP="target/classes:$(cat "$WORK/cp.txt")"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$CP" bench/src/de/xoevhub/bench/ValidationBench.java
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
java -Xmx4g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogging.level.root=WARN \
  -cp "$WORK/classes:$CP" de.xoevhub.bench.ValidationBench ../shared/xoev "$SECONDS_PER_FIGURE" 2>&1 \
  | grep -v " INFO "
