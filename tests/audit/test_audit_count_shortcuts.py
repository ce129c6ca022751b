"""Counting shortcuts of the audit give exactly what the code they replaced gave.

Oracles: the code before each shortcut, kept here as it was.
"""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit import coherence
from washer.audit._forms import (
    _ASCII_TEXT,
    TEXT,
    counted_text_plan,
    fix_dates,
    fix_non_ascii,
    non_ascii,
    row_plan,
)
from washer.audit._tables import Table, combined


def _old_spreads(frame: pl.DataFrame, checks: list[tuple[list[str], str]]) -> list[bool]:
    """``coherence._spreads`` before the rows with a null were left out before counting."""
    exprs = []
    for i, (keys, value) in enumerate(checks):
        whole = combined(*(pl.col(c) for c in [*keys, value]))
        key = combined(*(pl.col(c) for c in keys))
        exprs += [
            pl.when(whole.is_not_null()).then(key).n_unique().alias(f"k{i}"),
            whole.n_unique().alias(f"v{i}"),
        ]
    counts = frame.select(exprs).row(0, named=True) if exprs else {}
    return [counts[f"k{i}"] != counts[f"v{i}"] for i in range(len(checks))]


_COLUMNS = ("a", "b", "c", "d")
# Few distinct codes (and nulls) so that groups often hold one value, often several; codes
# as the audit makes them (64-bit hashes), which combine without collisions.
_HASHES = pl.Series([0, 1, 2, 3, 4]).hash(seed=7).to_list()
_CODE = st.one_of(st.none(), st.sampled_from(_HASHES))


@st.composite
def _frames_and_checks(
    draw: st.DrawFn,
) -> tuple[pl.DataFrame, list[tuple[list[str], str]], list[list[int]]]:
    rows = draw(st.integers(0, 30))
    frame = pl.DataFrame(
        {c: draw(st.lists(_CODE, min_size=rows, max_size=rows)) for c in _COLUMNS},
        schema=dict.fromkeys(_COLUMNS, pl.UInt64),
    )
    checks = []
    for _ in range(draw(st.integers(0, 4))):
        keys = draw(st.lists(st.sampled_from(_COLUMNS), min_size=1, max_size=3))
        checks.append((keys, draw(st.sampled_from(_COLUMNS))))
    # Checks tried jointly: two keys, the first shared (as a person's or an employer's).
    holder = draw(st.sampled_from(_COLUMNS))
    joint = []
    for _ in range(draw(st.integers(0, 3))):
        joint.append(len(checks))
        keys = [holder, draw(st.sampled_from(_COLUMNS))]
        checks.append((keys, draw(st.sampled_from(_COLUMNS))))
    return frame, checks, [joint] if joint else []


@settings(max_examples=300, deadline=None)
@given(_frames_and_checks())
def test_spreads_are_those_of_the_counts_with_nulls(
    case: tuple[pl.DataFrame, list[tuple[list[str], str]], list[list[int]]],
) -> None:
    frame, checks, groups = case
    assert coherence._spreads(frame, checks, groups) == _old_spreads(frame, checks)
    assert coherence._spreads(frame, checks, groups) == _exact_spreads(frame, checks)


def _exact_spreads(frame: pl.DataFrame, checks: list[tuple[list[str], str]]) -> list[bool]:
    """Whether a group of the keys holds two values, row by row in Python (no codes)."""
    result = []
    for keys, value in checks:
        seen: dict[tuple[int, ...], set[int]] = {}
        for row in zip(*(frame[c] for c in [*keys, value]), strict=True):
            if None not in row:
                seen.setdefault(tuple(row[:-1]), set()).add(row[-1])
        result.append(any(len(v) > 1 for v in seen.values()))
    return result


def _old_normal(frame: pl.DataFrame, column: str, form: str) -> pl.Series:
    """``Table.normal`` (not the text form) before sparse columns were computed on their
    values alone: the row plan over every cell."""
    values = row_plan(frame, [(column, form)]).collect().to_series()
    if form == "id" and frame.select(non_ascii(pl.col(column)).any()).item():
        values = fix_non_ascii(frame, column, values)
    elif form == "date":
        values = fix_dates(frame, column, values)
    return values.rename(column)


_CELL = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "", " ", "150885 456.10", "FA-123-Ø", "+47 912 34 567", "0047 (0)91234567",
            "+44 (0)20 7946 0958", "912/34567", "ola@Firma.no ", "1977-03-23", " 1977-03-23",
            "23.03.1977", "2021-09-04T10:00", "31.02.2020", "abc", "١٢٣٤٥٦٧٨٩٠١",
        ]
    ),
    st.text(alphabet="0123456789 +-.()/aØé\u00ad", max_size=14),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_CELL, max_size=25),
    st.sampled_from(["id", "phone", "email", "digits", "strip", "date"]),
    st.integers(0, 30),
)
def test_row_forms_of_sparse_columns_are_those_of_every_cell(
    cells: list[str | None], form: str, empty: int
) -> None:
    # Empty cells added so that the column is often sparse, sometimes not.
    frame = pl.DataFrame({"c": [*cells, *([None] * empty)]}, schema={"c": pl.String})
    table = Table("t", frame)
    assert table.normal("c", form).equals(_old_normal(frame, "c", form))


def _old_form(id_key: pl.Series) -> pl.Series:
    """``coherence._form`` before sparse columns were read on their values alone."""
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


_ID_KEY = st.one_of(
    st.none(), st.text(alphabet="0123456789", min_size=10, max_size=12), st.just("fa1234567")
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ID_KEY, max_size=25), st.integers(0, 30))
def test_id_forms_of_sparse_columns_are_those_of_every_cell(
    keys: list[str | None], empty: int
) -> None:
    series = pl.Series([*keys, *([None] * empty)], dtype=pl.String)
    assert coherence._form(series).equals(_old_form(series))


def _old_id_form(frame: pl.DataFrame, column: str) -> pl.Series:
    """The ``id`` form before it lower-cased the cells before dropping their dashes."""
    e = pl.col(column)
    compact = e.str.replace_all("-", "", literal=True).str.to_lowercase()
    compact = compact.str.replace_all(r"[^a-z0-9]+", "")
    values = frame.select(pl.when(compact.str.len_bytes() > 0).then(compact)).to_series()
    if frame.select(non_ascii(e).any()).item():
        values = fix_non_ascii(frame, column, values)
    return values.rename(column)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CELL, st.text(alphabet="AZaz09-. ΣΑΒİ\u0130", max_size=10))))
def test_the_id_form_lower_cases_first(cells: list[str | None]) -> None:
    frame = pl.DataFrame({"c": cells}, schema={"c": pl.String})
    assert Table("t", frame).normal("c", "id").equals(_old_id_form(frame, "c"))


def _old_counted_text_plan(frame: pl.DataFrame, column: str) -> pl.LazyFrame:
    """``counted_text_plan`` before sparse columns were grouped without their empty cells."""
    counted = frame.lazy().group_by(pl.col(column).alias("value")).agg(n=pl.len().cast(pl.Int64))
    odd = non_ascii(pl.col("value"))
    return pl.concat(
        [
            counted.filter(~odd).with_columns(new=_ASCII_TEXT),
            counted.filter(odd).with_columns(new=TEXT),
            counted.filter(pl.col("value").is_null()).with_columns(new=pl.lit(None, pl.String)),
        ]
    )


_WORDS = st.one_of(st.none(), st.sampled_from(["Ja", "nei", "Bjørn Åse", "12B", " ", "x"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=25), st.integers(0, 30))
def test_counts_of_sparse_columns_are_those_of_every_cell(
    cells: list[str | None], empty: int
) -> None:
    frame = pl.DataFrame({"c": [*cells, *([None] * empty)]}, schema={"c": pl.String})
    new = counted_text_plan(frame, "c").collect().sort("value", nulls_last=True)
    old = _old_counted_text_plan(frame, "c").collect().sort("value", nulls_last=True)
    assert new.equals(old)
    table = Table("t", frame)
    plans, keep = table._count_plans(["c"])
    keep(pl.collect_all(plans))
    counts = frame.lazy().group_by(pl.col("c").alias("v")).agg(n=pl.len().cast(pl.Int64))
    expected = counts.collect().sort("v", nulls_last=True)
    assert table._counts["c"].sort("v", nulls_last=True).equals(expected)
