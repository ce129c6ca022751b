"""Lookup keys for identifying values, so a value matches its occurrences in free text.

A value gets one key of the first kind that applies:

- ``E:`` an e-mail address (lowercased);
- ``P:`` a phone number (:func:`normalize_phone`), if it has no letters;
- ``I:`` an 11-digit identity number (spaces, dots, dashes ignored);
- ``T:`` anything else (names, addresses, passport numbers): its words and numbers, folded
  (:mod:`washer.fakes._fold`) and joined by one space, so ``"Anne-Marie"``, ``"ANNE MARIE"`` and
  ``"Storgata 12B"`` / ``"storgata 12 b"`` match whatever the case, accents or punctuation.

A ``T:`` key of 5 to 12 ASCII letters and digits, 5 digits or more (a passport, a malformed
id, an organisation number) also has a *code*, its words joined (:func:`code_table`), which a
text may spell in other groups (``XK 471 1093``).

Which texts may contain a value is probed cheaply elsewhere (:mod:`washer.fakes._probes`
for a row's own values, ``KnownValues.probes`` for the run's).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.fakes._fold import fold_expr
from washer.fakes.phones import normalize_phone

MAX_WORDS = 8
CONTENT = r"[\p{L}\p{M}]+(?:[?\x{fffd}]+[\p{L}\p{M}]+)*|[0-9]+"  # as words in _tokens
# Passports have 5 to 12 letters and digits; a window of fewer digits is too common in text.
CODE_CHARS = (5, 12)
CODE_DIGITS = 5
_CODE_KEY = r"^T:[a-z0-9 ]+$"


def value_keys(values: pl.Series) -> pl.DataFrame:
    """Columns ``orig``, ``key`` and ``ntok`` (words in a ``T:`` key, else 0) for each distinct
    non-empty value."""
    distinct = values.cast(pl.String).drop_nulls().unique()
    frame = pl.DataFrame(
        {"orig": distinct, "phone": pl.repeat(None, len(distinct), dtype=pl.String, eager=True)}
    )
    # Only values without letters or "@" can be phone numbers: parse just those.
    numeric = ~(distinct.str.contains(r"[\p{L}@]").to_numpy())
    if numeric.any():
        idx = np.flatnonzero(numeric)
        frame = frame.with_columns(
            frame["phone"].scatter(idx, normalize_phone(distinct.gather(idx)))
        )
    orig = pl.col("orig")
    digits = orig.str.replace_all(r"[\s.\-\u2010-\u2015\u2212]+", "")
    frame = frame.with_columns(
        fold_expr(orig).alias("folded"),
        digits.alias("digits"),
    ).with_columns(pl.col("folded").str.extract_all(CONTENT).alias("words"))
    is_email = orig.str.contains("@")
    is_phone = pl.col("phone").is_not_null() & ~orig.str.contains(r"\p{L}")
    is_id = pl.col("digits").str.contains("^[0-9]{11}$")
    words = pl.col("words")
    ntok = words.list.len()
    out = frame.select(
        orig,
        pl.when(is_email)
        .then(pl.lit("E:") + orig.str.strip_chars().str.to_lowercase())
        .when(is_phone)
        .then(pl.lit("P:") + pl.col("phone"))
        .when(is_id)
        .then(pl.lit("I:") + pl.col("digits"))
        .when((ntok > 0) & (ntok <= MAX_WORDS))
        .then(pl.lit("T:") + words.list.join(" "))
        .alias("key"),
        pl.when(is_email | is_phone | is_id).then(0).otherwise(ntok).cast(pl.Int32).alias("ntok"),
    )
    return out.filter(pl.col("key").is_not_null())


def code_table(keys: pl.DataFrame, *, by: list[str]) -> pl.DataFrame:
    """``by`` columns, ``key`` (the code) and ``fake`` of the ``T:`` keys of ``keys`` (columns
    ``by``, ``key``, ``fake``) that have a code; the first of a code (per ``by``) wins."""
    code = pl.col("key")
    return (
        keys.filter(code.str.contains(_CODE_KEY))
        .with_columns(code.str.slice(2).str.replace_all(" ", "", literal=True))
        .filter(
            code.str.len_bytes().is_between(*CODE_CHARS),
            code.str.count_matches("[0-9]") >= CODE_DIGITS,
        )
        .unique(subset=[*by, "key"], keep="first", maintain_order=True)
        .select(*by, "key", "fake")
    )
