"""Where a trip comes from and how: departure country and region, transit, travel method,
number of travellers, and the border station where the police registered the crossing."""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl

from washer.generate._columns import masked, offsets, readonly, strings
from washer.generate._random import BoolArray, IntArray, below, chance, weighted
from washer.generate._random import weighted_per_group as weighted_by
from washer.generate.codes import TRAVEL_METHODS
from washer.generate.countries import COUNTRIES, HOME_COMING, TRANSIT, departure_names
from washer.generate.trips import option_values

__all__ = [
    "DEPARTURES",
    "METHODS",
    "STATIONS",
    "departures",
    "methods",
    "regions",
    "stations",
    "transits",
    "travellers",
]

DEPARTURES = departure_names()
_DEPARTURE_INDEX = {name: i for i, name in enumerate(DEPARTURES)}
_NEAR_BY_SEA = frozenset({"Danmark", "Tyskland"})
_OWN_COUNTRY = 850  # per mille of non-residents of Norway coming from where they live

# Travel method weights in the spec's order (Fly, Bil/Buss, Yrkestransport, Båt, Tog, Annet)
# for departures by land border, by sea from near neighbours, from elsewhere, and commuters.
_METHOD_WEIGHTS = {
    "Fly": (300, 500, 880, 0),
    "Bil/Buss": (550, 200, 60, 900),
    "Yrkestransport": (80, 40, 30, 0),
    "Båt": (10, 250, 20, 0),
    "Tog": (50, 0, 0, 100),
    "Annet": (10, 10, 10, 0),
}
_BY_LEVEL3 = {
    "3024": "Yrkestransport",
    "3025": "Fly",
    "3026": "Båt",
    "3027": "Båt",
    "3028": "Båt",
    "3030": "Båt",
}

STATIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "air": (
        ("Oslo lufthavn Gardermoen", 50),
        ("Bergen lufthavn Flesland", 12),
        ("Stavanger lufthavn Sola", 10),
        ("Trondheim lufthavn Værnes", 8),
        ("Sandefjord lufthavn Torp", 8),
        ("Kristiansand lufthavn Kjevik", 5),
        ("Tromsø lufthavn Langnes", 4),
        ("Bodø lufthavn", 3),
    ),
    "land": (
        ("Svinesund", 40),
        ("Ørje", 15),
        ("Magnor", 12),
        ("Storlien/Meråker", 8),
        ("Helligskogen", 8),
        ("Kongsvinger", 5),
        ("Bjørnfjell", 5),
        ("Junkerdal", 4),
        ("Storskog", 3),
    ),
    "sea": (
        ("Oslo havn", 30),
        ("Kristiansand havn", 25),
        ("Larvik havn", 15),
        ("Sandefjord havn", 10),
        ("Stavanger havn", 8),
        ("Bergen havn", 7),
        ("Langesund havn", 5),
    ),
}


def _check_methods() -> None:
    if set(_METHOD_WEIGHTS) != {m for m in TRAVEL_METHODS if m is not None}:
        raise LookupError("travel methods differ from the spec's a_travel_method values")


_check_methods()
METHODS = tuple(m for m in TRAVEL_METHODS if m is not None)


def departures(rng: np.random.Generator, country: IntArray, commuter: BoolArray) -> IntArray:
    """Index into :data:`DEPARTURES` per trip, from each traveller's country of residence."""
    n = len(country)
    home_coming = np.array([_DEPARTURE_INDEX[name] for name, _ in HOME_COMING])
    usual = home_coming[weighted(rng, [w for _, w in HOME_COMING], n)]
    own = country - 1  # DEPARTURES starts with the countries of residence after Norway
    from_own = (country > 0) & chance(rng, _OWN_COUNTRY, n)
    result = np.where(from_own, own, usual)
    land = np.array([c.land_border for c in COUNTRIES])[country]
    return np.where(commuter, np.where(land, own, _DEPARTURE_INDEX["Sverige"]), result)


def methods(
    rng: np.random.Generator, departure: IntArray, commuter: BoolArray, level3: IntArray
) -> pl.Series:
    """Each trip's travel method; some ``l3`` answers (an index into
    :func:`~washer.generate.trips.option_values`) imply one."""
    land = _LAND_DEPARTURE[departure]
    sea = np.array([name in _NEAR_BY_SEA for name in DEPARTURES])[departure]
    group = np.where(commuter, 3, np.where(land, 0, np.where(sea, 1, 2)))
    tables = [[_METHOD_WEIGHTS[m][g] for m in METHODS] for g in range(4)]
    drawn = strings(METHODS)[weighted_by(rng, group, tables)]
    implied, implies = _implied_methods()
    return implied[level3].zip_with(pl.Series(implies[level3]), drawn)


@cache
def _implied_methods() -> tuple[pl.Series, BoolArray]:
    """Per ``l3`` option value: the travel method it implies, and whether it implies one."""
    values = [None if v is None else _BY_LEVEL3.get(v) for v in option_values("l3")]
    implies = np.array([v is not None for v in values], dtype=np.bool_)
    return strings(tuple(values)), readonly(implies)


def _land_border(name: str) -> bool:
    return any(c.name == name and c.land_border for c in COUNTRIES)


_LAND_DEPARTURE = readonly(np.array([_land_border(name) for name in DEPARTURES]))
_REGIONS = [next((c.regions for c in COUNTRIES if c.name == name), ()) for name in DEPARTURES]
_REGION_COUNTS = readonly(np.array([len(r) for r in _REGIONS], dtype=np.int64))
_REGION_STARTS = readonly(offsets(_REGION_COUNTS))


def regions(rng: np.random.Generator, departure: IntArray) -> pl.Series:
    flat = strings(tuple(r for rs in _REGIONS for r in rs))
    sizes = _REGION_COUNTS
    has = (sizes[departure] > 0) & chance(rng, 700, len(departure))
    pick = _REGION_STARTS[departure] + below(rng, np.maximum(sizes[departure], 1), len(departure))
    return masked(flat[np.where(has, pick, 0)], has)


def transits(rng: np.random.Generator, n: int) -> pl.Series:
    return strings(tuple(t for t, _ in TRANSIT))[weighted(rng, [w for _, w in TRANSIT], n)]


def travellers(rng: np.random.Generator, n: int) -> tuple[pl.Series, pl.Series]:
    """``(a_num_travelers, a_num_travelers_under_16)`` as digit strings."""
    count = weighted(rng, (700, 150, 70, 50, 30), n) + 1
    children = np.where(chance(rng, 600, n), 0, below(rng, count, n))
    return pl.Series(count).cast(pl.String), pl.Series(children).cast(pl.String)


def stations(rng: np.random.Generator, method: pl.Series) -> pl.Series:
    """A border station matching each trip's travel method."""
    kind = np.where((method == "Fly").to_numpy(), 0, np.where((method == "Båt").to_numpy(), 2, 1))
    tables = [STATIONS["air"], STATIONS["land"], STATIONS["sea"]]
    local = weighted_by(rng, kind, [[w for _, w in t] for t in tables])
    starts = offsets(np.array([len(t) for t in tables], dtype=np.int64))
    flat = strings(tuple(name for t in tables for name, _ in t))
    return flat[starts[kind] + local]
