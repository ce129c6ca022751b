"""A mistyped id of a known person: its own fake, dated like the person's other fake id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.dates import parse_dates
from washer.ids import classify_series
from washer.keys import Key
from washer.schema import INNREISER_FIELDS

from ._checks import fake_id_date, wash_frames
from ._extract import dnr, fnr

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"


def _typo(number: str) -> str:
    return number[:10] + str((int(number[10]) + 1) % 10)


def test_typo_beside_a_valid_number_gets_a_distinct_fake_with_the_persons_date() -> None:
    rng = np.random.default_rng(5)
    birth = dt.date(1980, 3, 14)
    d_number = dnr(rng, birth, female=True)
    f_number = fnr(rng, dt.date(1990, 7, 1), female=False)
    rows = [
        {
            "p_unique_id": _typo(d_number),
            "p_dnr": d_number,
            "p_first_name": "Aa",
            "p_birth_date": birth.isoformat(),
            "a_date": "2021-03-01",
        },
        {
            "p_unique_id": d_number,
            "p_dnr": d_number,
            "p_first_name": "Aa",
            "p_birth_date": birth.isoformat(),
            "a_date": "2021-03-02",
        },
        {
            "p_unique_id": f_number,
            "p_first_name": "Bb",
            "p_last_name": "Cc",
            "p_birth_date": "1990-07-01",
            "a_date": "2021-03-03",
        },
        {
            "p_unique_id": _typo(f_number),
            "p_first_name": "BB",
            "p_last_name": "cc",
            "p_birth_date": "1990-07-01",
            "a_date": "2021-03-03",
        },
    ]
    frame = pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )
    assert classify_series(frame["p_unique_id"]).to_list()[0] == "malformed"
    [washed] = wash_frames([frame], RULES, Key(bytes(range(32))))
    uid, dn = washed["p_unique_id"].to_list(), washed["p_dnr"].to_list()
    births = washed.select(parse_dates(pl.col("p_birth_date")))["p_birth_date"].to_list()
    assert uid[0] != dn[0]  # different originals, different fakes
    assert uid[1] == dn[1] == dn[0]  # equal originals, equal fakes
    assert len({uid[2], uid[3]}) == 2
    for i, fakes in enumerate([(uid[0], dn[0]), (uid[1],), (uid[2],), (uid[3],)]):
        for fake in fakes:
            assert fake_id_date(fake) == births[i]
    assert births[0] == births[1] and births[2] == births[3]  # one birth date per person
    kinds = classify_series(washed["p_unique_id"]).to_list()
    assert kinds == ["synthetic_dnr", "synthetic_dnr", "synthetic_fnr", "synthetic_fnr"]
    assert int(uid[0][8]) % 2 == int(d_number[8]) % 2 and int(uid[3][8]) % 2 == 1


@given(seed=st.integers(0, 2**32 - 1), key=st.binary(min_size=32, max_size=32).map(Key))
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_person_known_only_by_a_mistyped_number_keeps_its_birth_date_within_90_days(
    seed: int, key: Key
) -> None:
    """A traveller whose only id has a wrong check digit: the fake is dated like the washed
    birth date, which moves at most 90 days (as for a valid number), not the person's keyed
    shift plus a 91-day window on top of it."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(24):
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 90)))
        number = (dnr if p % 3 == 0 else fnr)(rng, birth, female=bool(p % 2))
        rows.append(
            {
                "p_unique_id": _typo(number),
                "p_first_name": f"Person{p}",
                "p_birth_date": birth.isoformat(),
                "a_date": "2021-03-01",
            }
        )
    frame = pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )
    assert set(classify_series(frame["p_unique_id"]).to_list()) == {"malformed"}
    [washed] = wash_frames([frame], RULES, key)
    before = frame.select(parse_dates(pl.col("p_birth_date")))["p_birth_date"].to_list()
    after = washed.select(parse_dates(pl.col("p_birth_date")))["p_birth_date"].to_list()
    for original, new, fake in zip(before, after, washed["p_unique_id"].to_list(), strict=True):
        assert fake_id_date(fake) == new
        assert abs((new - original).days) <= 90
