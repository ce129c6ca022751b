"""Stand-ins for testing and benchmarking the audit: a synthetic extract and a simple wash.

:func:`synthetic_extract` builds production-shaped originals (all 55 ``Innreiser`` fields;
persons with several trips; fnr, D-number, passport and FH ids; phones in several spellings;
a few rare made-up last names; employers; free text that repeats the traveller's phone).
:func:`stand_in_wash` replaces every identifying value by a fake drawn from a set disjoint from
the originals, keeps rows in order, shifts dates and keeps attributes: output the audit must
pass. Both are vectorised and deterministic per seed. Neither is the real generator nor the
real wash; they let the audit be tested before those exist.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.schema import INNREISER_FIELDS
from washer.testing import _standin_data as data
from washer.testing._standin_wash import stand_in_wash

__all__ = ["stand_in_wash", "synthetic_extract"]

NEWEST = np.datetime64("2021-09-04")
_NONE = np.array(None, dtype=object)


def synthetic_extract(n_rows: int, *, seed: int = 0) -> pl.DataFrame:
    """A production-shaped extract of ``n_rows`` rows: every ``Innreiser`` field, as strings."""
    rng = np.random.default_rng(seed)
    n_p, n_emp = max(1, int(n_rows * 0.7)), max(1, n_rows // 50)
    female = rng.random(n_p) < 0.5
    birth = np.datetime64("1940-01-01") + rng.integers(0, 27000, n_p).astype("timedelta64[D]")
    ids = data.person_ids(rng, birth, female)
    first = np.where(female, data.pick(rng, data.FEMALE, n_p), data.pick(rng, data.MALE, n_p))
    last = np.where(
        rng.random(n_p) < 0.03, data.rare_names(rng, n_p), data.pick(rng, data.LAST, n_p)
    )
    phone = data.phones(rng, n_p)
    email = data.concat(
        np.char.lower(first), ".", np.char.lower(last), rng.integers(1, 99, n_p), "@gmail.com"
    )
    address = data.concat(data.pick(rng, data.STREETS, n_p), " ", rng.integers(1, 120, n_p))
    who = rng.integers(0, n_p, n_rows)
    kommune = data.pick(rng, data.KOMMUNER, n_rows, data.KOMMUNE_WEIGHTS)
    day = (NEWEST - rng.integers(0, 10, n_rows).astype("timedelta64[D]")).astype(str)
    emp = np.where(rng.random(n_rows) < 0.2, rng.integers(0, n_emp, n_rows), -1)
    free = rng.random(n_rows)
    employer = {
        "a_employer_org_number": data.orgnrs(rng, n_emp, 9),
        "a_employer_name": data.concat(data.pick(rng, data.LAST, n_emp), " Bygg AS"),
        "a_employer_address": data.concat(
            data.pick(rng, data.STREETS, n_emp), " ", rng.integers(1, 99, n_emp)
        ),
        "a_employer_contact_person": data.concat(
            data.pick(rng, data.FEMALE, n_emp), " ", data.pick(rng, data.LAST, n_emp)
        ),
        "a_employer_contact_phone": data.phones(rng, n_emp),
    }
    columns: dict[str, object] = {
        "a_reference_code": data.concat(kommune, "-47-1-", 1_000_000 + rng.permutation(n_rows)),
        "p_unique_id": ids["unique"][who],
        "a_destination_id": kommune,
        "municipality_number": kommune,
        "p_first_name": first[who],
        "p_last_name": last[who],
        "p_birth_date": birth[who].astype(str),
        "p_phone": phone[who],
        "p_email": email[who],
        "p_country_of_residence": data.pick(rng, data.COUNTRIES, n_p, data.COUNTRY_WEIGHTS)[who],
        "p_dnr": ids["dnr"][who],
        "p_fh_number": ids["fh"][who],
        "a_date": day,
        "a_travel_method": data.pick(rng, ("Fly", "Bil/Buss", "Båt", "Tog", "Annet"), n_rows),
        "a_travel_method_extra": np.where(
            free < 0.05,
            data.concat("Ring meg på ", phone[who]),
            np.where(free < 0.15, data.concat("Fly SK", rng.integers(100, 9999, n_rows)), _NONE),
        ),
        "a_q_opt_l1_code": data.pick(rng, ("1001", "1002", "1003"), n_rows),
        "a_location_address": address[who],
        "a_location_zip_code": data.digit_strings(rng, n_rows, 4),
        **{k: np.where(emp >= 0, v[emp], _NONE) for k, v in employer.items()},
        "a_updated": data.concat(day, "T22:05:37+02:00"),
        "p_updated": data.concat(day, "T21:00:00+02:00"),
    }
    frame = pl.DataFrame([data.series(k, v) for k, v in columns.items()])
    return frame.select(
        pl.col(f) if f in frame.columns else pl.lit(None, pl.String).alias(f)
        for f in INNREISER_FIELDS
    )
