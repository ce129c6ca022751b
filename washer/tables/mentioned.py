"""The (original, fake) pairs the run's free text may mention: those whose original's
first word is one of the text's tokens (:mod:`washer.tables.text_tokens`).

:func:`_mentioned` keeps such pairs, one per original with its least fake, sorted, and
:func:`_named` is its first-word test. Used by :mod:`washer.tables.known` (entity columns, ids,
written forms) and :mod:`washer.tables.domain_pairs` (value domains).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.tables.text_tokens import _WORD, _composed

Pair = tuple[pl.Series, pl.Series]
Pairs = list[Pair]
Mask = npt.NDArray[np.bool_]


def _named(
    frame: pl.DataFrame, column: str, tokens: pl.DataFrame, *, digits: bool = False
) -> pl.DataFrame:
    """The rows of ``frame`` whose ``column`` has a first word that is a token of the run's
    free text (in order). ``digits``: every value is one or more digits (``\\d``), its own
    first word, with no number after a letter (no regex needed)."""
    return frame.filter(pl.Series(_named_mask(frame[column], tokens, digits=digits)))


def _named_mask(values: pl.Series, tokens: pl.DataFrame, *, digits: bool = False) -> Mask:
    """Per value: whether its first word is a text token (the test of :func:`_named`)."""
    words = _indexed(values) if digits else _first_words(values)
    named = np.zeros(len(values), dtype=np.bool_)
    named[_token_hits(words, tokens).to_numpy()] = True
    return named


def _first_words(values: pl.Series) -> pl.DataFrame:
    """The first word of each of ``values`` (lower case; ``i``: the value's place) and the
    number that ends it after a letter, if any, as a word of its own."""
    first = _first_word(_composed(values).str.to_lowercase())
    # The scrub reads letters and digits apart: a passport XK4711093 written as "xk 4711093"
    # shows its number as a word of its own.
    number = first.str.extract(r"\p{L}(\p{N}+)$", 1)
    return pl.concat([_indexed(first), _indexed(number).drop_nulls()])


def _first_word(values: pl.Series) -> pl.Series:
    """The first run of letters and digits of each of ``values`` (null if none). Nearly
    every value starts with its first word, and the search anchored at the start costs a
    third less than the plain one: only the values it misses are searched again. (The whole
    match, not a group: the regex engine then needs no capture, about 40% less.)"""
    first = values.str.extract(f"^{_WORD}", 0)
    missed = (first.is_null() & values.is_not_null()).arg_true()
    if len(missed):
        first = first.scatter(missed, values.gather(missed).str.extract(_WORD, 0))
    return first


def _indexed(words: pl.Series) -> pl.DataFrame:
    return words.alias("word").to_frame().with_row_index("i")


def _token_hits(words: pl.DataFrame, tokens: pl.DataFrame) -> pl.Series:
    """The ``i`` of the ``words`` (``i``, ``word``) that are text tokens (an ``i`` may come
    twice). One join for all the words, and an inner join when there are fewer words than
    tokens: polars then hashes the words, where a semi join hashes all the run's tokens (the
    most of a small lookup's time)."""
    how: Literal["inner", "semi"] = "inner" if words.height < tokens.height else "semi"
    return words.join(tokens, left_on="word", right_on="token", how=how)["i"]


def _distinct(values: pl.Series) -> pl.Series:
    """The distinct values of ``values`` (no nulls), in no particular order. A value domain's
    originals come sorted: equal values are then neighbours, and comparing each with the one
    before costs a thirtieth of hashing them all."""
    if values.flags["SORTED_ASC"]:
        return values.filter(values.ne_missing(values.shift(1)))
    return values.unique()


# An original of one character (or blank) is never replaced in text.
_LONG_ENOUGH = pl.col("orig").str.strip_chars().str.len_chars() > 1


def _grouped(pairs: pl.LazyFrame) -> pl.LazyFrame:
    """Each original once, with its least fake, sorted by original. Polars' multithreaded sort
    of strings costs several times the single-threaded one; the lazy engine's group_by about
    two thirds of the eager one's CPU."""
    return pairs.group_by("orig").agg(pl.col("fake").min()).sort("orig", multithreaded=False)


def _mentioned(
    frame: pl.DataFrame,
    tokens: pl.DataFrame,
    *,
    mentioned: bool = False,
    origs: pl.Series | None = None,
    digits: bool = False,
    by_row: bool = False,
) -> list[Pair]:
    """The (orig, fake) pair of ``frame`` whose original's first word is a text token, as one
    pair of sorted columns (none if empty). ``mentioned``: the originals were found in the free
    text already (no need to look); ``origs``: the distinct originals of ``frame``'s rows
    without nulls, when already known; ``digits``: every original is digits only (see
    :func:`_named`); ``by_row``: the originals repeat, and nothing else needs them
    distinct: the first word of every row is read rather than of the distinct originals
    found first (the run's e-mails: 563,000 rows of 392,000 addresses, hashed twice to be
    found and looked up again cost more than reading the other rows' first words)."""
    frame = frame.drop_nulls()
    changed = pl.col("orig") != pl.col("fake")
    if mentioned:
        clean = _grouped(frame.lazy().filter(_LONG_ENOUGH & changed))
    elif by_row:
        named = _named(frame, "orig", tokens, digits=digits)
        clean = _grouped(named.lazy().filter(_LONG_ENOUGH & changed))
    else:
        # The regex runs once per distinct original (a column repeats its names a lot).
        distinct = _distinct(frame["orig"]) if origs is None else origs
        if len(distinct) == frame.height:
            # Each original once (a value domain's table): the rows named are the pairs, no
            # lookup of the names in all rows and no group-by.
            named = _named(frame, "orig", tokens, digits=digits)
            clean = named.lazy().filter(_LONG_ENOUGH & changed)
            if not frame["orig"].flags["SORTED_ASC"]:
                clean = clean.sort("orig", multithreaded=False)
        else:
            found = _named(distinct.to_frame("orig"), "orig", tokens, digits=digits)
            found = found.filter(_LONG_ENOUGH)
            kept = pl.col("orig").is_in(found["orig"].implode())
            clean = _grouped(frame.lazy().filter(kept & changed))
    pairs = clean.collect()
    return [(pairs["orig"], pairs["fake"])] if pairs.height else []


__all__ = ["Mask", "Pair", "Pairs"]
