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


if __name__ == "__main__":
    main()
