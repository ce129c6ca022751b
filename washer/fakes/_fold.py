"""Case and accent folding for comparing names and words: ``"BJØRN"``, ``"Bjørn"``,
``"bjorn"`` and its mojibake (the UTF-8 bytes of ``ø`` read as Windows-1252, two characters)
all fold to ``"bjorn"``.

Vectorised as polars ``to_lowercase`` plus one Aho-Corasick ``replace_many`` over a table built
at import from Unicode decompositions, which the Unicode stability policy freezes, so the
folding cannot drift between machines or Python versions.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import polars as pl

# Letters without a decomposition to an ASCII base.
_SPECIAL = {
    "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
    "\u0131": "i", "ŀ": "l", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k", "\u017f": "s",
}  # fmt: skip
_QUOTES = {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"}
_DASHES = {"\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"}


def _fold_char(ch: str) -> str | None:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base.isascii() and base != ch else None


def _latin_letters() -> list[str]:
    """Lowercase Latin letters with diacritics (Latin-1 Supplement, Extended-A and -B) and the
    ordinal indicators."""
    return [
        chr(cp)
        for cp in range(0xAA, 0x250)
        if unicodedata.category(chr(cp)) in ("Ll", "Lo") and _fold_char(chr(cp)) is not None
    ]


def _mojibake(ch: str) -> list[str]:
    """How ``ch`` looks when its UTF-8 bytes were decoded as Windows-1252 or Latin-1, lowercased."""
    raw = ch.encode("utf-8")
    out = []
    for encoding in ("cp1252", "latin-1"):
        try:
            out.append(raw.decode(encoding).lower())
        except UnicodeDecodeError:
            continue
    return out


@lru_cache(maxsize=1)
def fold_table() -> tuple[list[str], list[str]]:
    """(patterns, replacements) for ``replace_many`` after lowercasing; mojibake pairs first."""
    pairs: dict[str, str] = {}
    letters = _latin_letters()
    for ch in letters + [c for c in _SPECIAL if c not in letters]:
        folded = _fold_char(ch) or ch
        for variant in {ch, ch.upper()}:
            if len(variant) != 1:  # "ß".upper() is "SS"
                continue
            for garbled in _mojibake(variant):
                if len(garbled) == 2:
                    pairs.setdefault(garbled, folded)
    singles = {ch: (_fold_char(ch) or ch) for ch in letters}
    singles.update(_SPECIAL)
    singles.update({chr(cp): "" for cp in range(0x300, 0x370)})  # stray combining marks
    ordered = list(pairs.items()) + list(singles.items())
    return [p for p, _ in ordered], [r for _, r in ordered]


@lru_cache(maxsize=1)
def mojibake_pairs() -> tuple[str, ...]:
    """Every two-character mojibake sequence the fold repairs (both cases), for tokenisers."""
    out: set[str] = set()
    for pattern in fold_table()[0]:
        if len(pattern) == 2:
            out.add(pattern)
            out.add(pattern[0].upper() + pattern[1])
            out.add(pattern.upper())
    return tuple(sorted(out))


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """Lowercase and strip accents (ASCII where a Latin letter has an ASCII base)."""
    patterns, replacements = fold_table()
    return expr.str.to_lowercase().str.replace_many(patterns, replacements, leftmost=True)


def fold(s: pl.Series) -> pl.Series:
    """:func:`fold_expr` of a Series. An ASCII value is only lowercased: every pattern of the
    fold is non-ASCII (and building its Aho-Corasick automaton costs about 2 ms a call), so
    ``replace_many`` runs on the other values only."""
    lower = s.str.to_lowercase()
    wide = (s.str.len_bytes() != s.str.len_chars()).fill_null(False)  # not ASCII
    if not wide.any():
        return lower.alias(s.name)
    if wide.all():
        return pl.select(fold_expr(pl.lit(s))).to_series().alias(s.name)
    at = wide.arg_true()
    return lower.scatter(at, fold(s.gather(at))).alias(s.name)


def unify_punctuation_expr(expr: pl.Expr) -> pl.Expr:
    """Typographic apostrophes and dashes to ASCII ``'`` and ``-``."""
    table = {**_QUOTES, **_DASHES}
    return expr.str.replace_many(list(table), list(table.values()))
