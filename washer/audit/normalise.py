"""Normal forms under which an original value and its copy in washed output compare equal.

Every function here is a polars expression, so whole columns are normalised at once. Originals
and washed cells go through the same function, so spelling differences (case, accents,
whitespace, a UTF-8 text read as cp1252, phone formats) do not hide a copied value.
"""

from __future__ import annotations

import polars as pl

from washer.fakes._tokens import visible

# Dates and times are never identifying here; they are cut out of a cell before digit runs are
# read from it, so ``2021-09-04`` is not mistaken for an eight-digit phone number.
DATETIME_PATTERN = (
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
# Between two digits: any whitespace (a no-break space from a word processor, two spaces, a
# line break) or one dot or dash (also a typographic dash or the minus sign).
_SEP = r"(?:\s+|[.\-\u2010-\u2015\u2212])?"
GAP = _SEP
"""What may stand between two digits of one number (optional)."""
DIGIT_RUN_PATTERN = rf"\+?\d(?:{_SEP}\d)*"
"""A run of digits with whitespace or one dot or dash between two digits (``912 34 567``)."""
EMAIL_PATTERN = r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}"

_LETTERS = "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿšžœł"


def _mojibake_table() -> tuple[list[str], list[str]]:
    """Lower-cased UTF-8-read-as-cp1252/latin-1 spellings of accented letters -> the letter."""
    wrong: dict[str, str] = {}
    for letter in _LETTERS + _LETTERS.upper():
        for encoding in ("cp1252", "latin-1"):
            try:
                mangled = letter.encode("utf-8").decode(encoding).lower()
            except UnicodeDecodeError:
                continue
            if len(mangled) == 2 and mangled.isprintable():
                wrong.setdefault(mangled, letter.lower())
    return list(wrong), list(wrong.values())


_MOJIBAKE_FROM, _MOJIBAKE_TO = _mojibake_table()
# Letters that Unicode decomposition leaves alone.
_FOLD = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}


def text(expr: pl.Expr) -> pl.Expr:
    """Lower case, repaired mojibake, no accents, words of letters or digits joined by one space.

    ``" Bjørn  ÅSE-Müller "`` and its UTF-8 bytes read as cp1252 both become
    ``"bjorn ase muller"``,
    ``"Storgata 12B"`` becomes ``"storgata 12 b"``; an empty result is null.
    """
    # A soft hyphen or zero-width space pasted inside a word does not hide it.
    e = visible(expr).str.to_lowercase().str.replace_many(_MOJIBAKE_FROM, _MOJIBAKE_TO)
    e = e.str.replace_many(list(_FOLD), list(_FOLD.values()))
    e = e.str.normalize("NFKD").str.replace_all(r"\p{M}+", "")
    # Letters and digits are separate words, so "12B" and "12 b" (and "FA123", "FA 123") agree.
    e = e.str.replace_all(r"(\p{L})(\p{N})", "$1 $2").str.replace_all(r"(\p{N})(\p{L})", "$1 $2")
    e = e.str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()
    return pl.when(e.str.len_bytes() > 0).then(e)


def ascii_text(expr: pl.Expr) -> pl.Expr:
    """:func:`text` for values that are pure ASCII (same result, several times faster).

    The words of :func:`text` are the runs of letters and the runs of digits: found in one
    pass, without the replacements by capture group that splitting ``12B`` costs.
    """
    e = expr.str.to_lowercase().str.extract_all(r"[a-z]+|[0-9]+").list.join(" ")
    return pl.when(e.str.len_bytes() > 0).then(e)


def text_values(values: pl.Series) -> pl.Series:
    """:func:`text` of every value of a series, taking the fast path for ASCII values."""
    frame = values.cast(pl.String).to_frame("v").with_row_index("i").lazy()
    ascii_only = pl.col("v").str.contains(r"^[\x00-\x7f]*$").fill_null(True)
    parts = pl.collect_all(
        [
            frame.filter(ascii_only).select("i", t=ascii_text(pl.col("v"))),
            frame.filter(~ascii_only).select("i", t=text(pl.col("v"))),
        ]
    )
    return pl.concat(parts).sort("i")["t"].rename(values.name)


def id_values(values: pl.Series) -> pl.Series:
    """:func:`id_key` of every value of a series (ASCII values take a cheap path)."""
    frame = values.cast(pl.String).to_frame("v").with_row_index("i").lazy()
    ascii_only = pl.col("v").str.contains(r"^[\x00-\x7f]*$").fill_null(True)
    compact = pl.col("v").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "")
    parts = pl.collect_all(
        [
            frame.filter(ascii_only).select(
                "i", t=pl.when(compact.str.len_bytes() > 0).then(compact)
            ),
            frame.filter(~ascii_only).select("i", t=id_key(pl.col("v"))),
        ]
    )
    return pl.concat(parts).sort("i")["t"].rename(values.name)


def email_key(expr: pl.Expr) -> pl.Expr:
    """An e-mail cell as compared whole: trimmed, lower case."""
    e = expr.str.strip_chars().str.to_lowercase()
    return pl.when(e.str.len_bytes() > 0).then(e)


def digits(expr: pl.Expr) -> pl.Expr:
    """Only the digits of a value (null when there are none)."""
    e = expr.str.replace_all(r"\D+", "")
    return pl.when(e.str.len_bytes() > 0).then(e)


def phone_plus(run: pl.Expr) -> pl.Expr:
    """True where a run of digits is written with a leading ``+`` (a country code)."""
    return run.str.contains(r"^\s*\+")


def canonical_phone(plus: pl.Expr, d: pl.Expr) -> pl.Expr:
    """:func:`phone_from_digits` from its parts: the ``+`` flag and the digits.

    Give it column references: polars does not share repeated work inside ``when`` chains,
    so computing the parts once (as columns) is several times faster on big frames.
    """
    size = d.str.len_bytes()
    return (
        pl.when(plus)
        .then(pl.when(size >= 8).then(d))
        .when(d.str.starts_with("00"))
        .then(pl.when(size >= 10).then(d.str.slice(2)))
        .when(size == 8)
        .then(pl.lit("47") + d)
        .when(size >= 8)
        .then(d)
    )


def phone_from_digits(run: pl.Expr) -> pl.Expr:
    """Canonical phone number ``<country code><national number>`` from one run of digits.

    ``+47 912 34 567``, ``0047 91234567``, ``4791234567`` and ``91234567`` all give
    ``4791234567``: a leading ``+`` or ``00`` marks the country code, eight bare digits are a
    Norwegian number. Fewer than eight digits is not a phone number (null).
    """
    return canonical_phone(phone_plus(run), run.str.replace_all(r"\D+", ""))


def phone_parts(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The ``+`` flag and the digits of a phone cell, the trunk ``(0)`` dropped.

    The same as removing every ``(0)`` first and then reading :func:`phone_plus` and the
    digits, but each in one pass over the text (the trunk is matched where it stands).
    """
    plus = expr.str.contains(r"^(?:\s|\(0\))*\+")
    return plus, expr.str.replace_all(r"\(0\)|[^\d(]+|\(", "")


def phone(expr: pl.Expr) -> pl.Expr:
    """Canonical phone number of a whole cell (``+44 (0)20 ...`` drops the trunk ``(0)``)."""
    return canonical_phone(*phone_parts(expr))


# "@" and "." spelled out to fool address harvesters: "ola(at)firma(dot)no", "ola @ firma.no"
SPELLED_AT = r"\s*(?:@|[(\[{]\s*at\s*[)\]}])\s*"
_SPELLED_DOT = r"\s*[(\[{]\s*dot\s*[)\]}]\s*"


def emails(expr: pl.Expr) -> pl.Expr:
    """Every e-mail address inside a value, lower case (a list); also spelled out."""
    e = expr.str.to_lowercase().str.replace_all(SPELLED_AT, "@")
    return e.str.replace_all(_SPELLED_DOT, ".").str.extract_all(EMAIL_PATTERN)


# An address as it is usually written, alone in its value: :func:`emails` finds it whole.
_PLAIN_EMAIL = r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"


def email_rows(frame: pl.DataFrame, value: str, name: str) -> pl.DataFrame:
    """``frame`` with a column ``name``: each e-mail address in its column ``value``
    (:func:`emails`), one row per address; rows without any are left out.

    A value that is one plain address (most e-mail cells) is only lower-cased, without the
    regular expressions of :func:`emails`.
    """
    # Read once: as an expression in both filters the pattern would run twice over every value.
    plain = frame.select(pl.col(value).str.contains(_PLAIN_EMAIL)).to_series()
    lowered = frame.filter(plain).with_columns(pl.col(value).str.to_lowercase().alias(name))
    found = frame.filter(~plain).with_columns(emails(pl.col(value)).alias(name))
    return pl.concat([lowered, found.explode(name).drop_nulls(name)])


def id_key(expr: pl.Expr) -> pl.Expr:
    """A person id without separators: ``150885 456.10`` -> ``15088545610``."""
    e = text(expr).str.replace_all(" ", "", literal=True)
    return pl.when(e.str.len_bytes() > 0).then(e)


def without_datetimes(expr: pl.Expr) -> pl.Expr:
    """A value with ISO dates and date-times blanked out."""
    return expr.str.replace_all(DATETIME_PATTERN, " ")


def digit_runs(expr: pl.Expr) -> pl.Expr:
    """Runs of digits (see :data:`DIGIT_RUN_PATTERN`) outside dates, as a list."""
    return without_datetimes(expr).str.extract_all(DIGIT_RUN_PATTERN)


def blank_to_null(expr: pl.Expr) -> pl.Expr:
    """Null for empty or whitespace-only strings, the value otherwise."""
    return pl.when(expr.str.strip_chars().str.len_bytes() > 0).then(expr)


__all__ = [
    "DATETIME_PATTERN",
    "DIGIT_RUN_PATTERN",
    "EMAIL_PATTERN",
    "GAP",
    "SPELLED_AT",
    "ascii_text",
    "blank_to_null",
    "canonical_phone",
    "digit_runs",
    "digits",
    "email_key",
    "email_rows",
    "emails",
    "id_key",
    "id_values",
    "phone",
    "phone_from_digits",
    "phone_parts",
    "phone_plus",
    "text",
    "text_values",
    "without_datetimes",
]
