"""washer.known's fast paths give what the plain computations give."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.known import _distinct, _mentioned

WORDS = st.sampled_from(["anne", "Anne", "ola", "301", "301-1-1-7", "XK4711093", "b", " ", ""])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=30), st.booleans())
def test_distinct_is_unique(values: list[str], sort: bool) -> None:
    series = pl.Series("orig", values, dtype=pl.String)
    if sort:
        series = series.sort()  # flagged sorted: the neighbour comparison
    assert sorted(_distinct(series).to_list()) == sorted(set(values))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(WORDS, WORDS), max_size=30), st.lists(WORDS, max_size=5))
def test_mentioned_same_sorted_or_not(pairs: list[tuple[str, str]], text: list[str]) -> None:
    frame = pl.DataFrame(
        {"orig": [o for o, _ in pairs], "fake": [f for _, f in pairs]},
        schema={"orig": pl.String, "fake": pl.String},
    )
    tokens = pl.DataFrame({"token": [t.lower() for t in text]}, schema={"token": pl.String})
    plain = _mentioned(frame, tokens)
    flagged = _mentioned(frame.sort("orig"), tokens)
    assert [(o.to_list(), f.to_list()) for o, f in plain] == [
        (o.to_list(), f.to_list()) for o, f in flagged
    ]
