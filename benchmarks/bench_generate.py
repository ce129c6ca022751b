"""How fast `washer generate` builds and writes an extract, against baselines in the same run.

First the cost per call of small extracts, which `innreise_frames` pays for every
hypothesis example: the median time of a call at 10 and at 5,000 rows, each against
building a frame of 55 string columns of the same size directly with `pl.DataFrame`, and
the fixed and per-row cost the two sizes give. Then throughput at `--rows`, against polars
writing the same number of rows of constant strings (the floor for writing) and a
row-by-row Faker loop (what a naive generator costs), measured on a sample and extrapolated.

    python benchmarks/bench_generate.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
from faker import Faker

from washer.generate import generate_extract, write_extract
from washer.schema import INNREISER_FIELDS

REFERENCE = dt.date(2021, 3, 31)
FAKER_SAMPLE = 2_000
SMALL, LARGE = 10, 5_000  # rows per call
CALLS = {SMALL: 40, LARGE: 10}


def _timed(label: str, rows: int, seconds: float) -> float:
    print(f"{label:<58} {seconds:8.2f} s {rows / seconds:>12,.0f} rows/s")
    return seconds


def faker_loop(rows: int) -> None:
    """A naive generator: one Faker call per field and row (a handful of the 55 fields)."""
    fake = Faker("no_NO")
    fake.seed_instance(1)
    out = []
    for _ in range(rows):
        out.append(
            {
                "p_unique_id": fake.ssn(),
                "p_first_name": fake.first_name(),
                "p_last_name": fake.last_name(),
                "p_phone": fake.phone_number(),
                "p_email": fake.email(),
                "a_location_address": fake.street_address(),
                "a_date": fake.date(),
                "a_updated": fake.iso8601(),
            }
        )


def _median_seconds(call: Callable[[int], object], calls: int) -> float:
    times = []
    for i in range(calls):
        start = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def direct_frame(rows: int) -> pl.DataFrame:
    """The baseline: 55 string columns of ``rows`` distinct values, straight into polars."""
    values = [f"value {i}" for i in range(rows)]
    return pl.DataFrame({field: values for field in INNREISER_FIELDS})


def per_call() -> None:
    """Median time per call at SMALL and LARGE rows, against the direct frame."""
    start = time.perf_counter()
    generate_extract(SMALL, seed=0, reference_date=REFERENCE)
    first = time.perf_counter() - start
    print(f"first call in the process ({SMALL} rows, builds cached tables): {first * 1e3:.1f} ms")
    seconds = {}
    for rows in (SMALL, LARGE):
        direct_frame(rows)
        seconds[rows] = _median_seconds(
            lambda i, rows=rows: generate_extract(rows, seed=i, reference_date=REFERENCE),
            CALLS[rows],
        )
        floor = _median_seconds(lambda i, rows=rows: direct_frame(rows), CALLS[rows])
        print(
            f"generate_extract, {rows:>5,} rows: {seconds[rows] * 1e3:7.2f} ms per call "
            f"(median of {CALLS[rows]}) = {seconds[rows] / floor:5.1f}x "
            f"building 55 string columns directly ({floor * 1e3:.2f} ms)"
        )
    per_row = (seconds[LARGE] - seconds[SMALL]) / (LARGE - SMALL)
    fixed = seconds[SMALL] - SMALL * per_row
    print(f"  = about {fixed * 1e3:.1f} ms per call plus {per_row * 1e6:.1f} µs per row")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows

    per_call()
    generate_extract(1000, seed=1, reference_date=REFERENCE)  # warm caches and imports
    start = time.perf_counter()
    frame = generate_extract(rows, seed=1, reference_date=REFERENCE)
    build = _timed("generate_extract (in memory)", rows, time.perf_counter() - start)

    with tempfile.TemporaryDirectory() as tmp:
        timings = {}
        for suffix in (".parquet", ".csv"):
            start = time.perf_counter()
            write_extract(frame, Path(tmp) / f"extract{suffix}")
            timings[suffix] = _timed(f"write {suffix}", rows, time.perf_counter() - start)
        constant = pl.DataFrame(
            {f: pl.repeat("x" * 12, rows, eager=True) for f in INNREISER_FIELDS}
        )
        start = time.perf_counter()
        constant.write_csv(Path(tmp) / "constant.csv")
        floor = _timed(
            "baseline: polars CSV of constant strings", rows, time.perf_counter() - start
        )

    start = time.perf_counter()
    faker_loop(FAKER_SAMPLE)
    per_row = (time.perf_counter() - start) / FAKER_SAMPLE
    naive = _timed(
        f"baseline: Faker row loop, 8 fields ({FAKER_SAMPLE:,} extrapolated)", rows, per_row * rows
    )

    total = build + timings[".csv"]
    print()
    print(f"generate + write CSV: {total:.2f} s for {rows:,} rows ({rows / total:,.0f} rows/s)")
    print(f"  = {total / floor:.1f}x the time polars needs to write constant strings")
    print(f"  = {naive / total:.0f}x faster than a Faker row loop filling 8 of 55 fields")


if __name__ == "__main__":
    main()
