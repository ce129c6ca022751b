"""The entity tables do not depend on the order of the entities.

:meth:`~washer.tables.persons.EntityIndex.entities` gives the labels in the order of their
hashes (a sort of integers), no longer sorted as strings: each entity's fakes come from its
own keyed seed and originals, so the wash must be the same in either order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer import _joins
from washer.generate import generate_extract
from washer.keys import Key
from washer.tables import build
from washer.tables.entity_table import EntityTable

from ._checks import wash_frames

RULES = Path(__file__).resolve().parents[2] / "rules" / "innreise.toml"
KEY = Key(bytes(range(32)))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), messy=st.booleans())
def test_the_wash_is_the_same_with_the_entities_sorted_as_strings(seed: int, messy: bool) -> None:
    frame = generate_extract(300, seed, dt.date(2021, 3, 31), messy=messy)
    [washed] = wash_frames([frame], RULES, KEY)
    with pytest.MonkeyPatch.context() as patch:
        # Every label on one hash: the index sorts the labels as strings (the old order),
        # and every join on hashes falls back to the strings.
        patch.setattr(_joins, "value_hash", lambda v: v.is_null().cast(pl.UInt64))
        [sorted_] = wash_frames([frame], RULES, KEY)
    assert washed.equals(sorted_)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), messy=st.booleans())
def test_the_rows_entities_by_their_first_ids_are_those_of_the_index(
    seed: int, messy: bool
) -> None:
    # The person table reads a row's entity from its first id's row of the id tables; the
    # index's own lookup of every row's deciding node must give the same wash.
    frame = generate_extract(300, seed, dt.date(2021, 3, 31), messy=messy)
    [washed] = wash_frames([frame], RULES, KEY)
    real = build.entity_table

    def by_index(*args: Any) -> EntityTable:
        return real(*args[:8])  # no id_entities: every row looked up in the index

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "entity_table", by_index)
        [looked] = wash_frames([frame], RULES, KEY)
    assert washed.equals(looked)
