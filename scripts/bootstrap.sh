#!/usr/bin/env bash
# First step of `npm start` and `npm test` on any machine: the system packages the project needs
# (Chromium for the browser host and e2e, Xvfb, a Secret Service for keytar and its build headers),
# then the npm dependencies when node_modules is missing or older than the lockfile. It runs under
# whatever Node the machine has; the project's own Node 22 arrives with `npm ci` (package `node`).
# npm's own `preinstall` cannot do this: it runs after the dependencies' install scripts (docs/architecture.md, "Build machines").
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have chromium || missing+=(chromium)
have xvfb-run || missing+=(xvfb)
have xauth || missing+=(xauth)
have gnome-keyring-daemon || missing+=(gnome-keyring)
have dbus-run-session || missing+=(dbus)
have dbus-launch || missing+=(dbus-x11)
have pkg-config || missing+=(pkg-config)
{ have pkg-config && pkg-config --exists libsecret-1; } || missing+=(libsecret-1-dev)
have make || missing+=(make)
have g++ || missing+=(g++)
have python3 || missing+=(python3)
have sqlite3 || missing+=(sqlite3) # the benchmark compares CSV export with its dump

if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "bootstrap: installing system packages: ${missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "bootstrap: missing system packages: ${missing[*]}" >&2
    echo "bootstrap: install them first, as root on Debian/Ubuntu:  $cmd" >&2
    exit 1
  fi
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
