"""Invariants of the wash over many generated extracts (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.dates import parse_dates
from washer.keys import Key

from ._checks import fake_id_date, leaks, norm_id, wash_frames
from ._extract import Extract, make_extract

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
_SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
_KEYS = st.binary(min_size=32, max_size=32).map(Key)


def _washed(seed: int, key: Key, rows: int = 40) -> tuple[Extract, pl.DataFrame]:
    extract = make_extract(rows=rows, seed=seed)
    [washed] = wash_frames([extract.frame], RULES, key)
    return extract, washed


@given(seed=_SEEDS, key=_KEYS)
@_SETTINGS
def test_no_original_identifying_value_anywhere(seed: int, key: Key) -> None:
    extract, washed = _washed(seed, key)
    assert leaks(extract.identifying_values(), washed) == []


@given(seed=_SEEDS, key=_KEYS)
@_SETTINGS
def test_fake_id_date_is_the_washed_birth_date(seed: int, key: Key) -> None:
    _, washed = _washed(seed, key)
    births = washed.select(parse_dates(pl.col("p_birth_date")))["p_birth_date"].to_list()
    checked = 0
    for column in ("p_unique_id", "p_dnr"):
        for i, fake in enumerate(washed[column].to_list()):
            n = norm_id(fake)
            if n and len(n) == 11 and n.isdigit() and int(n[2:4]) > 80:  # synthetic fnr/D
                assert fake_id_date(n) == births[i]
                checked += 1
    assert checked > 0


@given(seed=_SEEDS, key=_KEYS)
@_SETTINGS
def test_person_ids_map_injectively_and_consistently(seed: int, key: Key) -> None:
    extract, washed = _washed(seed, key)
    forward: dict[str, str] = {}
    for column in ("p_unique_id", "p_dnr", "p_fh_number"):
        for orig, fake in zip(extract.frame[column], washed[column], strict=True):
            o, f = norm_id(orig), norm_id(fake)
            if o is None:
                assert f is None
                continue
            assert f is not None and f != o
            assert forward.setdefault(o, f) == f
    assert len(set(forward.values())) == len(forward)


@pytest.mark.slow
@given(seed=_SEEDS, key=_KEYS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_leaks_in_bigger_extracts(seed: int, key: Key) -> None:
    extract, washed = _washed(seed, key, rows=400)
    assert leaks(extract.identifying_values(), washed) == []
