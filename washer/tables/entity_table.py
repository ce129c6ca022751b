"""One entity's fake table: its key values (hashed) -> entity -> fake fields.

The rows of an entity (person, employer) carry their key values and the entity each belongs
to (:class:`~washer.tables.persons.EntityIndex`); this draws one set of fakes per entity from its
keyed seed (names, e-mail, address, birth data), draws again where a fake equals an original
of any of its rows, and keys the result by the rows' key hash, which the row pass joins on.
A person's birth date and gender come from its fake id where it has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from washer.fakes.addresses import ADDRESS_NUMBER
from washer.fakes.names import POOL_AT
from washer.fullnames import WORDS
from washer.plan import Plan
from washer.rules.model import EntityName, EntitySpec
from washer.tables.entities import fake_fields
from washer.tables.entity_clashes import _AT, _redraw_clashes
from washer.tables.entity_originals import (
    _avoided,
    _Distinct,
    _entity_originals,
    _rank,
    _ranked,
)
from washer.tables.idtables import PLACEHOLDER
from washer.tables.nodes import (
    PREFIX,
    deciding_node,
    field_column,
    hash_column,
    node_columns,
)
from washer.tables.persons import EntityIndex


@dataclass
class EntityTable:
    """Raw key values (hashed) -> entity -> fake fields, for one kind of entity."""

    spec: EntitySpec
    index: EntityIndex
    nodes: pl.DataFrame  # key hash column + fields prefixed __washer_<entity>_f_<field>


def _female_from_fake(fake: pl.Expr, birth: pl.Expr) -> pl.Expr:
    """Even 9th digit = female, for fakes that encode a date (fnr, D, H, synthetic)."""
    return pl.when(birth.is_not_null()).then(fake.str.slice(8, 1).cast(pl.Int8) % 2 == 0)


def entity_table(
    plan: Plan,
    name: EntityName,
    spec: EntitySpec,
    rows: pl.DataFrame,
    index: EntityIndex,
    seeds: pl.DataFrame,
    ids: Mapping[str, pl.DataFrame],
    taken: pl.Series | None = None,
    id_entities: Mapping[str, pl.Series] | None = None,
) -> EntityTable:
    """The entity's fakes by key hash (``ids``: the run's id tables by style, whose fakes
    give a person its birth date and gender); ``taken``: the run's original full names,
    normalised (:mod:`washer.fullnames`), which no fake full name may be; ``id_entities``:
    by style, each id table row's entity position in ``index`` (null for none), which then
    gives the rows whose first id it is their entity without a second lookup."""
    # Each entity's own original of every faked field, so no fake equals its original.
    originals = _entity_originals(plan, name, rows)
    # Only the columns read below are kept. Each row's entity comes from its deciding node
    # alone: a join carrying the rows' columns copies them all.
    id_names, _, _ = node_columns(spec)
    birth = [f"{PREFIX}birth"] if name == "person" and spec.birth_date else []
    kept = [hash_column(spec), *id_names, *dict.fromkeys(c for _, c in originals), *birth]
    # Entities by position in ``seeds`` (one per label of ``index.entities()``, in its
    # order): the groupings and joins below then hash integers, not labels.
    deciding = rows.select(deciding_node(spec)).to_series()
    rows = rows.select(kept)
    aggs: list[pl.Expr] = []
    by_id: pl.Series | None = None
    if name == "person":
        rows, dated, by_id = _with_id_birth(plan, spec, rows, ids, id_entities or {}, index)
        aggs += (
            [
                pl.col(f"{PREFIX}female").min().alias("female"),
                pl.col(f"{PREFIX}id_birth").min().alias("birth_id"),
            ]
            if dated
            else []
        )
        if spec.birth_date:
            aggs.append(pl.col(f"{PREFIX}birth").min().alias("birth_base"))
    rows = rows.drop(id_names).with_columns(_positions(index, deciding, by_id).alias(_AT))
    # An original's least value by its dense rank among the column's sorted distinct values:
    # the group-by then takes the least of integers, not strings.
    by_rank = {f: _ranked(rows[c]) for f, c in originals}
    ranked = {f: values for f, (values, _) in by_rank.items()}
    rows = rows.hstack([ranks.alias(_rank(f)) for f, (_, ranks) in by_rank.items()])
    aggs += [pl.col(_rank(f)).min().alias(f"avoid_{f}") for f, _ in originals]
    entities = seeds
    if aggs:
        # The seeds come in the entities' order (EntityIndex.entities) and keep it.
        # Lazily: only the columns the aggregations read are filtered, not every row column.
        found = rows.lazy().drop_nulls(_AT).group_by(_AT).agg(aggs).collect()
        entities = seeds.hstack(_by_position(found, seeds.height))
    female = entities["female"] if "female" in entities.columns else None
    fields = plan.entity_fields.get(name, frozenset())
    # What the fakes and the clash rounds compare the originals by (a name's normal form, an
    # address's last number), once per distinct original.
    distinct = {f: _Distinct.of(f, ranked[f]) for f, _ in originals}
    avoid = {f: _avoided(f, distinct[f], entities[f"avoid_{f}"]) for f, _ in originals}
    # With the names in word form where the clash rounds compare full names made of them.
    words = taken is not None and (name == "person" or "full" not in fields)
    # A person's addresses with their house numbers, as the clash rounds compare them.
    numbers = name == "person"
    fakes = fake_fields(name, entities["seed"], fields, female, avoid, words=words, numbers=numbers)
    # Each entity's originals, by rank (integers): the clash rounds look up what they compare
    # them by in the distinct originals (_Distinct), computed once. Not made distinct: the
    # rows are distinct key values, whose originals nearly all differ (a repeat costs one
    # more check, a unique() of them all more than that).
    pairs = rows.select(_AT, *[_rank(f) for f, _ in originals]).drop_nulls(_AT)
    fakes = _redraw_clashes(
        name, pairs, entities, fakes, distinct, fields, female, avoid, taken, words, numbers
    )
    fakes = fakes.drop(*WORDS.values(), *POOL_AT.values(), ADDRESS_NUMBER, strict=False)
    entities = entities.drop("seed", *[f"avoid_{f}" for f in distinct])
    table = pl.concat([entities, fakes], how="horizontal")
    keep = [c for c in table.columns if c not in ("entity", "female")]
    # A key hash's rows are one entity's (equal key values): its first row gives it (a
    # filter on the first of each hash, not a unique of them).
    by_hash = rows.select(hash_column(spec), _AT).filter(
        pl.col(hash_column(spec)).is_first_distinct()
    )
    # Each key hash's entity by position (a gather, not a join on it); null for none.
    fields_of = table.select(pl.col(c).alias(field_column(name, c)) for c in keep)
    nodes = by_hash.select(hash_column(spec)).hstack(fields_of[by_hash[_AT]])
    return EntityTable(spec, index, nodes)


def _positions(index: EntityIndex, deciding: pl.Series, found: pl.Series | None) -> pl.Series:
    """Each row's entity position (``deciding``: its deciding node): as ``found`` gives it
    (by the row's first id, in the id tables), else looked up in ``index``."""
    if found is None:
        return index.positions_of(deciding)
    missing = (found.is_null() & deciding.is_not_null()).arg_true()
    if not len(missing):
        return found
    return found.scatter(missing, index.positions_of(deciding.gather(missing)))


def _by_position(found: pl.DataFrame, height: int) -> list[pl.Series]:
    """The columns of ``found`` (one row per entity position ``at``, unique) laid out by
    position over ``height`` entities, null where ``found`` has none: what a left join of
    the positions on ``at`` gives, by scatter."""
    at = found[_AT]
    return [
        pl.repeat(None, height, dtype=found.schema[c], eager=True).alias(c).scatter(at, found[c])
        for c in found.columns
        if c != _AT
    ]


def _with_id_birth(
    plan: Plan,
    spec: EntitySpec,
    rows: pl.DataFrame,
    ids: Mapping[str, pl.DataFrame],
    id_entities: Mapping[str, pl.Series],
    index: EntityIndex | None = None,
) -> tuple[pl.DataFrame, bool, pl.Series | None]:
    """Add each row's fake-id birth date and gender (first dated id wins); and each row's
    entity position where ``id_entities`` gives its first id's (else null; None when no id
    column is looked up). ``index``: the rows' index, whose id positions of the rows
    (:attr:`EntityIndex.id_cells`) find a row's id table row by position when the table
    holds the index's id nodes in their order."""
    id_names, _, _ = node_columns(spec)
    # style -> id node, birth, female (dated ids only: an undated one decides nothing): the
    # gender is read from each fake once per style, not once per row and id column.
    by_node: dict[str, pl.DataFrame] = {}
    # style -> (row, id column number, node) of the rows' ids: one join per style, not one
    # per id column.
    looked: dict[str, list[pl.DataFrame]] = {}
    # style -> the same, found by position already (no join on the nodes).
    gathered: dict[str, list[pl.DataFrame]] = {}
    aligned: dict[str, bool] = {}
    numbered = pl.DataFrame({_ROW: pl.int_range(rows.height, dtype=pl.UInt32, eager=True)})
    for k, (column, node_name) in enumerate(zip(spec.ids, id_names, strict=True)):
        style = plan.id_styles.get(column)
        if style is None or style not in ids:
            continue
        if style not in by_node:
            table = ids[style]
            entity = id_entities.get(style)
            if entity is None:
                entity = pl.repeat(None, table.height, dtype=pl.UInt32, eager=True)
            every = table.select(
                pl.concat_str([pl.lit("I:"), pl.col("norm")]).alias("node"),
                pl.col("fake_birth_date").alias("birth"),
                _female_from_fake(pl.col("fake"), pl.col("fake_birth_date")).alias("female"),
            ).with_columns(entity.cast(pl.UInt32).alias(_AT))
            # A placeholder has no birth, gender nor entity, and is no node of the index.
            held = table["kind"] == PLACEHOLDER
            if held.any():
                every = every.filter(~held)
            aligned[style] = _aligned(index, every["node"])
            by_node[style] = every.filter(_known) if not aligned[style] else every
        cell = index.id_cells.get(node_name) if index is not None else None
        if aligned[style] and cell is not None:
            # The row's id table row is its id's position among the index's id nodes.
            at = numbered.with_columns(pl.lit(k, dtype=pl.UInt32).alias("k"), cell.alias(_CELL))
            at = at.drop_nulls(_CELL)
            part = at.drop(_CELL).hstack(by_node[style].drop("node")[at[_CELL]].get_columns())
            gathered.setdefault(style, []).append(part.filter(_known))
            continue
        of_column = numbered.with_columns(pl.lit(k, dtype=pl.UInt32).alias("k"), rows[node_name])
        looked.setdefault(style, []).append(
            of_column.drop_nulls(node_name).rename({node_name: "node"})
        )
    if not by_node:
        return rows, False, None
    # In no order: a row is found at most once per id column, and _first_per_row takes
    # the columns one by one (neither keeping the rows' order nor sorting by column pays).
    found = pl.concat(
        [
            *[
                pl.concat(parts).join(by_node[style].filter(_known), on="node").drop("node")
                for style, parts in looked.items()
            ],
            *[part for parts in gathered.values() for part in parts],
        ]
    )
    dated = rows.hstack(
        [
            _first_per_row(found, "birth", rows.height).alias(f"{PREFIX}id_birth"),
            _first_per_row(found, "female", rows.height).alias(f"{PREFIX}female"),
        ]
    )
    # A row's entity is its deciding node's: its first id's (of every id column).
    first = pl.select(
        pl.coalesce(
            pl.when(rows[n].is_not_null()).then(pl.lit(k, dtype=pl.UInt32))
            for k, n in enumerate(id_names)
        )
    ).to_series()
    deciding = found.filter(pl.col("k") == first.gather(found[_ROW]))
    return dated, True, _first_per_row(deciding, _AT, rows.height)


_ROW = "row"  # a row's position in the rows of an entity table
_CELL = "cell"  # a row's id as a position among the index's id nodes
# An id table row that dates or places a row's entity (else it decides nothing).
_known = pl.all_horizontal(pl.col("birth", "female", _AT).is_null()).not_()


def _aligned(index: EntityIndex | None, nodes: pl.Series) -> bool:
    """Whether ``nodes`` (an id table's, placeholders left out) are ``index``'s id nodes
    in their order (:meth:`EntityIndex.id_positions`)."""
    return index is not None and index.id_positions(nodes) is not None


def _first_per_row(found: pl.DataFrame, column: str, height: int) -> pl.Series:
    """Per row (of ``height``): the first non-null ``column`` of its entries in ``found``
    (``row``, ``k``: the id column; in any order, a row at most once per id column), null
    where it has none: what a coalesce of the id columns' values gives."""
    out = pl.repeat(None, height, dtype=found.schema[column], eager=True)
    known = found.filter(pl.col(column).is_not_null())
    # The last id column first: an earlier one's value then overwrites it.
    for k in reversed(known["k"].unique().sort().to_list()):
        part = known.filter(pl.col("k") == k)
        out = out.scatter(part[_ROW], part[column])
    return out


__all__ = ["EntityTable", "entity_table"]
