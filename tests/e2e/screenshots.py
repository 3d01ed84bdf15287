#!/usr/bin/env python3
"""Screenshots of every view of the desktop app, light and dark, for docs/screenshots/.

    xvfb-run -a -s "-screen 0 1280x860x24" python3 tests/e2e/screenshots.py \
        --application target/debug/ai-exposure-desktop --out docs/screenshots

Drives the real app through tauri-driver like test_desktop.py (whose WebDriver client it
reuses): imports the bundled sample portfolio from the command line into a throwaway app-data
directory, then visits each view. Dark mode is the system preference GTK_THEME=Adwaita:dark.
Then, from a database saved before the dataset update (schema version 1, as test_desktop.py
makes it), the Overview's "What's new" panel and the "Figures as of" day (light only); and a
history's Holdings with its prices and Settings → Currency and rates, at 1024×700 (light only).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_desktop as t  # noqa: E402

VIEWS = ["overview", "holdings", "deals", "explain", "whatif", "funds", "settings"]


def shoot(application: Path, out: Path, theme: str, port: int, work: Path, sample: Path) -> None:
    env = dict(os.environ, AI_EXPOSURE_DATA_DIR=str(work / "app-data"), AI_EXPOSURE_PROFILES=str(work / "profiles"))
    # GTK's GL kept (an empty GDK_GL): without a GPU the app would turn it off, and on that CPU
    # path WebKitWebDriver's screenshot of the Explain view never returns (WebKitGTK 2.50; the
    # app itself paints and responds). The pictures are the same either way.
    env.setdefault("GDK_GL", "")
    if theme == "dark":
        env["GTK_THEME"] = "Adwaita:dark"
    driver = t.start_driver(port, work / f"driver-{theme}.log", env)
    wd = t.WebDriver(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while not wd.is_up() and time.monotonic() < deadline:
            time.sleep(0.3)
        first = theme == "light"
        wd.start(application, [str(sample)] if first else [])
        try:
            if first:
                wd.wait_for("the preview", lambda: t.visible(wd, t.tid("import-preview")), timeout=120)
                wd.screenshot(out / f"first-run-{theme}.png")
                t.acknowledge_if_asked(wd)
                wd.screenshot(out / f"import-preview-{theme}.png")
                field = wd.find(t.tid("import-name"))
                wd.replace_text(field, "Sample portfolio")
                wd.click(wd.find(t.tid("import-confirm")))
            t.wait_state(wd, ("ready",))
            for view in VIEWS:
                t.show_view(wd, view)
                if view == "explain":
                    t.show_view(wd, "overview")
                    wd.click(wd.find(t.tid("overview-weighted-total")))
                    t.show_view(wd, "explain")
                if view == "holdings":
                    row, _ = t.holding_row_cells(wd, "MSFT")
                    wd.press_until(row, t.ENTER_KEY, lambda: wd.find_all("#holdings tr.why-row .why-steps li"))
                time.sleep(0.6)
                wd.screenshot(out / f"{view}-{theme}.png")
                print(f"saved {view}-{theme}.png", flush=True)
            if first:
                # The smallest window the app allows (tauri.conf.json minWidth × minHeight).
                wd.request("POST", wd._s("/window/rect"), {"width": 1024, "height": 700})
                t.show_view(wd, "overview")
                time.sleep(0.6)
                wd.screenshot(out / "overview-1024x700-light.png")
        finally:
            wd.quit()
    finally:
        t.stop_driver(driver)


def shoot_whats_new(application: Path, out: Path, port: int, work: Path, sample: Path, cli: Path) -> None:
    data = work / "app-data-v1"
    t.schema1_database(data / "portfolios.sqlite", sample, cli, "Sample portfolio")
    env = dict(os.environ, AI_EXPOSURE_DATA_DIR=str(data), AI_EXPOSURE_PROFILES=str(work / "profiles"))
    env.setdefault("GDK_GL", "")
    driver = t.start_driver(port, work / "driver-v1.log", env)
    wd = t.WebDriver(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while not wd.is_up() and time.monotonic() < deadline:
            time.sleep(0.3)
        wd.start(application, [])
        try:
            t.wait_state(wd, ("ready",))
            wd.wait_for("the what's-new panel", lambda: t.visible(wd, t.tid("whats-new")), timeout=30)
            wd.execute("document.querySelector(arguments[0]).scrollIntoView();", t.tid("whats-new"))
            time.sleep(0.6)
            wd.screenshot(out / "whats-new-light.png")
            print("saved whats-new-light.png", flush=True)
            wd.click(wd.find(t.tid("whats-new-dismiss")))
            wd.wait_for("the panel to go", lambda: not wd.find_all(t.tid("whats-new")), timeout=20)
            t.set_date(wd, t.tid("as-of-input"), "2025-12-31")
            wd.wait_for("the figures as of the day", lambda: "2025-12-31" in wd.text(wd.find(t.tid("as-of-note"))), timeout=30)
            wd.execute("document.getElementById('scroll').scrollTop = 0;")
            time.sleep(0.6)
            wd.screenshot(out / "overview-as-of-light.png")
            print("saved overview-as-of-light.png", flush=True)
        finally:
            wd.quit()
    finally:
        t.stop_driver(driver)


def shoot_values(application: Path, out: Path, port: int, work: Path) -> None:
    """Settings → Currency and rates (base EUR, one rate of your own) and Holdings of a history
    (last-trade prices, stale marks, converted values, a typed price, "Set price" on a holding
    with none), both at 1024×700, light."""
    env = dict(os.environ, AI_EXPOSURE_DATA_DIR=str(work / "app-data-values"), AI_EXPOSURE_PROFILES=str(work / "profiles"))
    env.setdefault("GDK_GL", "")
    driver = t.start_driver(port, work / "driver-values.log", env)
    wd = t.WebDriver(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while not wd.is_up() and time.monotonic() < deadline:
            time.sleep(0.3)
        wd.start(application, [str(t.ROBINHOOD)])
        try:
            t.import_from_preview(wd, "Robinhood history")
            t.wait_state(wd, ("ready",))
            wd.request("POST", wd._s("/window/rect"), {"width": 1024, "height": 700})
            t.open_settings_currency(wd)
            t.choose(wd, t.tid("settings-base-currency"), "EUR")
            t.show_view(wd, "overview")
            wd.wait_for("values in euros", lambda: "€" in t.text_of(wd, t.tid("overview-total-value")), timeout=30)
            t.open_settings_currency(wd)
            wd.replace_text(wd.find(t.tid("user-rate-code")), "CHF")
            wd.replace_text(wd.find(t.tid("user-rate-value")), "0.93")
            wd.click(wd.find(t.tid("user-rate-add")))
            wd.wait_for("your rate", lambda: wd.find_all(t.tid("user-rate", code="CHF")), timeout=30)
            wd.execute("const a = document.getElementById('scroll'); a.scrollTop += document.querySelector(arguments[0]).getBoundingClientRect().top - a.getBoundingClientRect().top - 8;", t.tid("settings-currency-panel"))
            time.sleep(0.6)
            wd.screenshot(out / "currency-settings.png")
            print("saved currency-settings.png", flush=True)
            t.show_view(wd, "holdings")
            wd.wait_for("the rows", lambda: t.price_of(wd, "ORCL"), timeout=20)
            t.type_price(wd, "ORCL", "150.25")
            wd.wait_for("ORCL typed", lambda: (t.price_of(wd, "ORCL") or {}).get("source") == "typed", timeout=30)
            # Largest value first: the priced rows, then the one without a price.
            wd.click(wd.find('#holdings th[data-key="market_value"]'))
            wd.wait_for("sorted by value", lambda: wd.execute("return document.querySelector('#holdings th[data-key=market_value]').getAttribute('aria-sort');") == "descending", timeout=10)
            wd.execute("document.activeElement && document.activeElement.blur(); const a = document.getElementById('scroll'); a.scrollTop += document.querySelector(arguments[0]).getBoundingClientRect().top - a.getBoundingClientRect().top - 8;", t.tid("prices-bar"))
            time.sleep(0.6)
            wide = wd.execute("const w = document.querySelector('#holdings').parentElement; return [w.scrollWidth, w.clientWidth];")
            print(f"holdings table {wide[0]} px in a frame of {wide[1]} px", flush=True)
            wd.screenshot(out / "holdings-prices.png")
            print("saved holdings-prices.png", flush=True)
        finally:
            wd.quit()
    finally:
        t.stop_driver(driver)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--application", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=t.REPO / "docs" / "screenshots")
    parser.add_argument("--port", type=int, default=4450)
    parser.add_argument("--only", choices=["values"], default=None, help="values: only currency-settings.png and holdings-prices.png")
    opts = parser.parse_args()
    opts.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ai-exposure-shots-"))
    if opts.only == "values":
        shoot_values(opts.application.resolve(), opts.out, opts.port, work)
        return 0
    sample = t.REPO / "data" / "samples" / "sample_portfolio.csv"
    for theme in ("light", "dark"):
        shoot(opts.application.resolve(), opts.out, theme, opts.port, work, sample)
    cli = t.ensure_cli(opts.application.resolve().parent / "ai-exposure")
    shoot_whats_new(opts.application.resolve(), opts.out, opts.port, work, sample, cli)
    shoot_values(opts.application.resolve(), opts.out, opts.port, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
