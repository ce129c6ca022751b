"""Benchmark ``washer audit`` on a real wash; prints figures and ratios to baselines.

Generates a production-shaped extract (``washer.generate``) as CSV, washes it with
``washer.wash`` (rules/innreise.toml, its own pre-publish audit switched off so it is not
measured twice), plants ONE original phone number in ONE free-text cell of the washed file, then
times, on the same files in the same run:

* the baselines: the wash itself (target: the audit takes no longer), and a polars read of the
  original and washed files (target: the audit takes at most 2.5 times as long);
* ``audit_paths`` with the rule file's categories (reading included).

The read and the audit are timed ``REPEATS`` times, alternating, and the best of each is
reported (other work on the machine only ever slows a run down). The audit must find the
planted phone number (exit 1 otherwise); anything else it finds is the wash's and is listed.
Usage: ``python benchmarks/bench_audit.py [ROWS [REPEATS]]`` (default 1,000,000 rows, 2).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from washer.audit import audit_paths, categories_from_rules, name_pools
from washer.audit._read import read_table
from washer.generate import generate_extract
from washer.keys import Key
from washer.wash import WashOptions, publish_unaudited, wash

RULES = Path(__file__).resolve().parents[1] / "rules" / "innreise.toml"


def _timed(what: Callable[[], object]) -> float:
    # What was written before (hundreds of megabytes) is flushed now, not while timed.
    os.sync()
    start = time.perf_counter()
    what()
    return time.perf_counter() - start


def main(rows: int, repeats: int) -> int:
    start = time.perf_counter()
    extract = generate_extract(rows, 2021, dt.date(2021, 3, 31))
    built = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp_name:
        tmp = Path(tmp_name)
        original, out = tmp / "extract.csv", tmp / "washed"
        extract.write_csv(original)
        options = WashOptions(
            rules=RULES,
            key=Key(bytes(range(32))),
            out_dir=out,
            reference_date=dt.date(2024, 5, 17),
            before_publish=publish_unaudited,
        )
        washing = _timed(lambda: wash([original], options))
        washed_file = out / "extract.csv"
        row = rows // 2
        phone = extract["p_phone"].drop_nulls()[0]
        washed = read_table(washed_file)
        cell = f"Ring meg på {phone} etter kl 15"
        column = washed["a_travel_method_extra"].scatter(row, cell)
        washed.with_columns(column.alias("a_travel_method_extra")).write_csv(washed_file)
        del washed
        categories = categories_from_rules(RULES)
        name_pools()  # loaded once per process; not part of either measurement
        reading = audit = float("inf")
        for _ in range(repeats):
            reading = min(
                reading,
                _timed(
                    lambda: (
                        pl.read_csv(original, infer_schema=False),
                        pl.read_csv(washed_file, infer_schema=False),
                    )
                ),
            )
            os.sync()
            start = time.perf_counter()
            report = audit_paths([original], out, categories=categories)
            audit = min(audit, time.perf_counter() - start)
    planted = [
        f for f in report.findings
        if f.kind == "phone" and f.column == "a_travel_method_extra" and row + 1 in f.rows
    ]  # fmt: skip
    caught = bool(planted)
    print(f"rows: {rows:,} (extract generated in {built:.1f} s, not timed)")
    print(f"baseline, washer wash (CSV in and out, no audit): {washing:.2f} s")
    print(f"baseline, polars read of the original and washed CSV: {reading:.2f} s")
    print(f"audit (read + all checks): {audit:.2f} s   (best of {repeats})")
    print(f"audit / wash: {audit / washing:.2f}   (target <= 1)")
    print(f"audit / polars read of both files: {audit / reading:.2f}   (target <= 2.5)")
    print(f"planted phone in free-text row {row + 1}: {'found' if caught else 'NOT FOUND'}")
    others = [f for f in report.findings if f not in planted]
    print(f"other findings (the wash's own, or a planted cell shared with one): {len(others)}")
    for finding in others[:12]:
        print(f"  {finding.line()}")
    for name, value in report.counts.items():
        print(f"  {name}: {value:,}")
    return 0 if caught else 1


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    sys.exit(main(rows, max(1, repeats)))
