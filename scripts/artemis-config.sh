#!/usr/bin/env bash
# Writes the broker.xml of an external Artemis broker: scripts/artemis-config.sh primary|backup OUTDIR
# It is config/artemis/broker.xml (addresses, dead letters, redelivery, journal sync) without the in-VM acceptor,
# with config/artemis/security.xml and config/artemis/ha/<role>.xml merged in. The ${hub.broker.*} placeholders
# stay: the broker's JVM gets them as system properties (scripts/topology.sh, docker-compose.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
role=${1:?primary or backup}
out=${2:?output directory}
[ -f "config/artemis/ha/$role.xml" ] || { echo "artemis-config: no config/artemis/ha/$role.xml" >&2; exit 2; }
mkdir -p "$out"
python3 - config/artemis "$role" "$out/broker.xml" <<'PY'
import re, sys
conf, role, out = sys.argv[1:]
def inner(path, tag):
    return re.search(rf"<{tag}>(.*)</{tag}>", open(path).read(), re.S).group(1)
broker = open(f"{conf}/broker.xml").read()
broker = re.sub(r'\s*<acceptor name="in-vm">[^<]*</acceptor>', "", broker)
broker = broker.replace("<security-enabled>false</security-enabled>", "")
broker = broker.replace("</core>", inner(f"{conf}/security.xml", "security") + inner(f"{conf}/ha/{role}.xml", "ha")
                        + "\n  </core>")
open(out, "w").write(broker)
PY
