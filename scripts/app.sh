#!/usr/bin/env bash
# `npm run app`: installs what is missing, builds Halodesk (release) and opens it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh app
printf '\033[1m==> %s\033[0m\n' "Building Halodesk (release; the first build takes several minutes)"
npx tauri build --no-bundle
printf '\033[1m==> %s\033[0m\n' "Opening Halodesk"
# --demo: with nothing configured yet it opens straight into the built-in demo.
exec target/release/halodesk --demo "$@"
