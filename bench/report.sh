#!/usr/bin/env bash
# Time to write the PDF report of a 500-holding portfolio (issue 5: under 1 s, release build).
#
#   bench/report.sh            # builds the release CLI, median of 5 runs
#
# The portfolio: 500 rows in the generic format of the bundled sample, two in three a security
# of the dataset (so each is linked to its deals), one in three a well-known unlinked ticker,
# spread over 7 accounts (fixed seed, so every run reads the same file). The time covers the
# whole command: import, exposure, layout and the PDF with its fonts subset and embedded.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin ai-exposure --manifest-path "$repo/Cargo.toml"
python3 "$repo/bench/gen_portfolio.py" "$repo/data/securities.csv" "$work/portfolio-500.csv"
bin="$CARGO_TARGET_DIR/release/ai-exposure"
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$bin" report "$work/portfolio-500.csv" --out "$work/report.pdf" >/dev/null
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
done
pages=$(pdfinfo "$work/report.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "500-holding PDF report: median ${median} s of 5 (runs: ${times[*]}), ${pages:-?} pages, $(stat -c %s "$work/report.pdf") bytes"
