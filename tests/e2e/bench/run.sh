#!/usr/bin/env bash
# `npm run bench:webview`: the webview benchmarks. Builds Halodesk with the end-to-end config in
# the release profile (what technicians run) and the simulator, then measures, in the real
# window under Xvfb: the warm start to the first painted rows and the search-as-you-type latency
# over about 10,000 open tickets (queue.bench.ts), and a 200 MB upload's throughput, memory
# growth and keystroke latency (upload.bench.ts). It prints figures; it never fails on a timing.
# Arguments go to Vitest: `npm run bench:webview -- upload` runs one.
#
# HALODESK_BENCH_PROFILE=debug measures the debug e2e build instead (`npm run e2e` makes it);
# HALODESK_E2E_SKIP_BUILD=1 reuses the last build of the chosen profile.
set -euo pipefail
cd "$(dirname "$0")/../../.."

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

profile=${HALODESK_BENCH_PROFILE:-release}
case "$profile" in
  release) build_flags=() ;;
  debug) build_flags=(--debug) ;;
  *) echo "HALODESK_BENCH_PROFILE must be release or debug, not $profile" >&2; exit 2 ;;
esac
export HALODESK_BENCH_PROFILE="$profile"
export HALODESK_E2E_APP="$PWD/target/$profile/halodesk"
export HALODESK_E2E_SIM="$PWD/target/$profile/halopsa-sim"

if [ "${HALODESK_E2E_SKIP_BUILD:-}" = 1 ] && [ -x "$HALODESK_E2E_APP" ] && [ -x "$HALODESK_E2E_SIM" ]; then
  say "Reusing the last $profile build (HALODESK_E2E_SKIP_BUILD=1)"
else
  say "Building the end-to-end app ($profile profile, e2e identifier, production assets)"
  npx tauri build "${build_flags[@]}" --no-bundle --config src-tauri/tauri.e2e.conf.json
  say "Building the HaloPSA simulator ($profile profile)"
  if [ "$profile" = release ]; then
    cargo build --locked --release -p halopsa-sim
  else
    cargo build --locked -p halopsa-sim
  fi
fi

say "Measuring the app in the real window under Xvfb"
exec dbus-run-session -- bash tests/e2e/session.sh \
  npx vitest run --config tests/e2e/bench/vitest.config.ts "$@"
