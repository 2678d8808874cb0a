#!/usr/bin/env bash
# Installs the Debian peers the integration tests talk to, where they are missing:
# python3-qpid-proton (an independent AMQP 1.0 Fachverfahren), openssl (an independent crypto peer) and
# openssh-server (Debian's sshd as an independent SFTP destination).
set -euo pipefail
missing=()
/usr/bin/python3 -c "import proton" >/dev/null 2>&1 || missing+=(python3-qpid-proton)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "install-test-peers: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-test-peers: installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
