"""A mistyped id of a known person: its own fake, dated like the person's other fake id."""

from __future__ import annotations

from pathlib import Path

import polars as pl

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
    import datetime as dt

    import numpy as np

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
