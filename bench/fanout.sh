#!/usr/bin/env bash
# Fan-out benchmark (issue "handover"): bench/fanout.sh [rate] [steady-seconds] [outage-seconds]
# Builds (or reuses) the hub jar, starts it as a process with a routing table that fans every message out to a
# queue and an SFTP destination (an SFTP server in the benchmark's JVM), and prints the end-to-end rate and how fast
# the upload backlog drains after an outage of the SFTP server, as a multiple of the arrival rate.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-100}; STEADY=${2:-30}; OUTAGE=${3:-60}
JAR=target/xoev-hub-0.1.0-SNAPSHOT.jar
WORK=$(mktemp -d /tmp/xoev-fanout.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if [[ ! -f "$JAR" || -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null   # test scope included: MINA SSHD
mkdir -p "$WORK/classes" "$WORK/hub" && (cd "$WORK/hub" && jar xf "$OLDPWD/$JAR" BOOT-INF/classes)
CP="$WORK/classes:$WORK/hub/BOOT-INF/classes:$(cat "$WORK/cp.txt")"
javac -nowarn -d "$WORK/classes" -cp "$CP" bench/src/de/xoevhub/bench/{Args,CpuClock,DeliveryCounter,DemoMessages,Figures,LoadRunner,PlainHttp,FanOutBench}.java
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
java -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" de.xoevhub.bench.FanOutBench --jar "$JAR" \
  --work "$WORK" --rate "$RATE" --seconds "$STEADY" --outage-seconds "$OUTAGE" | grep --line-buffered -v "^\s*\[" || true
cp "$WORK/hub.log" /tmp/xoev-fanout-hub.log 2>/dev/null || true
