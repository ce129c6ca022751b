"""An entity's originals of the fields it fakes, as the entity table avoids them.

Which column holds each faked field's originals (:func:`_entity_originals`), an original's
rank among its column's sorted distinct values (:func:`_ranked`, :func:`_ranks`, column
:func:`_rank`), those distinct values with what they are compared by (:class:`_Distinct`),
and each entity's original as the fakes avoid it (:func:`_avoided`). Used by
:mod:`washer.tables.entity_table` to build a table and by :mod:`washer.tables.entity_clashes`
to find the fakes that equal an original.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes.addresses import Numbered
from washer.fakes.names import NO_NUMBER, Avoided, last_numbers, normalize_name
from washer.plan import Plan
from washer.rules.model import EntityName
from washer.tables.nodes import PREFIX


def _entity_originals(plan: Plan, name: EntityName, rows: pl.DataFrame) -> list[tuple[str, str]]:
    """(field, column) for every field of this entity some column is washed into."""
    found: dict[str, str] = {}
    for column in plan.transforms:
        transform, rule = plan.faking(column)
        wanted = transform.entity_fields(rule)
        if wanted is None or wanted[0] != name or column not in rows.columns:
            continue
        for f in wanted[1]:
            if f in ("first", "last", "full", "address", "name"):
                found.setdefault(f, column)
    return sorted(found.items())


def _ranks(values: pl.Series, ranked: pl.Series) -> pl.Series:
    """Each value's position in ``ranked`` (its sorted distinct values) as UInt32, null where
    null: a lookup of ``values`` alone, not a join carrying every column of the rows."""
    positions = pl.int_range(len(ranked), dtype=pl.UInt32, eager=True)
    return values.replace_strict(ranked, positions, default=None, return_dtype=pl.UInt32)


def _ranked(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """``values``' sorted distinct non-null values, and :func:`_ranks` among them: the
    strings hashed once, their distinct values found and looked up by the 64-bit hashes
    (half the CPU of a unique and a lookup on the strings, each hashing them). Should two
    values share a hash, or a null a value's, the strings decide after all."""
    hashes = _hashes(values)
    first = hashes.is_first_distinct() & values.is_not_null()
    distinct = pl.DataFrame({"h": hashes.filter(first), "v": values.filter(first)})
    distinct = distinct.sort("v", multithreaded=False)
    ranked = distinct["v"].alias(values.name)
    positions = pl.int_range(len(ranked), dtype=pl.UInt32, eager=True)
    ranks = hashes.replace_strict(distinct["h"], positions, default=None, return_dtype=pl.UInt32)
    if ranked.gather(ranks).ne_missing(values).any():  # a value found another's hash
        ranked = values.drop_nulls().unique().sort()
        return ranked, _ranks(values, ranked)
    return ranked, ranks.alias(values.name)


def _hashes(values: pl.Series) -> pl.Series:
    return values.hash(seed=0)


def _rank(field: str) -> str:
    """The column of an original's rank among its column's sorted distinct values."""
    return f"{PREFIX}rank_{field}"


@dataclass(frozen=True)
class _Distinct:
    """An original field's sorted distinct values (indexed by rank), with what the clash
    rounds compare them by: a name's normal form, an address's last number."""

    values: pl.Series
    normal: pl.Series | None
    numbers: npt.NDArray[np.uint64] | None

    @staticmethod
    def of(field: str, values: pl.Series) -> _Distinct:
        if field == "address":
            return _Distinct(values, None, last_numbers(values))
        return _Distinct(values, normalize_name(values), None)


def _avoided(field: str, distinct: _Distinct, rank: pl.Series) -> pl.Series | Avoided | Numbered:
    """Each entity's original of ``field`` (``rank``: its rank among the distinct originals,
    null where it has none): a first or last name as its normal form's index, an address
    with its last number (the fakes then need not find these again), anything else as
    written."""
    if field in ("first", "last") and distinct.normal is not None:
        return Avoided(distinct.normal, rank.cast(pl.Int64).fill_null(-1).to_numpy())
    values = distinct.values.gather(rank)
    if distinct.numbers is not None:
        known = rank.is_not_null().to_numpy()
        at = rank.cast(pl.Int64).fill_null(0).to_numpy()
        numbers = distinct.numbers[at] if len(distinct.numbers) else np.zeros(len(at), np.uint64)
        return Numbered(values, np.where(known, numbers, NO_NUMBER))
    return values


__all__: list[str] = []
