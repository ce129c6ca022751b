"""Organisasjonsnummer (orgnr): the Brønnøysund register's 9-digit number of an organisation.

Used in ``a_employer_org_number``. The first digit is 8 or 9; the last is a mod-11 check
digit with weights 3 2 7 6 5 4 3 2 (a remainder giving 10 makes the prefix unusable). The check
is python-stdnum's (``stdnum.no.orgnr``); this module adds the first-digit rule, accepts the
VAT spelling ``NO 988 077 917 MVA``, and generates numbers.

>>> validate('988 077 917')
'988077917'
>>> validate('NO988077917MVA')
'988077917'
>>> validate('988077918')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('123456785')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: An organisation number starts with 8 or 9.
>>> format('988077917')
'988 077 917'
"""

from __future__ import annotations

import random
import re

from stdnum.no import orgnr as _stdnum_orgnr

from washer.ids._base import InvalidComponent
from washer.ids._text import strip_separators

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
FIRST_PREFIX = 80_000_000
"""Orgnr prefixes (the eight digits before the check digit) fill ``[FIRST_PREFIX, 10**8)``."""

_VAT = re.compile(r"^NO([0-9]{9})MVA$")


def compact(number: str) -> str:
    """The number without whitespace, dots, hyphens and the VAT ``NO``/``MVA`` decoration."""
    number = strip_separators(number).upper()
    vat = _VAT.match(number)
    return vat.group(1) if vat else number


def check_digit(prefix: str) -> int | None:
    """The check digit of an 8-digit prefix, or None when the prefix is unusable."""
    digit = (11 - sum(w * int(c) for w, c in zip(WEIGHTS, prefix, strict=True)) % 11) % 11
    return None if digit == 10 else digit


def validate(number: str) -> str:
    """The compact organisation number, or a ValidationError."""
    number = str(_stdnum_orgnr.validate(compact(number)))
    if number[0] not in "89":
        raise InvalidComponent("An organisation number starts with 8 or 9.")
    return number


def is_valid(number: str) -> bool:
    """Whether the number is a valid organisation number."""
    try:
        validate(number)
    except ValueError:
        return False
    return True


def format(number: str) -> str:
    """``DDD DDD DDD``."""
    return str(_stdnum_orgnr.format(compact(number)))


def generate(rng: random.Random) -> str:
    """A random valid organisation number."""
    while True:  # 10 of 11 prefixes are usable
        prefix = str(rng.randrange(FIRST_PREFIX, 10**8))
        digit = check_digit(prefix)
        if digit is not None:
            return f"{prefix}{digit}"
