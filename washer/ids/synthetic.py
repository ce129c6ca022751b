"""Synthetic identity numbers in Skatteetaten's Tenor (Test-Norge) convention: month + 80.

A synthetic fødselsnummer or D-number is written like the real one but with 80 added to the
month (81-92); check digits are computed after adding 80. No real person has such a number,
which is why washer's fakes use this form by default. python-stdnum rejects these numbers.

>>> validate('158885 45686')
'15888545686'
>>> get_kind('55888545750')
'dnr'
>>> get_birth_date('55888545750')
datetime.date(1985, 8, 15)
>>> get_gender('55888545750')
'M'
>>> validate('41819077906')  # Skatteetaten's synthetic 2032-rule D-number
'41819077906'
>>> validate('15088545610')  # a real-form fødselsnummer
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: The day or month field is out of range for this kind.
>>> format('15888545686')
'158885 45686'
"""

from __future__ import annotations

import datetime
import random
from typing import Literal

from washer.ids import _dated
from washer.ids._base import Gender

_FORMS = (_dated.SYNTHETIC_FNR, _dated.SYNTHETIC_DNR)

SyntheticKind = Literal["fnr", "dnr"]


def compact(number: str) -> str:
    """The number without whitespace, dots and hyphens."""
    return _dated.compact(number)


def validate(number: str) -> str:
    """The compact synthetic number (fnr or D form), or a ValidationError."""
    return _dated.validate(number, *_FORMS)


def is_valid(number: str) -> bool:
    """Whether the number is a valid synthetic fnr or D-number (classic or 2032 rule)."""
    return _dated.is_valid(number, *_FORMS)


def format(number: str) -> str:
    """``DDMMYY IIIKK``."""
    return _dated.format_number(number)


def get_kind(number: str) -> SyntheticKind:
    """``"fnr"`` or ``"dnr"``: which real kind the synthetic number stands for."""
    number = validate(number)
    return "dnr" if _dated.form_of(number) == _dated.SYNTHETIC_DNR else "fnr"


def get_birth_date(number: str) -> datetime.date:
    """The birth date (InvalidComponent when the individual number gives no century)."""
    return _dated.birth_date(number, *_FORMS)


def get_gender(number: str) -> Gender:
    """``"F"`` or ``"M"`` from the 9th digit."""
    return _dated.gender(number, *_FORMS)


def generate(
    rng: random.Random,
    *,
    birth_date: datetime.date | None = None,
    gender: Gender | None = None,
    kind: SyntheticKind = "fnr",
    rule: _dated.Rule = "classic",
) -> str:
    """A random valid synthetic number of ``kind``; ``rule="2032"`` as in ``fnr.generate``."""
    if kind not in ("fnr", "dnr"):
        raise ValueError("kind must be 'fnr' or 'dnr'")
    form = _dated.SYNTHETIC_DNR if kind == "dnr" else _dated.SYNTHETIC_FNR
    return _dated.generate(form, rng, birth_date=birth_date, gender=gender, rule=rule)
