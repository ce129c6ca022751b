"""Drawing from pools by seed: the shared mechanics of names, streets and companies."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes.keyed import derive_seeds

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def stream(seeds: pl.Series, salt: str) -> tuple[U64, Bools]:
    """A derived seed stream as numpy (nulls as 0) and the mask of non-null seeds."""
    derived = derive_seeds(seeds, salt)
    valid = derived.is_not_null().to_numpy()
    return derived.fill_null(0).to_numpy().astype(np.uint64), valid


def below(values: U64, n: I64 | int) -> I64:
    """``values mod n`` as int64 (n > 0, elementwise when n is an array)."""
    return (values % np.asarray(n, dtype=np.uint64)).astype(np.int64)


def gather(pool: pl.Series, index: I64, valid: Bools, name: str) -> pl.Series:
    """``pool[index]`` with nulls where ``valid`` is False."""
    idx = pl.Series(np.where(valid, index, 0), dtype=pl.Int64)
    out = pool.gather(idx)
    mask = pl.Series(valid)
    return pl.select(pl.when(mask).then(out)).to_series().alias(name)


def null_where(values: pl.Series, valid: Bools, name: str) -> pl.Series:
    return pl.select(pl.when(pl.Series(valid)).then(values)).to_series().alias(name)
