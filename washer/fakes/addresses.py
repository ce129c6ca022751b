"""Fake Norwegian street addresses (``"Kirkeveien 12B"``) by seed."""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.fakes._draw import I64, below, null_where, stream
from washer.fakes._pools import pools
from washer.fakes.names import same_names

_LETTERS = pl.Series(["", "A", "B", "C", "D"])  # none, or a house letter


def _street(seeds: pl.Series, bump: I64 | None = None) -> pl.Series:
    p = pools()
    r, valid = stream(seeds, "street_root")
    x, _ = stream(seeds, "street_suffix")
    h, _ = stream(seeds, "house_number")
    letter_draw, _ = stream(seeds, "house_letter")
    root = p.street_roots.gather(pl.Series(below(r, len(p.street_roots))))
    suffix = p.street_suffixes.gather(pl.Series(below(x, len(p.street_suffixes))))
    # House numbers skew small, as in real streets: 1 + 150 * u^2 for u uniform in [0, 1).
    u = below(h, 1000)
    number = 1 + (u * u * 150) // 1_000_000
    if bump is not None:
        number = number + bump
    draw = below(letter_draw, 100)
    letter = _LETTERS.gather(pl.Series(np.where(draw < 15, draw % 4 + 1, 0)))
    text = pl.select(
        pl.concat_str([root, suffix, pl.lit(" "), pl.Series(number).cast(pl.String), letter])
    ).to_series()
    return null_where(text, valid, "street_address")


def street_addresses(seeds: pl.Series, *, avoid: pl.Series | None = None) -> pl.Series:
    """A street name, house number and sometimes a letter per seed; null where seed is null.

    ``avoid`` (optional, e.g. the original address): where the fake would equal it
    (case/accents/spacing ignored), the house number is one higher.
    """
    out = _street(seeds)
    if avoid is not None:
        same = same_names(out, avoid, numbered=True).to_numpy()
        if same.any():
            out = _street(seeds, same.astype(np.int64))
    return out.alias("street_address")
