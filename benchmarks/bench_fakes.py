"""Throughput of washer.fakes on 1,000,000 values, against baselines measured in the same run.

Baselines: ``pl.Series.str.to_uppercase`` on the same column (a cheap vectorised string pass)
and, for the keyed hash, a plain ``hashlib.blake2b`` loop over the same values. Ratios are
``function time / baseline time``: how many uppercase passes a function costs.

Run: ``.venv/bin/python benchmarks/bench_fakes.py [n]`` (default 1,000,000).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable

import numpy as np
import polars as pl

from washer.fakes import (
    company_addresses,
    company_names,
    derive_seeds,
    fake_emails,
    fake_phones,
    fake_reference_codes,
    first_names,
    full_names,
    keyed_hash64,
    known_values,
    last_names,
    normalize_name,
    normalize_phone,
    scrub_text,
    street_addresses,
)

KEY = bytes(range(32))


def best(fn: Callable[[], object], repeat: int = 2) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def upper(s: pl.Series) -> float:
    return best(lambda: s.str.to_uppercase())


def report(name: str, n: int, seconds: float, baseline: float, what: str) -> None:
    rate = n / seconds / 1e6
    print(f"{name:<24} {seconds:7.3f} s  {rate:6.2f} M/s  {seconds / baseline:6.1f} x {what}")


def main(n: int) -> None:
    rng = np.random.default_rng(2024)
    print(f"washer.fakes on {n:,} values (ratios against baselines measured in this run)\n")

    ids = pl.Series("id", [f"{x:011d}" for x in rng.integers(0, 10**11, n)])
    t_blake = best(
        lambda: [
            hashlib.blake2b(v.encode(), key=KEY, digest_size=8).digest() for v in ids.to_list()
        ],
        repeat=1,
    )
    print(f"{'baseline blake2b loop':<24} {t_blake:7.3f} s  {n / t_blake / 1e6:6.2f} M/s")
    t_up = upper(ids)
    print(f"{'baseline to_uppercase':<24} {t_up:7.3f} s  {n / t_up / 1e6:6.2f} M/s\n")
    report("keyed_hash64", n, best(lambda: keyed_hash64(ids, KEY), 1), t_blake, "blake2b loop")

    seeds = keyed_hash64(ids, KEY)
    female = pl.Series(rng.integers(0, 2, n).astype(bool))
    t_seed_up = upper(ids)
    for name, fn in [
        ("derive_seeds", lambda: derive_seeds(seeds, "first_name")),
        ("first_names", lambda: first_names(seeds, female)),
        ("last_names", lambda: last_names(seeds, female=female)),
        ("full_names", lambda: full_names(seeds, female)),
        ("street_addresses", lambda: street_addresses(seeds)),
        ("company_names", lambda: company_names(seeds)),
        ("company_addresses", lambda: company_addresses(seeds)),
    ]:
        report(name, n, best(fn), t_seed_up, "to_uppercase of 1M ids")
    first, last = first_names(seeds, female), last_names(seeds)
    report("fake_emails", n, best(lambda: fake_emails(first, last, seeds)), t_seed_up, "upper")
    names = full_names(derive_seeds(seeds, "x"), None)
    report("normalize_name", n, best(lambda: normalize_name(names)), upper(names), "upper")

    national = rng.integers(0, 10**7, n)
    cls = rng.choice(np.array(["4", "9", "2", "5"]), n)
    layout = rng.integers(0, 3, n)
    phones = pl.Series(
        "phone",
        [
            f"+47 {c}{x:07d}" if k == 0 else f"0047{c}{x:07d}" if k == 1 else f"{c}{x:07d}"
            for c, x, k in zip(cls, national, layout, strict=True)
        ],
    )
    t_ph = upper(phones)
    report("normalize_phone", n, best(lambda: normalize_phone(phones)), t_ph, "upper")
    report("fake_phones", n, best(lambda: fake_phones(phones, KEY)), t_ph, "upper")

    codes = pl.Series("ref", [f"{k:04d}-47-{m}-{s:08d}" for k, m, s in zip(
        rng.integers(0, 5000, n), rng.integers(1, 5, n), rng.integers(0, 10**8, n), strict=True
    )])  # fmt: skip
    report(
        "fake_reference_codes",
        n,
        best(lambda: fake_reference_codes(codes, KEY)),
        upper(codes),
        "upper",
    )

    texts, own, known = free_text(rng, n, first, last, phones)
    t_tx = upper(texts)
    # The wash builds the run's lookup tables once and scrubs every batch against them.
    report("known_values", len(known[0][0]), best(lambda: known_values(known)), t_tx, "upper")
    known_table = known_values(known)
    t_scrub = best(
        lambda: scrub_text(
            texts,
            own=own,
            known=known_table,
            id_mapper=lambda s: s.str.reverse(),
            phone_key=KEY,
            email_fallback=lambda s: s.str.reverse(),
        ),
        repeat=1,
    )
    report("scrub_text", n, t_scrub, t_tx, "upper")


def free_text(
    rng: np.random.Generator, n: int, first: pl.Series, last: pl.Series, phones: pl.Series
) -> tuple[pl.Series, list[tuple[pl.Series, pl.Series]], list[tuple[pl.Series, pl.Series]]]:
    """Texts like innreise free-text fields: mostly flight numbers, hotels and remarks; 10 %
    mention the row's own name or phone, 5 % another person's name."""
    common = np.array(
        [
            "Fly SK4321 fra Gdańsk",
            "Bil via Svinesund",
            "Thon Hotel Oslo Airport",
            "Ferje Kiel-Oslo 12.03.2021",
            "Buss fra Vilnius, sete 14B",
            "Arbeidsreise, karantene på brakke",
            "Scandic Solli, rom 214",
            "",
        ]
    )
    base = common[rng.integers(0, len(common), n)]
    kind = rng.random(n)
    first_l, last_l, phones_l = first.to_list(), last.to_list(), phones.to_list()
    other = rng.integers(0, n, n)
    texts = [
        f"{b}, kontakt {first_l[i]} {last_l[i]}"
        if k < 0.05
        else f"{b}. Ring {phones_l[i]}"
        if k < 0.10
        else f"{b}. Reiser med {first_l[other[i]]}"
        if k < 0.15
        else str(b)
        for i, (b, k) in enumerate(zip(base, kind, strict=True))
    ]
    fake_first = first_names(derive_seeds(pl.Series(np.arange(n, dtype=np.uint64)), "f"), None)
    fake_last = last_names(derive_seeds(pl.Series(np.arange(n, dtype=np.uint64)), "l"))
    own = [
        (first, fake_first),
        (last, fake_last),
        (phones, fake_phones(phones, KEY)),
    ]
    known = [(first.unique(), first_names(keyed_hash64(first.unique(), KEY), None))]
    return pl.Series("text", texts), own, known


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
