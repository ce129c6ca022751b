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

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import polars as pl

I64 = npt.NDArray[np.int64]

_MAX_ROUNDS = 64
_TABLE_PER_INPUT = 32  # bytes of lookup table allowed per input position


def free_successors(positions: I64, n: int) -> I64 | None:
    """For distinct ``positions`` in ``[0, n)``: distinct targets, none of them a position.

    ``None`` when the domain is too full to do this (the caller then keeps ``p + 1``).
    """
    return successors_of_all(positions, n)


def successors_of_all(positions: I64, n: int) -> I64 | None:
    """:func:`free_successors` of the distinct values of ``positions``, given for each element
    (equal positions get equal targets): one sort serves both the distinct values and the
    walk, so callers need not make them distinct first."""
    if len(positions) == 0:
        return positions.copy()
    order, ordered = _sorted(positions, n)
    first = np.empty(len(ordered), dtype=np.bool_)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    targets = _successors_sorted(ordered[first], n)
    if targets is None:
        return None
    out = np.empty(len(positions), dtype=np.int64)
    out[order] = targets[np.cumsum(first) - 1]
    return out


def _sorted(positions: I64, n: int) -> tuple[I64, I64]:
    """The order that sorts ``positions`` (in ``[0, n)``), and the sorted values. When each
    position and its index fit one int64 together, a plain sort of the packed pairs (about
    half the time of an argsort)."""
    bits = max(len(positions) - 1, 1).bit_length()
    if n > (1 << (62 - bits)):
        order = np.argsort(positions)
        return order, positions[order]
    packed = (positions << bits) | np.arange(len(positions), dtype=np.int64)
    if len(packed) >= _POLARS_SORT:
        # The packed values are distinct, so any sort gives the same order: polars' single-
        # threaded sort of int64 takes about a third of numpy's time.
        packed = pl.Series(packed).sort(multithreaded=False).to_numpy()
    else:
        packed.sort()
    return packed & ((1 << bits) - 1), packed >> bits


_POLARS_SORT = 1 << 12  # below this, polars' fixed cost of a call outweighs its faster sort


def _successors_sorted(ps: I64, n: int) -> I64 | None:
    """:func:`free_successors` of ascending distinct positions, in their order."""
    m = len(ps)
    if 2 * m > n:
        return None
    # Start just after the widest gap, so the last chain spills into it and never wraps.
    gaps = np.diff(np.append(ps, ps[0] + n))
    first = (int(np.argmax(gaps)) + 1) % m  # the index rotated to the front
    origin = ps[first]
    # ps rotated and shifted so origin is 0 (ascending); the part before first wraps round.
    rs = np.concatenate([ps[first:] - origin, ps[:first] + (n - origin)])
    run_start = np.diff(rs, prepend=rs[0] - 2) != 1
    starts = np.flatnonzero(run_start)
    ends = np.append(starts[1:], m)
    block_end = np.repeat(rs[ends - 1], ends - starts)
    is_input = _membership(rs, n)
    steps = np.arange(m)
    # The walk keeps u = target - index, which each push makes non-decreasing (so targets
    # are strictly increasing: distinct). The first round, worked out: each input's next
    # position is an input unless it ends its run, so each takes the position past its run
    # (never an input: runs are maximal).
    fixed = block_end + 1 - steps
    u = np.maximum.accumulate(fixed)
    # Only the targets a push moved can have become inputs: the others were checked.
    moved = np.flatnonzero(u != fixed)
    for _ in range(_MAX_ROUNDS - 1):
        at = moved + u[moved]
        hit = is_input(at)
        if not hit.any():
            break
        blocked = moved[hit]
        # Past the whole run of inputs (the target is an input: its index in rs names its run).
        raised = block_end[np.searchsorted(rs, at[hit])] + 1 - blocked
        moved = _pushed(u, blocked, raised)
    else:
        return None
    t = u + steps
    if t[-1] >= n:
        return None
    out: I64 = np.roll((t + origin) % n, first)  # back in the order of ps
    return out


def _pushed(u: I64, blocked: I64, raised: I64) -> I64:
    """Raise ``u`` (non-decreasing) at the ascending indices ``blocked`` to ``raised`` and
    push the rise on (``u`` made non-decreasing again, in place); the indices whose value
    moved, ascending. A rise reaches only as far as the first later value not below it, so
    only those stretches are pushed, not the whole array."""
    reach = np.maximum.accumulate(np.searchsorted(u, raised, side="left"))
    u[blocked] = raised
    # Stretches that overlap are pushed as one.
    fresh = np.empty(len(blocked), dtype=np.bool_)
    fresh[0] = True
    np.greater_equal(blocked[1:], reach[:-1], out=fresh[1:])
    heads = np.flatnonzero(fresh)
    begin = blocked[heads]
    length = reach[np.append(heads[1:], len(blocked)) - 1] - begin
    offsets = np.cumsum(length) - length
    idx = np.repeat(begin - offsets, length) + np.arange(int(length.sum()))
    stretch = u[idx]
    pushed = np.maximum.accumulate(stretch)
    u[idx] = pushed
    changed: I64 = idx[pushed != stretch]
    return changed


def _membership(rs: I64, n: int) -> Callable[[I64], npt.NDArray[np.bool_]]:
    """Whether values are among the ascending ``rs`` (all in ``[0, n)``): a lookup table
    when the domain is small beside them (a gather, not a binary search per value)."""
    m = len(rs)
    if n <= _TABLE_PER_INPUT * m:
        table = np.zeros(n + 1, dtype=np.bool_)  # the last slot answers for t >= n
        table[rs] = True
        return lambda t: table[np.minimum(t, n)]

    def search(t: I64) -> npt.NDArray[np.bool_]:
        at = np.searchsorted(rs, t)
        found: npt.NDArray[np.bool_] = (at < m) & (rs[np.minimum(at, m - 1)] == t)
        return found

    return search
