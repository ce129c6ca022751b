"""Passport numbers and other alphanumeric identity-document numbers.

Used in ``p_unique_id`` for travellers without a Norwegian number. Formats differ by country,
so washer treats as passport-like any value that, after removing whitespace, dots and hyphens
and upper-casing, is 5-12 ASCII letters and digits with at least one digit, and is not 11
digits (an 11-digit value is always read as a Norwegian identity number, valid or not).
There is no check digit to verify. The *pattern* (``A`` for a letter, ``9`` for a digit) is
what the fake keeps.

>>> validate('fh 123-4567')
'FH1234567'
>>> get_pattern('FH1234567')
'AA9999999'
>>> validate('ABCDEFG')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: A passport number has at least one digit.
>>> validate('15088545610')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: An 11-digit number is a Norwegian identity number.
>>> format('fh1234567')
'FH1234567'
"""

from __future__ import annotations

import random
import string

from washer.ids._base import InvalidComponent, InvalidFormat, InvalidLength
from washer.ids._text import strip_separators

MIN_LENGTH, MAX_LENGTH = 5, 12

_PATTERN_CHARS = frozenset("A9")


def compact(number: str) -> str:
    """Upper case, without whitespace, dots and hyphens."""
    return strip_separators(number).upper()


def validate(number: str) -> str:
    """The compact passport-like number, or a ValidationError."""
    number = compact(number)
    if not MIN_LENGTH <= len(number) <= MAX_LENGTH:
        raise InvalidLength()
    if not (number.isascii() and number.isalnum()):
        raise InvalidFormat("A passport number has only letters A-Z and digits.")
    if not any(c.isdigit() for c in number):
        raise InvalidFormat("A passport number has at least one digit.")
    if len(number) == 11 and number.isdigit():
        raise InvalidComponent("An 11-digit number is a Norwegian identity number.")
    return number


def is_valid(number: str) -> bool:
    """Whether the value is passport-like."""
    try:
        validate(number)
    except ValueError:
        return False
    return True


def format(number: str) -> str:
    """The compact form (passport numbers have no common grouping)."""
    return compact(number)


def get_pattern(number: str) -> str:
    """``A`` for every letter and ``9`` for every digit of the validated number."""
    return "".join("9" if c.isdigit() else "A" for c in validate(number))


def generate(rng: random.Random, *, pattern: str | None = None) -> str:
    """A random passport-like number; ``pattern`` (e.g. ``"AA9999999"``) fixes its shape."""
    if pattern is None:
        pattern = "AA" + "9" * 7
    if not set(pattern) <= _PATTERN_CHARS:
        raise ValueError("pattern may hold only 'A' (letter) and '9' (digit)")
    number = "".join(
        rng.choice(string.digits if c == "9" else string.ascii_uppercase) for c in pattern
    )
    return validate(number)  # raises ValueError for a pattern that is not passport-like
