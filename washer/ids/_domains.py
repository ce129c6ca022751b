"""Keyed bijections of the kinds whose fakes live in the same space as the originals.

FH-numbers, organisation numbers and passport-like values have no synthetic form, so each is
mapped by a keyed permutation *of its own valid values*, made by cycle walking over a prefix
range (:mod:`washer.ids.feistel`). The permutation used is :meth:`FeistelPermutation.cycle`,
a single keyed cycle, so no value ever maps to itself. Every function takes and returns whole
numpy arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.ids import fh, orgnr
from washer.ids._checksum import check_digits_array
from washer.ids._tables import BoolArray, IntArray
from washer.ids.feistel import FeistelKey, FeistelPermutation, Validity

FH_SPAN = 10**9 - fh.FIRST_PREFIX
ORGNR_SPAN = 10**8 - orgnr.FIRST_PREFIX
_ORGNR_WEIGHTS = np.array(orgnr.WEIGHTS, dtype=np.int64)


def _next_valid(x: IntArray, span: int, valid: Validity) -> IntArray:
    """The next member of the domain after each ``x``, cyclically."""
    y = (x + 1) % span
    todo = np.flatnonzero(~valid(y))
    while todo.size:
        y[todo] = (y[todo] + 1) % span
        todo = todo[~valid(y[todo])]
    return y


def fh_usable(index: IntArray) -> BoolArray:
    """Which FH prefix indices (prefix - 800000000) have classic check digits."""
    return check_digits_array(index + fh.FIRST_PREFIX)[2]


def fh_numbers(index: IntArray) -> IntArray:
    """The FH-numbers of usable prefix indices."""
    k1, k2, _ = check_digits_array(index + fh.FIRST_PREFIX)
    return (index + fh.FIRST_PREFIX) * 100 + k1 * 10 + k2


def orgnr_check(index: IntArray) -> IntArray:
    """Check digits of orgnr prefix indices (prefix - 80000000); 10 marks an unusable one."""
    prefix = index + orgnr.FIRST_PREFIX
    digits = np.stack([(prefix // 10 ** (7 - i)) % 10 for i in range(8)], axis=-1)
    return (11 - (digits @ _ORGNR_WEIGHTS) % 11) % 11


def orgnr_usable(index: IntArray) -> BoolArray:
    return np.asarray(orgnr_check(index) != 10)


def map_fh(key: FeistelKey, numbers: IntArray) -> IntArray:
    """Fake FH-numbers for valid FH-numbers: a keyed single cycle over all valid ones."""
    perm = FeistelPermutation(key, FH_SPAN, b"fh")
    index = numbers // 100 - fh.FIRST_PREFIX
    fake = perm.cycle(index, lambda x: _next_valid(x, FH_SPAN, fh_usable), valid=fh_usable)
    return fh_numbers(fake)


def map_orgnr(key: FeistelKey, numbers: IntArray) -> IntArray:
    """Fake organisation numbers for valid ones: a keyed single cycle over all valid ones."""
    perm = FeistelPermutation(key, ORGNR_SPAN, b"orgnr")
    index = numbers // 10 - orgnr.FIRST_PREFIX
    fake = perm.cycle(index, lambda x: _next_valid(x, ORGNR_SPAN, orgnr_usable), valid=orgnr_usable)
    return (fake + orgnr.FIRST_PREFIX) * 10 + orgnr_check(fake)


def map_pattern(
    key: FeistelKey, pattern: str, values: npt.NDArray[np.uint8]
) -> npt.NDArray[np.uint8]:
    """Fakes of passport-like values sharing one pattern (``A`` letter, ``9`` digit).

    ``values`` is an ``(n, len(pattern))`` matrix of ASCII codes. Position by position a
    letter is a base-26 digit and a digit a base-10 one; the mixed-radix integer is mapped by
    a keyed single cycle over ``[0, product of radices)`` and written back the same way.
    """
    letters = np.array([c == "A" for c in pattern])
    radix = np.where(letters, 26, 10).astype(np.int64)
    base = np.where(letters, ord("A"), ord("0")).astype(np.int64)
    size = int(np.prod(radix.astype(object)))
    x = np.zeros(len(values), dtype=np.int64)
    for pos in range(len(pattern)):
        x = x * radix[pos] + (values[:, pos].astype(np.int64) - base[pos])
    perm = FeistelPermutation(key, size, pattern.encode("ascii"))
    y = perm.cycle(x, lambda v: (v + 1) % size)
    out = np.empty_like(values)
    for pos in reversed(range(len(pattern))):
        out[:, pos] = (y % radix[pos] + base[pos]).astype(np.uint8)
        y //= radix[pos]
    return out


def map_passports(key: FeistelKey, values: pl.Series) -> pl.Series:
    """Pattern-preserving fakes of normalised passport-like values (vectorised per pattern)."""
    sizes = values.str.len_bytes().fill_null(0).to_numpy().astype(np.int64)
    flat = np.frombuffer(values.str.join("").item().encode("utf-8"), dtype=np.uint8)
    letter = (flat >= ord("A")) & (flat <= ord("Z"))
    digit = (flat >= ord("0")) & (flat <= ord("9"))
    if not len(values) or sizes.min() < 1 or sizes.max() > _WIDEST or not (letter | digit).all():
        return _map_passports_by_pattern(key, values)
    # Letters and digits only (as every normalised passport is): the pattern of each value is
    # read from its bytes, not by two regex replacements, and the fakes of each pattern go
    # in as one column of fixed-width byte strings, not a list of Python strings.
    starts = np.cumsum(sizes) - sizes
    place = np.arange(len(flat), dtype=np.int64) - np.repeat(starts, sizes)
    letters = np.add.reduceat(letter.astype(np.int64) << place, starts)  # bit i: letter at i
    group = letters * (_WIDEST + 1) + sizes
    out = pl.repeat(None, len(values), dtype=pl.String, eager=True).alias("")
    for code in np.unique(group).tolist():
        mask, width = divmod(code, _WIDEST + 1)
        pattern = "".join("A" if mask >> i & 1 else "9" for i in range(width))
        where = np.flatnonzero(group == code)
        matrix = flat[starts[where][:, None] + np.arange(width)]
        faked = np.ascontiguousarray(map_pattern(key, pattern, matrix))
        # No byte is NUL, which numpy's fixed-width bytes would drop from a value's end.
        column = pl.Series(faked.view(f"S{width}").ravel()).cast(pl.String)
        out = out.scatter(where, column)
    return out


_WIDEST = 40  # a value's letter positions, times the widths, fit one int64


def _map_passports_by_pattern(key: FeistelKey, values: pl.Series) -> pl.Series:
    """:func:`map_passports` of any values: the pattern by regex, value by value."""
    patterns = values.str.replace_all("[A-Z]", "A").str.replace_all("[0-9]", "9")
    out = pl.repeat(None, len(values), dtype=pl.String, eager=True).alias("")
    for pattern in patterns.unique().sort().to_list():
        where = np.flatnonzero((patterns == pattern).to_numpy())
        width = len(pattern)
        raw = values[where].str.join("").item().encode("ascii")
        matrix = np.frombuffer(raw, dtype=np.uint8).reshape(-1, width)
        faked = map_pattern(key, pattern, matrix).tobytes().decode("ascii")
        out = out.scatter(where, [faked[i : i + width] for i in range(0, len(faked), width)])
    return out
