#!/usr/bin/env bash
# Reproduces the figures of BENCHMARKS.md:
#   bench/run.sh [ROWS]     (default 1,000,000)
# Release build; each command run 5 times, median wall time and max RSS reported.
# Needs python3 with pandas and polars for the baseline and the floor (pip install pandas polars).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
rows="${1:-1000000}"
work="${BENCH_DIR:-/tmp/ai-exposure-bench}"
mkdir -p "$work"
history="$work/schwab-history-$rows.csv"

cargo build --release -q --manifest-path "$repo/Cargo.toml" -p ai-exposure
bin="$CARGO_TARGET_DIR/release/ai-exposure"
[ -f "$history" ] || python3 "$repo/bench/gen_history.py" "$rows" "$history"
printf 'file: %s (%s rows, %s bytes)\n' "$history" "$rows" "$(stat -c %s "$history")"

# median of 5: prints "<seconds> <max RSS MB>"
measure() {
  local out=() i
  for i in 1 2 3 4 5; do
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" > /dev/null
    out+=("$(cat "$work/time.txt")")
  done
  printf '%s\n' "${out[@]}" | sort -n | sed -n 3p | awk '{printf "%.2f s, %.0f MB max RSS\n", $1, $2/1024}'
}

echo "ai-exposure exposure --json:  $(measure "$bin" exposure "$history" --json)"
echo "pandas baseline:              $(measure python3 "$repo/bench/pandas_baseline.py" "$history")"
echo "polars read_csv (floor):      $(measure python3 "$repo/bench/polars_floor.py" "$history")"

positions="$work/positions-50.csv"
python3 - "$positions" <<'PY'
import sys
syms = ["MSFT","AMZN","NVDA","AMD","AVGO","GOOGL","META","ORCL","CRWV","INTC"] + [f"T{i:03d}" for i in range(40)]
with open(sys.argv[1], "w") as f:
    f.write("Symbol,Name,Shares,Price,Currency,Account\n")
    for i, s in enumerate(syms):
        f.write(f"{s},{s} Inc,{10 + i},{100 + i}.25,USD,Brokerage\n")
PY
echo "50-row positions, holdings --json (process start to exit): $(measure "$bin" holdings "$positions" --json)"
echo "50-row positions, exposure --json (process start to exit): $(measure "$bin" exposure "$positions" --json)"
