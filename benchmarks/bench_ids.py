"""Benchmark: fake 1,000,000 distinct fødselsnumre with :class:`washer.ids.FakeIdMapper`.

Prints the time, fakes per second and collisions, next to two baselines measured in the same
run on the same column: a plain ``hashlib.blake2b`` per value loop (what a naive keyed
pseudonym costs in Python) and polars' built-in (unkeyed) ``hash`` of the column.
Run: ``.venv/bin/python benchmarks/bench_ids.py [count]``.
"""

from __future__ import annotations

import hashlib
import sys
import time

import numpy as np
import polars as pl

from washer.ids import FakeIdMapper, classify_series
from washer.ids._dated import FNR
from washer.ids._tables import USABLE, classic_check_digits, date_parts, form_sums
from washer.keys import Key


def distinct_fnr(count: int, seed: int = 2026) -> pl.Series:
    """``count`` distinct valid fødselsnumre born 1920-2019, drawn without per-row Python."""
    rng = np.random.default_rng(seed)
    first, last = np.datetime64("1920-01-01"), np.datetime64("2019-12-31")
    found = np.zeros(0, dtype=np.int64)
    while len(found) < count:
        n = 2 * count
        days = rng.integers(first.astype(int), last.astype(int) + 1, n)
        year, _, _ = date_parts(days)
        low = rng.integers(0, 500, n)  # 000-499: every year from 1900 to 1999
        high = rng.integers(500, 1000, n)  # 500-999: 2000-2039
        iii = np.where(year >= 2000, high, low)
        date1, date2 = form_sums(FNR, days)
        usable = USABLE[date1, date2, iii]
        k1, k2 = classic_check_digits(date1, date2, iii)
        _, month, day = date_parts(days)
        prefix = ((day * 100 + month) * 100 + year % 100) * 1000 + iii
        found = np.unique(np.concatenate([found, (prefix * 100 + k1 * 10 + k2)[usable]]))
    chosen = rng.permutation(found)[:count]
    return pl.Series("fnr", chosen).cast(pl.String).str.zfill(11)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    ids = distinct_fnr(count)
    assert (classify_series(ids) == "fnr").all()
    key = Key(bytes(range(32)))

    start = time.perf_counter()
    secret = key.derive("bench")
    hashed = [hashlib.blake2b(v.encode(), key=secret, digest_size=8).digest() for v in ids]
    blake_s = time.perf_counter() - start
    assert len(hashed) == count

    start = time.perf_counter()
    ids.hash(seed=1)
    polars_s = time.perf_counter() - start

    mapper = FakeIdMapper(key)
    start = time.perf_counter()
    result = mapper.map_person_ids(ids)
    washer_s = time.perf_counter() - start

    collisions = count - result["fake"].n_unique()
    kinds = classify_series(result["fake"]).value_counts(sort=True)
    print(f"distinct fnr:          {count:,}")
    print(f"FakeIdMapper:          {washer_s:.2f} s = {count / washer_s:,.0f} fakes/s")
    print(f"collisions:            {collisions}")
    print(f"unchanged values:      {(result['fake'] == ids).sum()}")
    print("fake kinds:            " + ", ".join(f"{k} {n:,}" for k, n in kinds.iter_rows()))
    print(f"baseline blake2b loop: {blake_s:.2f} s (mapper / loop = {washer_s / blake_s:.2f}x)")
    print(f"baseline polars hash:  {polars_s:.3f} s (mapper / hash = {washer_s / polars_s:.0f}x)")


if __name__ == "__main__":
    main()
