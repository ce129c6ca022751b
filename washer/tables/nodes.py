"""A row's nodes: what says who a row is about, as the entity index links them.

A person's nodes are each present id of ``p_unique_id``, ``p_dnr``, ``p_fh_number`` (values
compared without spaces, dots and dashes; a placeholder such as ``0`` or ``ukjent`` is no id:
:mod:`washer.ids.placeholder`), the name key (normalised name + birth date, in two spellings:
:mod:`washer.tables.namekeys`) and each contact (e-mail, phone); an employer's, the
organisation number and the employer's name. :func:`with_row_nodes` adds them to the rows
scanned for the index (:mod:`washer.tables.persons`); the row pass finds a row's entity by
the hash of its key values, :func:`key_hash`, not its nodes.
"""

from __future__ import annotations

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


__all__ = [
    "PREFIX",
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
