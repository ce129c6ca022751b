"""Run a Series -> Series function once per distinct value and join the results back."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

_SAMPLE = 4096


def on_distinct(s: pl.Series, fn: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``fn(s)``, computed on the distinct non-null values only when values repeat.

    A hash join is cheaper than most string work, so repeated values (names, texts) are
    computed once; columns that look mostly distinct are passed to ``fn`` whole. The number of
    distinct values is estimated from the repeats in a fixed sample (``k`` draws from ``d``
    values repeat about ``k**2 / 2d`` times), so the choice is deterministic; it never changes
    the result. ``fn`` must be elementwise and keep nulls.
    """
    if len(s) > _SAMPLE:
        repeats = _SAMPLE - s.sample(_SAMPLE, seed=0).n_unique()
        estimate = _SAMPLE**2 / (2 * repeats) if repeats else float("inf")
        if estimate > 0.5 * len(s):
            return fn(s).alias(s.name)
    distinct = s.drop_nulls().unique()
    if len(distinct) == len(s):
        return fn(s).alias(s.name)
    table = pl.DataFrame({"v": distinct, "out": fn(distinct)})
    joined = pl.DataFrame({"v": s}).join(table, on="v", how="left", maintain_order="left")
    return joined["out"].alias(s.name)
