"""Make records served-ready: every field a spec-valid string or absent, in the spec's order.

* Empty values become absent (the spec declares no field nullable, so absent, not ``null``).
* ``format: date`` fields become ``YYYY-MM-DD``.
* ``format: date-time`` fields become RFC 3339 with the Norwegian offset: HDIR timestamps are
  Norwegian local time, so a naive ``2021-09-04T22:05:37`` is served as
  ``2021-09-04T22:05:37+02:00``; a value with an offset keeps its instant.
* Optionally, every event date is moved by one whole number of days so that the newest
  ``a_date`` is the day before a given date (the demo dataset is always fresh that way).

Besides the strings, :func:`normalize` returns the keys the index filters on: the day of
``a_date`` and the newest of ``a_date``/``a_updated``/``p_updated`` as an instant.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Literal

import polars as pl

from washer.categories import Category, category_of
from washer.errors import InputError
from washer.mock.data import FILE_COLUMN, RECORD_COLUMN, RawRecords
from washer.schema import DATE_FIELDS, DATETIME_FIELDS, INNREISER_FIELDS

__all__ = ["DAY_COLUMN", "UPDATED_COLUMN", "normalize"]

DAY_COLUMN = "__a_day"
"""``a_date`` as days since 1970-01-01 (null when absent)."""
UPDATED_COLUMN = "__updated_us"
"""Newest of ``a_date`` (start of the day in Norway), ``a_updated``, ``p_updated``, in µs."""

_TZ = "Europe/Oslo"
_EVENT = frozenset(f for f in INNREISER_FIELDS if category_of(f) is Category.EVENT_DATE)
_PARSED = "__parsed_"
_LATER = "__later"


def _blanks_to_null(frame: pl.DataFrame) -> pl.DataFrame:
    """Empty values become absent; only columns that have any are rewritten."""
    fields = [f for f in INNREISER_FIELDS if f in frame.columns]
    found = frame.select((pl.col(f) == "").any().alias(f) for f in fields).row(0, named=True)
    return frame.with_columns(
        pl.when(pl.col(f) == "").then(None).otherwise(pl.col(f)).alias(f)
        for f in fields
        if found[f]
    )


def _parse_date(name: str) -> pl.Expr:
    return pl.col(name).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)


def _parse_canonical(name: str) -> pl.Expr:
    """The common case, fast: a naive ``YYYY-MM-DDTHH:MM:SS`` timestamp."""
    return pl.col(name).str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, cache=False)


def _iso_text(name: str) -> pl.Expr:
    """Any ISO timestamp spelled ``YYYY-MM-DDTHH:MM:SS[.f][+HH:MM]`` (``Z`` as ``+00:00``)."""
    return (
        pl.col(name)
        .str.strip_chars()
        .str.replace(r"^(\d{4}-\d{2}-\d{2})[ tT]", "${1}T")
        .str.replace(r"^(\d{4}-\d{2}-\d{2})$", "${1}T00:00:00")
        .str.replace(r"T(\d{2}:\d{2})($|[+\-zZ])", "T${1}:00${2}")
        .str.replace(r"[zZ]$", "+00:00")
    )


def _instant(text: pl.Expr) -> pl.Expr:
    """The UTC instant of an ISO text with an offset (null without one)."""
    return text.str.strptime(pl.Datetime("us", "UTC"), "%Y-%m-%dT%H:%M:%S%.f%:z", strict=False)


def _parse_any(name: str) -> pl.Expr:
    """Norwegian wall-clock time of any ISO timestamp, naive or with an offset."""
    text = _iso_text(name)
    with_offset = _instant(text).dt.convert_time_zone(_TZ).dt.replace_time_zone(None)
    naive = text.str.strptime(pl.Datetime("us"), "%Y-%m-%dT%H:%M:%S%.f", strict=False)
    return pl.when(text.str.contains(r"[+-]\d{2}:\d{2}$")).then(with_offset).otherwise(naive)


def _later_of_two(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """Mark values that are the *second* 02:xx of the autumn's repeated hour.

    Wall-clock time alone cannot tell the two apart (it is localised as the earlier one), but
    an explicit offset can: ``02:30+01:00`` is an hour after ``02:30+02:00``. Only values with
    an offset in an October 02:xx hour are examined, so most columns cost one cheap filter.
    """
    wall = pl.col(_PARSED + name)
    candidate = (
        (wall.dt.month() == 10)
        & (wall.dt.hour() == 2)
        & pl.col(name).str.contains(r"([+-]\d{2}:\d{2}|[zZ])\s*$")
    )
    if not frame.select(candidate.any()).item():
        return frame
    in_oslo = _instant(_iso_text(name)).dt.convert_time_zone(_TZ)
    later = candidate & (in_oslo.dt.dst_offset() == pl.duration(seconds=0))
    return frame.with_columns(later.fill_null(False).alias(_LATER + _PARSED + name))


def _misses(frame: pl.DataFrame, name: str, parsed: str) -> bool:
    count = frame.select((pl.col(name).is_not_null() & pl.col(parsed).is_null()).sum()).item()
    return bool(count)


def _parse_offset(name: str) -> pl.Expr:
    """The other common case, fast: ``YYYY-MM-DDTHH:MM:SS+HH:MM``, as Norwegian wall-clock time."""
    return (
        pl.col(name)
        .str.to_datetime("%Y-%m-%dT%H:%M:%S%:z", time_zone="UTC", strict=False, cache=False)
        .dt.convert_time_zone(_TZ)
        .dt.replace_time_zone(None)
    )


_OFFSET = re.compile(r"([+-])([0-9]{2}):([0-9]{2})")


def _parse_offset_fast(frame: pl.DataFrame, name: str) -> pl.Expr:
    """``YYYY-MM-DDTHH:MM:SS+HH:MM`` exactly, as Norwegian wall-clock time, about four times
    faster than :func:`_parse_offset`: the local time is parsed without its offset and moved by
    the offset, read from a table of the column's few distinct offsets. Other shapes (and
    offsets out of range) are left null, for the other parsers."""
    col = pl.col(name)
    shaped = col.str.len_bytes() == 25
    found = frame.select(pl.when(shaped).then(col.str.slice(19)).unique().drop_nulls())
    minutes: dict[str, int] = {}
    for suffix in found.to_series().to_list():
        match = _OFFSET.fullmatch(suffix)
        if match and int(match[2]) <= 23 and int(match[3]) <= 59:
            sign = -1 if match[1] == "-" else 1
            minutes[suffix] = sign * (int(match[2]) * 60 + int(match[3]))
    offset = col.str.slice(19).replace_strict(
        list(minutes), list(minutes.values()), default=None, return_dtype=pl.Int64
    )
    local = col.str.slice(0, 19).str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, cache=False)
    instant = (local - pl.duration(minutes=offset)).dt.replace_time_zone("UTC")
    wall = instant.dt.convert_time_zone(_TZ).dt.replace_time_zone(None)
    return pl.when(shaped).then(wall)


def _parsers(frame: pl.DataFrame, name: str) -> list[Callable[[str], pl.Expr]]:
    """Timestamp parsers to try, the one that fits the column's first value first."""
    sample = frame.get_column(name).drop_nulls().head(1).to_list()
    fast = partial(_parse_offset_fast, frame)
    if sample and re.search(r"[+-]\d{2}:\d{2}$", sample[0]):
        return [fast, _parse_offset, _parse_canonical, _parse_any]
    return [_parse_canonical, fast, _parse_offset, _parse_any]


def _parse_times(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the parsed date and wall-clock time columns; slower parsers only where needed."""
    frame = frame.with_columns(_parse_date(f).alias(_PARSED + f) for f in sorted(DATE_FIELDS))
    for name in sorted(DATETIME_FIELDS):
        first, *others = _parsers(frame, name)
        frame = frame.with_columns(first(name).alias(_PARSED + name))
        for parser in others:
            if not _misses(frame, name, _PARSED + name):
                break
            frame = frame.with_columns(
                pl.coalesce(_PARSED + name, parser(name)).alias(_PARSED + name)
            )
        frame = _later_of_two(frame, name)
    return frame


def _localized(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """Wall-clock column ``name`` made aware in Norway; a time in the spring gap moves an
    hour on (as java.time does)."""
    col = pl.col(name)
    ambiguous: Literal["earliest"] | pl.Expr = "earliest"  # a constant is the fast path
    if _LATER + name in frame.columns:
        ambiguous = (
            pl.when(pl.col(_LATER + name)).then(pl.lit("latest")).otherwise(pl.lit("earliest"))
        )
    frame = frame.with_columns(
        col.dt.replace_time_zone(_TZ, ambiguous=ambiguous, non_existent="null").alias("__aware")
    )
    if _misses(frame, name, "__aware"):
        moved = (col + pl.duration(hours=1)).dt.replace_time_zone(
            _TZ, ambiguous="earliest", non_existent="null"
        )
        frame = frame.with_columns(pl.coalesce("__aware", moved).alias("__aware"))
    return frame.with_columns(pl.col("__aware").alias(name)).drop(
        "__aware", *[c for c in (_LATER + name,) if c in frame.columns]
    )


def _check_parsed(frame: pl.DataFrame, raw: RawRecords, name: str, expected: str) -> None:
    bad = frame.filter(pl.col(name).is_not_null() & pl.col(_PARSED + name).is_null())
    if bad.height:
        first = bad.row(0, named=True)
        more = f" (and {bad.height - 1} more)" if bad.height > 1 else ""
        raise InputError(
            f"{raw.sources[first[FILE_COLUMN]]}: column '{name}', record {first[RECORD_COLUMN]}"
            f"{more}: not {expected}"
        )


def _rebase_days(frame: pl.DataFrame, rebase_to: date | None) -> int:
    """Days to add to every event date so the newest ``a_date`` is the day before."""
    newest = frame.get_column(_PARSED + "a_date").max()
    if rebase_to is None or not isinstance(newest, date):
        return 0
    return (rebase_to - newest).days - 1


def normalize(
    raw: RawRecords, *, rebase_to: date | None = None, first_day: date | None = None
) -> pl.DataFrame:
    """The 55 fields as served (strings or null) plus :data:`DAY_COLUMN`, :data:`UPDATED_COLUMN`.

    With ``rebase_to``, event dates move by whole days so the newest ``a_date`` is the day
    before ``rebase_to``. With ``first_day``, records with an earlier (or no) ``a_date`` are
    checked but then dropped: they could never be served.
    """
    frame = raw.frame
    missing = [
        pl.lit(None, dtype=pl.String).alias(f) for f in INNREISER_FIELDS if f not in frame.columns
    ]
    frame = _blanks_to_null(
        frame.with_columns(missing).select(*INNREISER_FIELDS, FILE_COLUMN, RECORD_COLUMN)
    )
    no_ref = frame.filter(pl.col("a_reference_code").is_null())
    if no_ref.height:
        first = no_ref.row(0, named=True)
        raise InputError(
            f"{raw.sources[first[FILE_COLUMN]]}: record {first[RECORD_COLUMN]}: "
            "a_reference_code is empty (the spec requires it in every record)"
        )
    frame = _parse_times(frame)
    for name in sorted(DATE_FIELDS):
        _check_parsed(frame, raw, name, "a date (YYYY-MM-DD)")
    for name in sorted(DATETIME_FIELDS):
        _check_parsed(frame, raw, name, "a timestamp (YYYY-MM-DDTHH:MM:SS, optional offset)")
    shift = _rebase_days(frame, rebase_to)
    if shift:
        frame = frame.with_columns(
            (pl.col(_PARSED + f) + pl.duration(days=shift)).alias(_PARSED + f)
            for f in sorted((DATE_FIELDS | DATETIME_FIELDS) & _EVENT)
        )
    if first_day is not None:
        frame = frame.filter(pl.col(_PARSED + "a_date") >= first_day)
    frame = frame.with_columns(
        pl.col(_PARSED + "a_date").cast(pl.Datetime("us")).alias("__a_date_start")
    )
    for name in [*(_PARSED + f for f in sorted(DATETIME_FIELDS)), "__a_date_start"]:
        frame = _localized(frame, name)

    def served(name: str) -> pl.Expr:
        parsed = pl.col(_PARSED + name)
        if name in DATE_FIELDS:
            return parsed.dt.to_string("%Y-%m-%d").alias(name)
        if name in DATETIME_FIELDS:
            return parsed.dt.to_string("%Y-%m-%dT%H:%M:%S%.f%:z").alias(name)
        return pl.col(name)

    updated = pl.max_horizontal(
        pl.col("__a_date_start").dt.epoch("us"),
        pl.col(_PARSED + "a_updated").dt.epoch("us"),
        pl.col(_PARSED + "p_updated").dt.epoch("us"),
    )
    return frame.select(
        *(served(f) for f in INNREISER_FIELDS),
        pl.col(_PARSED + "a_date").dt.epoch("d").cast(pl.Int32).alias(DAY_COLUMN),
        updated.alias(UPDATED_COLUMN),
    )
