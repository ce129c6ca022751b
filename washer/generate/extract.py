"""Assemble a whole production-shaped extract: persons, their trips, and the derived fields.

Columns are built whole (numpy draws, polars expressions); nothing loops over rows. Rows are
ordered by ``a_updated``, as registrations arrive, and ``a_reference_code`` serials rise in
that order.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from washer.generate import employers as employers_
from washer.generate import travel, trips
from washer.generate._columns import day_text, masked, nulls, strings
from washer.generate._random import (
    STREAMS,
    BoolArray,
    IntArray,
    below,
    chance,
    check_seed,
    stream,
    weighted,
)
from washer.generate._random import weighted_per_group as weighted_by
from washer.generate._time import DAY, timestamp_text
from washer.generate.codes import FOLLOW_UP
from washer.generate.countries import COUNTRIES
from washer.generate.freetext import free_text
from washer.generate.kommuner import kommuner
from washer.generate.messy import make_messy
from washer.generate.people import PASSPORT, Persons, generate_persons
from washer.schema import INNREISER_FIELDS

__all__ = [
    "FIRST_REFERENCE_DATE",
    "LAST_REFERENCE_DATE",
    "MAX_ROWS",
    "check_arguments",
    "generate_extract",
]

FIRST_REFERENCE_DATE = dt.date(1950, 1, 1)
LAST_REFERENCE_DATE = dt.date(2039, 12, 31)  # the last birth year a fødselsnummer encodes
MAX_ROWS = 100_000_000  # the whole pandemic was a few tens of millions; about 2.5 GB per million

# Trips per person (1, 2, ... 10): most travel once, commuters many times.
_TRIPS_PER_PERSON = (650, 150, 80, 40, 30, 15, 10, 10, 8, 7)
_COMMUTER = 800  # per mille of adults living in Sweden or Finland with 3+ trips who commute
_ADULT_DAYS = 16 * 365
# a_updated relative to the midnight starting a_date: registered up to two days before
# arrival, updated up to thirty hours after, never after the extract's midnight.
_EARLIEST_UPDATE = -48 * 3600
_LATEST_UPDATE = 30 * 3600
_FOLLOW_UP_WEIGHTS = {"OK": 600, "Ikke OK": 50, "Ikke svar": 150, "Ikke satt": 200}
NOT_FOLLOWED_UP = "Ikke satt"
_STATUSES = tuple(str(s) for s in FOLLOW_UP if s is not None)
# Login method (reference code element 3) for fnr/D-number holders and for others:
# 1 SMS, 2 e-mail, 3 manual/call centre, 4 ID-porten (needs a Norwegian id).
_LOGIN_WEIGHTS = ((450, 100, 150, 300), (600, 200, 200, 0))
# What free text may mention of the traveller (freetext takes the first id of the three)
_FREE_TEXT_PERSON_FIELDS = [
    "p_first_name",
    "p_last_name",
    "p_phone",
    "phone_national",
    "p_unique_id",
    "p_dnr",
    "p_fh_number",
]
_FREE_TEXT_PLACES = ("hotel_place", "arrival_place", "changed_place")
_REFERENCE_PARTS = ("reference_kommune", "reference_calling_code", "reference_login")


def check_arguments(rows: int, seed: int, reference_date: dt.date) -> None:
    """Raise ``ValueError`` for arguments :func:`generate_extract` cannot honour."""
    if isinstance(rows, bool) or not isinstance(rows, int) or not 0 <= rows <= MAX_ROWS:
        raise ValueError(f"rows must be an integer from 0 to {MAX_ROWS}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError("seed must be an integer")
    check_seed(seed)
    if isinstance(reference_date, dt.datetime) or not isinstance(reference_date, dt.date):
        raise ValueError("reference_date must be a date")
    if not FIRST_REFERENCE_DATE <= reference_date <= LAST_REFERENCE_DATE:
        raise ValueError(
            f"reference_date must be between {FIRST_REFERENCE_DATE} and {LAST_REFERENCE_DATE}"
        )


def _trip_counts(rng: np.random.Generator, rows: int) -> IntArray:
    """Trips per person, adding up to ``rows``."""
    counts = weighted(rng, _TRIPS_PER_PERSON, rows) + 1
    total = np.cumsum(counts)
    persons = int(np.searchsorted(total, rows)) + 1 if rows else 0
    counts = counts[:persons].copy()
    if persons:
        counts[-1] -= int(total[persons - 1]) - rows
    return counts


def _times(
    rng: np.random.Generator,
    updated: IntArray,
    day: IntArray,
    counts: IntArray,
    reference_day: int,
) -> tuple[pl.Series, dict[str, pl.Series]]:
    """``a_updated`` per trip, and ``p_updated``, ``p_follow_up`` and ``p_follow_up_time``
    per person."""
    persons = len(counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    last_update = np.maximum.reduceat(updated, starts) if persons else updated[:0]
    last_day = np.maximum.reduceat(day, starts) if persons else day[:0]
    p_updated = last_update - below(rng, 3600, persons)
    follow_up_at = last_day * DAY + 8 * 3600 + below(rng, 48 * 3600, persons)
    drawn = weighted(rng, [_FOLLOW_UP_WEIGHTS[s] for s in _STATUSES], persons)
    too_late = follow_up_at >= reference_day * DAY  # the extract ends at midnight
    status = np.where(too_late, _STATUSES.index(NOT_FOLLOWED_UP), drawn)
    done = np.array([s != NOT_FOLLOWED_UP for s in _STATUSES], dtype=np.bool_)[status]
    # one query formats all three columns' timestamps
    texts = timestamp_text(np.concatenate([updated, p_updated, follow_up_at]))
    rows = len(updated)
    return texts.slice(0, rows), {
        "p_updated": texts.slice(rows, persons),
        "p_follow_up": strings(_STATUSES)[status],
        "p_follow_up_time": masked(texts.slice(rows + persons, persons), done),
    }


def generate_extract(
    rows: int, seed: int, reference_date: dt.date, messy: bool = False
) -> pl.DataFrame:
    """A synthetic extract of ``rows`` trips: the 55 ``Innreiser`` fields, all strings.

    The same arguments give the same frame on every machine. ``a_date`` lies in the ten
    days before ``reference_date``; ``messy`` adds the flaws of real extracts
    (:mod:`washer.generate.messy`).
    """
    check_arguments(rows, seed, reference_date)
    streams = {name: stream(seed, name) for name in STREAMS}
    reference_day = int(np.datetime64(reference_date, "D").astype(np.int64))
    rng = streams["trips"]
    counts = _trip_counts(rng, rows)
    n_employers = employers_.employer_count(len(counts))
    persons = generate_persons(
        streams, len(counts), np.datetime64(reference_date, "D"), n_employers
    )
    person_of = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    people = persons.frame[pl.Series(person_of, dtype=pl.Int64)]

    age_days = reference_day - persons.birth.astype(np.int64)
    minor = age_days < _ADULT_DAYS
    neighbour = np.array([c.land_border for c in COUNTRIES])[persons.country]
    commuter = ((counts >= 3) & neighbour & ~minor & chance(rng, _COMMUTER, len(counts)))[person_of]
    day = trips.arrival_days(rng, reference_day, rows)
    scenario = trips.scenarios(streams["codes"], commuter, minor[person_of])
    columns, answers = trips.quarantine_choices(streams["codes"], scenario, day)
    hotel = trips.is_hotel(answers["l4"])
    kommune, places = trips.destinations(
        streams["places"], persons.home[person_of], people["home_address"], people["home_zip"]
    )
    columns |= places
    columns |= trips.hotels(streams["places"], hotel, kommune, day, reference_day)

    country = persons.country[person_of]
    departure = travel.departures(rng, country, commuter)
    method = travel.methods(rng, departure, commuter, answers["l3"])
    crossed, crossing_day = trips.border_crossings(rng, day, reference_day)
    columns |= {
        "a_date": day_text(day),
        "a_quarantine_option": nulls(rows),
        "a_country_of_departure": strings(travel.DEPARTURES)[departure],
        "a_country_of_departure_region": travel.regions(rng, departure),
        "a_transit_countries": travel.transits(rng, rows),
        "a_travel_method": method,
        "a_border_crossing_arrival": crossing_day,
        "a_border_crossing_location": masked(travel.stations(rng, method), crossed),
    }
    columns["a_num_travelers"], columns["a_num_travelers_under_16"] = travel.travellers(rng, rows)

    times = streams["times"]
    latest = np.minimum(_LATEST_UPDATE, (reference_day - day) * DAY - 1)
    updated = day * DAY + _EARLIEST_UPDATE + below(times, latest - _EARLIEST_UPDATE + 1, rows)
    columns["a_updated"], per_person = _times(times, updated, day, counts, reference_day)
    columns |= {k: v[person_of] for k, v in per_person.items()}
    columns |= _employer_columns(
        streams["employers"], persons, person_of, n_employers, trips.is_work(scenario)
    )

    helpers = people[_FREE_TEXT_PERSON_FIELDS].hstack(
        [
            method.alias("a_travel_method"),
            pl.Series("hotel", hotel),
            pl.Series("crossed", crossed),
            *(columns[name].alias(name) for name in _FREE_TEXT_PLACES),
        ]
    )
    frame = (
        pl.DataFrame(columns)
        .hstack(people[[c for c in people.columns if c.startswith("p_")]])
        .hstack(free_text(streams["freetext"], helpers))
        .hstack(_reference_codes(streams["codes"], persons, person_of, kommune, country))
    )
    order = np.argsort(updated, kind="stable")
    serial = 100_000 + below(rng, 800_000, 1) + np.cumsum(below(rng, 20, rows) + 1)
    reference_code = pl.concat_str(
        [
            pl.concat_str([pl.col(name) for name in _REFERENCE_PARTS], separator="-"),
            pl.lit("-"),
            pl.lit(pl.Series(serial).cast(pl.String)),
        ]
    )
    frame = frame[pl.Series(order, dtype=pl.Int64)].with_columns(
        trips.responsible_municipality(), reference_code.alias("a_reference_code")
    )[list(INNREISER_FIELDS)]
    return make_messy(streams["messy"], frame) if messy else frame


def _employer_columns(
    rng: np.random.Generator,
    persons: Persons,
    person_of: IntArray,
    count: int,
    work: BoolArray,
) -> dict[str, pl.Series]:
    table = employers_.generate_employers(rng, count)
    rows = table[pl.Series(persons.employer[person_of], dtype=pl.Int64)]
    return {name: masked(rows[name], work) for name in rows.columns}


def _reference_codes(
    rng: np.random.Generator,
    persons: Persons,
    person_of: IntArray,
    kommune: IntArray,
    country: IntArray,
) -> list[pl.Series]:
    """The first three elements of ``a_reference_code`` (:data:`_REFERENCE_PARTS`): HDIR
    kommune id, phone country code and login method; the serial is added in order."""
    foreign_id = (persons.kind[person_of] >= PASSPORT).astype(np.int64)
    login = weighted_by(rng, foreign_id, _LOGIN_WEIGHTS) + 1
    kommune_id, calling_code, login_method = _REFERENCE_PARTS
    return [
        kommuner().hdir_ids[kommune].alias(kommune_id),
        strings(tuple(c.calling_code for c in COUNTRIES))[country].alias(calling_code),
        pl.Series(login_method, login).cast(pl.String),
    ]
