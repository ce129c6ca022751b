"""Steering fakes off the values they replace: the walk in :mod:`washer.fakes._avoid` against
its plain form (every target checked in every round)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes._avoid import _MAX_ROUNDS, _membership, _successors_sorted

I64 = npt.NDArray[np.int64]


def plain_successors(ps: I64, n: int) -> I64 | None:
    """The walk as first written: every round checks every target."""
    m = len(ps)
    if 2 * m > n:
        return None
    gaps = np.diff(np.append(ps, ps[0] + n))
    k = int(np.argmax(gaps))
    roll = np.roll(np.arange(m), -(k + 1))
    origin = ps[roll[0]]
    rs = (ps[roll] - origin) % n
    run_start = np.diff(rs, prepend=rs[0] - 2) != 1
    starts = np.flatnonzero(run_start)
    block_end = rs[np.append(starts[1:], m) - 1][np.cumsum(run_start) - 1]
    is_input = _membership(rs, n)
    steps = np.arange(m)
    t = rs + 1
    for _ in range(_MAX_ROUNDS):
        t = np.maximum.accumulate(t - steps) + steps
        blocked = is_input(t)
        if not blocked.any():
            break
        t[blocked] = block_end[np.searchsorted(rs, t[blocked])] + 1
    else:
        return None
    if t[-1] >= n:
        return None
    out = np.empty(m, dtype=np.int64)
    out[roll] = (t + origin) % n
    return out


@st.composite
def crowded_positions(draw: st.DrawFn) -> tuple[I64, int]:
    """Ascending distinct positions in [0, n), often in runs (where the walk needs rounds),
    in a small domain (lookup table) or a large one (binary search)."""
    n = draw(st.sampled_from([7, 40, 300, 5000, 10**9]))
    starts = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=60))
    lengths = draw(st.lists(st.integers(1, 12), min_size=len(starts), max_size=len(starts)))
    found = {(s + j) % n for s, length in zip(starts, lengths, strict=True) for j in range(length)}
    return np.array(sorted(found), dtype=np.int64), n


@settings(max_examples=400, deadline=None)
@given(crowded_positions())
def test_successors_are_those_of_the_plain_walk(case: tuple[I64, int]) -> None:
    ps, n = case
    expected = plain_successors(ps, n)
    got = _successors_sorted(ps, n)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert got.dtype == np.int64
        np.testing.assert_array_equal(got, expected)
        assert not np.isin(got, ps).any() and len(np.unique(got)) == len(got)
