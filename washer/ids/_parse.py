"""Whole-column parsing of 11-digit identity numbers given as int64.

One pass of numpy over the digits gives, for every number: which form it is in (fnr, D, H,
synthetic fnr, synthetic D, FH, or none), whether its check digits follow the classic rule,
whether it is valid as its kind (2032 rule, day exists for some century), and the birth date it
decodes to (century from the individual number; :data:`NO_DATE` where there is none). These are
the same rules as the scalar kind modules, written for arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.ids._checksum import K1_WEIGHTS, K2_WEIGHTS
from washer.ids._dated import FORMS
from washer.ids._tables import NO_DATE, BoolArray, IntArray

FH_CODE = len(FORMS)
NO_FORM = -1


@dataclass(frozen=True)
class Parsed:
    """Per-number results; ``form`` indexes ``FORMS``, or is FH_CODE or NO_FORM."""

    number: IntArray
    form: IntArray
    valid: BoolArray
    classic: BoolArray
    iii: IntArray
    days: IntArray

    @property
    def parity(self) -> IntArray:
        return self.iii % 2


def digit_matrix(numbers: pl.Series) -> npt.NDArray[np.uint8]:
    """An ``(n, 11)`` digit matrix of a column of 11-digit strings (checked by the caller)."""
    if len(numbers) == 0:
        return np.zeros((0, 11), dtype=np.uint8)
    joined = numbers.str.join("").item().encode("ascii")
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, 11) - np.uint8(48)


def _tables() -> dict[str, npt.NDArray[np.int64]]:
    day_class = np.full(100, -1, dtype=np.int64)  # 0: day 01-31, 1: day + 40
    day_class[1:32], day_class[41:72] = 0, 1
    month_class = np.full(100, -1, dtype=np.int64)  # 0: month, 1: + 40, 2: + 80
    month_class[1:13], month_class[41:53], month_class[81:93] = 0, 1, 2
    form = np.full((4, 4), NO_FORM, dtype=np.int64)  # [day class, month class]; -1 is padding
    for code, f in enumerate(FORMS):
        form[f.day_add // 40, f.month_add // 40] = code
    # month field -> days in that month (Feb 28; the leap day is added separately)
    month_days = np.zeros(100, dtype=np.int64)
    for add in (0, 40, 80):
        month_days[add + 1 : add + 13] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    iii = np.arange(1000).reshape(-1, 1)
    yy = np.arange(100).reshape(1, -1)
    century = np.select(  # 0: the individual number gives this year no century
        [iii <= 499, (iii <= 749) & (yy >= 54), yy <= 39, (iii >= 900) & (yy >= 40)],
        [1900, 1800, 2000, 1900],
        default=0,
    )
    months = np.arange(1800 * 12, 2040 * 12, dtype=np.int64)  # months since year 0
    month_start = (months - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")
    return {
        "day_class": day_class,
        "month_class": month_class,
        "form": form,
        "month_days": month_days,
        "century": century.astype(np.int64),
        "month_start": month_start.astype(np.int64),
    }


_T = _tables()
_POWERS = tuple(10**k for k in range(10, -1, -1))


I32 = npt.NDArray[np.int32]


def _weighted(d: I32, weights: tuple[int, ...]) -> I32:
    """``sum(weights[k] * d[k])`` over the first ``len(weights)`` digit rows."""
    total: I32 = d[0] * weights[0]
    for k in range(1, len(weights)):
        total += d[k] * weights[k]
    return total


def parse(digits: npt.NDArray[np.integer]) -> Parsed:
    """Parse an ``(n, 11)`` matrix of digits, one row per number."""
    # One contiguous row per digit position: sums over positions are whole-row numpy
    # operations (numpy's integer matrix products, and strided columns, cost several times more).
    # int32: every sum and field fits, and numpy's arithmetic on half the bytes is faster;
    # the number is put together in int64 from its two halves.
    d = np.ascontiguousarray(digits.T, dtype=np.int32)
    s1, s2 = _weighted(d, K1_WEIGHTS), _weighted(d, K2_WEIGHTS[:9])
    high, low = _weighted(d, _POWERS[5:]), _weighted(d[6:], _POWERS[6:])
    number = high.astype(np.int64) * 100_000 + low.astype(np.int64)
    s1_k1 = (s1 + d[9]) % 11
    k2_ok = (s2 + 2 * d[9] + d[10]) % 11 == 0
    classic = (s1_k1 == 0) & k2_ok
    valid_2032 = (s1_k1 <= 3) & k2_ok

    day_field = d[0] * 10 + d[1]
    month_field = d[2] * 10 + d[3]
    yy = d[4] * 10 + d[5]
    iii = d[6] * 100 + d[7] * 10 + d[8]

    day_class = _T["day_class"][day_field]
    month_class = _T["month_class"][month_field]
    form = _T["form"][day_class, month_class]  # index -1 hits the NO_FORM padding row/column
    day = day_field - 40 * day_class
    leap_day = (month_field % 40 == 2) & (day == 29)
    valid = (form != NO_FORM) & valid_2032
    valid &= (day <= _T["month_days"][month_field]) | (leap_day & (yy % 4 == 0))

    fh = d[0] >= 8
    form[fh] = FH_CODE
    valid[fh] = classic[fh]

    days = np.full(number.shape, NO_DATE, dtype=np.int64)
    dated = np.flatnonzero(valid & ~fh)
    year = _T["century"][iii[dated], yy[dated]] + yy[dated]
    month = month_field[dated] - 40 * month_class[dated]
    start = _T["month_start"][np.clip(year * 12 + month - 1 - 1800 * 12, 0, None)]
    # no century, or a century that makes the day impossible (29 February 1900)
    bad = (year < 1800) | (
        leap_day[dated] & ((year % 4 != 0) | ((year % 100 == 0) & (year % 400 != 0)))
    )
    days[dated] = np.where(bad, NO_DATE, start + day[dated] - 1)
    return Parsed(
        number=number,
        form=form.astype(np.int64),
        valid=valid,
        classic=classic,
        iii=iii.astype(np.int64),
        days=days,
    )
