"""Leaks only visible row by row: a washed record that still carries its own person's values.

The wash keeps rows in order, so row *n* of a washed file is row *n* of its original. A common
first name or a common address may appear anywhere, but not in the record of the very person
it belonged to:

* an identifying cell equal (normalised) to the same cell of the original row; addresses and
  employers shared by many persons (common) excepted;
* first *and* last name both equal to the original's (one of them alone is chance: the pools
  are small);
* the original first and last name written together as a full name (either order, maybe with
  a comma or a middle initial between) in another text cell of the row (free text, e-mail,
  address, employer, contact person). Both names far apart are chance: a long text mentions
  other people, whose fakes come from the same small pools.

Cells are compared by the 64-bit codes of their normal forms (:meth:`Table.code`); names in
text are first looked up by word (codes of (cell, word) pairs), and only the few rows where
the first words of both names occur are compared as text.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from washer.audit import normalise as norm
from washer.audit._tables import Categories, Table, code, columns_of, combined, flag, hashed
from washer.audit.leaks import LABELS
from washer.audit.report import Finding
from washer.categories import IDENTIFYING, Category

C = Category
_TEXT_CATEGORIES = (C.FREE_TEXT, C.EMAIL, C.ADDRESS, C.EMPLOYER_NAME, C.CONTACT_PERSON)
Pair = tuple[Table, Table]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _kept(pair: Pair, categories: Categories, common: pl.DataFrame, max_rows: int) -> list[Finding]:
    original, washed = pair
    wanted = sorted(IDENTIFYING - {C.FIRST_NAME, C.LAST_NAME})
    columns = [c for c in columns_of(original, categories, *wanted) if c in washed.columns]
    findings = []
    for column in columns:
        cat = categories[column]
        # A placeholder id (``0``, ``ukjent``) is no personal data: the wash keeps it.
        before = code(original, categories, column)
        if cat is C.PERSON_ID:
            before = original.id_code(column)
        frame = pl.DataFrame({"o": before, "w": code(washed, categories, column)})
        mask = pl.col("o") == pl.col("w")
        shared = common.filter(pl.col("kind") == cat.value)["key"]
        if cat in (C.ADDRESS, C.EMPLOYER_NAME) and shared.len():
            mask = mask & ~pl.col("o").is_in(shared.hash().implode())
        n, rows = flag(frame, mask, max_rows)
        if n:
            label = LABELS.get(cat.value, cat.value).removeprefix("an ").removeprefix("a ")
            what = _plural(n, "cell keeps", "cells keep")
            findings.append(
                Finding(
                    "leak",
                    cat.value,
                    washed.name,
                    column,
                    n,
                    rows,
                    f"{what} the {label} of its own row",
                )
            )
    return findings


def _word_pairs(table: Table, column: str, names: pl.Series) -> pl.Series:
    """For each distinct cell and each word of its normal text that is one of the codes
    ``names``, a code of (cell, word): the set looked up is kept to the words that can match
    (building it costs more than reading each word's code)."""
    words = table.normal_map(column, "text").select(
        cell=pl.col("value").hash(), word=pl.col("new").str.split(" ")
    )
    coded = words.explode("word").select("cell", word=hashed(pl.col("word")))
    named = coded.filter(pl.col("word").is_in(names.implode()))
    return named.select(combined(pl.col("cell"), pl.col("word")))["cell"]


def _texts(table: Table, column: str, rows: pl.Series) -> pl.Series:
    """The normal text of a column at some rows (cheap for a few rows)."""
    return norm.text_values(table.frame[column].gather(rows))


def _full_name(first: pl.Expr, last: pl.Expr) -> pl.Expr:
    """A pattern of the full name written as one, in normal text: ``per hansen``, ``hansen per``
    (also ``Hansen, Per``), ``per o hansen`` (a middle initial). Normal words are letters and
    digits only, so they need no escaping."""
    first_last = first + pl.lit(r" (?:\p{L} )?") + last
    return pl.lit(" (?:") + first_last + pl.lit("|") + last + pl.lit(" ") + first + pl.lit(") ")


def _name_words(original: Table, first: str, last: str) -> pl.Series:
    """The distinct codes of the first words of the original first and last names."""
    both = pl.concat([original.first_word(first), original.first_word(last)])
    return both.drop_nulls().unique()


def _named_in_text(pair: Pair, first: str, last: str, column: str, names: pl.Series) -> pl.Series:
    """Rows (0-based) whose washed ``column`` holds the original first and last name written
    together as a full name (:func:`_full_name`).

    A row qualifies only if the first word of both names is a word of the cell: (cell, word)
    codes are looked up, both names' in one lookup; the few rows left are compared as text.
    ``names``: :func:`_name_words`, the only words of a cell worth a (cell, word) code.
    """
    original, washed = pair
    frame = pl.DataFrame(
        {
            "row": pl.int_range(original.rows, eager=True, dtype=pl.UInt32),
            "cell": washed.row_hashes(column),
            "f": original.first_word(first),
            "l": original.first_word(last),
        }
    ).drop_nulls()
    # One lookup for both names: the set of (cell, word) codes, every word of every distinct
    # cell, is built once, not once per name.
    codes = pl.concat([frame.select(combined(pl.col("cell"), pl.col(n))).to_series() for n in "lf"])
    held = codes.is_in(_word_pairs(washed, column, names).implode())
    rows = frame["row"].filter(held.head(frame.height) & held.tail(frame.height))
    if rows.is_empty():
        return rows
    padded = pl.lit(" ") + pl.col("t") + pl.lit(" ")
    check = pl.DataFrame(
        {
            "t": _texts(washed, column, rows),
            "f": _texts(original, first, rows),
            "l": _texts(original, last, rows),
        }
    ).select(padded.str.contains(_full_name(pl.col("f"), pl.col("l"))))
    return rows.filter(check.to_series().fill_null(False))


def _names(pair: Pair, categories: Categories, max_rows: int) -> list[Finding]:
    original, washed = pair
    first = columns_of(original, categories, C.FIRST_NAME)[:1]
    last = columns_of(original, categories, C.LAST_NAME)[:1]
    if not first or not last:
        return []
    f, la = first[0], last[0]
    findings = []
    if f in washed.columns and la in washed.columns:
        frame = pl.DataFrame(
            {
                "of": original.code(f, "text"),
                "ol": original.code(la, "text"),
                "wf": washed.code(f, "text"),
                "wl": washed.code(la, "text"),
            }
        )
        same = (pl.col("of") == pl.col("wf")) & (pl.col("ol") == pl.col("wl"))
        n, rows = flag(frame, same, max_rows)
        if n:
            what = _plural(n, "record keeps", "records keep")
            findings.append(
                Finding(
                    "leak",
                    "name",
                    washed.name,
                    f"{f}, {la}",
                    n,
                    rows,
                    f"{what} the original full name",
                )
            )
    names = _name_words(original, f, la)  # ``names`` of _named_in_text, read once
    for column in columns_of(washed, categories, *_TEXT_CATEGORIES):
        found = _named_in_text(pair, f, la, column, names)
        if found.len():
            what = _plural(found.len(), "cell holds", "cells hold")
            findings.append(
                Finding(
                    "leak",
                    "name",
                    washed.name,
                    column,
                    found.len(),
                    tuple(int(r) + 1 for r in found.head(max_rows)),
                    f"{what} the original first and last name of its own row",
                )
            )
    return findings


def own_row_leaks(
    pairs: Sequence[Pair], categories: Categories, common: pl.DataFrame, *, max_rows: int = 10
) -> list[Finding]:
    """Findings of each original/washed pair of the same length, row by row."""
    findings: list[Finding] = []
    for pair in pairs:
        findings += _kept(pair, categories, common, max_rows)
        findings += _names(pair, categories, max_rows)
    return findings
