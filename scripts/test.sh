#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs every check and test, and fails if any fails.
# Every step runs even after a failure, so one run shows everything that is wrong.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh test || exit 1

passed=0
failed=0
failures=()
step() {
  local name=$1
  shift
  printf '\n\033[1m==> %s\033[0m  (%s)\n' "$name" "$*"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    printf '\033[32mok\033[0m  %s (%ss)\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '\033[31mFAILED\033[0m  %s (%ss)\n' "$name" $((SECONDS - start))
  fi
}

step "Rust formatting" cargo fmt --all --check
step "Clippy, warnings denied" cargo clippy --workspace --all-targets --locked -- -D warnings
step "Dependencies: bans, licences, sources (deny.toml)" target/tools/bin/cargo-deny --log-level error check bans licenses sources
step "Crate boundaries (docs/ARCHITECTURE.md)" bash scripts/check-boundaries.sh
step "TypeScript bindings match the Rust types" cargo test --locked -q -p halodesk-core --test bindings
step "Rust tests" cargo test --workspace --locked
step "UI type check" npm run --silent ui:check
step "UI lint and formatting" npm run --silent ui:lint
step "UI unit tests" npm run --silent ui:test
step "Desktop notifications over D-Bus" bash scripts/notifications-test.sh
step "End-to-end specs in the real window" npm run --silent e2e

echo
for name in "${failures[@]}"; do echo "failed: $name"; done
echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
