"""A string column's UTF-8 bytes in numpy, for reading values of a simple shape directly."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

I64 = npt.NDArray[np.int64]


class ValueBytes:
    """The UTF-8 bytes of a column's values, one after another (a null as no bytes)."""

    def __init__(self, s: pl.Series) -> None:
        self.sizes: I64 = s.str.len_bytes().fill_null(0).to_numpy().astype(np.int64)
        joined = s.str.join("").item() if s.null_count() < len(s) else ""
        self.flat = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
        self.starts: I64 = np.cumsum(self.sizes) - self.sizes

    def plain(self) -> npt.NDArray[np.bool_]:
        """Which values are ASCII digits after at most a leading ``+`` (and which are null
        or empty)."""
        odd = (self.flat - np.uint8(ord("0"))) >= 10  # unsigned: below "0" wraps round
        full = self.sizes > 0
        lead = self.starts[full]
        odd[lead] &= self.flat[lead] != ord("+")
        found = np.zeros(len(self.sizes), dtype=np.bool_)
        if len(lead):  # each value's bytes run from its start to the next value's
            found[full] = np.logical_or.reduceat(odd, lead)
        return ~found

    def at(self, k: int | I64) -> I64:
        """Each value's byte at ``k`` (-1 past its end)."""
        inside = k < self.sizes
        if not len(self.flat):
            return np.full(len(self.sizes), -1, dtype=np.int64)
        found = self.flat[np.where(inside, self.starts + k, 0)].astype(np.int64)
        return np.where(inside, found, -1)


__all__ = ["ValueBytes"]
