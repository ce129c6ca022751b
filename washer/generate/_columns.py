"""Small column helpers shared by the generator's modules."""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.generate._random import BoolArray, IntArray


def masked(values: pl.Series, keep: BoolArray) -> pl.Series:
    """``values`` where ``keep``, missing elsewhere."""
    return pl.select(pl.when(pl.Series(keep)).then(values).otherwise(None)).to_series()


def day_text(days: IntArray) -> pl.Series:
    """Days since 1970-01-01 as ``YYYY-MM-DD``."""
    return pl.Series(days.astype("datetime64[D]")).cast(pl.String)


def offsets(sizes: IntArray) -> IntArray:
    """Start of each group in a flattened list of groups of these sizes."""
    return np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
