"""Small column helpers shared by the generator's modules.

Eager ``Series`` methods that polars implements as expressions (``gather``, ``str.*``,
``replace_strict``) run a whole query each, which dominates small extracts; these helpers
use the native ones (indexing, ``set``, ``cast``) instead.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.generate._random import BoolArray, IntArray

Array = TypeVar("Array", bound=npt.NDArray[Any])


def readonly(array: Array) -> Array:
    """``array``, read-only: a table cached for the process is shared by every call."""
    array.flags.writeable = False
    return array


@cache
def strings(values: tuple[str | None, ...]) -> pl.Series:
    """A constant table of strings, built once per process; index it, never modify it."""
    return pl.Series(values, dtype=pl.String)


def nulls(n: int) -> pl.Series:
    """``n`` missing strings."""
    return strings((None,)).new_from_index(0, n)


def repeated(text: str, n: int) -> pl.Series:
    """``text``, ``n`` times."""
    return strings((text,)).new_from_index(0, n)


def masked(values: pl.Series, keep: BoolArray) -> pl.Series:
    """``values`` where ``keep``, missing elsewhere."""
    if keep.all():  # common in small extracts; saves building a mask
        return values
    return values.set(pl.Series(~keep), None)


def day_text(days: IntArray) -> pl.Series:
    """Days since 1970-01-01 as ``YYYY-MM-DD``."""
    return pl.Series(days.astype("datetime64[D]")).cast(pl.String)


def offsets(sizes: IntArray) -> IntArray:
    """Start of each group in a flattened list of groups of these sizes."""
    return np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
