"""Coherence: one person, one set of fakes, and ids that relate as the originals did.

Row by row over every original/washed pair (the wash keeps rows in order):

* ``one_fake``: the same original value (normalised) of the same person got more than one
  fake in a column, within a file or across files; employer columns (organisation number,
  employer name, contact person, ``*employer*``) belong to the employer (the original
  organisation number) rather than the traveller, reference codes to the trip;
* ``shared_fake``: different original ids (or reference codes) got the same fake;
* ``ids_equal``: two id columns that were equal in the original (``p_dnr`` = ``p_unique_id``)
  are not equal in the washed row (unless one of them was emptied in every row: ruled null);
* ``id_kind``: a fake id is not of its original's kind (fnr, D-number, FH-number, other).

A column ruled ``constant`` holds one placeholder for every original, as asked: no fake to
check.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import polars as pl

from washer.audit._forms import in_rows, mostly_empty
from washer.audit._own import Pair
from washer.audit._persons import person_key
from washer.audit._tables import Categories, code, columns_of, combined, normal
from washer.audit.report import Finding
from washer.categories import IDENTIFYING, Category

C = Category
_CONSISTENT = (*sorted(IDENTIFYING), C.BIRTH_DATE)


def _form(id_key: pl.Series) -> pl.Series:
    """The kind of id in each cell by its first digit: fnr, dnr, fh, or other (null if empty)."""
    if mostly_empty(id_key):  # D-numbers, FH-numbers: read the values alone
        return in_rows(_form(id_key.drop_nulls()), id_key)
    parts = id_key.to_frame("v").select(
        empty=pl.col("v").is_null(),
        numeric=pl.col("v").str.contains(r"^[0-9]{11}$"),
        first=pl.col("v").str.slice(0, 1),
    )
    first = pl.col("first")
    return parts.select(
        pl.when("empty")
        .then(None)
        .when(~pl.col("numeric"))
        .then(pl.lit("other"))
        .when(first <= "3")
        .then(pl.lit("fnr"))
        .when(first <= "7")
        .then(pl.lit("dnr"))
        .otherwise(pl.lit("fh"))
    ).to_series()


def _aligned(
    pairs: Sequence[Pair], categories: Categories, constant: frozenset[str]
) -> tuple[pl.DataFrame, list[str]]:
    """One frame of all pairs: file, row, person, and o./w. codes of the normal forms of the
    columns to check (those washed into fakes)."""
    parts = []
    columns: dict[str, None] = {}
    for original, washed in pairs:
        cols = [
            c
            for c in columns_of(original, categories, *_CONSISTENT)
            if c in washed.columns and c not in constant
        ]
        columns.update(dict.fromkeys(cols))
        data: dict[str, pl.Series] = {
            "file": pl.repeat(washed.name, washed.rows, eager=True, dtype=pl.String),
            "row": pl.int_range(1, washed.rows + 1, eager=True),
            "person": person_key(original, categories),
        }
        for c in columns_of(original, categories, C.ORGNR):
            # Whose employer a row's is, also when the washed file dropped the number.
            data[f"o.{c}"] = code(original, categories, c)
        for c in cols:
            # Compared and grouped by 64-bit codes: the same verdicts, far cheaper groups.
            data[f"o.{c}"], data[f"w.{c}"] = (
                code(original, categories, c),
                code(washed, categories, c),
            )
            if categories[c] is C.PERSON_ID:
                data[f"o.form.{c}"] = _form(normal(original, categories, c))
                data[f"w.form.{c}"] = _form(normal(washed, categories, c))
        parts.append(pl.DataFrame(data))
    if not parts:
        return pl.DataFrame(), []
    return pl.concat(parts, how="diagonal_relaxed"), list(columns)


def _report(bad: pl.DataFrame, kind: str, column: str, what: str, max_rows: int) -> list[Finding]:
    """Findings per file from the offending rows (``file``, ``row``)."""
    rows = (
        bad.group_by("file")
        .agg(pl.len().alias("n"), pl.col("row").sort().head(max_rows))
        .sort("file")
    )
    return [
        Finding("coherence", kind, file, column, n, tuple(found), f"{what}: {n} rows")
        for file, n, found in rows.iter_rows()
    ]


def _spread(frame: pl.DataFrame, keys: list[str], value: str) -> pl.DataFrame:
    """Rows whose group (same keys) holds more than one distinct ``value`` (nulls left out)."""
    present = frame.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in [*keys, value]))
    spans = present.group_by(keys).agg(lo=pl.col(value).min(), hi=pl.col(value).max())
    bad = spans.filter(pl.col("lo") != pl.col("hi")).select(keys)
    return present.join(bad, on=keys, how="semi")


_NULL = pl.lit(0x5BD1E995C6A4A793, dtype=pl.UInt64)
"""Stands for an empty code in :func:`_held_jointly` (any 64-bit code may equal it by chance)."""


def _held_jointly(
    frame: pl.DataFrame, checks: list[tuple[list[str], str]], groups: Sequence[list[int]]
) -> set[int]:
    """The checks of the groups that provably do not spread: a group's checks share their
    first key (a person, an employer) and each has one more key (``o.``) besides; when every
    holder has one tuple of the group's values (empty ones included), no (holder, key) has
    two values. Two counts per group instead of two per check."""
    exprs = []
    for g, members in enumerate(groups):
        holder = pl.col(checks[members[0]][0][0])
        parts = [pl.col(checks[i][1]).fill_null(_NULL) for i in members]
        exprs += [
            holder.n_unique().alias(f"h{g}"),
            combined(holder, *parts).n_unique().alias(f"j{g}"),  # null where the holder is
        ]
    counts = frame.select(exprs).row(0, named=True) if exprs else {}
    return {
        i for g, members in enumerate(groups) if counts[f"h{g}"] == counts[f"j{g}"] for i in members
    }


def _spreads(
    frame: pl.DataFrame, checks: list[tuple[list[str], str]], groups: Sequence[list[int]] = ()
) -> list[bool]:
    """For each (keys, value): may a group of the keys hold more than one value?

    A group spreads exactly when there are more distinct (keys, value) than distinct keys,
    rows with a null left out; when the distinct keys are as many as the rows, it cannot.
    Counted at once for all checks (in parallel), first the keys, then the (keys, value) of
    those that still may spread; ``groups`` of checks (see :func:`_held_jointly`) are tried
    together first. Only the checks that spread are grouped for their rows (:func:`_spread`),
    which a clean wash never needs.
    """
    held = _held_jointly(frame, checks, groups)
    left = [i for i in range(len(checks)) if i not in held]
    exprs = []
    for i in left:
        keys, value = checks[i]
        # The rows with a null left out before counting, not counted as one more value:
        # sparse columns (employers, D-numbers) have few rows left to count.
        present = combined(*(pl.col(c) for c in [*keys, value])).is_not_null()
        key = combined(*(pl.col(c) for c in keys)).filter(present)
        exprs += [key.n_unique().alias(f"k{i}"), key.len().alias(f"n{i}")]
    keys_counted = frame.select(exprs).row(0, named=True) if exprs else {}
    exprs = []
    for i in (i for i in left if keys_counted[f"k{i}"] != keys_counted[f"n{i}"]):
        whole = combined(
            *(pl.col(c) for c in [*checks[i][0], checks[i][1]])
        )  # null when any part is
        exprs.append(whole.filter(whole.is_not_null()).n_unique().alias(f"v{i}"))
    counts = frame.select(exprs).row(0, named=True) if exprs else {}
    return [
        f"v{i}" in counts and counts[f"v{i}"] != keys_counted[f"k{i}"] for i in range(len(checks))
    ]


def _scope(column: str, categories: Categories, columns: list[str]) -> list[str]:
    """Whose value a column holds: a trip's (reference code), an employer's (by the original
    organisation number, of ``columns``: the aligned frame's), else a person's."""
    cat = categories[column]
    if cat is C.REFERENCE_CODE:
        return []
    orgnr = [c[2:] for c in columns if c.startswith("o.") and categories.get(c[2:]) is C.ORGNR]
    employer = cat in (C.EMPLOYER_NAME, C.CONTACT_PERSON) or "employer" in column
    if employer and cat is not C.ORGNR:
        return [f"o.{orgnr[0]}"] if orgnr else []
    return ["person"]


def _one_fake(frame: pl.DataFrame, column: str, scope: list[str], max_rows: int) -> list[Finding]:
    what = "the same original value of one person (employer, trip) got more than one fake"
    bad = _spread(frame, [*scope, f"o.{column}"], f"w.{column}")
    return _report(bad, "one_fake", column, what, max_rows)


def _shared_fake(frame: pl.DataFrame, column: str, max_rows: int) -> list[Finding]:
    bad = _spread(frame, [f"w.{column}"], f"o.{column}")
    return _report(
        bad, "shared_fake", column, "different original values got the same fake", max_rows
    )


def _ids_equal(frame: pl.DataFrame, a: str, b: str, max_rows: int) -> list[Finding]:
    was_equal = pl.col(f"o.{a}") == pl.col(f"o.{b}")
    differs = pl.col(f"w.{a}").ne_missing(pl.col(f"w.{b}"))
    bad = frame.filter((was_equal & differs).fill_null(False))
    return _report(
        bad,
        "ids_equal",
        f"{a} = {b}",
        f"{a} and {b} were equal in the original but differ when washed",
        max_rows,
    )


def _id_kind(frame: pl.DataFrame, column: str, max_rows: int) -> list[Finding]:
    o, w = pl.col(f"o.form.{column}"), pl.col(f"w.form.{column}")
    bad = frame.filter(o.is_not_null() & w.is_not_null() & (o != w))
    return _report(
        bad,
        "id_kind",
        column,
        "the fake id is not of its original's kind (fnr, D-number, FH, other)",
        max_rows,
    )


_HELD = frozenset({C.PERSON_ID, C.FIRST_NAME, C.LAST_NAME, C.BIRTH_DATE, C.PHONE, C.EMAIL})
"""What a person keeps from row to row (an address, an employer may change)."""
_EMPLOYER = (C.PHONE, C.ADDRESS, C.EMPLOYER_NAME, C.CONTACT_PERSON)


def _joint_groups(
    checks: list[tuple[list[str], str]], columns: list[str], categories: Categories
) -> list[list[int]]:
    """The one_fake checks (the first ones, by ``columns``) likely to hold for a whole person
    or employer at once, grouped by that holder: a guess that only saves counts."""
    groups: dict[str, list[int]] = {}
    for i, column in enumerate(columns):
        keys = checks[i][0]
        kept = _HELD if keys[0] == "person" else _EMPLOYER
        if len(keys) == 2 and categories[column] in kept:
            groups.setdefault(keys[0], []).append(i)
    return list(groups.values())


def coherence_findings(
    pairs: Sequence[Pair],
    categories: Categories,
    *,
    max_rows: int = 10,
    constant: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Coherence findings over every original/washed pair of the same length; ``constant``
    columns (a placeholder the rules asked for) are not checked."""
    frame, columns = _aligned(pairs, categories, constant)
    if not columns:
        return []
    findings: list[Finding] = []
    ids = [c for c in columns if categories[c] is C.PERSON_ID]
    shared = [c for c in columns if categories[c] in (C.PERSON_ID, C.REFERENCE_CODE)]
    scopes = {c: _scope(c, categories, frame.columns) for c in columns}
    checks = [([*scopes[c], f"o.{c}"], f"w.{c}") for c in columns]
    checks += [([f"w.{c}"], f"o.{c}") for c in shared]
    spreads = iter(_spreads(frame, checks, _joint_groups(checks, columns, categories)))
    for column in columns:
        if next(spreads):
            findings += _one_fake(frame, column, scopes[column], max_rows)
    for column in shared:
        if next(spreads):
            findings += _shared_fake(frame, column, max_rows)
    # A column with no washed value at all was emptied by its rule (null): nothing to compare.
    emptied = {c for c in ids if frame[f"w.{c}"].null_count() == frame.height}
    for a, b in combinations(ids, 2):
        if a not in emptied and b not in emptied:
            findings += _ids_equal(frame, a, b, max_rows)
    for column in ids:
        findings += _id_kind(frame, column, max_rows)
    return findings
