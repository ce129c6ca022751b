"""Event dates of one shape moved as bytes: a column's values share a length and a layout.

An extract's time-stamp column writes every value alike (``2021-03-26T22:27:47+01:00``):
the same bytes in the same places, only the digits differ. Whether what follows an ISO
date is a time of day (``washer.dates``' regex) does not depend on which ASCII digits fill
its digit places, so one value's verdict holds for every value of its layout; and the
date's eight digits are an exact key to the few distinct days. So the values are checked
against one value's layout in a byte matrix (numpy) and each distinct day is read and moved
once, with no regex, parse, split or join per row. Values of another layout are left to the
caller.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import polars as pl

_ZERO = 48  # b"0"
_LOW7 = 0x7F7F7F7F7F7F7F7F
_TOP = 0x8080808080808080
_BLOCK = 512  # groups of rows per line of the word-wise test
_MAX_SPAN = 1 << 16  # keys of a table this long at least (about 150 years)


class Shifted(NamedTuple):
    heads: pl.Series  # each row's new date (garbage in rows not ``done``)
    done: npt.NDArray[np.bool_]  # rows of the first value's layout whose date moves


class _Days(NamedTuple):
    keys: npt.NDArray[np.int32]  # each row's day, from 0 (garbage in rows not ``done``)
    done: npt.NDArray[np.bool_]  # rows of the first value's layout, month and day in range
    heads: pl.Series  # each key's ``YYYY-MM-DD`` (one row's first ten bytes), in key order
    at: npt.NDArray[np.uint32]  # each row's place in ``heads``


def shift_by_shape(
    text: pl.Series,
    first_ok: Callable[[str], bool],
    shift_heads: Callable[[pl.Series], pl.Series],
) -> Shifted | None:
    """The new dates of the values of ``text`` (no nulls) that share its first value's layout.

    ``first_ok(value)`` says whether the first value is an ISO date followed by a valid
    rest; ``shift_heads`` maps distinct ``YYYY-MM-DD`` heads to their new dates (null
    where a head is no date). ``None`` when the column has no single layout to use.
    """
    days = _days(text, first_ok)
    if days is None:
        return None
    new = shift_heads(days.heads)
    done = days.done
    if new.null_count():  # a head that is no date ("2021-02-30"): left to the caller
        done &= new.is_not_null().to_numpy()[days.at]
    return Shifted(new.gather(pl.Series(days.at)), done)


def _days(text: pl.Series, first_ok: Callable[[str], bool]) -> _Days | None:
    if text.is_empty():
        return None
    width = text.str.len_bytes()
    size = width[0]
    if not isinstance(size, int) or size < 10 or not bool((width == size).all()):
        return None
    first = text[0]
    if not isinstance(first, str) or not first.isascii() or not first_ok(first):
        return None
    binary = text.cast(pl.Binary).bin.reinterpret(dtype=pl.Array(pl.UInt8, size))
    matrix = np.ascontiguousarray(binary.to_numpy())
    done = _same_layout(matrix, np.frombuffer(first.encode(), np.uint8))
    keys = _keys(matrix, done)
    if not done.any():
        return None
    low = int(keys[done].min())
    keys -= low
    keys[~done] = 0
    span = int(keys.max()) + 1
    if span > max(len(text), _MAX_SPAN):
        return None
    # Each distinct key's head, read from a row done (whose digits make the key).
    row_of = np.full(span, -1, np.int32)
    if done.all():
        row_of[keys] = np.arange(len(keys), dtype=np.int32)
    else:
        row_of[keys[done]] = np.flatnonzero(done)
    present = np.flatnonzero(row_of >= 0)
    heads = text.gather(pl.Series(row_of[present])).str.slice(0, 10)
    place = np.zeros(span, np.uint32)
    place[present] = np.arange(len(present), dtype=np.uint32)
    return _Days(keys, done, heads, place[keys])


def _same_layout(
    matrix: npt.NDArray[np.uint8], model: npt.NDArray[np.uint8]
) -> npt.NDArray[np.bool_]:
    """Rows whose bytes are ASCII digits where ``model`` has one and equal it elsewhere."""
    digit = (model >= _ZERO) & (model <= _ZERO + 9)
    done = np.ones(len(matrix), np.bool_)
    if not _all_of_layout(matrix, model, digit):
        done[np.flatnonzero(_bad_bytes(matrix, model, digit)) // matrix.shape[1]] = False
    return done


def _all_of_layout(
    matrix: npt.NDArray[np.uint8], model: npt.NDArray[np.uint8], digit: npt.NDArray[np.bool_]
) -> bool:
    """:func:`_same_layout` holds for every row, tested eight bytes at a time over blocks of
    rows that fill whole 64-bit words (numpy's row-wise tests of short rows cost several
    times more). With ``x`` a byte xor its model (``0x30`` for a digit), the byte is good
    when ``x`` is 0 (a digit: at most 9): its top bit is clear and so is that of ``x``'s
    low seven bits plus ``0x7F`` (plus ``0x76``), a sum that never carries out of the byte."""
    n, size = matrix.shape
    rows = math.lcm(size, 8) // size * _BLOCK
    whole = n - n % rows
    want = np.tile(np.where(digit, 0x30, model).astype(np.uint8), rows).view(np.uint64)
    add = np.tile(np.where(digit, 0x76, 0x7F).astype(np.uint8), rows).view(np.uint64)
    words = matrix[:whole].reshape(-1, rows * size).view(np.uint64)
    x = np.empty_like(want)
    total = np.empty_like(want)
    for line in words:  # a line at a time: its temporaries stay in the cache
        np.bitwise_xor(line, want, out=x)
        np.bitwise_and(x, np.uint64(_LOW7), out=total)
        total += add
        x |= total
        x &= np.uint64(_TOP)
        if x.any():
            return False
    return not _bad_bytes(matrix[whole:], model, digit).any()


def _bad_bytes(
    matrix: npt.NDArray[np.uint8], model: npt.NDArray[np.uint8], digit: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Bytes not of ``model``'s layout, byte by byte."""
    low = np.where(digit, _ZERO, model).astype(np.uint8)
    room = np.where(digit, 9, 0).astype(np.uint8)
    bad: npt.NDArray[np.bool_] = (matrix - low) > room  # uint8: below ``low`` wraps round
    return bad


def _keys(matrix: npt.NDArray[np.uint8], done: npt.NDArray[np.bool_]) -> npt.NDArray[np.int32]:
    """Each row's day as ``(year * 13 + month) * 32 + day``, one to one while the month is at
    most 12 and the day at most 31 (rows past that are no longer ``done``): about 400 keys a
    year, so a table of keys stays small."""

    def number(first: int, last: int) -> npt.NDArray[np.int32]:
        value = matrix[:, first].astype(np.int32) - _ZERO
        for at in range(first + 1, last + 1):
            value *= 10
            value += matrix[:, at]
            value -= _ZERO
        return value

    month, day = number(5, 6), number(8, 9)
    done &= (month <= 12) & (day <= 31)
    keys = number(0, 3)
    keys *= 13
    keys += month
    keys *= 32
    keys += day
    return keys


__all__ = ["Shifted", "shift_by_shape"]
