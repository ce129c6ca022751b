"""Short strings as a numpy byte matrix, so digits can be read and rewritten in place.

Phones, ids and reference codes are short. As an ``(n, width)`` ``uint8`` matrix of their UTF-8
bytes (padded with NUL), reading "the last 8 digits" or "every run of letters" and writing fakes
back into exactly those positions is a handful of whole-matrix numpy operations, and every other
byte (spaces, ``+``, dashes, non-ASCII letters) stays as it was.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._fpe import derange, group_numbers

U8 = npt.NDArray[np.uint8]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_POW10 = np.array([10**i for i in range(20)], dtype=np.uint64)
# 10**0..10**19 then 26**0..26**13: index ``e`` for digits, ``20 + e`` for letters
_POWS = np.concatenate([_POW10, np.array([26**i for i in range(14)], dtype=np.uint64)])


def to_matrix(s: pl.Series) -> U8:
    """The UTF-8 bytes of non-null strings, one row each, NUL-padded to the longest."""
    if len(s) == 0:
        return np.zeros((0, 1), dtype=np.uint8)
    width = max(int(s.str.len_bytes().max() or 0), 1)  # type: ignore[arg-type]
    raw = s.cast(pl.Binary).to_numpy().astype(f"S{width}")
    return raw.view(np.uint8).reshape(len(s), width).copy()


def from_matrix(m: U8, like: pl.Series) -> pl.Series:
    """Back to strings; ``like`` (the strings ``m`` was made from) gives back trailing NULs,
    which numpy's fixed-width bytes drop."""
    if m.shape[0] == 0:
        return pl.Series(like.name, [], dtype=pl.String)
    flat = np.ascontiguousarray(m).view(f"S{m.shape[1]}").ravel()
    out = pl.Series(like.name, flat).cast(pl.String)
    trailing = like.str.extract("(\x00+)$", 1).fill_null("")
    return out + trailing


def is_digit(m: U8) -> Bools:
    return (m >= 48) & (m <= 57)


def _last_digit_positions(m: U8, count: I64) -> tuple[I64, I64, I64]:
    """Flat positions, rows and place (0 = units) of the last ``count[i]`` digits of row ``i``."""
    width = m.shape[1]
    d = is_digit(m).reshape(-1)
    c = np.cumsum(d, dtype=np.int64)  # one flat pass: cheaper than a cumsum per row
    before = np.concatenate([[0], c[width - 1 :: width][:-1]])
    total = c[width - 1 :: width] - before
    flat = np.flatnonzero(d)
    rows = flat // width
    place = total[rows] - (c[flat] - before[rows])
    use = place < count[rows]
    return flat[use], rows[use], place[use]


def write_last_digits(m: U8, count: I64, values: U64) -> U8:
    """``m`` with the last ``count[i]`` digits of row ``i`` replaced by those of ``values[i]``."""
    flat, rows, place = _last_digit_positions(m, count)
    out = m.copy()
    new = (values[rows] // _POW10[place]) % np.uint64(10)
    out.reshape(-1)[flat] = new.astype(np.uint8) + np.uint8(48)
    return out


def scramble_runs(m: U8, key: bytes, tweak: bytes, *, letters: bool) -> U8:
    """Every run of ASCII digits (and, with ``letters``, of ASCII letters) replaced by a keyed
    fixed-point-free permutation of all runs of that kind and length.

    Letter case is kept per position; long runs are cut into chunks of at most 18 digits or 13
    letters (one domain per chunk, so the whole map stays injective). Everything else in the
    string is kept, so a value and its fake have the same pattern.
    """
    n, width = m.shape
    kind = np.where(is_digit(m), np.uint8(1), np.uint8(0))
    if letters:
        letter = ((m >= 65) & (m <= 90)) | ((m >= 97) & (m <= 122))
        kind[letter] = 2
    prev = np.zeros_like(kind)
    prev[:, 1:] = kind[:, :-1]  # column 0 always starts a run
    flat_kind = kind.reshape(-1)
    pos = np.flatnonzero(flat_kind)
    if len(pos) == 0:
        return m.copy()
    k = flat_kind[pos]
    run_start = k != prev.reshape(-1)[pos]
    run_first = pos[run_start]
    offset = pos - run_first[np.cumsum(run_start) - 1]
    is_num = k == 1
    maxlen = np.where(is_num, 18, 13)
    within = offset % maxlen
    chunk_start = within == 0
    chunk_id = np.cumsum(chunk_start) - 1
    starts = np.flatnonzero(chunk_start)
    lengths = np.diff(np.append(starts, len(pos)))
    exponent = lengths[chunk_id] - 1 - within
    byte = m.reshape(-1)[pos]
    is_low = byte >= 97
    base = np.where(is_num, np.uint8(48), np.where(is_low, np.uint8(97), np.uint8(65)))
    value = (byte - base).astype(np.uint64)
    shift = np.where(is_num, 0, 20)
    place = _POWS[exponent + shift]
    chunk_values = np.add.reduceat(value * place, starts)
    chunk_num = is_num[starts]
    chunk_shift = shift[starts]
    size = _POWS[lengths + chunk_shift]
    split = _POWS[(lengths + 1) // 2 + chunk_shift]
    ordinal = np.minimum(offset[starts] // maxlen[starts], 99)  # chunk number within its run
    codes, groups = group_numbers(
        (np.where(chunk_num, 10000, 20000) + ordinal * 100 + lengths).astype(np.int64)
    )
    tweaks = [tweak + b"/runs/%d" % int(c) for c in codes]
    fakes = derange(
        chunk_values, size, split, groups.astype(np.int64), tweaks, key, avoid_inputs=True
    )
    radix = np.where(is_num, np.uint64(10), np.uint64(26))
    new_value = (fakes[chunk_id] // place) % radix
    out = m.reshape(-1).copy()
    out[pos] = base + new_value.astype(np.uint8)
    return out.reshape(n, width)
