"""Left joins on a string key, found on the key's 64-bit hash and proved after.

An integer search costs about half a join on strings (half a million ids, a million trip
codes). Each row's match is checked against its own key, so a clash of two keys on one hash
is seen: the functions then return None, and the caller joins on the strings after all. The
result is always that of ``left.join(right, how="left", maintain_order="left")``, ``right``'s
key being unique.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from washer._kept import kept
from washer.tables.nodes import PREFIX

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
U64 = npt.NDArray[np.uint64]
Bools = npt.NDArray[np.bool_]

_HASH = f"{PREFIX}join_h"
_MATCHED = f"{PREFIX}join_key"
_AT = f"{PREFIX}join_at"


def value_hash(value: pl.Expr) -> pl.Expr:
    return value.hash(seed=0)


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


# Probing further than this many slots means the keys are not spread over their 64 bits
# (not hashes): the index is not built.
_LONGEST = 64


@dataclass(frozen=True)
class KeyIndex:
    """Where each of a table's distinct 64-bit keys stands, for looking many keys up in it
    batch after batch: an open-addressing hash table in numpy (at most half full; a key's
    first slot is its top bits, the next slot after a taken one), each slot holding a
    table row. A polars join hashes the table again for every batch, and on two threads
    costs twice the CPU of one."""

    keys: U64  # the key of each table row
    slots: I32  # the table row in each slot, -1 for an empty slot
    shift: np.uint64

    @classmethod
    def of(cls, keys: U64, present: Bools) -> KeyIndex | None:
        """The index of ``keys`` where ``present``; None when two are equal or the keys are
        not spread (see ``_LONGEST``)."""
        todo = np.flatnonzero(present).astype(np.int64)
        if len(keys) >= 1 << 31:  # rows as 32 bits
            return None
        bits = max(1, (2 * len(todo)).bit_length())
        mask, shift = (1 << bits) - 1, np.uint64(64 - bits)
        slots = np.full(1 << bits, -1, dtype=np.int32)
        at = (keys[todo] >> shift).astype(np.int64)
        for _ in range(_LONGEST):
            if len(todo) == 0:
                return cls(keys, slots, shift)
            held = slots[at]
            taken = held >= 0
            if bool((keys[held[taken]] == keys[todo[taken]]).any()):
                return None
            free = np.flatnonzero(~taken)
            slots[at[free]] = todo[free]  # of keys wanting one slot, one gets it
            placed = np.zeros(len(todo), dtype=np.bool_)
            placed[free] = slots[at[free]] == todo[free]
            # A key that lost a free slot tries it again (it may equal the winner's).
            at = np.where(taken, (at + 1) & mask, at)
            todo, at = todo[~placed], at[~placed]
        return None

    def find(self, keys: U64, present: Bools) -> I64:
        """The table row of each of ``keys`` (where ``present``), -1 where it has none."""
        found = np.full(len(keys), -1, dtype=np.int64)
        if len(self.keys) == 0:  # an empty table (row 0 below is read for empty slots)
            return found
        mask = len(self.slots) - 1
        todo = np.flatnonzero(present)
        # The keys still looked for go along with their rows (no gathering them anew each
        # round), and an empty slot's key is read as row 0's and then set aside: whole
        # arrays, no masked gathers (a fifth less time).
        wanted = keys[todo]
        at = (wanted >> self.shift).astype(np.int64)
        while len(todo):
            row = self.slots[at]
            taken = row >= 0
            hit = taken & (self.keys[np.maximum(row, 0)] == wanted)
            found[todo[hit]] = row[hit]
            # an empty slot ends the search: the key is not in the table
            go = np.flatnonzero(taken & ~hit)
            todo, wanted, at = todo[go], wanted[go], (at[go] + 1) & mask
        return found


def table_index(table: pl.DataFrame, column: str, *, hashed: bool) -> KeyIndex | None:
    """The :class:`KeyIndex` of ``table``'s ``column`` (by its values' :func:`value_hash`
    when ``hashed``, else of its values, which must be UInt64), built once per table: a run
    table is looked in by every batch of rows and never changes (None as for
    :meth:`KeyIndex.of`)."""
    if not hashed and table[column].dtype != pl.UInt64:
        return None
    return kept(table, ("index", column, hashed), lambda: _index(table[column], hashed=hashed))


def series_index(values: pl.Series) -> KeyIndex | None:
    """:func:`table_index` of a series' values (by their :func:`value_hash`), built once per
    series, for looking values up in it many times (:func:`indexed_positions`)."""
    return kept(values, ("index", "", True), lambda: _index(values, hashed=True))


def _index(values: pl.Series, *, hashed: bool) -> KeyIndex | None:
    return KeyIndex.of(_u64(values, hashed=hashed), values.is_not_null().to_numpy())


def _u64(values: pl.Series, *, hashed: bool) -> U64:
    """The 64-bit keys of ``values``: their hashes, or the values (UInt64) themselves."""
    if hashed:
        values = values.to_frame(_MATCHED).select(value_hash(pl.col(_MATCHED))).to_series()
    keys: U64 = values.fill_null(0).to_numpy().astype(np.uint64, copy=False)
    return keys


def indexed_positions(
    keys: pl.Series, right: pl.Series, index: KeyIndex, *, hashed: bool
) -> pl.Series | None:
    """:func:`hashed_positions` by ``right``'s :func:`table_index` (``hashed`` as it was
    built): each of ``keys``' position in ``right``, null where it has none; None when a key
    matched another of equal hash."""
    present = keys.is_not_null().to_numpy()
    found = index.find(_u64(keys, hashed=hashed), present)
    at = pl.Series(_AT, found).cast(pl.UInt32, strict=False)  # -1: null
    if hashed:
        matched = right.gather(at)
        if (matched.is_not_null() & (matched != keys)).any():
            return None
    return at


def hashed_left_gather(left: pl.DataFrame, right: pl.DataFrame, on: str) -> pl.DataFrame | None:
    """``left.join(right, on=on, how="left", maintain_order="left")`` (``on`` unique in
    ``right``), ``right``'s columns but ``on`` only, by :func:`hashed_positions`; None when
    a row matched a key not its own."""
    at = hashed_positions(left[on], right[on])
    return None if at is None else right.drop(on).select(pl.all().gather(at))


__all__ = [
    "KeyIndex",
    "hashed_left_gather",
    "hashed_positions",
    "indexed_positions",
    "series_index",
    "table_index",
    "value_hash",
]
