#!/usr/bin/env bash
# Runs every test of the project, as CI does (.ci/run calls this):
#   formatting, clippy, the core's unit and integration tests, the desktop crate's tests,
#   the UI's unit tests (Node, if present) and the end-to-end test of the real desktop app.
# Installs what is missing first (Tauri's system packages, Xvfb, webkit2gtk-driver, tauri-driver).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n[test] == %s\n' "$*" >&2; }

if command -v rustup >/dev/null 2>&1; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
  done
fi

step "system packages and test tools"
"$repo/scripts/e2e.sh" --install-only

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (core unit + integration tests, desktop crate tests)"
cargo test --workspace

if command -v node >/dev/null 2>&1; then
  step "UI unit tests (node --test)"
  node --test tests/ui/
else
  step "UI unit tests skipped: node is not installed"
fi

step "end-to-end test of the desktop app (tauri-driver + WebKitWebDriver under Xvfb)"
"$repo/scripts/e2e.sh"

step "all tests passed"
