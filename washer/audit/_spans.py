"""Numbers written in a run of several numbers, read by how each kind is usually grouped.

``rom 310 91234567``, ``+47 91234567 2`` and ``912 34 567 22 33 44 55`` are each one run of
digits; the numbers in them are the consecutive groups whose sizes spell a number as people
write it. Every start position is tried: a regular expression's non-overlapping matches would
let ``310 916 572`` hide ``916 572 417``.
"""

from __future__ import annotations

import polars as pl

SPELLINGS = {
    "8": "p", "3 2 3": "p", "2 2 2 2": "p", "4 4": "p",  # a Norwegian phone number
    "11": "i", "6 5": "i",  # an fnr or D-number
    "9": "o", "3 3 3": "o",  # an organisation number
}  # fmt: skip
"""Sizes of the groups of digits in which each kind of number is usually written, and the
space it is read in (``p`` phone, ``i`` id, ``o`` organisation number)."""
_WIDEST = max(len(shape.split()) for shape in SPELLINGS)


def spelled(runs: pl.LazyFrame, key: str) -> pl.LazyFrame:
    """(``key``, ``space``, ``d``): the numbers spelled inside each ``run`` of digits (``d``:
    their digits; ``key``: the column naming where the run came from, kept)."""
    groups = runs.select(
        key, rid=pl.int_range(pl.len(), dtype=pl.UInt32), g=pl.col("run").str.extract_all(r"\d+")
    ).explode("g")
    spans = []
    for width in range(1, _WIDEST + 1):
        parts = [pl.col("g").shift(-i) for i in range(width)]
        same = pl.col("rid").shift(-(width - 1)) == pl.col("rid")
        shape = pl.concat_str([p.str.len_bytes().cast(pl.String) for p in parts], separator=" ")
        span = groups.select(key, same=same, shape=shape, d=pl.concat_str(parts))
        spans.append(span.filter("same"))  # shifted first, then filtered
    read = pl.concat(spans).select(
        key, "d", space=pl.col("shape").replace_strict(SPELLINGS, default=None)
    )
    return read.drop_nulls("space")
