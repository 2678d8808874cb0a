#!/usr/bin/env bash
# Installs the Debian peers the integration tests talk to, where they are missing:
# python3-qpid-proton (an independent AMQP 1.0 Fachverfahren), openssl (an independent crypto peer),
# openssh-server (Debian's sshd as an independent SFTP destination), and chromium with node for the console's
# browser test, which drives Debian's chromium with playwright-core from npm (installed into src/test/browser,
# never a browser download of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
/usr/bin/python3 -c "import proton" >/dev/null 2>&1 || missing+=(python3-qpid-proton)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "install-test-peers: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-test-peers: installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
browser=src/test/browser
if [ ! -d "$browser/node_modules/playwright-core" ]; then
  echo "install-test-peers: npm install in $browser (playwright-core)" >&2
  # no lock file and no browser download: the test uses Debian's chromium
  (cd "$browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-package-lock --no-audit --no-fund --silent) \
    || echo "install-test-peers: npm install failed; ConsoleBrowserIT will skip" >&2
fi
