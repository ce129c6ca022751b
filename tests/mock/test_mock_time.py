"""RFC 3339 instants and Norwegian days, against the standard library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from washer.mock._time import OSLO, epoch_day, oslo_day, parse_rfc3339

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


def _render(moment: datetime) -> str:
    offset = moment.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    text = f"{moment.year:04d}-" + moment.strftime("%m-%dT%H:%M:%S")
    text += f".{moment.microsecond:06d}" if moment.microsecond else ""
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@given(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)), offsets)
def test_parse_agrees_with_datetime(naive: datetime, tz: timezone) -> None:
    moment = naive.replace(tzinfo=tz)
    expected = (moment - EPOCH) // timedelta(microseconds=1)
    assert parse_rfc3339(_render(moment)) == expected
    assert parse_rfc3339(_render(moment).replace("T", "t")) == expected


@given(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)))
def test_z_is_utc(naive: datetime) -> None:
    text = f"{naive.year:04d}-" + naive.strftime("%m-%dT%H:%M:%S")
    assert parse_rfc3339(text + "Z") == parse_rfc3339(text + "+00:00")


@pytest.mark.parametrize(
    "text",
    [
        "2021-09-04T22:05:37",  # no offset
        "2021-09-04 22:05:37Z",  # space
        "2021-09-04T22:05Z",  # no seconds
        "2021-09-04",
        "2021-02-29T00:00:00Z",  # not a leap year
        "2021-09-04T24:00:00Z",
        "2021-09-04T22:05:37+24:00",
        "2021-09-04T22:05:37+0200",
        "\uff12\uff10\uff12\uff11-09-04T22:05:37Z",  # full-width digits
        "",
    ],
)
def test_non_rfc3339_is_rejected(text: str) -> None:
    assert parse_rfc3339(text) is None


def test_leap_second_and_year_zero_parse() -> None:
    assert parse_rfc3339("2016-12-31T23:59:60Z") == parse_rfc3339("2017-01-01T00:00:00Z")
    assert parse_rfc3339("0000-01-01T00:00:00Z") is not None


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))
def test_oslo_day_is_the_norwegian_calendar_day(naive: datetime) -> None:
    moment = naive.replace(tzinfo=UTC)
    us = (moment - EPOCH) // timedelta(microseconds=1)
    assert oslo_day(us) == epoch_day(moment.astimezone(OSLO).date())


def test_oslo_day_is_bounded_at_the_extremes() -> None:
    low, high = parse_rfc3339("0000-01-01T00:00:00Z"), parse_rfc3339("9999-12-31T23:59:59-23:59")
    assert low is not None and high is not None
    assert oslo_day(low) < epoch_day(datetime(2, 1, 1).date())
    assert oslo_day(high) > epoch_day(datetime(9999, 1, 1).date())
