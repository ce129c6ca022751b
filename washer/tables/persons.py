"""Who a row is about: person and employer keys, and the index that links rows to entities.

A person is recognised by the first present of ``p_unique_id``, ``p_dnr``, ``p_fh_number``
(values compared without spaces, dots and dashes; a placeholder such as ``0`` or ``ukjent``
is no id: :mod:`washer.ids.placeholder`), else by normalised name + birth date, else
by a contact (e-mail, phone). Rows that share any id belong to the same person even when
another id differs (a passport in one file, the same D-number in both). A name has two keys,
its ASCII skeleton and its folded spelling (see :mod:`washer.tables.namekeys`):
rows without ids sharing either key are one person, and join the person whose rows with ids
carry that key, when that is one person. Employers work the same way with the organisation
number and the employer's name.

Entities are labelled by the smallest node of their connected component: deterministic, and
the same for every file of one run. Labels contain originals and never leave the process; the
pipeline turns them into keyed seeds.

:func:`with_row_nodes` adds a row's nodes to the rows scanned for the index (the row pass
finds a row's entity by the hash of its key values, :func:`key_hash`, not its nodes);
:func:`build_index` links the distinct node combinations into entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from washer._columns import empty_as_null, per_distinct, per_present
from washer.dates import parse_dates_distinct
from washer.ids.placeholder import placeholder, placeholder_flags
from washer.rules.model import EntitySpec
from washer.tables.namekeys import fold_name, name_keys, normalise_name

PREFIX = "__washer_"
# Unicode's White_Space characters: what ``\s`` matches in polars' (Rust's) regular expressions.
_WHITE_SPACE = (
    *"\t\n\x0b\x0c\r \x85\xa0\u1680",
    *(chr(c) for c in range(0x2000, 0x200B)),
    *"\u2028\u2029\u202f\u205f\u3000",
)
# What ``[\s\.\-\u00a0\u200b\ufeff]`` and ``[\s\.\-()]`` match, as characters: removed
# with one literal search (a third less than the regular expression on the run's e-mails).
_ID_SEPARATORS = list(dict.fromkeys([*_WHITE_SPACE, ".", "-", "\u00a0", "\u200b", "\ufeff"]))
_CONTACT_SEPARATORS = [*_WHITE_SPACE, ".", "-", "(", ")"]


def _without(value: pl.Expr, characters: list[str]) -> pl.Expr:
    return value.str.replace_many(characters, [""] * len(characters))


def normalise_id(value: pl.Expr) -> pl.Expr:
    """An id as compared: no spaces, dots or dashes, upper case; null when nothing is left."""
    return empty_as_null(_without(value, _ID_SEPARATORS).str.to_uppercase())


def normalise_contact(value: pl.Expr) -> pl.Expr:
    """An e-mail or phone as compared: lower case, no spaces, dots, dashes or brackets."""
    return empty_as_null(_without(value.str.to_lowercase(), _CONTACT_SEPARATORS))


def node_columns(spec: EntitySpec) -> tuple[list[str], str, list[str]]:
    """Names of the helper columns :func:`row_nodes` makes: ids, name key, contacts."""
    base = f"{PREFIX}{spec.name}_"
    ids = [f"{base}id{i}" for i in range(len(spec.ids))]
    contacts = [f"{base}c{i}" for i in range(len(spec.contacts))]
    return ids, f"{base}nk", contacts


def folded_column(spec: EntitySpec) -> str:
    """The helper column holding a row's folded name key (see :func:`fold_name`)."""
    return f"{PREFIX}{spec.name}_fk"


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


def _keys_column(spec: EntitySpec, i: int) -> str:
    """The helper column holding both keys of the entity's ``i``-th name (a struct)."""
    return f"{PREFIX}{spec.name}_keys{i}"


def with_row_nodes(
    rows: pl.DataFrame,
    spec: EntitySpec,
    available: frozenset[str],
    parsed_birth: pl.Expr | None = None,
) -> pl.DataFrame:
    """``rows`` with the node columns of :func:`row_nodes` (and ``parsed_birth``, an
    expression for the parsed birth date column both name keys read, when given).

    Both keys of a name come from one pass over its distinct values (:func:`name_keys`, a
    struct column per name, dropped after). Eager on one chunk: the lazy engine cuts a
    column into morsels and runs a per-distinct function once per morsel (six times over).
    A contact node is made only where the row has neither id nor name key, the one place it
    is read (:func:`deciding_node`, :func:`build_index`); elsewhere it is null.
    """
    keyed = [
        name_keys(_col(c, available)).alias(_keys_column(spec, i)) for i, c in enumerate(spec.names)
    ]
    dated = rows.rechunk().with_columns(*([] if parsed_birth is None else [parsed_birth]), *keyed)
    helpers = [_keys_column(spec, i) for i in range(len(spec.names))]
    birth = None if parsed_birth is None else parsed_birth.meta.output_name()
    text = False
    if birth is not None and spec.names:
        # As text once (per distinct date), for both name keys: not once per key and row.
        dated = dated.with_columns(_date_text(pl.col(birth)).alias(_birth_text_column(spec)))
        birth, text = _birth_text_column(spec), True
        helpers.append(birth)
    nodes = row_nodes(spec, available, birth, birth_is_text=text)
    _, _, contact_names = node_columns(spec)
    deciders = [n for n in nodes if n.meta.output_name() not in contact_names]
    contacts = [n for n in nodes if n.meta.output_name() in contact_names]
    order = [*dated.columns, *(n.meta.output_name() for n in nodes)]
    found = dated.with_columns(*deciders)
    found = found.with_columns(_where_undecided(found, spec, available, contacts))
    return found.select(order).drop(helpers)


def _where_undecided(
    frame: pl.DataFrame, spec: EntitySpec, available: frozenset[str], contacts: list[pl.Expr]
) -> list[pl.Series]:
    """The ``contacts`` node expressions computed on the rows of ``frame`` (holding their id
    and name key nodes) that have neither, null elsewhere: a row's contacts decide its
    entity only then. Normalising every row's e-mail and phone cost a quarter of
    :func:`with_row_nodes` on a run where every row has an id or a name."""
    id_names, nk_name, _ = node_columns(spec)
    undecided = frame.select(pl.all_horizontal(pl.col(*id_names, nk_name).is_null())).to_series()
    at = undecided.arg_true()
    # The contact columns only (any column where the frame has none: the height is read).
    read = [c for c in spec.contacts if c in available] or frame.columns[:1]
    rows = frame.select(read).filter(undecided)
    return [
        pl.repeat(None, frame.height, dtype=pl.String, eager=True)
        .scatter(at, rows.with_columns(contact)[contact.meta.output_name()])
        .alias(contact.meta.output_name())
        for contact in contacts
    ]


def _birth_text_column(spec: EntitySpec) -> str:
    """The helper column holding a row's parsed birth date as text (:func:`with_row_nodes`)."""
    return f"{PREFIX}{spec.name}_bt"


_date_text = per_distinct(lambda dates: dates.cast(pl.String), pl.String())


def row_nodes(
    spec: EntitySpec,
    available: frozenset[str],
    parsed_birth: str | None = None,
    *,
    birth_is_text: bool = False,
) -> list[pl.Expr]:
    """Expressions for a row's nodes: ids, name key, contacts, and the folded name key, over
    a frame that holds each name's keys (:func:`with_row_nodes` adds them, then these).

    ``parsed_birth``: a column already holding the parsed birth date (both name keys use it:
    parsed once instead of per key); ``birth_is_text``: that column holds it as text already.
    """
    id_names, nk_name, contact_names = node_columns(spec)
    ids = [
        _id_node_present(_col(c, available)).alias(n)
        for c, n in zip(spec.ids, id_names, strict=True)
    ]
    birth = []
    if parsed_birth is not None:
        birth.append(
            pl.col(parsed_birth) if birth_is_text else pl.col(parsed_birth).cast(pl.String)
        )
    elif spec.birth_date is not None:
        birth.append(parse_dates_distinct(_col(spec.birth_date, available)).cast(pl.String))
    keyed = [pl.col(_keys_column(spec, i)) for i in range(len(spec.names))]
    skeletons = [k.struct.field("skeleton") for k in keyed]
    folded = [k.struct.field("folded") for k in keyed]
    contacts = [
        pl.concat_str([pl.lit(f"C{i}:"), normalise_contact(_col(c, available))]).alias(n)
        for i, (c, n) in enumerate(zip(spec.contacts, contact_names, strict=True))
    ]
    return [
        *ids,
        _name_key("N:", skeletons, birth).alias(nk_name),
        *contacts,
        _name_key("F:", folded, birth).alias(folded_column(spec)),
    ]


def _id_node(norm: pl.Expr) -> pl.Expr:
    """``I:`` + the normalised id; null for none, and for a placeholder (``0``, ``ukjent``),
    which names nobody: its rows are told apart by their next key."""
    return pl.when(~placeholder(norm)).then(pl.concat_str([pl.lit("I:"), norm]))


def _id_nodes(values: pl.Series) -> pl.Series:
    # Normalised once, as a column: the node names it twice.
    norm = values.to_frame("v").select(normalise_id(pl.col("v")).alias("v"))["v"]
    held = placeholder_flags(norm)
    return pl.select(pl.when(~held).then(pl.concat_str([pl.lit("I:"), norm]))).to_series()


_id_node_present = per_present(_id_nodes, pl.String())


def _name_key(prefix: str, names: list[pl.Expr], birth: list[pl.Expr]) -> pl.Expr:
    """``prefix`` + the name parts and the birth date joined by ``|``; null without a name."""
    if not names:
        return pl.lit(None, dtype=pl.String)
    any_name = pl.any_horizontal([p.is_not_null() for p in names])
    # One concatenation, the prefix and separators as literals: not a joined string copied
    # again behind the prefix.
    parts: list[pl.Expr] = [pl.lit(prefix)]
    for i, part in enumerate([*names, *birth]):
        parts += [pl.lit("|"), part.fill_null("")] if i else [part.fill_null("")]
    return pl.when(any_name).then(pl.concat_str(parts))


def deciding_node(spec: EntitySpec) -> pl.Expr:
    """The first present node of a row (ids, then the name key, then contacts)."""
    id_names, nk_name, contact_names = node_columns(spec)
    return pl.coalesce([*id_names, nk_name, *contact_names]).alias(node_column(spec))


@dataclass(frozen=True)
class EntityIndex:
    """Node -> entity label, for every node seen in a run."""

    spec: EntitySpec
    links: pl.DataFrame  # node: str, entity: str
    _entities: pl.Series | None = field(default=None, init=False, repr=False, compare=False)
    _positions: pl.DataFrame | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def count(self) -> int:
        return len(self.entities())

    def entities(self) -> pl.Series:
        """The entity labels, sorted (computed once: a run asks for them and their count)."""
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

    def _sort(self) -> None:
        # One sort of the links by entity gives both the sorted labels and each node's
        # position, without a unique of the labels and a join on them after (0.2 s each
        # for half a million people). Single-threaded: polars' multithreaded sort of
        # strings costs several times more. By node too: a sort on two columns (rows
        # encoded once, then compared as bytes) costs a quarter less than on the entity alone.
        ordered = self.links.sort("entity", "node", multithreaded=False)
        entity = ordered["entity"]
        starts = entity.ne_missing(entity.shift(1))
        at = (starts.cum_sum() - 1).cast(pl.UInt32).alias("at")
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
    """Link the node combinations of a run (columns from :func:`row_nodes`; repeats allowed).

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
    if id_names:
        # A series' unique: a third less than a frame's, on the run's half a million ids.
        all_ids = pl.concat([frame[n] for n in id_names]).drop_nulls().unique().to_frame("node")
        edges = pl.concat(
            [frame.select(pl.col("first").alias("a"), pl.col(n).alias("b")) for n in id_names[1:]]
            or [pl.DataFrame(schema={"a": pl.String, "b": pl.String})]
        ).filter(
            pl.col("a").is_not_null() & pl.col("b").is_not_null() & (pl.col("a") != pl.col("b"))
        )
        id_links = _components(all_ids, edges)

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
        id_links = id_links.join(moved, on="entity", how="left").select(
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
    return EntityIndex(spec, links)


__all__ = [
    "EntityIndex",
    "build_index",
    "deciding_node",
    "entity_column",
    "field_column",
    "fold_name",
    "folded_column",
    "hash_column",
    "key_hash",
    "node_column",
    "node_columns",
    "normalise_contact",
    "normalise_id",
    "normalise_name",
    "row_nodes",
    "with_row_nodes",
]
