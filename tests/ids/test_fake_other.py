"""Fakes of FH-numbers, organisation numbers, passports and of values that are no valid id."""

from __future__ import annotations

import datetime
import random
import re

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import orgnr as stdnum_orgnr

from washer.ids import (
    FakeIdMapper,
    IdKind,
    _fallback,
    classify,
    classify_series,
    fh,
    fnr,
    is_valid_2032,
    passport,
    synthetic,
)
from washer.ids._checksum import check_digits, individual_allowed, k1_options_2032, k2_for
from washer.testing import strategies as ids_st
from washer.testing.id_columns import distinct_numbers

D = datetime.date
EPOCH = D(1970, 1, 1)


@settings(deadline=None, max_examples=50)
@given(values=st.lists(ids_st.fh_numbers(), min_size=1, max_size=40, unique=True))
def test_fh_fakes_are_fh(mapper: FakeIdMapper, values: list[str]) -> None:
    out = mapper.map_person_ids(pl.Series(values))
    assert (out["kind"] == "fh").all()
    assert out["fake_birth_date"].null_count() == len(values)
    for value, fake in zip(values, out["fake"], strict=True):
        assert fh.is_valid(fake) and fake != value


def test_fh_is_injective_on_a_large_sample(mapper: FakeIdMapper) -> None:
    rng = np.random.default_rng(1)
    prefixes = np.unique(rng.integers(fh.FIRST_PREFIX, 10**9, 150_000))
    values = [n for n in (fh._dated.complete(str(p), "classic") for p in prefixes) if n]
    fakes = mapper.map_person_ids(pl.Series(values))["fake"]
    assert fakes.n_unique() == len(values)
    assert (classify_series(fakes) == "fh").all()
    assert not (fakes == pl.Series(values)).any()


@settings(deadline=None, max_examples=50)
@given(values=st.lists(ids_st.organisasjonsnummer(), min_size=1, max_size=40, unique=True))
def test_orgnr_fakes_are_valid_orgnr(mapper: FakeIdMapper, values: list[str]) -> None:
    fakes = mapper.map_orgnr(pl.Series("org", values))
    assert fakes.name == "org"
    for value, fake in zip(values, fakes, strict=True):
        assert stdnum_orgnr.is_valid(fake) and fake[0] in "89" and fake != value


def test_orgnr_is_injective_over_a_large_range(mapper: FakeIdMapper) -> None:
    prefixes = np.arange(91_000_000, 91_300_000)
    weights = np.array([3, 2, 7, 6, 5, 4, 3, 2])
    digits = np.stack([(prefixes // 10 ** (7 - i)) % 10 for i in range(8)], axis=-1)
    check = (11 - (digits @ weights) % 11) % 11
    numbers = (prefixes * 10 + check)[check != 10]
    values = pl.Series(numbers).cast(pl.String)
    fakes = mapper.map_orgnr(values)
    assert fakes.n_unique() == len(values) > 250_000
    assert fakes.str.contains("^[89][0-9]{8}$").all()
    sample = fakes.sample(2_000, seed=1)
    assert all(stdnum_orgnr.is_valid(f) for f in sample)


def test_orgnr_junk_gets_distinct_valid_fakes(mapper: FakeIdMapper) -> None:
    values = pl.Series(
        ["988077917", "NO 988 077 917 MVA", "988077918", "123", "ukjent", None, "", "988 077 918"]
    )
    fakes = mapper.map_orgnr(values).to_list()
    assert fakes[0] == fakes[1]  # the same organisation, spelled two ways
    assert fakes[2] == fakes[7]
    assert fakes[5] is None and fakes[6] is None
    given_fakes = [fakes[i] for i in (0, 2, 3, 4)]
    assert len(set(given_fakes)) == 4
    assert all(stdnum_orgnr.is_valid(f) for f in given_fakes)
    assert mapper.map_orgnr(values).to_list() == fakes  # deterministic


@settings(deadline=None, max_examples=50)
@given(values=st.lists(ids_st.passport_numbers(), min_size=1, max_size=40, unique=True))
def test_passport_fakes_keep_the_pattern(mapper: FakeIdMapper, values: list[str]) -> None:
    out = mapper.map_person_ids(pl.Series([v.lower() for v in values]))
    assert (out["kind"] == "passport").all()
    assert out["fake"].n_unique() == len(values)
    for value, fake in zip(values, out["fake"], strict=True):
        assert passport.get_pattern(fake) == passport.get_pattern(value)
        assert fake != value


def test_passports_are_injective_per_pattern(mapper: FakeIdMapper) -> None:
    rng = np.random.default_rng(2)
    letters = rng.integers(0, 26, (50_000, 2))
    digits = rng.integers(0, 10**7, 50_000)
    values = pl.Series(
        [f"{chr(65 + a)}{chr(65 + b)}{d:07d}" for (a, b), d in zip(letters, digits, strict=True)]
    ).unique()
    fakes = mapper.map_person_ids(values)["fake"]
    assert fakes.n_unique() == len(values)
    assert fakes.str.contains("^[A-Z]{2}[0-9]{7}$").all()
    assert not (fakes == values).any()


@settings(deadline=None, max_examples=50)
@given(
    malformed=st.lists(ids_st.malformed_ids(), min_size=1, max_size=30, unique=True),
    valid=st.lists(st.one_of(ids_st.fodselsnummer(), ids_st.d_numbers()), max_size=30),
)
def test_malformed_values_get_distinct_valid_fakes(
    mapper: FakeIdMapper, malformed: list[str], valid: list[str]
) -> None:
    values = malformed + valid
    out = mapper.map_person_ids(pl.Series(values))
    fakes = out["fake"]
    distinct_inputs = pl.Series(values).str.to_uppercase().n_unique()
    assert fakes.n_unique() == distinct_inputs
    for value, kind, fake in zip(values, out["kind"], fakes, strict=True):
        if value in malformed:
            assert kind == "malformed"
            # the shape is kept: first digit 4-7 (day + 40) gives a D-number, else an fnr
            compact = re.sub(r"[\s.\-]", "", value)
            d_shaped = compact[:1] in "4567" and len(compact) == 11 and compact.isdigit()
            expected = IdKind.SYNTHETIC_DNR if d_shaped else IdKind.SYNTHETIC_FNR
            assert classify(fake) == expected and is_valid_2032(fake)
        assert fake != value


def test_eleven_digit_malformed_keeps_gender_digit(mapper: FakeIdMapper) -> None:
    values = ["15088545611", "15088545621", "15138545610"]  # bad K2 twice, month 13
    out = mapper.map_person_ids(pl.Series(values))
    assert (out["kind"] == "malformed").all()
    for value, fake in zip(values, out["fake"], strict=True):
        assert int(fake[8]) % 2 == int(value[8]) % 2


def test_fallback_dates_and_genders(mapper: FakeIdMapper) -> None:
    values = pl.Series(["ukjent", "15088545611", "ukjent", "x", "y", "02013299903"])
    dates = pl.Series([None, D(1960, 3, 3), D(1990, 5, 5), D(1950, 1, 1), D(2001, 9, 9), None])
    genders = pl.Series(["F", "M", None, "m", "f", None])
    out = mapper.map_person_ids(values, fallback_birth_dates=dates, fallback_genders=genders)
    fake, born = out["fake"].to_list(), out["fake_birth_date"].to_list()
    assert fake[0] == fake[2]  # one value, one fake: its first fallback date and gender
    assert abs((born[0] - D(1990, 5, 5)).days) <= 90
    assert int(fake[0][8]) % 2 == 0
    assert abs((born[1] - D(1960, 3, 3)).days) <= 90
    assert int(fake[1][8]) % 2 == 0  # the 9th digit (6) wins over the fallback gender
    assert abs((born[3] - D(1950, 1, 1)).days) <= 90 and int(fake[3][8]) % 2 == 1
    assert abs((born[4] - D(2001, 9, 9)).days) <= 90 and int(fake[4][8]) % 2 == 0
    # a 2032-rule number without fallback keeps (nearly) its own date
    assert out["kind"][5] == "fnr" and abs((born[5] - D(2032, 1, 2)).days) <= 90
    for f, b in zip(fake, born, strict=True):
        assert synthetic.get_birth_date(f) == b


def test_malformed_without_date_use_one_key_window(mapper: FakeIdMapper) -> None:
    values = pl.Series([f"ukjent #{i}" for i in range(200)])
    born = mapper.map_person_ids(values)["fake_birth_date"]
    windows = {(d - EPOCH).days // 91 for d in born}
    assert len(windows) == 1
    assert D(1940, 1, 1) <= born.min() and born.max() <= D(1999, 12, 31)  # type: ignore[operator]


def test_a_full_window_spills_into_the_next(mapper: FakeIdMapper) -> None:
    values = pl.Series([f"ukjent #{i}" for i in range(12_000)])
    dates = pl.Series([D(1980, 1, 1)] * len(values))
    genders = pl.Series(["F"] * len(values))
    out = mapper.map_person_ids(values, fallback_birth_dates=dates, fallback_genders=genders)
    assert out["fake"].n_unique() == len(values)
    assert (classify_series(out["fake"]) == "synthetic_fnr").all()
    assert len({(d - EPOCH).days // 91 for d in out["fake_birth_date"]}) > 1


def test_synthetic_and_2032_inputs_never_meet_real_fakes(mapper: FakeIdMapper) -> None:
    real = distinct_numbers(
        30_000, seed=9, min_birth_date=D(1985, 1, 1), max_birth_date=D(1985, 12, 31)
    )
    real_out = mapper.map_person_ids(real)["fake"]
    # the synthetic inputs here are exactly the fakes of the real ones: the worst case
    rng = random.Random(1)
    odd = list(real_out[:3000]) + [
        fnr.generate(rng, birth_date=D(1985, 1, 1) + datetime.timedelta(days=i), rule="2032")
        for i in range(0, 365, 10)
    ]
    out = mapper.map_person_ids(pl.concat([real, pl.Series(odd)]))["fake"]
    assert out[: len(real)].equals(real_out)
    assert out.n_unique() == len(set(real) | set(odd))
    assert not (out[len(real) :] == pl.Series(odd)).any()


def test_fallback_fakes_never_equal_an_input(mapper: FakeIdMapper) -> None:
    # Every synthetic number of one 91-day window and gender that has no classic check digits,
    # completed with the first K1 the 2032 rule admits: exactly the numbers the fallback
    # region hands out. Given all of them as input, none may come back as a fake.
    start = (D(1970, 6, 1) - EPOCH).days // 91 * 91
    values = []
    for offset in range(91):
        day = EPOCH + datetime.timedelta(days=start + offset)
        head = f"{day.day:02d}{day.month + 80:02d}{day.year % 100:02d}"
        allowed = individual_allowed(day.year)
        for iii in range(0, 1000, 2):
            prefix = f"{head}{iii:03d}"
            if not allowed[iii] or check_digits(prefix) is not None:
                continue
            for k1 in k1_options_2032(prefix):
                k2 = k2_for(f"{prefix}{k1}")
                if k2 is not None:
                    values.append(f"{prefix}{k1}{k2}")
                    break
    assert len(values) > 3000
    out = mapper.map_person_ids(pl.Series(values))
    assert (out["kind"] == "synthetic_fnr").all()
    assert out["fake"].n_unique() == len(values)
    assert not out["fake"].is_in(pl.Series(values).implode()).any()
    assert (classify_series(out["fake"]) == "synthetic_fnr").all()


ELEVEN = st.one_of(
    ids_st.fodselsnummer(),
    ids_st.d_numbers(),
    ids_st.h_numbers(),
    ids_st.fodselsnummer(rule="2032"),
    ids_st.d_numbers(rule="2032"),
    ids_st.synthetic_numbers(),
    ids_st.synthetic_numbers(rule="2032"),
    ids_st.fh_numbers(),
    ids_st.malformed_ids(eleven_digits=True),
)


@settings(deadline=None, max_examples=50)
@given(values=st.lists(ELEVEN, min_size=1, max_size=40))
def test_no_eleven_digit_value_comes_back_unchanged(
    mapper: FakeIdMapper, realistic: FakeIdMapper, values: list[str]
) -> None:
    for m in (mapper, realistic):
        out = m.map_person_ids(pl.Series(values))
        assert out["fake"].null_count() == 0
        assert out["fake"].str.contains("^[0-9]{11}$").all()
        for value, fake in zip(values, out["fake"], strict=True):
            assert fake != value
        assert out["fake"].n_unique() == len(set(values))


def test_fallback_columns_in_other_types(mapper: FakeIdMapper) -> None:
    values = pl.Series(["ukjent?", "x?", "y?"])
    as_text = pl.Series(["1990-05-05", "not a date", None])
    as_datetime = pl.Series([datetime.datetime(1990, 5, 5, 12), None, None])
    a = mapper.map_person_ids(values, fallback_birth_dates=as_text)
    b = mapper.map_person_ids(values, fallback_birth_dates=as_datetime)
    assert a.equals(b)
    assert abs((a["fake_birth_date"][0] - D(1990, 5, 5)).days) <= 90
    with pytest.raises(ValueError, match="fallback_birth_dates"):
        mapper.map_person_ids(values, fallback_birth_dates=pl.Series([1, 2, 3]))
    # dates out of the encodable range are moved to its nearest end
    out = mapper.map_person_ids(
        values, fallback_birth_dates=pl.Series([D(1700, 1, 1), D(2200, 1, 1), None])
    )
    assert out["fake_birth_date"][0] < D(1855, 1, 1)
    assert out["fake_birth_date"][1] > D(2039, 1, 1)


def test_fallback_fakes_do_not_depend_on_order(mapper: FakeIdMapper) -> None:
    values = [f"ukjent {i}?" for i in range(300)] + ["15088545611", "02013299903", "15888545686"]
    values += list(distinct_numbers(300, seed=8))
    forward = dict(zip(values, mapper.map_person_ids(pl.Series(values))["fake"], strict=True))
    values.reverse()
    backward = dict(zip(values, mapper.map_person_ids(pl.Series(values))["fake"], strict=True))
    assert forward == backward


def test_map_distinct_equals_map_person_ids(mapper: FakeIdMapper) -> None:
    values = [f"UKJENT{i}" for i in range(50)] + ["15088545611", "02013299903", "15888545686"]
    values += [*distinct_numbers(300, seed=9), "FH1234567", "AB1234567", "X"]
    dates = pl.Series([D(1980, 1, 1) + datetime.timedelta(days=97 * i) for i in range(len(values))])
    dates[3] = None
    given = pl.Series(values)
    whole = mapper.map_person_ids(given, fallback_birth_dates=dates)
    assert mapper.map_distinct(given, dates).equals(whole)
    assert mapper.map_distinct(given.reverse(), dates.reverse()).equals(whole.reverse())


def test_buckets_read_slot_by_slot_place_as_buckets_read_whole(
    mapper: FakeIdMapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Values whose slots collide with inputs (synthetic inputs given back) and with each other.
    real = distinct_numbers(2000, seed=11, min_birth_date=D(1985, 1, 1))
    rng = random.Random(2)
    odd = [f"ukjent #{i}" for i in range(400)] + [
        fnr.generate(rng, birth_date=D(1985, 1, 1) + datetime.timedelta(days=i), rule="2032")
        for i in range(0, 365, 3)
    ]
    odd += list(mapper.map_person_ids(real)["fake"][:500])
    # the fakes the placeholders get alone, given as inputs: their slots are now taken
    alone = pl.Series([f"ukjent #{i}" for i in range(400)])
    born = pl.Series([D(1985, 3, 1)] * len(alone))
    odd += list(mapper.map_person_ids(alone, fallback_birth_dates=born)["fake"][:200])
    values = pl.concat([real, pl.Series(odd)])
    dates = pl.Series([D(1985, 3, 1)] * len(values))
    slot_by_slot = mapper.map_person_ids(values, fallback_birth_dates=dates)
    # every bucket may fill up: each reads all its slots' numbers first
    monkeypatch.setattr(_fallback._Avoid, "most_in", lambda self, bucket: 10**9)
    whole = mapper.map_person_ids(values, fallback_birth_dates=dates)
    assert slot_by_slot.equals(whole)


@given(
    st.lists(st.integers(0, 10**11), max_size=60),
    st.lists(st.integers(0, 10**11), max_size=60),
    st.lists(st.integers(0, 60), max_size=20),
)
def test_the_fallback_membership_test_is_isin(
    numbers: list[int], avoid: list[int], shared: list[int]
) -> None:
    # The fallback skips slots holding an input value by binary search in the sorted inputs;
    # it must say exactly what np.isin says, also for numbers past either end.
    numbers_a = np.array(numbers + [avoid[i % len(avoid)] for i in shared if avoid], np.int64)
    avoided = _fallback._Avoid(np.array(avoid, dtype=np.int64))
    assert avoided.contains(numbers_a).tolist() == np.isin(numbers_a, avoid).tolist()
