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

Nothing of size 91 x 500 is built per bucket. Which of a day's 500 individual numbers are in
``R``, ``Y`` or ``Z`` depends only on the *row type* ``(S1 date part mod 11, S2 date part mod 11,
year class)``: 605 types, whose prefix counts and "k-th member" positions are tabulated once.
A bucket then needs only its 91 row types: ranks and ``Y[j]`` / ``Z[j]`` are a few gathers and
a ``searchsorted`` over 92 running totals.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

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

WINDOW = 91
SERIES = 500  # individual numbers of one parity
_CLASSES = ALLOWED_BY_CLASS.shape[0]


def _row_tables(members: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray, IntArray]:
    """For ``members[type, t]``: totals, exclusive prefix counts, and the t of the k-th member."""
    total = members.sum(axis=1).astype(np.int64)
    before = np.zeros((members.shape[0], SERIES + 1), dtype=np.int64)
    before[:, 1:] = np.cumsum(members, axis=1)
    order = np.argsort(~members, axis=1, kind="stable")  # members first, in t order
    return total, before, order.astype(np.int64)


def _tables(parity: int) -> dict[str, tuple[IntArray, IntArray, IntArray]]:
    usable = USABLE[:, :, parity::2].reshape(121, 1, SERIES)
    allowed = ALLOWED_BY_CLASS[:, parity::2].reshape(1, _CLASSES, SERIES)
    ok = (usable & allowed).reshape(-1, SERIES)  # row type = (b1 * 11 + b2) * 5 + class
    z = (~usable & allowed).reshape(-1, SERIES)
    return {"ok": _row_tables(ok), "z": _row_tables(z)}


_TABLES = (_tables(0), _tables(1))


def _row_types(form: Form, days: IntArray, classes: IntArray) -> IntArray:
    date1, date2 = form_sums(form, days)
    types: IntArray = (date1 * 11 + date2) * _CLASSES + classes
    return types


class Bucket:
    """The candidate sets of one ``(input form, output form, parity, window)``."""

    __slots__ = ("_cum", "_types", "days", "in_form", "out_form", "parity", "window")

    def __init__(self, in_form: Form, out_form: Form, parity: int, window: int) -> None:
        self.in_form, self.out_form, self.parity, self.window = in_form, out_form, parity, window
        self.days = np.arange(window * WINDOW, (window + 1) * WINDOW, dtype=np.int64)
        classes = year_class(date_parts(self.days)[0])
        tables = _TABLES[parity]
        self._types = {
            "in": _row_types(in_form, self.days, classes),
            "out": _row_types(out_form, self.days, classes),
        }
        self._cum = {}
        for name, kind, types in (("in", "ok", "in"), ("out", "ok", "out"), ("z", "z", "out")):
            cum = np.zeros(WINDOW + 1, dtype=np.int64)
            cum[1:] = np.cumsum(tables[kind][0][self._types[types]])
            self._cum[name] = cum

    @property
    def n(self) -> int:
        return int(self._cum["in"][-1])

    @property
    def m(self) -> int:
        return int(self._cum["out"][-1])

    @property
    def z_size(self) -> int:
        return int(self._cum["z"][-1])

    @property
    def overflow(self) -> int:
        """How many real numbers map into ``Z`` (the fallback region starts after them)."""
        return max(0, self.n - self.m)

    def rank(self, offsets: IntArray, iii: IntArray) -> IntArray:
        """The rank in ``R`` of real numbers given by day offset and individual number."""
        before = _TABLES[self.parity]["ok"][1]
        return self._cum["in"][offsets] + before[self._types["in"][offsets], iii // 2]

    def _select(self, region: str, j: IntArray) -> IntArray:
        """Candidate indices of the ``j``-th members of ``Y`` (region "out") or ``Z`` ("z")."""
        cum = self._cum[region]
        offsets = np.searchsorted(cum, j, side="right") - 1
        order = _TABLES[self.parity]["z" if region == "z" else "ok"][2]
        t = order[self._types["out"][offsets], j - cum[offsets]]
        cand: IntArray = offsets * SERIES + t
        return cand

    def numbers(self, cand: IntArray, *, classic: BoolArray) -> tuple[IntArray, IntArray]:
        """Output-form numbers of candidates (classic or 2032 check digits) and their days."""
        days = self.days[cand // SERIES]
        return _numbers(self.out_form, self.parity, days, cand, classic), days

    def z_numbers(self, positions: IntArray) -> tuple[IntArray, IntArray]:
        """Numbers and days of ``Z`` members by position."""
        cand = self._select("z", positions)
        return self.numbers(cand, classic=np.zeros(len(cand), dtype=np.bool_))

    @property
    def size(self) -> int:
        """The permutation domain of this bucket's real numbers (ranks in ``R``, ``Y + Z``)."""
        return max(self.n, self.m)

    @property
    def same_space(self) -> bool:
        """Fakes live among the originals (so no number may map to itself)."""
        return self.out_form == self.in_form

    def numbers_at(self, j: IntArray) -> tuple[IntArray, IntArray]:
        """Fakes and their days for permuted ranks ``j`` (``Y`` first, then ``Z``)."""
        in_y = j < self.m
        cand = np.empty_like(j)
        cand[in_y] = self._select("out", j[in_y])
        cand[~in_y] = self._select("z", j[~in_y] - self.m)
        return self.numbers(cand, classic=in_y)


class Buckets:
    """The buckets of one ``(input form, output form, parity)`` for many windows at once.

    The same tables as :class:`Bucket`, one row per window, so a million numbers in a
    thousand buckets cost a few whole-array operations instead of a loop over buckets.
    ``row`` arguments index ``windows``.
    """

    __slots__ = ("_cum", "_types_in", "_types_out", "in_form", "out_form", "parity", "windows")

    def __init__(self, in_form: Form, out_form: Form, parity: int, windows: IntArray) -> None:
        self.in_form, self.out_form, self.parity = in_form, out_form, parity
        self.windows = windows
        k = len(windows)
        days = (windows[:, None] * WINDOW + np.arange(WINDOW, dtype=np.int64)).ravel()
        classes = year_class(date_parts(days)[0])
        self._types_in = _row_types(in_form, days, classes).reshape(k, WINDOW)
        self._types_out = _row_types(out_form, days, classes).reshape(k, WINDOW)
        tables = _TABLES[parity]
        self._cum: dict[str, IntArray] = {}
        for name, kind, types in (
            ("in", "ok", self._types_in),
            ("out", "ok", self._types_out),
            ("z", "z", self._types_out),
        ):
            cum = np.zeros((k, WINDOW + 1), dtype=np.int64)
            cum[:, 1:] = np.cumsum(tables[kind][0][types], axis=1)
            self._cum[name] = cum

    @property
    def sizes(self) -> IntArray:
        """Each window's permutation domain (:attr:`Bucket.size`)."""
        size: IntArray = np.maximum(self._cum["in"][:, -1], self._cum["out"][:, -1])
        return size

    def rank(self, row: IntArray, offsets: IntArray, iii: IntArray) -> IntArray:
        """:meth:`Bucket.rank` of each number in its window ``row``."""
        before = _TABLES[self.parity]["ok"][1]
        rank: IntArray = (
            self._cum["in"][row, offsets] + before[self._types_in[row, offsets], iii // 2]
        )
        return rank

    def _select(self, region: str, row: IntArray, j: IntArray) -> IntArray:
        """:meth:`Bucket._select`, with one ``searchsorted`` over every window's running
        totals laid end to end (each row lifted above the one before)."""
        cum = self._cum[region]
        lift = int(cum[:, -1].max()) + 1
        rows = np.arange(len(cum), dtype=np.int64)[:, None]
        ends = (cum + rows * lift).ravel()
        offsets = np.searchsorted(ends, j + row * lift, side="right") - 1 - row * (WINDOW + 1)
        order = _TABLES[self.parity]["z" if region == "z" else "ok"][2]
        t = order[self._types_out[row, offsets], j - cum[row, offsets]]
        cand: IntArray = offsets * SERIES + t
        return cand

    def numbers_at(self, row: IntArray, j: IntArray) -> tuple[IntArray, IntArray]:
        """:meth:`Bucket.numbers_at` of permuted ranks ``j`` in their windows ``row``."""
        m = self._cum["out"][row, -1]
        in_y = j < m
        cand = np.empty_like(j)
        cand[in_y] = self._select("out", row[in_y], j[in_y])
        cand[~in_y] = self._select("z", row[~in_y], j[~in_y] - m[~in_y])
        days = self.windows[row] * WINDOW + cand // SERIES
        return _numbers(self.out_form, self.parity, days, cand, in_y), days


def _numbers(
    form: Form, parity: int, days: IntArray, cand: IntArray, classic: BoolArray
) -> IntArray:
    """The numbers of ``form`` for candidates on ``days`` (classic check digits where
    ``classic``, else the 2032 rule's)."""
    iii = 2 * (cand % SERIES) + parity
    year, month, day = date_parts(days)
    date1, date2 = form_sums(form, days)
    k1, k2 = classic_check_digits(date1, date2, iii)
    if not classic.all():
        late = ~classic
        k1[late], k2[late] = check_digits_2032(date1[late], date2[late], iii[late])
    prefix = (((day + form.day_add) * 100 + month + form.month_add) * 100 + year % 100) * 1000 + iii
    number: IntArray = prefix * 100 + k1 * 10 + k2
    return number
