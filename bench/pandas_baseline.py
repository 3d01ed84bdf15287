#!/usr/bin/env python3
"""Baseline for BENCHMARKS.md: the same work as `ai-exposure exposure` on a Schwab history,
written the way a data scientist would in pandas (floats, not exact decimals):
read, normalize numbers, net positions per symbol, join with the deals dataset, aggregate.

    python3 bench/pandas_baseline.py /tmp/history-1m.csv
"""
import sys
import time
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"
SIGN = {"Buy": 1, "Reinvest Shares": 1, "Sell": -1}


def money(col: pd.Series) -> pd.Series:
    s = col.fillna("").str.replace(r"[$,]", "", regex=True).str.replace(r"^\((.*)\)$", r"-\1", regex=True)
    return pd.to_numeric(s.where(s != "", None), errors="raise")


def main() -> None:
    t0 = time.perf_counter()
    tx = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    tx["qty"] = money(tx["Quantity"]).fillna(0) * tx["Action"].map(SIGN).fillna(0)
    tx["date"] = pd.to_datetime(tx["Date"].str.slice(0, 10), format="%m/%d/%Y")
    pos = tx.groupby("Symbol", as_index=False)["qty"].sum()
    pos = pos[pos["qty"] > 0]
    sec = pd.read_csv(DATA / "securities.csv", dtype=str)
    comp = pd.read_csv(DATA / "companies.csv", dtype=str)
    parties = pd.read_csv(DATA / "deal_parties.csv", dtype=str)
    deals = pd.read_csv(DATA / "deals.csv", dtype=str)
    comp["shares"] = pd.to_numeric(comp["shares_outstanding"], errors="coerce")
    deals["amount"] = pd.to_numeric(deals["amount_usd"], errors="coerce")
    m = (
        pos.merge(sec[["symbol", "company_id"]], left_on="Symbol", right_on="symbol")
        .merge(comp[["id", "shares"]], left_on="company_id", right_on="id")
        .merge(parties[["deal_id", "party", "attributed_usd", "counterparty"]], left_on="company_id", right_on="party")
        .merge(deals[["id", "counterparty", "amount", "amount_basis", "status"]], left_on="deal_id", right_on="id", suffixes=("_p", ""))
    )
    m["attributed"] = m["amount"].where(m["attributed_usd"] == "deal")
    m["look_through"] = (m["qty"] * m["attributed"] / m["shares"]).round(2)
    m["in_totals"] = (m["amount_basis"] != "aggregate") & (~m["status"].isin(["superseded", "cancelled"]))
    m["cp"] = m["counterparty_p"].fillna(m["counterparty"])
    by_cp = m[m["in_totals"]].groupby("cp")["look_through"].sum()
    elapsed = time.perf_counter() - t0
    print(f"rows={len(tx)} positions={len(pos)} links={len(m)} counterparties={len(by_cp)} seconds={elapsed:.3f}")


if __name__ == "__main__":
    main()
