"""How people write a name or an address in free text other than as its column holds it.

Each form is an expression on the original; the scrub pairs it with the fake written the same
way, so ``Hansen, Per`` becomes the fake surname and first name, not a leak. The forms:

- transliterated: ``Øvrebø`` as ``Oevreboe``, ``Åse`` as ``Aase`` (passports' machine-readable
  zone and systems without Norwegian letters write them so); the plain fold (``Ovrebo``) needs
  no form of its own, the scrub folds every word;
- a street with its usual abbreviation: ``Storgata 12B`` as ``Storgt 12B``, ``Kirkeveien 3`` as
  ``Kirkevn 3`` (the dot after it is punctuation to the scrub);
- a street with ``nr.`` or ``no.`` before its number: ``Storgata nr. 12B`` (its fake as it is,
  ``Fakeveien 7``; :func:`street_numbered`, applied to the few addresses the text mentions);
- a full name surname first (``Hansen, Per Olav``) and the surname alone (``p. hansen``);
- a name in the genitive (``Øvrebøs bil``), a part of a double first name (``Åse`` of
  ``Åse-Marie``), a part of a surname of several that names someone alone (``Sheehan`` of
  ``O'Sheehan``, ``Berg`` of ``Hansen Berg``: :func:`surname_parts`);
- an organisation number grouped as printed (``974 760 673``);
- an employer without its legal form (``Bygg og Anlegg`` of ``Bygg og Anlegg AS``), with ``&``
  for ``og`` or the other way round.
"""

from __future__ import annotations

import polars as pl

from washer.fakes._fold import fold_expr

# Norwegian street words and their usual abbreviations; text that holds one has such a word.
STREET_SHORT = {"gata": "gt", "gate": "gt", "veien": "vn", "vegen": "vn", "plass": "pl"}
SHORT_WORD = r"(?i)(?:gt|vn|pl)(?-u:\b)"
# The words written before a house number ("Storgata nr. 12"); text that holds one before a
# number may hold such an address.
NUMBER_WORDS = ("nr", "no")
NUMBER_WORD = r"(?i)(?-u:\b)n[or]\.?\s*[0-9]"
# Either: a text that may hold a street written so.
STREET_WORD = f"{SHORT_WORD}|{NUMBER_WORD}"
_TRANSLITERATION = {
    "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa", "æ": "ae", "Æ": "Ae",
    "ö": "oe", "Ö": "Oe", "ä": "ae", "Ä": "Ae", "ü": "ue", "Ü": "Ue",
}  # fmt: skip
_LAST_WORD = r"\s*\S+\s*$"
_LEGAL_FORM = r"(?i)[\s,]+(?:AS|ASA|ANS|DA|ENK|SA|BA|NUF|KS)\.?\s*$"


def transliterated(value: pl.Expr) -> pl.Expr:
    return value.str.replace_many(_TRANSLITERATION)


def street_abbreviated(value: pl.Expr) -> pl.Expr:
    """Literal and case-blind, so cheap on every row; an odd form of a word that only contains
    the street word ("Gatedal") is a harmless extra pair."""
    return value.str.replace_many(
        list(STREET_SHORT), list(STREET_SHORT.values()), ascii_case_insensitive=True
    )


def street_numbered(value: pl.Expr, word: str) -> pl.Expr:
    """``Storgata 12B`` -> ``Storgata nr. 12B`` (``word`` and a dot before the first number
    after a space); null where the value has none. A search and two slices of its bytes (the
    search gives a byte offset), so cheap on every row: a replacement by capture groups costs
    several times as much."""
    at = value.str.find(r"\s[0-9]")
    raw = value.cast(pl.Binary)
    # cut where the match starts, a character boundary, so both halves are whole UTF-8
    head, tail = raw.bin.head(at).cast(pl.String), raw.bin.slice(at).cast(pl.String)
    return pl.when(at > 0).then(head + f" {word}." + tail)


def surname(full_name: pl.Expr) -> pl.Expr:
    """The last word of a full name."""
    return full_name.str.extract(r"(\S+)\s*$", 1)


def surname_first(full_name: pl.Expr) -> pl.Expr:
    """``Per Olav Hansen`` -> ``Hansen Per Olav``; null for a single word."""
    rest = full_name.str.replace(_LAST_WORD, "").str.strip_chars()
    return pl.when(rest.str.len_bytes() > 0).then(
        pl.concat_str([surname(full_name), rest], separator=" ")
    )


def genitive(name: pl.Expr) -> pl.Expr:
    """``Øvrebø`` -> ``Øvrebøs``, ``Hans`` -> ``Hans'``."""
    bare = name.str.strip_chars()
    return pl.when(bare.str.contains(r"(?i)[sxz]$")).then(bare + "'").otherwise(bare + "s")


def _genitive_form(orig: pl.Expr, fake: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """An original ending in s, x or z reads the same in the genitive (``Hans'``): no form."""
    return pl.when(~orig.str.contains(r"(?i)[sxz]\s*$")).then(genitive(orig)), genitive(fake)


def name_parts(name: pl.Expr) -> list[pl.Expr]:
    """The first and the last part of a double name (``Åse`` and ``Marie`` of
    ``Åse-Marie``); null for a name of one part."""
    return [
        name.str.extract(r"^\s*([^\s\-]+)[\s\-]", 1),
        name.str.extract(r"[\s\-]([^\s\-]+)\s*$", 1),
    ]


SHORTEST_SURNAME_PART = 4
"""Letters (folded: ``æ`` is two) a part of a surname needs to name someone written alone;
``O`` of ``O'Sheehan``, ``Mc`` or ``Moe`` of ``Moe-Larsen`` do not."""
SURNAME_PARTICLES = frozenset({"dalla", "della", "delle", "dello", "degli", "bint"})
"""Particles of 4 letters or more (``van``, ``von``, ``der``, ``de`` are shorter): no one's name."""


def names_alone(part: pl.Expr) -> pl.Expr:
    """True where a folded (lower-case, unaccented) part of a surname of several names someone
    written alone. The wash replaces such parts (:func:`surname_parts`); the audit calls only
    such parts of a surname a leak."""
    return (part.str.len_chars() >= SHORTEST_SURNAME_PART) & ~part.is_in(list(SURNAME_PARTICLES))


def surname_parts(name: pl.Expr) -> pl.Expr:
    """The parts of a surname of several that name someone alone (:func:`names_alone`), as
    written: ``[Sheehan]`` of ``O'Sheehan``, ``[Hansen, Berg]`` of ``Hansen Berg``,
    ``[Berg]`` of ``van der Berg``; null for a surname of one part."""
    parts = name.str.extract_all(r"[\p{L}\p{M}]+")
    kept = parts.list.eval(pl.element().filter(names_alone(fold_expr(pl.element()))))
    return pl.when(parts.list.len() > 1).then(kept)


def without_legal_form(company: pl.Expr) -> pl.Expr:
    """``Bygg og Anlegg AS`` -> ``Bygg og Anlegg``."""
    return company.str.replace(_LEGAL_FORM, "")


def grouped_orgnr(digits: pl.Expr) -> pl.Expr:
    """Nine digits grouped 3-3-3, as an organisation number is printed (``974 760 673``)."""
    return pl.concat_str(
        [digits.str.slice(0, 3), digits.str.slice(3, 3), digits.str.slice(6)], separator=" "
    )


def written_forms(field: str, orig: pl.Expr, fake: pl.Expr) -> list[tuple[pl.Expr, pl.Expr]]:
    """(original, fake) written the other ways people write an entity ``field`` (``first``,
    ``last``, ``full``, ``address``, ``name``); none for other fields. A null original is no
    form."""
    if field not in ("first", "last", "full", "address", "name"):
        return []
    forms = [(transliterated(orig), fake)]
    if field in ("first", "last", "full"):
        forms.append(_genitive_form(orig, fake))
    if field == "first":
        forms += [(part, fake) for part in name_parts(orig)]
    if field == "full":
        forms += [
            (surname_first(orig), surname_first(fake)),
            (surname(orig), surname(fake)),
            _genitive_form(surname(orig), surname(fake)),
        ]
    if field == "address":
        forms.append((street_abbreviated(orig), fake))
    if field == "name":
        bare, bare_fake = without_legal_form(orig), without_legal_form(fake)
        forms += [
            (bare, bare_fake),
            (orig.str.replace_all(" & ", " og ", literal=True), fake),
            (orig.str.replace_all(" og ", " & ", literal=True), fake),
        ]
    return forms


__all__ = [
    "NUMBER_WORD",
    "NUMBER_WORDS",
    "SHORTEST_SURNAME_PART",
    "SHORT_WORD",
    "STREET_SHORT",
    "STREET_WORD",
    "SURNAME_PARTICLES",
    "genitive",
    "grouped_orgnr",
    "name_parts",
    "names_alone",
    "street_abbreviated",
    "street_numbered",
    "surname",
    "surname_first",
    "surname_parts",
    "transliterated",
    "without_legal_form",
    "written_forms",
]
