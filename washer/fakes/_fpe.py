"""Keyed format-preserving permutations of integer domains ``[0, N)``, vectorised in numpy.

A fake phone number or reference serial is the original's digits pushed through a keyed
permutation of all numbers of that shape: injective (different originals, different fakes),
deterministic, and not invertible without the key.

- Large domains (``N > 2**16``): an alternating Feistel network on ``Z_A x Z_B`` with
  ``N = A * B`` (the FF1 structure) and ``ROUNDS`` rounds; the round function is a keyed
  splitmix64 mixer with per-round 128-bit keys derived from the key and a tweak by BLAKE2b.
  No cycle-walking is needed because the domain factors exactly.
- Small domains: a keyed shuffle table (argsort of keyed hashes of ``0..N-1``).

:func:`derange` never maps a value to itself: it is ``P^-1((P(x) + 1) mod N)``, a conjugate of
the shift by one, which has no fixed point and is still a keyed permutation. (Cycle-walking
cannot remove fixed points of a permutation; conjugating a fixed-point-free one can.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._avoid import successors_of_all
from washer.fakes.keyed import mix64

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

ROUNDS = 8
SMALL = 1 << 16
_BLOCK = 1 << 17
_PERSON = b"washer-fpe"


def _tweak_keys(key: bytes, tweak: bytes) -> U64:
    """``2 * ROUNDS`` 64-bit round keys for one tweak (BLAKE2b in counter mode)."""
    need = 2 * ROUNDS * 8
    blocks = [
        hashlib.blake2b(
            tweak, key=key, digest_size=64, person=_PERSON, salt=i.to_bytes(16, "little")
        ).digest()
        for i in range(-(-need // 64))
    ]
    return np.frombuffer(b"".join(blocks)[:need], dtype="<u8").astype(np.uint64)


def _round(y: U64, k1: np.uint64, k2: np.uint64) -> U64:
    return mix64(y + k1) ^ k2


def _rem(v: U64, m: np.uint64) -> U64:
    """``v % m``: numpy divides by a scalar with libdivide but takes remainders by hardware
    division, so this is about three times faster, and exact for unsigned values."""
    return v - (v // m) * m


def _feistel(v: U64, a: np.uint64, b: np.uint64, keys: list[np.uint64], inverse: bool) -> U64:
    """The Feistel permutation (or its inverse) of ``v`` in ``[0, a*b)``; ``keys``: 2R words.

    Elementwise, so it runs a block at a time: each round's temporaries stay in the cache
    (about twice as fast on a million values)."""
    if len(v) > _BLOCK:
        out = np.empty_like(v)
        for start in range(0, len(v), _BLOCK):
            end = start + _BLOCK
            out[start:end] = _feistel(v[start:end], a, b, keys, inverse)
        return out
    x, y = v // b, _rem(v, b)
    sa, sb = a, b
    order = range(ROUNDS - 1, -1, -1) if inverse else range(ROUNDS)
    for r in order:
        k1, k2 = keys[2 * r], keys[2 * r + 1]
        if inverse:
            f = _rem(_round(x, k1, k2), sb)
            x, y = _rem(y + sb - f, sb), x
        else:
            f = _rem(_round(y, k1, k2), sa)
            x, y = y, _rem(x + f, sa)
        sa, sb = sb, sa
    return x * b + y


def _table(key: bytes, tweak: bytes, n: int) -> tuple[I64, I64]:
    """A keyed shuffle of ``0..n-1`` and its inverse."""
    k = _tweak_keys(key, tweak)
    scores = mix64(mix64(np.arange(n, dtype=np.uint64) + k[0]) ^ k[1])
    perm = np.argsort(scores, kind="stable").astype(np.int64)
    inv = np.empty_like(perm)
    inv[perm] = np.arange(n, dtype=np.int64)
    return perm, inv


def group_numbers(labels: I64) -> tuple[I64, I64]:
    """``np.unique(labels, return_inverse=True)`` for many values of few distinct labels (the
    domains of a column's fakes): the distinct labels by a hash, each value's by a binary
    search among them, rather than a sort of every value."""
    codes = np.sort(pl.Series(labels, dtype=pl.Int64).unique().to_numpy())
    return codes, np.searchsorted(codes, labels).astype(np.int64)


def _by_group(rows: I64, groups: I64) -> list[I64]:
    """``rows`` split into runs of equal group, via one stable sort."""
    keys = groups[rows]
    if len(keys) and int(keys.max()) < 1 << 16:
        # Group numbers index the tweaks (never negative): as uint16 the stable sort is a
        # radix sort, several times faster, with the same order.
        keys = keys.astype(np.uint16)
    order = rows[np.argsort(keys, kind="stable")]
    cuts = np.flatnonzero(np.diff(groups[order])) + 1
    return np.split(order, cuts)


def derange(
    values: U64,
    sizes: U64,
    splits: U64,
    groups: I64,
    tweaks: Sequence[bytes],
    key: bytes,
    *,
    avoid_inputs: bool = False,
) -> U64:
    """A keyed fixed-point-free permutation of each value within its domain.

    Element ``i`` lies in ``[0, sizes[i])``, a domain shared by every element of its group
    ``groups[i]`` (an index into ``tweaks``, which name the domains). ``splits[i]`` divides
    ``sizes[i]`` and sets the Feistel halves (``A = size / split``, ``B = split``); it is ignored
    for small domains. Every size must be at least 2.

    ``avoid_inputs``: no result equals any value of its group in ``values`` (see
    :mod:`washer.fakes._avoid`), unless the group fills more than half its domain. Still
    injective, but a value's fake then depends on the other values given with it.
    """
    out = np.empty_like(values)
    if len(values) == 0:
        return out
    for sel in _by_group(np.arange(len(values)), groups):
        g = int(groups[sel[0]])
        n = int(sizes[sel[0]])
        if n < 2:
            raise ValueError("a permutation domain needs at least two values")
        tweak = b"%d/%d/" % (n, int(splits[sel[0]])) + tweaks[g]
        forward, backward = _permutation(key, tweak, n, np.uint64(splits[sel[0]]))
        # forward is a bijection: equal values have equal positions, so the positions are
        # made distinct (in the walk's own sort), not the values.
        p = forward(values[sel]).astype(np.int64)
        targets = successors_of_all(p, n) if avoid_inputs else None
        if targets is None:
            targets = (p + 1) % n
        out[sel] = backward(targets.astype(np.uint64))
    return out


Perm = Callable[[U64], U64]


def _permutation(key: bytes, tweak: bytes, n: int, split: np.uint64) -> tuple[Perm, Perm]:
    """The keyed permutation of ``[0, n)`` for a tweak, and its inverse."""
    if n <= SMALL:
        perm, inv = _table(key, tweak, n)
        return (
            lambda v: perm[v.astype(np.int64)].astype(np.uint64),
            lambda v: inv[v.astype(np.int64)].astype(np.uint64),
        )
    if n % int(split):
        raise ValueError("a split must divide its domain size")
    a = np.uint64(n) // split
    k = list(_tweak_keys(key, tweak))
    return (
        lambda v: _feistel(v, a, split, k, inverse=False),
        lambda v: _feistel(v, a, split, k, inverse=True),
    )
