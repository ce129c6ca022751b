"""Build the mock's :class:`washer.mock.index.Index` from normalised records, once, at start-up.

Records are numbered in serving order (``a_date``, ties in the data's order); every index holds
sorted row numbers. The records' JSON objects are then laid out kommune by kommune
(:mod:`washer.mock.texts`): at once for small datasets, in the background for large ones.
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.mock.index import KOMMUNE_FIELDS, NO_DAY, NO_TIME, PERSON_FIELDS, Index, Rows
from washer.mock.records import DAY_COLUMN, UPDATED_COLUMN
from washer.mock.texts import BACKGROUND_FROM, Texts

__all__ = ["build_index"]

_EMPTY: Rows = np.zeros(0, dtype=np.int64)
_ID_BITS = (10**11 - 1).bit_length()  # an 11-digit person id


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


def _by_kommune(
    frame: pl.DataFrame,
) -> tuple[dict[str, Rows], list[str], list[npt.NDArray[np.int32]]]:
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
    return found, names, codes


def _by_person(frame: pl.DataFrame) -> tuple[npt.NDArray[np.int64], Rows]:
    """Every (person id, row) pair once, sorted by id, then row."""
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
    )
    ids = pairs.get_column("id").to_numpy().astype(np.int64)
    rows = pairs.get_column("row").to_numpy().astype(np.int64)
    shift = max(frame.height.bit_length(), 1)
    if shift > 63 - _ID_BITS:  # too many rows for one key: sort the pairs as they are
        order = np.lexsort((rows, ids))
        ids, rows = ids[order], rows[order]
        keep = np.ones(len(ids), dtype=bool)
        keep[1:] = (ids[1:] != ids[:-1]) | (rows[1:] != rows[:-1])
        return ids[keep], rows[keep]
    # an 11-digit id and a row number fit one int64: one sort; a row holding the same id in
    # two fields is kept once
    key = (ids << shift) | rows
    key.sort()
    key = key[np.concatenate(([True], key[1:] != key[:-1]))] if len(key) else key
    found: Rows = key & ((1 << shift) - 1)
    return key >> shift, found


def _entries(by_kommune: dict[str, Rows], rows: int) -> tuple[Rows, dict[str, int], list[int]]:
    """Every kommune's rows, kommune after kommune, then the rows of no kommune; the first
    entry of each kommune; the entries a new kommune starts at."""
    parts, first, breaks = [], {}, []
    entry = 0
    for kommune, found in by_kommune.items():
        first[kommune] = entry
        breaks.append(entry)
        parts.append(found)
        entry += len(found)
    seen = np.zeros(rows, dtype=bool)
    for found in parts:
        seen[found] = True
    breaks.append(entry)
    parts.append(np.flatnonzero(~seen).astype(np.int64))
    return np.concatenate([_EMPTY, *parts]), first, breaks


def build_index(normalized: pl.DataFrame, *, background: bool = True) -> Index:
    """Index records from :func:`washer.mock.records.normalize`.

    Small datasets are laid out at once; large ones (:data:`BACKGROUND_FROM` records or more)
    in a background thread, started here unless ``background`` is False (then by
    ``index.texts.encode_in_background()``, e.g. once the server listens)."""
    started = time.perf_counter()
    loaded = normalized.height
    day = normalized.get_column(DAY_COLUMN).fill_null(NO_DAY).to_numpy().astype(np.int32)
    order = np.argsort(day, kind="stable").astype(np.int64)
    # the few columns the indexes need, in serving order; the records themselves stay put
    keys = (
        normalized.select(UPDATED_COLUMN, *KOMMUNE_FIELDS, *PERSON_FIELDS)
        .select(pl.all().gather(order))
        .with_row_index("row")
    )
    person_ids, person_rows = _by_person(keys)
    by_kommune, names, codes = _by_kommune(keys)
    entry_rows, kommune_entry, breaks = _entries(by_kommune, loaded)
    # every row at least once: the first one is where its object is read from
    _, row_entry = np.unique(entry_rows, return_index=True)
    texts = Texts(normalized, order[entry_rows], breaks, row_entry=row_entry.astype(np.int64))
    if loaded < BACKGROUND_FROM:
        texts.encode_all()
    elif background:
        texts.encode_in_background()
    index = Index(
        texts=texts,
        order=order,
        a_day=day[order],
        updated_us=keys.get_column(UPDATED_COLUMN).fill_null(NO_TIME).to_numpy().astype(np.int64),
        by_kommune=by_kommune,
        person_ids=person_ids,
        person_rows=person_rows,
        kommune_entry=kommune_entry,
        row_entry=row_entry.astype(np.int64),
        kommune_code={name: code for code, name in enumerate(names)},
        row_kommune=np.stack(codes, axis=1).astype(np.int32),
        loaded=loaded,
    )
    index.build_seconds = time.perf_counter() - started
    return index
