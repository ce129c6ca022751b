"""Full names: no washed full name is an original full name of the run, nor holds one.

The wash draws fake names again where a fake full name (a traveller's first and last name, a
contact person) is some original full name of the run, or holds one as a run of its words
(``Martine Karen Nguyen`` holds ``Karen Nguyen``): :mod:`washer.fullnames`. Nothing
would be leaked, but a reader checking the output against the extract reads another
traveller's real name as a leak. This check holds the output to that guarantee.

Names are compared in the wash's word form (:func:`washer.fullnames.words_form`: case,
accents, mojibake, hyphens and commas do not matter; ``Hansen, Per`` is ``hansen per``, its
words in the order written), not in the audit's text form. The two fold a few rare
spellings apart: the text form parts letters from digits and folds full-width letters and
the accents of other scripts, where the word form does not (both read a word parted by a soft
hyphen or a zero-width space as one). Folded either way, a correct wash would be refused (an
original written oddly equals a fake in the text form only) or a broken one passed.

Whole columns on distinct values: the originals' distinct full names once, the washed
distinct full names (distinct pairs of first and last name) joined against them; rows are
looked up only for the few names found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from washer.audit._tables import Categories, Table, columns_of
from washer.audit.report import Finding
from washer.categories import Category
from washer.fullnames import inner_runs, words_form

C = Category
_FULL = "full"


@dataclass(frozen=True)
class NameColumns:
    """A table's columns that hold full names: its first and last name (the first column of
    each, as the row-by-row checks read them) and its contact persons."""

    pair: tuple[str, str] | None
    whole: tuple[str, ...]

    @staticmethod
    def of(table: Table, categories: Categories) -> NameColumns:
        first = columns_of(table, categories, C.FIRST_NAME)[:1]
        last = columns_of(table, categories, C.LAST_NAME)[:1]
        pair = (first[0], last[0]) if first and last else None
        return NameColumns(pair, tuple(columns_of(table, categories, C.CONTACT_PERSON)))


def _word_forms(values: pl.Series) -> pl.DataFrame:
    """``value`` -> ``form``: the word form of each distinct value."""
    distinct = values.drop_nulls().unique().to_frame("value")
    return distinct.with_columns(words_form(pl.col("value")).alias("form"))


def distinct_pairs(table: Table, first: str, last: str) -> pl.DataFrame:
    """(first, last): each distinct pair of a first and a last name (both present), in no
    particular order.

    Found by the 64-bit hashes of the cells, the two put together in 128 bits (the strings
    of a million rows are not grouped) where no two distinct names of either column share a
    hash, which makes the pair of hashes as exact as the pair of names; by the names else.
    """
    pairs = table.frame.select(first, last)
    if any(table.distinct(c).hash().is_duplicated().any() for c in (first, last)):
        return pairs.drop_nulls().unique()
    wide = pl.UInt128
    key = pl.col("f").cast(wide) * pl.lit(1 << 64, wide) + pl.col("l").cast(wide)
    codes = pl.DataFrame({"f": table.row_hashes(first), "l": table.row_hashes(last)})
    kept = codes.select(key.is_first_distinct() & key.is_not_null()).to_series()
    return pairs.filter(kept)


def _pair_forms(table: Table, first: str, last: str) -> pl.DataFrame:
    """(first, last, full): each distinct pair of a first and a last name and its full name in
    word form. Each name is put in word form once per distinct name (few, where the pairs
    are many); the word form of ``first + " " + last`` is the two joined by a space."""
    pairs = distinct_pairs(table, first, last)
    firsts = _word_forms(pairs[first]).rename({"value": first, "form": "f"})
    lasts = _word_forms(pairs[last]).rename({"value": last, "form": "l"})
    joined = pairs.join(firsts, on=first).join(lasts, on=last)
    # A name with no letters has no words: the other one is the full name alone.
    full = pl.concat_str(["f", "l"], separator=" ").str.strip_chars(" ")
    return joined.select(first, last, full.alias(_FULL))


def original_full_names(tables: Sequence[Table], categories: Categories) -> pl.DataFrame:
    """The run's distinct original full names of two words or more (a name of one word is
    nobody's full name), in word form: one column, ``full``. Read before the originals'
    cells are freed."""
    found = [pl.DataFrame(schema={_FULL: pl.String})]
    for table in tables:
        columns = NameColumns.of(table, categories)
        if columns.pair is not None:
            found.append(_pair_forms(table, *columns.pair).select(_FULL))
        for column in columns.whole:
            found.append(_word_forms(table.distinct(column)).select(pl.col("form").alias(_FULL)))
    names = pl.concat(found).filter(pl.col(_FULL).str.contains(" ", literal=True))
    return names.unique()


def held_full_names(forms: pl.DataFrame, taken: pl.DataFrame) -> pl.Series:
    """The ``id`` of each full name (``id``, ``full``) that is one of ``taken`` or holds one
    as a run of two or more of its words: what the wash rules out."""
    runs = inner_runs(forms[_FULL])
    ids = forms["id"].gather(runs["at"])
    probes = pl.concat([forms.select("id", _FULL), runs.select(ids.alias("id"), _FULL)])
    return probes.join(taken, on=_FULL, how="semi")["id"].unique()


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _finding(table: Table, column: str, rows: pl.Series, what: str, max_rows: int) -> Finding:
    n = rows.len()
    return Finding(
        "leak",
        "full_name",
        table.name,
        column,
        n,
        tuple(int(r) + 1 for r in rows.head(max_rows)),
        f"{what} an original full name of the run, or holds one",
    )


def _pair_finding(
    table: Table, first: str, last: str, taken: pl.DataFrame, max_rows: int
) -> tuple[list[Finding], int]:
    forms = _pair_forms(table, first, last).with_row_index("id")
    held = held_full_names(forms, taken)
    if held.is_empty():
        return [], forms.height
    found = forms.filter(pl.col("id").is_in(held.implode())).select(first, last)
    rows = (
        table.frame.select(first, last)
        .with_row_index("row")
        .join(found, on=[first, last], how="semi")["row"]
        .sort()
    )
    what = _plural(
        rows.len(), "record's first and last name are", "records' first and last names are"
    )
    return [_finding(table, f"{first}, {last}", rows, what, max_rows)], forms.height


def _whole_finding(
    table: Table, column: str, taken: pl.DataFrame, max_rows: int
) -> tuple[list[Finding], int]:
    forms = _word_forms(table.distinct(column)).rename({"form": _FULL}).with_row_index("id")
    held = held_full_names(forms, taken)
    if held.is_empty():
        return [], forms.height
    values = forms.filter(pl.col("id").is_in(held.implode()))["value"]
    rows = table.frame[column].is_in(values.implode()).fill_null(False).arg_true()
    what = _plural(rows.len(), "cell is", "cells are")
    return [_finding(table, column, rows, what, max_rows)], forms.height


def full_name_findings(
    taken: pl.DataFrame,
    tables: Sequence[Table],
    categories: Categories,
    *,
    max_rows: int = 10,
) -> tuple[list[Finding], dict[str, int]]:
    """Findings per washed (file, full-name columns) whose full name is one of ``taken``
    (:func:`original_full_names`) or holds one, and how many distinct full names were read."""
    findings: list[Finding] = []
    compared = 0
    for table in tables:
        columns = NameColumns.of(table, categories)
        if columns.pair is not None:
            found, n = _pair_finding(table, *columns.pair, taken, max_rows)
            findings += found
            compared += n
        for column in columns.whole:
            found, n = _whole_finding(table, column, taken, max_rows)
            findings += found
            compared += n
    return findings, {"distinct washed full names compared": compared}


__all__ = ["NameColumns", "full_name_findings", "held_full_names", "original_full_names"]
