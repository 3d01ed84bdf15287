#!/usr/bin/env python3
"""Start-up time of the desktop app to its first rendered overview (issue 4's < 1 s target).

    xvfb-run -a python3 bench/startup.py --application target/release/ai-exposure-desktop

Imports the bundled sample portfolio once into a throwaway app-data directory (so the app
reopens it), then starts the app RUNS times with no argument (through tauri-driver) and reports:

- start-up: from the app process's start (its start time in /proc) to the first animation frame
  after the overview was rendered (the UI's `ai-exposure:first-overview` performance mark, at
  `performance.timeOrigin + mark.startTime`); this is what a user waits for;
- with WebDriver: from the session request to the overview seen by polling, an upper bound that
  includes the driver starting the browser engine.
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


def process_start(app: Path) -> float:
    """Epoch seconds at which the (only) running process of `app` started."""
    ticks = os.sysconf("SC_CLK_TCK")
    # Boot time to 10 ms from /proc/uptime (btime in /proc/stat is rounded to whole seconds).
    boot = time.time() - float(Path("/proc/uptime").read_text().split()[0])
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "exe").resolve() != app:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        return boot + int(fields[19]) / ticks  # field 22 of stat: starttime, in clock ticks
    raise RuntimeError(f"no running process of {app}")


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
        times, outer = [], []
        for i in range(opts.runs):
            start = time.monotonic()
            wd.start(app, [])
            try:
                rendered = wd.wait_for(
                    "the overview",
                    lambda: wd.execute(
                        "const m = performance.getEntriesByName('ai-exposure:first-overview')[0];"
                        "return m ? performance.timeOrigin + m.startTime : 0;"
                    ),
                    timeout=30,
                    interval=0.02,
                )
                outer.append(time.monotonic() - start)
                started = process_start(app)
                times.append(rendered / 1000 - started)
                origin = wd.execute("return performance.timeOrigin;") / 1000
                print(f"  process start → webview navigation {origin - started:.3f} s; navigation → overview {rendered / 1000 - origin:.3f} s", flush=True)
                print(f"run {i + 1}: start-up {times[-1]:.3f} s (with WebDriver {outer[-1]:.3f} s)", flush=True)
            finally:
                wd.quit()
        print(f"median start-up to first rendered overview: {statistics.median(times):.3f} s "
              f"(with WebDriver: {statistics.median(outer):.3f} s; {len(times)} runs)")
    finally:
        t.stop_driver(driver)
    return 0


if __name__ == "__main__":
    sys.exit(main())
