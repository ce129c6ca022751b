"""The public hypothesis strategies: options are honoured and validated up front."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from washer.ids import dnr, fnr, hnr, is_valid_classic, passport, synthetic
from washer.testing import strategies as ids_st

D = datetime.date
DATED = [
    (ids_st.fodselsnummer, fnr),
    (ids_st.d_numbers, dnr),
    (ids_st.h_numbers, hnr),
    (ids_st.synthetic_numbers, synthetic),
]


@pytest.mark.parametrize(("strategy", "module"), DATED)
@given(data=st.data())
def test_dated_options_are_honoured(
    strategy: Callable[..., Any], module: Any, data: st.DataObject
) -> None:
    low = data.draw(st.dates(D(1854, 1, 1), D(2039, 12, 31)))
    high = data.draw(st.dates(low, min(low + datetime.timedelta(days=400), D(2039, 12, 31))))
    gender = data.draw(st.sampled_from(["F", "M"]))
    number = data.draw(strategy(min_birth_date=low, max_birth_date=high, gender=gender))
    assert low <= module.get_birth_date(number) <= high
    assert module.get_gender(number) == gender
    assert is_valid_classic(number)


@pytest.mark.parametrize(("strategy", "module"), DATED)
@given(data=st.data())
def test_2032_rule_option(strategy: Callable[..., Any], module: Any, data: st.DataObject) -> None:
    number = data.draw(strategy(rule="2032"))
    assert module.is_valid(number) and not is_valid_classic(number)


@given(value=ids_st.passport_numbers(min_length=11, max_length=11))
def test_passport_lengths(value: str) -> None:
    assert len(value) == 11 and passport.is_valid(value)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ids_st.fodselsnummer(min_birth_date=D(2000, 1, 2), max_birth_date=D(2000, 1, 1)),
        lambda: ids_st.fodselsnummer(min_birth_date=D(1800, 1, 1)),
        lambda: ids_st.d_numbers(max_birth_date=D(2040, 1, 1)),
        lambda: ids_st.h_numbers(min_birth_date="2000-01-01"),
        lambda: ids_st.fodselsnummer(min_birth_date=datetime.datetime(2000, 1, 1)),
        lambda: ids_st.fodselsnummer(gender="X"),
        lambda: ids_st.fodselsnummer(rule="1990"),
        lambda: ids_st.synthetic_numbers(kind="hnr"),
        lambda: ids_st.passport_numbers(min_length=4),
        lambda: ids_st.passport_numbers(max_length=13),
        lambda: ids_st.passport_numbers(min_length=9, max_length=8),
        lambda: ids_st.malformed_ids(eleven_digits="yes"),
    ],
)
def test_bad_options_are_rejected_when_called(make: Callable[[], object]) -> None:
    with pytest.raises(InvalidArgument):
        make()


@given(value=ids_st.malformed_ids(eleven_digits=True))
def test_eleven_digit_malformed(value: str) -> None:
    assert len(value) == 11 and value.isdigit()


@given(value=ids_st.malformed_ids(eleven_digits=False))
def test_other_malformed(value: str) -> None:
    assert not (len(value) == 11 and value.isdigit())
