"""Writing new digits into the tail of strings, keeping everything before them."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._charmatrix import from_matrix, to_matrix, write_last_digits

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def replace_last_digits(
    s: pl.Series, count: I64, values: U64, digits_last: Bools | None = None
) -> pl.Series:
    """``s`` with its last ``count[i]`` digits replaced by ``values[i]`` (zero-padded).

    Where those digits are the last characters (``"004791234567"``, ``"0301-47-1-123"``) this is
    plain string slicing; other layouts (``"+47 912 34 567"``) go through the byte matrix.
    ``digits_last``: where the caller knows a value ends in its ``count`` digits (when all
    do, none is looked at).
    """
    frame = pl.DataFrame({"s": s, "n": count, "v": values})
    n = pl.col("n").cast(pl.Int64)
    length = pl.col("s").str.len_chars().cast(pl.Int64)
    tail = pl.col("s").str.slice(length - n)
    if digits_last is not None and digits_last.all():  # the usual column: no regex
        simple = digits_last
    else:
        found = frame.select(tail.str.contains("^[0-9]*$") & (tail.str.len_chars() == n))
        simple = found.to_series().to_numpy()
        if digits_last is not None:
            simple = simple | digits_last
    out = frame.select(
        pl.concat_str(
            [
                pl.col("s").str.slice(0, length - n),
                pl.col("v").cast(pl.String).str.zfill(n),
            ]
        )
    ).to_series()
    other = np.flatnonzero(~simple)
    if len(other):
        part = s.gather(other)
        m = write_last_digits(to_matrix(part), count[other], values[other])
        out.scatter(other, from_matrix(m, part))
    return out.alias(s.name)
