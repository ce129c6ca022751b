"""Fødselsnummer (fnr): the Norwegian national identity number, ``DDMMYY III K1 K2``.

Used in ``p_unique_id`` for residents. The individual number ``III`` encodes the century and
(its last digit) the gender; ``K1 K2`` are mod-11 check digits. From 2032 a second rule admits
more ``K1`` values and numbers stop encoding century and gender; this module accepts both rules.

Where it differs from ``stdnum.no.fodselsnummer`` (which is used by the tests as a reference):
it accepts numbers valid only under the 2032 rule and birth dates after today, and it rejects
D-, H-, FH- and synthetic numbers (each has its own module here).

>>> validate('150885 456 10')
'15088545610'
>>> get_birth_date('15088545610')
datetime.date(1985, 8, 15)
>>> get_gender('15088545610')
'F'
>>> validate('30108299939')  # valid under the 2032 rule only
'30108299939'
>>> validate('20036914712')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('55088545604')  # a D-number
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: The day or month field is out of range for this kind.
>>> format('15088545610')
'150885 45610'
"""

from __future__ import annotations

import datetime
import random

from washer.ids import _dated
from washer.ids._base import Gender

_FORM = _dated.FNR


def compact(number: str) -> str:
    """The number without whitespace, dots and hyphens."""
    return _dated.compact(number)


def validate(number: str) -> str:
    """The compact fødselsnummer, or a ValidationError."""
    return _dated.validate(number, _FORM)


def is_valid(number: str) -> bool:
    """Whether the number is a valid fødselsnummer (classic or 2032 rule)."""
    return _dated.is_valid(number, _FORM)


def format(number: str) -> str:
    """``DDMMYY IIIKK``."""
    return _dated.format_number(number)


def get_birth_date(number: str) -> datetime.date:
    """The birth date (InvalidComponent when the individual number gives no century)."""
    return _dated.birth_date(number, _FORM)


def get_gender(number: str) -> Gender:
    """``"F"`` or ``"M"`` from the 9th digit (meaningless for numbers issued from 2032)."""
    return _dated.gender(number, _FORM)


def generate(
    rng: random.Random,
    *,
    birth_date: datetime.date | None = None,
    gender: Gender | None = None,
    rule: _dated.Rule = "classic",
) -> str:
    """A random valid fødselsnummer; ``rule="2032"`` gives one valid only under that rule."""
    return _dated.generate(_FORM, rng, birth_date=birth_date, gender=gender, rule=rule)
