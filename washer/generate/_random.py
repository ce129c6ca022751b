"""Seeded, platform-independent random draws for the generator.

Byte-identical output on every machine needs draws that do not go through floating-point
functions whose last bit may differ between CPUs or libm versions (``exp``, ``log``). Every
draw here is integer arithmetic on numpy's PCG64 stream, which numpy guarantees to be the
same everywhere for the same seed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_MAX_SEED = 2**63 - 1

# One independent stream per concept, so adding a draw to one concept does not shift another.
STREAMS = {
    "persons": 1,
    "identities": 2,
    "names": 3,
    "contact": 4,
    "trips": 5,
    "codes": 6,
    "times": 7,
    "places": 8,
    "employers": 9,
    "freetext": 10,
    "messy": 11,
}


def stream(seed: int, name: str) -> np.random.Generator:
    """The generator of one named stream for a run's seed."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, STREAMS[name]])))


def check_seed(seed: int) -> None:
    if not 0 <= seed <= _MAX_SEED:
        raise ValueError(f"seed must be between 0 and {_MAX_SEED}")


def weighted(rng: np.random.Generator, weights: Sequence[int] | IntArray, size: int) -> IntArray:
    """Indices drawn with probability proportional to integer ``weights``."""
    cum = np.cumsum(np.asarray(weights, dtype=np.int64))
    draws = rng.integers(0, int(cum[-1]), size=size, dtype=np.int64)
    return np.searchsorted(cum, draws, side="right").astype(np.int64)


def chance(rng: np.random.Generator, per_mille: int | IntArray, size: int) -> BoolArray:
    """True with probability ``per_mille``/1000 (a scalar or one value per draw)."""
    return rng.integers(0, 1000, size=size, dtype=np.int64) < np.asarray(per_mille)


def below(rng: np.random.Generator, high: int | IntArray, size: int) -> IntArray:
    """Uniform integers in ``[0, high)``; ``high`` may differ per draw."""
    return rng.integers(0, high, size=size, dtype=np.int64)


def weighted_per_group(
    rng: np.random.Generator, groups: IntArray, tables: Sequence[Sequence[int]]
) -> IntArray:
    """For each row, an index drawn from the weight table of the row's group."""
    out = np.zeros(len(groups), dtype=np.int64)
    sizes = np.bincount(groups, minlength=len(tables))
    for group in np.flatnonzero(sizes[: len(tables)]):  # in order; an empty group draws nothing
        out[groups == group] = weighted(rng, tables[int(group)], int(sizes[group]))
    return out
