"""Benchmark ``washer audit`` on a large wash; prints figures and the ratio to a baseline.

Builds a production-shaped extract (``washer.generate``), washes it with the stand-in wash
(``washer.testing.standin``), plants ONE original phone number in ONE free-text cell, writes
both as CSV, then times:

* the baseline: the wash itself when ``washer.wash`` provides ``wash_paths``, else a polars
  read of the same files;
* ``audit_paths`` on the same files (reading included).

The audit must find the planted phone number (exit 1 otherwise). Usage:
``python benchmarks/bench_audit.py [ROWS]`` (default 1,000,000).
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from washer.audit import audit_paths, name_pools
from washer.audit._read import read_table
from washer.generate import generate_extract
from washer.testing.standin import stand_in_wash


def _baseline(original: Path, washed_dir: Path) -> tuple[str, float]:
    try:
        wash = importlib.import_module("washer.wash")
    except ImportError:
        wash = None
    if wash is not None and hasattr(wash, "wash_paths"):  # pragma: no cover - once it lands
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            wash.wash_paths([original], Path(out))
            return "the wash (washer.wash.wash_paths)", time.perf_counter() - start
    start = time.perf_counter()
    pl.read_csv(original, infer_schema=False)
    for path in washed_dir.iterdir():
        pl.read_csv(path, infer_schema=False)
    return "a polars read of the same files", time.perf_counter() - start


def main(rows: int) -> int:
    start = time.perf_counter()
    extract = generate_extract(rows, seed=1, reference_date=dt.date(2021, 3, 31))
    built = time.perf_counter() - start
    start = time.perf_counter()
    washed = stand_in_wash(extract, seed=2)
    stand_in = time.perf_counter() - start
    row = rows // 2
    phone = extract["p_phone"].drop_nulls()[0]
    cell = f"Ring meg på {phone} etter kl 15"
    washed = washed.with_columns(
        washed["a_travel_method_extra"].scatter(row, cell).alias("a_travel_method_extra")
    )
    with tempfile.TemporaryDirectory() as tmp:
        original = Path(tmp) / "extract.csv"
        out = Path(tmp) / "washed"
        out.mkdir()
        extract.write_csv(original)
        washed.write_csv(out / "extract.csv")
        name_pools()  # built once per process; not part of either measurement
        what, baseline = _baseline(original, out)
        start = time.perf_counter()
        report = audit_paths([original], out)
        audit = time.perf_counter() - start
        start = time.perf_counter()
        read_table(original), read_table(out / "extract.csv")
        reading = time.perf_counter() - start
    found = [f for f in report.by_check("leak") if f.kind == "phone"]
    caught = bool(found) and found[0].rows == (row + 1,) and len(report.findings) == 1
    print(f"rows: {rows:,} (extract built in {built:.1f} s)")
    print(f"for reference, the stand-in wash (in memory, not the real wash): {stand_in:.2f} s")
    print(f"baseline, {what}: {baseline:.2f} s")
    print(f"audit (read + all checks): {audit:.2f} s, of which reading about {reading:.2f} s")
    print(f"ratio audit / baseline: {audit / baseline:.2f}")
    print(f"planted phone in free text row {row + 1}: {'found' if caught else 'NOT FOUND'}")
    for finding in report.findings[:10]:
        print(f"  finding: {finding.line()}")
    for name, value in report.counts.items():
        print(f"  {name}: {value:,}")
    return 0 if caught else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
