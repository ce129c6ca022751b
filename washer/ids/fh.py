"""FH-nummer (felles hjelpenummer): Norsk Helsenett's common help number.

Used in ``p_fh_number`` for people the health services must identify before (or without) a
fødselsnummer or D-number. The first digit is 8 or 9, the next eight are random (no date, no
gender) and the last two are the classic mod-11 check digits of the fødselsnummer. There is no
synthetic convention for FH-numbers, so any valid one may be somebody's real number.
python-stdnum rejects FH-numbers.

>>> validate('812345 678 02')
'81234567802'
>>> is_valid('91234510024')
True
>>> validate('71234567802')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: An FH-number starts with 8 or 9.
>>> validate('81234567803')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> format('81234567802')
'812345 67802'
"""

from __future__ import annotations

import random

from washer.ids import _dated
from washer.ids._base import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from washer.ids._checksum import check_digits, is_valid_classic

FIRST_PREFIX = 800_000_000
"""FH prefixes (the nine digits before the check digits) fill ``[FIRST_PREFIX, 10**9)``."""


def compact(number: str) -> str:
    """The number without whitespace, dots and hyphens."""
    return _dated.compact(number)


def validate(number: str) -> str:
    """The compact FH-number, or a ValidationError."""
    number = compact(number)
    if len(number) != 11:
        raise InvalidLength()
    if not (number.isascii() and number.isdigit()):
        raise InvalidFormat()
    if number[0] not in "89":
        raise InvalidComponent("An FH-number starts with 8 or 9.")
    if not is_valid_classic(number):
        raise InvalidChecksum()
    return number


def is_valid(number: str) -> bool:
    """Whether the number is a valid FH-number."""
    try:
        validate(number)
    except ValueError:
        return False
    return True


def format(number: str) -> str:
    """Six digits, a space, five digits (as a fødselsnummer)."""
    return _dated.format_number(number)


def generate(rng: random.Random) -> str:
    """A random valid FH-number."""
    while True:  # about 83 % of prefixes are usable
        prefix = str(rng.randrange(FIRST_PREFIX, 10**9))
        digits = check_digits(prefix)
        if digits is not None:
            return f"{prefix}{digits[0]}{digits[1]}"
