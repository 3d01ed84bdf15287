"""A total-market fund's holdings file for the benchmarks: gen_fund_file.py SECURITIES_CSV OUT [ROWS].

An iShares US holdings CSV (the layout of fund-facts.md §1.1: preamble with the fund's shares
outstanding, an NBSP line, the 15-column header, quoted numbers with thousands separators, cash
and futures lines, the quoted multi-line disclaimer) of ROWS constituents (default 3,600, the size
of a total-market fund such as ITOT or VTI): every security of the dataset, then made-up tickers.
Synthetic numbers, fixed seed; no issuer data.
"""
import csv
import random
import sys

random.seed(11)
secs = [r["symbol"] for r in csv.DictReader(open(sys.argv[1]))]
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 3600
nbsp = "\u00a0"


def num(x, dp=2):
    return f"{x:,.{dp}f}"


lines = [
    "\ufeffiShares Core S&P Total U.S. Stock Market ETF",
    'Fund Holdings as of,"Nov 30, 2026"',
    'Inception Date,"Jan 20, 2004"',
    'Shares Outstanding,"950,000,000.00"',
    'Stock,"-"', 'Bond,"-"', 'Cash,"-"', 'Other,"-"',
    nbsp,
    "Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date",
]
tickers = secs + [f"T{i:04d}" for i in range(rows - len(secs))]
for i, t in enumerate(tickers[:rows]):
    price = random.randint(500, 90000) / 100
    qty = random.randint(1000, 300_000_000)
    mv = price * qty
    weight = max(0.01, 8.0 / (1 + i)) if i < 200 else 0.00
    cells = [t, f"COMPANY {t}", "Information Technology", "Equity", num(mv), f"{weight:.2f}",
             num(mv), num(qty), num(price), "United States", "NASDAQ", "USD", "1.00", "USD", "-"]
    lines.append(",".join(f'"{c}"' for c in cells))
lines.append('"USD","USD CASH","Cash and/or Derivatives","Cash","300,000,000.00","0.04","300,000,000.00","300,000,000.00","100.00","United States","-","USD","1.00","USD","-"')
lines.append('"ESZ6","S&P500 EMINI DEC 26","Cash and/or Derivatives","Futures","0.00","0.00","1,331,716,650.00","4,367.00","6,099.00","-","Index And Options Market","USD","1.00","USD","-"')
lines.append(nbsp)
lines.append('"The content contained herein is a synthetic benchmark fixture.\nNo issuer data."')
with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(lines))
