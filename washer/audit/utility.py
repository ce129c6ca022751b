"""Utility: does the washed data still look like production?

Total variation distance (TVD, half the sum of absolute differences of shares: 0 = the same
distribution, 1 = nothing in common) between original and washed, per column:

* ``values``: kept attribute columns with at most ``max_values`` distinct values in the
  original (kommune numbers, codes, countries, yes/no fields), empty cells as a value of their
  own;
* ``age``: age in whole years at the trip date (birth date to the event date column);
* ``date``: event dates by day, after moving the original by the run's offset (the most common
  shift between a washed row and its original row, else the shift between the newest dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import polars as pl

from washer.audit._own import Pair
from washer.audit._tables import Categories, Table, columns_of
from washer.audit.report import Distance, Finding, Histogram
from washer.categories import Category

C = Category
AGE_BINS = (*(f"{a}-{a + 9}" for a in range(0, 90, 10)), "90+")


def tvd(original: pl.Series, washed: pl.Series) -> float:
    """Total variation distance between the value distributions of two series."""
    if original.len() and original.equals(washed, check_names=False):  # nothing to count
        return 0.0
    return _tvd(_counted(original), _counted(washed))


def _counted(values: pl.Series) -> pl.DataFrame:
    counted = values.cast(pl.String).value_counts(name="n")
    return counted.select(pl.col(values.name).alias("v"), pl.col("n").cast(pl.Int64))


def _tvd(original: pl.DataFrame, washed: pl.DataFrame) -> float:
    """:func:`tvd` from value counts (``v``, null for empty cells, and ``n``)."""
    n_o, n_w = int(original["n"].sum()), int(washed["n"].sum())
    if n_o == 0 or n_w == 0:
        return 0.0 if n_o == n_w else 1.0
    counts = [
        c.group_by(pl.col("v").fill_null("\0null")).agg(pl.col("n").sum().alias(side))
        for c, side in ((original, "o"), (washed, "w"))
    ]
    both = counts[0].join(counts[1], on="v", how="full", coalesce=True).fill_null(0)
    # In whole numbers (sum |o * W - w * O|, then one division), so the result does not
    # depend on the order polars happens to add the values in.
    apart = both.select((pl.col("o") * n_w - pl.col("w") * n_o).abs().sum()).item()
    return float(apart) / (2 * n_o * n_w)


def _value_counts(tables: Sequence[Table], name: str) -> pl.DataFrame:
    """Value counts (``v``, ``n``) of a column over the tables that have it."""
    parts = [t.value_counts(name) for t in tables if name in t.columns]
    if len(parts) == 1:
        return parts[0]
    empty = pl.DataFrame(schema={"v": pl.String, "n": pl.Int64})
    return pl.concat([empty, *parts]).group_by("v").agg(pl.col("n").sum())


def _day_numbers(tables: Sequence[Table], name: str) -> pl.Series:
    parts = [t.normal(name, "date").cast(pl.Int32) for t in tables if name in t.columns]
    return pl.concat(parts) if parts else pl.Series(name, [], pl.Int32)


def _anchor(tables: Sequence[Table], categories: Categories) -> str | None:
    dates = columns_of(tables[0], categories, C.EVENT_DATE) if tables else []
    return "a_date" if "a_date" in dates else (dates[0] if dates else None)


def run_offset(
    pairs: Sequence[Pair], originals: Sequence[Table], washed: Sequence[Table], column: str
) -> int | None:
    """Days the run moved event dates: the commonest row shift, else the newest-date shift."""
    shifts = [
        w.normal(column, "date").cast(pl.Int32) - o.normal(column, "date").cast(pl.Int32)
        for o, w in pairs
        if column in o.columns and column in w.columns
    ]
    if shifts:
        s = pl.concat(shifts).drop_nulls()
        if s.len():
            return int(s.mode().sort()[0])
    newest_w = _day_numbers(washed, column).max()
    newest_o = _day_numbers(originals, column).max()
    if newest_w is None or newest_o is None:
        return None
    return int(cast(int, newest_w)) - int(cast(int, newest_o))


def _ages(tables: Sequence[Table], birth: str, anchor: str) -> pl.Series:
    parts = [
        (
            (t.normal(anchor, "date").cast(pl.Int32) - t.normal(birth, "date").cast(pl.Int32))
            / 365.25
        )
        .floor()
        .cast(pl.Int32)
        for t in tables
        if birth in t.columns and anchor in t.columns
    ]
    return pl.concat(parts).drop_nulls().rename("age") if parts else pl.Series("age", [], pl.Int32)


def _counts(values: pl.Series, bins: int) -> tuple[int, ...]:
    counted = values.value_counts()
    found = dict(zip(counted[values.name].to_list(), counted["count"].to_list(), strict=True))
    return tuple(int(found.get(i, 0)) for i in range(bins))


def _age_histogram(o: pl.Series, w: pl.Series) -> Histogram:
    def binned(s: pl.Series) -> tuple[int, ...]:
        return _counts((s.clip(0, 90) // 10).cast(pl.Int32).rename("b"), len(AGE_BINS))

    return Histogram("Age at the trip date (years)", AGE_BINS, binned(o), binned(w))


def _date_histogram(column: str, o: pl.Series, w: pl.Series) -> Histogram:
    """Records per day (per week for windows over two months) before the newest washed date."""
    newest = int(w.max())  # type: ignore[arg-type]
    oldest = min(int(o.min()), int(w.min()))  # type: ignore[arg-type]
    width = 1 if newest - oldest < 62 else 7
    bins = min((newest - oldest) // width + 1, 62)

    def binned(s: pl.Series) -> tuple[int, ...]:
        back = ((newest - s) // width).clip(0, bins - 1)
        return _counts((bins - 1 - back).rename("b"), bins)

    unit = "days" if width == 1 else "weeks"
    labels = tuple(str(-(bins - 1 - i)) for i in range(bins))
    return Histogram(
        f"{column}: {unit} before the newest washed date", labels, binned(o), binned(w)
    )


def utility_measures(
    pairs: Sequence[Pair],
    originals: Sequence[Table],
    washed: Sequence[Table],
    categories: Categories,
    *,
    max_values: int,
    max_tvd: float | None,
) -> tuple[list[Distance], list[Histogram], list[Finding], list[str]]:
    """Distances per column, histograms for the report, threshold findings and notes."""
    if not originals or not washed:
        return [], [], [], ["no originals: utility not measured"]
    distances: list[Distance] = []
    histograms: list[Histogram] = []
    notes: list[str] = []
    for column in columns_of(originals[0], categories, C.ATTRIBUTE):
        # Compared by value counts: the originals' cells are freed before the washed are read.
        o_counts, w_counts = _value_counts(originals, column), _value_counts(washed, column)
        # Rows of the counts are distinct values (an empty cell counts as one).
        filled = o_counts["v"].null_count() < o_counts.height
        if w_counts["n"].sum() and filled and o_counts.height <= max_values:
            distances.append(Distance(column, "values", _tvd(o_counts, w_counts)))
    anchor = _anchor(originals, categories)
    births = columns_of(originals[0], categories, C.BIRTH_DATE)[:1]
    if anchor and births:
        o_age, w_age = _ages(originals, births[0], anchor), _ages(washed, births[0], anchor)
        if o_age.len() and w_age.len():
            distances.append(Distance(births[0], "age", tvd(o_age, w_age)))
            histograms.append(_age_histogram(o_age, w_age))
    offset = run_offset(pairs, originals, washed, anchor) if anchor else None
    if anchor and offset is None:
        notes.append(f"no dates in {anchor}: dates not compared")
    for column in columns_of(originals[0], categories, C.EVENT_DATE) if offset is not None else []:
        o = _day_numbers(originals, column).drop_nulls() + offset
        w = _day_numbers(washed, column).drop_nulls()
        if o.len() and w.len():
            distances.append(Distance(column, "date", tvd(o, w)))
            if column == anchor:
                histograms.append(_date_histogram(column, o, w))
    findings = [
        Finding(
            "utility",
            "distance",
            "",
            d.column,
            1,
            (),
            f"{d.measure} distance {d.tvd:.3f} is above {max_tvd:.3f}",
        )
        for d in distances
        if max_tvd is not None and d.tvd > max_tvd
    ]
    return distances, histograms, findings, notes
