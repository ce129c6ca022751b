"""Counting shortcuts of the audit give exactly what the code they replaced gave.

Oracles: the code before each shortcut, kept here as it was.
"""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit import coherence
from washer.audit._tables import combined


def _old_spreads(frame: pl.DataFrame, checks: list[tuple[list[str], str]]) -> list[bool]:
    """``coherence._spreads`` before the rows with a null were left out before counting."""
    exprs = []
    for i, (keys, value) in enumerate(checks):
        whole = combined(*(pl.col(c) for c in [*keys, value]))
        key = combined(*(pl.col(c) for c in keys))
        exprs += [
            pl.when(whole.is_not_null()).then(key).n_unique().alias(f"k{i}"),
            whole.n_unique().alias(f"v{i}"),
        ]
    counts = frame.select(exprs).row(0, named=True) if exprs else {}
    return [counts[f"k{i}"] != counts[f"v{i}"] for i in range(len(checks))]


_COLUMNS = ("a", "b", "c", "d")
# Few distinct codes (and nulls) so that groups often hold one value, often several.
_CODE = st.one_of(st.none(), st.integers(0, 3), st.sampled_from([2**64 - 1, 2**63]))


@st.composite
def _frames_and_checks(draw: st.DrawFn) -> tuple[pl.DataFrame, list[tuple[list[str], str]]]:
    rows = draw(st.integers(0, 30))
    frame = pl.DataFrame(
        {c: draw(st.lists(_CODE, min_size=rows, max_size=rows)) for c in _COLUMNS},
        schema=dict.fromkeys(_COLUMNS, pl.UInt64),
    )
    checks = []
    for _ in range(draw(st.integers(0, 4))):
        keys = draw(st.lists(st.sampled_from(_COLUMNS), min_size=1, max_size=3))
        checks.append((keys, draw(st.sampled_from(_COLUMNS))))
    return frame, checks


@settings(max_examples=300, deadline=None)
@given(_frames_and_checks())
def test_spreads_are_those_of_the_counts_with_nulls(
    case: tuple[pl.DataFrame, list[tuple[list[str], str]]],
) -> None:
    frame, checks = case
    assert coherence._spreads(frame, checks) == _old_spreads(frame, checks)
