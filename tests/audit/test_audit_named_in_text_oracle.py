"""The own-row name lookup keeps only the (cell, word) codes of words that are some row's
first or last name: the rows it finds are exactly those the lookup of every word found.

Oracle: :func:`washer.audit._own._named_in_text` as it was, kept here.
"""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit._own import _name_words, _named_in_text, _texts
from washer.audit._tables import Table, as_table, combined, hashed


def _old_word_pairs(table: Table, column: str) -> pl.Series:
    words = table.normal_map(column, "text").select(
        cell=pl.col("value").hash(), word=pl.col("new").str.split(" ")
    )
    return words.explode("word").select(combined(pl.col("cell"), hashed(pl.col("word"))))["cell"]


def _old_named_in_text(pair: tuple[Table, Table], first: str, last: str, column: str) -> pl.Series:
    original, washed = pair
    frame = pl.DataFrame(
        {
            "row": pl.int_range(original.rows, eager=True, dtype=pl.UInt32),
            "cell": washed.row_hashes(column),
            "f": original.first_word(first),
            "l": original.first_word(last),
        }
    ).drop_nulls()
    codes = pl.concat([frame.select(combined(pl.col("cell"), pl.col(n))).to_series() for n in "lf"])
    held = codes.is_in(_old_word_pairs(washed, column).implode())
    rows = frame["row"].filter(held.head(frame.height) & held.tail(frame.height))
    if rows.is_empty():
        return rows
    padded = pl.lit(" ") + pl.col("t") + pl.lit(" ")
    first_last = pl.col("f") + pl.lit(r" (?:\p{L} )?") + pl.col("l")
    pattern = pl.lit(" (?:") + first_last + pl.lit("|") + pl.col("l") + pl.lit(" ") + pl.col("f")
    check = pl.DataFrame(
        {
            "t": _texts(washed, column, rows),
            "f": _texts(original, first, rows),
            "l": _texts(original, last, rows),
        }
    ).select(padded.str.contains(pattern + pl.lit(") ")))
    return rows.filter(check.to_series().fill_null(False))


_NAME = st.sampled_from(["Per", "Kari", "Ola", "Hansen", "Berg", "Åse", "ola-per", None])
_WORD = st.sampled_from(["per", "KARI", "ola", "hansen", "berg", "ase", "ring", "12", "x", "@"])
_TEXT = st.one_of(st.none(), st.lists(_WORD, max_size=6).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_NAME, _NAME, _TEXT), min_size=1, max_size=25))
def test_the_rows_found_are_those_of_every_word(rows: list[tuple[str | None, ...]]) -> None:
    first, last, text = (list(c) for c in zip(*rows, strict=True))
    original = as_table(
        "o", pl.DataFrame({"f": first, "l": last}, schema=dict.fromkeys("fl", pl.String))
    )
    washed = as_table("w", pl.DataFrame({"t": text}, schema={"t": pl.String}))
    old = _old_named_in_text((original, washed), "f", "l", "t")
    original2 = as_table("o", original.frame)
    washed2 = as_table("w", washed.frame)
    names = _name_words(original2, "f", "l")
    new = _named_in_text((original2, washed2), "f", "l", "t", names)
    assert new.to_list() == old.to_list()
