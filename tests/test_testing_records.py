"""The hypothesis strategies for whole records and extracts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis.errors import InvalidArgument
from stdnum.no import fodselsnummer

from washer.schema import INNREISER_FIELDS
from washer.testing.records import innreise_frames, innreise_records


@settings(max_examples=25, deadline=None)
@given(innreise_frames(min_rows=3, max_rows=40))
def test_frames_are_extracts_within_bounds(frame: pl.DataFrame) -> None:
    assert 3 <= frame.height <= 40
    assert tuple(frame.columns) == INNREISER_FIELDS
    assert set(frame.dtypes) == {pl.String}


@settings(max_examples=25, deadline=None)
@given(innreise_records(reference_date=dt.date(2021, 6, 1)))
def test_records_are_single_valid_rows(record: dict[str, str | None]) -> None:
    assert tuple(record) == INNREISER_FIELDS
    assert (
        dt.date(2021, 5, 22) <= dt.date.fromisoformat(str(record["a_date"])) < dt.date(2021, 6, 1)
    )
    number = record["p_unique_id"]
    if number is not None and len(number) == 11 and number.isdigit():
        assert fodselsnummer.get_birth_date(number).isoformat() == record["p_birth_date"]


@settings(max_examples=10, deadline=None)
@given(
    innreise_frames(
        min_rows=0,
        max_rows=0,
        min_reference_date=dt.date(2021, 2, 1),
        max_reference_date=dt.date(2021, 2, 1),
    )
)
def test_empty_frames_keep_the_columns(frame: pl.DataFrame) -> None:
    assert frame.height == 0 and tuple(frame.columns) == INNREISER_FIELDS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_rows": 5, "max_rows": 2}, "min_rows <= max_rows"),
        ({"min_rows": -1}, "min_rows"),
        ({"max_rows": 10**6}, "max_rows"),
        ({"max_rows": 2.5}, "max_rows must be an integer"),
        ({"reference_date": "2021-03-31"}, "reference_date must be a datetime.date"),
        ({"reference_date": dt.date(2045, 1, 1)}, "is not between"),
        (
            {"min_reference_date": dt.date(2022, 1, 1), "max_reference_date": dt.date(2021, 1, 1)},
            "is after",
        ),
        ({"messy": "yes"}, "messy must be True or False"),
    ],
)
def test_bad_arguments_fail_when_the_strategy_is_made(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        innreise_frames(**kwargs)
