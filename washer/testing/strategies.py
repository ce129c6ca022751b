"""Hypothesis strategies for Norwegian identity numbers.

For washer's own tests and for vendors who test code that receives washed data. Every
strategy validates its options when called (``InvalidArgument``), draws shrinkable parts
(a date, an index into the individual-number series) and never filters away most draws.

>>> from washer.testing.strategies import fodselsnummer
>>> from washer.ids import fnr
>>> fnr.is_valid(fodselsnummer(gender="F").example())  # doctest: +SKIP
True
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Callable
from typing import Literal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from washer.ids import _dated, fh, orgnr, passport
from washer.ids._base import Gender
from washer.ids._checksum import individual_allowed
from washer.ids._dated import Form, Rule
from washer.testing.records import (  # records live beside the generator
    innreise_frames,
    innreise_records,
)

EARLIEST = datetime.date(_dated.FIRST_YEAR, 1, 1)
LATEST = datetime.date(_dated.LAST_YEAR, 12, 31)


def _check_dated(
    min_birth_date: datetime.date, max_birth_date: datetime.date, gender: Gender | None, rule: str
) -> None:
    for name, value in (("min_birth_date", min_birth_date), ("max_birth_date", max_birth_date)):
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise InvalidArgument(f"{name}={value!r} must be a datetime.date")
        if not EARLIEST <= value <= LATEST:
            raise InvalidArgument(f"{name}={value} must be within {EARLIEST} and {LATEST}")
    if min_birth_date > max_birth_date:
        raise InvalidArgument(f"min_birth_date={min_birth_date} is after {max_birth_date}")
    if gender not in (None, "F", "M"):
        raise InvalidArgument(f"gender={gender!r} must be 'F', 'M' or None")
    if rule not in ("classic", "2032"):
        raise InvalidArgument(f"rule={rule!r} must be 'classic' or '2032'")


@st.composite
def _dated_number(
    draw: st.DrawFn,
    form: Form,
    min_birth_date: datetime.date,
    max_birth_date: datetime.date,
    gender: Gender | None,
    rule: Rule,
) -> str:
    birth = draw(st.dates(min_birth_date, max_birth_date))
    parity = draw(st.integers(0, 1)) if gender is None else int(gender == "M")
    allowed = individual_allowed(birth.year)
    series = [i for i in range(parity, 1000, 2) if allowed[i]]
    start = draw(st.integers(0, len(series) - 1))
    date_part = (
        f"{birth.day + form.day_add:02d}{birth.month + form.month_add:02d}{birth.year % 100:02d}"
    )
    for step in range(len(series)):  # the next usable individual number, cyclically
        number = _dated.complete(f"{date_part}{series[(start + step) % len(series)]:03d}", rule)
        if number is not None:
            return number
    raise AssertionError("no usable individual number")  # pragma: no cover


def fodselsnummer(
    *,
    min_birth_date: datetime.date = _dated.DEFAULT_EARLIEST,
    max_birth_date: datetime.date = _dated.DEFAULT_LATEST,
    gender: Gender | None = None,
    rule: Rule = "classic",
) -> st.SearchStrategy[str]:
    """Valid fødselsnumre; ``rule="2032"`` gives numbers valid only under the 2032 rule."""
    _check_dated(min_birth_date, max_birth_date, gender, rule)
    return _dated_number(_dated.FNR, min_birth_date, max_birth_date, gender, rule)


def d_numbers(
    *,
    min_birth_date: datetime.date = _dated.DEFAULT_EARLIEST,
    max_birth_date: datetime.date = _dated.DEFAULT_LATEST,
    gender: Gender | None = None,
    rule: Rule = "classic",
) -> st.SearchStrategy[str]:
    """Valid D-numbers (day + 40)."""
    _check_dated(min_birth_date, max_birth_date, gender, rule)
    return _dated_number(_dated.DNR, min_birth_date, max_birth_date, gender, rule)


def h_numbers(
    *,
    min_birth_date: datetime.date = _dated.DEFAULT_EARLIEST,
    max_birth_date: datetime.date = _dated.DEFAULT_LATEST,
    gender: Gender | None = None,
    rule: Rule = "classic",
) -> st.SearchStrategy[str]:
    """Valid H-numbers (month + 40)."""
    _check_dated(min_birth_date, max_birth_date, gender, rule)
    return _dated_number(_dated.HNR, min_birth_date, max_birth_date, gender, rule)


def synthetic_numbers(
    *,
    kind: Literal["fnr", "dnr"] | None = None,
    min_birth_date: datetime.date = _dated.DEFAULT_EARLIEST,
    max_birth_date: datetime.date = _dated.DEFAULT_LATEST,
    gender: Gender | None = None,
    rule: Rule = "classic",
) -> st.SearchStrategy[str]:
    """Valid synthetic (month + 80) fødselsnumre and D-numbers; ``kind`` picks one of them."""
    _check_dated(min_birth_date, max_birth_date, gender, rule)
    if kind not in (None, "fnr", "dnr"):
        raise InvalidArgument(f"kind={kind!r} must be 'fnr', 'dnr' or None")
    forms = {"fnr": _dated.SYNTHETIC_FNR, "dnr": _dated.SYNTHETIC_DNR}
    chosen = list(forms.values()) if kind is None else [forms[kind]]
    return st.one_of(
        *(_dated_number(f, min_birth_date, max_birth_date, gender, rule) for f in chosen)
    )


def _next_usable(prefix: int, first: int, last: int, complete: Callable[[str], str | None]) -> str:
    span = last - first
    for step in range(span):
        number = complete(str(first + (prefix - first + step) % span))
        if number is not None:
            return str(number)
    raise AssertionError("no usable prefix")  # pragma: no cover


def _fh_complete(prefix: str) -> str | None:
    return _dated.complete(prefix, "classic")


def _orgnr_complete(prefix: str) -> str | None:
    digit = orgnr.check_digit(prefix)
    return None if digit is None else f"{prefix}{digit}"


def fh_numbers() -> st.SearchStrategy[str]:
    """Valid FH-numbers (first digit 8 or 9, classic check digits)."""
    return st.integers(fh.FIRST_PREFIX, 10**9 - 1).map(
        lambda p: _next_usable(p, fh.FIRST_PREFIX, 10**9, _fh_complete)
    )


def organisasjonsnummer() -> st.SearchStrategy[str]:
    """Valid organisation numbers (first digit 8 or 9, mod-11 check digit)."""
    return st.integers(orgnr.FIRST_PREFIX, 10**8 - 1).map(
        lambda p: _next_usable(p, orgnr.FIRST_PREFIX, 10**8, _orgnr_complete)
    )


@st.composite
def _passport(draw: st.DrawFn, min_length: int, max_length: int) -> str:
    length = draw(st.integers(min_length, max_length))
    pattern = draw(st.lists(st.sampled_from("A9"), min_size=length, max_size=length))
    pattern[draw(st.integers(0, length - 1))] = "9"  # at least one digit
    if length == 11 and set(pattern) == {"9"}:
        pattern[draw(st.integers(0, length - 1))] = "A"  # 11 digits are a Norwegian number
    chars = [
        draw(st.sampled_from(string.digits if c == "9" else string.ascii_uppercase))
        for c in pattern
    ]
    if len(set(chars)) == 1:  # one digit repeated (11111) is a placeholder, no passport
        chars[-1] = str((int(chars[-1]) + 1) % 10)
    return "".join(chars)


def passport_numbers(
    *, min_length: int = passport.MIN_LENGTH, max_length: int = passport.MAX_LENGTH
) -> st.SearchStrategy[str]:
    """Passport-like values: 5-12 letters and digits with at least one digit, never one digit
    repeated (that is a placeholder: :mod:`washer.ids.placeholder`)."""
    for name, value in (("min_length", min_length), ("max_length", max_length)):
        if not isinstance(value, int) or not passport.MIN_LENGTH <= value <= passport.MAX_LENGTH:
            raise InvalidArgument(
                f"{name}={value!r} must be within {passport.MIN_LENGTH} and {passport.MAX_LENGTH}"
            )
    if min_length > max_length:
        raise InvalidArgument(f"min_length={min_length} is above max_length={max_length}")
    return _passport(min_length, max_length)


@st.composite
def _bad_check_digit(draw: st.DrawFn) -> str:
    number = draw(fodselsnummer())
    wrong = (int(number[10]) + draw(st.integers(1, 9))) % 10  # K2 off: no rule accepts it
    return number[:10] + str(wrong)


@st.composite
def _impossible_month(draw: st.DrawFn) -> str:
    day = draw(st.integers(1, 31))
    month = draw(st.sampled_from([*range(13, 41), *range(53, 81), *range(93, 100)]))
    rest = draw(st.text(string.digits, min_size=7, max_size=7))
    return f"{day:02d}{month:02d}{rest}"


def malformed_ids(*, eleven_digits: bool | None = None) -> st.SearchStrategy[str]:
    """Values that are no identity number of any kind washer knows.

    ``eleven_digits=True`` gives only 11-digit strings (wrong check digit, impossible month),
    ``False`` only other junk (letters only, too few or too many digits, symbols).
    """
    if eleven_digits not in (None, True, False):
        raise InvalidArgument(f"eleven_digits={eleven_digits!r} must be a bool or None")
    eleven = st.one_of(_bad_check_digit(), _impossible_month())
    other = st.one_of(
        st.text(string.ascii_letters, min_size=1, max_size=20),
        st.text(string.digits, min_size=1, max_size=4),
        st.text(string.digits, min_size=13, max_size=20),
        st.tuples(
            st.text(string.ascii_letters + string.digits, max_size=8),
            st.sampled_from("/#*?+"),
            st.text(string.ascii_letters + string.digits, max_size=8),
        ).map("".join),
    )
    if eleven_digits is None:
        return st.one_of(eleven, other)
    return eleven if eleven_digits else other


__all__ = [
    "d_numbers",
    "fh_numbers",
    "fodselsnummer",
    "h_numbers",
    "innreise_frames",
    "innreise_records",
    "malformed_ids",
    "organisasjonsnummer",
    "passport_numbers",
    "synthetic_numbers",
]
