"""Invented names and the ways rows spell them, for the tests of one person, many spellings.

A name is a list of consonant-vowel syllables. Each row may write a vowel with an accent or as
its ASCII transliteration (``ø`` as ``oe``), in any case, decomposed (as macOS writes), or
with its UTF-8 read as Windows-1252. People whose names differ in their consonants (or who
have different birth dates) are different people under every spelling.
"""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

Syllables = list[tuple[str, str]]

_CONSONANTS = "bdfghjklmnprstvz"
_VOWEL_FORMS = {
    "a": ["a", "á", "à", "â", "å", "aa", "ä", "ae"],
    "e": ["e", "é", "è", "ê"],
    "i": ["i", "í", "ï"],
    "o": ["o", "ó", "ô", "ø", "oe", "ö"],
    "u": ["u", "ú", "ü", "ue"],
}
SYLLABLES = st.lists(
    st.tuples(st.sampled_from(_CONSONANTS), st.sampled_from(sorted(_VOWEL_FORMS))),
    min_size=2,
    max_size=3,
)


def consonants(syllables: Syllables) -> str:
    return "".join(c for c, _ in syllables)


@st.composite
def spelling(draw: st.DrawFn, syllables: Syllables) -> str:
    """One way to write the name: per vowel a form, a case, then its letters decomposed or
    its UTF-8 read as Windows-1252, and maybe a leading (no-break) space."""
    name = "".join(c + draw(st.sampled_from(_VOWEL_FORMS[v])) for c, v in syllables)
    name = draw(st.sampled_from([str.lower, str.upper, str.capitalize]))(name)
    damage = draw(st.sampled_from(["", "nfd", "mojibake"]))
    if damage == "nfd":
        name = unicodedata.normalize("NFD", name)
    elif damage == "mojibake":
        raw = name.encode("utf-8")
        try:
            name = raw.decode("cp1252")
        except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined (Á, Í, Ï)
            name = raw.decode("latin-1")
    return draw(st.sampled_from(["", " ", "\u00a0"])) + name
