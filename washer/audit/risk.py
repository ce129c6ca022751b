"""Re-identification risk: k-anonymity over the quasi-identifiers.

Records are grouped by their quasi-identifiers (reduced: birth date to the birth year, a person
id to the gender its digit encodes, a date-time to the date); a record in a class of fewer than
*k* records stands out. Measured on the washed data and, for comparison, on the originals: the
wash keeps attributes, so what it cannot hide shows up in both.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from washer.audit._tables import Categories, Table, category, combined, hashed
from washer.audit.report import ClassSizes, Finding, Risk
from washer.categories import Category

BUCKETS = ((1, 1), (2, 2), (3, 4), (5, 9), (10, 19), (20, 49), (50, 99), (100, None))


def _label(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")


def class_codes(table: Table, categories: Categories, columns: Sequence[str]) -> pl.Series:
    """One 64-bit class code per record: its reduced quasi-identifiers, combined (an empty
    value is a value of its own). Kept in the table: the originals' are computed before their
    cells are freed (:mod:`washer.audit._settle`) and asked for again by the risk."""
    signature = ",".join(f"{c}:{category(categories, c)}" for c in columns)
    return table.kept(("\0class", signature), lambda: _class_codes(table, categories, columns))


def _class_codes(table: Table, categories: Categories, columns: Sequence[str]) -> pl.Series:
    codes: list[pl.Series] = []
    for column in columns:
        cat = category(categories, column)
        if cat is Category.BIRTH_DATE:
            reduced = table.normal(column, "date").dt.year()
        elif cat is Category.EVENT_DATE:
            reduced = table.normal(column, "strip").str.slice(0, 10)
        elif cat is Category.PERSON_ID:  # the gender digit of an fnr or D-number
            key = table.normal(column, "id").to_frame("k")
            digit = pl.col("k").str.slice(8, 1).cast(pl.Int8, strict=False)
            gender = pl.when(digit % 2 == 0).then(pl.lit("F")).otherwise(pl.lit("M"))
            dated = pl.col("k").str.contains(r"^[0-7][0-9]{10}$")
            reduced = key.select(pl.when(dated).then(gender)).to_series()
        else:
            codes.append(table.code(column, "strip"))
            continue
        codes.append(reduced.to_frame("v").select(hashed(pl.col("v"))).to_series())
    frame = pl.DataFrame({f"q{i}": c for i, c in enumerate(codes)})
    return frame.select(combined(*(pl.col(c).fill_null(0) for c in frame.columns))).to_series()


def class_sizes(
    tables: Sequence[Table], categories: Categories, columns: Sequence[str], k: int
) -> ClassSizes:
    """Equivalence classes of all records of the tables over the (reduced) columns."""
    if columns:
        keys = pl.concat([class_codes(t, categories, columns) for t in tables])
        sizes = keys.to_frame("class").group_by("class").len()["len"]
    else:
        sizes = pl.Series([sum(t.rows for t in tables)])
    records = int(sizes.sum())
    below = int(sizes.filter(sizes < k).sum())
    histogram = tuple(
        (_label(low, high), int(sizes.filter(sizes.is_between(low, high or records)).sum()))
        for low, high in BUCKETS
    )
    return ClassSizes(
        records=records,
        classes=sizes.len(),
        smallest=int(sizes.min() or 0),  # type: ignore[arg-type]
        records_below_k=below,
        share_below_k=below / records if records else 0.0,
        histogram=histogram,
    )


def assess_risk(
    originals: Sequence[Table],
    washed: Sequence[Table],
    categories: Categories,
    *,
    quasi_identifiers: Sequence[str],
    k: int,
    max_share_below_k: float | None,
) -> tuple[Risk | None, list[Finding], list[str]]:
    """k-anonymity of both sides, a finding when the threshold is passed, and notes."""
    present = [q for q in quasi_identifiers if all(q in t.columns for t in washed)]
    notes = [
        f"quasi-identifier {q} is missing from the washed data; risk measured without it"
        for q in quasi_identifiers
        if q not in present
    ]
    if not present:
        return None, [], [*notes, "no quasi-identifiers present: risk not measured"]
    washed_sizes = class_sizes(washed, categories, present, k)
    original_sizes = None
    if originals and all(all(q in t.columns for q in present) for t in originals):
        original_sizes = class_sizes(originals, categories, present, k)
    risk = Risk(tuple(present), k, max_share_below_k, washed_sizes, original_sizes)
    findings = []
    if max_share_below_k is not None and washed_sizes.share_below_k > max_share_below_k:
        findings.append(
            Finding(
                "risk",
                "k_anonymity",
                "",
                ", ".join(present),
                washed_sizes.records_below_k,
                (),
                f"{washed_sizes.share_below_k:.1%} of washed records are in classes smaller "
                f"than k={k} (allowed: {max_share_below_k:.1%}; smallest class "
                f"{washed_sizes.smallest})",
            )
        )
    return risk, findings, notes
