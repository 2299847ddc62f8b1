#!/usr/bin/env bash
# The crate boundaries docs/ARCHITECTURE.md promises, read off Cargo's dependency graph: only
# the shell depends on Tauri or a webview, and halodesk-core reaches the desktop only through
# the traits it owns (which halodesk-desktop and the shell implement). Prints each crossing and
# fails on any, and fails when the graph cannot be read at all.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=0
# What a crate may not depend on, directly or not: a pattern of package names.
check() {
  local crate=$1 forbidden=$2 why=$3
  local tree found
  if ! tree=$(cargo tree --locked --offline -e normal,build -p "$crate" --prefix none --format '{p}') ||
    [ -z "$tree" ]; then
    echo "the dependency graph of $crate could not be read"
    failed=1
    return
  fi
  found=$(echo "$tree" | awk '{print $1}' | sort -u | grep -E "^($forbidden)$")
  if [ -n "$found" ]; then
    echo "$crate depends on $(echo "$found" | paste -sd, -): $why"
    failed=1
  fi
}

no_tauri='tauri|tauri-.*|wry|tao|webkit2gtk'
for crate in halopsa halopsa-sim halodesk-sla halodesk-core halodesk-desktop; do
  check "$crate" "$no_tauri" "only the shell (src-tauri) may use Tauri or a webview"
done
check halodesk-core 'notify-rust|arboard|keyring|open|image|halodesk-desktop' \
  "the core reaches the desktop only through its traits (Desktop, Notifier, SecretStore)"
check halodesk-sla 'halopsa|halodesk-core|rusqlite|tokio|reqwest' \
  "the SLA rules are pure: no client, database or runtime"

[ "$failed" -eq 0 ] && echo "crate boundaries hold"
exit "$failed"
