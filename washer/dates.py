"""Dates as text: recognise them, move them, and write them back in their own format.

Extracts carry dates as strings in several spellings: ``2021-09-04``, ``2021-09-04T22:05:37``,
``2021-09-04 22:05:37.123``, ``2021-09-04T22:05:37+02:00``, ``…Z`` and Norwegian ``4.9.2021``
or ``04.09.2021 10:00``. Washed dates keep the spelling of the value they replace: only the
calendar date changes; the time of day, fraction and UTC offset after it are kept byte for byte
(shifts are whole days). A value that is not recognisably a date becomes null rather than pass
through unshifted; an empty or blank value is kept as it is.

The common ISO spelling takes a fast path over the whole column (slice, parse, one small
regex for what follows the date); only values it cannot read go through the general regex.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer._columns import per_distinct
from washer.date_shapes import shift_by_shape

_ISO = "%Y-%m-%d"
_REST = (
    r"^(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?"
    r"(?:\s?(?:Z|[+-]\d{2}(?::?\d{2})?))?\s*$"
)
# Spellings off the fast path: ISO after blanks, or day.month.year (Norwegian).
_OTHER = (
    r"^(?:(?P<ilead>\s+)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"|(?P<nlead>\s*)(?P<nd>\d{1,2})\.(?P<nm>\d{1,2})\.(?P<ny>\d{4}))(?P<rest>.*)$"
)


def _iso_date(text: pl.Expr, rest_ok: pl.Expr | None = None) -> pl.Expr:
    day = text.str.slice(0, 10).str.to_date(_ISO, strict=False)
    return pl.when(_rest_ok(text) if rest_ok is None else rest_ok).then(day)


def _bare_iso_date(text: pl.Expr) -> pl.Expr:
    """:func:`_iso_date` of values of ten bytes at most (nothing follows the date)."""
    return text.str.to_date(_ISO, strict=False)


def _rest_ok(text: pl.Expr) -> pl.Expr:
    """What follows an ISO value's date is a time of day and offset (or nothing)."""
    return text.str.slice(10).str.contains(_REST)


def _rest_check(text: pl.Series) -> pl.Expr | None:
    """:func:`_rest_ok` for a column, or ``None`` when it is needlessly dear: when every
    value is ten bytes long nothing follows the date (the regex costs more per row than
    the rest of the fast path)."""
    return pl.lit(True) if _plain(text) else None


def _plain(text: pl.Series) -> bool:
    """Every value of ``text`` is ten bytes long (a bare date, nothing after it)."""
    return bool((text.str.len_bytes().fill_null(10) == 10).all())


def _other(text: pl.Expr) -> pl.Expr:
    return text.str.extract_groups(_OTHER)


def _other_date(parts: pl.Expr) -> pl.Expr:
    ymd = pl.coalesce(
        pl.concat_str([parts.struct["y"], parts.struct["m"], parts.struct["d"]], separator="-"),
        pl.concat_str(
            [
                parts.struct["ny"],
                parts.struct["nm"].str.zfill(2),
                parts.struct["nd"].str.zfill(2),
            ],
            separator="-",
        ),
    )
    return pl.when(parts.struct["rest"].str.contains(_REST)).then(
        ymd.str.to_date(_ISO, strict=False)
    )


def _format_other(text: pl.Expr, new: pl.Expr) -> pl.Expr:
    parts = _other(text)
    ok = _other_date(parts).is_not_null()
    spaced_iso = pl.concat_str([parts.struct["ilead"], new.dt.strftime(_ISO), parts.struct["rest"]])
    # Zero-padded unless the day or the month was written with one digit ("4.9.2021").
    unpadded = (parts.struct["nd"].str.len_chars() == 1) | (parts.struct["nm"].str.len_chars() == 1)
    day = new.dt.day().cast(pl.String)
    month = new.dt.month().cast(pl.String)
    dotted = pl.concat_str(
        [
            parts.struct["nlead"],
            pl.when(unpadded).then(day).otherwise(day.str.zfill(2)),
            pl.lit("."),
            pl.when(unpadded).then(month).otherwise(month.str.zfill(2)),
            pl.lit("."),
            new.dt.strftime("%Y"),
            parts.struct["rest"],
        ]
    )
    other = pl.when(parts.struct["y"].is_not_null()).then(spaced_iso).otherwise(dotted)
    return pl.when(ok).then(other).when(text.str.strip_chars() == "").then(text)


def parse_series(text: pl.Series) -> pl.Series:
    """:func:`parse_dates` for a Series."""
    frame = text.to_frame("t")
    fast = frame.select(_iso_date(pl.col("t"), _rest_check(text)).alias("t"))["t"]
    pending = text.is_not_null() & fast.is_null()
    if not pending.any():
        return fast.alias(text.name)
    rows = pending.arg_true()
    slow = frame.select(pl.all().gather(rows)).select(_other_date(_other(pl.col("t"))).alias("t"))[
        "t"
    ]
    return fast.scatter(rows, slow).alias(text.name)


_NEW = "__washer_new_date"


def _format_series(pair: pl.Series) -> pl.Series:
    frame = pair.struct.unnest()
    frame = frame.rename({frame.columns[0]: "t", _NEW: "d"})
    new = pl.lit(format_days(frame["d"], _ISO))
    if _plain(frame["t"]):  # a birth date column: no time of day to parse or keep
        day, written = _bare_iso_date(pl.col("t")), new
    else:
        day, written = _iso_date(pl.col("t")), pl.concat_str([new, pl.col("t").str.slice(10)])
    fast = frame.select(pl.when(day.is_not_null()).then(written).alias("t"))["t"]
    pending = frame["t"].is_not_null() & fast.is_null()
    if not pending.any():
        return fast.alias(pair.name)
    rows = pending.arg_true()
    washed = frame.select(pl.all().gather(rows)).select(
        _format_other(pl.col("t"), pl.col("d")).alias("t")
    )["t"]
    return fast.scatter(rows, washed).alias(pair.name)


def format_days(dates: pl.Series, form: str) -> pl.Series:
    """``dates.dt.strftime(form)`` for a ``Date`` column, each day of its range formatted
    once and gathered per row: a column of birth or event dates spans far fewer days than it
    has rows, and a gather costs a fraction of formatting (other columns: strftime)."""
    if dates.dtype != pl.Date:
        return dates.dt.strftime(form)
    days = dates.to_physical()
    low, high = days.min(), days.max()
    if not isinstance(low, int) or not isinstance(high, int) or high - low >= len(dates):
        return dates.dt.strftime(form)
    table = pl.int_range(low, high + 1, dtype=pl.Int32, eager=True).cast(pl.Date)
    return table.dt.strftime(form).gather(days - low).alias(dates.name)


def strftime_days(dates: pl.Expr, form: str) -> pl.Expr:
    """:func:`format_days` as an expression (elementwise)."""
    return dates.map_batches(
        lambda s: format_days(s, form), return_dtype=pl.String, is_elementwise=True
    )


def parse_dates(text: pl.Expr) -> pl.Expr:
    """The calendar date of each value (a ``Date``), or null when it is not a date."""
    return text.map_batches(parse_series, return_dtype=pl.Date, is_elementwise=True)


def format_like(text: pl.Expr, new: pl.Expr) -> pl.Expr:
    """Write the dates ``new`` in the spelling of the values ``text`` (same row).

    Null where ``text`` is not a recognisable date or ``new`` is null; ``text`` that is empty or
    blank is returned unchanged (nothing to hide, nothing to move).
    """
    return pl.struct(text, new.alias(_NEW)).map_batches(
        _format_series, return_dtype=pl.String, is_elementwise=True
    )


def _shift_series(text: pl.Series, days: int) -> pl.Series:
    """Fast path: an ISO value's first ten characters are a date, and a column holds few
    distinct dates (even when every timestamp differs), so shift each distinct date once.
    Only the values are worked on (many event columns are mostly empty)."""
    if not text.null_count():
        return _shift_values(text, days).alias(text.name)
    rows = text.is_not_null().arg_true()
    empty = pl.Series(text.name, dtype=pl.String).extend_constant(None, len(text))
    return empty.scatter(rows, _shift_values(text.gather(rows), days))


def _shift_values(text: pl.Series, days: int) -> pl.Series:
    """:func:`_shift_series` of values without nulls: those of the column's one layout as
    bytes (:mod:`washer.date_shapes`), the others by :func:`_shift_any`."""
    if _plain(text):  # bare dates: the join is as cheap, with less set-up
        return _shift_any(text, days, plain=True)
    shaped = shift_by_shape(text, _iso_layout, lambda heads: _shift_heads(heads, days))
    if shaped is None:
        return _shift_any(text, days)
    pair = pl.DataFrame([shaped.heads.alias("new"), text.str.slice(10).alias("rest")])
    fast = pair.select(pl.concat_str("new", "rest")).to_series()
    if shaped.done.all():
        return fast
    rows = pl.Series(np.flatnonzero(~shaped.done))
    return fast.scatter(rows, _shift_any(text.gather(rows), days))


def _iso_layout(value: str) -> bool:
    """``value`` (ASCII) is an ISO date, digits and dashes, followed by a valid rest."""
    head = value[:10]
    digits = head[:4] + head[5:7] + head[8:10]
    return (
        len(head) == 10
        and head[4] == head[7] == "-"
        and all("0" <= c <= "9" for c in digits)
        and bool(pl.Series([value[10:]]).str.contains(_REST).all())
    )


def _shift_heads(heads: pl.Series, days: int) -> pl.Series:
    """Distinct ``YYYY-MM-DD`` heads moved by ``days`` (null where a head is no date)."""
    return heads.to_frame("head").select(
        (pl.col("head").str.to_date(_ISO, strict=False) + pl.duration(days=days)).dt.strftime(_ISO)
    )["head"]


def _shift_any(text: pl.Series, days: int, *, plain: bool | None = None) -> pl.Series:
    """:func:`_shift_values` of values of any spelling (``plain``: :func:`_plain`, if known)."""
    if plain is None:
        plain = _plain(text)  # every value is a bare date: no rest to check or append
    frame = text.to_frame("t").with_columns(
        (pl.col("t") if plain else pl.col("t").str.slice(0, 10)).alias("head")
    )
    heads = frame.select(pl.col("head").unique())
    shifted = heads.with_columns(
        (pl.col("head").str.to_date(_ISO, strict=False) + pl.duration(days=days))
        .dt.strftime(_ISO)
        .alias("new")
    )
    joined = frame.join(shifted, on="head", how="left", maintain_order="left")
    if plain:
        fast = joined["new"]
    else:
        # The rest sliced once, as a column: an eager select slices it for each use (0.02 s
        # over the 1M file's three columns of time stamps).
        rest = joined.select("new", pl.col("t").str.slice(10).alias("rest"))
        fast = rest.select(
            pl.when(pl.col("rest").str.contains(_REST)).then(
                pl.concat_str([pl.col("new"), pl.col("rest")])
            )
        ).to_series()
    pending = fast.is_null()
    if not pending.any():
        return fast
    rows = pending.arg_true()
    rest_frame = frame.select(pl.col("t").gather(rows))
    washed = rest_frame.select(
        _format_other(pl.col("t"), parse_dates(pl.col("t")) + pl.duration(days=days)).alias("t")
    )["t"]
    return fast.scatter(rows, washed)


def shift_dates(text: pl.Expr, days: int) -> pl.Expr:
    """Move every date by ``days`` whole days, keeping each value's own spelling."""
    return text.map_batches(
        lambda s: _shift_series(s, days), return_dtype=pl.String, is_elementwise=True
    )


parse_dates_distinct = per_distinct(parse_series, pl.Date())
""":func:`parse_dates` computed once per distinct value (for columns that repeat a lot)."""

__all__ = [
    "format_days",
    "format_like",
    "parse_dates",
    "parse_dates_distinct",
    "parse_series",
    "shift_dates",
    "strftime_days",
]
