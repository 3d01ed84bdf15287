#!/usr/bin/env python3
"""Deterministic Schwab transactions CSV (no title/total rows, 2023+ layout) for benchmarks.

    python3 bench/gen_history.py 1000000 /tmp/history-1m.csv

Same seed, same bytes. About 100 bytes a row: 1,000,000 rows is about 100 MB.
"""
import random
import sys
from datetime import date, timedelta

AI = ["MSFT", "AMZN", "NVDA", "AMD", "AVGO", "GOOGL", "GOOG", "META", "ORCL", "CRWV", "INTC"]
OTHER = [f"T{i:03d}" for i in range(489)]  # non-deal tickers
SYMBOLS = AI + OTHER
NAMES = {s: f"{s} HOLDINGS INC COMMON STOCK CLASS A" for s in SYMBOLS}


def money(x: float) -> str:
    sign = "-" if x < 0 else ""
    return f"{sign}${abs(x):,.2f}"


def main() -> None:
    rows = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(20261126)
    start = date(2015, 1, 2)
    with open(out, "w", newline="") as f:
        f.write('"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"\n')
        for i in range(rows):
            d = start + timedelta(days=(i * 3650) // rows)
            sym = rng.choice(SYMBOLS)
            r = rng.random()
            price = round(rng.uniform(5, 900), 4)
            if r < 0.60:
                action, qty = "Buy", rng.randint(1, 200)
                amount = -qty * price
            elif r < 0.80:
                action, qty = "Sell", rng.randint(1, 60)
                amount = qty * price
            elif r < 0.85:
                action, qty = "Reinvest Shares", round(rng.uniform(0.001, 3), 4)
                amount = -qty * price
            else:
                action, qty, price = "Qualified Dividend", None, None
                amount = round(rng.uniform(1, 500), 2)
            q = "" if qty is None else f"{qty}"
            p = "" if price is None else f"${price:.4f}"
            fee = "$0.01" if action == "Sell" else ""
            f.write(f'"{d:%m/%d/%Y}","{action}","{sym}","{NAMES[sym]}","{q}","{p}","{fee}","{money(amount)}"\n')


if __name__ == "__main__":
    main()
