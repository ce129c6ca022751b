"""The queries of a wash's tables phase: the distinct values its tables are built from.

Each query projects the inputs (or an entity's distinct rows, which hold the same distinct
values over fewer rows, :func:`_covering`) to what one table needs: an entity's distinct key
rows with their key hash (:func:`_entity_rows`), a style's written ids with their row's birth
date (:func:`_ids_query`), a value domain's distinct values (:func:`_values_query`), the free
text's distinct values and what they hold (:func:`_texts`, :func:`_found_in_texts`). Used by
:func:`washer.tables.build.build_tables`, which collects them all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from washer.dates import parse_dates_distinct
from washer.fakes._tokens import visible
from washer.rules.model import EntityName, EntitySpec
from washer.tables.collisions import distinct_phone_runs, trunk_runs
from washer.tables.nodes import PREFIX, key_hash, normalise_id
from washer.tables.text_emails import text_emails
from washer.tables.text_tokens import distinct_tokens

_NULL = pl.lit(None, dtype=pl.String)


def _col(name: str, available: frozenset[str]) -> pl.Expr:
    return pl.col(name) if name in available else _NULL


def _concat(frames: list[pl.LazyFrame], *, in_row_order: bool = False) -> pl.LazyFrame:
    return pl.concat(frames, how="vertical_relaxed").unique(maintain_order=in_row_order)


def _texts(
    frames: Sequence[pl.LazyFrame], avails: list[frozenset[str]], columns: list[str]
) -> pl.LazyFrame:
    """The distinct visible values (``text``) of the free-text ``columns`` of every input."""
    return _concat(
        [
            f.select(visible(pl.col(c).unique()).alias("text"))
            for f, a in zip(frames, avails, strict=True)
            for c in columns
            if c in a
        ]
    ).drop_nulls()


def _in_texts(texts: pl.DataFrame, found: Callable[[pl.Expr], pl.Expr], name: str) -> pl.LazyFrame:
    """Everything ``found`` lists in the distinct ``texts``."""
    return (
        texts.lazy().select(found(pl.col("text")).alias(name)).explode(name).unique().drop_nulls()
    )


def _entity_rows(
    spec: EntitySpec,
    wanted: list[str],
    frames: Sequence[pl.LazyFrame],
    avails: list[frozenset[str]],
) -> pl.LazyFrame:
    """The distinct rows of the ``wanted`` columns (absent ones null) of every input, with
    their :func:`key_hash` (``wanted`` holds every column of ``spec``).

    The hash is a function of the row's values, an absent column hashing as nulls: hashed
    once per distinct row, not per row, and no part of the unique's key.
    """
    distinct = _concat(
        [
            f.select(*[_col(c, a).alias(c) for c in wanted])
            for f, a in zip(frames, avails, strict=True)
        ]
    )
    return distinct.select(key_hash(spec, frozenset(wanted)), *wanted)


Projection = Callable[[Sequence[pl.LazyFrame], list[frozenset[str]]], pl.LazyFrame | None]
"""A query over some frames (the inputs, or entity rows) given the columns each holds."""


def _projected(
    project: Projection, frames: Sequence[pl.LazyFrame], avails: list[frozenset[str]]
) -> pl.LazyFrame:
    query = project(frames, avails)
    assert query is not None  # only projections with columns present are asked for
    return query


def _covering(
    needed: list[set[str]], wanted: dict[EntityName, list[str]]
) -> list[EntityName] | None:
    """Entities whose distinct rows hold every group of ``needed`` columns (each group all in
    one entity's rows), or None when some group is in none.

    An entity's rows are the distinct rows of its columns over every input (an absent column
    null), so the distinct values of any of their columns together are those of the inputs:
    a query of the inputs' distinct values gives the same read from them, over fewer rows.
    """
    sources: list[EntityName] = []
    for group in needed:
        found = next((e for e, cols in wanted.items() if group <= set(cols)), None)
        if found is None:
            return None
        if found not in sources:
            sources.append(found)
    return sources


def _ids_query(cols: list[str], birth_col: str | None) -> Projection:
    """The distinct ids written in ``cols`` (``raw``) with their row's parsed birth date
    (``fallback``) and normalised (``norm``)."""

    def project(
        frames: Sequence[pl.LazyFrame], avails: list[frozenset[str]]
    ) -> pl.LazyFrame | None:
        # Every written id with its row's birth date (parsed once per input, not per column).
        found = [
            f.select(
                *[pl.col(c) for c in cols if c in a],
                _parsed_birth(birth_col, a).alias("fallback"),
            )
            .unpivot(on=[c for c in cols if c in a], index="fallback", value_name="raw")
            .select("raw", "fallback")
            .drop_nulls("raw")
            for f, a in zip(frames, avails, strict=True)
            if any(c in a for c in cols)
        ]
        return _concat(
            found or [pl.LazyFrame(schema={"raw": pl.String, "fallback": pl.Date})]
        ).with_columns(normalise_id(pl.col("raw")).alias("norm"))

    return project


_BIRTH = f"{PREFIX}birth"
"""The column of an entity's rows holding their parsed birth date (:func:`_birth`)."""


def _parsed_birth(birth_col: str | None, available: frozenset[str]) -> pl.Expr:
    """The parsed ``birth_col``: read from the column holding it when ``available`` has it
    (the person's rows, parsed once for their ids and their nodes)."""
    if birth_col is None:
        return pl.lit(None, pl.Date)
    if _BIRTH in available:
        return pl.col(_BIRTH)
    return parse_dates_distinct(_col(birth_col, available))


def _values_query(domain_cols: list[str], *, in_row_order: bool = False) -> Projection:
    """The distinct values (``orig``) of a value domain's columns (``in_row_order``: in the
    order they first stand in the inputs, input by input and column by column: a one-column
    domain's in its rows' order)."""

    def project(
        frames: Sequence[pl.LazyFrame], avails: list[frozenset[str]]
    ) -> pl.LazyFrame | None:
        return _concat(
            [
                f.select(pl.col(c).alias("orig"))
                for f, a in zip(frames, avails, strict=True)
                for c in domain_cols
                if c in a
            ],
            in_row_order=in_row_order,
        ).drop_nulls()

    return project


def _found_in_texts(texts: pl.DataFrame, phones: bool) -> dict[str, pl.DataFrame]:
    """The tokens of the free text's distinct ``texts``, the e-mail addresses written in
    them (:func:`text_emails`) and, when the run fakes ``phones``, the phone numbers."""
    found = {"tokens": distinct_tokens(texts["text"], "token")}
    if phones:
        found["text_phones"] = distinct_phone_runs(texts["text"], "orig")
        # Foreign numbers written nationally (070-123 45 67): the scrub gives them their
        # column's fake when the run has the number (domain_pairs.domain_pairs).
        found["text_trunk"] = _in_texts(texts, trunk_runs, "orig")
    read = dict(zip(found, pl.collect_all(list(found.values())), strict=True))
    read["text_emails"] = text_emails(texts["text"]).to_frame()
    return read


def _birth(spec: EntitySpec, available: frozenset[str]) -> pl.Expr | None:
    if spec.birth_date is None:
        return None
    return parse_dates_distinct(_col(spec.birth_date, available)).alias(_BIRTH)


__all__ = ["Projection"]
