"""What counts as a separator in an identity number, shared by Python and polars code.

Whitespace (Unicode White_Space, written out so Python's ``re`` and polars' Rust regex agree
exactly), zero-width spaces, the byte-order mark, dots and hyphens are removed before a value
is classified or validated.
"""

from __future__ import annotations

import re

_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200C))  # en quad .. zero-width space
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
SEPARATOR_CLASS = "[" + _WHITESPACE + r"\.\-" + "]"
"""A regex character class (valid for ``re`` and for polars) matching one separator."""

_SEPARATORS = re.compile(SEPARATOR_CLASS)


def strip_separators(value: str) -> str:
    """``value`` without separators."""
    return _SEPARATORS.sub("", value)


def normalise(value: str) -> str:
    """Separators removed and letters upper-cased: the form values are compared in."""
    return strip_separators(value).upper()
