"""The production-shaped extract the wash benchmarks time, generated once per run."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path


def write_extract(rows: int, path: Path) -> None:
    """Generate ``rows`` rows (seed 2021) as CSV at ``path``, say so, and flush it to disk: the
    kernel still writing it out slowed the first timed run by up to a second."""
    from washer.generate import generate_extract  # polars loads here, after the caller's setup

    start = time.perf_counter()
    generate_extract(rows, 2021, dt.date(2021, 3, 31)).write_csv(path)
    print(
        f"extract: {rows:,} rows, {path.stat().st_size / 2**20:,.0f} MiB CSV "
        f"(generated in {time.perf_counter() - start:.1f} s, not timed)"
    )
    os.sync()
