"""The contract every identity-number kind module follows, and its exceptions.

The exceptions are python-stdnum's own, so code that already catches
``stdnum.exceptions.ValidationError`` catches washer's too::

    ValueError
     +-- ValidationError          the number is not valid (never raised bare)
          +-- InvalidFormat       characters that do not belong
          |    +-- InvalidLength  too short or too long
          +-- InvalidChecksum     check digits do not match
          +-- InvalidComponent    a part (date, month range, first digit) is impossible

A kind module (``fnr``, ``dnr``, ``hnr``, ``synthetic``, ``fh``, ``orgnr``, ``passport``)
is a plain module with the functions of :class:`IdModule`; the kinds that encode a birth date
and gender also have those of :class:`DatedIdModule`.
"""

from __future__ import annotations

import datetime
import random
from typing import Literal, Protocol

from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

Gender = Literal["F", "M"]
"""Birth gender as the 9th digit encodes it: even is ``"F"``, odd is ``"M"``."""


class IdModule(Protocol):
    """What every kind module offers (python-stdnum's interface plus ``generate``)."""

    def compact(self, number: str) -> str:
        """The number without separators and surrounding whitespace (never raises)."""
        ...

    def validate(self, number: str) -> str:
        """The canonical (compact) form of a valid number; raises a ValidationError."""
        ...

    def is_valid(self, number: str) -> bool:
        """Whether ``validate`` would succeed (never raises)."""
        ...

    def format(self, number: str) -> str:
        """The usual human presentation of the number."""
        ...

    def generate(self, rng: random.Random) -> str:
        """A random valid number of this kind (kinds add keyword-only options)."""
        ...


class DatedIdModule(IdModule, Protocol):
    """A kind whose number encodes the holder's birth date and gender."""

    def get_birth_date(self, number: str) -> datetime.date:
        """The birth date; raises InvalidComponent when the century is not encoded."""
        ...

    def get_gender(self, number: str) -> Gender:
        """``"F"`` or ``"M"`` from the parity of the 9th digit."""
        ...


__all__ = [
    "DatedIdModule",
    "Gender",
    "IdModule",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "ValidationError",
]
