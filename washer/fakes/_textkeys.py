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
import numpy.typing as npt
import polars as pl

from washer.fakes._fold import fold_expr
from washer.fakes.phones import normalize_phone

MAX_WORDS = 8
CONTENT = r"[\p{L}\p{M}]+(?:[?\x{fffd}]+[\p{L}\p{M}]+)*|[0-9]+"  # as words in _tokens
# Passports have 5 to 12 letters and digits; a window of fewer digits is too common in text.
CODE_CHARS = (5, 12)
CODE_DIGITS = 5
_CODE_KEY = r"^T:[a-z0-9 ]+$"
_V = pl.col("v")


def value_keys(values: pl.Series) -> pl.DataFrame:
    """Columns ``orig``, ``key`` and ``ntok`` (words in a ``T:`` key, else 0) for each distinct
    non-empty value."""
    keys = distinct_keys(values.cast(pl.String).drop_nulls().unique())
    return keys.filter(pl.col("key").is_not_null())


def keyed_address(values: pl.Expr) -> pl.Expr:
    """The address an e-mail value (one with an ``@``) is known by: its ``E:`` key without
    the prefix (the scrub looks it up by an e-mail token's address)."""
    return values.str.strip_chars().str.to_lowercase()


def distinct_keys(distinct: pl.Series) -> pl.DataFrame:
    """:func:`value_keys` of values already distinct and not null, one row per value in their
    order (``key`` null where a value has none): the caller need not join them back.

    Each kind's key is computed only for the values of that kind (the first kind that applies
    wins): about half the known values are e-mail addresses, which need no folding.
    """
    key = pl.repeat(None, len(distinct), dtype=pl.String, eager=True)
    ntok = np.zeros(len(distinct), dtype=np.int32)
    email = distinct.str.contains("@").to_numpy()
    letters = distinct.str.contains(r"\p{L}").to_numpy()
    _put(key, email, distinct, pl.lit("E:") + keyed_address(_V))
    # Only values without letters or "@" can be phone numbers: parse just those.
    numeric = np.flatnonzero(~(letters | email))
    phone = np.zeros(len(distinct), dtype=np.bool_)
    if len(numeric):
        parsed = normalize_phone(distinct.gather(numeric))
        phone[numeric] = parsed.is_not_null().to_numpy()
        valid = parsed.is_not_null().arg_true()
        key.scatter(numeric[valid.to_numpy()], "P:" + parsed.gather(valid))
    # An identity number: 11 digits once its separators are gone (and no letters).
    maybe_id = np.flatnonzero(~(email | phone | letters))
    is_id = np.zeros(len(distinct), dtype=np.bool_)
    if len(maybe_id):
        bare = distinct.gather(maybe_id).str.replace_all(r"[\s.\-\u2010-\u2015\u2212]+", "")
        found = bare.str.contains("^[0-9]{11}$").to_numpy()
        is_id[maybe_id] = found
        if found.any():
            key.scatter(maybe_id[found], "I:" + bare.filter(pl.Series(found)))
    text = np.flatnonzero(~(email | phone | is_id))
    if len(text):
        words = _word_keys(distinct.gather(text))
        count = words["ntok"].to_numpy()
        ntok[text] = count
        keyed = (count > 0) & (count <= MAX_WORDS)
        key.scatter(text[keyed], words["key"].filter(pl.Series(keyed)))
    return pl.DataFrame({"orig": distinct.alias("orig"), "key": key, "ntok": ntok})


def _word_keys(values: pl.Series) -> pl.DataFrame:
    """``key`` (``T:`` and the folded words) and ``ntok`` (their number) of each value."""
    words = fold_expr(_V).str.extract_all(CONTENT)
    # Lazily: both columns read the words, which an eager select folds and finds twice.
    return (
        values.to_frame("v")
        .lazy()
        .select((pl.lit("T:") + words.list.join(" ")).alias("key"), words.list.len().alias("ntok"))
        .collect()
    )


def _put(key: pl.Series, where: npt.NDArray[np.bool_], values: pl.Series, expr: pl.Expr) -> None:
    """Set ``key`` where ``where`` to ``expr`` of ``values`` (as column ``v``) there."""
    at = np.flatnonzero(where)
    if len(at):
        key.scatter(at, values.gather(at).to_frame("v").select(expr).to_series())


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
