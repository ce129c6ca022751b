"""Steering fakes off the values they replace.

A keyed permutation of a dense domain (8-digit phone numbers, 4-digit serials) maps some
values onto *other* values of the same run: the fake of one person's number can be another
person's real number, and an audit rightly calls that a leak. The fix works in permuted
coordinates, where the plain fake of position ``p`` is ``p + 1`` (see :mod:`washer.fakes._fpe`):
each input position takes the first position after it that is neither an input position nor
already taken, going round the circle in order. That is injective and never an input, and it
is ``p + 1`` except where inputs crowd together, so almost every fake stays the plain
value-based one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]

_MAX_ROUNDS = 64


def free_successors(positions: I64, n: int) -> I64 | None:
    """For distinct ``positions`` in ``[0, n)``: distinct targets, none of them a position.

    ``None`` when the domain is too full to do this (the caller then keeps ``p + 1``).
    """
    m = len(positions)
    if m == 0:
        return positions.copy()
    if 2 * m > n:
        return None
    order = np.argsort(positions, kind="stable")
    ps = positions[order]
    # Start just after the widest gap, so the last chain spills into it and never wraps.
    gaps = np.diff(np.append(ps, ps[0] + n))
    k = int(np.argmax(gaps))
    roll = np.roll(np.arange(m), -(k + 1))
    origin = ps[roll[0]]
    rs = (ps[roll] - origin) % n  # ascending
    starts = np.flatnonzero(np.diff(rs, prepend=rs[0] - 2) != 1)
    block_end = rs[np.append(starts[1:], m) - 1][np.cumsum(np.isin(np.arange(m), starts)) - 1]
    steps = np.arange(m)
    t = rs + 1
    for _ in range(_MAX_ROUNDS):
        t = np.maximum.accumulate(t - steps) + steps  # strictly increasing: distinct
        at = np.searchsorted(rs, t)
        blocked = (at < m) & (rs[np.minimum(at, m - 1)] == t)
        if not blocked.any():
            break
        t[blocked] = block_end[at[blocked]] + 1  # past the whole run of inputs
    else:
        return None
    if t[-1] >= n:
        return None
    out = np.empty(m, dtype=np.int64)
    out[order[roll]] = (t + origin) % n
    return out
