"""The run's id tables: every distinct person id -> its kind, fake and fake birth date.

One :meth:`FakeIdMapper.map_person_ids` call per style covers every id of the run (the mapper
guarantees distinct fakes within one call). Ids with failing check digits are typos: they
link to a person only by name (:func:`weak_id_nodes`) and, when that person has a valid
number, get a fake dated like it (:mod:`washer.typos`). A placeholder (``0``, ``ukjent``:
:mod:`washer.ids.placeholder`) is no id: it keeps its own value, kind ``placeholder``.
"""

from __future__ import annotations

import polars as pl

from washer.collisions import redraw_person_ids, redraw_real_form_ids
from washer.ids.placeholder import placeholder
from washer.persons import EntityIndex
from washer.transforms import RunKeys
from washer.typos import redate_typos

PLACEHOLDER = "placeholder"
"""The kind of a placeholder id in an id table: its "fake" is the value itself."""
_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def weak_id_nodes(found: list[pl.DataFrame]) -> pl.Series:
    """Id nodes of 11 digits whose check digits fail (mod 11, 2032 rule included): typos.
    ``found``: frames with the normalised ids in ``norm``.

    Such a value identifies nobody for sure, so it may join a person by name (see
    :func:`washer.persons.build_index`).
    """
    frame = pl.concat([f.select("norm") for f in found])
    eleven = frame.drop_nulls().unique().filter(pl.col("norm").str.contains(r"^[0-9]{11}$"))
    digit = [pl.col("norm").str.slice(i, 1).cast(pl.Int32) for i in range(11)]
    s1 = pl.sum_horizontal([w * d for w, d in zip(_K1, digit[:9], strict=True)])
    s2 = pl.sum_horizontal([w * d for w, d in zip(_K2, digit[:10], strict=True)])
    k1_ok = ((s1 + digit[9]) % 11).is_in([0, 1, 2, 3])
    k2_ok = (s2 + digit[10]) % 11 == 0
    weak = eleven.filter(~(k1_ok & k2_ok)).sort("norm")
    return ("I:" + weak["norm"]).alias("node")


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
    fake of its own dated exactly like that number's fake (:mod:`washer.typos`), so every fake
    id of the person carries the person's washed birth date. A typo with no valid sibling gets
    the mapper's fake in the 91-day window of the person's birth date, as a valid number does:
    its date (the person's washed birth date) is at most 90 days from the original.
    """
    distinct = (
        found.drop_nulls("norm").group_by("norm").agg(pl.col("fallback").min().alias("birth"))
    )
    # The original date, not moved by the person's keyed shift first: the mapper already
    # places the fake anywhere in the date's 91-day window; both together moved it 180 days.
    if persons is not None:
        distinct = distinct.with_columns(
            pl.concat_str([pl.lit("I:"), pl.col("norm")]).alias("node")
        ).join(persons.links, on="node", how="left")
    else:
        distinct = distinct.with_columns(pl.lit(None, dtype=pl.String).alias("entity"))
    # One thread: polars' threaded arg-sort of strings costs twice the CPU for the same wall.
    distinct = distinct.with_columns(placeholder(pl.col("norm")).alias("held")).sort(
        "norm", multithreaded=False
    )
    # A placeholder (``0``, ``ukjent``) is no id: it gets no fake, and uses up none.
    placeholders = distinct.filter("held").select(
        "norm",
        kind=pl.lit(PLACEHOLDER),
        fake="norm",
        fake_birth_date=pl.lit(None, dtype=pl.Date),
    )
    distinct = distinct.filter(~pl.col("held"))
    # The values are distinct and normalised already: the mapper needs no second pass.
    mapped = keys.id_mapper(style).map_distinct(distinct["norm"], distinct["birth"])
    table = distinct.select("norm", "entity").with_columns(
        mapped["kind"], mapped["fake"], mapped["fake_birth_date"]
    )
    if persons is not None:
        table = redate_typos(table, keys.derive(f"washer.wash/typo-ids/{style}"), style)
    avoid = also_avoid if also_avoid is not None else pl.Series([], dtype=pl.String)
    if placeholders.height:  # kept as written: no fake may equal one
        avoid = pl.concat([avoid.cast(pl.String), placeholders["norm"].alias(avoid.name)])
    table = redraw_person_ids(table, avoid, keys.derive(f"washer.wash/id-clash/{style}"))
    table = redraw_real_form_ids(table, avoid, keys.derive(f"washer.wash/real-id-clash/{style}"))
    table = table.select("norm", "kind", "fake", "fake_birth_date")
    if placeholders.height == 0:
        return table
    return pl.concat([table, placeholders]).sort("norm")


__all__ = ["PLACEHOLDER", "id_table", "weak_id_nodes"]
