"""Scenario (l) of test_desktop.py, one module per part, run in this order on one app session at
1024 x 700. Each module has `checks(wd, run, ctx)`: `wd` the WebDriver of test_desktop.py, `run`
its Run (run.check(name, fn)), ctx = {application, sample, exposure (`exposure --json` of the
sample), shots (a screenshot directory or None), data_dir, work}."""

from . import layout, overview, whatif, dealmap

PARTS = [layout, overview, dealmap, whatif]
