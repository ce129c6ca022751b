"""Dates as text: every spelling moves by whole days and keeps its own format."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from washer import date_shapes, dates
from washer.dates import format_days, format_like, parse_dates, shift_dates


def _shift(values: list[str | None], days: int) -> list[str | None]:
    frame = pl.DataFrame({"t": values}, schema={"t": pl.String})
    return frame.select(shift_dates(pl.col("t"), days))["t"].to_list()


@pytest.mark.parametrize(
    ("value", "shifted"),
    [
        ("2021-09-04", "2021-09-14"),
        ("2021-09-04T22:05:37", "2021-09-14T22:05:37"),
        ("2021-09-04 22:05:37.123", "2021-09-14 22:05:37.123"),
        ("2021-09-04T22:05:37+02:00", "2021-09-14T22:05:37+02:00"),
        ("2021-12-25T23:59:59.123456Z", "2022-01-04T23:59:59.123456Z"),
        ("2021-09-04T22:05", "2021-09-14T22:05"),
        ("4.9.2021", "14.9.2021"),
        ("04.09.2021 10:00", "14.09.2021 10:00"),
        (" 2021-09-04 ", " 2021-09-14 "),
        ("", ""),
        ("   ", "   "),
        ("2021-02-30", None),
        ("not a date", None),
        ("2021-09-04 (approx)", None),
        (None, None),
    ],
)
def test_each_spelling_is_kept(value: str | None, shifted: str | None) -> None:
    assert _shift([value], 10) == [shifted]


_MIXED = ["2021-09-04", "2021-09-04T22:05:37+02:00", "4.9.2021", " 2021-09-04 ", "", "2021-02-30"]


@given(values=st.lists(st.sampled_from([*_MIXED, "x", None]), max_size=12))
@settings(max_examples=200, deadline=None)
def test_a_column_shifts_as_its_values_would_alone(values: list[str | None]) -> None:
    # The fast path takes shortcuts by column (no nulls, only bare dates): never a change.
    assert _shift(values, 10) == [_shift([v], 10)[0] for v in values]


_SPELLINGS = (
    lambda d, t: d.isoformat(),
    lambda d, t: f"{d.isoformat()}T{t}",
    lambda d, t: f"{d.isoformat()}T{t}+02:00",
    lambda d, t: f"{d.isoformat()}T{t}.5Z",
    lambda d, t: f"{d.isoformat()} {t}",
    lambda d, t: f"{d.day}.{d.month}.{d.year}",
    lambda d, t: d.strftime("%d.%m.%Y"),
)


@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2090, 12, 31)),
    time=st.times().map(lambda t: t.strftime("%H:%M:%S")),
    days=st.integers(-3000, 3000),
    spelling=st.sampled_from(_SPELLINGS),
)
@settings(max_examples=200, deadline=None)
def test_shift_moves_the_date_and_nothing_else(
    day: dt.date, time: str, days: int, spelling: object
) -> None:
    assert callable(spelling)
    if spelling is _SPELLINGS[5]:
        # "10.10.2000" does not say whether it is padded; both ends must show it
        later = day + dt.timedelta(days=days)
        assume(min(day.day, day.month) < 10 and min(later.day, later.month) < 10)
    value = spelling(day, time)
    moved = _shift([value], days)[0]
    assert moved is not None
    assert moved == spelling(day + dt.timedelta(days=days), time)
    assert _shift([moved], -days) == [value]


def test_parse_reads_the_calendar_date() -> None:
    frame = pl.DataFrame({"t": ["1985-08-15", "15.08.1985", "x", None]})
    assert frame.select(parse_dates(pl.col("t")))["t"].to_list() == [
        dt.date(1985, 8, 15),
        dt.date(1985, 8, 15),
        None,
        None,
    ]


def test_format_like_writes_a_new_date_in_the_old_spelling() -> None:
    frame = pl.DataFrame(
        {"t": ["1985-08-15", "15.8.1985", "1985-08-15T10:00:00Z"], "d": [dt.date(1986, 1, 2)] * 3}
    )
    assert frame.select(format_like(pl.col("t"), pl.col("d")).alias("t"))["t"].to_list() == [
        "1986-01-02",
        "2.1.1986",
        "1986-01-02T10:00:00Z",
    ]


@given(
    days=st.lists(
        st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))), max_size=20
    ),
    near=st.booleans(),
    form=st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d%m%y"]),
)
def test_formatting_each_day_once_writes_what_strftime_writes(
    days: list[dt.date | None], near: bool, form: str
) -> None:
    """:func:`format_days` (a table of the column's days, gathered) is ``dt.strftime``: with
    days spread over the calendar (strftime itself) and close together (the table)."""
    if near:  # a span shorter than the column, so the table is used
        start = dt.date(2000, 1, 1)
        days = [None if d is None else start + dt.timedelta(d.toordinal() % 7) for d in days]
    dates = pl.Series("d", days, dtype=pl.Date)
    assert format_days(dates, form).to_list() == dates.dt.strftime(form).to_list()
    assert format_days(dates, form).name == "d"


def _format_series_before(pair: pl.Series) -> pl.Series:
    """The birth dates' formatting before bare dates skipped the time of day: the oracle."""
    frame = pair.struct.unnest()
    frame = frame.rename({frame.columns[0]: "t", dates._NEW: "d"})
    fast = frame.select(
        pl.when(dates._iso_date(pl.col("t"), dates._rest_check(frame["t"])).is_not_null())
        .then(
            pl.concat_str([pl.lit(format_days(frame["d"], dates._ISO)), pl.col("t").str.slice(10)])
        )
        .alias("t")
    )["t"]
    pending = frame["t"].is_not_null() & fast.is_null()
    if not pending.any():
        return fast.alias(pair.name)
    rows = pending.arg_true()
    washed = frame.select(pl.all().gather(rows)).select(
        dates._format_other(pl.col("t"), pl.col("d")).alias("t")
    )["t"]
    return fast.scatter(rows, washed).alias(pair.name)


# Bare dates (ten bytes: valid, invalid, non-ASCII), shorter and longer spellings, blanks.
_BIRTHS = st.sampled_from(
    [
        "1985-08-15",
        "1985-02-30",
        "1985-8-15",
        "1985-8-5",
        "2000-01-0é",
        "15.08.1985",
        "5.8.1985",
        "1985-08-15T10:00:00",
        "1985-08-15 ",
        " 1985-08-15",
        "",
        "   ",
        "ukjent",
        "0000000000",
    ]
)


@given(
    st.lists(st.tuples(st.none() | _BIRTHS, st.none() | st.dates()), max_size=30),
    st.booleans(),
)
def test_a_birth_date_column_is_formatted_as_before(
    rows: list[tuple[str | None, dt.date | None]], bare_only: bool
) -> None:
    if bare_only:  # a column of bare dates only takes the path that skips the time of day
        rows = [(v if v is None or len(v.encode()) == 10 else None, d) for v, d in rows]
    frame = pl.DataFrame(rows, schema={"b": pl.String, dates._NEW: pl.Date}, orient="row")
    pair = frame.to_struct("b")
    assert dates._format_series(pair).equals(_format_series_before(pair))


# Time stamps of one layout, as extracts write them, and bytes that break a value's layout
# (in place, mostly: a column of values of one length is the one the byte-wise path takes;
# ":" twice, the byte next above the digits).
_STAMPS = ("T%H:%M:%S+01:00", " %H:%M:%S", "T%H:%M:%S.%fZ", "T%H:%M", "T%H:%M:%S -0530")
_BYTES = st.sampled_from(
    ["x", "7", " ", "-", ":", ":", ";", "T", "+", "Z", "\x00", ".", "0", "9", "/"]
)
_OTHERS = st.sampled_from(["é", "٣", "", "ab"])


@st.composite
def _stamp_columns(draw: st.DrawFn) -> list[str | None]:
    stamp = draw(st.sampled_from(_STAMPS))
    wide = draw(st.integers(0, 4)) == 0  # days over centuries: too many keys for a table
    low, high = (
        (dt.date(1, 1, 1), dt.date(9999, 12, 31))
        if wide
        else (dt.date(2021, 3, 1), dt.date(2021, 4, 20))
    )
    lengths = draw(st.integers(0, 3)) == 0  # some values of other lengths, or none
    values: list[str | None] = []
    for _ in range(draw(st.integers(1, 40))):
        when = dt.datetime.combine(draw(st.dates(low, high)), draw(st.times()))
        value = when.strftime("%Y-%m-%d") + when.strftime(stamp)
        if draw(st.integers(0, 5)) == 0:  # a byte replaced (or another length)
            at = draw(st.integers(0, len(value) - 1))
            value = value[:at] + draw(_OTHERS if lengths else _BYTES) + value[at + 1 :]
        if draw(st.integers(0, 9)) == 0:  # no date, and heads whose key parts overflow
            past = (f"{when.year - 1}-{when.month + 13}-{when.day:02d}", "2021-02-30", "2021-13-01")
            stamps = [f"{p}{when.strftime(stamp)}" for p in past]
            stamps.append(f"{when.year}-{when.month - 1:02d}-{when.day + 32}{when.strftime(stamp)}")
            value = draw(st.sampled_from([*stamps, None]))
        if lengths and draw(st.integers(0, 9)) == 0:
            value = draw(st.sampled_from(["", "   ", "2021-03-04", f"{value} "]))
        values.append(value)
    return values


@given(
    values=_stamp_columns(),
    days=st.sampled_from([-800_000, -30, 0, 10, 800_000]),
    block=st.sampled_from([1, 2, 512]),
)
@settings(max_examples=400, deadline=None)
def test_time_stamps_of_one_layout_shift_as_by_the_general_path(
    values: list[str | None], days: int, block: int
) -> None:
    """The byte-wise shift of a column's one layout (``washer.date_shapes``) writes what the
    general path (regex check of the rest, join of the dates) writes, value for value; with
    blocks of few rows, so that short columns reach the word-wise test too."""
    text = pl.Series("t", values, dtype=pl.String)
    present = text.drop_nulls()
    with mock.patch.object(date_shapes, "_BLOCK", block):
        shifted = dates._shift_values(present, days).to_list()
        assert shifted == dates._shift_any(present, days).to_list()
        expected = iter(shifted)
        assert _shift(values, days) == [None if v is None else next(expected) for v in values]
