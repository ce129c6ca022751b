"""Precomputed tables that make check digits and calendars of whole columns cheap.

The check-digit sums are linear, so they split into a part from the date fields and a part
from the individual number ``III``: ``S1 = date1 + A1[III]``, ``S2 = date2 + A2[III] + 2*K1``.
Whether a prefix is usable therefore depends only on ``(date1 mod 11, date2 mod 11, III)``,
which :data:`USABLE` tabulates once (11 x 11 x 1000). Days are counted from 1970-01-01
(negative before), as polars and numpy do; :func:`date_parts` covers 1853-2040.
"""

from __future__ import annotations

import datetime
from functools import cache

import numpy as np
import numpy.typing as npt

from washer.ids._checksum import individual_allowed
from washer.ids._dated import Form

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

EPOCH = datetime.date(1970, 1, 1)
TABLE_FIRST_DAY = (datetime.date(1853, 1, 1) - EPOCH).days
TABLE_LAST_DAY = (datetime.date(2040, 12, 31) - EPOCH).days
NO_DATE = np.iinfo(np.int64).min
"""Sentinel in day arrays for "no birth date"."""

_III = np.arange(1000, dtype=np.int64)
A1: IntArray = 4 * (_III // 100) + 5 * (_III // 10 % 10) + 2 * (_III % 10)
A2: IntArray = 5 * (_III // 100) + 4 * (_III // 10 % 10) + 3 * (_III % 10)


def _usable() -> BoolArray:
    b1 = np.arange(11).reshape(11, 1, 1)
    b2 = np.arange(11).reshape(1, 11, 1)
    k1 = (11 - (b1 + A1) % 11) % 11
    k2 = (11 - (b2 + A2 + 2 * k1) % 11) % 11
    return np.asarray((k1 != 10) & (k2 != 10))


USABLE = _usable()
"""``USABLE[date1 % 11, date2 % 11, III]``: the prefix has classic check digits."""


def classic_check_digits(
    date1: IntArray, date2: IntArray, iii: IntArray
) -> tuple[IntArray, IntArray]:
    """Classic ``(K1, K2)`` from the date sums and III (meaningless where unusable)."""
    k1 = (11 - (date1 + A1[iii]) % 11) % 11
    k2 = (11 - (date2 + A2[iii] + 2 * k1) % 11) % 11
    return k1, k2


def check_digits_2032(date1: IntArray, date2: IntArray, iii: IntArray) -> tuple[IntArray, IntArray]:
    """The first ``(K1, K2)`` the 2032 rule admits, trying remainders 0, 1, 2, 3 in order.

    For every prefix some remainder works: at most one K1 candidate is 10 and at most one
    gives K2 = 10.
    """
    s1 = (date1 + A1[iii]) % 11
    k1 = np.full_like(s1, -1)
    k2 = np.full_like(s1, -1)
    for r in range(4):
        cand1 = (r - s1) % 11
        cand2 = (11 - (date2 + A2[iii] + 2 * cand1) % 11) % 11
        take = (k1 < 0) & (cand1 != 10) & (cand2 != 10)
        k1 = np.where(take, cand1, k1)
        k2 = np.where(take, cand2, k2)
    return k1, k2


def year_class_allowed() -> BoolArray:
    """``[class, III]``: the series each year class may use (class 0: no year fits)."""
    rows = [np.zeros(1000, dtype=np.bool_)] + [
        individual_allowed(y) for y in (1854, 1900, 1940, 2000)
    ]
    return np.stack(rows)


ALLOWED_BY_CLASS = year_class_allowed()


def year_class(year: IntArray) -> IntArray:
    """The row of :data:`ALLOWED_BY_CLASS` for each birth year."""
    cls = np.zeros_like(year)
    cls[(year >= 1854) & (year <= 1899)] = 1
    cls[(year >= 1900) & (year <= 1939)] = 2
    cls[(year >= 1940) & (year <= 1999)] = 3
    cls[(year >= 2000) & (year <= 2039)] = 4
    return cls


@cache
def _calendar() -> tuple[IntArray, IntArray, IntArray]:
    days = np.arange(TABLE_FIRST_DAY, TABLE_LAST_DAY + 1, dtype=np.int64)
    as_date = days.astype("datetime64[D]")
    year = as_date.astype("datetime64[Y]").astype(np.int64) + 1970
    month_start = as_date.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    day = (as_date - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def date_parts(days: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """``(year, month, day)`` of day numbers within 1853-2040."""
    year, month, day = _calendar()
    index = days - TABLE_FIRST_DAY
    return year[index], month[index], day[index]


def days_from_parts(year: IntArray, month: IntArray, day: IntArray) -> IntArray:
    """Day numbers of ``(year, month, day)``; :data:`NO_DATE` where that date does not exist."""
    month_start = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    first = month_start.astype("datetime64[D]").astype(np.int64)
    following = (month_start + 1).astype("datetime64[D]").astype(np.int64)
    ok = (day >= 1) & (first + day - 1 < following) & (month >= 1) & (month <= 12)
    return np.where(ok, first + day - 1, NO_DATE)


def form_sums(form: Form, days: IntArray) -> tuple[IntArray, IntArray]:
    """The date parts of S1 and S2 (mod 11) of ``form`` for each day."""
    year, month, day = date_parts(days)
    return form_sums_from_fields(day + form.day_add, month + form.month_add, year % 100)


def form_sums_from_fields(
    day_field: IntArray, month_field: IntArray, yy: IntArray
) -> tuple[IntArray, IntArray]:
    d1, d2, m1, m2, y1, y2 = (
        day_field // 10,
        day_field % 10,
        month_field // 10,
        month_field % 10,
        yy // 10,
        yy % 10,
    )
    date1 = (3 * d1 + 7 * d2 + 6 * m1 + m2 + 8 * y1 + 9 * y2) % 11
    date2 = (5 * d1 + 4 * d2 + 3 * m1 + 2 * m2 + 7 * y1 + 6 * y2) % 11
    return date1, date2


def prefix_of(form: Form, days: IntArray, iii: IntArray) -> IntArray:
    """The 9-digit prefix ``DDMMYYIII`` of ``form`` as an integer."""
    year, month, day = date_parts(days)
    return (((day + form.day_add) * 100 + month + form.month_add) * 100 + year % 100) * 1000 + iii
