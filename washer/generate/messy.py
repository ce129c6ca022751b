"""The flaws of real extracts, for ``--messy``.

Production extracts arrive with names typed in odd case or with stray spaces (so one person
is spelled differently between rows), identity numbers mistyped so their check digits fail,
and empty strings where a value is missing. The CSV writer adds the rest: Windows-1252 with
semicolons and CRLF line ends (:mod:`washer.generate.output`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.generate._random import below, chance

__all__ = [
    "make_messy",
]

NAME_FIELDS = ("p_first_name", "p_last_name")
NAME_VARIANTS = 60  # per mille of name values respelled
BAD_CHECK_DIGITS = 5  # per mille of fnr/D-numbers in p_unique_id with a mistyped last digit
EMPTY_STRINGS = 50  # per mille of missing values written as an empty string


def _respelled(name: str, variant: pl.Series) -> pl.Expr:
    value, v = pl.col(name), pl.lit(variant)
    return (
        pl.when(v == 1)
        .then(value.str.to_uppercase())
        .when(v == 2)
        .then(value.str.to_lowercase())
        .when(v == 3)
        .then(pl.concat_str([pl.lit(" "), value]))
        .when(v == 4)
        .then(pl.concat_str([value, pl.lit("  ")]))
        .when(v == 5)
        .then(pl.concat_str([pl.lit("  "), value.str.to_uppercase(), pl.lit(" ")]))
        .otherwise(value)
        .alias(name)
    )


def make_messy(rng: np.random.Generator, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with respelled names, some bad check digits and some empty strings."""
    n = frame.height
    respell = [
        _respelled(
            name, pl.Series(np.where(chance(rng, NAME_VARIANTS, n), below(rng, 5, n) + 1, 0))
        )
        for name in NAME_FIELDS
    ]

    ids = pl.col("p_unique_id")
    numeric = ids.str.contains(r"^\d{11}$").fill_null(False)
    last = ids.str.slice(10, 1).cast(pl.Int64, strict=False)
    wrong = ((last + pl.lit(pl.Series(below(rng, 9, n) + 1))) % 10).cast(pl.String)
    typo = numeric & pl.lit(pl.Series(chance(rng, BAD_CHECK_DIGITS, n)))
    frame = frame.with_columns(
        *respell,
        pl.when(typo)
        .then(pl.concat_str([ids.str.slice(0, 10), wrong]))
        .otherwise(ids)
        .alias("p_unique_id"),
    )

    # Series.set per column: a when/then per column would be a query of 55 expressions
    missing = frame.select(pl.all().is_null())
    columns = []
    for name, column in zip(frame.columns, frame.get_columns(), strict=True):
        blank = chance(rng, EMPTY_STRINGS, n)
        if column.null_count():
            column = column.set(pl.Series(missing[name].to_numpy() & blank), "")
        columns.append(column)
    return pl.DataFrame(columns)
