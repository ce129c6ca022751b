"""Coherence: one person, one set of fakes, and ids that relate as the originals did.

Row by row over every original/washed pair (the wash keeps rows in order):

* ``one_fake``: the same original value (normalised) of the same person got more than one
  fake in a column, within a file or across files; employer columns (organisation number,
  employer name, contact person, ``*employer*``) belong to the employer (the original
  organisation number) rather than the traveller, reference codes to the trip;
* ``shared_fake``: different original ids (or reference codes) got the same fake;
* ``ids_equal``: two id columns that were equal in the original (``p_dnr`` = ``p_unique_id``)
  are not equal in the washed row;
* ``id_kind``: a fake id is not of its original's kind (fnr, D-number, FH-number, other).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import polars as pl

from washer.audit._idcheck import analyse_ids
from washer.audit._own import Pair
from washer.audit._tables import Categories, columns_of, normal_form, person_key
from washer.audit.report import Finding
from washer.categories import IDENTIFYING, Category

C = Category
_CONSISTENT = (*sorted(IDENTIFYING), C.BIRTH_DATE)


def _aligned(pairs: Sequence[Pair], categories: Categories) -> tuple[pl.DataFrame, list[str]]:
    """One frame of all pairs: file, row, person, and o./w. normal forms of the columns."""
    parts = []
    columns: dict[str, None] = {}
    for original, washed in pairs:
        cols = [
            c for c in columns_of(original, categories, *_CONSISTENT) if c in washed.frame.columns
        ]
        columns.update(dict.fromkeys(cols))
        o = original.frame.select(
            person=person_key(original, categories),
            *[normal_form(categories[c], pl.col(c)).alias(f"o.{c}") for c in cols],
        )
        w = washed.frame.select(
            file=pl.lit(washed.name),
            row=pl.int_range(1, pl.len() + 1),
            *[normal_form(categories[c], pl.col(c)).alias(f"w.{c}") for c in cols],
        )
        parts.append(pl.concat([w, o], how="horizontal"))
    if not parts:
        return pl.DataFrame(), []
    return pl.concat(parts, how="diagonal_relaxed"), list(columns)


def _report(
    frame: pl.DataFrame, bad: pl.Expr, kind: str, column: str, what: str, max_rows: int
) -> list[Finding]:
    rows = (
        frame.filter(bad.fill_null(False))
        .group_by("file", maintain_order=True)
        .agg(pl.len().alias("n"), pl.col("row").sort().head(max_rows))
        .sort("file")
    )
    return [
        Finding("coherence", kind, file, column, n, tuple(found), f"{what}: {n} rows")
        for file, n, found in rows.iter_rows()
    ]


def _scope(column: str, categories: Categories, columns: list[str]) -> list[str]:
    """Whose value a column holds: a trip's (reference code), an employer's, else a person's."""
    cat = categories[column]
    if cat is C.REFERENCE_CODE:
        return []
    orgnr = [c for c in columns if categories[c] is C.ORGNR]
    employer = cat in (C.EMPLOYER_NAME, C.CONTACT_PERSON) or "employer" in column
    if employer and cat is not C.ORGNR:
        return [f"o.{orgnr[0]}"] if orgnr else []
    return ["person"]


def _one_fake(frame: pl.DataFrame, column: str, scope: list[str], max_rows: int) -> list[Finding]:
    o, w = pl.col(f"o.{column}"), pl.col(f"w.{column}")
    valid = o.is_not_null() & w.is_not_null()
    spread = w.filter(valid).n_unique().over(*scope, f"o.{column}") > 1
    what = "the same original value of one person (employer, trip) got more than one fake"
    return _report(frame, valid & spread, "one_fake", column, what, max_rows)


def _shared_fake(frame: pl.DataFrame, column: str, max_rows: int) -> list[Finding]:
    o, w = pl.col(f"o.{column}"), pl.col(f"w.{column}")
    valid = o.is_not_null() & w.is_not_null()
    spread = o.filter(valid).n_unique().over(f"w.{column}") > 1
    return _report(frame, valid & spread, "shared_fake", column,
                   "different original values got the same fake", max_rows)  # fmt: skip


def _ids_equal(frame: pl.DataFrame, a: str, b: str, max_rows: int) -> list[Finding]:
    was_equal = pl.col(f"o.{a}") == pl.col(f"o.{b}")
    differs = pl.col(f"w.{a}").ne_missing(pl.col(f"w.{b}"))
    return _report(frame, was_equal & differs, "ids_equal", f"{a} = {b}",
                   f"{a} and {b} were equal in the original but differ when washed", max_rows)  # fmt: skip


def _kind(values: pl.Expr) -> pl.Expr:
    return pl.coalesce(values, pl.lit("other"))


def _id_kind(frame: pl.DataFrame, column: str, max_rows: int) -> list[Finding]:
    both = pl.concat([frame[f"o.{column}"], frame[f"w.{column}"]]).drop_nulls().unique()
    forms = analyse_ids(both).select("value", form=_kind(pl.col("form")))
    kinds = frame.select(
        "file", "row", o=pl.col(f"o.{column}"), w=pl.col(f"w.{column}")
    ).join(forms.rename({"value": "o", "form": "of"}), on="o", how="left").join(
        forms.rename({"value": "w", "form": "wf"}), on="w", how="left"
    )
    bad = pl.col("of").is_not_null() & pl.col("wf").is_not_null() & (pl.col("of") != pl.col("wf"))
    return _report(kinds.sort("file", "row", maintain_order=True), bad, "id_kind", column,
                   "the fake id is not of its original's kind (fnr, D-number, FH, other)",
                   max_rows)  # fmt: skip


def coherence_findings(
    pairs: Sequence[Pair], categories: Categories, *, max_rows: int = 10
) -> list[Finding]:
    """Coherence findings over every original/washed pair of the same length."""
    frame, columns = _aligned(pairs, categories)
    if not columns:
        return []
    findings: list[Finding] = []
    for column in columns:
        findings += _one_fake(frame, column, _scope(column, categories, columns), max_rows)
    ids = [c for c in columns if categories[c] is C.PERSON_ID]
    for column in [c for c in columns if categories[c] in (C.PERSON_ID, C.REFERENCE_CODE)]:
        findings += _shared_fake(frame, column, max_rows)
    for a, b in combinations(ids, 2):
        findings += _ids_equal(frame, a, b, max_rows)
    for column in ids:
        findings += _id_kind(frame, column, max_rows)
    return findings
