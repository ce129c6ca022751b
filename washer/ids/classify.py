"""Which kind of identity number a value is, for one value or a whole column.

Values are normalised first (whitespace, dots and hyphens removed, letters upper-cased). Then:

* ``empty``: null or nothing left;
* an 11-digit value is ``fnr``, ``dnr``, ``hnr``, ``synthetic_fnr``, ``synthetic_dnr`` or
  ``fh`` when it is valid as that kind (classic or 2032 check-digit rule), else ``malformed``;
* ``passport``: other values of 5-12 letters A-Z and digits with at least one digit;
* ``malformed``: anything else.

>>> classify(' 150885 456 10 ')
<IdKind.FNR: 'fnr'>
>>> classify('15888545686')
<IdKind.SYNTHETIC_FNR: 'synthetic_fnr'>
>>> classify('20036914712')
<IdKind.MALFORMED: 'malformed'>
>>> classify('fh1234567')
<IdKind.PASSPORT: 'passport'>

:func:`classify_series` gives the same answers for a whole polars column with numpy and polars
expressions (no Python per value): a million distinct values take a fraction of a second.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import polars as pl

from washer.ids import dnr, fh, fnr, hnr, passport, synthetic
from washer.ids._parse import FH_CODE, NO_FORM, Parsed, digit_matrix, parse
from washer.ids._tables import IntArray
from washer.ids._text import SEPARATOR_CLASS, normalise


class IdKind(StrEnum):
    """The kinds :func:`classify` tells apart."""

    FNR = "fnr"
    DNR = "dnr"
    HNR = "hnr"
    SYNTHETIC_FNR = "synthetic_fnr"
    SYNTHETIC_DNR = "synthetic_dnr"
    FH = "fh"
    PASSPORT = "passport"
    MALFORMED = "malformed"
    EMPTY = "empty"


# codes: FORMS order (fnr, dnr, hnr, synthetic fnr, synthetic dnr), then FH, ...
KIND_BY_CODE = (
    IdKind.FNR,
    IdKind.DNR,
    IdKind.HNR,
    IdKind.SYNTHETIC_FNR,
    IdKind.SYNTHETIC_DNR,
    IdKind.FH,
    IdKind.PASSPORT,
    IdKind.MALFORMED,
    IdKind.EMPTY,
)
PASSPORT_CODE, MALFORMED_CODE, EMPTY_CODE = 6, 7, 8
assert KIND_BY_CODE[FH_CODE] is IdKind.FH

_ELEVEN = r"^[0-9]{11}$"
_PASSPORT = r"^[A-Z0-9]{5,12}$"


def classify(value: str | None) -> IdKind:
    """The kind of one value."""
    if value is None:
        return IdKind.EMPTY
    value = normalise(value)
    if not value:
        return IdKind.EMPTY
    if len(value) == 11 and value.isascii() and value.isdigit():
        if fh.is_valid(value):
            return IdKind.FH
        for module, kind in ((fnr, IdKind.FNR), (dnr, IdKind.DNR), (hnr, IdKind.HNR)):
            if module.is_valid(value):
                return kind
        if synthetic.is_valid(value):
            return IdKind(f"synthetic_{synthetic.get_kind(value)}")
        return IdKind.MALFORMED
    return IdKind.PASSPORT if passport.is_valid(value) else IdKind.MALFORMED


def normalise_series(s: pl.Series) -> pl.Series:
    """Separators removed and letters upper-cased, for a whole column."""
    return s.cast(pl.String).str.replace_all(SEPARATOR_CLASS, "").str.to_uppercase()


def classify_codes(normalised: pl.Series) -> tuple[IntArray, IntArray, Parsed]:
    """Kind codes of normalised values, plus the positions and parse of the 11-digit ones."""
    codes = np.full(len(normalised), MALFORMED_CODE, dtype=np.int64)
    empty = (normalised.is_null() | (normalised.str.len_bytes() == 0)).to_numpy()
    codes[empty] = EMPTY_CODE
    eleven_mask = normalised.str.contains(_ELEVEN).fill_null(False).to_numpy()
    eleven = np.flatnonzero(eleven_mask)
    parsed = parse(digit_matrix(normalised.filter(pl.Series(eleven_mask))))
    codes[eleven] = np.where(parsed.valid & (parsed.form != NO_FORM), parsed.form, MALFORMED_CODE)
    # Only the values of other shapes are read again (most are 11 digits, no passport).
    others = np.flatnonzero(~eleven_mask)
    rest = normalised.gather(others)
    passport_like = (rest.str.contains(_PASSPORT) & rest.str.contains("[0-9]")).fill_null(False)
    codes[others[passport_like.to_numpy()]] = PASSPORT_CODE
    return codes, eleven, parsed


def classify_series(s: pl.Series) -> pl.Series:
    """The kind of every value of a string column, as a string column called ``kind``."""
    codes, _, _ = classify_codes(normalise_series(s))
    names = np.array([str(k) for k in KIND_BY_CODE], dtype=object)
    return pl.Series("kind", names[codes], dtype=pl.String)
