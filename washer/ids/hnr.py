"""H-nummer: a hospital's or institution's internal number for a patient (month + 40).

Given where a person has no usable fødselsnummer or D-number; only the issuing institution
knows who it is. It is a fødselsnummer whose month is raised by 40 (41-52). NAV's Dolly test
identities use the same form, so an H-number may be real or synthetic: nobody can tell.

>>> validate('154885 45784')
'15488545784'
>>> get_birth_date('15488545784')
datetime.date(1985, 8, 15)
>>> get_gender('15488545784')
'M'
>>> validate('15888545686')  # a synthetic (+80) number
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: The day or month field is out of range for this kind.
>>> format('15488545784')
'154885 45784'
"""

from __future__ import annotations

import datetime
import random

from washer.ids import _dated
from washer.ids._base import Gender

_FORM = _dated.HNR


def compact(number: str) -> str:
    """The number without whitespace, dots and hyphens."""
    return _dated.compact(number)


def validate(number: str) -> str:
    """The compact H-number, or a ValidationError."""
    return _dated.validate(number, _FORM)


def is_valid(number: str) -> bool:
    """Whether the number is a valid H-number (classic or 2032 rule)."""
    return _dated.is_valid(number, _FORM)


def format(number: str) -> str:
    """``DDMMYY IIIKK``."""
    return _dated.format_number(number)


def get_birth_date(number: str) -> datetime.date:
    """The birth date (InvalidComponent when the individual number gives no century)."""
    return _dated.birth_date(number, _FORM)


def get_gender(number: str) -> Gender:
    """``"F"`` or ``"M"`` from the 9th digit."""
    return _dated.gender(number, _FORM)


def generate(
    rng: random.Random,
    *,
    birth_date: datetime.date | None = None,
    gender: Gender | None = None,
    rule: _dated.Rule = "classic",
) -> str:
    """A random valid H-number; ``rule="2032"`` gives one valid only under that rule."""
    return _dated.generate(_FORM, rng, birth_date=birth_date, gender=gender, rule=rule)
