"""The tokens of free text: the words and numbers by which text and originals are matched up.

Lower-case runs of letters and digits, the digits of grouped numbers, phones written with a
slash or brackets, and the parts of names glued together (:func:`tokens`, and the run's
distinct ones, :func:`distinct_tokens`). Used by :mod:`washer.tables.projections` to gather the
run's text tokens, and by :mod:`washer.tables.mentioned` to read an original's first word the same
way.
"""

from __future__ import annotations

import polars as pl

from washer.fakes._textkeys import CODE_DIGITS
from washer.fakes._tokens import BRACKETED_PHONE, DIGIT_GAP, GLUE, GLUE_CUT, SLASHED_PHONE

# Digits in groups ("471 1093", "1508 854 561") or after a letter ("X K4711093"): an id may
# be written so; or a phone written 912/34567 or (912) 34 567, which the scrub reads only as a
# number of the row or the run (domain_pairs).
_GROUPED_DIGITS = (
    rf"{SLASHED_PHONE}|{BRACKETED_PHONE}|"
    rf"\p{{L}}[0-9]+(?:{DIGIT_GAP}[0-9]+)*|[0-9]+(?:{DIGIT_GAP}[0-9]+)+"
)


def tokens(text: pl.Expr) -> pl.Expr:
    """Lower-case runs of letters and digits (how free text and originals are matched up),
    and the digits of each run of grouped digits or digits after a letter, joined
    (``XK 471 1093`` and ``X K4711093`` name ``XK4711093`` by its number, :func:`_named`);
    a phone written with a slash or brackets as ``/`` and its digits (``/91234567``)."""
    # Only numbers of a code's length: shorter joined digits name no id, and every extra
    # short token lets thousands of originals through the first-word test (:func:`_named`).
    found = pl.element()
    digits = found.str.replace_all("[^0-9]+", "")
    # "/" + digits: no word has a "/", so the phone is told apart from the same digits in
    # another layout.
    grouped = text.str.extract_all(_GROUPED_DIGITS).list.eval(
        pl.when(found.str.contains("[/(]"))
        .then("/" + digits)
        .otherwise(digits)
        .filter(digits.str.len_bytes() >= CODE_DIGITS)
    )
    # Composed, so a letter typed as base + combining accent (macOS, "o\u0308") stays one word.
    composed = text.str.normalize("NFC")
    words = composed.str.to_lowercase().str.extract_all(_WORD)
    # A name glued to another ("PerHansen"): its parts too, which the scrub reads as words.
    return pl.concat_list(words, grouped, _glued_parts(composed))


def distinct_tokens(texts: pl.Series, name: str) -> pl.LazyFrame:
    """The distinct :func:`tokens` of ``texts`` (column ``name``, no nulls, in no order).

    Each of the three kinds is found over the texts' values flat, not per text as a list:
    the text composed once (its non-ASCII values only), not once per kind; the digit groups
    filtered as one column, not list by list; and the glued names read only in the few texts
    that have one.
    """
    found = pl.col(name)
    composed = _composed(texts).to_frame(name)
    words = composed.lazy().select(found.str.to_lowercase().str.extract_all(_WORD)).explode(name)
    digits = found.str.replace_all("[^0-9]+", "")
    grouped = (
        texts.to_frame(name)
        .lazy()
        .select(found.str.extract_all(_GROUPED_DIGITS))
        .explode(name)
        .select(
            pl.when(found.str.contains("[/(]"))
            .then("/" + digits)
            .otherwise(digits)
            .filter(digits.str.len_bytes() >= CODE_DIGITS)
            .alias(name)
        )
    )
    parts = (
        composed.lazy().filter(found.str.contains(GLUE)).select(_glued_parts(found)).explode(name)
    )
    return pl.concat([words, grouped, parts]).unique().drop_nulls()


def _glued_parts(text: pl.Expr) -> pl.Expr:
    """The words of the glued names in ``text`` (composed), cut where they were glued."""
    return (
        text.str.extract_all(_GLUED)
        .list.join(" ")
        .str.replace_all(GLUE_CUT, "${1} ${2}")
        .str.to_lowercase()
        .str.extract_all(_WORD)
    )


# A word (letters and digits, as :func:`tokens` reads them) with a lower-case letter right
# before a capital.
_GLUED = rf"[\p{{L}}\p{{N}}]*{GLUE}[\p{{L}}\p{{N}}]*"


def _composed(values: pl.Series) -> pl.Series:
    """``values`` in Unicode NFC, normalising only the values that are not ASCII (NFC leaves
    ASCII as it is; most originals and texts are ASCII, and normalising costs more than the
    check). ``values`` itself is left as it is."""
    at = (values.str.len_bytes() != values.str.len_chars()).arg_true()
    if not len(at):
        return values
    return values.clone().scatter(at, values.gather(at).str.normalize("NFC"))


_WORD = r"[\p{L}\p{N}]+"


__all__ = ["distinct_tokens", "tokens"]
