"""Travellers: identity numbers, names, birth dates, phones, e-mails and home addresses.

Everything here is per person; trips repeat a person's fields unchanged. A person is one of
four kinds, as in HDIR's register: a fødselsnummer, a D-number (also in ``p_dnr``), a
passport number (some also got a D-number at the border; others an FH-number), or only an
FH-number (no ``p_unique_id``). Names come from the country of residence's name lists, with
the first name matching the gender digit of the person's number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import polars as pl

from washer.generate import identities
from washer.generate._columns import masked, nulls, offsets, readonly, strings
from washer.generate._random import BoolArray, IntArray, below, chance, weighted
from washer.generate.countries import COUNTRIES
from washer.generate.identities import DateArray
from washer.generate.kommuner import kommuner
from washer.generate.pools import Pool, name_pool, norwegian

__all__ = [
    "DNR",
    "EMAIL_DOMAINS",
    "FH_ONLY",
    "FNR",
    "PASSPORT",
    "Persons",
    "generate_persons",
    "street_addresses",
    "zip_codes",
]

FNR, DNR, PASSPORT, FH_ONLY = 0, 1, 2, 3

# Per mille of each kind among residents of Norway and of other countries.
_KIND_WEIGHTS = {True: (920, 40, 10, 30), False: (200, 450, 250, 100)}
_PASSPORT_WITH_DNR = 250  # per mille of passport holders given a D-number at the border
_PASSPORT_WITH_FH = 500  # per mille of the others given an FH-number

# Age groups of travellers: (from, to) years and weight.
_AGES = (
    (0, 10, 80),
    (10, 18, 70),
    (18, 30, 200),
    (30, 40, 220),
    (40, 50, 180),
    (50, 60, 140),
    (60, 70, 80),
    (70, 80, 30),
    (80, 95, 8),
)

EMAIL_DOMAINS = (
    "example.com",
    "example.net",
    "example.org",
    "post.example",
    "mail.example",
    "online.test",
)
"""Reserved domains (RFC 2606, RFC 6761): generated addresses can never reach anyone."""

_EMAIL_MISSING = 80  # per mille of persons without an e-mail address


@dataclass(frozen=True)
class Persons:
    """Person-level columns (``frame``) and the draws trips depend on."""

    frame: pl.DataFrame
    country: IntArray
    kind: IntArray
    home: IntArray  # kommune index
    birth: DateArray
    employer: IntArray


def _birth_dates(rng: np.random.Generator, reference: np.datetime64, n: int) -> DateArray:
    group = weighted(rng, [w for _, _, w in _AGES], n)
    low = np.array([a for a, _, _ in _AGES], dtype=np.int64)[group] * 365
    span = np.array([b - a for a, b, _ in _AGES], dtype=np.int64)[group] * 365
    age_days = low + below(rng, span, n) + 1
    return (reference - age_days).astype("datetime64[D]")


@dataclass(frozen=True)
class _MobilePrefixes:
    """Every country's mobile prefixes, flattened (``starts``/``sizes`` per country)."""

    starts: IntArray
    sizes: IntArray
    values: IntArray
    lengths: IntArray
    national_length: IntArray
    plus_code: pl.Series  # "+47"


@cache
def _mobile_prefixes() -> _MobilePrefixes:
    sizes = np.array([len(c.mobile) for c in COUNTRIES], dtype=np.int64)
    flat = [p for c in COUNTRIES for p in c.mobile]
    return _MobilePrefixes(
        starts=readonly(offsets(sizes)),
        sizes=readonly(sizes),
        values=readonly(np.array([int(p) for p in flat], dtype=np.int64)),
        lengths=readonly(np.array([len(p) for p in flat], dtype=np.int64)),
        national_length=readonly(np.array([c.national_length for c in COUNTRIES], dtype=np.int64)),
        plus_code=strings(tuple("+" + c.calling_code for c in COUNTRIES)),
    )


def _phones(rng: np.random.Generator, country: IntArray) -> tuple[pl.Series, pl.Series]:
    """``(full, national)``: ``+<calling code><national number>`` and the national part."""
    table = _mobile_prefixes()
    pick = table.starts[country] + below(rng, table.sizes[country], len(country))
    rest = table.national_length[country] - table.lengths[pick]
    national = table.values[pick] * 10**rest + below(rng, 10**rest, len(country))
    national_text = pl.Series(national, dtype=pl.Int64).cast(pl.String)
    return table.plus_code[country] + national_text, national_text


def _emails(
    rng: np.random.Generator,
    first: pl.Series,
    last: pl.Series,
    initial: pl.Series,
    birth: DateArray,
) -> pl.Series:
    """E-mail addresses from the ASCII forms of the names (``initial``: the first name's)."""
    n = len(first)
    style = below(rng, 4, n)
    domain = strings(EMAIL_DOMAINS)[weighted(rng, (40, 20, 10, 15, 10, 5), n)]
    # datetime64[Y] counts years since 1970: the calendar year is 1970 more.
    year = _two_digits()[(birth.astype("datetime64[Y]").astype(np.int64) + 1970) % 100]
    number = pl.Series(below(rng, 99, n) + 1).cast(pl.String)
    missing = chance(rng, _EMAIL_MISSING, n)
    styles = pl.concat(
        [
            first + "." + last,
            first + last + year,
            initial + "." + last,
            last + "." + first + number,
        ]
    )
    local = styles[style * n + np.arange(n)]
    return masked(local + "@" + domain, ~missing)


@cache
def _two_digits() -> pl.Series:
    """``00`` .. ``99``."""
    return strings(tuple(f"{value:02d}" for value in range(100)))


def street_addresses(rng: np.random.Generator, n: int) -> pl.Series:
    """Norwegian street addresses: a street from the pool, a house number, sometimes a letter."""
    streets = norwegian("streets")
    street = streets[below(rng, len(streets), n)]
    number = below(rng, _HOUSE_NUMBERS, n)
    letter = below(rng, len(_LETTERS) - 1, n)
    letter = np.where(chance(rng, 100, n), letter, len(_LETTERS) - 1)
    return street + _house_numbers()[number * len(_LETTERS) + letter]


_HOUSE_NUMBERS = 160
_LETTERS = ("A", "B", "C", "D", "")  # the last: no letter


@cache
def _house_numbers() -> pl.Series:
    """What follows the street name: `` 1A``, `` 1B`` .. `` 160``."""
    return strings(
        tuple(
            f" {number}{letter}" for number in range(1, _HOUSE_NUMBERS + 1) for letter in _LETTERS
        )
    )


def zip_codes(rng: np.random.Generator, kommune: IntArray) -> pl.Series:
    """A plausible postnummer in each row's kommune."""
    table = kommuner()
    codes = table.zip_low[kommune] + below(rng, table.zip_span[kommune], len(kommune))
    return _four_digits()[codes]


@cache
def _four_digits() -> pl.Series:
    """``0000`` .. ``9999``, to write postnummer by lookup."""
    return strings(tuple(f"{code:04d}" for code in range(10_000)))


def generate_persons(
    streams: dict[str, np.random.Generator], n: int, reference: np.datetime64, employers: int
) -> Persons:
    """``n`` distinct persons; ``reference`` is the extract's reference date."""
    rng = streams["persons"]
    country = weighted(rng, [c.weight for c in COUNTRIES], n)
    resident = country == 0
    kind = np.where(
        resident, weighted(rng, _KIND_WEIGHTS[True], n), weighted(rng, _KIND_WEIGHTS[False], n)
    )
    male = chance(rng, 500, n)
    birth = _birth_dates(rng, reference, n)
    passport = kind == PASSPORT
    with_dnr = passport & chance(rng, _PASSPORT_WITH_DNR, n)
    with_fh = (kind == FH_ONLY) | (passport & ~with_dnr & chance(rng, _PASSPORT_WITH_FH, n))

    ids = _identity_columns(streams["identities"], kind, male, birth, with_dnr, with_fh, country)
    names = streams["names"]
    first_pool = ("male", "female")
    last_pool = ("last_male", "last_female")
    first_idx = np.where(
        male, name_pool("male").draw(names, country), name_pool("female").draw(names, country)
    )
    last_idx = np.where(
        male,
        name_pool("last_male").draw(names, country),
        name_pool("last_female").draw(names, country),
    )
    first = _pick(first_pool, male, first_idx, "values")
    last = _pick(last_pool, male, last_idx, "values")

    contact = streams["contact"]
    phone, national = _phones(contact, country)
    email = _emails(
        contact,
        _pick(first_pool, male, first_idx, "ascii"),
        _pick(last_pool, male, last_idx, "ascii"),
        _pick(first_pool, male, first_idx, "initial"),
        birth,
    )
    places = streams["places"]
    home = weighted(places, kommuner().population, n)
    # a long tail of employers; the largest send about 1 % of all workers
    employer = weighted(streams["employers"], 1_000_000 // (np.arange(employers) + 10), n)

    frame = pl.DataFrame(
        {
            **ids,
            "p_first_name": first,
            "p_last_name": last,
            "p_birth_date": pl.Series(birth).cast(pl.String),
            "p_phone": phone,
            "p_email": email,
            "p_country_of_residence": strings(tuple(c.name for c in COUNTRIES))[country],
            "p_lang_follow_up": strings(tuple(c.language for c in COUNTRIES))[country],
            "phone_national": national,
            "home_address": street_addresses(places, n),
            "home_zip": zip_codes(places, home),
        }
    )
    return Persons(
        frame=frame, country=country, kind=kind, home=home, birth=birth, employer=employer
    )


Form = Literal["values", "ascii", "initial"]


@cache
def _both_pools(kinds: tuple[str, str], form: Form) -> tuple[pl.Series, int]:
    """The male then the female pool's names as one table, and where the female ones start:
    as written, in ASCII (for e-mail) or the ASCII form's first letter."""
    pools: tuple[Pool, Pool] = (name_pool(kinds[0]), name_pool(kinds[1]))
    men, women = (p.values if form == "values" else p.ascii for p in pools)
    both = pl.concat([men, women], rechunk=True)
    return (both.str.slice(0, 1) if form == "initial" else both), len(men)


def _pick(kinds: tuple[str, str], male: BoolArray, idx: IntArray, form: Form) -> pl.Series:
    """Names from the pool of ``kinds[0]`` where ``male`` and of ``kinds[1]`` elsewhere
    (``idx`` indexes each row's own pool)."""
    both, women = _both_pools(kinds, form)
    return both[np.where(male, idx, women + idx)]


def _identity_columns(
    rng: np.random.Generator,
    kind: IntArray,
    male: BoolArray,
    birth: DateArray,
    with_dnr: BoolArray,
    with_fh: BoolArray,
    country: IntArray,
) -> dict[str, pl.Series]:
    n = len(kind)
    numbered = (kind == FNR) | (kind == DNR) | with_dnr
    d_number = (kind == DNR) | with_dnr
    rows = np.flatnonzero(numbered)
    numbers = np.zeros(n, dtype=np.int64)
    numbers[rows] = identities.person_numbers(rng, birth[rows], male[rows], d_number[rows])
    fh = np.zeros(n, dtype=np.int64)
    fh_rows = np.flatnonzero(with_fh)
    fh[fh_rows] = identities.fh_numbers(rng, fh_rows.size)
    patterns = tuple(c.passport for c in COUNTRIES)
    holders = np.flatnonzero(kind == PASSPORT)
    passports = nulls(n).scatter(
        holders, identities.passport_numbers(rng, country[holders], patterns)
    )
    texts = pl.select(
        identities.as_text_expr(pl.lit(pl.Series(numbers)), 11).alias("number"),
        identities.as_text_expr(pl.lit(pl.Series(fh)), 11).alias("fh"),
    )
    number = texts["number"]
    return {
        "p_unique_id": number.zip_with(pl.Series(kind <= DNR), passports),  # FH_ONLY: none
        "p_dnr": masked(number, d_number),
        "p_fh_number": masked(texts["fh"], with_fh),
    }
