#!/usr/bin/env bash
# Sealing benchmark (issue: seal): bench/seal.sh [seconds-per-figure] [stream-MiB]
# The hub's Sealer against bare BouncyCastle calls for 4 KiB and 1 MiB messages (ECDSA P-256 and RSA-3072 PSS signers,
# AES-256-GCM for an RSA-3072 recipient), then 1 GiB streamed through the Sealer in a JVM with -Xmx256m.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_FIGURE=${1:-6}
STREAM_MIB=${2:-1024}
WORK=$(mktemp -d /tmp/xoev-seal-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
./mvnw -q -DskipTests compile
./mvnw -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime >/dev/null
CP="target/classes:$(cat "$WORK/cp.txt")"
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$CP" bench/src/de/xoevhub/bench/SealBench.java
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
java -Xmx1g -cp "$WORK/classes:$CP" de.xoevhub.bench.SealBench small "$SECONDS_PER_FIGURE"
java -Xmx256m -cp "$WORK/classes:$CP" de.xoevhub.bench.SealBench stream "$STREAM_MIB"
