"""The keyed map of date-carrying numbers (fnr, D, H): validity, coherence, injectivity, keys."""

from __future__ import annotations

import datetime

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer as stdnum_fnr

from washer.ids import (
    FakeIdMapper,
    IdKind,
    classify,
    classify_series,
    dnr,
    fnr,
    hnr,
    is_valid_2032,
    is_valid_classic,
    synthetic,
)
from washer.ids._buckets import SERIES, WINDOW, Bucket, Buckets
from washer.ids._checksum import check_digits, individual_allowed
from washer.ids._dated import FORMS
from washer.keys import Key
from washer.testing import strategies as ids_st
from washer.testing.id_columns import distinct_numbers

D = datetime.date
EPOCH = D(1970, 1, 1)
REAL = st.one_of(ids_st.fodselsnummer(), ids_st.d_numbers(), ids_st.h_numbers())
FAKE_KIND = {"fnr": "synthetic_fnr", "dnr": "synthetic_dnr", "hnr": "hnr"}
MODULE = {"fnr": fnr, "dnr": dnr, "hnr": hnr}


def birth_date(number: str) -> D:
    return {
        IdKind.FNR: fnr,
        IdKind.DNR: dnr,
        IdKind.HNR: hnr,
        IdKind.SYNTHETIC_FNR: synthetic,
        IdKind.SYNTHETIC_DNR: synthetic,
    }[classify(number)].get_birth_date(number)


def whole_window(kind: str, parity: int, inside: D) -> list[str]:
    """Every valid number of one kind, gender and 91-day window: the densest possible input."""
    start = (inside - EPOCH).days // 91 * 91
    numbers = []
    for offset in range(91):
        day = EPOCH + datetime.timedelta(days=start + offset)
        day_add, month_add = (40, 0) if kind == "dnr" else (0, 40) if kind == "hnr" else (0, 0)
        head = f"{day.day + day_add:02d}{day.month + month_add:02d}{day.year % 100:02d}"
        allowed = individual_allowed(day.year)
        for iii in range(parity, 1000, 2):
            digits = check_digits(f"{head}{iii:03d}") if allowed[iii] else None
            if digits is not None:
                numbers.append(f"{head}{iii:03d}{digits[0]}{digits[1]}")
    return numbers


@settings(deadline=None, max_examples=50)
@given(values=st.lists(REAL, min_size=1, max_size=40, unique=True))
def test_fakes_are_valid_synthetic_and_coherent(mapper: FakeIdMapper, values: list[str]) -> None:
    out = mapper.map_person_ids(pl.Series(values))
    assert out.columns == ["kind", "fake", "fake_birth_date"]
    assert out["fake"].n_unique() == len(values)
    for value, (kind, fake, born) in zip(values, out.iter_rows(), strict=True):
        assert kind == classify(value)
        assert classify(fake) == FAKE_KIND[kind]
        assert is_valid_2032(fake)
        if kind != "hnr":
            assert 81 <= int(fake[2:4]) <= 92
        assert int(fake[8]) % 2 == int(value[8]) % 2
        assert born == birth_date(fake)
        assert abs((born - MODULE[kind].get_birth_date(value)).days) <= 90
        assert fake != value


@pytest.mark.parametrize(
    ("kind", "parity", "inside"),
    [
        ("fnr", 0, D(1975, 6, 1)),
        ("fnr", 1, D(2004, 2, 29)),
        ("dnr", 1, D(1899, 12, 31)),
        ("hnr", 0, D(1950, 1, 1)),
    ],
)
def test_a_whole_window_maps_without_collision(
    mapper: FakeIdMapper, realistic: FakeIdMapper, kind: str, parity: int, inside: D
) -> None:
    values = whole_window(kind, parity, inside)
    assert len(values) > 10_000
    out = mapper.map_person_ids(pl.Series(values))
    fakes = out["fake"]
    assert fakes.n_unique() == len(values)
    assert (classify_series(fakes) == FAKE_KIND[kind]).all()
    assert fakes.map_elements(is_valid_classic, return_dtype=pl.Boolean).mean() > 0.99
    window = {(d.toordinal() - EPOCH.toordinal()) // 91 for d in out["fake_birth_date"]}
    assert window == {(inside - EPOCH).days // 91}
    # realistic: the bucket's real numbers are permuted among themselves, none stays put
    same = realistic.map_person_ids(pl.Series(values))["fake"]
    assert sorted(same) == sorted(values)
    assert not (same == pl.Series(values)).any()


def test_large_random_sample_is_injective(mapper: FakeIdMapper) -> None:
    values = distinct_numbers(200_000, seed=7)
    fakes = mapper.map_person_ids(values)["fake"]
    assert fakes.null_count() == 0
    assert fakes.n_unique() == len(values)
    assert not fakes.is_in(values.implode()).any()


@pytest.mark.slow
def test_millions_are_injective(mapper: FakeIdMapper) -> None:
    values = pl.concat(
        [
            distinct_numbers(3_000_000, seed=11, min_birth_date=D(1900, 1, 1)),
            distinct_numbers(500_000, kind="dnr", seed=12),
        ]
    )
    out = mapper.map_person_ids(values)
    assert out["fake"].n_unique() == len(values)
    kinds = classify_series(out["fake"]).value_counts()
    assert set(kinds["kind"]) == {"synthetic_fnr", "synthetic_dnr"}


def test_deterministic_across_instances_and_batches(mapper: FakeIdMapper, key: Key) -> None:
    values = distinct_numbers(5_000, seed=3)
    again = FakeIdMapper(key).map_person_ids(values)
    assert again.equals(mapper.map_person_ids(values))
    # a value's fake does not depend on what else is in the call
    alone = mapper.map_person_ids(values[:50])
    assert alone.equals(again[:50])
    reversed_out = mapper.map_person_ids(values.reverse())
    assert reversed_out.reverse().equals(again)


def test_another_key_gives_unrelated_fakes(
    mapper: FakeIdMapper, other_mapper: FakeIdMapper
) -> None:
    values = distinct_numbers(5_000, seed=4)
    a = mapper.map_person_ids(values)["fake"]
    b = other_mapper.map_person_ids(values)["fake"]
    assert (a == b).mean() < 0.01


@settings(deadline=None, max_examples=50)
@given(values=st.lists(REAL, min_size=1, max_size=30, unique=True))
def test_realistic_style_passes_stdnum(realistic: FakeIdMapper, values: list[str]) -> None:
    out = realistic.map_person_ids(pl.Series(values))
    for value, (kind, fake, born) in zip(values, out.iter_rows(), strict=True):
        assert stdnum_fnr.is_valid(fake)
        assert classify(fake) == kind
        assert fake != value
        assert int(fake[8]) % 2 == int(value[8]) % 2
        assert born == stdnum_fnr.get_birth_date(fake)


def test_spellings_nulls_and_order(mapper: FakeIdMapper) -> None:
    ids = pl.Series(["15088545610", None, " 150885-456 10 ", "", "55088545604", "15088545610"])
    out = mapper.map_person_ids(ids)
    assert out["kind"].to_list() == ["fnr", "empty", "fnr", "empty", "dnr", "fnr"]
    fakes = out["fake"].to_list()
    assert fakes[0] == fakes[2] == fakes[5] and fakes[0] is not None
    assert fakes[1] is None and fakes[3] is None
    assert out["fake_birth_date"].dtype == pl.Date
    assert out["fake_birth_date"].is_null().to_list() == [False, True, False, True, False, False]


def test_empty_and_all_null_columns(mapper: FakeIdMapper) -> None:
    assert mapper.map_person_ids(pl.Series([], dtype=pl.String)).height == 0
    out = mapper.map_person_ids(pl.Series([None, None]))
    assert out["kind"].to_list() == ["empty", "empty"]
    assert out["fake"].to_list() == [None, None]


def test_bad_arguments(mapper: FakeIdMapper, key: Key) -> None:
    with pytest.raises(ValueError, match="style"):
        FakeIdMapper(key, style="fake")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fallback_birth_dates"):
        mapper.map_person_ids(pl.Series(["1"]), fallback_birth_dates=pl.Series([None, None]))
    with pytest.raises(ValueError, match="fallback_genders"):
        mapper.map_person_ids(pl.Series(["1"]), fallback_genders=pl.Series([], dtype=pl.String))


def test_fake_birth_dates_stay_near(mapper: FakeIdMapper) -> None:
    values = distinct_numbers(20_000, seed=5, min_birth_date=D(1900, 1, 1))
    out = mapper.map_person_ids(values)
    real = np.array([(fnr.get_birth_date(v) - EPOCH).days for v in values])
    fake = out["fake_birth_date"].cast(pl.Int32).to_numpy()
    assert np.abs(fake - real).max() <= 90
    assert np.array_equal(fake // 91, real // 91)
    assert (fake != real).mean() > 0.9  # the date really moves, per person


@settings(deadline=None, max_examples=40)
@given(
    form_codes=st.tuples(st.integers(0, 4), st.integers(0, 4)),
    parity=st.integers(0, 1),
    windows=st.lists(st.integers(0, 250), min_size=1, max_size=6, unique=True),
    data=st.data(),
)
def test_buckets_read_as_whole_arrays_equal_the_buckets_one_by_one(
    form_codes: tuple[int, int], parity: int, windows: list[int], data: st.DataObject
) -> None:
    # The wash maps its real numbers through Buckets (one row per window), all windows in
    # one call; every rank and every permuted position must read as through each Bucket.
    in_form, out_form = FORMS[form_codes[0]], FORMS[form_codes[1]]
    first = (datetime.date(1920, 1, 1) - EPOCH).days // WINDOW  # windows of 1920-1982
    wins = np.array(sorted(first + w for w in windows), dtype=np.int64)
    many = Buckets(in_form, out_form, parity, wins)
    ones = [Bucket(in_form, out_form, parity, int(w)) for w in wins]
    assert many.sizes.tolist() == [one.size for one in ones]
    picks = st.lists(st.integers(0, len(wins) - 1), max_size=60)
    rows = np.array(data.draw(picks), dtype=np.int64)
    offsets = np.array([data.draw(st.integers(0, WINDOW - 1)) for _ in rows], dtype=np.int64)
    iii = np.array([2 * data.draw(st.integers(0, SERIES - 1)) + parity for _ in rows])
    j = np.array([data.draw(st.integers(0, ones[r].size - 1)) for r in rows], dtype=np.int64)
    ranks = many.rank(rows, offsets, iii.astype(np.int64))
    numbers, days = many.numbers_at(rows, j)
    for k, r in enumerate(rows.tolist()):
        at = slice(k, k + 1)
        assert ranks[k] == ones[r].rank(offsets[at], iii[at].astype(np.int64))[0]
        number, day = ones[r].numbers_at(j[at])
        assert (numbers[k], days[k]) == (number[0], day[0])
