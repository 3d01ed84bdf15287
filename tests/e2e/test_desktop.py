#!/usr/bin/env python3
"""End-to-end test of the AI Exposure desktop app through tauri-driver (WebDriver).

Python 3 standard library only. Usually started by scripts/e2e.sh, which builds
the app and runs this under xvfb-run:

    python3 tests/e2e/test_desktop.py --application target/debug/ai-exposure-desktop

Checks:
  (a) started with no argument (bundled sample portfolio): the disclaimer is
      displayed inside the viewport without scrolling, and the look-through
      figure of the MSFT holding equals an independent computation from
      data/*.csv and data/samples/sample_portfolio.csv; a holding row expands
      its "why" trace with the Enter key.
  (b) started with a malformed CSV: the error panel names the bad line.

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


class WebDriver:
    """A minimal W3C WebDriver client (the endpoints this test needs)."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.session_id: str | None = None

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 60):
        # WebKitWebDriver now and then drops a connection: retry commands that are
        # safe to repeat (everything but creating a session and typing keys).
        retries = 0 if (method, path) == ("POST", "/session") or path.endswith("/value") else 2
        for attempt in range(retries + 1):
            try:
                return self._request_once(method, path, body, timeout)
            except (ConnectionError, urllib.error.URLError) as err:
                if isinstance(err, urllib.error.HTTPError) or attempt == retries:
                    raise
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

    def send_keys(self, element: str, keys: str) -> None:
        self.request("POST", self._s(f"/element/{element}/value"), {"text": keys})

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
        if basis == "aggregate" or status.startswith(("superseded", "cancelled")) or amount is None:
            trace.append(f"{deal_id}: excluded (basis={basis}, status={status}, amount={amount})")
            continue
        look_through = round_cents(quantity * amount / shares_outstanding)
        trace.append(f"{deal_id}: {quantity} x {amount} / {shares_outstanding} = {look_through}")
        total += look_through
    return total, trace


def money_text_to_decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[^0-9.\-]", "", text)
    return to_decimal(cleaned) if cleaned else None


# ------------------------------------------------------------------- the test


class Run:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, fn) -> None:
        try:
            fn()
        except Exception as err:  # noqa: BLE001 - report every failure the same way
            self.failed += 1
            print(f"FAIL {name}: {err}", flush=True)
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
        raise AssertionError("the app shows a load error instead of the analysis: " + error_text(wd).replace("\n", " | "))
    wd.wait_for("rows in #by-counterparty", lambda: wd.find_all("#by-counterparty tbody tr:not(.empty)"), timeout=10)


def holding_row_cells(wd: WebDriver, symbol: str) -> tuple[str, dict[str, str]]:
    headers = [wd.text(h).strip().lower() for h in wd.find_all("#holdings thead th")]
    for row in wd.find_all("#holdings tbody tr"):
        cells = wd.find_all_in(row, "td")
        if cells and wd.text(cells[0]).strip().upper() == symbol:
            return row, {headers[i]: wd.text(c).strip() for i, c in enumerate(cells) if i < len(headers)}
    raise AssertionError(f"no {symbol} row in the Holdings table")


def check_msft_figure(wd: WebDriver, data_dir: Path, sample: Path) -> None:
    quantity = portfolio_quantities(sample)["MSFT"]
    expected, trace = expected_look_through(data_dir, "MSFT", quantity)
    _, cells = holding_row_cells(wd, "MSFT")
    shown = cells.get("look-through", "")
    value = money_text_to_decimal(shown)
    if value != expected:
        raise AssertionError(
            f"MSFT look-through shows {shown!r}, expected {expected} from data/*.csv:\n    " + "\n    ".join(trace)
        )


def check_why_expands(wd: WebDriver) -> None:
    row, _ = holding_row_cells(wd, "MSFT")
    wd.send_keys(row, ENTER_KEY)
    expanded = wd.wait_for("the why trace under MSFT", lambda: wd.find_all("#holdings tr.why-row"), timeout=5)
    steps = wd.find_all("#holdings tr.why-row .why-steps li")
    assert expanded and steps, "the why trace has no steps"
    assert wd.text(steps[0]).strip(), "the first why step is empty"


def check_state_is_error(state: str) -> None:
    assert state == "error", "the app rendered an analysis for a malformed CSV"


def check_malformed_csv_error(wd: WebDriver, bad_line: int) -> None:
    text = error_text(wd)
    assert wd.displayed(wd.find("#error-panel")), "the error panel is not displayed"
    # "line 3", "Line 3, column 3" or a compiler-style "file.csv:3:3:" location.
    patterns = [rf"(?i)\b(line|row)\D{{0,4}}{bad_line}\b", rf"\.csv:{bad_line}(:\d+)?:"]
    assert any(re.search(p, text) for p in patterns), f"the error panel does not mention line {bad_line}: {text!r}"


# -------------------------------------------------------------------- driver


def start_driver(port: int, log_path: Path) -> subprocess.Popen:
    binary = shutil.which("tauri-driver") or str(Path.home() / ".cargo/bin/tauri-driver")
    if not Path(binary).exists():
        raise SystemExit("tauri-driver not found (cargo install tauri-driver --version 2.1.0 --locked)")
    log = log_path.open("wb")
    return subprocess.Popen(
        [binary, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
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
    opts = parser.parse_args()

    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    application = (opts.application or target / "debug" / "ai-exposure-desktop").resolve()
    if not application.is_file():
        print(f"FAIL setup: the app binary {application} does not exist (build it first)")
        return 2
    sample = opts.data_dir / "samples" / "sample_portfolio.csv"

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
    driver = start_driver(opts.port, driver_log)
    run = Run()
    try:
        deadline = time.monotonic() + 30
        while not wd.is_up():
            if driver.poll() is not None or time.monotonic() > deadline:
                print(f"FAIL setup: tauri-driver did not start; log:\n{driver_log.read_text(errors='replace')}")
                return 2
            time.sleep(0.3)

        # (a) bundled sample portfolio
        print(f"# (a) {application.name} with no argument (bundled sample)", flush=True)
        wd.start(application, [])
        try:
            state = wait_until_loaded(wd)
            run.check("disclaimer visible without scrolling", lambda: check_disclaimer(wd))
            run.check("sample analysis rendered", lambda: check_ready(wd, state))
            if state == "ready":
                run.check("MSFT look-through matches data/*.csv", lambda: check_msft_figure(wd, opts.data_dir, sample))
                run.check("Enter on a holding row expands its why trace", lambda: check_why_expands(wd))
            if opts.screenshot_dir:
                opts.screenshot_dir.mkdir(parents=True, exist_ok=True)
                wd.screenshot(opts.screenshot_dir / "e2e-sample.png")
        finally:
            wd.quit()

        # (b) malformed CSV given on the command line
        print(f"# (b) {application.name} {bad_csv}", flush=True)
        wd.start(application, [str(bad_csv)])
        try:
            state = wait_until_loaded(wd)
            run.check("disclaimer visible with an error", lambda: check_disclaimer(wd))
            run.check("malformed CSV shows an error", lambda: check_state_is_error(state))
            if state == "error":
                run.check(f"error names line {bad_line}", lambda: check_malformed_csv_error(wd, bad_line))
            if opts.screenshot_dir:
                wd.screenshot(opts.screenshot_dir / "e2e-malformed.png")
        finally:
            wd.quit()
    except (WebDriverError, OSError, AssertionError) as err:
        run.failed += 1
        print(f"FAIL session: {err}", flush=True)
    finally:
        stop_driver(driver)
        shutil.rmtree(work, ignore_errors=True)

    print(f"{run.passed} passed, {run.failed} failed", flush=True)
    return 0 if run.failed == 0 and run.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
