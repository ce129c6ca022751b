"""Phone numbers: normalisation, and keyed fakes that keep country code, class and layout."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes import fake_phones, normalize_phone
from washer.fakes._country_codes import ONE, THREE, TWO

from ._helpers import (
    KEY,
    OTHER_KEY,
    PHONE_LAYOUTS,
    keys,
    norwegian_phones,
    phone_layouts,
    series,
)

NO_CLASS = {d: c for c in ("49", "23567", "8") for d in c}


def test_the_three_layouts_of_the_wash_issue_are_one_phone() -> None:
    s = series(["+47 912 34 567", "004791234567", "91234567", "4791234567", "912 34 567"])
    assert normalize_phone(s).unique().to_list() == ["+4791234567"]
    fakes = fake_phones(s, KEY)
    assert normalize_phone(fakes).n_unique() == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+46 70-123 45 67", "+46701234567"),
        ("+44 (0)20 7946 0000", "+442079460000"),
        ("0048 601 234 567", "+48601234567"),
        ("+370 612 34567", "+37061234567"),
        ("+1 (212) 555-0100", "+12125550100"),
        ("+999 1234567", "+9991234567"),
        ("22 33 44 55", "+4722334455"),
        ("12345678", None),  # Norwegian numbers do not start with 1
        ("1234567", None),
        ("ring meg", None),
        ("+47 1234", None),  # +47 numbers have 8 digits
        (None, None),
    ],
)
def test_normalize_phone_examples(raw: str | None, expected: str | None) -> None:
    assert normalize_phone(series([raw]))[0] == expected


def test_other_default_country_drops_the_trunk_zero() -> None:
    out = normalize_phone(series(["070-123 45 67"]), default_country="46")
    assert out[0] == "+46701234567"


def test_country_codes_are_prefix_free() -> None:
    codes = ONE | TWO | THREE
    for code in codes:
        assert not any(other != code and other.startswith(code) for other in codes)
    assert {"47", "46", "45", "358", "354", "48", "370", "371", "372", "49", "44"} <= codes


@given(national=norwegian_phones(), layout=st.integers(0, PHONE_LAYOUTS - 1), key=keys)
def test_norwegian_fake_keeps_layout_length_and_class(
    national: str, layout: int, key: bytes
) -> None:
    raw = phone_layouts(national)[layout]
    fake = fake_phones(series([raw]), key)[0]
    assert re.sub("[0-9]", "9", fake) == re.sub("[0-9]", "9", raw)  # same layout
    fake_national = normalize_phone(series([fake]))[0][3:]
    assert len(fake_national) == 8
    assert fake_national != national
    assert NO_CLASS[fake_national[0]] == NO_CLASS[national[0]]
    if layout < 2:
        assert fake.startswith(raw[:4])  # "+47 " / "0047" kept


@given(
    cc=st.sampled_from(["46", "45", "48", "358", "370", "44", "1", "49"]),
    national=st.text(alphabet="0123456789", min_size=6, max_size=10).filter(lambda s: s[0] != "0"),
    key=keys,
)
def test_foreign_fake_keeps_country_code_and_first_digit(
    cc: str, national: str, key: bytes
) -> None:
    raw = f"+{cc} {national}"
    fake = fake_phones(series([raw]), key)[0]
    assert fake.startswith(f"+{cc} {national[0]}")
    assert len(fake) == len(raw)
    assert normalize_phone(series([fake]))[0] != normalize_phone(series([raw]))[0]


def test_norwegian_fakes_are_injective_on_a_large_sample() -> None:
    rng = np.random.default_rng(7)
    numbers = np.unique(rng.integers(40_000_000, 50_000_000, 150_000))
    numbers = np.concatenate([numbers, numbers + 50_000_000])  # 4xxxxxxx and 9xxxxxxx
    originals = pl.Series([f"+47{n}" for n in numbers])
    fakes = fake_phones(originals, KEY)
    assert fakes.n_unique() == len(originals)
    assert not (fakes == originals).any()
    assert fakes.str.slice(3, 1).is_in(["4", "9"]).all()


def test_foreign_fakes_are_injective_on_a_large_sample() -> None:
    rng = np.random.default_rng(8)
    numbers = np.unique(rng.integers(700_000_000, 800_000_000, 100_000))
    originals = pl.Series([f"+46{n}" for n in numbers])
    fakes = fake_phones(originals, KEY)
    assert fakes.n_unique() == len(originals)
    assert not (fakes == originals).any()


@settings(max_examples=30)
@given(values=st.lists(st.one_of(st.none(), norwegian_phones()), max_size=30))
def test_fakes_are_value_based_and_keyed(values: list[str | None]) -> None:
    s = series(values)
    out = fake_phones(s, KEY)
    assert out.is_null().to_list() == s.is_null().to_list()
    # A function of the set of values: order and repetition do not matter.
    assert fake_phones(s.reverse(), KEY).reverse().to_list() == out.to_list()
    doubled = fake_phones(pl.concat([s, s]), KEY).to_list()
    assert doubled == out.to_list() * 2
    other = fake_phones(s, OTHER_KEY)
    present = [v is not None for v in values]
    if sum(present) >= 5:  # a different key gives different fakes (almost all of them)
        same = sum(a == b for a, b, p in zip(out, other, present, strict=True) if p)
        assert same < sum(present) / 2


def test_values_that_are_not_phones() -> None:
    s = series(["ukjent", "tlf 123 45", "", None])
    out = fake_phones(s, KEY).to_list()
    assert out[0] == "ukjent"  # no digits: nothing to hide
    assert out[1].startswith("tlf ") and re.fullmatch(r"tlf \d{3} \d{2}", out[1])
    assert out[1] != "tlf 123 45"
    assert out[2:] == ["", None]


def test_numbers_inside_other_values_get_their_own_fakes() -> None:
    s = series(["91234567 / 22334455", "+47 912 34 567 (mobil)"])
    out = fake_phones(s, KEY).to_list()
    first, second = fake_phones(series(["91234567", "22334455"]), KEY).to_list()
    assert out[0] == f"{first} / {second}"
    assert out[1] == fake_phones(series(["+47 912 34 567"]), KEY)[0] + " (mobil)"


def test_no_fake_is_any_number_of_the_run_even_in_a_dense_sample() -> None:
    # 300,000 of the 2,000,000 numbers +47 4xxxxxxx... in the 4/9 class: plain permutation
    # fakes would hit other inputs about 15 % of the time.
    rng = np.random.default_rng(11)
    numbers = rng.choice(np.arange(40_000_000, 40_000_000 + 2_000_000), 300_000, replace=False)
    originals = pl.Series([f"+47{n}" for n in numbers])
    fakes = fake_phones(originals, KEY)
    assert fakes.n_unique() == len(originals)
    assert not fakes.is_in(originals.implode()).any()
    alone = fake_phones(originals.head(1000), KEY)
    assert (alone == fakes.head(1000)).mean() > 0.5  # mostly the plain value-based fakes


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(
        norwegian_phones().flatmap(lambda n: st.sampled_from(phone_layouts(n))),
        min_size=1,
        max_size=30,
        unique=True,
    ),
    other=st.sampled_from(["ring meg", "91234567 / 22334455", "12", "+47 912 34 567 (mobil)"]),
)
def test_a_column_of_numbers_only_fakes_as_one_with_other_values(
    values: list[str], other: str
) -> None:
    """A column whose values are all numbers takes the way without gather and scatter: the
    same fakes as beside a value that is none."""
    from washer.fakes.phones import _fake

    alone = _fake(series(values), KEY, "47")
    mixed = _fake(series([*values, other]), KEY, "47")
    assert alone.dtype == pl.String
    assert alone.to_list() == mixed.head(len(values)).to_list()
