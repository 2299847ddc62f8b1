#!/usr/bin/env bash
# Runs inside `dbus-run-session`: starts a virtual display, a notification server, a Secret
# Service and WebKitWebDriver with a fresh home for the app's data, runs the command it is given
# (the specs, or the benchmark), and stops everything it started.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: session.sh COMMAND [ARGS...]" >&2; exit 2; }

scratch=$(mktemp -d -t halodesk-e2e.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# A fresh XDG tree: the app's data dir, settings and caches exist only for this run. Specs that
# need a data dir of their own make one under HALODESK_E2E_SCRATCH (see support/app.ts).
for dir in data config cache runtime; do mkdir -p "$scratch/$dir"; done
chmod 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
export NO_AT_BRIDGE=1 HALODESK_E2E_SCRATCH="$scratch"

# -displayfd picks a free display number and writes it back: a fixed one may be taken.
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp 3>"$scratch/display" 2>"$scratch/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$scratch/display" ] && break; sleep 0.1; done
[ -s "$scratch/display" ] || { echo "Xvfb did not start:" >&2; cat "$scratch/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(tr -d '[:space:]' <"$scratch/display")"

# A notification server on this bus, so the SLA watch's notifications are shown and can be
# clicked (`dunstctl action 0`). Built-in defaults only: a user's dunstrc changes nothing.
dunst -config /dev/null >"$scratch/dunst.log" 2>&1 &
pids+=($!)

# The Secret Service the app keeps client secrets and refresh tokens in: gnome-keyring on this
# private bus, its login keyring (under the fresh XDG_DATA_HOME) created and unlocked with a
# throwaway password. It daemonises, prints its environment and leaves with the bus.
keyring_env=$(printf 'e2e-keyring' | gnome-keyring-daemon --unlock --components=secrets)
while IFS='=' read -r name value; do
  case "$name" in
    GNOME_KEYRING_CONTROL | SSH_AUTH_SOCK) export "$name=$value" ;;
    GNOME_KEYRING_PID) pids+=("$value") ;;
  esac
done <<<"$keyring_env"

# The browser. The app opens links and the browser sign-in page with `xdg-open`, and the app is
# started by WebKitWebDriver, so it sees WebKitWebDriver's PATH: a fake `xdg-open` first on that
# PATH stands in for the browser. It logs every URL it is asked to open, and for a sign-in page it
# does what a browser would: follow the simulator's instant approval back to the app's loopback
# redirect. Nothing else is fetched, so a spec can never reach the internet through it.
mkdir -p "$scratch/bin"
export HALODESK_E2E_OPENED_LOG="$scratch/opened-urls.log"
: >"$HALODESK_E2E_OPENED_LOG"
cat >"$scratch/bin/xdg-open" <<'SCRIPT'
#!/bin/sh
printf '%s\n' "$1" >>"$HALODESK_E2E_OPENED_LOG"
case "$1" in
  http://127.0.0.1:*/auth/authorize\?*)
    # In the background, as a browser would be: the app may wait for this command to return.
    curl -sS -L --max-redirs 5 -o /dev/null "$1" >>"$HALODESK_E2E_OPENED_LOG.curl" 2>&1 &
    ;;
esac
exit 0
SCRIPT
chmod +x "$scratch/bin/xdg-open"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
PATH="$scratch/bin:$PATH" TAURI_WEBVIEW_AUTOMATION=true \
  WebKitWebDriver --port="$port" >"$scratch/webdriver.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  node -e 'fetch(`http://127.0.0.1:${process.argv[1]}/status`).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$port" && break
  sleep 0.1
done
export HALODESK_E2E_WEBDRIVER_PORT="$port"

status=0
"$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- WebKitWebDriver and app log (last 80 lines) ---" >&2
  tail -n 80 "$scratch/webdriver.log" >&2
fi
exit "$status"
