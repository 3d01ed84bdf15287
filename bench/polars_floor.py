#!/usr/bin/env python3
"""The floor for BENCHMARKS.md: polars' own multi-threaded CSV read of the file, nothing else."""
import sys
import time

import polars as pl

t0 = time.perf_counter()
df = pl.read_csv(sys.argv[1], infer_schema_length=0)
print(f"rows={df.height} seconds={time.perf_counter() - t0:.3f}")
