#!/usr/bin/env bash
# Builds Halodesk with the end-to-end config (its own app identifier, so nothing touches a real
# installation) and the HaloPSA simulator, then runs the WebDriver specs against the real window,
# headless, inside a private D-Bus session. Arguments go to Vitest (e.g. a spec's file name).
#
# HALODESK_E2E_SKIP_BUILD=1 reuses the binaries of the last build: for iterating on the specs
# only, since a stale app is then tested without a word.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

export HALODESK_E2E_APP="$PWD/target/debug/halodesk"
export HALODESK_E2E_SIM="$PWD/target/debug/halopsa-sim"

if [ "${HALODESK_E2E_SKIP_BUILD:-}" = 1 ] && [ -x "$HALODESK_E2E_APP" ] && [ -x "$HALODESK_E2E_SIM" ]; then
  say "Reusing the last build (HALODESK_E2E_SKIP_BUILD=1)"
else
  say "Building the end-to-end app (debug profile, e2e identifier, production assets)"
  npx tauri build --debug --no-bundle --config src-tauri/tauri.e2e.conf.json
  say "Building the HaloPSA simulator the specs connect to"
  cargo build --locked -p halopsa-sim
fi

[ -x "$HALODESK_E2E_APP" ] || { echo "The e2e build did not produce $HALODESK_E2E_APP" >&2; exit 1; }
[ -x "$HALODESK_E2E_SIM" ] || { echo "The simulator build did not produce $HALODESK_E2E_SIM" >&2; exit 1; }

say "Running the end-to-end specs under Xvfb in a private D-Bus session"
exec dbus-run-session -- bash tests/e2e/session.sh \
  npx vitest run --config tests/e2e/vitest.config.ts "$@"
