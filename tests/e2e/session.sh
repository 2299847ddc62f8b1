#!/usr/bin/env bash
# Runs inside `dbus-run-session`: starts a virtual display and WebKitWebDriver with a fresh home
# for the app's data, runs the specs, and stops everything it started.
set -euo pipefail

scratch=$(mktemp -d -t halodesk-e2e.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# A fresh XDG tree: the app's data dir, settings and caches exist only for this run.
for dir in data config cache runtime; do mkdir -p "$scratch/$dir"; done
chmod 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
export NO_AT_BRIDGE=1

# -displayfd picks a free display number and writes it back: a fixed one may be taken.
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp 3>"$scratch/display" 2>"$scratch/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$scratch/display" ] && break; sleep 0.1; done
[ -s "$scratch/display" ] || { echo "Xvfb did not start:" >&2; cat "$scratch/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(tr -d '[:space:]' <"$scratch/display")"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
TAURI_WEBVIEW_AUTOMATION=true WebKitWebDriver --port="$port" >"$scratch/webdriver.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  node -e 'fetch(`http://127.0.0.1:${process.argv[1]}/status`).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$port" && break
  sleep 0.1
done
export HALODESK_E2E_WEBDRIVER_PORT="$port"

status=0
npx vitest run --config tests/e2e/vitest.config.ts "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- WebKitWebDriver log ---" >&2
  tail -n 50 "$scratch/webdriver.log" >&2
fi
exit "$status"
