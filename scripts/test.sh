#!/usr/bin/env bash
# Every test of the project, in order: typecheck, lint, unit + integration (vitest, inside a private
# D-Bus session with an unlocked gnome-keyring, so keytar meets a real Secret Service), the build, and
# the Playwright e2e run in Debian's Chromium. Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# node:sqlite's ExperimentalWarning would otherwise repeat in every test worker's output.
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=ExperimentalWarning"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
step() { printf '\n== %s\n' "$1"; }

step "typecheck (tsc)"
tsc -p tsconfig.json --noEmit || status=1
step "lint (eslint) and format (prettier)"
eslint --max-warnings 0 . || status=1
prettier --check . >/dev/null || { echo "prettier: files not formatted (npm run format)"; status=1; }
step "unit and integration tests (vitest, real Secret Service)"
# The real-Chromium window test runs on its own after the rest: a Chromium starting on a fresh X display
# beside the parallel suites can stall for minutes on two loaded cores.
window_test=test/main/host-window.test.ts
scripts/with-keyring.sh vitest run --exclude "$window_test" --reporter=default --reporter=json \
  --outputFile.json="$results/vitest.json" || status=1
scripts/with-keyring.sh vitest run "$window_test" --reporter=default --reporter=json \
  --outputFile.json="$results/vitest-window.json" || status=1
step "build (electron-vite)"
electron-vite build >/dev/null || { echo "build failed"; status=1; }
step "end-to-end tests (Playwright, Chromium)"
# Under the keyring too: the connection-manager flow stores secrets in the real Secret Service.
PW_JSON="$results/playwright.json" scripts/with-keyring.sh playwright test || status=1

node scripts/test-summary.ts "$results/vitest.json" "$results/vitest-window.json" "$results/playwright.json" || status=1
exit $status
