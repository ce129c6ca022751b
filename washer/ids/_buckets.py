"""Buckets of date-carrying 11-digit numbers, and the keyed map of real numbers inside them.

A bucket is ``(kind, gender parity, window)`` with ``window = day_number // 91``. Its
*candidates* are (day of the window) x (the 500 individual numbers of that parity), indexed
``offset * 500 + III // 2``. Among them:

* ``R``: candidates valid in the *input* form (III allowed for the year, classic check digits);
  a real number's rank ``r`` is the count of ``R`` members before it;
* ``Y``: candidates valid in the *output* form (synthetic +80, or the input form itself for the
  realistic style and for H-numbers), ``m = |Y|``;
* ``Z``: the output-form prefixes with III allowed but no classic check digits, completed with
  the first K1 the 2032 rule admits that gives a usable K2 (one always exists).

A real number of rank ``r`` maps to ``j = pi(r)`` for a keyed permutation ``pi`` of
``[0, max(n, m))``: ``Y[j]`` when ``j < m``, else ``Z[j - m]``. ``n`` and ``m`` differ by a few
dozen, so the map is injective and nearly every fake has classic check digits. The fake's
birth date is its candidate's day: at most 90 days from the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from washer.ids._dated import Form
from washer.ids._tables import (
    ALLOWED_BY_CLASS,
    USABLE,
    BoolArray,
    IntArray,
    check_digits_2032,
    classic_check_digits,
    date_parts,
    form_sums,
    year_class,
)
from washer.ids.feistel import FeistelKey, FeistelPermutation

WINDOW = 91
SERIES = 500  # individual numbers of one parity
_USABLE_BY_PARITY = (
    np.ascontiguousarray(USABLE[:, :, 0::2]),
    np.ascontiguousarray(USABLE[:, :, 1::2]),
)
_ALLOWED_BY_PARITY = (ALLOWED_BY_CLASS[:, 0::2], ALLOWED_BY_CLASS[:, 1::2])


@dataclass
class Bucket:
    """The candidate sets of one ``(input form, output form, parity, window)``."""

    in_form: Form
    out_form: Form
    parity: int
    window: int
    days: IntArray = field(init=False)
    real: BoolArray = field(init=False)
    y_idx: IntArray = field(init=False)
    z_idx: IntArray = field(init=False)

    def __post_init__(self) -> None:
        self.days = np.arange(self.window * WINDOW, (self.window + 1) * WINDOW, dtype=np.int64)
        year, _, _ = date_parts(self.days)
        allowed = _ALLOWED_BY_PARITY[self.parity][year_class(year)]
        usable = _USABLE_BY_PARITY[self.parity]
        self.real = (usable[form_sums(self.in_form, self.days)] & allowed).ravel()
        out_ok = usable[form_sums(self.out_form, self.days)] & allowed
        if self.out_form == self.in_form:
            out_ok = self.real.reshape(out_ok.shape)
        self.y_idx = np.flatnonzero(out_ok)
        self.z_idx = np.flatnonzero(allowed & ~out_ok)

    @property
    def n(self) -> int:
        return int(self.real.sum())

    @property
    def m(self) -> int:
        return len(self.y_idx)

    @property
    def overflow(self) -> int:
        """How many real numbers map into ``Z`` (the fallback region starts after them)."""
        return max(0, self.n - self.m)

    def candidate(self, offsets: IntArray, iii: IntArray) -> IntArray:
        return offsets * SERIES + iii // 2

    def numbers(self, cand: IntArray, *, classic: BoolArray) -> tuple[IntArray, IntArray]:
        """Output-form numbers of candidates (classic or 2032 check digits) and their days."""
        days = self.days[cand // SERIES]
        iii = 2 * (cand % SERIES) + self.parity
        year, month, day = date_parts(days)
        f = self.out_form
        date1, date2 = form_sums(f, days)
        k1c, k2c = classic_check_digits(date1, date2, iii)
        k1n, k2n = check_digits_2032(date1, date2, iii)
        k1, k2 = np.where(classic, k1c, k1n), np.where(classic, k2c, k2n)
        prefix = (((day + f.day_add) * 100 + month + f.month_add) * 100 + year % 100) * 1000 + iii
        return prefix * 100 + k1 * 10 + k2, days

    def map_real(self, cand: IntArray, key: FeistelKey, label: bytes) -> tuple[IntArray, IntArray]:
        """Fakes and their days for real candidates of this bucket (all members of ``R``)."""
        rank = np.cumsum(self.real)[cand] - 1
        size = max(self.n, self.m)
        perm = FeistelPermutation(key, size, label)
        if self.out_form == self.in_form:  # same space: never map a number to itself
            j = perm.cycle(rank, lambda x: (x + 1) % size)
        else:
            j = perm.forward(rank)
        in_y = j < self.m
        fake_cand = np.where(
            in_y, self.y_idx[np.minimum(j, self.m - 1)], self.z_idx[np.maximum(j - self.m, 0)]
        )
        return self.numbers(fake_cand, classic=in_y)
