"""Leaks only visible row by row: a washed record that still carries its own person's values.

The wash keeps rows in order, so row *n* of a washed file is row *n* of its original. A common
first name or a common address may appear anywhere, but not in the record of the very person
it belonged to:

* an identifying cell equal (normalised) to the same cell of the original row; addresses and
  employers shared by many persons (common) excepted;
* first *and* last name both equal to the original's (one of them alone is chance: the pools
  are small);
* the original first and last name both written in another text cell of the row (free text,
  e-mail, address, employer, contact person).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from washer.audit._tables import Categories, Table, columns_of, flag, normal
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
    columns = [c for c in columns_of(original, categories, *wanted) if c in washed.frame.columns]
    findings = []
    for column in columns:
        cat = categories[column]
        frame = pl.DataFrame(
            {"o": normal(original, categories, column), "w": normal(washed, categories, column)}
        )
        mask = pl.col("o") == pl.col("w")
        shared = common.filter(pl.col("kind") == cat.value)["key"]
        if cat in (C.ADDRESS, C.EMPLOYER_NAME) and shared.len():
            mask = mask & ~pl.col("o").is_in(shared.implode())
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


def _text(table: Table, column: str) -> pl.Series:
    if column in table.frame.columns:
        return table.normal(column, "text")
    return pl.Series(column, [None] * table.rows, pl.String)


def _names(pair: Pair, categories: Categories, max_rows: int) -> list[Finding]:
    original, washed = pair
    first = columns_of(original, categories, C.FIRST_NAME)[:1]
    last = columns_of(original, categories, C.LAST_NAME)[:1]
    if not first or not last:
        return []
    f, la = first[0], last[0]
    texts = columns_of(washed, categories, *_TEXT_CATEGORIES)
    frame = pl.DataFrame(
        {
            "of": _text(original, f),
            "ol": _text(original, la),
            "wf": _text(washed, f),
            "wl": _text(washed, la),
            **{f"t.{c}": washed.normal(c, "text") for c in texts},
        }
    )
    findings = []
    n, rows = flag(frame, (pl.col("of") == pl.col("wf")) & (pl.col("ol") == pl.col("wl")), max_rows)
    if n:
        what = _plural(n, "record keeps", "records keep")
        findings.append(
            Finding(
                "leak", "name", washed.name, f"{f}, {la}", n, rows, f"{what} the original full name"
            )
        )
    for column in texts:
        padded = pl.lit(" ") + pl.col(f"t.{column}") + pl.lit(" ")
        has_first = padded.str.contains(pl.lit(" ") + pl.col("of") + pl.lit(" "), literal=True)
        has_last = padded.str.contains(pl.lit(" ") + pl.col("ol") + pl.lit(" "), literal=True)
        n, rows = flag(frame, has_first & has_last, max_rows)
        if n:
            what = _plural(n, "cell holds", "cells hold")
            findings.append(
                Finding(
                    "leak",
                    "name",
                    washed.name,
                    column,
                    n,
                    rows,
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
