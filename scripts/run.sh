#!/usr/bin/env bash
# Build and start the AI Exposure desktop app.
#
#   scripts/run.sh                      # analyse the bundled sample portfolio
#   scripts/run.sh ~/Downloads/pos.csv  # analyse your broker export
#
# On Debian/Ubuntu, missing system packages for Tauri/WebKitGTK are installed
# with apt-get first. Without a display ($DISPLAY and $WAYLAND_DISPLAY empty)
# the app runs under a virtual X server (xvfb-run).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

log() { printf '[run] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "need root to run: $*  (install sudo or run as root)"
    return 1
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing missing system packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  ensure_packages libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev \
    libssl-dev libayatana-appindicator3-dev librsvg2-dev pkg-config
else
  log "not a Debian/Ubuntu system: make sure the Tauri 2 prerequisites (WebKitGTK 4.1 etc.) are installed"
fi

if ! command -v cargo >/dev/null 2>&1; then
  log "cargo not found: install Rust from https://rustup.rs and try again"
  exit 1
fi

log "building the desktop app (release)…"
cargo build --release --manifest-path "$repo/Cargo.toml" -p ai-exposure-desktop --features custom-protocol

binary="$CARGO_TARGET_DIR/release/ai-exposure-desktop"
# No file given: open the bundled sample portfolio (the app previews it; confirm to save it).
if [ $# -eq 0 ]; then
  set -- "$repo/data/samples/sample_portfolio.csv"
fi
if [ ! -x "$binary" ]; then
  log "build finished but $binary is missing"
  exit 1
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  if ! command -v xvfb-run >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
      ensure_packages xvfb xauth
    else
      log "no display and xvfb-run is not installed"
      exit 1
    fi
  fi
  log "no display found (\$DISPLAY and \$WAYLAND_DISPLAY are empty): running under a virtual X server (xvfb-run); the window is not visible"
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$binary" "$@"
fi

exec "$binary" "$@"
