"""The mock's in-memory index: built once at start-up (:mod:`washer.mock.build`), read-only.

Records are numbered in serving order: by ``a_date``, ties in the data's order. The records
visible on a given day are then one contiguous range of numbers, and every index below holds
sorted numbers. Records that can never be served (``a_date`` before the first day the mock
will ever show) are dropped before indexing. Each record is kept as its finished JSON object,
laid out kommune by kommune (:mod:`washer.mock.texts`): a page of one kommune is one slice of
memory, any other answer a join of a few slices.

* ``by_kommune``: kommunenr -> sorted rows whose ``municipality_number`` or
  ``hotel_municipality_number`` is that kommune.
* person ids: the 11-digit values of ``p_unique_id``, ``p_dnr`` and ``p_fh_number`` as integers,
  sorted, next to their rows: a lookup is a binary search (``personId`` is always 11 digits).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from washer.mock.texts import Texts

__all__ = ["KOMMUNE_FIELDS", "NO_DAY", "NO_TIME", "PERSON_FIELDS", "Index", "Rows"]

Rows = npt.NDArray[np.int64]

KOMMUNE_FIELDS = ("municipality_number", "hotel_municipality_number")
PERSON_FIELDS = ("p_unique_id", "p_dnr", "p_fh_number")
NO_DAY = int(np.iinfo(np.int32).max)
"""``a_day`` of records without an ``a_date`` (they sort last)."""
_MIN_DAY = int(np.iinfo(np.int32).min)
NO_TIME = np.iinfo(np.int64).min
"""``updated_us`` of records without any time."""
_EMPTY: Rows = np.zeros(0, dtype=np.int64)
_NO_CODES: npt.NDArray[np.int32] = np.zeros((0, 2), dtype=np.int32)
_CACHED = 1024
"""Entries per small cache (cleared when full: requests repeat a handful of keys)."""


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _CACHED:
        cache.clear()
    cache[key] = value


@dataclass(eq=False)
class Index:
    """Everything a request needs, precomputed."""

    texts: Texts
    """The JSON objects, as entries: each kommune's rows in :attr:`by_kommune` order, kommune
    after kommune (:attr:`kommune_entry`), then the rows of no kommune."""
    order: Rows
    """Serving position -> position in the data."""
    a_day: npt.NDArray[np.int32]
    """``a_date`` as days since 1970-01-01, ascending (records without one last)."""
    updated_us: npt.NDArray[np.int64]
    """Newest of ``a_date``/``a_updated``/``p_updated`` per row, µs since the epoch."""
    by_kommune: dict[str, Rows]
    person_ids: npt.NDArray[np.int64]
    person_rows: Rows
    kommune_entry: dict[str, int]
    """Kommune -> the entry of its first row (its rows' entries follow in order)."""
    row_entry: Rows
    """Row -> an entry holding its object."""
    loaded: int = 0
    """Records read (including those never served)."""
    build_seconds: float = 0.0
    kommune_code: dict[str, int] = field(default_factory=dict)
    """Kommune -> its number in :attr:`row_kommune`."""
    row_kommune: npt.NDArray[np.int32] = field(default_factory=lambda: _NO_CODES)
    """Per row, the codes of its ``municipality_number`` and ``hotel_municipality_number``
    side by side (-1: none)."""
    # small caches of what requests ask again and again
    _unions: dict[frozenset[str], Rows] = field(default_factory=dict, repr=False)
    _codes: dict[frozenset[str], frozenset[int]] = field(default_factory=dict, repr=False)
    _days: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)
    _windows: dict[tuple[frozenset[str], int, int], tuple[int, int]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        # item reads for the person lookups (see person_rows_in)
        self._person_ids = self.person_ids.data
        self._person_rows = self.person_rows.data
        self._row_kommune = self.row_kommune.data

    def __len__(self) -> int:
        return len(self.order)

    def day_range(self, first_day: int, last_day: int) -> tuple[int, int]:
        """Rows ``[lo, hi)`` whose ``a_date`` is between the two days (inclusive)."""
        found = self._days.get((first_day, last_day))
        if found is None:
            # keys of the array's own dtype: otherwise numpy casts the whole array
            lo = int(self.a_day.searchsorted(self._day(first_day), side="left"))
            hi = int(self.a_day.searchsorted(self._day(last_day), side="right"))
            found = lo, max(lo, hi)
            _remember(self._days, (first_day, last_day), found)
        return found

    @staticmethod
    def _day(day: int) -> np.int32:
        return np.int32(min(max(day, _MIN_DAY), NO_DAY))

    def kommune_rows(self, kommuner: frozenset[str]) -> Rows:
        """Sorted rows matching any of the kommuner (cached per set)."""
        if len(kommuner) == 1:
            return self.by_kommune.get(next(iter(kommuner)), _EMPTY)
        found = self._unions.get(kommuner)
        if found is None:
            parts = [self.by_kommune[k] for k in kommuner if k in self.by_kommune]
            found = np.unique(np.concatenate(parts)) if parts else _EMPTY
            _remember(self._unions, kommuner, found)
        return found

    def kommune_window(self, kommuner: frozenset[str], lo: int, hi: int) -> tuple[int, int]:
        """Where rows ``[lo, hi)`` start and stop in :meth:`kommune_rows` (cached)."""
        key = (kommuner, lo, hi)
        found = self._windows.get(key)
        if found is None:
            rows = self.kommune_rows(kommuner)
            found = int(rows.searchsorted(lo)), int(rows.searchsorted(hi))
            _remember(self._windows, key, found)
        return found

    def rows_of_person(self, person_id: str) -> Rows:
        """Sorted rows where one of the person id fields is exactly ``person_id``."""
        return np.array(self.person_rows_in(person_id, None, 0, len(self.order)), dtype=np.int64)

    def person_rows_in(
        self, person_id: str, kommuner: frozenset[str] | None, lo: int, hi: int
    ) -> list[int]:
        """Sorted rows in ``[lo, hi)`` where one of the person id fields is exactly
        ``person_id`` and, unless ``kommuner`` is None, that belong to one of the kommuner.

        A person has a few records: plain Python over memoryviews of the arrays (a binary
        search, a few reads) touches less than numpy's machinery does."""
        if len(person_id) != 11 or not (person_id.isascii() and person_id.isdigit()):
            return []
        key = int(person_id)
        ids, found, kommune = self._person_ids, self._person_rows, self._row_kommune
        at = bisect_left(ids, key)
        end = len(ids)
        codes = None if kommuner is None else self._codes_of(kommuner)
        kept = []
        while at < end and ids[at] == key:
            row = found[at]  # rows of one id are sorted: pairs are sorted by (id, row)
            at += 1
            if lo <= row < hi and (
                codes is None or kommune[row, 0] in codes or kommune[row, 1] in codes
            ):
                kept.append(row)
        return kept

    def _codes_of(self, kommuner: frozenset[str]) -> frozenset[int]:
        codes = self._codes.get(kommuner)
        if codes is None:
            codes = frozenset(self.kommune_code[k] for k in kommuner if k in self.kommune_code)
            _remember(self._codes, kommuner, codes)
        return codes

    def json_array(
        self, rows: Rows | list[int], kommune: str | None = None, start: int = 0
    ) -> bytes:
        """The records of ``rows`` as the UTF-8 JSON array the API answers. With ``kommune``,
        ``rows`` must be ``by_kommune[kommune][start : start + len(rows)]``: one slice."""
        count = len(rows)
        if not count:
            return b"[]"
        if kommune is not None:
            first = self.kommune_entry[kommune] + start
            return self.texts.span(first, first + count)
        if isinstance(rows, list) or count > 32:
            return self.texts.rows_array(rows)
        return self.texts.rows_array(rows.tolist())  # a few: scalar reads beat array operations

    def json_objects(self) -> list[bytes]:
        """Every indexed record's JSON object, in serving order."""
        return [bytes(o) for o in self.texts.objects(self.row_entry)]
