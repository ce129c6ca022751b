"""Trips: arrival dates, quarantine choices, destinations, quarantine hotels and crossings.

``a_date`` falls in the ten days before the reference date (KS imports the last ten days up
to midnight, so the reference date itself never appears), weighted by weekday with some
busier days. Destinations are weighted by population; ``municipality_number`` and
``hotel_municipality_number`` are derived from the HDIR ids, and
``responsible_municipality_number`` by the spec's rule (:func:`responsible_municipality`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

from washer.generate._columns import day_text, masked, offsets, readonly, strings
from washer.generate._random import BoolArray, IntArray, below, chance, weighted
from washer.generate._random import weighted_per_group as weighted_by
from washer.generate.codes import (
    COMMUTER,
    HOTEL_L4,
    LEVEL_CODES,
    LEVEL_FIELDS,
    SCENARIOS,
    TRIP_NECESSARY,
    Scenario,
)
from washer.generate.kommuner import kommuner
from washer.generate.people import street_addresses, zip_codes

WINDOW_DAYS = 10
WEEKDAY_WEIGHTS = (95, 80, 85, 100, 130, 105, 140)  # Monday .. Sunday
TRIP_NECESSARY_REMOVED = np.datetime64("2021-05-27", "D").astype(np.int64)

HOTELS: tuple[tuple[str, str, int], ...] = (
    ("3209", "Gardermoen", 40),
    ("0301", "Oslo", 25),
    ("4601", "Flesland", 10),
    ("1124", "Sola", 6),
    ("5035", "Værnes", 5),
    ("4204", "Kjevik", 4),
    ("5501", "Tromsø", 3),
    ("3101", "Svinesund", 3),
    ("5605", "Kirkenes", 2),
    ("1804", "Bodø", 2),
)

__all__ = [
    "HOTELS",
    "WINDOW_DAYS",
    "arrival_days",
    "border_crossings",
    "destinations",
    "hotels",
    "is_hotel",
    "is_work",
    "quarantine_choices",
    "responsible_municipality",
    "scenarios",
]
"""Quarantine hotels: kommune, place name, weight."""

_AWAY_FROM_HOME = 100  # per mille of trips to another kommune than the traveller's own
_NO_DESTINATION = 5
_NO_ADDRESS = 30


def arrival_days(rng: np.random.Generator, reference_day: int, n: int) -> IntArray:
    """``a_date`` (days since 1970) in the ten days before the reference date."""
    candidates = reference_day - np.arange(1, WINDOW_DAYS + 1, dtype=np.int64)
    weekday = (candidates + 3) % 7  # 1970-01-01 was a Thursday
    busy = 70 + below(rng, 61, WINDOW_DAYS)  # some days see more arrivals than others
    weights = np.array(WEEKDAY_WEIGHTS, dtype=np.int64)[weekday] * busy
    return candidates[weighted(rng, weights, n)]


_LEVELS = ("l1", "l2", "l3", "l4", "leisure")


@dataclass(frozen=True)
class _Options:
    """One answer's weighted options per scenario, flattened (``starts`` per scenario)."""

    weights: list[list[int]]
    starts: IntArray
    values: tuple[str | None, ...]


@cache
def _options_of(level: str) -> _Options:
    def options(s: Scenario) -> tuple[tuple[str | None, int], ...]:
        if level in ("l1", "l2"):
            return ((getattr(s, level), 1),)
        chosen: tuple[tuple[str | None, int], ...] = getattr(s, level)
        return chosen

    table = [options(s) for s in SCENARIOS]
    return _Options(
        weights=[[w for _, w in choices] for choices in table],
        starts=readonly(offsets(np.array([len(choices) for choices in table], dtype=np.int64))),
        values=tuple(v for choices in table for v, _ in choices),
    )


def _options(rng: np.random.Generator, scenario: IntArray, level: str) -> IntArray:
    """Each trip's answer to ``level``, as an index into ``_options_of(level).values``."""
    table = _options_of(level)
    return table.starts[scenario] + weighted_by(rng, scenario, table.weights)


@cache
def _texts(level: int) -> pl.Series:
    """The spec's text of each of level ``level``'s option values (missing if it has none)."""
    texts = LEVEL_CODES[level]
    return strings(
        tuple(None if v is None else texts.get(v) for v in _options_of(_LEVELS[level]).values)
    )


def scenarios(rng: np.random.Generator, commuter: BoolArray, minor: BoolArray) -> IntArray:
    """A scenario per trip; children never travel for work."""
    adult_weights = [s.weight for s in SCENARIOS]
    minor_weights = [0 if s.work else s.weight for s in SCENARIOS]
    drawn = weighted_by(rng, minor.astype(np.int64), [adult_weights, minor_weights])
    return np.where(commuter, COMMUTER, drawn)


def quarantine_choices(
    rng: np.random.Generator, scenario: IntArray, day: IntArray
) -> tuple[dict[str, pl.Series], dict[str, IntArray]]:
    """The four quarantine choice codes with their spec texts, and the leisure answers; and
    each trip's answer to ``l1`` .. ``l4`` and ``leisure`` as an index into
    :func:`option_values`."""
    codes = [_options(rng, scenario, level) for level in _LEVELS[:4]]
    out: dict[str, pl.Series] = {}
    for level, (field, code) in enumerate(zip(LEVEL_FIELDS, codes, strict=True)):
        out[field] = strings(_options_of(_LEVELS[level]).values)[code]
        out[field.removesuffix("_code")] = _texts(level)[code]
    leisure = _options(rng, scenario, "leisure")
    values = _options_of("leisure").values
    out["a_is_leisure_trip"] = strings(values)[leisure]
    said_yes = np.array([v == "Ja" for v in values], dtype=np.bool_)[leisure]
    asked = (day < TRIP_NECESSARY_REMOVED) & said_yes
    answer = strings(TRIP_NECESSARY)[weighted(rng, (600, 300, 100), len(day))]
    out["a_is_trip_necessary"] = masked(answer, asked)
    return out, dict(zip(_LEVELS, [*codes, leisure], strict=True))


def option_values(level: str) -> tuple[str | None, ...]:
    """The values :func:`quarantine_choices` indexes for ``l1`` .. ``l4`` or ``leisure``."""
    return _options_of(level).values


def is_work(scenario: IntArray) -> BoolArray:
    return np.array([s.work for s in SCENARIOS])[scenario]


def is_hotel(level4: IntArray) -> BoolArray:
    """Whether each trip's ``l4`` answer (see :func:`option_values`) is a quarantine hotel."""
    return _hotel_options()[level4]


@cache
def _hotel_options() -> BoolArray:
    return readonly(np.array([v in HOTEL_L4 for v in option_values("l4")], dtype=np.bool_))


def destinations(
    rng: np.random.Generator, home: IntArray, home_address: pl.Series, home_zip: pl.Series
) -> tuple[IntArray, dict[str, pl.Series]]:
    """Each trip's kommune index and its destination, address and zip columns."""
    table = kommuner()
    n = len(home)
    away = chance(rng, _AWAY_FROM_HOME, n)
    kommune = np.where(away, weighted(rng, table.population, n), home)
    known = ~chance(rng, _NO_DESTINATION, n)
    addressed = ~chance(rng, _NO_ADDRESS, n)
    address = street_addresses(rng, n)
    zip_code = zip_codes(rng, kommune)
    elsewhere = pl.Series(away)
    return kommune, {
        "a_destination_id": masked(table.hdir_ids[kommune], known),
        "municipality_number": masked(table.numbers[kommune], known),
        "a_location_address": masked(address.zip_with(elsewhere, home_address), addressed),
        "a_location_zip_code": masked(zip_code.zip_with(elsewhere, home_zip), addressed),
    }


def hotels(
    rng: np.random.Generator,
    hotel: BoolArray,
    kommune: IntArray,
    day: IntArray,
    reference_day: int,
) -> dict[str, pl.Series]:
    """Quarantine hotel columns, with ``hotel_place`` and ``changed_place`` for free text."""
    table = kommuner()
    n = len(hotel)
    last = reference_day - 1
    which = weighted(rng, [w for _, _, w in HOTELS], n)
    changed_to = (which + 1 + below(rng, len(HOTELS) - 1, n)) % len(HOTELS)
    hotel_kommune = _hotel_kommuner()[which]
    elsewhere = hotel & (hotel_kommune != kommune)
    arrived = hotel & chance(rng, 900, n)
    arrival = np.minimum(day + weighted(rng, (800, 200), n), last)
    departure = arrival + weighted(rng, (50, 60, 80, 100, 100, 100, 100, 100, 100, 90, 80), n)
    departed = arrived & (departure <= last)
    # a few departures are registered without an arrival (the spec's rule must cope)
    departed |= hotel & ~arrived & chance(rng, 300, n)
    departure = np.minimum(departure, last)
    changed = departed & chance(rng, 150, n)
    places = strings(tuple(place for _, place, _ in HOTELS))
    return {
        "a_q_hotel_destination_id": masked(table.hdir_ids[hotel_kommune], elsewhere),
        "hotel_municipality_number": masked(table.numbers[hotel_kommune], elsewhere),
        "a_quarantine_reg_arrival": masked(day_text(arrival), arrived),
        "a_quarantine_reg_departure": masked(day_text(departure), departed),
        "hotel_place": masked(places[which], hotel),
        "arrival_place": masked(places[which], arrived),
        "changed_place": masked(places[changed_to], changed),
    }


@cache
def _hotel_kommuner() -> IntArray:
    table = kommuner()
    return readonly(np.array([table.index_of(k) for k, _, _ in HOTELS], dtype=np.int64))


def border_crossings(
    rng: np.random.Generator, day: IntArray, reference_day: int
) -> tuple[BoolArray, pl.Series]:
    """Which trips the police registered at the border, and the date (about ``a_date``)."""
    n = len(day)
    crossed = chance(rng, 450, n)
    when = np.minimum(day + weighted(rng, (30, 920, 50), n) - 1, reference_day - 1)
    return crossed, masked(day_text(when), crossed)


def responsible_municipality() -> pl.Expr:
    """The spec's rule for ``responsible_municipality_number``, as a polars expression."""
    hotel = pl.col("hotel_municipality_number")
    arrival, departure = pl.col("a_quarantine_reg_arrival"), pl.col("a_quarantine_reg_departure")
    use_hotel = hotel.is_not_null() & (
        departure.is_null() | (arrival.is_not_null() & (arrival >= departure))
    )
    return (
        pl.when(use_hotel)
        .then(hotel)
        .otherwise(pl.col("municipality_number"))
        .alias("responsible_municipality_number")
    )
