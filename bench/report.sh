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
python3 - "$repo/data/securities.csv" "$work/portfolio-500.csv" <<'PY'
import csv, random, sys
random.seed(7)
secs = [r["symbol"] for r in csv.DictReader(open(sys.argv[1]))]
others = ["JNJ", "KO", "VTI", "PG", "XOM", "WMT", "JPM", "V", "MA", "HD", "PEP", "COST", "MRK",
          "ABBV", "CVX", "LLY", "UNH", "BAC", "DIS", "MCD"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["Symbol", "Name", "Shares", "Price", "Currency", "Account"])
    for i in range(500):
        sym = secs[i % len(secs)] if i % 3 else others[(i // 3) % len(others)]
        w.writerow([sym, f"Holding {i} of {sym}", random.randint(1, 500),
                    f"{random.randint(1000, 90000) / 100:.2f}", "USD", f"Account {i % 7}"])
PY
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
