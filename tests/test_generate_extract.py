"""A generated extract has the shape of an HDIR production extract: fields, codes, dates,
times and places."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from washer.generate import generate_extract
from washer.generate.kommuner import read_table
from washer.schema import DATE_FIELDS, DATETIME_FIELDS, INNREISER_FIELDS, field_description

REFERENCE = dt.date(2021, 3, 31)  # the window spans the switch to summer time (28 March)
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(scope="module")
def extract() -> pl.DataFrame:
    return generate_extract(5000, seed=11, reference_date=REFERENCE)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_all_55_fields_in_spec_order_as_strings(extract: pl.DataFrame) -> None:
    assert tuple(extract.columns) == INNREISER_FIELDS
    assert set(extract.dtypes) == {pl.String}
    assert extract.height == 5000


def test_dates_and_times_are_in_production_form(extract: pl.DataFrame) -> None:
    for field in DATE_FIELDS:
        for value in extract[field].drop_nulls().to_list():
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (field, value)
            dt.date.fromisoformat(value)
    for field in DATETIME_FIELDS:
        for value in extract[field].drop_nulls().to_list():
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value
            moment = dt.datetime.fromisoformat(value)
            # the offset is Norway's at that moment: +01:00 in winter, +02:00 in summer
            assert moment.utcoffset() == moment.astimezone(OSLO).utcoffset(), value
    offsets = {v[-6:] for v in extract["a_updated"].to_list()}
    assert offsets == {"+01:00", "+02:00"}


def test_a_date_lies_in_the_ten_days_before_the_reference_date(extract: pl.DataFrame) -> None:
    days = {_date(v) for v in extract["a_date"].to_list()}
    window = {REFERENCE - dt.timedelta(days=d) for d in range(1, 11)}
    assert days == window  # every day of the window, never the reference date itself


def test_arrivals_are_weighted_by_weekday() -> None:
    per_weekday: dict[int, list[float]] = {d: [] for d in range(7)}
    for seed in range(12):
        frame = generate_extract(3000, seed=seed, reference_date=REFERENCE)
        counts = frame["a_date"].value_counts()
        for day, count in counts.iter_rows():
            per_weekday[_date(day).weekday()].append(count)
    mean = {d: sum(c) / len(c) for d, c in per_weekday.items()}
    assert mean[6] > 1.3 * mean[1]  # Sundays are busier than Tuesdays
    assert mean[4] > 1.2 * mean[1]  # and so are Fridays


def test_timestamps_follow_the_arrival_and_end_before_midnight(extract: pl.DataFrame) -> None:
    midnight = dt.datetime.combine(REFERENCE, dt.time(), OSLO)
    rows = extract.select(
        "a_date", "a_updated", "p_updated", "p_follow_up", "p_follow_up_time"
    ).iter_rows()
    for a_date, a_updated, p_updated, status, follow_up in rows:
        arrival = dt.datetime.combine(_date(a_date), dt.time(), OSLO)
        updated = dt.datetime.fromisoformat(a_updated)
        assert arrival - dt.timedelta(days=2) <= updated < midnight
        assert dt.datetime.fromisoformat(p_updated) < midnight
        assert (follow_up is None) == (status == "Ikke satt")
        if follow_up is not None:
            assert arrival < dt.datetime.fromisoformat(follow_up) < midnight


def test_hotel_and_border_dates_follow_the_arrival(extract: pl.DataFrame) -> None:
    last = REFERENCE - dt.timedelta(days=1)
    for row in extract.iter_rows(named=True):
        arrival = _date(row["a_date"])
        hotel_in, hotel_out = row["a_quarantine_reg_arrival"], row["a_quarantine_reg_departure"]
        if hotel_in is not None:
            assert arrival <= _date(hotel_in) <= last
            assert row["a_q_opt_l4_code"] in {"4001", "4006", "4012", "4014"}
        if hotel_in is not None and hotel_out is not None:
            assert _date(hotel_in) <= _date(hotel_out) <= last
        crossing = row["a_border_crossing_arrival"]
        if crossing is not None:
            assert abs((_date(crossing) - arrival).days) <= 1
            assert row["a_border_crossing_location"] is not None


def _spec_codes(field: str) -> dict[str, str]:
    found = re.findall(r"<i>(\d+)</i> - ([^<]*)", field_description(field))
    return {code: " ".join(text.split()) for code, text in found}


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_quarantine_codes_come_from_the_spec_with_their_texts(
    extract: pl.DataFrame, level: int
) -> None:
    documented = _spec_codes(f"a_q_opt_l{level}_code")
    pairs = extract.select(f"a_q_opt_l{level}_code", f"a_q_opt_l{level}").unique()
    for code, text in pairs.iter_rows():
        if code is None:
            assert text is None
        else:
            assert documented[code] == text
    assert pairs.drop_nulls().height >= min(len(documented), 2)


@pytest.mark.parametrize(
    "field", ["p_follow_up", "a_travel_method", "a_is_leisure_trip", "a_is_trip_necessary"]
)
def test_valued_fields_use_only_the_documented_values(extract: pl.DataFrame, field: str) -> None:
    listed = field_description(field).split("Verdier:")[1].split(".")[0]
    allowed = {v.strip() for v in listed.split(",")} - {"tom"}
    used = set(extract[field].drop_nulls().to_list())
    assert used <= allowed
    assert len(used) >= 2


def test_retired_fields_stay_empty_and_trip_necessary_stops_on_27_may_2021() -> None:
    after = generate_extract(2000, seed=3, reference_date=dt.date(2021, 9, 1))
    assert after["a_quarantine_option"].null_count() == after.height
    assert after["a_is_trip_necessary"].null_count() == after.height
    before = generate_extract(2000, seed=3, reference_date=REFERENCE)
    assert before["a_is_trip_necessary"].drop_nulls().len() > 0


def test_municipalities_are_derived_from_hdir_ids(extract: pl.DataFrame) -> None:
    numbers = set(read_table()["kommunenummer"].to_list())
    for hdir, number in extract.select("a_destination_id", "municipality_number").iter_rows():
        assert (hdir is None) == (number is None)
        if hdir is not None:
            assert hdir.zfill(4) == number and number in numbers
    for hdir, number in extract.select(
        "a_q_hotel_destination_id", "hotel_municipality_number"
    ).iter_rows():
        assert (hdir is None) == (number is None)
        if hdir is not None:
            assert hdir.zfill(4) == number and number in numbers


def test_a_hotel_kommune_is_set_only_when_it_differs_from_the_destination(
    extract: pl.DataFrame,
) -> None:
    hotel = extract.filter(pl.col("hotel_municipality_number").is_not_null())
    assert hotel.height > 0
    assert (hotel["hotel_municipality_number"] != hotel["municipality_number"]).all()


def test_responsible_municipality_follows_the_specs_rule(extract: pl.DataFrame) -> None:
    outcomes = set()
    for row in extract.iter_rows(named=True):
        hotel = row["hotel_municipality_number"]
        arrival, departure = row["a_quarantine_reg_arrival"], row["a_quarantine_reg_departure"]
        use_hotel = hotel is not None and (
            departure is None or (arrival is not None and arrival >= departure)
        )
        expected = hotel if use_hotel else row["municipality_number"]
        assert row["responsible_municipality_number"] == expected
        outcomes.add((use_hotel, departure is None, arrival is None))
    # the rule's branches all occur: hotel while there, hotel left, departure without arrival
    assert {(True, True, False), (False, False, False), (False, False, True)} <= outcomes


def test_destinations_are_weighted_by_population() -> None:
    frame = generate_extract(100_000, seed=5, reference_date=REFERENCE)
    table = read_table()
    total = table["population"].sum()
    shares = frame["municipality_number"].drop_nulls().value_counts(normalize=True)
    share = dict(shares.iter_rows())
    for number in ("0301", "4601", "5001"):  # Oslo, Bergen, Trondheim
        population = table.filter(pl.col("kommunenummer") == number)["population"][0]
        assert share[number] == pytest.approx(population / total, rel=0.12), number
    assert len(share) > 300  # small kommuner appear too


def test_reference_codes_have_the_documented_four_elements(extract: pl.DataFrame) -> None:
    codes = extract["a_reference_code"].to_list()
    assert len(set(codes)) == len(codes)
    for code, destination, phone in extract.select(
        "a_reference_code", "a_destination_id", "p_phone"
    ).iter_rows():
        kommune, prefix, login, serial = code.split("-")
        assert re.fullmatch(r"[1-9]\d{2,3}", kommune) and login in "1234" and serial.isdigit()
        if destination is not None:
            assert kommune == destination
        assert phone.startswith("+" + prefix)
    serials = [int(c.rsplit("-", 1)[1]) for c in codes]
    assert serials == sorted(serials)  # rows come in registration order


def test_travellers_under_16_are_fewer_than_all_travellers(extract: pl.DataFrame) -> None:
    for total, children in extract.select(
        "a_num_travelers", "a_num_travelers_under_16"
    ).iter_rows():
        assert 0 <= int(children) < int(total) <= 5
