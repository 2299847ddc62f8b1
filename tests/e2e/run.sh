#!/usr/bin/env bash
# Builds Halodesk with the end-to-end config (its own app identifier, so nothing touches a real
# installation) and runs the WebDriver specs against the real window, headless, inside a private
# D-Bus session.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Building the end-to-end app (debug profile, e2e identifier, production assets)"
npx tauri build --debug --no-bundle --config src-tauri/tauri.e2e.conf.json

export HALODESK_E2E_APP="$PWD/target/debug/halodesk"
[ -x "$HALODESK_E2E_APP" ] || { echo "The e2e build did not produce $HALODESK_E2E_APP" >&2; exit 1; }

say "Running the end-to-end specs under Xvfb in a private D-Bus session"
exec dbus-run-session -- bash tests/e2e/session.sh "$@"
