#!/usr/bin/env bash
# End-to-end test of the desktop app through WebDriver (tauri-driver + WebKitWebDriver).
#
#   scripts/e2e.sh                       # build (debug) and run tests/e2e/test_desktop.py
#   scripts/e2e.sh --screenshot-dir DIR  # extra args go to the Python test
#   scripts/e2e.sh --install-only        # only install what is missing (used by scripts/test.sh)
#
# Installs what is missing on Debian/Ubuntu (webkit2gtk-driver, xvfb, the Tauri
# build packages, tauri-driver 2.1.0), builds the app with the custom-protocol
# feature (the UI embedded, as in release) and runs the test under xvfb-run.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export PATH="$HOME/.cargo/bin:$PATH"
TAURI_DRIVER_VERSION=2.1.0

log() { printf '[e2e] %s\n' "$*" >&2; }

install_only=0
if [ "${1:-}" = "--install-only" ]; then
  install_only=1
  shift
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "need root to run: $*"
    return 1
  fi
}

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in webkit2gtk-driver xvfb xauth poppler-utils libwebkit2gtk-4.1-dev build-essential file libxdo-dev \
    libssl-dev libayatana-appindicator3-dev librsvg2-dev pkg-config python3; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing missing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# tauri-driver has no --version flag: ask cargo which version it installed.
if ! command -v tauri-driver >/dev/null 2>&1 \
  || ! cargo install --list 2>/dev/null | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
  log "installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
fi

if [ "$install_only" -eq 1 ]; then
  log "system packages and tauri-driver are installed"
  exit 0
fi

log "building the desktop app (debug, custom-protocol)…"
cargo build --manifest-path "$repo/Cargo.toml" -p ai-exposure-desktop --features custom-protocol

binary="$CARGO_TARGET_DIR/debug/ai-exposure-desktop"
log "running the WebDriver test under xvfb-run"
exec xvfb-run -a -s "-screen 0 1280x800x24" \
  python3 "$repo/tests/e2e/test_desktop.py" --application "$binary" "$@"
