"""Norwegian employers of people on work trips: orgnr, name, address, contact person, phone.

A run has a fixed set of employers; a worker keeps one employer across trips, and large
employers have many travelling workers (weights fall as 1/(rank + 10)), so one employer
appears on many rows with identical fields, as in production.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl

from washer.generate import identities
from washer.generate._columns import masked, repeated, strings
from washer.generate._random import below, chance, weighted
from washer.generate.countries import COUNTRIES
from washer.generate.kommuner import kommuner
from washer.generate.people import street_addresses, zip_codes
from washer.generate.pools import name_pool, norwegian

__all__ = [
    "employer_count",
    "generate_employers",
]

PERSONS_PER_EMPLOYER = 25


def employer_count(persons: int) -> int:
    return max(5, persons // PERSONS_PER_EMPLOYER)


def generate_employers(rng: np.random.Generator, count: int) -> pl.DataFrame:
    """``count`` employers as ``a_employer_*`` columns (contacts sometimes missing)."""
    table = kommuner()
    companies = norwegian("companies")
    seat = weighted(rng, table.population, count)
    norway = np.zeros(count, dtype=np.int64)
    male = chance(rng, 500, count)
    first = np.where(
        male, name_pool("male").draw(rng, norway), name_pool("female").draw(rng, norway)
    )
    last = name_pool("last_male").draw(rng, norway)
    men, women = name_pool("male").values, name_pool("female").values
    first_names = men[np.where(male, first, 0)].zip_with(
        pl.Series(male), women[np.where(male, 0, first)]
    )
    town = _towns()[seat]
    mobile = np.where(chance(rng, 500, count), 4, 9) * 10**7 + below(rng, 10**7, count)
    org_number = identities.as_text(identities.orgnr_numbers(rng, count), 9)
    name = companies[below(rng, len(companies), count)]
    address = street_addresses(rng, count) + ", " + zip_codes(rng, seat) + " " + town
    contact = first_names + " " + name_pool("last_male").values[last]
    phone = repeated("+" + COUNTRIES[0].calling_code, count) + pl.Series(mobile).cast(pl.String)
    return pl.DataFrame(
        {
            "a_employer_org_number": org_number,
            "a_employer_name": name,
            "a_employer_address": address,
            "a_employer_contact_person": masked(contact, ~chance(rng, 100, count)),
            "a_employer_contact_phone": masked(phone, ~chance(rng, 150, count)),
        }
    )


@cache
def _towns() -> pl.Series:
    """Each kommune's town: its name up to a `` - `` (``Porsanger - Porsáŋgu - Porsanki``)."""
    names = kommuner().names
    return strings(tuple(name.split(" - ")[0] for name in names.to_list()))
