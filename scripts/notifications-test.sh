#!/usr/bin/env bash
# The SLA watch's desktop notifications over a real D-Bus session: a private session bus
# (dbus-run-session), dunst as the notification server on a virtual display, then the ignored
# tests of `halodesk-desktop/tests/notifications.rs`, which read the Notify calls off the bus
# and have dunst invoke their default action. Extra arguments go to the test binary (a filter).
set -euo pipefail
cd "$(dirname "$0")/.."

# A bus of our own, whatever the caller's: the tests must meet only the server started here.
if [ -z "${HALODESK_NOTIFY_BUS:-}" ]; then
  HALODESK_NOTIFY_BUS=1 exec dbus-run-session -- bash "$0" "$@"
fi

scratch=$(mktemp -d -t halodesk-notify.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

mkdir -p "$scratch/runtime"
chmod 700 "$scratch/runtime"
export XDG_RUNTIME_DIR="$scratch/runtime" NO_AT_BRIDGE=1

# dunst draws its notifications, so it needs a display. -displayfd picks a free display number
# and writes it back: a fixed one may be taken.
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp 3>"$scratch/display" 2>"$scratch/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$scratch/display" ] && break; sleep 0.1; done
[ -s "$scratch/display" ] || { echo "Xvfb did not start:" >&2; cat "$scratch/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(tr -d '[:space:]' <"$scratch/display")"

# Built-in defaults only (it warns that /dev/null is no config file), so a user's dunstrc cannot
# change what the tests see.
dunst -config /dev/null >"$scratch/dunst.log" 2>&1 &
pids+=($!)
owned() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null |
    grep -q 'boolean true'
}
for _ in $(seq 100); do owned && break; sleep 0.1; done
owned || { echo "dunst did not take org.freedesktop.Notifications:" >&2; cat "$scratch/dunst.log" >&2; exit 1; }

status=0
cargo test --locked -p halodesk-desktop --test notifications -- --ignored --test-threads=1 "$@" ||
  status=$?
if [ "$status" -ne 0 ]; then
  echo "--- dunst log ---" >&2
  cat "$scratch/dunst.log" >&2
fi
exit "$status"
