#!/usr/bin/env bash
# Cost of the dataset's history (issue 11): the over-time chart (`timeline`: the engine on the
# dataset as of every month end since the first deal, 2019-01) and `changes --since` (the
# engine twice), beside `exposure` alone in the same run, for the bundled sample (8 holdings)
# and the 500-holding portfolio of bench/report.sh. Release build, median of 5 runs, wall time
# and peak RSS of the whole command.
#
#   bench/history.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin ai-exposure --manifest-path "$repo/Cargo.toml"
python3 "$repo/bench/gen_portfolio.py" "$repo/data/securities.csv" "$work/portfolio-500.csv"
bin="$CARGO_TARGET_DIR/release/ai-exposure"
measure() { # label, command...
  local label="$1"; shift
  local times=() mems=()
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null
    read -r t m <"$work/t"
    times+=("$t"); mems+=("$m")
  done
  local mt mm
  mt=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  mm=$(printf '%s\n' "${mems[@]}" | sort -n | sed -n 3p)
  printf '| %s | %s s | %s MB |\n' "$label" "$mt" "$((mm / 1024))"
}
for f in "$repo/data/samples/sample_portfolio.csv" "$work/portfolio-500.csv"; do
  name=$(basename "$f")
  echo "| $name | median wall | median peak RSS |"
  echo "|---|---|---|"
  measure "exposure --json (baseline)" "$bin" exposure "$f" --json
  measure "timeline --json (2019-01 to 2026-12-03)" "$bin" timeline "$f" --json --until 2026-12-03
  measure "changes --since 2026-02-27 FILE --json" "$bin" changes --since 2026-02-27 "$f" --json
  measure "report --out report.pdf (with the chart)" "$bin" report "$f" --out "$work/r.pdf" --paper a4
  echo
done
