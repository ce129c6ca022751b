"""What counts as a placeholder id: conservative, and never a number of any kind."""

from __future__ import annotations

import string

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from washer.ids import classify
from washer.ids.placeholder import WORDS, is_placeholder, placeholder, placeholder_flags
from washer.testing.strategies import (
    d_numbers,
    fh_numbers,
    fodselsnummer,
    h_numbers,
    passport_numbers,
    synthetic_numbers,
)

# What people put between the characters of a value: the separators the wash removes, and
# punctuation.
_GLUE = st.text(" .-/()_*\u00a0\u200b", max_size=2)


@st.composite
def spaced(draw: st.DrawFn, core: str) -> str:
    """``core`` with glue around and between its characters, in any case."""
    out = draw(_GLUE)
    for char in core:
        out += draw(st.sampled_from([char.lower(), char.upper()])) + draw(_GLUE)
    return out


def repeated_digits() -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(string.digits), st.integers(1, 14)).map(lambda t: t[0] * t[1])


placeholders = st.one_of(
    repeated_digits().flatmap(spaced),
    st.sampled_from(WORDS).flatmap(spaced),
    st.text(" .-/?*_#!", min_size=1, max_size=5),
)


@given(placeholders)
def test_repeated_digits_symbols_and_words_for_unknown_are_placeholders(value: str) -> None:
    assert is_placeholder(value)


@given(
    st.one_of(
        fodselsnummer(),
        d_numbers(),
        h_numbers(),
        fh_numbers(),
        synthetic_numbers(),
        passport_numbers(),
    )
)
def test_no_identity_number_of_any_kind_is_a_placeholder(number: str) -> None:
    assert classify(number) != "malformed"
    assert not is_placeholder(number)


def test_no_repeated_digit_is_a_valid_number() -> None:
    # Why a repeated digit may be taken for no id: none is a valid fnr, D, H, FH or synthetic
    # number (a passport of digits alone is, in form, but no real one repeats one digit).
    for digit in string.digits:
        assert classify(digit * 11) == "malformed"


@given(
    st.one_of(
        # two different digits (0000000001)
        st.tuples(repeated_digits(), st.sampled_from(string.digits), repeated_digits())
        .map("".join)
        .filter(lambda v: len(set(v)) > 1),
        # a word for unknown with a letter or digit more (ukjent1), or a name
        st.tuples(st.sampled_from(WORDS), st.sampled_from("1AEZ")).map("".join),
        st.sampled_from(["Ola", "ola@example.com", "Nina", "Kari Nordmann", "A"]),
    ).flatmap(spaced)
)
def test_a_value_that_merely_looks_like_one_is_not_a_placeholder(value: str) -> None:
    assert not is_placeholder(value)


@pytest.mark.parametrize("value", ["", None])
def test_nothing_is_no_placeholder(value: str | None) -> None:
    assert not is_placeholder(value)


def test_the_column_form_agrees_with_the_scalar_form() -> None:
    values = ["0", "0000000001", "N/A", "ukjent", "-", "Ola", None, "15088545610", "x x x"]
    column = pl.Series("v", values, dtype=pl.String)
    found = column.to_frame().select(placeholder(pl.col("v"))).to_series().to_list()
    assert found == [None if v is None else is_placeholder(v) for v in values]


@given(
    st.lists(
        st.none()
        | st.text("0001119X-/ .UKJENTukjent\u0131\u017f\u00df\u0660", max_size=6)
        | st.sampled_from(["00000000000", "15088545610", "11111111111", "9999 9999", ""]),
        max_size=12,
    )
)
def test_placeholder_flags_are_the_placeholder_expression(values: list[str | None]) -> None:
    series = pl.Series("v", values, dtype=pl.String)
    expected = series.to_frame().select(placeholder(pl.col("v")))["v"]
    assert placeholder_flags(series).equals(expected)
