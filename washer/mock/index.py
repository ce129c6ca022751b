"""The mock's in-memory index: built once at start-up, read-only afterwards.

Records are numbered in serving order: by ``a_date``, ties in the data's order. The records
visible on a given day are then one contiguous range of numbers, and every index below holds
sorted numbers. Each record is kept as its finished JSON object (:mod:`washer.mock.texts`), so
answering is a lookup and a join. Records that can never be served (``a_date`` before
the first day the mock will ever show) are dropped before indexing.

* ``by_kommune``: kommunenr -> sorted rows whose ``municipality_number`` or
  ``hotel_municipality_number`` is that kommune.
* person ids: the 11-digit values of ``p_unique_id``, ``p_dnr`` and ``p_fh_number`` as integers,
  sorted, next to their rows: a lookup is a binary search (``personId`` is always 11 digits).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.mock.records import DAY_COLUMN, UPDATED_COLUMN
from washer.mock.texts import BACKGROUND_FROM, Texts

__all__ = ["KOMMUNE_FIELDS", "PERSON_FIELDS", "Index", "build_index"]

Rows = npt.NDArray[np.int64]

KOMMUNE_FIELDS = ("municipality_number", "hotel_municipality_number")
PERSON_FIELDS = ("p_unique_id", "p_dnr", "p_fh_number")
_NO_DAY = int(np.iinfo(np.int32).max)
_MIN_DAY = int(np.iinfo(np.int32).min)
_NO_TIME = np.iinfo(np.int64).min
_EMPTY: Rows = np.zeros(0, dtype=np.int64)


@dataclass(eq=False)
class Index:
    """Everything a request needs, precomputed."""

    texts: Texts
    """Each record's JSON object, in the data's order."""
    order: Rows
    """Serving position -> position in :attr:`texts`."""
    a_day: npt.NDArray[np.int32]
    """``a_date`` as days since 1970-01-01, ascending (records without one last)."""
    updated_us: npt.NDArray[np.int64]
    """Newest of ``a_date``/``a_updated``/``p_updated`` per row, µs since the epoch."""
    by_kommune: dict[str, Rows]
    person_ids: npt.NDArray[np.int64]
    person_rows: Rows
    loaded: int = 0
    """Records read (including those never served)."""
    build_seconds: float = 0.0
    _unions: dict[frozenset[str], Rows] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.texts)

    def day_range(self, first_day: int, last_day: int) -> tuple[int, int]:
        """Rows ``[lo, hi)`` whose ``a_date`` is between the two days (inclusive)."""
        # keys of the array's own dtype: otherwise numpy casts the whole array on every call
        lo = int(np.searchsorted(self.a_day, self._day(first_day), side="left"))
        hi = int(np.searchsorted(self.a_day, self._day(last_day), side="right"))
        return lo, max(lo, hi)

    @staticmethod
    def _day(day: int) -> np.int32:
        return np.int32(min(max(day, _MIN_DAY), _NO_DAY))

    def kommune_rows(self, kommuner: frozenset[str]) -> Rows:
        """Sorted rows matching any of the kommuner (cached per set)."""
        if len(kommuner) == 1:
            return self.by_kommune.get(next(iter(kommuner)), _EMPTY)
        found = self._unions.get(kommuner)
        if found is None:
            parts = [self.by_kommune[k] for k in kommuner if k in self.by_kommune]
            found = np.unique(np.concatenate(parts)) if parts else _EMPTY
            if len(self._unions) < 1024:
                self._unions[kommuner] = found
        return found

    def rows_of_person(self, person_id: str) -> Rows:
        """Sorted rows where one of the person id fields is exactly ``person_id``."""
        if len(person_id) != 11 or not (person_id.isascii() and person_id.isdigit()):
            return _EMPTY
        key = int(person_id)
        lo = int(np.searchsorted(self.person_ids, key, side="left"))
        hi = int(np.searchsorted(self.person_ids, key, side="right"))
        found: Rows = self.person_rows[lo:hi]  # sorted: pairs are sorted by (id, row)
        return found

    def only_in(self, rows: Rows, kommuner: frozenset[str]) -> Rows:
        """The rows (few, sorted) that belong to one of the kommuner."""
        allowed = self.kommune_rows(kommuner)
        if not len(rows) or not len(allowed):
            return _EMPTY
        pos = np.minimum(np.searchsorted(allowed, rows), len(allowed) - 1)
        kept: Rows = rows[allowed[pos] == rows]
        return kept

    def json_array(self, rows: Rows) -> bytes:
        """The records of ``rows`` as the UTF-8 JSON array the API answers."""
        parts = self.texts.get(self.order[rows].tolist())  # a fresh list
        if not parts:
            return b"[]"
        # brackets on the (small) first and last objects: the join is the only big copy
        parts[0] = b"[" + parts[0]
        parts[-1] += b"]"
        return b",".join(parts)

    def json_objects(self) -> list[bytes]:
        """Every indexed record's JSON object, in serving order."""
        return self.texts.get(self.order.tolist())


def _codes(frame: pl.DataFrame) -> tuple[list[str], list[npt.NDArray[np.int32]]]:
    """The distinct kommune numbers and, per kommune field, each row's code (-1: none)."""
    names = pl.concat([frame.get_column(f) for f in KOMMUNE_FIELDS]).drop_nulls().unique().sort()
    mapping = pl.DataFrame({"k": names, "code": pl.int_range(names.len(), eager=True)})
    codes = [
        frame.select(pl.col(f).alias("k"))
        .join(mapping, on="k", how="left", maintain_order="left")
        .get_column("code")
        .fill_null(-1)
        .to_numpy()
        .astype(np.int32)
        for f in KOMMUNE_FIELDS
    ]
    return names.to_list(), codes


def _by_kommune(frame: pl.DataFrame) -> dict[str, Rows]:
    names, codes = _codes(frame)
    parts: list[dict[int, Rows]] = []
    for code in codes:
        order = np.argsort(code, kind="stable")  # rows of one kommune stay ascending
        bounds = np.searchsorted(code[order], np.arange(len(names) + 1))
        parts.append({c: order[bounds[c] : bounds[c + 1]] for c in range(len(names))})
    found = {}
    for c, name in enumerate(names):
        rows = [p[c] for p in parts if len(p[c])]
        found[name] = (rows[0] if len(rows) == 1 else np.union1d(*rows)).astype(np.int64)
    return found


def _by_person(frame: pl.DataFrame) -> tuple[npt.NDArray[np.int64], Rows]:
    pairs = pl.concat(
        [
            frame.select(
                "row",
                pl.when(pl.col(f).str.contains(r"^[0-9]{11}$"))
                .then(pl.col(f).cast(pl.Int64, strict=False))
                .alias("id"),
            ).drop_nulls()
            for f in PERSON_FIELDS
        ]
    ).sort(["id", "row"])
    ids = pairs.get_column("id").to_numpy().astype(np.int64)
    rows = pairs.get_column("row").to_numpy().astype(np.int64)
    # one row can hold the same id in two fields: keep it once
    keep = np.ones(len(ids), dtype=bool)
    keep[1:] = (ids[1:] != ids[:-1]) | (rows[1:] != rows[:-1])
    return ids[keep], rows[keep]


def build_index(normalized: pl.DataFrame) -> Index:
    """Index records from :func:`washer.mock.records.normalize`."""
    started = time.perf_counter()
    loaded = normalized.height
    day = normalized.get_column(DAY_COLUMN).fill_null(_NO_DAY).to_numpy().astype(np.int32)
    order = np.argsort(day, kind="stable").astype(np.int64)
    # the few columns the indexes need, in serving order; the records themselves stay put
    keys = (
        normalized.select(UPDATED_COLUMN, *KOMMUNE_FIELDS, *PERSON_FIELDS)
        .select(pl.all().gather(order))
        .with_row_index("row")
    )
    person_ids, person_rows = _by_person(keys)
    texts = Texts(normalized)
    if len(texts) < BACKGROUND_FROM:
        texts.encode_all()
    else:
        texts.encode_in_background()
    index = Index(
        texts=texts,
        order=order,
        a_day=day[order],
        updated_us=keys.get_column(UPDATED_COLUMN).fill_null(_NO_TIME).to_numpy().astype(np.int64),
        by_kommune=_by_kommune(keys),
        person_ids=person_ids,
        person_rows=person_rows,
        loaded=loaded,
    )
    index.build_seconds = time.perf_counter() - started
    return index
