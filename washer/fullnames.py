"""Fake full names that are somebody's original full name are drawn again.

Fake names come from pools of common first and last names, so a fake full name can be the
name of another traveller of the run (``Per Hansen`` washed into another ``Per Hansen``'s
name). Nothing is leaked, but it reads as a leak to anyone who checks the output against
the extract, and it would make the audit's name checks meaningless. The run's original full
names (the first and last name of every row, and every contact person written whole) are
collected once, in their word form (:func:`words_form`), and the entity
tables draw again where a fake full name is one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import cast

import numpy as np
import numpy.typing as npt
import polars as pl

from washer._columns import per_distinct
from washer.fakes._distinct import on_distinct
from washer.fakes._tokens import visible
from washer.fakes.names import normalize_name_expr
from washer.plan import Plan
from washer.rules.model import EntityName

NAME = "full"


def words_form(expr: pl.Expr) -> pl.Expr:
    """A name as its words: without invisible characters (a soft hyphen or a zero-width
    space inside a word does not part it), :func:`~washer.fakes.names.normalize_name` (case,
    accents, mojibake), then every run of other characters one space. ``Anne-Marie O'Hara``
    and ``anne marie o hara`` are one name, as a reader matching words would see them."""
    e = normalize_name_expr(visible(expr)).str.replace_all(r"[^\p{L}\p{N}]+", " ")
    return e.str.strip_chars()


def full_name_columns(plan: Plan) -> list[tuple[str, ...]]:
    """Groups of columns whose values, joined by a space, are a full name: each entity's
    first and last name columns, and every column washed into a full name."""
    fields: dict[EntityName, dict[str, list[str]]] = {}
    for column in plan.transforms:
        transform, rule = plan.faking(column)
        wanted = transform.entity_fields(rule)
        if wanted is None:
            continue
        entity, faked = wanted
        for f in faked:
            if f in ("first", "last", "full"):
                fields.setdefault(entity, {}).setdefault(f, []).append(column)
    groups: list[tuple[str, ...]] = []
    for found in fields.values():
        groups += [
            (first, last) for first in found.get("first", []) for last in found.get("last", [])
        ]
        groups += [(full,) for full in found.get("full", [])]
    return groups


def original_full_names(
    frames: Sequence[pl.LazyFrame],
    avails: Sequence[frozenset[str]],
    groups: Sequence[tuple[str, ...]],
) -> pl.LazyFrame | None:
    """The run's distinct original full names in word form (column ``full``, sorted); None
    when the rules wash no full name.

    A group's parts are put in word form apart, once per distinct part (a run has a few
    thousand first and last names, and a hundred thousand pairs of them), and joined after:
    the word form of parts joined by a space is their word forms joined by one, the empty
    ones left out (:func:`joined_words_form`)."""
    found = []
    for group in groups:
        parts = [f"{PART}{i}" for i in range(len(group))]
        rows = [
            f.select(pl.col(c).alias(p) for c, p in zip(group, parts, strict=True))
            for f, a in zip(frames, avails, strict=True)
            if all(c in a for c in group)
        ]
        if rows:
            # A part's null makes the name null, as a null does in concat_str.
            distinct = pl.concat(rows).drop_nulls().unique()
            found.append(distinct.select(joined_words_form([pl.col(p) for p in parts])))
    if not found:
        return None
    # A name of one word (a first or last name left empty) is nobody's full name.
    named = pl.concat(found).filter(pl.col(NAME).str.contains(" ", literal=True))
    return named.unique().sort(NAME)  # sorted: see _among


PART = "part"  # the columns of a full name's parts in original_full_names


def joined_words_form(parts: list[pl.Expr]) -> pl.Expr:
    """:func:`words_form` of the ``parts`` joined by a space (column ``full``; null where a
    part is null), from each part's word form, once per distinct part.

    Every step of the word form but the last maps characters where they stand, and none
    reaches across a space (no folded sequence holds one; a final sigma is told by the
    letters up to a space); the last turns every run of other characters than letters and
    digits into one space and strips the ends. So the joined parts' word form is the parts'
    word forms joined by one space, with the empty ones left out."""
    joined = pl.concat_str([_words_per_distinct(p) for p in parts], separator=" ")
    if len(parts) > 2:  # an empty part inside leaves two spaces (a form holds no two)
        joined = joined.str.replace_all("  +", " ")
    return joined.str.strip_chars(" ").alias(NAME)


def clashing_full_names(
    kind: EntityName, fakes: pl.DataFrame, taken: pl.Series
) -> npt.NDArray[np.bool_] | None:
    """Per entity: whether its fake full name (:func:`words_form`) is one of ``taken``
    (sorted, as :func:`original_full_names` gives them), or holds one as a run of its words
    (:func:`inner_runs`: ``Martine Karen Nguyen`` holds ``Karen Nguyen`` and ``Martine Karen``).
    None when the entity has no fake full name. ``fakes`` may hold the first and last names
    in word form already (columns :data:`WORDS`).

    A person's full name is its first and last name (each in word form once per distinct
    name: the pools' names are few, the people many); an employer's contact person has its
    own ``full``.
    """
    parts = "first" in fakes.columns and "last" in fakes.columns
    if parts and (kind == "person" or "full" not in fakes.columns):
        # In word form already where the fakes come with it (WORDS: from the pools' names).
        first, last = (
            fakes[WORDS[f]] if WORDS[f] in fakes.columns else _words(fakes[f])
            for f in ("first", "last")
        )
        full = pl.select(pl.concat_str([first, last], separator=" ")).to_series()
    elif "full" in fakes.columns:
        full = _words(fakes["full"])
    else:
        return None
    found = _among(full, taken)
    runs = inner_runs(full)
    if runs.height:
        spelled = runs.filter(_among(runs[NAME], taken))["at"].to_numpy()
        found[spelled] = True
    return found


def inner_runs(names: pl.Series) -> pl.DataFrame:
    """(``at``, ``full``): every run of two or more consecutive words of each name (in word
    form) shorter than the name itself, with the name's index. Only a name of three words or
    more holds one: ``Anne Marie Moe Larsen`` holds ``Anne Marie``, ``Marie Moe``,
    ``Moe Larsen``, ``Anne Marie Moe`` and ``Marie Moe Larsen``."""
    words = (
        names.to_frame(NAME)
        .with_row_index("at")
        .filter(pl.col(NAME).str.count_matches(" ", literal=True) >= 2)
        .select("at", pl.col(NAME).str.split(" "))
    )
    runs = [pl.DataFrame(schema={"at": pl.UInt32, NAME: pl.String})]
    longest = cast(int, words[NAME].list.len().max() or 0)
    for length in range(2, longest):
        for start in range(0, longest - length + 1):
            fits = pl.col(NAME).list.len() > max(length, start + length - 1)
            part = pl.col(NAME).list.slice(start, length).list.join(" ")
            runs.append(words.filter(fits).select("at", part))
    return pl.concat(runs)


def _words(names: pl.Series) -> pl.Series:
    """:func:`words_form` of each name, once per distinct name."""
    return on_distinct(names, words_of)


def words_of(names: pl.Series) -> pl.Series:
    """:func:`words_form` of each name."""
    return names.to_frame("v").select(_words_form())["v"].alias(names.name)


_words_per_distinct = per_distinct(words_of, pl.String())
"""words_of as an expression, once per distinct value (:func:`joined_words_form`)."""


@cache
def _words_form() -> pl.Expr:
    """:func:`words_form` of column ``v``, built once (the clash rounds ask for few names)."""
    return words_form(pl.col("v"))


# Columns of a fake table with its first and last names in word form (what
# clashing_full_names compares), when the table comes with them.
WORDS = {"first": "first_words", "last": "last_words"}


def _among(values: pl.Series, taken: pl.Series) -> npt.NDArray[np.bool_]:
    """Per value: whether it is in ``taken`` (sorted, no nulls); False where null. Redraw
    rounds ask for few values: a binary search each, rather than hashing all of ``taken``.
    Many values: by their hashes in an index of ``taken``'s built once per ``taken``
    (:func:`washer._joins.series_index`), each match proved on the strings; an ``is_in``
    hashed all of ``taken`` again for every round (a fifth of a person table's clash rounds)."""
    # here: washer._joins imports the tables, which import this module
    from washer._joins import indexed_positions, series_index

    if len(taken) == 0 or len(values) == 0:
        return np.zeros(len(values), dtype=np.bool_)
    if 16 * len(values) >= len(taken):
        index = series_index(taken)
        at = None if index is None else indexed_positions(values, taken, index, hashed=True)
        if at is None:  # two hashes alike (of taken's, or a value's and another's): strings
            return values.is_in(taken.implode()).fill_null(False).to_numpy()
        return at.is_not_null().to_numpy()
    at = np.minimum(taken.search_sorted(values.fill_null("")).to_numpy(), len(taken) - 1)
    return (taken.gather(at) == values).fill_null(False).to_numpy()


__all__ = [
    "WORDS",
    "clashing_full_names",
    "full_name_columns",
    "inner_runs",
    "joined_words_form",
    "original_full_names",
    "words_form",
    "words_of",
]
