"""The run tables' fakes beside an input's rows: one left join per helper table.

Each input row looks up its entity's fakes (by the hash of its key values), each id column's
fake id, kind and fake birth date (by the id as written), and each value domain's fake (by
the value as written). In memory the joins run separately on their keys alone and are put
beside the rows; streamed, they are chained so that polars can run them batch by batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from washer._joins import (
    hashed_left_gather,
    hashed_positions,
    indexed_positions,
    table_index,
    value_hash,
)
from washer._kept import kept
from washer.plan import Plan
from washer.tables import Tables
from washer.tables.nodes import PREFIX, hash_column, key_hash


def id_column(column: str, part: str) -> str:
    """The helper column of an id column's fake (``part``: fake, kind or birth)."""
    return f"{PREFIX}id_{column}_{part}"


def value_column(column: str) -> str:
    """The helper column of a value column's fake (its value domain's table)."""
    return f"{PREFIX}v_{column}"


@dataclass(frozen=True)
class HelperJoin:
    """One helper join: the row's ``key`` (an input column, or an expression computed from
    the row) looked up in ``table`` by its ``right_on`` column."""

    key: pl.Expr
    on: str  # the key's name on the row side
    table: pl.LazyFrame
    right_on: str
    computed: bool  # the key is a helper column (kept), not an input column
    # The run table the join looks in, when other joins look in it too (their columns' values
    # are looked up together): "" for none.
    shared: str = ""
    # The run table ``table`` is drawn from (same rows, same ``right_on``): its keys are
    # indexed once per run (:func:`washer._joins.table_index`). None: ``table`` itself.
    source: pl.DataFrame | None = None


def one_chunk(table: pl.DataFrame) -> pl.DataFrame:
    """``table`` with each column in one chunk, made once per run table (kept while it lives).

    A run table built in pieces has columns of several chunks, and polars gathers from those
    (strings above all) several times slower: for every batch of rows it copies the whole
    table again (the person table's fakes: 0.19 -> 0.016 s CPU per 400,000 rows).
    """
    if all(column.n_chunks() == 1 for column in table.iter_columns()):
        return table
    return kept(table, "one chunk", table.rechunk)


def helper_joins(plan: Plan, tables: Tables, available: frozenset[str]) -> list[HelperJoin]:
    """Every helper join (entity fakes, id fakes, value fakes) of an input's rows."""
    found: list[HelperJoin] = []
    for table in tables.entities.values():
        spec = table.spec
        on = hash_column(spec)
        key = key_hash(spec, available)
        nodes = one_chunk(table.nodes)
        found.append(HelperJoin(key, on, nodes.lazy(), on, True, source=nodes))
    for column, style in plan.id_styles.items():
        if column not in available or style not in tables.raw_ids:
            continue
        raw = one_chunk(tables.raw_ids[style])
        ids = raw.lazy().select(
            pl.col("raw"),
            pl.col("fake").alias(id_column(column, "fake")),
            pl.col("kind").alias(id_column(column, "kind")),
            pl.col("fake_birth_date").alias(id_column(column, "birth")),
        )
        found.append(HelperJoin(pl.col(column), column, ids, "raw", False, f"ids {style}", raw))
    for domain_name, (_, domain_columns) in plan.domains.items():
        domain = one_chunk(tables.values[domain_name])
        for column in domain_columns:
            if column in available:
                fakes = domain.lazy().rename({"fake": value_column(column)})
                shared = f"values {domain_name}"
                join = HelperJoin(pl.col(column), column, fakes, "orig", False, shared, domain)
                found.append(join)
    return found


def large_tables_columns(joins: list[HelperJoin], size: int) -> frozenset[str]:
    """The helper columns the ``joins`` gather from run tables of ``size`` bytes or more."""
    found: set[str] = set()
    for join in joins:
        source = join.source if join.source is not None else join.table.collect()
        if source.estimated_size() >= size:
            found.update(join.table.collect_schema().names())
            found.discard(join.right_on)
    return frozenset(found)


def chained(joins: list[HelperJoin], lf: pl.LazyFrame) -> pl.LazyFrame:
    """The helper columns beside the rows, one join after another (streamable)."""
    for join in joins:
        if join.computed:
            lf = lf.with_columns(join.key)
        lf = lf.join(
            join.table, left_on=join.on, right_on=join.right_on, how="left", maintain_order="left"
        )
    return lf


def _string_join(rows: pl.DataFrame, join: HelperJoin) -> pl.LazyFrame:
    return (
        rows.lazy()
        # with_columns, not select: a key of literals alone (an input holding none of an
        # entity's columns) must still give one value per row.
        .with_columns(join.key.alias(join.on))
        .select(join.on)
        .join(
            join.table, left_on=join.on, right_on=join.right_on, how="left", maintain_order="left"
        )
        .select(pl.exclude(join.on) if not join.computed else pl.all())
    )


_AT = f"{PREFIX}beside_at"


def _computed_join(rows: pl.DataFrame, join: HelperJoin) -> pl.DataFrame:
    """:func:`_string_join` of a computed key (an entity's hash): the join finds each row's
    position in the table only, and the table's columns are gathered after (a join that
    carries them costs several times as much)."""
    keys = rows.lazy().with_columns(join.key.alias(join.on)).select(join.on)
    table = join.table.collect()
    computed = keys.collect()
    at = _indexed(join, table, computed[join.on])
    if at is not None:
        gathered = table.drop(join.right_on).select(pl.all().gather(at))
        return pl.concat([computed, gathered], how="horizontal")
    positions = table.lazy().select(pl.col(join.right_on).alias(join.on)).with_row_index(_AT)
    joined = computed.lazy().join(positions, on=join.on, how="left", maintain_order="left")
    found = joined.collect()
    if found.height != rows.height:  # a key twice in the table: the string join says what
        return _string_join(rows, join).collect()
    gathered = table.drop(join.right_on).select(pl.all().gather(found[_AT]))
    return pl.concat([found.drop(_AT), gathered], how="horizontal")


def _indexed(join: HelperJoin, table: pl.DataFrame, keys: pl.Series) -> pl.Series | None:
    """Each of ``keys``' row in the join's table (null where none), by the index of its run
    table's keys (built once per run; hashes for an input column's values, the keys
    themselves for a computed hash); None when there is no index or a hash matched another
    value (the caller joins)."""
    hashed = not join.computed
    source = join.source if join.source is not None else table
    if not hashed and keys.dtype != pl.UInt64:
        return None
    index = table_index(source, join.right_on, hashed=hashed)
    if index is None:
        return None
    return indexed_positions(keys, table[join.right_on], index, hashed=hashed)


def _hash_join(rows: pl.DataFrame, join: HelperJoin) -> pl.DataFrame:
    """:func:`_string_join` of an input column, on the value's hash (:mod:`washer._joins`);
    a clash falls back to the string join."""
    table = join.table.rename({join.right_on: join.on}).collect()
    joined = hashed_left_gather(rows.select(join.on), table, join.on)
    return joined if joined is not None else _string_join(rows, join).collect()


# Rows compared before all of them, to tell a run of the table's rows cheaply.
_PROBE = 16


def _run_start(join: HelperJoin, table: pl.DataFrame, keys: pl.Series) -> int | None:
    """Where ``keys`` (no null among them) stand in the join's table as a run of its rows in
    order (``keys[i]`` its row ``start + i``), found by the first key and proved by comparing
    them all; None when they are not (or there is no index).

    A value domain whose values are each a row's own (trip codes) lists them in the order of
    the rows, so each batch's keys are one run of its rows: they need not be looked up one by
    one (nor their fakes gathered: they are a slice of the table).
    """
    right = table[join.right_on]
    if join.computed or keys.null_count() or not len(keys) or right.dtype != keys.dtype:
        return None
    index = table_index(
        join.source if join.source is not None else table, join.right_on, hashed=True
    )
    if index is None:
        return None
    first = keys.head(1).to_frame().select(value_hash(pl.first())).to_series().to_numpy()
    start = int(index.find(first.astype(np.uint64), np.ones(1, dtype=np.bool_))[0])
    if start < 0 or start + len(keys) > len(right):
        return None
    for size in (min(_PROBE, len(keys)), len(keys)):
        # a null in the table's keys is no match (ignore_nulls would call it one)
        if (right.slice(start, size) == keys.head(size)).all(ignore_nulls=False) is not True:
            return None
    return start


def _shared_hash_joins(rows: pl.DataFrame, joins: list[HelperJoin]) -> list[pl.DataFrame]:
    """:func:`_hash_join` of several input columns looking in one table: their values are
    found in it together (the table is hashed once, not once per column)."""
    tables = [j.table.collect() for j in joins]
    keys = pl.concat([rows[j.on].alias(j.right_on) for j in joins])
    start = _run_start(joins[0], tables[0], keys)
    if start is not None:
        return [
            table.drop(join.right_on).slice(start + i * rows.height, rows.height)
            for i, (join, table) in enumerate(zip(joins, tables, strict=True))
        ]
    at = _indexed(joins[0], tables[0], keys)
    if at is None:
        at = hashed_positions(keys, tables[0][joins[0].right_on])
    if at is None:
        return [_hash_join(rows, j) for j in joins]
    return [
        table.drop(join.right_on).select(pl.all().gather(at.slice(i * rows.height, rows.height)))
        for i, (join, table) in enumerate(zip(joins, tables, strict=True))
    ]


def beside(joins: list[HelperJoin], rows: pl.DataFrame) -> pl.DataFrame:
    """The helper columns beside ``rows``, each join on its key alone.

    Chained joins copy every column gathered so far at every join; separate narrow joins
    each gather only their own columns. Joins on an input column's value go by the value's
    hash, proved after; a clash falls back to the string join. Each run table's keys are
    indexed once per run (:func:`washer._joins.table_index`) and every batch is looked up in
    the index: a polars join hashed the table again per batch (beside 0.55-0.64 -> 0.31-0.33
    s CPU per 400,000 rows on two threads, 0.39-0.43 -> 0.30-0.34 on one; the indexes cost
    about 0.3 s and 53 MB once per run on the 1M file). The joins run one after
    another: run together (collect_all) they cost more CPU (per 400,000 rows 0.56 against
    0.31 s single-threaded, 0.59 against 0.54 s with two threads).
    """
    helpers: dict[int, pl.DataFrame] = {}
    shared: dict[str, list[int]] = {}
    for i, join in enumerate(joins):
        if join.computed:
            helpers[i] = _computed_join(rows, join)
        elif join.shared:
            shared.setdefault(join.shared, []).append(i)
        else:
            helpers[i] = _hash_join(rows, join)
    for group in shared.values():
        found = _shared_hash_joins(rows, [joins[i] for i in group])
        helpers.update(zip(group, found, strict=True))
    return pl.concat([rows, *(helpers[i] for i in range(len(joins)))], how="horizontal")


__all__ = [
    "HelperJoin",
    "beside",
    "chained",
    "helper_joins",
    "id_column",
    "large_tables_columns",
    "value_column",
]
