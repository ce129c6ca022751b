"""Who a row is about: person and employer keys, and the index that links rows to entities.

A person is recognised by the first present of ``p_unique_id``, ``p_dnr``, ``p_fh_number``
(values compared without spaces, dots and dashes), else by normalised name + birth date, else
by a contact (e-mail, phone). Rows that share any id belong to the same person even when
another id differs (a passport in one file, the same D-number in both). A row without ids
joins the person whose rows with ids carry the same name + birth date, when that is one person.
Employers work the same way with the organisation number and the employer's name.

Entities are labelled by the smallest node of their connected component: deterministic, and
the same for every file of one run. Labels contain originals and never leave the process; the
pipeline turns them into keyed seeds.

:func:`row_nodes` gives the expressions that compute a row's nodes (used both when the index
is built from a scan of only these columns, and in the row pass); :func:`build_index` links
the distinct node combinations into entities.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from washer._columns import empty_as_null, per_distinct
from washer.dates import parse_dates_distinct
from washer.rules.model import EntitySpec

PREFIX = "__washer_"
_ID_SEPARATORS = r"[\s\.\-\u00a0\u200b\ufeff]"
_MAX_ROUNDS = 200


def normalise_id(value: pl.Expr) -> pl.Expr:
    """An id as compared: no spaces, dots or dashes, upper case; null when nothing is left."""
    return empty_as_null(value.str.replace_all(_ID_SEPARATORS, "").str.to_uppercase())


def normalise_name(value: pl.Expr) -> pl.Expr:
    """A name's skeleton: lower-case ASCII letters only.

    Dropping every other character makes the key blind to case, spacing, hyphens, accents
    and to the usual damage an encoding does to a letter: ``Jørgen``, ``J?rgen``, its
    mojibake ``J\u00c3\u00b8rgen`` and ``J\ufffdrgen`` all give ``jrgen``. A name with no
    ASCII letter at all (another script) keeps its own lower-cased letters instead.
    """
    return _per_distinct_name(value)


def _name_expr(value: pl.Expr) -> pl.Expr:
    lower = value.str.to_lowercase()
    skeleton = lower.str.replace_all(r"[^a-z]", "")
    fallback = lower.str.replace_all(r"[\s\p{P}\p{S}\d]", "")
    key = pl.when(skeleton.str.len_bytes() > 0).then(skeleton).otherwise(fallback)
    return pl.when(key.str.len_bytes() > 0).then(key)


def _name_series(values: pl.Series) -> pl.Series:
    return values.to_frame("v").select(_name_expr(pl.col("v")).alias("v"))["v"]


def normalise_contact(value: pl.Expr) -> pl.Expr:
    """An e-mail or phone as compared: lower case, no spaces, dots, dashes or brackets."""
    return empty_as_null(value.str.to_lowercase().str.replace_all(r"[\s\.\-()]", ""))


def node_columns(spec: EntitySpec) -> tuple[list[str], str, list[str]]:
    """Names of the helper columns :func:`row_nodes` makes: ids, name key, contacts."""
    base = f"{PREFIX}{spec.name}_"
    ids = [f"{base}id{i}" for i in range(len(spec.ids))]
    contacts = [f"{base}c{i}" for i in range(len(spec.contacts))]
    return ids, f"{base}nk", contacts


def node_column(spec: EntitySpec) -> str:
    """The helper column holding a row's deciding node (its first present one)."""
    return f"{PREFIX}{spec.name}_node"


def field_column(entity: str, name: str) -> str:
    """The helper column holding an entity's fake ``name`` (e.g. a person's first name)."""
    return f"{PREFIX}{entity}_f_{name}"


def hash_column(spec: EntitySpec) -> str:
    """The helper column holding the hash of a row's raw key values (see :func:`key_hash`)."""
    return f"{PREFIX}{spec.name}_h"


def key_hash(spec: EntitySpec, available: frozenset[str]) -> pl.Expr:
    """A 64-bit hash of the row's raw values in the entity's columns (absent ones as null).

    Rows with the same raw values are the same entity, so the row pass finds a row's entity
    with one integer join instead of normalising names and ids per row again. The hash only
    joins rows to a table built in the same run; no fake depends on it.
    """
    fields = [_col(c, available).alias(c) for c in dict.fromkeys(spec.columns)]
    return pl.struct(fields).hash(seed=0).alias(hash_column(spec))


def entity_column(spec: EntitySpec) -> str:
    """The helper column holding a row's entity label (after :meth:`EntityIndex.label`)."""
    return f"{PREFIX}{spec.name}"


def _col(name: str, available: frozenset[str]) -> pl.Expr:
    return pl.col(name) if name in available else pl.lit(None, dtype=pl.String)


def row_nodes(spec: EntitySpec, available: frozenset[str]) -> list[pl.Expr]:
    """Expressions for a row's nodes and its deciding node (columns absent count as null)."""
    id_names, nk_name, contact_names = node_columns(spec)
    ids = [
        pl.concat_str([pl.lit("I:"), normalise_id(_col(c, available))]).alias(n)
        for c, n in zip(spec.ids, id_names, strict=True)
    ]
    parts = [normalise_name(_col(c, available)) for c in spec.names]
    if spec.birth_date is not None:
        parts.append(parse_dates_distinct(_col(spec.birth_date, available)).cast(pl.String))
    name_key: pl.Expr = pl.lit(None, dtype=pl.String)
    if spec.names:
        any_name = pl.any_horizontal([p.is_not_null() for p in parts[: len(spec.names)]])
        joined = pl.concat_str([p.fill_null("") for p in parts], separator="|")
        name_key = pl.when(any_name).then(pl.concat_str([pl.lit("N:"), joined]))
    contacts = [
        pl.concat_str([pl.lit(f"C{i}:"), normalise_contact(_col(c, available))]).alias(n)
        for i, (c, n) in enumerate(zip(spec.contacts, contact_names, strict=True))
    ]
    return [*ids, name_key.alias(nk_name), *contacts]


def deciding_node(spec: EntitySpec) -> pl.Expr:
    """The first present node of a row (ids, then the name key, then contacts)."""
    id_names, nk_name, contact_names = node_columns(spec)
    return pl.coalesce([*id_names, nk_name, *contact_names]).alias(node_column(spec))


@dataclass(frozen=True)
class EntityIndex:
    """Node -> entity label, for every node seen in a run."""

    spec: EntitySpec
    links: pl.DataFrame  # node: str, entity: str

    @property
    def count(self) -> int:
        return int(self.links["entity"].n_unique())

    def entities(self) -> pl.Series:
        return self.links["entity"].unique().sort()

    def label(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """Add the entity column to a frame holding the deciding node column."""
        node = node_column(self.spec)
        links = self.links.lazy().rename({"node": node, "entity": entity_column(self.spec)})
        return frame.join(links, on=node, how="left", maintain_order="left")


def _components(nodes: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """Label every node by the smallest node of its connected component.

    Only nodes on an edge need work (most people have one id); the rest label themselves.
    Labels spread along edges and by pointer jumping until nothing changes.
    """
    if edges.height == 0:
        return nodes.select(pl.col("node"), pl.col("node").alias("entity"))
    both = pl.concat([edges, edges.select(a="b", b="a")]).unique()
    linked = both.select(pl.col("a").alias("node")).unique()
    labels = linked.select(pl.col("node"), pl.col("node").alias("entity")).sort("node")
    for _ in range(_MAX_ROUNDS):
        via_edges = (
            both.join(labels, left_on="b", right_on="node")
            .group_by("a")
            .agg(pl.col("entity").min().alias("via"))
        )
        hopped = labels.join(
            labels.rename({"node": "entity", "entity": "jump"}), on="entity", how="left"
        )
        updated = (
            hopped.join(via_edges, left_on="node", right_on="a", how="left")
            .select(
                pl.col("node"),
                pl.min_horizontal("entity", "jump", "via").alias("entity"),
            )
            .sort("node")
        )
        if updated.equals(labels):
            alone = nodes.join(updated, on="node", how="anti")
            return pl.concat([updated, alone.select("node", pl.col("node").alias("entity"))])
        labels = updated
    raise RuntimeError("entity linking did not converge")  # pragma: no cover


def build_index(
    spec: EntitySpec, nodes: pl.DataFrame, weak: pl.Series | None = None
) -> EntityIndex:
    """Link the distinct node combinations of a run (columns from :func:`row_nodes`).

    ``weak`` id nodes (ids that are not valid numbers: typos) identify an entity only by
    themselves; when every row of such an entity carries a name key that belongs to exactly
    one entity with valid ids, it joins that entity (a mistyped number of a known person).
    """
    id_names, nk_name, contact_names = node_columns(spec)
    first_id = pl.coalesce(id_names) if id_names else pl.lit(None, dtype=pl.String)
    frame = nodes.with_columns(first_id.alias("first"))

    id_links = pl.DataFrame(schema={"node": pl.String, "entity": pl.String})
    if id_names:
        all_ids = (
            pl.concat([frame.select(pl.col(n).alias("node")) for n in id_names])
            .drop_nulls()
            .unique()
        )
        edges = pl.concat(
            [frame.select(pl.col("first").alias("a"), pl.col(n).alias("b")) for n in id_names[1:]]
            or [pl.DataFrame(schema={"a": pl.String, "b": pl.String})]
        ).filter(
            pl.col("a").is_not_null() & pl.col("b").is_not_null() & (pl.col("a") != pl.col("b"))
        )
        id_links = _components(all_ids, edges.unique())

    weak_entities = pl.Series("entity", [], dtype=pl.String)
    if weak is not None and weak.len():
        weak_entities = (
            id_links.group_by("entity")
            .agg(pl.col("node").is_in(weak.implode()).all().alias("weak"))
            .filter("weak")["entity"]
        )
    rows = frame.filter(pl.col("first").is_not_null()).join(
        id_links, left_on="first", right_on="node"
    )
    strong_rows = rows.filter(~pl.col("entity").is_in(weak_entities.implode()))
    # A name key belongs to an entity when all rows with valid ids carrying it agree.
    named = (
        strong_rows.filter(pl.col(nk_name).is_not_null())
        .group_by(nk_name)
        .agg(pl.col("entity").n_unique().alias("n"), pl.col("entity").min())
        .filter(pl.col("n") == 1)
        .select(pl.col(nk_name).alias("node"), "entity")
    )
    if weak_entities.len():
        moved = (
            rows.filter(pl.col("entity").is_in(weak_entities.implode()))
            .join(named.rename({"node": nk_name, "entity": "to"}), on=nk_name, how="left")
            .group_by("entity")
            .agg(
                pl.col("to").null_count().alias("unknown"),
                pl.col("to").n_unique().alias("n"),
                pl.col("to").min(),
            )
            .filter((pl.col("unknown") == 0) & (pl.col("n") == 1))
            .select("entity", "to")
        )
        id_links = id_links.join(moved, on="entity", how="left").select(
            "node", pl.coalesce("to", "entity").alias("entity")
        )

    # A row without ids joins the one entity whose rows with ids have the same name key.
    name_only = frame.filter(pl.col("first").is_null() & pl.col(nk_name).is_not_null())
    name_links = (
        name_only.select(pl.col(nk_name).alias("node"))
        .unique()
        .join(named, on="node", how="left")
        .select("node", pl.coalesce("entity", "node").alias("entity"))
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
    return EntityIndex(spec, links)


__all__ = [
    "EntityIndex",
    "build_index",
    "deciding_node",
    "entity_column",
    "field_column",
    "hash_column",
    "key_hash",
    "node_column",
    "node_columns",
    "normalise_contact",
    "normalise_id",
    "normalise_name",
    "row_nodes",
]


_per_distinct_name = per_distinct(_name_series, pl.String())
