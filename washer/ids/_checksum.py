"""Mod-11 check digits and century series of Norwegian 11-digit person numbers.

Shared by every 11-digit kind (fnr, D, H, FH, synthetic): scalar functions for single values
and numpy versions that work on whole columns at once.

``K1 = 11 - (3d1+7d2+6m1+1m2+8y1+9y2+4i1+5i2+2i3) mod 11`` and
``K2 = 11 - (5d1+4d2+3m1+2m2+7y1+6y2+5i1+4i2+3i3+2K1) mod 11``; 11 becomes 0 and 10 makes
the prefix unusable. From 2032 a K1 is also valid when ``(S1 + K1) mod 11`` is 1, 2 or 3.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

IntArray = npt.NDArray[np.int64]


def _digits(text: str) -> list[int]:
    return [ord(c) - 48 for c in text]


def check_digits(prefix: str) -> tuple[int, int] | None:
    """The classic check digits of a 9-digit prefix, or None when the prefix is unusable."""
    d = _digits(prefix)
    k1 = (11 - sum(w * x for w, x in zip(K1_WEIGHTS, d, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(w * x for w, x in zip(K2_WEIGHTS, [*d, k1], strict=True)) % 11) % 11
    if k2 == 10:
        return None
    return k1, k2


def is_valid_classic(number: str) -> bool:
    """True for an 11-digit string whose check digits follow the classic rule."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    cd = check_digits(number[:9])
    return cd is not None and cd == (int(number[9]), int(number[10]))


def is_valid_2032(number: str) -> bool:
    """True for an 11-digit string valid under the 2032 rule (which admits every classic one)."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    d = _digits(number)
    s1 = sum(w * x for w, x in zip(K1_WEIGHTS, d[:9], strict=True)) + d[9]
    s2 = sum(w * x for w, x in zip(K2_WEIGHTS, d[:10], strict=True)) + d[10]
    return s1 % 11 in (0, 1, 2, 3) and s2 % 11 == 0


def k1_options_2032(prefix: str) -> list[int]:
    """Every K1 digit that the 2032 rule admits for a 9-digit prefix, classic one first."""
    s1 = sum(w * x for w, x in zip(K1_WEIGHTS, _digits(prefix), strict=True))
    options = sorted({(r - s1) % 11 for r in (0, 1, 2, 3)}, key=lambda k: (s1 + k) % 11)
    return [k for k in options if k != 10]


def k2_for(prefix10: str) -> int | None:
    """The K2 digit for a 10-digit prefix (nine digits and K1), or None when unusable."""
    s2 = sum(w * x for w, x in zip(K2_WEIGHTS, _digits(prefix10), strict=True))
    k2 = (11 - s2 % 11) % 11
    return None if k2 == 10 else k2


def check_digits_array(prefixes: IntArray) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
    """Classic check digits for an array of 9-digit prefixes given as integers.

    Returns ``(k1, k2, usable)``; where ``usable`` is False the digits are meaningless.
    """
    p = np.asarray(prefixes, dtype=np.int64)
    digits = (p[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    return check_digits_of(digits)


def check_digits_of(digits: IntArray) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
    """:func:`check_digits_array` of prefixes given as their digits, one row each (the first
    nine columns are read: whole numbers may be given)."""
    prefix = digits[:, :9]
    k1 = (11 - prefix @ np.array(K1_WEIGHTS) % 11) % 11
    # The second check digit weighs the first as the tenth digit.
    k2 = (11 - (prefix @ np.array(K2_WEIGHTS[:9]) + K2_WEIGHTS[9] * k1) % 11) % 11
    usable = (k1 != 10) & (k2 != 10)
    return k1, k2, usable


def numbers_array(prefixes: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Whole 11-digit numbers (as integers) for 9-digit prefixes, and which are usable."""
    k1, k2, usable = check_digits_array(prefixes)
    return np.asarray(prefixes, dtype=np.int64) * 100 + k1 * 10 + k2, usable


def century(individual: int, yy: int) -> int | None:
    """The century (1800, 1900 or 2000) that an individual number gives a two-digit year."""
    if individual <= 499:
        return 1900
    if 500 <= individual <= 749 and yy >= 54:
        return 1800
    if individual >= 500 and yy <= 39:
        return 2000
    if individual >= 900 and yy >= 40:
        return 1900
    return None


def individual_allowed(year: int) -> npt.NDArray[np.bool_]:
    """A 1000-long mask of the individual numbers (III) that a birth year may carry."""
    mask = np.zeros(1000, dtype=np.bool_)
    if 1854 <= year <= 1899:
        mask[500:750] = True
    elif 1900 <= year <= 1999:
        mask[0:500] = True
        if year >= 1940:
            mask[900:1000] = True
    elif 2000 <= year <= 2039:
        mask[500:1000] = True
    return mask
