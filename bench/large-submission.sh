#!/usr/bin/env bash
# One large submission end to end (issue "Seal", streaming): bench/large-submission.sh [MiB] [max-heap]
# Starts the hub from the jar with -Xmx256m (default) on a fresh data dir, posts a valid demo message of MiB (default
# 1024) of Base64 attachments, waits for DELIVERED, receives the sealed copy from fv.demo as an Artemis large message,
# then openssl decrypts it with the demo recipient's key and verifies it against the dev CA; the content's SHA-256
# must equal the posted file's. Finally the hub's spool directory must be empty.
# BENCH_CMS=1: the portal signs the message first (openssl cms -sign -binary -nodetach -stream -outform DER, with a
# signer of a throwaway CA that the demo portal is given as its trust anchor) and posts the CMS, which the hub opens
# from its spool file as a stream; the delivered content must still be the message's.
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${1:-1024}
HEAP=${2:-256m}
HTTP_PORT=${BENCH_HTTP_PORT:-18090}
BROKER_PORT=${BENCH_BROKER_PORT:-61736}
. bench/lib.sh
bench_start xoev-large
bench_compile bench/src/de/xoevhub/bench/LargeSubmission.java
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

java -cp "$WORK/classes:$CP" de.xoevhub.bench.LargeSubmission generate "$WORK/large.xml" "$MIB"
WANT=$(sha256sum "$WORK/large.xml" | cut -d' ' -f1)
echo "message: $(stat -c %s "$WORK/large.xml") bytes, sha256 $WANT"
POSTED="$WORK/large.xml"
CONTENT_TYPE=application/xml
PORTAL_ARGS=()
if [ "${BENCH_CMS:-0}" = 1 ]; then
  P="$WORK/portal-pki"
  mkdir -p "$P"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" -out "$P/ca.crt" \
    -subj "/CN=bench portal CA" -days 2 -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/signer.key" -out "$P/signer.csr" \
    -subj "/CN=bench portal signer" 2>/dev/null
  printf "keyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n" >"$P/signer.ext"
  openssl x509 -req -in "$P/signer.csr" -CA "$P/ca.crt" -CAkey "$P/ca.key" -CAcreateserial -days 1 \
    -extfile "$P/signer.ext" -out "$P/signer.crt" 2>/dev/null
  start=$(date +%s%N)
  openssl cms -sign -binary -nodetach -stream -outform DER -md sha256 -in "$WORK/large.xml" \
    -signer "$P/signer.crt" -inkey "$P/signer.key" -out "$WORK/large.p7m"
  echo "signed by openssl in $(( ($(date +%s%N) - start) / 1000000 )) ms: $(stat -c %s "$WORK/large.p7m") bytes of CMS"
  rm "$WORK/large.xml"
  POSTED="$WORK/large.p7m"
  CONTENT_TYPE="application/pkcs7-mime; smime-type=signed-data"
  # one portal given on the command line replaces the whole list (Spring Boot list binding): repeat the demo portal
  PORTAL_ARGS=("--hub.portals[0].id=demo-portal" "--hub.portals[0].tenant=demo"
    "--hub.portals[0].token-sha256=eb1e8e79a793c44e863a8b636df80f36f80fd4539587320cb36e1ba84032a354"
    "--hub.portals[0].trust-anchors[0]=$P/ca.crt" "--hub.portals[0].require-signature=true")
fi
# the bare baseline: one plain copy of the posted body on the same disk, synced
sync; start=$(date +%s%N)
dd if="$POSTED" of="$WORK/bare-copy" bs=1M conv=fsync status=none
BARE_MS=$(( ($(date +%s%N) - start) / 1000000 ))
rm "$WORK/bare-copy"
echo "bare baseline: one synced copy of the file in ${BARE_MS} ms"

java -Xmx"$HEAP" -XX:+ExitOnOutOfMemoryError -jar "$JAR" --hub.data-dir="$WORK/data" --server.port="$HTTP_PORT" \
  --hub.broker.port="$BROKER_PORT" --hub.broker.vm-id=11 --hub.intake.max-body-size=4GB ${PORTAL_ARGS[@]+"${PORTAL_ARGS[@]}"} \
  >"$WORK/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$HUB_PID" 2>/dev/null || { tail -30 "$WORK/hub.log"; exit 1; }
  sleep 1
done
echo "hub up with -Xmx$HEAP"

java -Dbare.ms="$BARE_MS" -Dcontent.type="$CONTENT_TYPE" -cp "$WORK/classes:$CP" de.xoevhub.bench.LargeSubmission submit "$POSTED" \
  "http://127.0.0.1:$HTTP_PORT" "tcp://127.0.0.1:$BROKER_PORT" "$WORK/copy.p7m" \
  || { echo "hub log:"; grep -E "WARN|ERROR|OutOfMemory" "$WORK/hub.log" | tail -20; exit 1; }
rm "$POSTED"

PKI="$WORK/data/pki"
start=$(date +%s)
openssl cms -decrypt -inform DER -in "$WORK/copy.p7m" -recip "$PKI/demo-recipient.crt" -inkey "$PKI/demo-recipient.key" \
  -out "$WORK/signed.der"
rm "$WORK/copy.p7m"
openssl cms -verify -inform DER -in "$WORK/signed.der" -CAfile "$PKI/ca.crt" -out "$WORK/content.xml" 2>"$WORK/verify.txt"
echo "openssl cms -decrypt and -verify: $(cat "$WORK/verify.txt") in $(( $(date +%s) - start )) s"
GOT=$(sha256sum "$WORK/content.xml" | cut -d' ' -f1)
[ "$GOT" = "$WANT" ] || { echo "DIGEST MISMATCH: delivered content has sha256 $GOT"; exit 1; }
echo "digest of the delivered content matches: $GOT"
LEFT=$(find "$WORK/data/spool" -type f | wc -l)
[ "$LEFT" = 0 ] || { echo "spool files left: $(ls "$WORK/data/spool")"; exit 1; }
echo "spool directory empty; hub still alive: $(kill -0 "$HUB_PID" && echo yes)"
echo "PASS"
