"""Columns computed on the rows a gate lets through only are the columns computed on all rows;
the rows made contiguous are the rows."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from washer.dates import parse_dates, strftime_days
from washer.rowpass import _contiguous, _on_rows_where

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


_DATES = st.none() | st.sampled_from(["1985-08-15", "2001-01-02", "15.08.1985", "x", ""])


@given(st.lists(st.tuples(_DATES, st.integers(0, 9)), max_size=30))
def test_gated_columns_sharing_a_part_equal_the_columns_on_every_row(
    rows: list[tuple[str | None, int]],
) -> None:
    # The birth date's written forms: one parsed date (a Python function) in three columns,
    # computed once for all of them.
    frame = pl.DataFrame(rows, schema={"t": pl.String, "d": pl.Int64}, orient="row")
    gate = pl.col("d") >= 5
    parsed = pl.when(pl.col("d") >= 6).then(parse_dates(pl.col("t")))
    forms = ("%d.%m.%Y", "%d.%m.%y", "%d%m%y")
    # As the row pass writes them (each day formatted once), gated; expected: strftime on
    # every row, null outside the gate.
    columns = [strftime_days(parsed, form).alias(f"f{i}") for i, form in enumerate(forms)]
    expected = frame.with_columns(
        pl.when(gate).then(parsed.dt.strftime(form)).alias(f"f{i}") for i, form in enumerate(forms)
    )
    assert frame.with_columns(_on_rows_where(gate, columns)).equals(expected)


_CHUNK = st.lists(st.tuples(st.none() | st.text(max_size=3), st.integers(0, 9)), max_size=8)


@given(st.lists(_CHUNK, min_size=1, max_size=4), st.sets(st.sampled_from(["t", "n"])))
def test_contiguous_rows_are_the_rows(
    chunks: list[list[tuple[str | None, int]]], wanted: set[str]
) -> None:
    schema = {"t": pl.String, "n": pl.Int64}
    parts = [pl.DataFrame(chunk, schema=schema, orient="row") for chunk in chunks]
    rows = pl.concat(parts, rechunk=False)
    columns = sorted(wanted)
    contiguous = _contiguous(rows, columns)
    assert contiguous.equals(rows)
    assert contiguous.columns == rows.columns
    for name in rows.columns:
        expected = 1 if name in wanted else rows[name].n_chunks()
        assert contiguous[name].n_chunks() == expected
