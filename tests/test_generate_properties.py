"""Invariants that hold for every seed, size and reference date (hypothesis)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

from washer.generate import generate_extract
from washer.generate.codes import LEVEL_CODES, LEVEL_FIELDS
from washer.schema import INNREISER_FIELDS

seeds = st.integers(0, 2**63 - 1)
sizes = st.integers(0, 300)
# reference dates whose generated birth dates all lie in the past, where stdnum accepts them
reference_dates = st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31))


def _person_number(value: str | None) -> bool:
    return value is not None and len(value) == 11 and value.isdigit()


@settings(max_examples=40, deadline=None)
@given(seed=seeds, rows=sizes, reference=reference_dates)
def test_every_extract_keeps_the_invariants(seed: int, rows: int, reference: dt.date) -> None:
    frame = generate_extract(rows, seed, reference)
    assert frame.height == rows and tuple(frame.columns) == INNREISER_FIELDS
    first, last = reference - dt.timedelta(days=10), reference - dt.timedelta(days=1)
    for row in frame.iter_rows(named=True):
        assert first <= dt.date.fromisoformat(row["a_date"]) <= last
        for number in (row["p_unique_id"], row["p_dnr"]):
            if _person_number(number):
                assert fodselsnummer.get_birth_date(number).isoformat() == row["p_birth_date"]
                assert fodselsnummer.is_valid(number)
        for field, codes in zip(LEVEL_FIELDS, LEVEL_CODES, strict=True):
            assert row[field] is None or row[field] in codes
        hotel = row["hotel_municipality_number"]
        arrival, departure = row["a_quarantine_reg_arrival"], row["a_quarantine_reg_departure"]
        use_hotel = hotel is not None and (
            departure is None or (arrival is not None and arrival >= departure)
        )
        assert row["responsible_municipality_number"] == (
            hotel if use_hotel else row["municipality_number"]
        )
    ids = (
        frame.filter(pl.col("p_unique_id").is_not_null())
        .group_by("p_unique_id")
        .agg(pl.col("p_birth_date", "p_first_name", "p_phone").n_unique())
    )
    assert (ids.select(pl.exclude("p_unique_id")) == 1).to_numpy().all()  # one person per id
    assert frame["a_reference_code"].n_unique() == rows


@settings(max_examples=15, deadline=None)
@given(seed=seeds, rows=st.integers(0, 100), reference=reference_dates, messy=st.booleans())
def test_generation_is_deterministic(seed: int, rows: int, reference: dt.date, messy: bool) -> None:
    first = generate_extract(rows, seed, reference, messy=messy)
    assert first.equals(generate_extract(rows, seed, reference, messy=messy))


@settings(max_examples=10, deadline=None)
@given(
    seed=seeds,
    rows=st.integers(0, 60),
    reference=reference_dates,
    messy=st.booleans(),
    other_seed=seeds,
    other_rows=st.integers(0, 60),
)
def test_an_extract_does_not_depend_on_what_the_process_generated_before(
    seed: int, rows: int, reference: dt.date, messy: bool, other_seed: int, other_rows: int
) -> None:
    # the generator keeps its constant tables for the process; no call may change them
    first = generate_extract(rows, seed, reference, messy=messy)
    generate_extract(other_rows, other_seed, reference, messy=not messy)
    assert first.equals(generate_extract(rows, seed, reference, messy=messy))
