"""Columns computed on the rows a gate lets through only are the columns computed on all rows."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from washer.rowpass import _on_rows_where

_TEXT = st.none() | st.sampled_from(["", "Storgata 12", "Kirkeveien 3B", "15.08.1985", "ab"])


@given(st.lists(st.tuples(_TEXT, st.integers(0, 9), st.booleans()), max_size=30))
def test_gated_columns_equal_the_columns_on_every_row(
    rows: list[tuple[str | None, int, bool]],
) -> None:
    frame = pl.DataFrame(
        rows, schema={"t": pl.String, "d": pl.Int64, "s": pl.Boolean}, orient="row"
    )
    gate = (pl.col("d") >= 5) | pl.col("s")
    # Each column is null where the gate does not hold, as _on_rows_where requires.
    columns = [
        pl.when(pl.col("d") >= 6).then(pl.col("t").str.slice(2)).alias("a"),
        pl.when(pl.col("s")).then(pl.col("t").str.to_uppercase()).alias("b"),
        pl.when(gate).then(pl.lit("x")).alias("c"),
    ]
    expected = frame.with_columns(columns)
    assert frame.with_columns(_on_rows_where(gate, columns)).equals(expected)
