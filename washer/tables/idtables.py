"""The run's id tables: every distinct person id -> its kind, fake and fake birth date.

One :meth:`FakeIdMapper.map_person_ids` call per style covers every id of the run (the mapper
guarantees distinct fakes within one call). Ids with failing check digits are typos: they
link to a person only by name (:func:`weak_id_nodes`) and, when that person has a valid
number, get a fake dated like it (:mod:`washer.tables.typos`). A placeholder (``0``, ``ukjent``:
:mod:`washer.ids.placeholder`) is no id: it keeps its own value, kind ``placeholder``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.ids._checksum import K1_WEIGHTS, K2_WEIGHTS
from washer.ids._parse import digit_matrix
from washer.ids.placeholder import placeholder_flags
from washer.tables.collisions import redraw_person_ids, redraw_real_form_ids
from washer.tables.persons import EntityIndex
from washer.tables.typos import redate_typos
from washer.transforms import RunKeys

PLACEHOLDER = "placeholder"
"""The kind of a placeholder id in an id table: its "fake" is the value itself."""
# Weights of the two check sums over all digits (each check digit counts once in its own sum).
_K1 = np.array([*K1_WEIGHTS, 1], dtype=np.int64)
_K2 = np.array([*K2_WEIGHTS, 1], dtype=np.int64)
_NO_DAY = np.iinfo(np.int32).max


def weak_id_nodes(found: list[pl.DataFrame]) -> pl.Series:
    """Id nodes of 11 digits whose check digits fail (mod 11, 2032 rule included): typos.
    ``found``: frames with the normalised ids in ``norm``.

    Such a value identifies nobody for sure, so it may join a person by name (see
    :func:`washer.tables.persons.build_index`).
    """
    norms = pl.concat([f["norm"] for f in found]).drop_nulls()
    eleven = norms.filter(norms.str.contains(r"^[0-9]{11}$"))
    # The check sums of the digit matrix, in numpy (no per-digit string columns); the few
    # failing values are then made distinct and sorted.
    digits = digit_matrix(eleven)
    s1 = digits[:, :10] @ _K1 % 11
    s2 = digits @ _K2 % 11
    weak = eleven.filter(pl.Series((s1 > 3) | (s2 != 0))).unique().sort()
    return ("I:" + weak).alias("node")


@dataclass(frozen=True)
class MappedIds:
    """The part of an id table that needs no person index (:func:`mapped_ids`), so it can be
    computed while the index is built."""

    distinct: pl.DataFrame  # gid, norm, birth: every distinct id that is no placeholder
    mapped: pl.DataFrame  # kind, fake, fake_birth_date of each of ``distinct``, in order
    placeholders: pl.DataFrame  # gid, norm, kind, fake, fake_birth_date
    written: pl.DataFrame  # raw, gid: each value as written, with its distinct id's gid
    unnormalised: pl.DataFrame  # raw: the values with no normal form (``-``)


def mapped_ids(found: pl.DataFrame, keys: RunKeys, style: str) -> MappedIds:
    """Every distinct id of ``found`` (see :func:`id_table`) mapped to its fake, before the
    person index dates the typos and clashes are drawn again (:func:`id_tables`)."""
    # Sorted once by normal form: the distinct ids come out in table order, and each value as
    # written finds its table row by position, not by a join on strings. Only the normal forms
    # and row numbers are sorted: gathering the values as written too cost half the sort again.
    rows = found.drop_nulls("norm")
    order = _norm_order(rows["norm"])
    norms, at = order["norm"], order["at"]
    starts = norms.ne_missing(norms.shift(1))
    first = np.flatnonzero(starts.to_numpy())
    distinct = pl.DataFrame(
        {
            "gid": np.arange(len(first), dtype=np.int64),
            "norm": norms.gather(first),
            "birth": _group_min(rows["fallback"].gather(at), first),
        }
    )
    held = _placeholders(distinct["norm"], order["number"].gather(first))
    distinct = distinct.with_columns(held.alias("held"))
    # A placeholder (``0``, ``ukjent``) is no id: it gets no fake, and uses up none.
    placeholders = distinct.filter("held").select(
        "gid",
        "norm",
        kind=pl.lit(PLACEHOLDER),
        fake="norm",
        fake_birth_date=pl.lit(None, dtype=pl.Date),
    )
    distinct = distinct.filter(~pl.col("held")).drop("held")
    # The values are distinct and normalised already: the mapper needs no second pass.
    mapped = keys.id_mapper(style).map_distinct(distinct["norm"], distinct["birth"])
    return MappedIds(
        distinct,
        mapped,
        placeholders,
        _written(rows["raw"], at.to_numpy(), starts),
        found.filter(pl.col("norm").is_null()).select(pl.col("raw").unique()),
    )


def _norm_order(norms: pl.Series) -> pl.DataFrame:
    """The rows of ``norms`` sorted by it: ``norm``, ``at`` (the row) and ``number`` (the
    value of a norm of 11 ASCII digits, else null). Such norms (nearly all) sort as the same
    order of their numbers, which costs a third of sorting strings with their row numbers;
    the other norms are sorted as strings and merged in."""
    eleven = norms.str.contains(r"^[0-9]{11}$").fill_null(False)
    frame = pl.DataFrame(
        {"norm": norms, "number": norms.cast(pl.Int64, strict=False)}
    ).with_row_index("at")
    numbers = frame.filter(eleven).sort("number", multithreaded=False)
    others = frame.filter(~eleven).sort("norm", multithreaded=False)
    others = others.with_columns(pl.lit(None, dtype=pl.Int64).alias("number"))
    return numbers.merge_sorted(others, key="norm")


_SAME_DIGIT = 11_111_111_111  # an 11-digit number of one digit repeated is a multiple of it


def _placeholders(norms: pl.Series, numbers: pl.Series) -> pl.Series:
    """:func:`placeholder_flags` of ``norms``, whose ``numbers`` are their values where they
    are 11 ASCII digits (else null): of those only one digit repeated is a placeholder (no
    regex), and only the others are read."""
    flags = (numbers % _SAME_DIGIT == 0).alias(norms.name)
    others = numbers.is_null().arg_true()
    if not len(others):
        return flags
    return flags.scatter(others, placeholder_flags(norms.gather(others)))


def _written(raw: pl.Series, at: npt.NDArray[np.uint32], starts: pl.Series) -> pl.DataFrame:
    """Each distinct value as written (``raw``, rows in input order) with the ``gid`` of its
    normal form (``at``: the rows in normal-form order; ``starts``: where a normal form starts
    in that order). Equal values have equal normal forms: when every normal form is one row's,
    the values are distinct already."""
    gids = np.empty(len(at), dtype=np.int64)
    gids[at] = starts.cum_sum().cast(pl.Int64).to_numpy() - 1
    written = pl.DataFrame({"raw": raw, "gid": gids})
    return written if bool(starts.all()) else written.unique("raw")


def id_tables(
    found: pl.DataFrame | MappedIds,
    keys: RunKeys,
    style: str,
    persons: EntityIndex | None,
    also_avoid: pl.Series | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The id table (:func:`id_table`) and the same by value as written: ``raw`` -> kind,
    fake, fake birth date, for the row pass to join on the values as they are (no per-row
    normalising). A placeholder keeps its own spelling (``ukjent``, ``UKJENT``), also one of
    separators only (``-``), which has no normal form. ``found``: the ids, or their
    :func:`mapped_ids` of this style."""
    tables, _ = id_tables_with_entities(found, keys, style, persons, also_avoid)
    return tables


def id_tables_with_entities(
    found: pl.DataFrame | MappedIds,
    keys: RunKeys,
    style: str,
    persons: EntityIndex | None,
    also_avoid: pl.Series | None = None,
) -> tuple[tuple[pl.DataFrame, pl.DataFrame], pl.Series]:
    """:func:`id_tables`, and each id table row's entity position in ``persons``
    (:meth:`~washer.tables.persons.EntityIndex.positions`; null for none), which the person
    table reads its rows' entities from (found by the id table's join on the nodes)."""
    ids = found if isinstance(found, MappedIds) else mapped_ids(found, keys, style)
    table = _table(ids, keys, style, persons, also_avoid)
    entity = table["entity"]
    table = table.drop("entity")
    written = ids.written
    by_raw = pl.concat(
        [
            written.select("raw").hstack(table.drop("norm")[written["gid"]]),
            ids.unnormalised.select(
                "raw",
                kind=pl.lit(PLACEHOLDER),
                fake=pl.lit(None, dtype=pl.String),
                fake_birth_date=pl.lit(None, dtype=pl.Date),
            ),
        ]
    ).with_columns(fake=pl.when(pl.col("kind") == PLACEHOLDER).then("raw").otherwise("fake"))
    return (table, by_raw), entity


def _group_min(dates: pl.Series, first: npt.NDArray[np.int64]) -> pl.Series:
    """The earliest non-null date of each run of rows starting at ``first`` (null if none)."""
    if not len(first):
        return pl.Series([], dtype=pl.Date)
    days = dates.cast(pl.Int32).fill_null(_NO_DAY).to_numpy()
    least = pl.Series(np.minimum.reduceat(days, first))
    return least.set(least == _NO_DAY, None).cast(pl.Date)


def id_table(
    found: pl.DataFrame,
    keys: RunKeys,
    style: str,
    persons: EntityIndex | None,
    also_avoid: pl.Series | None = None,
) -> pl.DataFrame:
    """Every distinct id -> kind, fake, fake birth date (one mapping call covers them all).
    ``found``: every id as written (``raw``), normalised (``norm``), with its row's birth date
    (``fallback``).

    A value that is no valid number (a typo) of a person who has a valid fnr or D-number gets a
    fake of its own dated exactly like that number's fake (:mod:`washer.tables.typos`), so every
    fake id of the person carries the person's washed birth date. A typo with no valid sibling gets
    the mapper's fake in the 91-day window of the person's birth date, as a valid number does:
    its date (the person's washed birth date) is at most 90 days from the original.
    """
    return id_tables(found, keys, style, persons, also_avoid)[0]


def _table(
    ids: MappedIds,
    keys: RunKeys,
    style: str,
    persons: EntityIndex | None,
    also_avoid: pl.Series | None,
) -> pl.DataFrame:
    """:func:`id_table` of the mapped distinct ids (in norm order), with each id's entity
    position (``entity``)."""
    # The original date, not moved by the person's keyed shift first: the mapper already
    # places the fake anywhere in the date's 91-day window; both together moved it 180 days.
    distinct = ids.distinct
    if persons is not None:
        nodes = distinct.with_columns(pl.concat_str([pl.lit("I:"), pl.col("norm")]).alias("node"))
        # The string join: in a wash it costs two thirds of the join on the nodes' 64-bit
        # hashes (washer._joins), which carries the keys along to prove each match.
        # Each id's entity by its position (an integer the typos group by, and the person
        # table reads its rows' entities from), not its label.
        # When the index's id nodes are these (sorted alike), by position: no join.
        at = persons.id_positions(nodes["node"])
        if at is not None:
            distinct = nodes.with_columns(at.alias("entity"))
        else:
            positions = persons.positions().rename({"at": "entity"})
            distinct = nodes.join(positions, on="node", how="left", maintain_order="left")
    else:
        distinct = distinct.with_columns(pl.lit(None, dtype=pl.UInt32).alias("entity"))
    mapped = ids.mapped
    table = distinct.select("gid", "norm", "entity").with_columns(
        mapped["kind"], mapped["fake"], mapped["fake_birth_date"]
    )
    if persons is not None:
        table = redate_typos(table, keys.derive(f"washer.wash/typo-ids/{style}"), style)
    avoid = also_avoid if also_avoid is not None else pl.Series([], dtype=pl.String)
    placeholders = ids.placeholders
    if placeholders.height:  # kept as written: no fake may equal one
        avoid = pl.concat([avoid.cast(pl.String), placeholders["norm"].alias(avoid.name)])
    table = redraw_person_ids(table, avoid, keys.derive(f"washer.wash/id-clash/{style}"))
    table = redraw_real_form_ids(table, avoid, keys.derive(f"washer.wash/real-id-clash/{style}"))
    table = table.select("gid", "norm", "kind", "fake", "fake_birth_date", "entity")
    if placeholders.height:
        held = placeholders.with_columns(pl.lit(None, dtype=pl.UInt32).alias("entity"))
        table = pl.concat([table, held]).sort("gid")
    return table.drop("gid")


__all__ = [
    "PLACEHOLDER",
    "MappedIds",
    "id_table",
    "id_tables",
    "id_tables_with_entities",
    "mapped_ids",
    "weak_id_nodes",
]
