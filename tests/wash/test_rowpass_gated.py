"""Columns computed on the rows a gate lets through only are the columns computed on all rows;
the gates counted on the scrub's view of the texts are the gates counted per column; the rows
made contiguous are the rows."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from washer.dates import parse_dates, strftime_days
from washer.fakes._textview import TextView
from washer.rowpass import _DIGITS, _SHORT, _contiguous, _written_pairs, text_gates
from washer.written import STREET_WORD

_TEXT = st.none() | st.sampled_from(["", "Storgata 12", "Kirkeveien 3B", "15.08.1985", "ab"])


def _gates(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(pl.col("d").alias(_DIGITS), pl.col("s").alias(_SHORT))


@given(st.lists(st.tuples(_TEXT, st.integers(0, 9), st.booleans()), max_size=30))
def test_gated_columns_equal_the_columns_on_every_row(
    rows: list[tuple[str | None, int, bool]],
) -> None:
    frame = pl.DataFrame(
        rows, schema={"t": pl.String, "d": pl.Int64, "s": pl.Boolean}, orient="row"
    )
    digits, short = pl.col(_DIGITS), pl.col(_SHORT)
    # Each column is null where its group's gate does not hold, as _written_pairs requires.
    numbers = [
        pl.when(digits >= 6).then(pl.col("t").str.slice(2)).alias("a"),
        pl.when(digits >= 5).then(pl.col("t").str.to_uppercase()).alias("b"),
    ]
    streets = [
        pl.when(short).then(pl.col("t").str.to_uppercase()).alias("c"),
        pl.when(short).then(pl.lit("x")).alias("e"),
    ]
    forms = [(digits >= 5, numbers), (short, streets)]
    pairs = _written_pairs(frame.select("t"), _gates(frame), forms)
    expected = frame.with_columns(_gates(frame)).select(*numbers, *streets)
    got = pl.DataFrame([s for pair in pairs for s in pair])
    assert got.equals(expected)


_DATES = st.none() | st.sampled_from(["1985-08-15", "2001-01-02", "15.08.1985", "x", ""])


@given(st.lists(st.tuples(_DATES, st.integers(0, 9)), max_size=30))
def test_gated_columns_sharing_a_part_equal_the_columns_on_every_row(
    rows: list[tuple[str | None, int]],
) -> None:
    # The birth date's written forms: one parsed date (a Python function) in three columns,
    # computed once for all of them.
    frame = pl.DataFrame(rows, schema={"t": pl.String, "d": pl.Int64}, orient="row")
    frame = frame.with_columns(pl.lit(False).alias("s"))
    gate = pl.col(_DIGITS) >= 5
    parsed = pl.when(pl.col(_DIGITS) >= 6).then(parse_dates(pl.col("t")))
    forms = ("%d.%m.%Y", "%d.%m.%y", "%d%m%y", "%d%m%Y")
    # As the row pass writes them (each day formatted once), gated; expected: strftime on
    # every row, null outside the gate.
    columns = [strftime_days(parsed, form).alias(f"f{i}") for i, form in enumerate(forms)]
    pairs = _written_pairs(frame.select("t"), _gates(frame), [(gate, columns)])
    expected = frame.with_columns(_gates(frame)).select(
        pl.when(gate).then(parsed.dt.strftime(form)).alias(f"f{i}") for i, form in enumerate(forms)
    )
    assert pl.DataFrame([s for pair in pairs for s in pair]).equals(expected)


# Digits (ASCII and not), street words and their look-alikes, e-mails, separators, non-ASCII.
_WORDS = [
    "Storgt. 12", "Kirkevn 3", "Torgpl", "gt", "GT.", "nr. 5", "NO 7", "nr5", "Nr.\u00a012",
    "bygt", "gtx", "ola@x.no", "0150", "15.08.1985", "\u0663\u0664", "\uff11\uff12", "Å",
    "ø", "\u00ad", "-", ",", " ", "\n", "",
]  # fmt: skip
_TEXTS = (
    st.none() | st.lists(st.sampled_from(_WORDS), max_size=5).map("".join) | st.text(max_size=6)
)


@given(st.lists(st.lists(_TEXTS, min_size=3, max_size=3), max_size=25))
def test_gates_from_the_view_equal_the_gates_per_column(rows: list[list[str | None]]) -> None:
    frame = pl.DataFrame(rows, schema=dict.fromkeys("abc", pl.String), orient="row")
    # The row pass's former gates: per column expressions over every row.
    expected = frame.select(
        pl.sum_horizontal(pl.col(c).str.count_matches("[0-9]").fill_null(0) for c in "abc")
        .cast(pl.Int64)
        .alias(_DIGITS),
        pl.any_horizontal(
            pl.col(c).str.contains(STREET_WORD).fill_null(False) for c in "abc"
        ).alias(_SHORT),
    )
    # As the scrub stacks them: each column's filled texts in turn, with their rows.
    positions = [frame[c].is_not_null().arg_true() for c in "abc"]
    texts = pl.concat([frame[c].gather(p) for c, p in zip("abc", positions, strict=True)])
    rows_of = pl.concat(positions).to_numpy().astype(np.int64)
    got = text_gates(TextView.of(texts), rows_of, frame.height)
    assert got.equals(expected)


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
