"""Event dates of one shape moved as bytes: a column's values share a length and a layout.

An extract's time-stamp column writes every value alike (``2021-03-26T22:27:47+01:00``):
the same bytes in the same places, only the digits differ. Whether what follows an ISO
date is a time of day (``washer.dates``' regex) does not depend on which ASCII digits fill
its digit places, so one value's verdict holds for every value of its layout; and the
date's eight digits are an exact key to the few distinct days. So the values are checked
against one value's layout and given their new dates in a byte matrix (numpy), with no
regex, split or join per row. Values of another layout are left to the caller.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import polars as pl

_ZERO = 48  # b"0"
_DATE_DIGITS = np.array([0, 1, 2, 3, 5, 6, 8, 9])
_LOW7 = 0x7F7F7F7F7F7F7F7F
_TOP = 0x8080808080808080
_BLOCK = 512  # groups of rows per line of the word-wise test
_MAX_SPAN = 1 << 16  # keys of a table this long at least (about 6 years of days)


class Shifted(NamedTuple):
    heads: pl.Series  # each row's new date (garbage in rows not ``done``)
    done: npt.NDArray[np.bool_]  # rows of the first value's layout whose date moves


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
    low = int(keys.min())
    span = int(keys.max()) - low + 1
    if span > max(len(text), _MAX_SPAN):
        return None
    keys -= low
    # Each distinct key's head, read from a row done (whose digits make the key).
    row_of = np.full(span, -1, np.int32)
    if done.all():
        row_of[keys] = np.arange(len(keys), dtype=np.int32)
    else:
        row_of[keys[done]] = np.flatnonzero(done)
    present = np.flatnonzero(row_of >= 0)
    new = shift_heads(text.gather(pl.Series(row_of[present])).str.slice(0, 10))
    place = np.zeros(span, np.uint32)
    place[present] = np.arange(len(present), dtype=np.uint32)
    at = place[keys]
    if new.null_count():  # a head that is no date ("2021-02-30"): left to the caller
        done &= new.is_not_null().to_numpy()[at]
    return Shifted(new.gather(pl.Series(at)), done)


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
    """Each row's ``YYYYMMDD`` as an integer (rows not done take the first done row's)."""
    keys = matrix[:, 0].astype(np.int32)
    for at in _DATE_DIGITS[1:]:
        keys *= 10
        keys += matrix[:, at]
    keys -= _ZERO * 11_111_111  # every digit's "0"
    if not done.all():
        keys[~done] = keys[done][0]
    return keys


__all__ = ["Shifted", "shift_by_shape"]
