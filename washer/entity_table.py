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
import numpy.typing as npt
import polars as pl

from washer.entities import fake_fields
from washer.fakes.keyed import derive_seeds
from washer.fakes.names import normalize_name, same_names, shares_a_word
from washer.fullnames import clashing_full_names
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
    taken: pl.Series | None = None,
) -> EntityTable:
    """The entity's fakes by key hash (``ids``: the run's id tables by style, whose fakes
    give a person its birth date and gender); ``taken``: the run's original full names,
    normalised (:mod:`washer.fullnames`), which no fake full name may be."""
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
    fakes = _redraw_clashes(name, pairs, entities, fakes, originals, fields, female, avoid, taken)
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


# Rounds of redraws. A fake that equals an original of its own rows rarely needs more than
# one; a fake full name that is some original full name of the run (an eighth of the fakes
# of a run whose travellers' names come from Faker's lists, as the pools' do) may need
# several, but each round draws again only those that clash, so rounds shrink
# geometrically. The first _SAME_LOCALE rounds keep the fake's locale.
_REDRAWS = 64
_SAME_LOCALE = 2
_NAME_FIELDS = frozenset({"first", "last", "full", "email"})  # what a full name decides
_AT = "at"  # an entity's position in the sorted labels (and its seed's)


def _normal(column: str) -> str:
    """The column of an original's normal form (:func:`normalize_name`) in the clash pairs."""
    return f"{PREFIX}normal_{column}"


def _rank(field: str) -> str:
    """The column of an original's rank among its column's sorted distinct values."""
    return f"{PREFIX}rank_{field}"


def _redraw_clashes(
    name: EntityName,
    pairs: pl.DataFrame,
    entities: pl.DataFrame,
    fakes: pl.DataFrame,
    originals: list[tuple[str, str]],
    fields: frozenset[str],
    female: pl.Series | None,
    avoid: dict[str, pl.Series],
    taken: pl.Series | None,
) -> pl.DataFrame:
    """Fakes drawn again for entities whose fake name or address equals an original of *any*
    of their rows (``pairs``: entity position and the original columns of ``originals``;
    ``avoid`` holds only one original each, and an employer may have several contact
    persons): all their fakes from a fresh keyed seed. And for entities whose fake full name
    is or holds one of ``taken`` (the run's original full names in word form,
    :mod:`washer.fullnames`): names (and e-mail) from a fresh seed, in the locale of the
    first draw for the first rounds (a Norwegian fake stays Norwegian), then in any. The
    birth shift keeps its first seed, which the id tables have already used."""
    redrawn = fields - {"birth"}
    if not redrawn or (not originals and taken is None):
        return fakes
    named = redrawn & _NAME_FIELDS
    faked = list(dict.fromkeys(f for f, _ in originals))
    seeds = entities["seed"]
    todo = np.arange(fakes.height)  # the entities whose fakes may clash
    for attempt in range(1, _REDRAWS + 1):
        own = _own_clashes(pairs, fakes, faked, originals)
        same = todo[:0]
        if taken is not None and named:
            clashing = clashing_full_names(name, fakes[todo], taken)
            if clashing is not None:
                same = todo[clashing]
        clash = np.union1d(own, same)
        if len(clash) == 0:
            break
        # Only the redrawn entities' fakes change: no other entity can clash next time.
        pairs = pairs.filter(pl.col(_AT).is_in(pl.Series(clash).implode()))
        todo = clash
        renamed = np.setdiff1d(same, own)
        seeds = seeds.scatter(clash, derive_seeds(seeds.gather(clash), f"redraw/{attempt}"))
        for at, wanted in ((own, redrawn), (renamed, named)):
            if len(at) == 0:
                continue
            # The common names of a locale may all be taken: in the end, any locale.
            local = wanted is named and attempt <= _SAME_LOCALE
            fresh = fake_fields(
                name,
                seeds.gather(at),
                wanted,
                female.gather(at) if female is not None else None,
                {f: a.gather(at) for f, a in avoid.items()},
                locale_of=entities["seed"].gather(at) if local else None,
            )
            fakes = fakes.with_columns(
                fakes[c].scatter(at, fresh[c]) for c in fresh.columns if c in fakes.columns
            )
    return fakes


def _own_clashes(
    pairs: pl.DataFrame, fakes: pl.DataFrame, faked: list[str], originals: list[tuple[str, str]]
) -> npt.NDArray[np.int64]:
    """The positions (sorted) of the entities whose fake equals an original of their rows
    (for a name: shares a word with one)."""
    if not originals:
        return np.zeros(0, dtype=np.int64)
    current = fakes.select(faked).with_row_index(_AT)
    joined = pairs.join(current, on=_AT, how="inner")
    same = np.zeros(joined.height, dtype=np.bool_)
    for f, c in originals:
        normal = joined.get_column(_normal(c), default=None)
        if f in _NAME_FIELDS and normal is not None:
            # A fake person's name shows no word of an original (Olav for Per Olav).
            same |= shares_a_word(normalize_name(joined[f]), normal)
        else:
            same |= same_names(
                joined[f], joined[c], numbered=f == "address", b_normal=normal
            ).to_numpy()
    found: npt.NDArray[np.int64] = (
        joined[_AT].filter(pl.Series(same)).unique().sort().cast(pl.Int64).to_numpy()
    )
    return found


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
