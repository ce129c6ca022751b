"""The originals' ranks found by hash (entity_originals._ranked) against their definition."""

from __future__ import annotations

from unittest import mock

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from washer.tables import entity_originals
from washer.tables.entity_originals import _ranked, _ranks

_VALUES = st.lists(st.none() | st.sampled_from(["", "a", "B", "b", "ø", "a b", "ab"]), max_size=30)


def _defined(s: pl.Series) -> tuple[pl.Series, pl.Series]:
    ranked = s.drop_nulls().unique().sort()
    return ranked, _ranks(s, ranked)


def _check(s: pl.Series) -> None:
    values, ranks = _ranked(s)
    expected_values, expected_ranks = _defined(s)
    assert values.equals(expected_values, check_names=True, check_dtypes=True)
    assert ranks.equals(expected_ranks, check_names=False, check_dtypes=True)


@given(values=_VALUES)
def test_ranked_is_the_sorted_distinct_values_and_their_ranks(values: list[str | None]) -> None:
    _check(pl.Series("v", values, dtype=pl.String))


@given(values=_VALUES, buckets=st.integers(1, 3))
def test_ranked_is_the_same_when_values_share_hashes(
    values: list[str | None], buckets: int
) -> None:
    # A few hashes for all the values (nulls included): the strings must decide.
    def few(s: pl.Series) -> pl.Series:
        return s.hash(seed=0) % buckets

    with mock.patch.object(entity_originals, "_hashes", few):
        _check(pl.Series("v", values, dtype=pl.String))
