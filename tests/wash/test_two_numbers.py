"""A person holding both an fnr and a D-number: one washed birth date, in every fake id."""

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


def _rows(seed: int, persons: int) -> tuple[list[dict[str, str | None]], list[int]]:
    """Rows of people who hold an fnr and a D-number (shuffled), and whose each row is."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, str | None]] = []
    owners: list[int] = []
    for p in range(persons):
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 60)))
        female = bool(rng.integers(0, 2))
        f_number, d_number = fnr(rng, birth, female), dnr(rng, birth, female)
        shapes = [(f_number, d_number), (d_number, None), (f_number, None), (None, d_number)]
        for uid, dn in shapes[: int(rng.integers(1, 5))] if p % 2 else shapes:
            rows.append(
                {
                    "p_unique_id": uid,
                    "p_dnr": dn,
                    "p_first_name": f"Person{p}",
                    "p_birth_date": birth.isoformat() if rng.integers(0, 2) else None,
                    "a_date": "2021-09-01",
                }
            )
            owners.append(p)
    order = rng.permutation(len(rows))
    return [rows[i] for i in order], [owners[i] for i in order]


@given(seed=st.integers(0, 2**32 - 1), key=st.binary(min_size=32, max_size=32).map(Key))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fnr_and_d_number_of_one_person_carry_its_one_washed_birth_date(
    seed: int, key: Key
) -> None:
    rows, owners = _rows(seed, persons=6)
    frame = pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )
    [washed] = wash_frames([frame], RULES, key)
    births = washed.select(parse_dates(pl.col("p_birth_date")))["p_birth_date"].to_list()
    person_birth: dict[int, dt.date] = {}
    forward: dict[str, str] = {}
    for i, owner in enumerate(owners):
        dates = [] if births[i] is None else [births[i]]  # a blank birth date stays blank
        for column in ("p_unique_id", "p_dnr"):
            original, fake = frame[column][i], washed[column][i]
            if original is None:
                continue
            dates.append(fake_id_date(fake))
            assert int(fake[8]) % 2 == int(original[8]) % 2  # the gender digit is kept
            assert forward.setdefault(original, fake) == fake
        for date in dates:  # one date per person, in its washed birth date and every fake
            assert person_birth.setdefault(owner, date) == date
    assert len(set(forward.values())) == len(forward)  # different numbers, different fakes
    assert not set(forward.values()) & set(forward)
    kinds = {
        (original[0] in "4567", kind)
        for original, kind in zip(
            forward, classify_series(pl.Series(list(forward.values()))).to_list(), strict=True
        )
    }
    assert kinds <= {(False, "synthetic_fnr"), (True, "synthetic_dnr")}
