#!/usr/bin/env bash
# Fund look-through (issue 12): a 3,600-constituent total-market holdings file in every issuer
# layout we read, parsed (`fund-holdings`) and applied to a 500-holding portfolio with 84 fund
# holdings (`exposure --funds`), beside `exposure --no-funds` and `exposure` with the bundled
# snapshots in the same run; then, in the process as the desktop app runs it, a what-if change
# with funds in it (examples/funds.rs). Release build; CLI rows are the median of 5 runs, wall
# time and peak RSS of the whole command.
#
#   bench/funds.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin ai-exposure --example funds --manifest-path "$repo/Cargo.toml"
python3 -c "import openpyxl" 2>/dev/null || pip install --quiet openpyxl
python3 "$repo/bench/gen_portfolio.py" "$repo/data/securities.csv" "$work/p500.csv" --funds
bin="$CARGO_TARGET_DIR/release/ai-exposure"
measure() { # label, command...
  local label="$1"; shift
  local times=() mems=()
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err"
    read -r t m <"$work/t"
    times+=("$t"); mems+=("$m")
  done
  local mt mm
  mt=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  mm=$(printf '%s\n' "${mems[@]}" | sort -n | sed -n 3p)
  printf '| %s | %s s | %s MB |\n' "$label" "$mt" "$((mm / 1024))"
}
echo "| 500 holdings (84 funds) | median wall | median peak RSS |"
echo "|---|---|---|"
measure "exposure --json --no-funds (baseline)" "$bin" exposure "$work/p500.csv" --json --no-funds
measure "exposure --json (bundled snapshots)" "$bin" exposure "$work/p500.csv" --json
for f in ishares vanguard invesco schwab ark nport spdr; do
  ext=csv; [ "$f" = nport ] && ext=xml; [ "$f" = spdr ] && ext=xlsx
  file="$work/total-$f.$ext"
  python3 "$repo/bench/gen_fund_file.py" "$repo/data/securities.csv" "$file" "$f" 3600
  # Vanguard's file names its fund (VTI); the others are given to the portfolio's ITOT holdings.
  sym=ITOT; [ "$f" = vanguard ] && sym=VTI
  measure "$f ($(du -k "$file" | cut -f1) KB): fund-holdings --json" "$bin" fund-holdings "$file" --json
  measure "$f: exposure --json --funds $sym=FILE" "$bin" exposure "$work/p500.csv" --json --funds "$sym=$file"
done
echo
"$CARGO_TARGET_DIR/release/examples/funds" "$work/p500.csv" "ITOT=$work/total-ishares.csv"
