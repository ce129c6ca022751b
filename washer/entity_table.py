"""One entity's fake table: its key values (hashed) -> entity -> fake fields.

The rows of an entity (person, employer) carry their key values and the entity each belongs
to (:class:`~washer.persons.EntityIndex`); this draws one set of fakes per entity from its
keyed seed (names, e-mail, address, birth data), draws again where a fake equals an original
of any of its rows, and keys the result by the rows' key hash, which the row pass joins on.
A person's birth date and gender come from its fake id where it has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from washer.entities import fake_fields
from washer.fakes.keyed import derive_seeds
from washer.fakes.names import normalize_name, same_names
from washer.persons import (
    PREFIX,
    EntityIndex,
    deciding_node,
    field_column,
    hash_column,
    node_column,
    node_columns,
)
from washer.plan import Plan
from washer.rules.model import EntityName, EntitySpec


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
    owners: pl.DataFrame | None = None,
) -> EntityTable:
    """The entity's fakes by key hash (``ids``: the run's id tables by style, whose fakes
    give a person its birth date and gender); ``owners`` (key hash, owner): names of the persons of
    its rows, which its fake full name must not be."""
    node = node_column(spec)
    # Entities by position in ``seeds`` (one per label of ``index.entities()``, in its sorted
    # order): the groupings and joins below then hash integers, not labels.
    at = seeds.select("entity").with_row_index(_AT)
    links = index.positions().select(pl.col("node").alias(node), pl.col("at").alias(_AT))
    rows = rows.with_columns(deciding_node(spec)).join(links, on=node, how="left")
    aggs: list[pl.Expr] = []
    if name == "person":
        rows, dated = _with_id_birth(plan, spec, rows, ids)
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
    # Each entity's own original of every faked field, so no fake equals its original.
    originals = _entity_originals(plan, name, rows)
    # An original's least value by its dense rank among the column's sorted distinct values:
    # the group-by then takes the least of integers, not strings.
    ranked = {f: rows[c].drop_nulls().unique().sort() for f, c in originals}
    for f, c in originals:
        rank = ranked[f].to_frame(c).with_row_index(_rank(f))
        rows = rows.join(rank, on=c, how="left", maintain_order="left")
    aggs += [pl.col(_rank(f)).min().alias(f"avoid_{f}") for f, _ in originals]
    entities = seeds
    if aggs:
        # The seeds come sorted by entity (EntityIndex.entities) and keep their order.
        found = rows.drop_nulls(_AT).group_by(_AT).agg(aggs)
        entities = pl.concat([at, seeds.drop("entity")], how="horizontal")
        entities = entities.join(found, on=_AT, how="left", maintain_order="left").drop(_AT)
    female = entities["female"] if "female" in entities.columns else None
    fields = plan.entity_fields.get(name, frozenset())
    avoid = {f: ranked[f].gather(entities[f"avoid_{f}"]) for f, _ in originals}
    fakes = fake_fields(name, entities["seed"], fields, female, avoid)
    # Distinct by rank (integers), then the original strings back from the ranks.
    pairs = rows.select(_AT, *[_rank(f) for f, _ in originals]).drop_nulls(_AT).unique()
    pairs = pairs.select(
        _AT,
        *[ranked[f].gather(pairs[_rank(f)]).alias(c) for f, c in originals],
        # Normalised once per distinct original: the clash rounds compare names with these
        # (an address is compared by its last digits first, and only a few are normalised).
        *[
            normalize_name(ranked[f]).gather(pairs[_rank(f)]).alias(_normal(c))
            for f, c in originals
            if f != "address"
        ],
    )
    compared = list(originals)
    if owners is not None and "full" in fakes.columns:
        found = rows.select(hash_column(spec), _AT).unique().join(owners, on=hash_column(spec))
        pairs = pl.concat(
            [pairs, found.select(_AT, pl.col("owner").alias(_OWNER))], how="diagonal_relaxed"
        )
        compared.append(("full", _OWNER))
    fakes = _redraw_own_clashes(name, pairs, entities, fakes, compared, fields, female, avoid)
    entities = entities.drop("seed", *[f"avoid_{f}" for f, _ in originals])
    table = pl.concat([entities, fakes], how="horizontal")
    keep = [c for c in table.columns if c not in ("entity", "female")]
    by_hash = rows.select(hash_column(spec), _AT).unique(hash_column(spec))
    table = table.with_row_index(_AT)
    nodes = by_hash.join(table, on=_AT, how="left").select(
        pl.col(hash_column(spec)),
        *[pl.col(c).alias(field_column(name, c)) for c in keep],
    )
    return EntityTable(spec, index, nodes)


_REDRAWS = 8
_OWNER = f"{PREFIX}owner"
_AT = "at"  # an entity's position in the sorted labels (and its seed's)


def _normal(column: str) -> str:
    """The column of an original's normal form (:func:`normalize_name`) in the clash pairs."""
    return f"{PREFIX}normal_{column}"


def _rank(field: str) -> str:
    """The column of an original's rank among its column's sorted distinct values."""
    return f"{PREFIX}rank_{field}"


def _redraw_own_clashes(
    name: EntityName,
    pairs: pl.DataFrame,
    entities: pl.DataFrame,
    fakes: pl.DataFrame,
    originals: list[tuple[str, str]],
    fields: frozenset[str],
    female: pl.Series | None,
    avoid: dict[str, pl.Series],
) -> pl.DataFrame:
    """Fakes drawn again (from a fresh keyed seed) for entities whose fake name or address
    equals an original of *any* of their rows (``pairs``: entity position and the original
    columns of ``originals``; ``avoid`` holds only one original each, and an employer may have
    several contact persons). The birth shift keeps its first seed, which
    the id tables have already used."""
    redrawn = fields - {"birth"}
    if not originals or not redrawn:
        return fakes
    faked = list(dict.fromkeys(f for f, _ in originals))
    for attempt in range(1, _REDRAWS + 1):
        current = fakes.select(faked).with_row_index(_AT)
        joined = pairs.join(current, on=_AT, how="inner")
        same = np.zeros(joined.height, dtype=np.bool_)
        for f, c in originals:
            normal = joined.get_column(_normal(c), default=None)
            same |= same_names(
                joined[f], joined[c], numbered=f == "address", b_normal=normal
            ).to_numpy()
        clash = joined[_AT].filter(pl.Series(same)).unique().sort().to_numpy()
        if len(clash) == 0:
            break
        # Only the redrawn entities' fakes change: no other entity can clash next time.
        pairs = pairs.filter(pl.col(_AT).is_in(pl.Series(clash).implode()))
        seeds = derive_seeds(entities["seed"].gather(clash), f"redraw/{attempt}")
        fresh = fake_fields(
            name,
            seeds,
            redrawn,
            female.gather(clash) if female is not None else None,
            {f: a.gather(clash) for f, a in avoid.items()},
        )
        fakes = fakes.with_columns(
            fakes[c].scatter(clash, fresh[c]) for c in fresh.columns if c in fakes.columns
        )
    return fakes


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


def _with_id_birth(
    plan: Plan, spec: EntitySpec, rows: pl.DataFrame, ids: Mapping[str, pl.DataFrame]
) -> tuple[pl.DataFrame, bool]:
    """Add each row's fake-id birth date and gender (first dated id wins)."""
    id_names, _, _ = node_columns(spec)
    births, females = [], []
    # style -> id node, birth, female: the gender is read from each fake once per style, not
    # once per row and id column.
    by_node: dict[str, pl.DataFrame] = {}
    # Only the id node columns are joined (not the whole rows frame), then added back.
    looked = rows.select(id_names)
    for column, node_name in zip(spec.ids, id_names, strict=True):
        style = plan.id_styles.get(column)
        if style is None or style not in ids:
            continue
        if style not in by_node:
            by_node[style] = ids[style].select(
                pl.concat_str([pl.lit("I:"), pl.col("norm")]).alias("node"),
                pl.col("fake_birth_date").alias("birth"),
                _female_from_fake(pl.col("fake"), pl.col("fake_birth_date")).alias("female"),
            )
        table = by_node[style].rename(
            {"node": node_name, "birth": f"{node_name}_birth", "female": f"{node_name}_female"}
        )
        looked = looked.join(table, on=node_name, how="left", maintain_order="left")
        births.append(pl.col(f"{node_name}_birth"))
        females.append(pl.col(f"{node_name}_female"))
    if not births:
        return rows, False
    found = looked.select(
        pl.coalesce(births).alias(f"{PREFIX}id_birth"),
        pl.coalesce(females).alias(f"{PREFIX}female"),
    )
    return rows.hstack(found), True


__all__ = ["EntityTable", "entity_table"]
