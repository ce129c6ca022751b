"""D-nummer: the identity number of people without a fødselsnummer (day + 40).

Used in ``p_unique_id`` and ``p_dnr`` for foreign workers and other non-residents. It is a
fødselsnummer whose first digit is raised by 4 (day 41-71); check digits, individual-number
series and the 2032 rule are those of the fødselsnummer.

>>> validate('550885 45604')
'55088545604'
>>> get_birth_date('69020050071')
datetime.date(2000, 2, 29)
>>> get_gender('55088545604')
'F'
>>> validate('15088545610')  # a fødselsnummer
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: The day or month field is out of range for this kind.
>>> format('55088545604')
'550885 45604'
"""

from __future__ import annotations

import datetime
import random

from washer.ids import _dated
from washer.ids._base import Gender

_FORM = _dated.DNR


def compact(number: str) -> str:
    """The number without whitespace, dots and hyphens."""
    return _dated.compact(number)


def validate(number: str) -> str:
    """The compact D-number, or a ValidationError."""
    return _dated.validate(number, _FORM)


def is_valid(number: str) -> bool:
    """Whether the number is a valid D-number (classic or 2032 rule)."""
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
    """A random valid D-number; ``rule="2032"`` gives one valid only under that rule."""
    return _dated.generate(_FORM, rng, birth_date=birth_date, gender=gender, rule=rule)
