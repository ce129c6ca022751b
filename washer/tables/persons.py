"""Who a row is about: the index that links rows to entities.

A person is recognised by the first present of their ids, else by normalised name + birth
date, else by a contact (the nodes of :mod:`washer.tables.nodes`). Rows that share any id
belong to the same person even when another id differs (a passport in one file, the same
D-number in both). A name has two keys, its ASCII skeleton and its folded spelling (see
:mod:`washer.tables.namekeys`): rows without ids sharing either key are one person, and join
the person whose rows with ids carry that key, when that is one person. Employers work the
same way with the organisation number and the employer's name.

Entities are labelled by the smallest node of their connected component: deterministic, and
the same for every file of one run. Labels contain originals and never leave the process; the
pipeline turns them into keyed seeds.

:func:`build_index` links the distinct node combinations of the rows (from
:func:`washer.tables.nodes.with_row_nodes`) into entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from washer import _joins  # as a module: _joins imports washer.tables (its PREFIX)
from washer.rules.model import EntitySpec
from washer.tables.nodes import entity_column, folded_column, node_column, node_columns

_HASH = "hash"  # a label's 64-bit hash, while the links are sorted by it
_ROW = "row"  # a link's row, while the links are sorted


@dataclass(frozen=True)
class EntityIndex:
    """Node -> entity label, for every node seen in a run."""

    spec: EntitySpec
    links: pl.DataFrame  # node: str, entity: str
    # The first ``id_count`` links are the id nodes, sorted; ``id_cells``: per id node
    # column, each row's id as a position among them (null for none). The id tables come in
    # the same order, so they find their ids' entities by position, not by a join.
    id_count: int = field(default=0, compare=False)
    id_cells: dict[str, pl.Series] = field(default_factory=dict, repr=False, compare=False)
    _entities: pl.Series | None = field(default=None, init=False, repr=False, compare=False)
    _positions: pl.DataFrame | None = field(default=None, init=False, repr=False, compare=False)
    _id_at: pl.Series | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def count(self) -> int:
        return len(self.entities())

    def entities(self) -> pl.Series:
        """The entity labels, each once, in the order of their hashes (computed once: a run
        asks for them and their count)."""
        if self._entities is None:
            self._sort()
        assert self._entities is not None
        return self._entities

    def positions(self) -> pl.DataFrame:
        """Every node with its entity's position in :meth:`entities` (``node``, ``at``:
        UInt32), in no particular order."""
        if self._positions is None:
            self._sort()
        assert self._positions is not None
        return self._positions

    def id_positions(self, nodes: pl.Series) -> pl.Series | None:
        """The entity positions of ``nodes`` (as :meth:`positions_of`) when they are the
        index's id nodes in sorted order, as an id table's are (one string compare); else
        None."""
        if not self.id_count or nodes.len() != self.id_count:
            return None
        if not nodes.equals(self.links["node"].head(self.id_count), check_names=False):
            return None
        if self._id_at is None:
            self._sort()
        assert self._id_at is not None
        return self._id_at

    def positions_of(self, nodes: pl.Series) -> pl.Series:
        """Each of ``nodes``' entity position in :meth:`entities` (UInt32, in the order of
        ``nodes``; null for a node not indexed, or null): what a left join of the nodes on
        :meth:`positions` gives, found on the nodes' 64-bit hashes (a third less CPU than a
        join on the strings; :func:`washer._joins.hashed_positions` proves each match and
        the strings are joined after all when a hash matched another node)."""
        positions = self.positions()
        at = _joins.hashed_positions(nodes, positions["node"])
        if at is None:
            found = nodes.to_frame("node").join(
                positions, on="node", how="left", maintain_order="left"
            )
            return found["at"]
        return positions["at"].gather(at)

    def _sort(self) -> None:
        # The entities in the order of their labels' 64-bit hashes: a sort of integers
        # (carrying the two string columns) costs a quarter of sorting the labels as
        # strings. Each entity's fakes depend on its label only (its keyed seed), not on
        # its position, so any order of the entities gives the same table. Two labels of
        # one hash (never seen) are sorted as strings after all.
        hashed = _joins.value_hash(pl.col("entity")).alias(_HASH)
        links = self.links.with_row_index(_ROW)
        ordered = links.with_columns(hashed).sort(_HASH, multithreaded=False)
        hashes, entity = ordered[_HASH], ordered["entity"]
        starts = hashes.ne_missing(hashes.shift(1))
        if (entity.ne_missing(entity.shift(1)) & ~starts).any():
            ordered = links.sort("entity", "node", multithreaded=False)
            entity = ordered["entity"]
            starts = entity.ne_missing(entity.shift(1))
        at = (starts.cum_sum() - 1).cast(pl.UInt32).alias("at")
        # Each id node's position, in the links' (sorted) order of the id nodes.
        by_link = np.empty(self.links.height, dtype=np.uint32)
        by_link[ordered[_ROW].to_numpy()] = at.to_numpy()
        object.__setattr__(self, "_id_at", pl.Series("at", by_link[: self.id_count]))
        object.__setattr__(self, "_entities", entity.filter(starts))
        object.__setattr__(self, "_positions", ordered.select("node").with_columns(at))

    def label(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """Add the entity column to a frame holding the deciding node column."""
        node = node_column(self.spec)
        links = self.links.lazy().rename({"node": node, "entity": entity_column(self.spec)})
        return frame.join(links, on=node, how="left", maintain_order="left")


def _components(nodes: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """Label every node by the smallest node of its connected component.

    Only nodes on an edge need work (most people have one id); the rest label themselves.
    The linked nodes are numbered in sorted order, so a component's smallest node is its
    smallest number: :func:`_least_linked` finds it in numpy, not in rounds of joins.
    ``edges``: pairs of nodes (``a``, ``b``), none null.
    """
    if edges.height == 0:
        return nodes.select(pl.col("node"), pl.col("node").alias("entity"))
    linked = pl.concat([edges["a"], edges["b"]]).unique().sort(multithreaded=False)
    a = linked.search_sorted(edges["a"]).cast(pl.Int64).to_numpy()
    b = linked.search_sorted(edges["b"]).cast(pl.Int64).to_numpy()
    least = _least_linked(a, b, len(linked))
    labels = pl.DataFrame({"node": linked, "entity": linked.gather(least)})
    alone = nodes.join(labels, on="node", how="anti")
    return pl.concat([labels, alone.select("node", pl.col("node").alias("entity"))])


def _least_linked(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], count: int
) -> npt.NDArray[np.int64]:
    """Per node ``0 .. count - 1``: the least node of its connected component (edges
    ``a[i]`` -- ``b[i]``). Labels spread along the edges and by pointer jumping until
    nothing changes; every label is a node of the component, and no more than the node."""
    label = np.arange(count, dtype=np.int64)
    for _ in range(count + 1):
        low = np.minimum(label[a], label[b])
        spread = label.copy()
        np.minimum.at(spread, a, low)
        np.minimum.at(spread, b, low)
        spread = spread[spread]
        if np.array_equal(spread, label):
            return label
        label = spread
    raise RuntimeError("entity linking did not converge")  # pragma: no cover


def _sorted_ids(columns: list[pl.Series]) -> tuple[pl.Series, list[pl.Series]]:
    """The distinct values of ``columns`` (no null), sorted, and each column's values as
    positions among them (UInt32, null for null): one sort, which also gives the id nodes'
    edges as numbers and the id tables their rows' ids."""
    cells = pl.concat(columns, rechunk=True)
    ordered = _node_order(cells.to_frame("node").with_row_index("cell").drop_nulls("node"))
    nodes = ordered["node"]
    starts = nodes.ne_missing(nodes.shift(1))
    at = (starts.cum_sum() - 1).cast(pl.UInt32)
    found = pl.repeat(None, len(cells), dtype=pl.UInt32, eager=True).scatter(ordered["cell"], at)
    height = columns[0].len()
    parts = [found.slice(k * height, height).alias(c.name) for k, c in enumerate(columns)]
    return nodes.filter(starts), parts


_ELEVEN = r"^I:[0-9]{11}$"  # an id node of 11 ASCII digits (nearly all)


def _node_order(cells: pl.DataFrame) -> pl.DataFrame:
    """``cells`` (``node``: id nodes, no null) sorted by node. Nodes of 11 digits sort as
    their numbers do, which costs a fifth of sorting the strings; the others (few) are
    sorted as strings and merged in."""
    eleven = cells["node"].str.contains(_ELEVEN)
    number = pl.col("node").str.slice(2).cast(pl.Int64, strict=False)
    numbers = cells.filter(eleven).sort(number, multithreaded=False)
    if bool(eleven.all()):
        return numbers
    others = cells.filter(~eleven).sort("node", multithreaded=False)
    return numbers.merge_sorted(others, key="node")


def _id_components(nodes: pl.Series, at: list[pl.Series]) -> pl.DataFrame:
    """:func:`_components` of the sorted id ``nodes``, linked by each row's first id to its
    others (``at``: each id column's values as positions in ``nodes``): a component's least
    node is its least position."""
    first = pl.select(pl.coalesce(at)).to_series()
    pairs = pl.concat(
        [pl.DataFrame({"a": first, "b": b}) for b in at[1:]]
        or [pl.DataFrame(schema={"a": pl.UInt32, "b": pl.UInt32})]
    ).filter(pl.col("b").is_not_null() & (pl.col("a") != pl.col("b")))
    a = pairs["a"].cast(pl.Int64).to_numpy()
    b = pairs["b"].cast(pl.Int64).to_numpy()
    least = _least_linked(a, b, len(nodes))
    return pl.DataFrame({"node": nodes, "entity": nodes.gather(least)})


def _carriers(rows: pl.DataFrame, key: str) -> pl.DataFrame:
    """Every (``key`` as node, entity) of ``rows`` (rows with valid ids)."""
    return (
        rows.filter(pl.col(key).is_not_null()).select(pl.col(key).alias("node"), "entity").unique()
    )


def _owned(carriers: pl.DataFrame) -> pl.DataFrame:
    """The nodes of ``carriers`` that belong to exactly one entity."""
    return (
        carriers.group_by("node")
        .agg(pl.col("entity").n_unique().alias("n"), pl.col("entity").min())
        .filter(pl.col("n") == 1)
        .select("node", "entity")
    )


def _name_links(
    name_only: pl.DataFrame, by_name: pl.DataFrame, by_fold: pl.DataFrame
) -> pl.DataFrame:
    """Name key -> entity for the rows without ids (``name_only``: their distinct ``nk``, ``fk``).

    Name keys of rows sharing a folded key are one person: they join the entity with ids
    whose rows carry any of their keys (``by_name``, ``by_fold``: :func:`_carriers`) when that
    is one entity, else take the smallest name key as label (the label each had alone). Where
    their keys lead to several entities, each name key keeps the link it has alone (its own
    entity, if only one carries it) or stays alone.
    """
    keys = name_only.select(pl.col("nk").alias("node")).unique()
    hubs = name_only.drop_nulls("fk").group_by("fk").agg(pl.col("nk").min().alias("b"))
    edges = (
        name_only.join(hubs, on="fk")
        .select(pl.col("nk").alias("a"), "b")
        .filter(pl.col("a") != pl.col("b"))
        .unique()
    )
    persons = _components(keys, edges).rename({"node": "nk", "entity": "person"})
    found = (
        pl.concat(
            [
                name_only.join(by_name.rename({"node": "nk"}), on="nk").select("nk", "entity"),
                name_only.join(by_fold.rename({"node": "fk"}), on="fk").select("nk", "entity"),
            ]
        )
        .join(persons, on="nk")
        .group_by("person")
        .agg(pl.col("entity").n_unique().alias("n"), pl.col("entity").min().alias("to"))
    )
    own = _owned(by_name).rename({"node": "nk", "entity": "own"})
    return (
        persons.join(found, on="person", how="left")
        .join(own, on="nk", how="left")
        .select(
            pl.col("nk").alias("node"),
            pl.when(pl.col("n") == 1)
            .then("to")
            .when(pl.col("n").is_null())
            .then("person")
            .otherwise(pl.coalesce("own", "nk"))
            .alias("entity"),
        )
    )


def build_index(
    spec: EntitySpec, nodes: pl.DataFrame, weak: pl.Series | None = None
) -> EntityIndex:
    """Link the node combinations of a run (columns from
    :func:`washer.tables.nodes.row_nodes`; repeats allowed).

    ``weak`` id nodes (ids that are not valid numbers: typos) identify an entity only by
    themselves; when every row of such an entity carries a name key (either key) that belongs
    to exactly one entity with valid ids, it joins that entity (a mistyped number of a known
    person).
    """
    id_names, nk_name, contact_names = node_columns(spec)
    fk_name = folded_column(spec)
    first_id = pl.coalesce(id_names) if id_names else pl.lit(None, dtype=pl.String)
    frame = nodes.with_columns(first_id.alias("first"))

    id_links = pl.DataFrame(schema={"node": pl.String, "entity": pl.String})
    cells: dict[str, pl.Series] = {}
    if id_names:
        all_ids, at = _sorted_ids([frame[n] for n in id_names])
        cells = dict(zip(id_names, at, strict=True))
        id_links = _id_components(all_ids, at)

    weak_entities = pl.Series("entity", [], dtype=pl.String)
    if weak is not None and weak.len():
        # Only entities with a weak node can have nothing else (weak ids are few).
        maybe = id_links.filter(pl.col("node").is_in(weak.implode()))["entity"]
        weak_entities = (
            id_links.filter(pl.col("entity").is_in(maybe.implode()))
            .group_by("entity")
            .agg(pl.col("node").is_in(weak.implode()).all().alias("weak"))
            .filter("weak")["entity"]
        )
    with_id = frame.filter(pl.col("first").is_not_null())
    weak_rows = with_id.join(
        id_links.filter(pl.col("entity").is_in(weak_entities.implode())),
        left_on="first",
        right_on="node",
    )
    name_only = frame.filter(pl.col("first").is_null() & pl.col(nk_name).is_not_null())
    # Only the name keys of rows that may join an entity by name (rows without ids, rows of
    # a mistyped id) are looked up: the carriers of other keys (nearly all) are never asked,
    # nor linked to their entity.
    asked = pl.concat([name_only.select(nk_name, fk_name), weak_rows.select(nk_name, fk_name)])
    strong_rows = (
        with_id.filter(
            pl.col(nk_name).is_in(asked[nk_name].drop_nulls().implode())
            | pl.col(fk_name).is_in(asked[fk_name].drop_nulls().implode())
        )
        .join(id_links, left_on="first", right_on="node")
        .filter(~pl.col("entity").is_in(weak_entities.implode()))
    )
    by_name, by_fold = _carriers(strong_rows, nk_name), _carriers(strong_rows, fk_name)
    # A name key belongs to an entity when all rows with valid ids carrying it agree.
    named, named_folded = _owned(by_name), _owned(by_fold)
    if weak_entities.len():
        moved = (
            weak_rows.join(named.rename({"node": nk_name, "entity": "own"}), on=nk_name, how="left")
            .join(named_folded.rename({"node": fk_name, "entity": "fold"}), on=fk_name, how="left")
            .with_columns(pl.coalesce("own", "fold").alias("to"))
            .group_by("entity")
            .agg(
                pl.col("to").null_count().alias("unknown"),
                pl.col("to").n_unique().alias("n"),
                pl.col("to").min(),
            )
            .filter((pl.col("unknown") == 0) & (pl.col("n") == 1))
            .select("entity", "to")
        )
        # In the id nodes' order, which the id tables find them by.
        id_links = id_links.join(moved, on="entity", how="left", maintain_order="left").select(
            "node", pl.coalesce("to", "entity").alias("entity")
        )

    name_links = _name_links(
        name_only.select(pl.col(nk_name).alias("nk"), pl.col(fk_name).alias("fk")).unique(),
        by_name,
        by_fold,
    )
    contact_only = frame.filter(pl.col("first").is_null() & pl.col(nk_name).is_null())
    contact_links = (
        contact_only.select(
            pl.coalesce(contact_names).alias("node")
            if contact_names
            else pl.lit(None, dtype=pl.String).alias("node")
        )
        .drop_nulls()
        .unique()
        .select("node", pl.col("node").alias("entity"))
    )
    # The three kinds of node never share a node (prefixes I:, N:, C:); the links are only
    # joined on, so their order does not matter.
    links = pl.concat([id_links, name_links, contact_links])
    return EntityIndex(spec, links, id_links.height, cells)


__all__ = ["EntityIndex", "build_index"]
