"""Vectorised identity numbers are valid, distinct and carry the birth date and gender."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer, orgnr

from washer.generate import identities
from washer.ids._checksum import is_valid_classic

seeds = st.integers(0, 2**32 - 1)
birth_dates = st.lists(
    st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)), min_size=1, max_size=200
)


@settings(max_examples=50, deadline=None)
@given(seed=seeds, births=birth_dates, data=st.data())
def test_person_numbers_match_birth_date_gender_and_kind(
    seed: int, births: list[dt.date], data: st.DataObject
) -> None:
    n = len(births)
    male = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    d_number = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    rng = np.random.default_rng(seed)
    numbers = identities.person_numbers(
        rng, np.array(births, dtype="datetime64[D]"), male, d_number
    )
    texts = identities.as_text(numbers, 11).to_list()
    assert len(set(texts)) == n
    for text, born, is_male, is_d in zip(texts, births, male, d_number, strict=True):
        assert fodselsnummer.is_valid(text), text
        assert fodselsnummer.get_birth_date(text) == born
        assert (int(text[8]) % 2 == 1) == is_male
        assert (text[0] in "4567") == is_d


def test_person_numbers_are_distinct_even_when_many_share_a_birth_date() -> None:
    births = np.array(["1985-08-15"] * 200, dtype="datetime64[D]")
    male = np.arange(200) % 2 == 0
    numbers = identities.person_numbers(
        np.random.default_rng(1), births, male, np.zeros(200, dtype=bool)
    )
    assert len(set(numbers.tolist())) == 200


@settings(max_examples=30, deadline=None)
@given(seed=seeds, size=st.integers(0, 500))
def test_fh_numbers_are_distinct_and_valid(seed: int, size: int) -> None:
    texts = identities.as_text(
        identities.fh_numbers(np.random.default_rng(seed), size), 11
    ).to_list()
    assert len(set(texts)) == size
    for text in texts:
        assert text[0] in "89"
        assert is_valid_classic(text)
        assert not fodselsnummer.is_valid(text)  # never mistaken for a person's number


@settings(max_examples=30, deadline=None)
@given(seed=seeds, size=st.integers(0, 500))
def test_orgnr_are_distinct_and_valid(seed: int, size: int) -> None:
    texts = identities.as_text(
        identities.orgnr_numbers(np.random.default_rng(seed), size), 9
    ).to_list()
    assert len(set(texts)) == size
    assert all(orgnr.is_valid(t) and t[0] in "89" for t in texts)


@given(seed=seeds, pattern=st.lists(st.integers(0, 2), max_size=50))
def test_passport_numbers_follow_their_pattern(seed: int, pattern: list[int]) -> None:
    patterns = ("AA9999999", "99999999", "C99AA9999")
    numbers = identities.passport_numbers(
        np.random.default_rng(seed), np.array(pattern, dtype=np.int64), patterns
    )
    assert numbers.len() == len(pattern)
    for number, which in zip(numbers.to_list(), pattern, strict=True):
        shape = patterns[which]
        assert len(number) == len(shape)
        for char, kind in zip(number, shape, strict=True):
            if kind == "A":
                assert char.isascii() and char.isupper()
            elif kind == "9":
                assert char.isdigit()
            else:
                assert char == kind


def test_same_seed_same_numbers() -> None:
    births = np.array(["1970-01-01", "2001-05-06"], dtype="datetime64[D]")
    male = np.array([True, False])
    first = identities.person_numbers(np.random.default_rng(7), births, male, ~male)
    again = identities.person_numbers(np.random.default_rng(7), births, male, ~male)
    assert first.tolist() == again.tolist()


def test_passport_numbers_are_distinct_even_in_a_small_space() -> None:
    numbers = identities.passport_numbers(
        np.random.default_rng(3), np.zeros(500, dtype=np.int64), ("A99",)
    )
    assert numbers.n_unique() == 500  # 23 letters x 100 = 2300 possible
