"""Fake Norwegian street addresses (``"Kirkeveien 12B"``) by seed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from washer.fakes._draw import I64, U64, below, null_where, stream
from washer.fakes._pools import pools
from washer.fakes.names import NO_NUMBER, last_numbers, same_names

ADDRESS_NUMBER = "address_number"
"""The column of a fake table holding its addresses' last numbers, when it comes with them."""

_LETTERS = pl.Series(["", "A", "B", "C", "D"])  # none, or a house letter


def _street(seeds: pl.Series, number: I64) -> pl.Series:
    """The addresses of ``seeds`` with their house ``number`` (:func:`_house_numbers`, or one
    more)."""
    p = pools()
    r, valid = stream(seeds, "street_root")
    x, _ = stream(seeds, "street_suffix")
    letter_draw, _ = stream(seeds, "house_letter")
    root = p.street_roots.gather(pl.Series(below(r, len(p.street_roots))))
    suffix = p.street_suffixes.gather(pl.Series(below(x, len(p.street_suffixes))))
    draw = below(letter_draw, 100)
    letter = _LETTERS.gather(pl.Series(np.where(draw < 15, draw % 4 + 1, 0)))
    text = pl.select(
        pl.concat_str([root, suffix, pl.lit(" "), pl.Series(number).cast(pl.String), letter])
    ).to_series()
    return null_where(text, valid, "street_address")


def _house_numbers(seeds: pl.Series) -> I64:
    """House numbers skew small, as in real streets: 1 + 150 * u^2 for u uniform in [0, 1)."""
    h, _ = stream(seeds, "house_number")
    u = below(h, 1000)
    number: I64 = 1 + (u * u * 150) // 1_000_000
    return number


@dataclass(frozen=True)
class Numbered:
    """Addresses to avoid with their :func:`~washer.fakes.names.last_numbers`, known
    already (from the distinct originals, say)."""

    values: pl.Series
    numbers: U64

    def gather(self, rows: I64) -> Numbered:
        """The addresses of ``rows``."""
        return Numbered(self.values.gather(rows), self.numbers[rows])


def street_addresses(seeds: pl.Series, *, avoid: pl.Series | Numbered | None = None) -> pl.Series:
    """A street name, house number and sometimes a letter per seed; null where seed is null.

    ``avoid`` (optional, e.g. the original address, or it with its last numbers): where the
    fake would equal it (case/accents/spacing ignored), the house number is one higher.
    """
    return street_addresses_numbered(seeds, avoid=avoid).values


def street_addresses_numbered(
    seeds: pl.Series, *, avoid: pl.Series | Numbered | None = None
) -> Numbered:
    """:func:`street_addresses` with their :func:`~washer.fakes.names.last_numbers`: the
    house numbers as drawn (no street name holds a digit), not found in the text again."""
    numbers = _house_numbers(seeds)
    out = _street(seeds, numbers)
    if avoid is not None:
        values, avoided = (
            (avoid.values, avoid.numbers)
            if isinstance(avoid, Numbered)
            else (avoid, last_numbers(avoid))
        )
        # A fake's last run of digits is its house number: only an avoided address that
        # ends in that number can be the fake.
        maybe = np.flatnonzero(avoided == numbers.astype(np.uint64))
        equal = same_names(out.gather(maybe), values.gather(maybe), numbered=True).to_numpy()
        same = maybe[equal]
        if len(same):
            # Each address is its seed's alone: only these are drawn again.
            numbers[same] += 1
            out = out.scatter(same, _street(seeds.gather(same), numbers[same]))
    # Null where the seed is (the address is then null: it has no number).
    last = np.where(seeds.is_not_null().to_numpy(), numbers.astype(np.uint64), NO_NUMBER)
    return Numbered(out.alias("street_address"), last)
