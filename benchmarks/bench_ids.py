"""Benchmark: fake 1,000,000 distinct fødselsnumre with :class:`washer.ids.FakeIdMapper`.

Prints the time, fakes per second and collisions, next to two baselines measured in the same
run on the same column: a plain ``hashlib.blake2b`` per value loop (what a naive keyed
pseudonym costs in Python) and polars' built-in (unkeyed) ``hash`` of the column.
Then the same for passports (pattern-preserving) and organisation numbers, smaller counts.
Run: ``.venv/bin/python benchmarks/bench_ids.py [count]``.
"""

from __future__ import annotations

import hashlib
import sys
import time

import numpy as np
import polars as pl

from washer.ids import FakeIdMapper, classify_series
from washer.keys import Key
from washer.testing.id_columns import distinct_numbers


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    ids = distinct_numbers(count, seed=2026)
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

    others = {"passports": passports(count // 5), "orgnr": orgnrs(count // 5)}
    for name, values in others.items():
        start = time.perf_counter()
        if name == "orgnr":
            fakes = mapper.map_orgnr(values)
        else:
            fakes = mapper.map_person_ids(values)["fake"]
        took = time.perf_counter() - start
        clashes = len(values) - fakes.n_unique()
        print(
            f"{name + ':':<22} {len(values):,} in {took:.2f} s = {len(values) / took:,.0f}/s, "
            f"collisions {clashes}"
        )


def passports(count: int) -> pl.Series:
    """Distinct passport-like values in three patterns (letters+digits, digits only)."""
    rng = np.random.default_rng(5)
    letters = rng.integers(65, 91, (count, 2), dtype=np.uint8)
    digits = rng.integers(48, 58, (count, 7), dtype=np.uint8)
    matrix = np.concatenate([letters, digits], axis=1)
    third, two_thirds = count // 3, 2 * count // 3
    matrix[third:two_thirds, 1] = rng.integers(48, 58, two_thirds - third)  # A99999999
    matrix[two_thirds:, :2] = rng.integers(48, 58, (count - two_thirds, 2))  # 999999999
    text = matrix.tobytes().decode("ascii")
    return pl.Series([text[i : i + 9] for i in range(0, len(text), 9)]).unique()


def orgnrs(count: int) -> pl.Series:
    """Distinct valid organisation numbers."""
    prefixes = np.random.default_rng(6).choice(np.arange(80_000_000, 100_000_000), count, False)
    digits = np.stack([(prefixes // 10 ** (7 - i)) % 10 for i in range(8)], axis=-1)
    check = (11 - (digits @ np.array([3, 2, 7, 6, 5, 4, 3, 2])) % 11) % 11
    return pl.Series((prefixes * 10 + check)[check != 10]).cast(pl.String)


if __name__ == "__main__":
    main()
