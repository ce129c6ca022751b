"""Shared logic of the 11-digit kinds that carry a birth date: fnr, D, H and synthetic.

A *form* is how a kind disguises the date ``DDMMYY``: D-numbers add 40 to the day,
H-numbers add 40 to the month, Skatteetaten's synthetic (Tenor) numbers add 80 to the month
(synthetic D-numbers keep their day + 40 as well).

Validity, for every form: 11 ASCII digits, day and month in the form's ranges, check digits
valid under the 2032 rule (which admits every classic number), and a day that exists in that
month for some century (29 February only when ``YY`` is divisible by four). The century is
*not* required to be decodable: numbers issued from 2032 no longer encode it. Only
``birth_date`` needs it, and raises :class:`InvalidComponent` when the individual number does not
give one (the classic table in :func:`washer.ids._checksum.century`).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Literal

from washer.ids._base import Gender, InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from washer.ids._checksum import (
    century,
    check_digits,
    individual_allowed,
    is_valid_2032,
    k1_options_2032,
    k2_for,
)
from washer.ids._text import strip_separators

Rule = Literal["classic", "2032"]

FIRST_YEAR, LAST_YEAR = 1854, 2039
"""The birth years the individual-number series can encode."""

DEFAULT_EARLIEST = datetime.date(1900, 1, 1)
DEFAULT_LATEST = datetime.date(2020, 12, 31)
"""Birth dates ``generate`` draws from when none is given (fixed: no dependence on today)."""

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class Form:
    """How one kind writes the birth date into the first six digits."""

    name: str
    day_add: int
    month_add: int

    def matches(self, day_field: int, month_field: int) -> bool:
        return (1 <= day_field - self.day_add <= 31) and (1 <= month_field - self.month_add <= 12)


FNR = Form("fnr", 0, 0)
DNR = Form("dnr", 40, 0)
HNR = Form("hnr", 0, 40)
SYNTHETIC_FNR = Form("synthetic_fnr", 0, 80)
SYNTHETIC_DNR = Form("synthetic_dnr", 40, 80)
FORMS = (FNR, DNR, HNR, SYNTHETIC_FNR, SYNTHETIC_DNR)


def compact(number: str) -> str:
    """Strip whitespace, dots and hyphens."""
    return strip_separators(number)


def form_of(number: str) -> Form | None:
    """The form whose day and month ranges an 11-digit string falls in, if any."""
    day_field, month_field = int(number[0:2]), int(number[2:4])
    for form in FORMS:
        if form.matches(day_field, month_field):
            return form
    return None


def validate(number: str, *forms: Form) -> str:
    """The compact number if it is valid in one of ``forms``; else a ValidationError."""
    number = compact(number)
    if len(number) != 11:
        raise InvalidLength()
    if not (number.isascii() and number.isdigit()):
        raise InvalidFormat()
    form = form_of(number)
    if form not in forms:
        raise InvalidComponent("The day or month field is out of range for this kind.")
    if not is_valid_2032(number):
        raise InvalidChecksum()
    day = int(number[0:2]) - form.day_add
    month = int(number[2:4]) - form.month_add
    leap = int(number[4:6]) % 4 == 0
    if day > _DAYS_IN_MONTH[month - 1] or (month == 2 and day == 29 and not leap):
        raise InvalidComponent("The birth date does not exist.")
    return number


def is_valid(number: str, *forms: Form) -> bool:
    try:
        validate(number, *forms)
    except ValueError:
        return False
    return True


def birth_date(number: str, *forms: Form) -> datetime.date:
    """The encoded birth date, century from the individual number (classic series table)."""
    number = validate(number, *forms)
    form = form_of(number)
    assert form is not None  # validate guarantees it
    yy = int(number[4:6])
    hundreds = century(int(number[6:9]), yy)
    if hundreds is None:
        raise InvalidComponent("The individual number does not encode a century.")
    try:
        return datetime.date(
            hundreds + yy, int(number[2:4]) - form.month_add, int(number[0:2]) - form.day_add
        )
    except ValueError:
        raise InvalidComponent("The birth date does not exist.") from None


def gender(number: str, *forms: Form) -> Gender:
    """``"F"`` for an even 9th digit, ``"M"`` for an odd one."""
    number = validate(number, *forms)
    return "M" if int(number[8]) % 2 else "F"


def format_number(number: str) -> str:
    """``DDMMYY IIIKK``, the usual presentation."""
    number = compact(number)
    return f"{number[:6]} {number[6:]}"


def _check_date(birth_date: datetime.date) -> None:
    if not FIRST_YEAR <= birth_date.year <= LAST_YEAR:
        raise ValueError(f"birth_date must be in {FIRST_YEAR}-{LAST_YEAR}")


def random_date(
    rng: random.Random, earliest: datetime.date, latest: datetime.date
) -> datetime.date:
    return earliest + datetime.timedelta(days=rng.randrange((latest - earliest).days + 1))


def complete(prefix: str, rule: Rule) -> str | None:
    """The prefix with check digits: classic ones, or ones valid only under the 2032 rule."""
    if rule == "classic":
        digits = check_digits(prefix)
        return None if digits is None else f"{prefix}{digits[0]}{digits[1]}"
    classic = check_digits(prefix)
    for k1 in k1_options_2032(prefix):
        if classic is not None and k1 == classic[0]:
            continue
        k2 = k2_for(f"{prefix}{k1}")
        if k2 is not None:
            return f"{prefix}{k1}{k2}"
    return None  # pragma: no cover - some non-classic K1 always has a usable K2


def generate(
    form: Form,
    rng: random.Random,
    *,
    birth_date: datetime.date | None,
    gender: Gender | None,
    rule: Rule = "classic",
) -> str:
    """A random valid number of ``form`` whose individual number fits the birth year.

    ``rule="2032"`` gives a number valid only under the 2032 rule (no classic check digits).
    """
    if gender not in (None, "F", "M"):
        raise ValueError("gender must be 'F', 'M' or None")
    if rule not in ("classic", "2032"):
        raise ValueError("rule must be 'classic' or '2032'")
    if birth_date is None:
        birth_date = random_date(rng, DEFAULT_EARLIEST, DEFAULT_LATEST)
    _check_date(birth_date)
    parity = rng.randrange(2) if gender is None else int(gender == "M")
    allowed = individual_allowed(birth_date.year)
    series = [i for i in range(parity, 1000, 2) if allowed[i]]
    date_part = (
        f"{birth_date.day + form.day_add:02d}{birth_date.month + form.month_add:02d}"
        f"{birth_date.year % 100:02d}"
    )
    while True:  # about 83 % of prefixes are usable, so this ends after a few draws
        number = complete(f"{date_part}{rng.choice(series):03d}", rule)
        if number is not None:
            return number
