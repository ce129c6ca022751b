"""Left joins on a string key, done on the key's 64-bit hash and proved after.

An integer join costs about half a join on strings (half a million ids, a million trip
codes). Each row carries its own key and the key it matched, so a clash of two keys on one
hash is seen, and the join is then done on the strings after all: the result is always that
of ``left.join(right, how="left", maintain_order="left")``, ``right``'s key being unique.
"""

from __future__ import annotations

import polars as pl

from washer.persons import PREFIX

_HASH = f"{PREFIX}join_h"
_MATCHED = f"{PREFIX}join_key"
_AT = f"{PREFIX}join_at"


def value_hash(value: pl.Expr) -> pl.Expr:
    return value.hash(seed=0)


def hashed_left_join(left: pl.LazyFrame, right: pl.LazyFrame, on: str) -> pl.LazyFrame:
    """``left`` joined with ``right`` (whose ``on`` is unique) on the hash of ``on``; a null
    key matches nothing. Pass the collected result to :func:`proven`."""
    key = pl.col(on)
    return left.with_columns(pl.when(key.is_not_null()).then(value_hash(key)).alias(_HASH)).join(
        right.select(value_hash(key).alias(_HASH), key.alias(_MATCHED), pl.exclude(on)),
        on=_HASH,
        how="left",
        maintain_order="left",
    )


def proven(joined: pl.DataFrame, on: str) -> pl.DataFrame | None:
    """A :func:`hashed_left_join` as the string join gives it, or None when a row matched a
    key not its own. ``right``'s keys are distinct, so a row matched only by its own key
    matched once: the rows stay one each, in order."""
    matched = pl.col(_MATCHED)
    wrong = joined.select((matched.is_not_null() & (matched != pl.col(on))).any()).item()
    return None if wrong else joined.drop(_HASH, _MATCHED)


def hashed_positions(keys: pl.Series, right: pl.Series) -> pl.Series | None:
    """Each of ``keys``' position in ``right`` (distinct keys), null where it has none: the
    join on the hash finds positions only (a join that carries columns costs several times
    as much as gathering them after). None when a key matched another key of equal hash."""
    key = pl.col(_MATCHED)
    present = pl.when(key.is_not_null()).then(value_hash(key)).alias(_HASH)
    hashed = keys.to_frame(_MATCHED).lazy().select(present)
    positions = right.to_frame(_MATCHED).lazy().select(value_hash(key).alias(_HASH))
    found = positions.with_row_index(_AT)
    at = hashed.join(found, on=_HASH, how="left", maintain_order="left").collect()[_AT]
    if at.len() != keys.len():  # a hash matched two keys
        return None
    matched = right.gather(at)
    if (matched.is_not_null() & (matched != keys)).any():
        return None
    return at


def hashed_left_gather(left: pl.DataFrame, right: pl.DataFrame, on: str) -> pl.DataFrame | None:
    """:func:`hashed_left_join` then :func:`proven`, without ``on``: ``right``'s columns but
    ``on`` for each row of ``left`` (by :func:`hashed_positions`); None when a row matched a
    key not its own."""
    at = hashed_positions(left[on], right[on])
    return None if at is None else right.drop(on).select(pl.all().gather(at))


def left_join_unique(left: pl.DataFrame, right: pl.DataFrame, on: str) -> pl.DataFrame:
    """``left.join(right, on=on, how="left", maintain_order="left")``, ``on`` unique in
    ``right``, by its hash (see the module docstring)."""
    joined = proven(hashed_left_join(left.lazy(), right.lazy(), on).collect(), on)
    if joined is None:
        return left.join(right, on=on, how="left", maintain_order="left")
    return joined


__all__ = [
    "hashed_left_gather",
    "hashed_left_join",
    "hashed_positions",
    "left_join_unique",
    "proven",
    "value_hash",
]
