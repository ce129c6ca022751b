"""Placeholders: what a form holds in an id field where the traveller gave no number.

Real extracts hold them (travellers without a Norwegian number, forms filled with ``0`` or
``ukjent``). A placeholder names nobody: the wash links no rows by it and keeps it as
written (it is no personal data, and needs no fake); the audit judges it as no id.

A value is a placeholder when, read without its punctuation, spaces and symbols and with
letters upper-cased, it is

* one digit, repeated or not: ``0``, ``00000000000``, ``11111111111``, ``9999 9999``;
* nothing at all (the value is only punctuation or symbols): ``-``, ``?``, ``--``, ``*``;
* one of :data:`WORDS`, a word for *unknown* or *none*: ``ukjent``, ``N/A``, ``ikke oppgitt``,
  ``XXXXXXXXXXX``.

Why no identity number is taken for one: an fnr, D-, H-, FH- or synthetic number is 11 digits
with valid check digits and a valid date (or an FH-number's first digit 8 or 9), and no
repetition of one digit is all three (``00000000000`` has day 00, ``11111111111`` passes only
the 2032 check-digit rule, which is not given to people born in 1911; the others fail their
check digits, day or month). A passport number is letters and digits; a real one is not a
single digit repeated. A value of letters alone is a placeholder only as one of the
:data:`WORDS`: a name or an e-mail address written into the id field is faked as an id (and
the audit reports it), never published as written.

>>> [is_placeholder(v) for v in ("0", "000 000 000 00", "Ukjent", "n/a", "-", "?")]
[True, True, True, True, True, True]
>>> [is_placeholder(v) for v in ("0000000001", "15088545610", "FH1234567", "Ola", "", None)]
[False, False, False, False, False, False]
"""

from __future__ import annotations

import polars as pl

WORDS = (
    "UKJENT",
    "UKJEND",
    "UKJ",
    "UBEKJENT",
    "MANGLER",
    "INGEN",
    "IKKE",
    "IKKEOPPGITT",
    "IKKEKJENT",
    "HARIKKE",
    "HARINGEN",
    "NEI",
    "NA",
    "NONE",
    "NULL",
    "UNKNOWN",
    "MISSING",
)
"""Words that stand for no number (Norwegian and English), as compared: letters only, upper
case. Any number of ``X`` (a masked value) counts too."""

_NOT_LETTER_OR_DIGIT = r"[^\p{L}\p{N}]"
_PLACEHOLDER = "^(?:" + "|".join(["", *(f"{d}+" for d in range(10)), "X+", *WORDS]) + ")$"


def placeholder(value: pl.Expr) -> pl.Expr:
    """True where a string value is a placeholder, else False (null for null)."""
    core = value.str.replace_all(_NOT_LETTER_OR_DIGIT, "").str.to_uppercase()
    return (value.str.len_bytes() > 0) & core.str.contains(_PLACEHOLDER)


_REPEATED_DIGIT = "^(?:" + "|".join(f"{d}+" for d in range(10)) + ")$"


def placeholder_flags(values: pl.Series) -> pl.Series:
    """:func:`placeholder` of each value. Most ids are ASCII digits only, which are their own
    compared form: for those, one digit repeated is the only placeholder, and only the
    others are read without punctuation and upper-cased (half the time on a run's ids)."""
    digits = values.str.contains("^[0-9]+$").fill_null(False)
    found = values.str.contains(_REPEATED_DIGIT)  # right for the digits-only values
    if bool(digits.all()):
        return found.alias(values.name)
    others = (~digits).arg_true()
    rest = values.gather(others).to_frame("v").select(placeholder(pl.col("v")))["v"]
    return found.scatter(others, rest).alias(values.name)


def is_placeholder(value: str | None) -> bool:
    """Whether one value is a placeholder (see the module docstring)."""
    if value is None:
        return False
    return bool(pl.select(placeholder(pl.lit(value, dtype=pl.String))).item())


__all__ = ["WORDS", "is_placeholder", "placeholder", "placeholder_flags"]
