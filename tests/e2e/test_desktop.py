#!/usr/bin/env python3
"""End-to-end test of the AI Exposure desktop app through tauri-driver (WebDriver).

Python 3 standard library only. Usually started by scripts/e2e.sh, which builds
the app and runs this under xvfb-run:

    python3 tests/e2e/test_desktop.py --application target/debug/ai-exposure-desktop

Checks, each with a fresh app-data directory shared by the runs below:
  (a) a broker file given on the command line: the preview lists its holdings, the first-run
      disclaimer must be acknowledged, confirming saves it; the disclaimer is inside the
      viewport; MSFT's look-through equals an independent computation from data/*.csv; Enter on
      a holding expands its "why" trace; a 50 % OpenAI haircut in What-if lowers the weighted
      total by exactly the amount computed here from the dataset; Export PDF… (into
      AI_EXPOSURE_EXPORT_DIR, no dialog) writes a report whose cover names that haircut and
      whose weighted total is the one computed here.
  (b) restart with no argument: the saved portfolio reopens with the same figures.
  (c) a file whose names are HTML (<img src=x onerror=...>): shown as text, no element made.
  (d) a malformed file: the problems list names the bad line; nothing is saved.
  (e) a large import cancelled with its Cancel button; then the app killed (SIGKILL) while
      importing it: on restart every saved portfolio is intact.
  (f) a CSV no format knows: the column-mapping step guesses the columns, imports with them and
      saves the mapping; a second file with the same header then imports without asking.
Over time, as of, what's new (the figures expected from the `ai-exposure` CLI, the same core):
  in (a) the Overview's "Status-weighted look-through over time" chart has one column per date of
      `ai-exposure timeline`, whose totals are the core's, and its last point's total is the
      Overview's weighted look-through;
  in (b) "Figures as of" 2025-12-31 makes the weighted total what `ai-exposure exposure
      --as-of 2025-12-31` gives (and the chart's 2025-12-31 point), the other views say so, and
      "Back to today" restores today's figure;
  (g) a database at schema version 1 (MIGRATIONS[0] of src/storage.rs) holding the sample,
      made before the app starts in an app-data directory of its own: migration 2 marks it as
      last shown with dataset 2026.03.0 as of 2026-02-27, so the app shows "What's new in the
      deals since you last looked" listing exactly `ai-exposure changes --since 2026-02-27
      --only-linked` (D50b, D29a… with AMZN named), before → now per counterparty; after "Got
      it" the panel is gone, also after a restart.
Funds (the expected figures computed here from data/funds/*.csv, data/*.csv and the fixture):
  the sample holds VTI: its constituents (weights × value ÷ price) count in every total above;
  (h) in an app-data directory of its own, tests/fixtures/funds/engine/ivv_portfolio.csv (200 IVV
      at $500) seen through the bundled IVV snapshot (method shares): the Overview's "Held
      directly" says "no deal links", "Through funds" has the look-through, weighted and linked
      value computed here, IVV's bar is dated by data/funds/funds.csv; IVV's row opens into its
      companies with 200 × shares held ÷ shares outstanding each, their links read "NVDA via
      IVV". Then the app restarts with IVV_holdings_2026-10-30.csv as its argument (a fund file:
      `fund-imported`): the day shown becomes 2026-10-30, NVDA 60, MSFT 17, GOOGL+GOOG 22
      exactly, the figures follow, the Funds page lists the file; at 1024×700 no view scrolls
      sideways; Remove brings the bundled snapshot back.
  (i) in the same directory, index_funds.csv (FXAIX, VOO, VTI, QQQ): a bar per fund, dated by
      its bundled 2026 snapshot (funds.csv).
Values (the rates read here from data/fx/eurofxref.csv, whatever its day and figures):
  (j) in an app-data directory of its own, the sample with the base currency switched to EUR in
      Settings: the Overview's portfolio value is Σ cents(value × 1 ÷ the USD rate), holding by
      holding, "Rates: ECB of" the file's day, the weighted look-through converted at the same
      rate; MSFT's row in euros with the rate and its day in its details; a rate of your own
      (1 EUR = 1.25 USD) wins and is named, and removing it brings the ECB's back; after a
      restart the values are still in EUR.
  (k) in another, tests/fixtures/brokers/robinhood/activity.csv (a history): NVDA priced at its
      last trade (2024-07-19, line 7), marked stale; ORCL (received, never traded) not valued,
      listed, never $0.00; a price typed on its row values it (2 × 150.25) and the total grows by
      exactly that; after a restart the price is still there (source "typed"); Edit → Remove
      takes it back.
  `--only values` runs (j) and (k) alone.

Exits non-zero on any failure. tauri-driver (and through it the app) is
started here and stopped at the end.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"
ENTER_KEY = "\ue007"
CENT = Decimal("0.01")


# --------------------------------------------------------------------- WebDriver


class WebDriverError(Exception):
    pass


_GONE = re.compile(r"stale element|not interactable|no such element|element click intercepted")


class WebDriver:
    """A minimal W3C WebDriver client (the endpoints this test needs)."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.session_id: str | None = None

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 60):
        # WebKitWebDriver now and then drops a connection: retry commands that are
        # safe to repeat (everything but creating a session and typing keys).
        retries = 0 if (method, path) == ("POST", "/session") or path.endswith("/value") else 2
        dropped = False
        for attempt in range(retries + 1):
            try:
                return self._request_once(method, path, body, timeout)
            except WebDriverError as err:
                # A click whose reply was dropped may have landed: the button it pressed can be
                # gone by the retry. The caller's next wait checks the outcome either way.
                if dropped and path.endswith("/click") and _GONE.search(str(err)):
                    return None
                raise
            except (ConnectionError, urllib.error.URLError) as err:
                if isinstance(err, urllib.error.HTTPError) or attempt == retries:
                    raise
                dropped = True
                time.sleep(0.5)
        raise AssertionError("unreachable")

    def _request_once(self, method: str, path: str, body: dict | None, timeout: float):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json; charset=utf-8")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                payload = resp.read()
        except urllib.error.HTTPError as err:
            payload = err.read()
            try:
                value = json.loads(payload).get("value", {})
                detail = f"{value.get('error')}: {value.get('message')}"
            except (ValueError, AttributeError):
                detail = payload[:500].decode("utf-8", "replace")
            raise WebDriverError(f"{method} {path} -> HTTP {err.code}: {detail}") from None
        return json.loads(payload or b"{}").get("value")

    def is_up(self) -> bool:
        try:
            status = self.request("GET", "/status", timeout=2)
            return isinstance(status, dict)
        except (OSError, WebDriverError, ValueError):
            return False

    # session

    def start(self, application: Path, args: list[str]) -> None:
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "tauri:options": {"application": str(application), "args": args},
                }
            }
        }
        last = None
        for _ in range(5):  # the native driver may still be starting
            try:
                value = self.request("POST", "/session", caps, timeout=120)
                self.session_id = value["sessionId"]
                return
            except (OSError, WebDriverError) as err:
                last = err
                time.sleep(2)
        raise WebDriverError(f"could not create a WebDriver session: {last}")

    def quit(self) -> None:
        if self.session_id:
            try:
                self.request("DELETE", f"/session/{self.session_id}", timeout=30)
            except (OSError, WebDriverError):
                pass
            self.session_id = None

    def _s(self, path: str) -> str:
        return f"/session/{self.session_id}{path}"

    # elements and scripts

    def find_all(self, css: str) -> list[str]:
        found = self.request("POST", self._s("/elements"), {"using": "css selector", "value": css})
        return [e[ELEMENT_KEY] for e in found]

    def find(self, css: str) -> str:
        found = self.find_all(css)
        if not found:
            raise WebDriverError(f"no element matches {css!r}")
        return found[0]

    def find_all_in(self, parent: str, css: str) -> list[str]:
        path = self._s(f"/element/{parent}/elements")
        found = self.request("POST", path, {"using": "css selector", "value": css})
        return [e[ELEMENT_KEY] for e in found]

    def text(self, element: str) -> str:
        return self.request("GET", self._s(f"/element/{element}/text"))

    def displayed(self, element: str) -> bool:
        return bool(self.request("GET", self._s(f"/element/{element}/displayed")))

    def rect(self, element: str) -> dict:
        return self.request("GET", self._s(f"/element/{element}/rect"))

    def click(self, element: str) -> None:
        self.request("POST", self._s(f"/element/{element}/click"), {})

    def clear(self, element: str) -> None:
        self.request("POST", self._s(f"/element/{element}/clear"), {})

    def send_keys(self, element: str, keys: str) -> None:
        self.request("POST", self._s(f"/element/{element}/value"), {"text": keys})

    def replace_text(self, element: str, text: str) -> None:
        """Clears a field and types `text`. Typing is not retried by `request` (it could type
        twice); here a dropped connection is safe to retry because the field is cleared first."""
        for attempt in range(3):
            self.clear(element)
            try:
                self.send_keys(element, text)
                return
            except (ConnectionError, urllib.error.URLError) as err:
                if isinstance(err, urllib.error.HTTPError) or attempt == 2:
                    raise
                time.sleep(0.5)

    def press_until(self, element: str, keys: str, done, settle: float = 3) -> None:
        """Types `keys` into `element` until `done()` holds. tauri-driver closes our connection
        without a reply when forwarding to WebKitWebDriver fails (CI saw it once on this very
        command); the keys may or may not have reached the page, so after a drop this looks at
        the outcome before typing again (typing twice could undo it)."""
        for attempt in range(3):
            try:
                self.send_keys(element, keys)
                return
            except (ConnectionError, urllib.error.URLError) as err:
                if isinstance(err, urllib.error.HTTPError) or attempt == 2:
                    raise
                deadline = time.monotonic() + settle
                while time.monotonic() < deadline:
                    try:
                        if done():
                            return
                    except (OSError, WebDriverError):
                        pass
                    time.sleep(0.25)

    def execute(self, script: str, *args):
        return self.request("POST", self._s("/execute/sync"), {"script": script, "args": list(args)})

    def screenshot(self, path: Path) -> None:
        png = self.request("GET", self._s("/screenshot"))
        path.write_bytes(base64.b64decode(png))

    def wait_for(self, what: str, predicate, timeout: float = 60, interval: float = 0.25):
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            try:
                value = predicate()
                if value:
                    return value
            except WebDriverError as err:
                last_error = err
            time.sleep(interval)
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}" + (f" ({last_error})" if last_error else ""))


# ----------------------------------------------------------- expected figures


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def column(row: dict, *names: str) -> str:
    for name in names:
        if name in row:
            return row[name]
    raise KeyError(f"none of the columns {names} in {sorted(row)}")


def to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("_", ""))
    except (InvalidOperation, AttributeError):
        return None


def round_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def portfolio_quantities(path: Path) -> dict[str, Decimal]:
    quantities: dict[str, Decimal] = {}
    for row in read_csv(path):
        symbol = column(row, "Symbol", "symbol").upper()
        qty = to_decimal(column(row, "Shares", "Quantity", "quantity"))
        if qty is not None:
            quantities[symbol] = quantities.get(symbol, Decimal(0)) + qty
    return quantities


# Amount bases that are shown but never added up (docs/methodology: an aggregate of other deals, a
# fee per month, a maximum the buyer can cut short, a valuation of what changed hands).
NOT_TOTALLED = ("aggregate", "monthly_fee", "maximum", "valuation")


def expected_look_through(data_dir: Path, symbol: str, quantity: Decimal) -> tuple[Decimal, list[str]]:
    """Sum over in-totals deals of round_half_up(quantity * amount / shares_outstanding, 2)."""
    securities = read_csv(data_dir / "securities.csv")
    company_id = next(
        column(r, "company_id") for r in securities if column(r, "symbol", "ticker").upper() == symbol
    )
    company = next(r for r in read_csv(data_dir / "companies.csv") if column(r, "company_id", "id") == company_id)
    shares_outstanding = to_decimal(column(company, "shares_outstanding"))
    if not shares_outstanding:
        raise AssertionError(f"companies.csv has no shares_outstanding for {company_id}")
    deals = {column(r, "deal_id", "id"): r for r in read_csv(data_dir / "deals.csv")}

    # One link per (deal, company), whatever the number of role rows.
    attributed: dict[str, str] = {}
    for party in read_csv(data_dir / "deal_parties.csv"):
        if column(party, "party", "company_id") != company_id:
            continue
        deal_id = column(party, "deal_id")
        value = column(party, "attributed_usd").lower()
        if attributed.get(deal_id) != "deal":
            attributed[deal_id] = value

    total = Decimal(0)
    trace = []
    for deal_id, value in sorted(attributed.items()):
        deal = deals[deal_id]
        basis = column(deal, "amount_basis").lower()
        status = column(deal, "status").lower()
        amount = to_decimal(column(deal, "amount_usd")) if value == "deal" else to_decimal(value)
        if basis in NOT_TOTALLED or status.startswith(("superseded", "cancelled")) or amount is None:
            trace.append(f"{deal_id}: excluded (basis={basis}, status={status}, amount={amount})")
            continue
        look_through = round_cents(quantity * amount / shares_outstanding)
        trace.append(f"{deal_id}: {quantity} x {amount} / {shares_outstanding} = {look_through}")
        total += look_through
    return total, trace


def money_text_to_decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[^0-9.\-]", "", text)
    return to_decimal(cleaned) if cleaned else None


WEIGHTS = {
    "rumoured": Decimal("0.25"), "in_talks": Decimal("0.25"), "letter_of_intent": Decimal("0.5"),
    "term_sheet": Decimal("0.5"), "announced": Decimal("0.75"), "pending_approval": Decimal("0.9"),
    "signed": Decimal(1), "partially_completed": Decimal(1), "completed": Decimal(1),
    "operational": Decimal(1), "superseded": Decimal(0), "cancelled": Decimal(0),
}


def expected_links(data_dir: Path, quantities: dict[str, Decimal], funds: dict | None = None) -> list[dict]:
    """Every in-totals link with a disclosed amount: symbol, deal, counterparty, status, look-through.

    `quantities`: shares held directly by symbol. A symbol that is not a company but a fund of
    data/funds (or of `funds`: fund ticker -> fund_positions() result, e.g. from an issuer file)
    is seen through: its company shares (fund_positions) link like shares held directly."""
    securities = read_csv(data_dir / "securities.csv")
    positions: list[tuple[str, str, Decimal]] = []
    for symbol, quantity in quantities.items():
        company_id = next((column(r, "company_id") for r in securities if column(r, "symbol", "ticker").upper() == symbol), None)
        if company_id is not None:
            positions.append((symbol, company_id, quantity))
        elif funds and symbol in funds:
            positions.extend((f"{label} via {symbol}", cid, q) for cid, label, q in funds[symbol]["positions"] if q is not None)
    return expected_company_links(data_dir, positions)


def expected_company_links(data_dir: Path, positions: list[tuple[str, str, Decimal]]) -> list[dict]:
    """The in-totals links with a disclosed amount of (label, company id, shares) positions."""
    companies = {column(r, "company_id", "id"): r for r in read_csv(data_dir / "companies.csv")}
    deals = {column(r, "deal_id", "id"): r for r in read_csv(data_dir / "deals.csv")}
    parties = read_csv(data_dir / "deal_parties.csv")
    links = []
    for symbol, company_id, quantity in positions:
        shares = to_decimal(column(companies[company_id], "shares_outstanding"))
        seen = set()
        for party in parties:
            deal_id = column(party, "deal_id")
            if column(party, "party") != company_id or deal_id in seen:
                continue
            seen.add(deal_id)
            deal = deals[deal_id]
            value = column(party, "attributed_usd").lower()
            amount = to_decimal(column(deal, "amount_usd")) if value == "deal" else to_decimal(value)
            status = column(deal, "status").lower()
            if column(deal, "amount_basis").lower() in NOT_TOTALLED or status in ("superseded", "cancelled"):
                continue
            if amount is None or not shares:
                continue
            links.append({
                "symbol": symbol, "deal": deal_id, "status": status,
                "counterparty": column(party, "counterparty") or column(deal, "counterparty"),
                "look_through": round_cents(quantity * amount / shares),
            })
    return links


# ------------------------------------------------------------ funds, by hand
#
# A fund holding is seen through its snapshot (data/funds/SCHEMA.md): method `shares`: fund shares
# × constituent shares held ÷ fund shares outstanding (exact); `weight`: position value × weight ÷
# constituent price; `proxy`: the stand-in fund's weights. Share classes add up per company.


def bundled_fund(data_dir: Path, ticker: str) -> dict | None:
    """The data/funds/funds.csv row of the fund with `ticker` (a proxy: with its stand-in's holdings)."""
    funds = read_csv(data_dir / "funds" / "funds.csv")
    row = next((r for r in funds if ticker.upper() in [t.strip().upper() for t in r["tickers"].split(";")]), None)
    if row is None:
        return None
    basis = row
    if row["method"] == "proxy":
        basis = next(r for r in funds if r["id"] == row["proxy_of"])
    holdings = [h for h in read_csv(data_dir / "funds" / "fund_holdings.csv") if h["fund_id"] == basis["id"]]
    return {"row": row, "basis": basis, "holdings": holdings}


def fund_positions(data_dir: Path, ticker: str, quantity: Decimal, value: Decimal) -> dict:
    """The bundled snapshot of `ticker` seen through for `quantity` fund shares worth `value`:
    { as_of, method, positions: [(company id, "GOOGL+GOOG", shares)] }."""
    fund = bundled_fund(data_dir, ticker)
    if fund is None:
        raise AssertionError(f"{ticker} is not a fund of data/funds/funds.csv")
    row, basis = fund["row"], fund["basis"]
    exact = row["method"] == "shares"
    outstanding = to_decimal(row["shares_outstanding"]) if exact else None
    per_company: dict[str, list] = {}
    for h in fund["holdings"]:
        held, weight, price = to_decimal(h["shares_held"]), to_decimal(h["weight"]), to_decimal(h["price"])
        if exact:
            q = quantity * held / outstanding if held is not None else None
        else:
            q = value * (weight / 100) / price if weight is not None and price else None
        entry = per_company.setdefault(h["company_id"], [[], Decimal(0)])
        entry[0].append(h["symbol"])
        entry[1] = None if q is None or entry[1] is None else entry[1] + q
    return {
        "as_of": basis["as_of"],
        "method": row["method"],
        "positions": [(cid, "+".join(symbols), q) for cid, (symbols, q) in per_company.items()],
        "weights": [(h["company_id"], to_decimal(h["weight"]) / 100) for h in fund["holdings"] if to_decimal(h["weight"]) is not None],
    }


MONTHS = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}


def ishares_file_positions(data_dir: Path, path: Path, quantity: Decimal) -> dict:
    """An iShares holdings CSV (preamble with "Fund Holdings as of" and "Shares Outstanding",
    then one row per holding) seen through for `quantity` fund shares: { as_of, method "shares",
    coverage (the weight of the dataset's companies, a fraction), positions }."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    preamble = {r[0].strip(): r[1].strip() for r in csv.reader(lines[:9]) if len(r) >= 2}
    month, day, year = re.match(r"(\w{3}) (\d{1,2}), (\d{4})", preamble["Fund Holdings as of"]).groups()
    as_of = f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
    outstanding = to_decimal(preamble["Shares Outstanding"])
    header = next(i for i, l in enumerate(lines) if l.startswith("Ticker,"))
    rows = [r for r in csv.DictReader(lines[header:]) if r.get("Quantity")]
    securities = {column(r, "symbol").upper(): column(r, "company_id") for r in read_csv(data_dir / "securities.csv")}
    per_company: dict[str, list] = {}
    weights = []
    for r in rows:
        company_id = securities.get(r["Ticker"].strip().upper())
        if company_id is None:
            continue
        entry = per_company.setdefault(company_id, [[], Decimal(0)])
        entry[0].append(r["Ticker"].strip().upper())
        entry[1] += quantity * to_decimal(r["Quantity"]) / outstanding
        weights.append((company_id, to_decimal(r["Weight (%)"]) / 100))
    return {
        "as_of": as_of,
        "method": "shares",
        "coverage": sum((w for _, w in weights), Decimal(0)),
        "positions": [(cid, "+".join(symbols), q) for cid, (symbols, q) in per_company.items()],
        "weights": weights,
    }


def portfolio_values(path: Path) -> dict[str, Decimal]:
    """Shares × price per symbol of a positions file."""
    values: dict[str, Decimal] = {}
    for row in read_csv(path):
        symbol = column(row, "Symbol", "symbol").upper()
        qty, price = to_decimal(column(row, "Shares", "Quantity", "quantity")), to_decimal(column(row, "Price", "price"))
        if qty is not None and price is not None:
            values[symbol] = values.get(symbol, Decimal(0)) + qty * price
    return values


def portfolio_funds(data_dir: Path, path: Path) -> dict[str, dict]:
    """The bundled-snapshot look of every fund holding of a positions file."""
    quantities, values = portfolio_quantities(path), portfolio_values(path)
    return {s: fund_positions(data_dir, s, q, values[s]) for s, q in quantities.items() if bundled_fund(data_dir, s)}


def expected_weighted_total(links: list[dict], haircuts: dict[str, Decimal] | None = None) -> Decimal:
    haircuts = haircuts or {}
    return sum(
        (round_cents(l["look_through"] * WEIGHTS[l["status"]] * haircuts.get(l["counterparty"], Decimal(1))) for l in links),
        Decimal(0),
    )


def tid(name: str, **attrs: str) -> str:
    extra = "".join(f'[data-{k}="{v}"]' for k, v in attrs.items())
    return f'[data-testid="{name}"]{extra}'


def first_amount(text: str) -> Decimal | None:
    """The first dollar amount in a figure's text (a card also holds its label and a note)."""
    found = re.search(r"[-\u2212]?\$\s?[0-9][0-9,.\u00a0\u202f']*", text)
    return money_text_to_decimal(found.group(0).replace("\u2212", "-")) if found else None


def visible(wd: "WebDriver", css: str) -> list[str]:
    """Displayed elements matching css; [] while the page re-renders (stale references)."""
    try:
        return [e for e in wd.find_all(css) if wd.displayed(e)]
    except WebDriverError:
        return []


def shown_money(wd: "WebDriver", css: str) -> Decimal:
    text = wd.text(wd.find(css))
    value = first_amount(text)
    if value is None:
        raise AssertionError(f"{css} shows {text!r}, not an amount")
    return value


# ------------------------------------------------------------------- the test


class _Done(Exception):
    """The scenarios asked for (--only) have run."""


class Run:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, fn) -> None:
        started = time.monotonic()
        try:
            fn()
        except Exception as err:  # noqa: BLE001 - report every failure the same way
            self.failed += 1
            print(f"FAIL {name} (after {time.monotonic() - started:.1f} s): {type(err).__name__}: {err}", flush=True)
        else:
            self.passed += 1
            print(f"PASS {name}", flush=True)


def wait_until_loaded(wd: WebDriver) -> str:
    return wd.wait_for(
        "the app to show the analysis or an error",
        lambda: wd.execute("return document.body.dataset.state || '';"),
    )


def error_text(wd: WebDriver) -> str:
    return wd.text(wd.find("#error-panel"))


def check_disclaimer(wd: WebDriver) -> None:
    element = wd.find("#disclaimer")
    assert wd.displayed(element), "the disclaimer is not displayed"
    text = wd.text(element)
    assert "Not financial advice" in text, f"the disclaimer text is {text!r}"
    rect = wd.rect(element)
    viewport = wd.execute("return [window.innerWidth, window.innerHeight, window.scrollY];")
    width, height, scroll_y = viewport
    assert scroll_y == 0, f"the page is scrolled (scrollY={scroll_y})"
    assert rect["y"] >= 0 and rect["y"] + rect["height"] <= height, (
        f"the disclaimer (y={rect['y']}, height={rect['height']}) is not within the viewport height {height}"
    )
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width + 1, f"the disclaimer overflows the viewport width {width}"


def check_ready(wd: WebDriver, state: str) -> None:
    if state != "ready":
        raise AssertionError(f"the app is in state {state!r} instead of showing the analysis: " + wd.execute("return document.body.innerText.slice(0, 400);"))
    wd.wait_for("rows in #by-counterparty", lambda: wd.find_all("#by-counterparty tbody tr:not(.empty)"), timeout=20)


def wait_state(wd: WebDriver, wanted: tuple[str, ...], timeout: float = 120) -> str:
    return wd.wait_for(
        f"the app to reach state {wanted}",
        lambda: (lambda st: st if st in wanted else "")(wd.execute("return document.body.dataset.state || '';")),
        timeout=timeout,
    )


def show_view(wd: WebDriver, view: str) -> None:
    wd.click(wd.find(tid(f"nav-{view}")))


def acknowledge_if_asked(wd: WebDriver) -> None:
    buttons = visible(wd, tid("acknowledge-disclaimer"))
    if buttons:
        wd.click(buttons[0])


def import_from_preview(wd: WebDriver, name: str) -> None:
    wd.wait_for("the import preview", lambda: visible(wd, tid("import-preview")), timeout=180)
    acknowledge_if_asked(wd)
    field = wd.find(tid("import-name"))
    wd.replace_text(field, name)
    wd.click(wd.find(tid("import-confirm")))


def holding_row_cells(wd: WebDriver, symbol: str) -> tuple[str, dict[str, str]]:
    headers = [wd.text(h).strip().lower() for h in wd.find_all("#holdings > thead th")]
    rows = wd.find_all(f'#holdings > tbody > tr[data-testid="holding-row"][data-symbol="{symbol}"]')
    if not rows:
        raise AssertionError(f"no {symbol} row in the Holdings table")
    cells = wd.find_all_in(rows[0], "td")
    return rows[0], {headers[i]: wd.text(c).strip() for i, c in enumerate(cells) if i < len(headers)}


def check_msft_figure(wd: WebDriver, data_dir: Path, sample: Path) -> None:
    show_view(wd, "holdings")
    quantity = portfolio_quantities(sample)["MSFT"]
    expected, trace = expected_look_through(data_dir, "MSFT", quantity)
    _, cells = holding_row_cells(wd, "MSFT")
    shown = next((v for k, v in cells.items() if k.startswith("look-through") or k == "look through"), "")
    value = money_text_to_decimal(shown)
    if value != expected:
        raise AssertionError(
            f"MSFT look-through shows {shown!r} (cells {cells}), expected {expected} from data/*.csv:\n    " + "\n    ".join(trace)
        )


def check_why_expands(wd: WebDriver) -> None:
    row, _ = holding_row_cells(wd, "MSFT")
    expanded = lambda: wd.find_all("#holdings tr.why-row .why-steps li")  # noqa: E731
    wd.press_until(row, ENTER_KEY, expanded)
    wd.wait_for("the why trace under MSFT", expanded, timeout=5)
    steps = wd.find_all("#holdings tr.why-row .why-steps li")
    assert wd.text(steps[0]).strip(), "the first why step is empty"


def check_haircut(wd: WebDriver, links: list[dict]) -> None:
    show_view(wd, "whatif")
    total = tid("whatif-weighted-total")
    def current() -> Decimal | None:
        # textContent: WebKitWebDriver reports this card as not displayed while it is on screen.
        text = wd.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", total)
        return first_amount(text or "")

    try:
        before = wd.wait_for("the what-if total", current, timeout=20)
    except AssertionError as err:
        found = [(wd.text(e), wd.displayed(e)) for e in wd.find_all(total)]
        view = wd.execute("return (document.querySelector('[aria-current=page]') || {}).textContent;")
        raise AssertionError(f"{err}; elements {found}; view: {view}") from err
    base = expected_weighted_total(links)
    assert before == base, f"the weighted total before the haircut is {before}, expected {base}"
    field = wd.find(tid("whatif-haircut", counterparty="openai"))
    wd.replace_text(field, "50")
    cut = expected_weighted_total(links, {"openai": Decimal("0.5")})
    after = wd.wait_for(
        "the weighted total to change",
        lambda: (lambda v: v if v is not None and v != before else None)(current()),
        timeout=20,
    )
    assert after == cut, (
        f"with OpenAI at 50 % the weighted total is {after}, expected {cut} "
        f"(a change of {before - cut} from {before})"
    )


def check_export_pdf(wd: WebDriver, exports: Path, links: list[dict]) -> None:
    """Export PDF… with the what-if haircut on screen: the report carries that scenario."""
    import subprocess
    import datetime
    before = set(exports.glob("*.pdf"))
    day = datetime.date.today()
    wd.click(wd.find(tid("export-pdf")))
    made = wd.wait_for("the exported PDF", lambda: [p for p in exports.glob("*.pdf") if p not in before] or None, timeout=20)
    pdf = made[0]
    # Offered under the portfolio's name and the day (either side of midnight).
    names = {f"AI exposure - E2E sample - {d.isoformat()}.pdf" for d in (day, datetime.date.today())}
    assert pdf.name in names, f"exported as {pdf.name!r}, expected one of {sorted(names)}"
    status = wd.wait_for("the saved message", lambda: (lambda t: t if "Saved" in t else None)(wd.text(wd.find("#nav-status"))), timeout=10)
    assert pdf.name in status, f"status {status!r} does not name {pdf.name}"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "E2E sample" in cover, cover
    assert "OpenAI delivers 50% of its commitments" in cover, f"the haircut is not on the cover:\n{cover}"
    cut = expected_weighted_total(links, {"openai": Decimal("0.5")})
    assert f"${cut:,.2f}" in text, f"the report's weighted total is not {cut:,.2f}"
    assert text.count("Not financial advice.") >= text.count("\f"), "a page without the disclaimer"


def check_reopened(wd: WebDriver, name: str, links: list[dict]) -> None:
    options = [wd.text(o).strip() for o in wd.find_all("#portfolio-switcher option")]
    assert any(name in o for o in options), f"the saved portfolio {name!r} is not in the switcher: {options}"
    show_view(wd, "overview")
    shown = shown_money(wd, tid("overview-weighted-total"))
    expected = expected_weighted_total(links)
    assert shown == expected, f"after a restart the weighted total is {shown}, expected {expected}"


def check_payload_is_text(wd: WebDriver, payload: str) -> None:
    cells = [wd.text(c) for c in wd.find_all(f'{tid("import-holdings")} td')]
    assert payload in cells, f"the payload is not shown as text in the preview: {cells[:12]}"
    made = wd.execute("return document.querySelectorAll('img[src=\"x\"], img[onerror]').length;")
    assert made == 0, f"{made} <img> element(s) were created from imported text"


def check_malformed_csv_error(wd: WebDriver, bad_line: int) -> None:
    panel = wd.wait_for("the import failure", lambda: visible(wd, tid("import-failed")), timeout=60)[0]
    text = wd.text(panel)
    patterns = [rf"(?i)\b(line|row)\D{{0,4}}{bad_line}\b", rf"\.csv:{bad_line}(:\d+)?\s"]
    assert any(re.search(p, text) for p in patterns), f"the problems list does not name line {bad_line}: {text!r}"


def kill_app(application: Path) -> int:
    """SIGKILL every running process of the app binary under test; returns how many."""
    killed = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            exe = (proc / "exe").resolve()
        except OSError:
            continue
        if exe == application:
            try:
                os.kill(int(proc.name), signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
    return killed


def big_history(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write('"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"\n')
        for i in range(rows):
            fh.write(f'"01/{i % 28 + 1:02d}/2024","Buy","S{i % 400}","S{i % 400} INC","1","$10.00","","-$10.00"\n')


# ------------------------------------------------- over time, as of, what's new


def cli_json(cli: Path, *args: str) -> dict:
    """What the `ai-exposure` CLI prints with --json (the same core as the app)."""
    out = subprocess.run([str(cli), *args, "--json"], check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout)


def ensure_cli(cli: Path) -> Path:
    """The CLI binary, built if missing (scripts/e2e.sh builds only the desktop app)."""
    if not cli.is_file():
        subprocess.run(["cargo", "build", "--quiet", "--bin", "ai-exposure"], check=True, cwd=REPO)
    return cli


def card_amount(wd: WebDriver, testid: str) -> Decimal | None:
    """The amount a figure shows, read with textContent (no wait on WebKit's 'displayed')."""
    text = wd.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", tid(testid))
    return first_amount(text or "")


def check_timeline(wd: WebDriver, timeline: dict) -> None:
    """(a) the over-time chart: one column per timeline date, in order, and its last point's
    total is the Overview's weighted look-through."""
    show_view(wd, "overview")
    wd.wait_for("the over-time chart", lambda: wd.find_all(tid("timeline-chart")), timeout=20)
    heading = wd.execute("const e = document.getElementById('timeline-title'); return e ? e.textContent : '';")
    assert heading == "Status-weighted look-through over time", f"the chart is headed {heading!r}"
    points = wd.execute(
        "return [...document.querySelectorAll(arguments[0])].map(c => [c.dataset.date, c.dataset.total]);",
        tid("timeline-column"),
    )
    dates = [d for d, _ in points]
    assert dates == timeline["dates"], f"{len(dates)} columns ({dates[:2]}…{dates[-2:]}), the core's timeline has {len(timeline['dates'])} dates ({timeline['dates'][:2]}…{timeline['dates'][-2:]})"
    totals = [t or None for _, t in points]
    assert totals == timeline["total"], "the columns' totals are not the core's timeline totals"
    shown = card_amount(wd, "overview-weighted-total")
    last = Decimal(points[-1][1])
    assert last == shown, f"the last point ({points[-1][0]}) totals {last}, the Overview's weighted look-through shows {shown}"
    # The table alternative: its last row says the same.
    last_row = wd.execute(f"const r = document.querySelectorAll('{tid('timeline-table')} tbody tr'); return r.length ? [r.length, r[r.length - 1].children[1].textContent] : null;")
    assert last_row and last_row[0] == len(dates), f"the table alternative has {last_row and last_row[0]} rows for {len(dates)} dates"
    assert money_text_to_decimal(last_row[1]) == shown, f"the table's last total is {last_row[1]!r}, the Overview shows {shown}"
    legend = wd.execute(f"return [...document.querySelectorAll('{tid('timeline-legend')} li')].map(l => l.textContent);")
    names = [s["counterparty_name"] for s in timeline["series"][:5]]
    assert legend[: len(names)] == names, f"legend {legend}, expected the core's first series {names}"


DIRECTION_NAMES = {
    "revenue": "Revenue to your companies",
    "investment": "Your companies' investments",
    "purchase": "Your companies' purchases",
    "funding_received": "Capital your companies receive",
    "partnership": "Partnerships (no stated flow)",
}


def check_directions(wd: WebDriver, exposure: dict) -> None:
    """"By direction of the money" on the Overview: a row per direction of the CLI's
    `portfolio.by_direction`, in plain words, its weighted figure the JSON's (≈ when approximate,
    the label such as "undisclosed" when null, never $0), the known figures adding up to the
    weighted card; and each counterparty has its split line."""
    show_view(wd, "overview")
    wd.wait_for("the direction rows", lambda: wd.find_all(tid("direction-row")), timeout=20)
    shown = wd.execute(
        "return [...document.querySelectorAll(arguments[0])].map(r => [r.dataset.direction, r.querySelector('th').textContent,"
        " r.querySelector('[data-field=\"weighted\"]').textContent]);",
        tid("direction-row"),
    )
    want = exposure["portfolio"]["by_direction"]
    assert len(want) >= 2, f"the CLI gives {len(want)} directions: the check would prove little"
    assert sorted(d for d, _, _ in shown) == sorted(w["direction"] for w in want), f"rows {[d for d, _, _ in shown]}, the JSON has {[w['direction'] for w in want]}"
    by_dir = {d: (name, text) for d, name, text in shown}
    total = Decimal(0)
    for w in want:
        name, text = by_dir[w["direction"]]
        assert name == DIRECTION_NAMES[w["direction"]], f"{w['direction']} is named {name!r}"
        if w["weighted_look_through_usd"] is None:
            assert text == (w["look_through_label"] or "unknown"), f"{name}: shows {text!r} for a null figure (label {w['look_through_label']!r})"
            assert "$" not in text, f"{name}: a null figure shown as money: {text!r}"
        else:
            value = Decimal(w["weighted_look_through_usd"])
            assert money_text_to_decimal(text) == value, f"{name}: shows {text!r}, the JSON's weighted figure is {value}"
            assert text.startswith("\u2248") == bool(w["approximate"]), f"{name}: {text!r}, approximate = {w['approximate']}"
            total += value
    card = card_amount(wd, "overview-weighted-total")
    assert total == card == Decimal(exposure["portfolio"]["weighted_look_through_usd"]), f"the directions add up to {total}, the card shows {card}"
    lines = wd.execute("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", tid("counterparty-directions"))
    with_split = [c for c in exposure["by_counterparty"] if c.get("by_direction")]
    assert len(lines) == len(with_split), f"{len(lines)} counterparty split lines for {len(with_split)} counterparties with a split"
    first = with_split[0]
    for d in first["by_direction"]:
        assert DIRECTION_NAMES[d["direction"]] in lines[0], f"{first['counterparty']}'s line {lines[0]!r} lacks {d['direction']}"


def set_date(wd: WebDriver, css: str, day: str) -> str:
    """Types `day` (YYYY-MM-DD) into an <input type=date> as a user would: WebKitGTK's date
    field takes the day, month and year in the order and with the separator of the webview's
    locale ("12/31/2025" in en-US), then Enter commits it (the change event). Should the field
    not end up holding `day`, the value is set as the date picker would set it, with the same
    change event. Returns how it was entered ("typed" or "picker")."""
    y, m, d = day.split("-")
    typed = wd.execute(
        "const parts = new Intl.DateTimeFormat(undefined, {year: 'numeric', month: '2-digit', day: '2-digit'})"
        ".formatToParts(new Date(Date.UTC(2025, 11, 31, 12)));"
        "return parts.map(p => p.type === 'literal' ? p.value : '{' + p.type + '}').join('');"
    )
    text = typed.replace("{year}", y).replace("{month}", m).replace("{day}", d)
    field = wd.find(css)
    try:
        wd.clear(field)
        wd.send_keys(field, text + ENTER_KEY)
    except (WebDriverError, ConnectionError, urllib.error.URLError):
        pass  # a refused or dropped command: the outcome is looked at below either way
    try:
        wd.wait_for("the typed day", lambda: wd.execute("return document.querySelector(arguments[0]).value;", css) == day, timeout=3)
        return "typed"
    except AssertionError:
        pass
    wd.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];"
        " e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
        css,
        day,
    )
    return "picker"


def check_as_of(wd: WebDriver, expected: dict, today: Decimal) -> None:
    """(b) "Figures as of" 2025-12-31: the weighted total becomes the CLI's --as-of figure, the
    other views say so, and "Back to today" restores it."""
    show_view(wd, "overview")
    want = Decimal(expected["portfolio"]["weighted_look_through_usd"])
    assert want != today, f"the as-of figure {want} is today's: the check would prove nothing"
    how = set_date(wd, tid("as-of-input"), "2025-12-31")
    print(f"    (the day was {how} into the date control)", flush=True)
    got = wd.wait_for("the weighted total to change", lambda: (lambda v: v if v is not None and v != today else None)(card_amount(wd, "overview-weighted-total")), timeout=30)
    assert got == want, f"as of 2025-12-31 the weighted total is {got}, `ai-exposure exposure --as-of 2025-12-31` gives {want}"
    note = wd.execute("return document.querySelector(arguments[0]).textContent;", tid("as-of-note"))
    assert "2025-12-31" in note and "only deals announced by then" in note, f"the note says {note!r}"
    # The over-time chart agrees: its 2025-12-31 point is the same figure, and is marked.
    point = wd.execute("const c = document.querySelector('[data-testid=\"timeline-column\"][data-date=\"2025-12-31\"]'); return c ? c.dataset.total : null;")
    assert point is not None and Decimal(point) == want, f"the chart's 2025-12-31 point is {point}, expected {want}"
    assert wd.find_all(tid("timeline-marker")), "the chosen day is not marked on the chart"
    # Every view shows those figures, and says so.
    show_view(wd, "holdings")
    wd.wait_for("the as-of notice on Holdings", lambda: visible(wd, tid("as-of-notice")), timeout=10)
    show_view(wd, "whatif")
    wd.wait_for("the what-if total as of the day", lambda: card_amount(wd, "whatif-weighted-total") == want, timeout=20)
    show_view(wd, "overview")
    wd.click(wd.find(tid("as-of-reset")))
    back = wd.wait_for("the weighted total to come back", lambda: (lambda v: v if v == today else None)(card_amount(wd, "overview-weighted-total")), timeout=30)
    assert back == today
    value = wd.execute("return document.querySelector(arguments[0]).value;", tid("as-of-input"))
    assert value == "", f"after the reset the date control holds {value!r}"


def schema1_sql() -> str:
    """MIGRATIONS[0] of src/storage.rs: the schema of version 1, read from the source so that
    the database made here is the one that build wrote."""
    source = (REPO / "src" / "storage.rs").read_text(encoding="utf-8")
    block = source[source.index("const MIGRATIONS: &[&str] = &[") :]
    found = re.search(r'"((?:[^"\\]|\\.)*)"', block, re.S)
    assert found and "CREATE TABLE portfolio" in found.group(1), "MIGRATIONS[0] not found in src/storage.rs"
    return found.group(1)


def schema1_database(db: Path, sample: Path, cli: Path, name: str) -> None:
    """A database as the app before migration 2 left it: schema version 1, `sample` saved as
    `name` (holdings as the core imports them), the disclaimer acknowledged."""
    import datetime
    import hashlib
    import sqlite3

    parsed = cli_json(cli, "holdings", str(sample))
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    try:
        conn.executescript(schema1_sql())
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        cur = conn.execute(
            "INSERT INTO portfolio (name, source_file, sha256, broker, kind, as_of, imported_at, transaction_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            (name, str(sample), hashlib.sha256(sample.read_bytes()).hexdigest(), parsed["broker"], parsed["kind"], parsed["as_of"], now),
        )
        pid = cur.lastrowid
        for i, h in enumerate(parsed["holdings"]):
            conn.execute(
                "INSERT INTO holding (portfolio_id, position, account, symbol, isin, cusip, name, asset_class,"
                " quantity, price, market_value, currency, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (pid, i, h["account"], h["symbol"], h["isin"], h["cusip"], h["name"], h["asset_class"],
                 h["quantity"], h["price"], h["market_value"], h["currency"], i + 2),
            )
        conn.execute("INSERT INTO setting (key, value) VALUES ('disclaimer_acknowledged', ?)", (now,))
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    finally:
        conn.close()


def check_whats_new(wd: WebDriver, changes: dict) -> None:
    """(c) the panel after the update: the changes of the user's deals since 2026-02-27 (the
    dataset migration 2 records as last shown), with before/after figures."""
    show_view(wd, "overview")
    wd.wait_for("the what's-new panel", lambda: visible(wd, tid("whats-new")), timeout=30)
    title = wd.execute("const e = document.getElementById('whats-new-title'); return e ? e.textContent : '';")
    assert title == "What's new in the deals since you last looked", title
    note = wd.text(wd.find(tid("whats-new-note")))
    assert "2026.03.0" in note and "before = the deals as of 2026-02-27" in note.lower(), f"the note says {note!r}"
    more = wd.find_all(tid("whats-new-more"))
    if more:
        wd.click(more[0])
    rows = wd.wait_for(
        "every change listed",
        lambda: (lambda r: r if len(r) == len(changes["changes"]) else None)(
            wd.execute(f"return [...document.querySelectorAll('{tid('whats-new-change')}')].map(r => [r.dataset.deal, r.children[0].textContent, r.children[2].textContent, r.children[3].textContent]);")
        ),
        timeout=10,
    )
    expected = [(c["deal_id"], c["on"], c["summary"], "".join(changes["holdings"].get(c["deal_id"], []))) for c in changes["changes"]]
    assert [tuple(r) for r in rows] == expected, f"the panel lists {rows[:6]}…, the core's changes are {expected[:6]}…"
    listed = {r[0] for r in rows}
    for deal in ("D50b", "D29a"):
        assert deal in listed, f"{deal} is not among the changes listed: {sorted(listed)}"
    amzn = {r[0] for r in rows if "AMZN" in r[3]}
    assert {"D50b", "D29a"} <= amzn, f"AMZN is named as a holding of {sorted(amzn)}"
    p = changes["portfolio"]
    before = money_text_to_decimal(wd.text(wd.find(tid("whats-new-before"))))
    after = money_text_to_decimal(wd.text(wd.find(tid("whats-new-after"))))
    assert (before, after) == (Decimal(p["before"]), Decimal(p["after"])), f"before → now shows {before} → {after}, the core's {p['before']} → {p['after']}"
    assert after == card_amount(wd, "overview-weighted-total"), "'now' is not the Overview's weighted total"
    cps = wd.execute(f"return [...document.querySelectorAll('{tid('whats-new-counterparty')}')].map(r => [r.dataset.counterparty, r.children[1].textContent, r.children[2].textContent]);")
    # null (no deal with that counterparty before, say) is shown as a word, read back as None.
    dec = lambda v: None if v is None else Decimal(v)  # noqa: E731
    want = [(c["counterparty"], dec(c["before"]), dec(c["after"])) for c in p["by_counterparty"]]
    assert [(c, money_text_to_decimal(b), money_text_to_decimal(a)) for c, b, a in cps] == want, f"counterparties {cps}, expected {want}"


def check_got_it(wd: WebDriver) -> None:
    wd.click(wd.find(tid("whats-new-dismiss")))
    wd.wait_for("the panel to go", lambda: not wd.find_all(tid("whats-new")), timeout=20)
    check_ready(wd, "ready")


def check_whats_new_gone(wd: WebDriver, state: str) -> None:
    check_ready(wd, state)
    show_view(wd, "overview")
    wd.wait_for("the over-time chart", lambda: wd.find_all(tid("timeline-chart")), timeout=20)
    assert not wd.find_all(tid("whats-new")), "the what's-new panel is back after a restart"


# --------------------------------------------------------------------- funds

IVV_PORTFOLIO = REPO / "tests" / "fixtures" / "funds" / "engine" / "ivv_portfolio.csv"
INDEX_FUNDS = REPO / "tests" / "fixtures" / "funds" / "engine" / "index_funds.csv"
IVV_FILE = REPO / "tests" / "fixtures" / "funds" / "engine" / "IVV_holdings_2026-10-30.csv"
SHARES_PLACES = Decimal("0.0001")  # the Holdings view shows company shares to 4 decimals


def linked_companies(data_dir: Path) -> set[str]:
    """Companies with at least one deal link in totals (a disclosed amount or not)."""
    deals = {column(r, "deal_id", "id"): r for r in read_csv(data_dir / "deals.csv")}
    out = set()
    for party in read_csv(data_dir / "deal_parties.csv"):
        deal = deals[column(party, "deal_id")]
        if column(deal, "amount_basis").lower() in NOT_TOTALLED or column(deal, "status").lower() in ("superseded", "cancelled"):
            continue
        out.add(column(party, "party"))
    return out


def fund_linked_value(data_dir: Path, look: dict, value: Decimal) -> Decimal:
    """A fund's part in linked companies (fund_positions / ishares_file_positions): Σ value ×
    weight of each line of a linked company, in cents each."""
    linked = linked_companies(data_dir)
    return sum((round_cents(value * w) for cid, w in look["weights"] if cid in linked), Decimal(0))


def shares_shown(quantity: Decimal) -> Decimal:
    return quantity.quantize(SHARES_PLACES, rounding=ROUND_HALF_UP)


def split_figures(wd: WebDriver) -> dict[str, dict[str, str]]:
    """The Overview's "Held directly" / "Through funds" rows: { part: { field: text } }."""
    return wd.execute(
        """const out = {};
        for (const tr of document.querySelectorAll('[data-testid="split-row"]')) {
          out[tr.dataset.part] = {};
          for (const td of tr.querySelectorAll('td[data-field]')) out[tr.dataset.part][td.dataset.field] = td.textContent.trim();
        }
        return out;"""
    )


def fund_bars(wd: WebDriver) -> dict[str, dict[str, str]]:
    return wd.execute(
        """const out = {};
        for (const g of document.querySelectorAll('[data-testid="fund-bar"]')) out[g.dataset.symbol] = {
          as_of: g.dataset.asOf, date: g.querySelector('[data-testid="fund-bar-date"]').textContent,
          value: g.querySelector('[data-testid="fund-bar-value"]').textContent, role: g.getAttribute('role'),
          name: g.getAttribute('aria-label') || '' };
        return out;"""
    )


def check_fund_overview(wd: WebDriver, fund: str, as_of: str, weighted: Decimal, look_through: Decimal, linked: Decimal) -> None:
    """The split: nothing held directly (its label, never $0), the fund's figures through funds;
    a bar for the fund, a button named with its figure and the day of its holdings."""
    show_view(wd, "overview")
    wd.wait_for("the direct / through-funds split", lambda: visible(wd, tid("overview-split")), timeout=20)
    split = split_figures(wd)
    direct, via = split.get("direct", {}), split.get("via_funds", {})
    assert direct.get("weighted") == "no deal links" and "$" not in "".join(direct.values()), f"held directly shows {direct}"
    got = {k: money_text_to_decimal(via.get(k, "")) for k in ("weighted", "look_through", "linked_value")}
    want = {"weighted": weighted, "look_through": look_through, "linked_value": linked}
    assert got == want, f"through funds shows {via}, expected {want}"
    assert via.get("links") not in (None, "", "0"), f"through funds: {via}"
    total = card_amount(wd, "overview-weighted-total")
    assert total == weighted, f"the weighted total card shows {total}, expected {weighted} (all of it through {fund})"
    bars = fund_bars(wd)
    bar = bars.get(fund)
    assert bar, f"no bar for {fund}: {bars}"
    assert bar["as_of"] == as_of and as_of in bar["date"], f"{fund}'s bar is dated {bar}, expected {as_of}"
    assert money_text_to_decimal(bar["value"]) == weighted and bar["role"] == "button", f"{fund}'s bar: {bar}"
    assert fund in bar["name"] and as_of in bar["name"], f"{fund}'s bar is named {bar['name']!r}"


def check_fund_bar_opens_holdings(wd: WebDriver, fund: str) -> None:
    """Enter on a fund's bar (a button) opens Holdings with that fund's companies shown, and the
    window itself is not scrolled (the header and the disclaimer stay on screen)."""
    show_view(wd, "overview")
    bar = wd.find(tid("fund-bar", symbol=fund))
    rows = lambda: visible(wd, f'{tid("constituents", fund=fund)} {tid("constituent-row")}')  # noqa: E731
    wd.press_until(bar, ENTER_KEY, rows)
    wd.wait_for(f"{fund}'s companies in Holdings", rows, timeout=10)
    current = wd.execute("return document.querySelector('[aria-current=page]').dataset.view;")
    assert current == "holdings", f"the view is {current}"
    check_disclaimer(wd)


def open_fund_row(wd: WebDriver, fund: str) -> None:
    show_view(wd, "holdings")
    wd.wait_for(f"the {fund} row", lambda: wd.find_all(f'#holdings > tbody > tr[data-symbol="{fund}"]'), timeout=20)
    rows = lambda: wd.find_all(f'{tid("constituents", fund=fund)} {tid("constituent-row")}')  # noqa: E731
    if not rows():
        row, _ = holding_row_cells(wd, fund)
        wd.press_until(row, ENTER_KEY, rows)
    wd.wait_for(f"{fund}'s constituents", rows, timeout=10)


def shown_constituents(wd: WebDriver, fund: str) -> dict[str, str]:
    return wd.execute(
        """const out = {};
        for (const tr of document.querySelectorAll(arguments[0])) out[tr.dataset.symbol] = tr.querySelector('[data-testid="constituent-quantity"]').textContent.trim();
        return out;""",
        f'{tid("constituents", fund=fund)} {tid("constituent-row")}',
    )


def check_fund_constituents(wd: WebDriver, fund: str, positions: list, as_of: str, source: str) -> dict[str, str]:
    """Enter on the fund's row shows one row per company with the shares behind the holding (exact
    for method shares: no ≈) and the snapshot line with its day and source."""
    open_fund_row(wd, fund)
    snapshot = wd.text(wd.find(f'{tid("fund-detail", fund=fund)} {tid("fund-snapshot")}'))
    assert f"Holdings as of {as_of}" in snapshot and source in snapshot and "method shares" in snapshot, f"the snapshot line reads {snapshot!r}"
    shown = shown_constituents(wd, fund)
    want = {label: shares_shown(q) for _, label, q in positions if q is not None}
    got = {label: to_decimal(text) for label, text in shown.items()}
    assert all(not text.startswith("\u2248") for text in shown.values()), f"exact counts shown as approximate: {shown}"
    assert got == want, f"{fund}'s constituents show {shown}, expected {want}"
    return shown


def check_constituent_links(wd: WebDriver, fund: str, symbol: str) -> None:
    """A constituent opens its deal links, each named "NVDA via IVV"."""
    open_fund_row(wd, fund)
    css = f'{tid("constituents", fund=fund)} {tid("constituent-row")}[data-symbol="{symbol}"]'
    headings = lambda: [h for h in wd.execute("return [...document.querySelectorAll('.constituents tr.why-row .why-heading')].map(h => h.textContent);") or []]  # noqa: E731
    if not headings():
        wd.press_until(wd.find(css), ENTER_KEY, headings)
    found = wd.wait_for(f"{symbol}'s links", headings, timeout=10)
    assert all(h.startswith(f"{symbol} via {fund}") for h in found), f"{symbol}'s links are headed {found[:3]}"


def check_no_sideways_scroll(wd: WebDriver, view: str) -> None:
    widths = wd.execute(
        "const s = document.getElementById('scroll'); return [s.scrollWidth, s.clientWidth, document.documentElement.scrollWidth, window.innerWidth];"
    )
    assert widths[0] <= widths[1] + 1 and widths[2] <= widths[3] + 1, f"{view} scrolls sideways at {widths[3]} px: {widths}"
    # Nor does a table of the view (a fund's constituents inside Holdings, say) scroll within
    # its frame; the over-time figures table is one that may.
    wide = wd.execute(
        """const view = document.querySelector('.view:not([hidden])');
        return [...view.querySelectorAll('.table-wrap:not(.tl-table-wrap)')].filter(w => w.offsetParent && w.scrollWidth > w.clientWidth + 1)
          .map(w => [w.querySelector('table') && (w.querySelector('table').id || w.querySelector('table').dataset.testid), w.scrollWidth, w.clientWidth]);"""
    )
    assert not wide, f"{view}: tables wider than their frame at {widths[3]} px: {wide}"


def check_funds_page(wd: WebDriver, fund_id: str, file_name: str, as_of: str) -> None:
    show_view(wd, "funds")
    rows = lambda: wd.execute(  # noqa: E731
        "return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.fileName);", tid("fund-file-row")
    )
    files = wd.wait_for("the saved holdings file on the Funds page", lambda: file_name in (rows() or []) and rows(), timeout=20)
    assert files == [file_name], f"saved files listed: {files}"
    snap = wd.execute(
        "const r = document.querySelector(arguments[0]); return r ? [r.dataset.origin, r.dataset.asOf, r.querySelector('[data-testid=\"fund-snapshot-origin\"]').textContent] : null;",
        tid("fund-snapshot-row", fund=fund_id),
    )
    assert snap == [file_name, as_of, file_name], f"the {fund_id} snapshot row: {snap}"
    assert visible(wd, tid("fund-import")), "no Import button on the Funds page"
    assert "dropped" in wd.text(wd.find(tid("fund-drop-note"))), "the page does not say files can be dropped"


def check_fund_file_removed(wd: WebDriver, fund_id: str, bundled_as_of: str) -> None:
    show_view(wd, "funds")
    wd.click(wd.find(tid("fund-file-remove")))
    wd.wait_for("the remove dialog", lambda: visible(wd, tid("fund-remove-dialog-confirm")), timeout=10)
    wd.click(wd.find(tid("fund-remove-dialog-confirm")))
    wd.wait_for("the bundled snapshot back", lambda: wd.execute("const r = document.querySelector(arguments[0]); return r && r.dataset.origin === 'bundled' && r.dataset.asOf === arguments[1];", tid("fund-snapshot-row", fund=fund_id), bundled_as_of), timeout=20)
    assert not wd.find_all(tid("fund-file-row")), "the removed file is still listed"
    show_view(wd, "overview")
    wd.wait_for("the Overview dated by the bundled snapshot again", lambda: (fund_bars(wd).get("IVV") or {}).get("as_of") == bundled_as_of, timeout=20)


# -------------------------------------------------------------------- driver


# ----------------------------------------------------------- values: currency, rates, prices
#
# (j) the base currency switched to EUR in Settings: every value is the file's USD value
# converted at the bundled ECB rate of data/fx/eurofxref.csv (read here, whatever its day and
# figures), holding by holding in cents, as worked out below; the rate's day is shown.
# (k) a history whose holding has no price (ORCL received, never traded): a price typed on its
# row values it, and it is still there (source "typed") after a restart.

ROBINHOOD = REPO / "tests" / "fixtures" / "brokers" / "robinhood" / "activity.csv"


def ecb_rates(path: Path) -> tuple[str, dict[str, Decimal]]:
    """The day (ISO) and the units per euro of an ECB `eurofxref.csv` (header `Date, USD, …`,
    one row `30 October 2026, 1.1172, …`)."""
    lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    header = [c.strip() for c in lines[0].split(",")]
    row = [c.strip() for c in lines[1].split(",")]
    day = time.strftime("%Y-%m-%d", time.strptime(row[0], "%d %B %Y"))
    rates = {code: Decimal(v) for code, v in zip(header[1:], row[1:]) if code and v and v.upper() != "N/A"}
    return day, rates


def shown_rate(rate: Decimal) -> str:
    """A rate as the app shows it: six significant digits (two decimals at least when >= 1),
    trailing zeros dropped."""
    digits = len(str(abs(rate.to_integral_value(rounding="ROUND_DOWN"))))
    places = max(6 - digits, 2) if abs(rate) >= 1 else 6
    text = f"{rate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def in_currency(values: dict[str, Decimal], rate: Decimal) -> Decimal:
    """The portfolio value in another currency as the core adds it up: each holding's value
    × the rate, in cents (half away from zero), then summed."""
    return sum((round_cents(v * rate) for v in values.values()), Decimal(0))


def amount_in(text: str, sign: str) -> Decimal | None:
    """The first amount written with `sign` ("€", "$") in a text."""
    found = re.search(re.escape(sign) + r"\s?[0-9][0-9,.\u00a0\u202f']*", text or "")
    return money_text_to_decimal(found.group(0).replace(sign, "")) if found else None


def text_of(wd: WebDriver, css: str) -> str:
    """textContent of the first match ('' if none): no wait on WebKit's 'displayed'."""
    return wd.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css) or ""


def choose(wd: WebDriver, css: str, value: str) -> None:
    """Chooses `value` in a <select> as a person would (the change event included)."""
    wd.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];"
        " e.dispatchEvent(new Event('change', {bubbles: true}));",
        css, value,
    )


def open_settings_currency(wd: WebDriver) -> None:
    show_view(wd, "settings")
    wd.wait_for("the base currency choice", lambda: wd.find_all(tid("settings-base-currency")), timeout=30)


def check_base_currency_eur(wd: WebDriver, values: dict[str, Decimal], day: str, usd_per_eur: Decimal) -> None:
    """Settings → base currency EUR: the Overview's value is the sample's, converted at the
    bundled rate holding by holding; the rates line names the ECB and the file's day."""
    open_settings_currency(wd)
    rates = wd.find(tid("settings-rates"))
    shown = wd.text(rates)
    assert day in shown and "bundled" in shown, f"Settings shows the rates {shown!r}, the file is of {day}"
    choose(wd, tid("settings-base-currency"), "EUR")
    rate = Decimal(1) / usd_per_eur
    expected = in_currency(values, rate)
    show_view(wd, "overview")
    total = wd.wait_for("the value in euros", lambda: amount_in(text_of(wd, tid("overview-total-value")), "€"), timeout=60)
    assert total == expected, f"the Overview shows €{total}; by hand Σ cents(value × 1/{usd_per_eur}) = €{expected}"
    # The sum converted at once differs from the holding-by-holding sum by at most a cent each.
    assert abs(total - round_cents(sum(values.values()) * rate)) <= CENT * len(values), f"€{total} is far from Σ values ÷ {usd_per_eur}"
    line = text_of(wd, tid("valuation-rates"))
    assert f"Rates: ECB of {day}" in line and f"1 USD = {shown_rate(rate)} EUR" in line, f"the rates line reads {line!r} (file of {day})"
    value_line = text_of(wd, tid("valuation-value"))
    assert "cash not included" in value_line, f"the value line reads {value_line!r}"
    weighted_usd = card_amount(wd, "overview-weighted-total")
    weighted_eur = amount_in(text_of(wd, tid("valuation-weighted-base")), "€")
    assert weighted_usd is not None and weighted_eur == round_cents(weighted_usd * rate), f"weighted ${weighted_usd} is €{weighted_eur} in EUR, expected €{round_cents((weighted_usd or 0) * rate)}"
    assert f"of {day}" in text_of(wd, tid("valuation-weighted")), "the weighted look-through in EUR does not give the rate's day"


def check_holding_converted(wd: WebDriver, values: dict[str, Decimal], day: str, usd_per_eur: Decimal) -> None:
    """Holdings: MSFT's value in euros, and its details give the rate and its day."""
    show_view(wd, "holdings")
    rate = Decimal(1) / usd_per_eur
    row_css = '#holdings > tbody > tr[data-testid="holding-row"][data-symbol="MSFT"]'

    # The table may be drawn again (the analysis in the new currency lands) between finding a
    # row and reading it: each read finds the row afresh, and a stale one is tried again.
    def value_now():
        rows = wd.find_all(row_css)
        cells = wd.find_all_in(rows[0], tid("holding-value-cell")) if rows else []
        return amount_in(wd.text(cells[0]), "€") if cells else None

    expected = round_cents(values["MSFT"] * rate)
    shown = wd.wait_for("MSFT's value in euros", lambda: (lambda v: v if v == expected else None)(value_now()), timeout=20)
    assert shown == expected, f"MSFT shows €{shown}, by hand €{expected}"
    header = text_of(wd, '#holdings th[data-key="market_value"]')
    assert "EUR" in header, f"the value column is headed {header!r}"

    def open_details():
        if not wd.find_all(tid("holding-value-basis")):
            wd.press_until(wd.find_all(row_css)[0], ENTER_KEY, lambda: wd.find_all(tid("holding-value-basis")))
        return wd.find_all(tid("holding-value-basis"))

    wd.wait_for("MSFT's details open", open_details, timeout=20)
    basis = wd.wait_for("MSFT's value basis", lambda: text_of(wd, tid("holding-value-basis")), timeout=10)
    assert f"1 USD = {shown_rate(rate)} EUR" in basis and day in basis, f"MSFT's details read {basis!r}"


def check_user_rate(wd: WebDriver, values: dict[str, Decimal], day: str, usd_per_eur: Decimal) -> None:
    """Your own rate (1 EUR = 1.25 USD) wins over the reference rate, is said so, and removing it
    brings the ECB's back."""
    open_settings_currency(wd)
    wd.replace_text(wd.find(tid("user-rate-code")), "USD")
    wd.replace_text(wd.find(tid("user-rate-value")), "1.25")
    wd.click(wd.find(tid("user-rate-add")))
    wd.wait_for("your rate in the table", lambda: wd.find_all(tid("user-rate", code="USD")), timeout=30)
    show_view(wd, "overview")
    expected = in_currency(values, Decimal("0.8"))
    total = wd.wait_for("the value at your rate", lambda: (lambda v: v if v == expected else None)(amount_in(text_of(wd, tid("overview-total-value")), "€")), timeout=30)
    assert total == expected
    line = text_of(wd, tid("valuation-rates"))
    assert "your rates" in line and "your rate for USD" in line, f"the rates line reads {line!r}"
    open_settings_currency(wd)
    wd.click(wd.find_all_in(wd.find(tid("user-rate", code="USD")), tid("user-rate-remove"))[0])
    wd.wait_for("your rate gone", lambda: not wd.find_all(tid("user-rate", code="USD")), timeout=30)
    show_view(wd, "overview")
    back = in_currency(values, Decimal(1) / usd_per_eur)
    wd.wait_for("the ECB rate again", lambda: amount_in(text_of(wd, tid("overview-total-value")), "€") == back and f"ECB of {day}" in text_of(wd, tid("valuation-rates")), timeout=30)


def holding_row(wd: WebDriver, symbol: str) -> str:
    found = wd.find_all(f'#holdings > tbody > tr[data-testid="holding-row"][data-symbol="{symbol}"]')
    if not found:
        raise AssertionError(f"no {symbol} row in Holdings")
    return found[0]


def price_of(wd: WebDriver, symbol: str) -> dict:
    """What a holding's row says of its price: its source, the price, where from, the value."""
    return wd.execute(
        """const row = [...document.querySelectorAll('#holdings > tbody > tr[data-testid="holding-row"]')].find(r => r.dataset.symbol === arguments[0]);
        if (!row) return null;
        const q = (t) => { const e = row.querySelector(`[data-testid="${t}"]`); return e ? e.textContent : null; };
        const cell = row.querySelector('[data-testid="holding-price"]');
        return {source: cell.dataset.source, stale: cell.dataset.stale, price: q('price-value'), from: q('price-source'),
                value: q('holding-value-cell'), set: !!row.querySelector('[data-testid="price-set"]')};""",
        symbol,
    )


def check_unpriced(wd: WebDriver, symbol: str) -> Decimal:
    """The holding has no price: not valued, listed on the Overview (never as $0.00), with "Set
    price" on its row. Returns the portfolio value shown."""
    show_view(wd, "overview")
    count = wd.wait_for("the valued count", lambda: text_of(wd, tid("valuation-count")), timeout=20)
    assert symbol in count and "not in the total" in count, f"the Overview says {count!r}"
    before = amount_in(text_of(wd, tid("overview-total-value")), "$")
    assert before is not None, "the portfolio value is not an amount"
    show_view(wd, "holdings")
    row = wd.wait_for(f"{symbol}'s row", lambda: price_of(wd, symbol), timeout=20)
    assert row["source"] == "none" and row["set"], f"{symbol}'s row: {row}"
    assert "not valued" in row["value"] and "0.00" not in row["value"], f"{symbol}'s value reads {row['value']!r}"
    note = text_of(wd, tid("unvalued-note"))
    assert symbol in note, f"the unvalued note reads {note!r}"
    return before


def type_price(wd: WebDriver, symbol: str, price: str) -> None:
    row = holding_row(wd, symbol)
    wd.click(wd.find_all_in(row, tid("price-set"))[0])
    form = wd.wait_for("the price form", lambda: wd.find_all(f'{tid("price-edit-row")}[data-symbol="{symbol}"]'), timeout=10)[0]
    wd.replace_text(wd.find_all_in(form, tid("price-input"))[0], price)
    wd.click(wd.find_all_in(form, tid("price-save"))[0])


def check_typed_price(wd: WebDriver, symbol: str, quantity: Decimal, price: str, before: Decimal) -> None:
    """The typed price values the holding: quantity × price, source "typed", and the portfolio
    value grows by exactly that."""
    show_view(wd, "holdings")
    row = wd.wait_for(f"{symbol} valued at the typed price", lambda: (lambda r: r if r and r["source"] == "typed" else None)(price_of(wd, symbol)), timeout=30)
    value = round_cents(quantity * Decimal(price))
    assert amount_in(row["value"], "$") == value, f"{symbol}'s row: {row}, expected ${value}"
    assert row["price"] == f"{price} USD" and row["from"].startswith("typed"), f"{symbol}'s price reads {row}"
    show_view(wd, "overview")
    total = wd.wait_for("the new portfolio value", lambda: amount_in(text_of(wd, tid("overview-total-value")), "$"), timeout=20)
    assert total == before + value, f"the portfolio value is ${total}, expected ${before} + ${value}"
    count = text_of(wd, tid("valuation-count"))
    assert symbol not in count, f"{symbol} is still listed as not valued: {count!r}"


def check_price_removed(wd: WebDriver, symbol: str, before: Decimal) -> None:
    """Edit → Remove your price: the holding is unvalued again and the value is as before."""
    show_view(wd, "holdings")
    row = holding_row(wd, symbol)
    wd.click(wd.find_all_in(row, tid("price-edit"))[0])
    form = wd.wait_for("the price form", lambda: wd.find_all(f'{tid("price-edit-row")}[data-symbol="{symbol}"]'), timeout=10)[0]
    wd.click(wd.find_all_in(form, tid("price-remove"))[0])
    wd.wait_for(f"{symbol} without a price", lambda: (price_of(wd, symbol) or {}).get("source") == "none", timeout=30)
    show_view(wd, "overview")
    wd.wait_for("the value as before", lambda: amount_in(text_of(wd, tid("overview-total-value")), "$") == before, timeout=20)


def values_scenarios(wd: WebDriver, run: "Run", application: Path, opts, work: Path, env: dict, shots: Path | None) -> tuple[subprocess.Popen, Path]:
    """(j) and (k), each in an app-data directory of its own. Returns the driver left running and
    its log."""
    sample = opts.data_dir / "samples" / "sample_portfolio.csv"
    day, per_eur = ecb_rates(opts.data_dir / "fx" / "eurofxref.csv")
    values = portfolio_values(sample)
    log = work / "tauri-driver-currency.log"
    driver = start_driver(opts.port, log, dict(env, AI_EXPOSURE_DATA_DIR=str(work / "app-data-currency")))
    wd.wait_for("tauri-driver to restart", wd.is_up, timeout=30)
    print(f"# (j) {application.name} {sample.name} (base currency EUR at the ECB rate of {day}: 1 EUR = {per_eur['USD']} USD)", flush=True)
    wd.start(application, [str(sample)])
    try:
        import_from_preview(wd, "E2E sample in euros")
        state = wait_state(wd, ("ready", "error"))
        run.check("the sample analysed (currency)", lambda: check_ready(wd, state))
        run.check("base currency EUR: the Overview's value is the sample's at the bundled rate, with the rate's day", lambda: check_base_currency_eur(wd, values, day, per_eur["USD"]))
        run.check("Holdings: a converted value, its rate and day in the details", lambda: check_holding_converted(wd, values, day, per_eur["USD"]))
        run.check("your own rate wins, is named, and goes again", lambda: check_user_rate(wd, values, day, per_eur["USD"]))
    finally:
        wd.quit()
    wd.start(application, [])
    try:
        state = wait_state(wd, ("ready", "error", "empty"))

        def still_eur() -> None:
            check_ready(wd, state)
            show_view(wd, "overview")
            total = wd.wait_for("the value in euros", lambda: amount_in(text_of(wd, tid("overview-total-value")), "€"), timeout=30)
            assert total == in_currency(values, Decimal(1) / per_eur["USD"]), f"after a restart €{total}"
        run.check("after a restart the values are still in EUR", still_eur)
    finally:
        wd.quit()

    stop_driver(driver)
    log = work / "tauri-driver-prices.log"
    driver = start_driver(opts.port, log, dict(env, AI_EXPOSURE_DATA_DIR=str(work / "app-data-prices")))
    wd.wait_for("tauri-driver to restart", wd.is_up, timeout=30)
    # By hand from the fixture: ORCL came in by a transfer (REC, 2 shares) and never traded.
    symbol, quantity, price = "ORCL", Decimal(2), "150.25"
    before: dict[str, Decimal] = {}
    print(f"# (k) {application.name} {ROBINHOOD.name} (a history; {symbol} has no price: type {price})", flush=True)
    wd.start(application, [str(ROBINHOOD)])
    try:
        import_from_preview(wd, "Robinhood history")
        state = wait_state(wd, ("ready", "error"))
        run.check("the history analysed", lambda: check_ready(wd, state))
        run.check(f"{symbol} has no price: not valued, listed, never $0.00", lambda: before.update(total=check_unpriced(wd, symbol)))
        stale = lambda: (price_of(wd, "NVDA") or {})  # noqa: E731
        run.check("a history's holding is priced at its last trade, dated, marked stale", lambda: (lambda r: None if r.get("source") == "last_trade" and "last trade 2024-07-19, line 7" in (r.get("from") or "") and r.get("stale") == "true" else (_ for _ in ()).throw(AssertionError(f"NVDA: {r}")))(stale()))
        type_price(wd, symbol, price)
        run.check(f"a typed price values {symbol}: {quantity} × {price}, the total grows by as much", lambda: check_typed_price(wd, symbol, quantity, price, before["total"]))
    finally:
        wd.quit()
    wd.start(application, [])
    try:
        state = wait_state(wd, ("ready", "error", "empty"))
        run.check("after a restart the typed price is still there", lambda: (check_ready(wd, state), check_typed_price(wd, symbol, quantity, price, before["total"])))
        run.check("Edit → Remove your price: not valued again, the value as before", lambda: check_price_removed(wd, symbol, before["total"]))
    finally:
        wd.quit()
    return driver, log


def ux_scenario(wd: WebDriver, run: "Run", application: Path, opts, work: Path, env: dict, shots: Path | None, exposure: dict) -> tuple[subprocess.Popen, Path]:
    """(l) The sample at the smallest window the app allows (1024 x 700), in an app-data directory
    of its own: each module of tests/e2e/ux/ checks one part of it (layout and keyboard, what-if
    safety, the deal map, the Overview's sentences), in a fixed order. Returns the driver left
    running and its log."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from ux import PARTS  # noqa: PLC0415 (only this scenario needs them)

    sample = opts.data_dir / "samples" / "sample_portfolio.csv"
    log = work / "tauri-driver-ux.log"
    driver = start_driver(opts.port, log, dict(env, AI_EXPOSURE_DATA_DIR=str(work / "app-data-ux")))
    wd.wait_for("tauri-driver to restart", wd.is_up, timeout=30)
    print(f"# (l) {application.name} {sample.name} at 1024 x 700 (layout, keyboard, what-if, deal map)", flush=True)
    ctx = {"application": application, "sample": sample, "exposure": exposure, "shots": shots, "data_dir": opts.data_dir, "work": work}
    wd.start(application, [str(sample)])
    try:
        import_from_preview(wd, "E2E sample at 1024")
        state = wait_state(wd, ("ready", "error"))
        run.check("the sample analysed (1024 x 700)", lambda: check_ready(wd, state))
        wd.request("POST", wd._s("/window/rect"), {"width": 1024, "height": 700})
        time.sleep(0.5)
        for part in PARTS:
            part.checks(wd, run, ctx)
    finally:
        wd.quit()
    return driver, log


def start_driver(port: int, log_path: Path, env: dict[str, str]) -> subprocess.Popen:
    binary = shutil.which("tauri-driver") or str(Path.home() / ".cargo/bin/tauri-driver")
    if not Path(binary).exists():
        raise SystemExit("tauri-driver not found (cargo install tauri-driver --version 2.1.0 --locked)")
    log = log_path.open("wb")
    return subprocess.Popen(
        [binary, "--port", str(port), "--native-port", str(port + 1)],  # both own: runs side by side
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,  # the app inherits it: its saved portfolios go to a throwaway directory
        start_new_session=True,  # own process group: we stop the driver and what it started
    )


def stop_driver(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--application", type=Path, default=None, help="the ai-exposure-desktop binary")
    parser.add_argument("--port", type=int, default=4444, help="port for tauri-driver (default 4444)")
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    parser.add_argument("--screenshot-dir", type=Path, default=None, help="save a screenshot of each scenario here")
    parser.add_argument("--cli", type=Path, default=None, help="the ai-exposure CLI (default: next to the app; built if missing)")
    parser.add_argument("--only", choices=["values", "ux"], default=None, help="run only these scenarios: values = (j) and (k), ux = (l)")
    opts = parser.parse_args()

    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    application = (opts.application or target / "debug" / "ai-exposure-desktop").resolve()
    if not application.is_file():
        print(f"FAIL setup: the app binary {application} does not exist (build it first)")
        return 2
    sample = opts.data_dir / "samples" / "sample_portfolio.csv"
    cli = ensure_cli((opts.cli or application.parent / "ai-exposure").resolve())
    # What the core says, through the CLI: the timeline to today, the figures as of 2025-12-31
    # (the portfolio's saved scenario is the defaults, as the CLI's), and the changes since the
    # dataset migration 2 records as last shown.
    timeline = cli_json(cli, "timeline", str(sample))
    as_of_figures = cli_json(cli, "exposure", str(sample), "--as-of", "2025-12-31")
    changes = cli_json(cli, "changes", str(sample), "--since", "2026-02-27", "--only-linked")
    exposure = cli_json(cli, "exposure", str(sample))

    work = Path(tempfile.mkdtemp(prefix="ai-exposure-e2e-"))
    bad_line = 3
    bad_csv = work / "malformed.csv"
    bad_csv.write_text(
        "Symbol,Name,Shares,Price,Currency,Account\n"
        "MSFT,Microsoft Corp,120,485.50,USD,Brokerage\n"
        "AMZN,Amazon.com Inc,abc,229.11,USD,Brokerage\n",
        encoding="utf-8",
    )

    wd = WebDriver(f"http://127.0.0.1:{opts.port}")
    if wd.is_up():
        print(f"FAIL setup: something already answers on port {opts.port}; stop it or pass --port")
        return 2
    driver_log = work / "tauri-driver.log"
    app_data = work / "app-data"
    exports = work / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, AI_EXPOSURE_DATA_DIR=str(app_data), AI_EXPOSURE_PROFILES=str(work / "profiles"),
               AI_EXPOSURE_EXPORT_DIR=str(exports))
    driver = start_driver(opts.port, driver_log, env)
    run = Run()
    try:
        deadline = time.monotonic() + 30
        while not wd.is_up():
            if driver.poll() is not None or time.monotonic() > deadline:
                print(f"FAIL setup: tauri-driver did not start; log:\n{driver_log.read_text(errors='replace')}")
                return 2
            time.sleep(0.3)

        # The sample holds VTI: its constituents (data/funds) link like shares held directly.
        links = expected_links(opts.data_dir, portfolio_quantities(sample), portfolio_funds(opts.data_dir, sample))
        shots = opts.screenshot_dir
        if shots:
            shots.mkdir(parents=True, exist_ok=True)

        if opts.only == "values":
            stop_driver(driver)
            driver, driver_log = values_scenarios(wd, run, application, opts, work, env, shots)
            raise _Done
        if opts.only == "ux":
            stop_driver(driver)
            driver, driver_log = ux_scenario(wd, run, application, opts, work, env, shots, exposure)
            raise _Done

        # (a) a broker file on the command line: preview, acknowledge, confirm, figures, what-if
        print(f"# (a) {application.name} {sample.name}", flush=True)
        wd.start(application, [str(sample)])
        try:
            import_from_preview(wd, "E2E sample")
            state = wait_state(wd, ("ready", "error"))
            run.check("disclaimer visible without scrolling", lambda: check_disclaimer(wd))
            run.check("imported portfolio analysed", lambda: check_ready(wd, state))
            if state == "ready":
                run.check("the over-time chart: a column per timeline date, the last one the weighted total", lambda: check_timeline(wd, timeline))
                run.check("By direction of the money: the rows and weighted figures of `exposure --json`", lambda: check_directions(wd, exposure))
                run.check("MSFT look-through matches data/*.csv", lambda: check_msft_figure(wd, opts.data_dir, sample))
                run.check("Enter on a holding row expands its why trace", lambda: check_why_expands(wd))
                run.check("a 50 % OpenAI haircut changes the total by the expected amount", lambda: check_haircut(wd, links))
                run.check("Export PDF… writes the report of the scenario on screen", lambda: check_export_pdf(wd, exports, links))
            if shots:
                wd.screenshot(shots / "e2e-whatif.png")
        finally:
            wd.quit()

        # (b) restart: the saved portfolio reopens
        print(f"# (b) {application.name} (restart, no argument)", flush=True)
        wd.start(application, [])
        try:
            state = wait_state(wd, ("ready", "error", "empty"))
            run.check("saved portfolio reopens with its figures", lambda: (check_ready(wd, state), check_reopened(wd, "E2E sample", links)))
            if state == "ready":
                today = expected_weighted_total(links)
                run.check("Figures as of 2025-12-31: the CLI's --as-of figure on every view", lambda: check_as_of(wd, as_of_figures, today))
        finally:
            wd.quit()

        # (c) names that are HTML stay text
        payload = "<img src=x onerror=alert(1)>"
        xss = work / "xss.csv"
        xss.write_text(f'Symbol,Name,Shares\nMSFT,"{payload}",1\n', encoding="utf-8")
        print(f"# (c) {application.name} {xss.name}", flush=True)
        wd.start(application, [str(xss)])
        try:
            wd.wait_for("the import preview", lambda: visible(wd, tid("import-preview")), timeout=120)
            run.check("imported HTML is shown as text", lambda: check_payload_is_text(wd, payload))
            wd.click(wd.find(tid("import-discard")))
        finally:
            wd.quit()

        # (d) a malformed file: every problem with its line, nothing saved
        print(f"# (d) {application.name} {bad_csv.name}", flush=True)
        wd.start(application, [str(bad_csv)])
        try:
            run.check(f"problems list names line {bad_line}", lambda: check_malformed_csv_error(wd, bad_line))
            run.check("disclaimer visible with an error", lambda: check_disclaimer(wd))
            if shots:
                wd.screenshot(shots / "e2e-malformed.png")
        finally:
            wd.quit()

        # (e) killed while importing a large file: saved portfolios intact after restart
        big = work / "big-history.csv"
        big_history(big, 400_000)
        print(f"# (e) {application.name} {big.name} ({big.stat().st_size} bytes), cancelled", flush=True)
        wd.start(application, [str(big)])
        try:
            def cancelled() -> None:
                wd.wait_for("the import to be under way", lambda: visible(wd, tid("import-cancel")), timeout=60)
                wd.click(wd.find(tid("import-cancel")))
                wd.wait_for("the cancellation notice", lambda: visible(wd, tid("import-cancelled")), timeout=180)
                assert not visible(wd, tid("import-preview")), "a preview is shown after cancelling"
            run.check("a large import can be cancelled", cancelled)
        finally:
            wd.quit()
        print(f"# (e) {application.name} {big.name} ({big.stat().st_size} bytes), killed mid-import", flush=True)
        wd.start(application, [str(big)])
        try:
            wd.wait_for("the import to be under way", lambda: visible(wd, tid("import-progress-panel")), timeout=60)
            killed = kill_app(application)
            run.check("the app was killed during the import", lambda: (_ for _ in ()).throw(AssertionError("no app process found")) if killed == 0 else None)
        finally:
            wd.quit()
        wd.start(application, [])
        try:
            state = wait_state(wd, ("ready", "error", "empty"))
            run.check("after the kill, the saved portfolio is intact", lambda: (check_ready(wd, state), check_reopened(wd, "E2E sample", links)))
            run.check("after the kill, no half-imported portfolio", lambda: (lambda opts_: None if len(opts_) == 1 else (_ for _ in ()).throw(AssertionError(f"portfolios: {opts_}")))([wd.text(o) for o in wd.find_all("#portfolio-switcher option")]))
        finally:
            wd.quit()

        # (f) an unknown CSV: map its columns once, then the same header imports directly
        unknown = work / "depot.csv"
        unknown.write_text("Kontoauszug Depot\nDatum;Ticker;Anzahl;Kurs\n01.02.2024;NVDA;3;120,50\n02.02.2024;AMD;2;150,00\n", encoding="utf-8")
        print(f"# (f) {application.name} {unknown.name} (column mapping)", flush=True)
        wd.start(application, [str(unknown)])
        try:
            def mapped() -> None:
                wd.wait_for("the mapping form", lambda: visible(wd, tid("mapping-form")), timeout=60)
                chosen = {
                    f: wd.execute("return document.querySelector(arguments[0]).value;", tid("mapping-field", field=f))
                    for f in ("symbol", "quantity", "price", "date")
                }
                assert chosen == {"symbol": "Ticker", "quantity": "Anzahl", "price": "Kurs", "date": "Datum"}, f"guessed {chosen}"
                wd.click(wd.find(tid("mapping-submit")))
                wd.wait_for("the preview of the mapped file", lambda: visible(wd, tid("import-preview")), timeout=60)
                cells = [wd.text(c) for c in wd.find_all(f'{tid("import-holdings")} td')]
                assert "NVDA" in cells and "AMD" in cells, f"preview cells {cells}"
                wd.click(wd.find(tid("import-discard")))
            run.check("unknown CSV: columns guessed, imported with the mapping", mapped)
        finally:
            wd.quit()
        again = work / "depot-march.csv"
        again.write_text("Kontoauszug Depot\nDatum;Ticker;Anzahl;Kurs\n01.03.2024;MSFT;4;400,00\n", encoding="utf-8")
        wd.start(application, [str(again)])
        try:
            def reused() -> None:
                wd.wait_for("the preview (saved mapping)", lambda: visible(wd, tid("import-preview")), timeout=60)
                cells = [wd.text(c) for c in wd.find_all(f'{tid("import-holdings")} td')]
                assert "MSFT" in cells, f"preview cells {cells}"
                wd.click(wd.find(tid("import-discard")))
            run.check("the saved mapping is reused for the same header", reused)
        finally:
            wd.quit()

        # (g) a database from before migration 2: what's new since the dataset it last showed
        stop_driver(driver)
        v1_data = work / "app-data-v1"
        schema1_database(v1_data / "portfolios.sqlite", sample, cli, "Saved before the update")
        driver = start_driver(opts.port, work / "tauri-driver-v1.log", dict(env, AI_EXPOSURE_DATA_DIR=str(v1_data)))
        driver_log = work / "tauri-driver-v1.log"
        wd.wait_for("tauri-driver to restart", wd.is_up, timeout=30)
        print(f"# (g) {application.name} (a schema-1 database: what's new since dataset 2026.03.0)", flush=True)
        wd.start(application, [])
        try:
            state = wait_state(wd, ("ready", "error", "empty"))
            run.check("what's new after the update: the core's changes, before → now", lambda: (check_ready(wd, state), check_whats_new(wd, changes)))
            if shots:
                wd.screenshot(shots / "e2e-whats-new.png")
            run.check("'Got it' dismisses what's new", lambda: check_got_it(wd))
        finally:
            wd.quit()
        wd.start(application, [])
        try:
            state = wait_state(wd, ("ready", "error", "empty"))
            run.check("what's new stays dismissed after a restart", lambda: check_whats_new_gone(wd, state))
        finally:
            wd.quit()

        # (h) a positions file holding a fund (200 IVV at $500), seen through the bundled IVV
        # snapshot; then a newer iShares file for IVV on the command line replaces it: the figures
        # and the day shown change. Every figure expected is computed here from the CSVs.
        stop_driver(driver)
        funds_data = work / "app-data-funds"
        driver_log = work / "tauri-driver-funds.log"
        driver = start_driver(opts.port, driver_log, dict(env, AI_EXPOSURE_DATA_DIR=str(funds_data)))
        wd.wait_for("tauri-driver to restart", wd.is_up, timeout=30)
        quantities, values = portfolio_quantities(IVV_PORTFOLIO), portfolio_values(IVV_PORTFOLIO)
        bundled = fund_positions(opts.data_dir, "IVV", quantities["IVV"], values["IVV"])
        bundled_links = expected_links(opts.data_dir, quantities, {"IVV": bundled})
        issuer = ishares_file_positions(opts.data_dir, IVV_FILE, quantities["IVV"])
        # By hand: 200 IVV × shares held ÷ 1,000,000,000 IVV shares; GOOGL 60 M + GOOG 50 M.
        by_hand = {"NVDA": Decimal(60), "MSFT": Decimal(17), "GOOGL+GOOG": Decimal(22)}
        assert {label: q for _, label, q in issuer["positions"]} == by_hand, f"the fixture reads {issuer['positions']}"
        issuer_links = expected_links(opts.data_dir, quantities, {"IVV": issuer})
        seen: dict[str, str] = {}
        print(f"# (h) {application.name} {IVV_PORTFOLIO.name} (IVV through its bundled snapshot of {bundled['as_of']})", flush=True)
        wd.start(application, [str(IVV_PORTFOLIO)])
        try:
            import_from_preview(wd, "IVV fund")
            state = wait_state(wd, ("ready", "error"))
            run.check("a fund holding analysed", lambda: check_ready(wd, state))
            run.check(
                "Overview: nothing held directly, the figures through IVV, IVV's bar dated by its snapshot",
                lambda: check_fund_overview(wd, "IVV", bundled["as_of"], expected_weighted_total(bundled_links), sum((l["look_through"] for l in bundled_links), Decimal(0)), fund_linked_value(opts.data_dir, bundled, values["IVV"])),
            )

            def bundled_rows() -> None:
                seen.update(check_fund_constituents(wd, "IVV", bundled["positions"], bundled["as_of"], "bundled snapshot"))
            run.check("Holdings: IVV opens into its companies, shares = 200 × held ÷ outstanding (bundled)", bundled_rows)
            run.check("a constituent's links read 'NVDA via IVV'", lambda: check_constituent_links(wd, "IVV", "NVDA"))
            run.check("Enter on IVV's bar opens its companies in Holdings", lambda: check_fund_bar_opens_holdings(wd, "IVV"))
        finally:
            wd.quit()
        print(f"# (h) {application.name} {IVV_FILE.name} (a newer iShares file as argument)", flush=True)
        wd.start(application, [str(IVV_FILE)])
        try:
            state = wait_state(wd, ("ready", "error", "empty"))
            run.check("the issuer file on the command line: the portfolio reopens", lambda: check_ready(wd, state))

            def newer_date() -> None:
                show_view(wd, "overview")
                wd.wait_for(f"IVV dated {issuer['as_of']} on the Overview", lambda: (fund_bars(wd).get("IVV") or {}).get("as_of") == issuer["as_of"], timeout=60)
                status = wd.text(wd.find("#nav-status"))
                assert "IVV" in status and issuer["as_of"] in status, f"the import's message reads {status!r}"
            run.check(f"the issuer file is used: IVV's holdings as of {issuer['as_of']}, said so", newer_date)
            run.check(
                "Overview after the issuer file: the figures through IVV follow its share counts",
                lambda: check_fund_overview(wd, "IVV", issuer["as_of"], expected_weighted_total(issuer_links), sum((l["look_through"] for l in issuer_links), Decimal(0)), fund_linked_value(opts.data_dir, issuer, values["IVV"])),
            )

            def issuer_rows() -> None:
                shown = check_fund_constituents(wd, "IVV", issuer["positions"], issuer["as_of"], IVV_FILE.name)
                assert shown.get("NVDA") == "60" and shown.get("MSFT") == "17" and shown.get("GOOGL+GOOG") == "22", f"shown {shown}"
                assert seen and seen.get("NVDA") != shown["NVDA"], f"NVDA was {seen.get('NVDA')} with the bundled snapshot, now {shown['NVDA']}"
            run.check("Holdings after the issuer file: NVDA 60, MSFT 17, GOOGL+GOOG 22 exactly", issuer_rows)
            run.check("the Funds page lists the file and the snapshot it made", lambda: check_funds_page(wd, "ivv", IVV_FILE.name, issuer["as_of"]))
            # The smallest window the app allows: no view scrolls sideways.
            wd.request("POST", wd._s("/window/rect"), {"width": 1024, "height": 700})
            time.sleep(0.5)
            for view in ("overview", "holdings", "funds"):
                if view == "holdings":
                    open_fund_row(wd, "IVV")
                else:
                    show_view(wd, view)
                time.sleep(0.4)
                run.check(f"{view} fits 1024 px without sideways scroll", lambda v=view: check_no_sideways_scroll(wd, v))
                if shots:
                    wd.execute("document.getElementById('scroll').scrollTop = 0;")
                    if view == "holdings":
                        wd.execute("const a = document.getElementById('scroll'); a.scrollTop += document.querySelector(arguments[0]).getBoundingClientRect().top - a.getBoundingClientRect().top - 8;", '#holdings > tbody > tr[data-symbol="IVV"]')
                    time.sleep(0.4)
                    wd.screenshot(shots / f"e2e-funds-{view}-1024x700.png")
            run.check("Remove: IVV back to its bundled snapshot", lambda: check_fund_file_removed(wd, "ivv", bundled["as_of"]))
        finally:
            wd.quit()

        # (i) a 401(k)-like file of index funds (FXAIX, VOO, VTI, QQQ): each is seen through its
        # bundled 2026 snapshot (FXAIX through IVV's, as a proxy) and its bar carries that day.
        print(f"# (i) {application.name} {INDEX_FUNDS.name} (index funds, bundled snapshots)", flush=True)
        fund_rows = read_csv(opts.data_dir / "funds" / "funds.csv")
        days = {t: row["as_of"] for row in fund_rows for t in row["tickers"].split(";")}
        wd.start(application, [str(INDEX_FUNDS)])
        try:
            import_from_preview(wd, "Index funds")
            state = wait_state(wd, ("ready", "error"))
            run.check("index funds analysed", lambda: check_ready(wd, state))

            def index_bars() -> None:
                show_view(wd, "overview")
                wd.wait_for("the fund bars", lambda: len(fund_bars(wd)) >= 4, timeout=30)
                bars = fund_bars(wd)
                for fund in ("FXAIX", "VOO", "VTI", "QQQ"):
                    bar = bars.get(fund)
                    assert bar, f"no bar for {fund}: {bars}"
                    assert days[fund].startswith("2026-") and bar["as_of"] == days[fund] and days[fund] in bar["date"], f"{fund}: {bar}, funds.csv says {days[fund]}"
                    assert money_text_to_decimal(bar["value"]) not in (None, Decimal(0)), f"{fund}: {bar}"
            run.check("FXAIX, VOO, VTI and QQQ link through their 2026 snapshots, each bar dated", index_bars)
        finally:
            wd.quit()

        # (j) base currency EUR; (k) a typed price survives a restart
        stop_driver(driver)
        driver, driver_log = values_scenarios(wd, run, application, opts, work, env, shots)
        # (l) 1024 x 700: layout, keyboard, what-if safety, the deal map
        stop_driver(driver)
        driver, driver_log = ux_scenario(wd, run, application, opts, work, env, shots, exposure)
    except _Done:
        pass
    except (WebDriverError, OSError, AssertionError) as err:
        run.failed += 1
        print(f"FAIL session: {err}", flush=True)
    finally:
        stop_driver(driver)
        if run.failed:
            # The drivers' own view of a failure (WebKitWebDriver writes to this log too).
            lines = driver_log.read_text(errors="replace").splitlines() if driver_log.exists() else []
            print("# tauri-driver log, last lines:\n" + "\n".join(lines[-40:]), flush=True)
        shutil.rmtree(work, ignore_errors=True)

    print(f"{run.passed} passed, {run.failed} failed", flush=True)
    return 0 if run.failed == 0 and run.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
