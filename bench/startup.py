#!/usr/bin/env python3
"""Start-up time of the desktop app to its first rendered overview (issue 4's < 1 s target).

    xvfb-run -a python3 bench/startup.py --application target/release/ai-exposure-desktop

Imports the bundled sample portfolio once into a throwaway app-data directory (so the app
reopens it), then starts the app RUNS times with no argument and measures, through tauri-driver,
the wall time from the session request (which launches the process) until the overview's
counterparty table has rows. WebDriver's own overhead is included, so the figure is an upper
bound of what a user sees. Prints each run and the median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
import test_desktop as t  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--application", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=4460)
    opts = parser.parse_args()
    app = opts.application.resolve()
    work = Path(tempfile.mkdtemp(prefix="ai-exposure-startup-"))
    env = dict(os.environ, AI_EXPOSURE_DATA_DIR=str(work / "data"), AI_EXPOSURE_PROFILES=str(work / "profiles"))
    driver = t.start_driver(opts.port, work / "driver.log", env)
    wd = t.WebDriver(f"http://127.0.0.1:{opts.port}")
    try:
        deadline = time.monotonic() + 30
        while not wd.is_up() and time.monotonic() < deadline:
            time.sleep(0.2)
        sample = t.REPO / "data" / "samples" / "sample_portfolio.csv"
        wd.start(app, [str(sample)])
        try:
            t.import_from_preview(wd, "Sample")
            t.wait_state(wd, ("ready",))
        finally:
            wd.quit()
        times = []
        for i in range(opts.runs):
            start = time.monotonic()
            wd.start(app, [])
            try:
                wd.wait_for(
                    "the overview",
                    lambda: wd.execute("return document.querySelectorAll('#by-counterparty tbody tr').length > 0;"),
                    timeout=30,
                    interval=0.02,
                )
                times.append(time.monotonic() - start)
                print(f"run {i + 1}: {times[-1]:.3f} s", flush=True)
            finally:
                wd.quit()
        print(f"median start-up to first rendered overview: {statistics.median(times):.3f} s ({len(times)} runs)")
    finally:
        t.stop_driver(driver)
    return 0


if __name__ == "__main__":
    sys.exit(main())
