"""The 500-holding portfolio of the benchmarks: gen_portfolio.py SECURITIES_CSV OUT_CSV [--funds].

500 rows in the generic format of the bundled sample, two in three a security of the dataset (so
each is linked to its deals), one in three a well-known unlinked ticker, over 7 accounts; fixed
seed, so every run reads the same file. With --funds, every other one of those unlinked rows is
a fund instead (IVV, VOO, VTI, QQQ, FXAIX, SPY, VGT, SMH, SCHB, ITOT: bundled snapshots, and
ITOT for a holdings file given with --funds ITOT=FILE).
"""
import csv
import random
import sys

random.seed(7)
secs = [r["symbol"] for r in csv.DictReader(open(sys.argv[1]))]
others = ["JNJ", "KO", "VTI", "PG", "XOM", "WMT", "JPM", "V", "MA", "HD", "PEP", "COST", "MRK",
          "ABBV", "CVX", "LLY", "UNH", "BAC", "DIS", "MCD"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["Symbol", "Name", "Shares", "Price", "Currency", "Account"])
    funds = ["IVV", "VOO", "VTI", "QQQ", "FXAIX", "SPY", "VGT", "SMH", "SCHB", "ITOT"]
    with_funds = "--funds" in sys.argv[3:]
    for i in range(500):
        sym = secs[i % len(secs)] if i % 3 else others[(i // 3) % len(others)]
        if with_funds and i % 3 == 0 and (i // 3) % 2 == 0:
            sym = funds[(i // 6) % len(funds)]
        w.writerow([sym, f"Holding {i} of {sym}", random.randint(1, 500),
                    f"{random.randint(1000, 90000) / 100:.2f}", "USD", f"Account {i % 7}"])
