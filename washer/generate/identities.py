"""Valid Norwegian identity numbers for whole columns at once.

Fødselsnummer and D-numbers come from birth dates and genders (the individual number is
drawn from the series the birth year allows, with the gender parity in its last digit);
FH-numbers are random with a first digit of 8 or 9; organisation numbers follow mod 11 with
weights 3 2 7 6 5 4 3 2. Every function returns distinct numbers with valid check digits,
built on :mod:`washer.ids._checksum`; draws that give an unusable prefix (check digit 10)
or a duplicate are drawn again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.generate._columns import readonly
from washer.generate._random import BoolArray, IntArray
from washer.ids._checksum import individual_allowed, numbers_array

__all__ = [
    "as_text",
    "as_text_expr",
    "fh_numbers",
    "orgnr_numbers",
    "passport_numbers",
    "person_numbers",
]

DateArray = npt.NDArray[np.datetime64]

_ORGNR_WEIGHTS = np.array([3, 2, 7, 6, 5, 4, 3, 2], dtype=np.int64)
_MAX_ROUNDS = 200


def _repeats(numbers: IntArray) -> IntArray:
    """Rows holding a number that an earlier row already holds."""
    _, first = np.unique(numbers, return_index=True)
    repeat = np.ones(len(numbers), dtype=np.bool_)
    repeat[first] = False
    return np.flatnonzero(repeat)


Draw = Callable[[IntArray], tuple[IntArray, BoolArray]]


def _fill(size: int, draw: Draw, what: str) -> IntArray:
    """Distinct usable numbers: ``draw(rows)`` gives numbers for those rows and which are
    usable; unusable rows are drawn again, then rows repeating an earlier number."""
    numbers = np.zeros(size, dtype=np.int64)
    pending = np.arange(size)
    for _ in range(_MAX_ROUNDS):
        if pending.size == 0:
            pending = _repeats(numbers)
            if pending.size == 0:
                return numbers
        drawn, usable = draw(pending)
        numbers[pending] = drawn
        pending = pending[~usable]
    raise RuntimeError(f"could not draw distinct {what}")  # pragma: no cover


def _birth_parts(birth: DateArray) -> tuple[IntArray, IntArray, IntArray]:
    days = birth.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    months = (days.astype("datetime64[M]").astype(np.int64) % 12) + 1
    mday = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    return years, months, mday


def _individual_numbers(rng: np.random.Generator, years: IntArray, male: BoolArray) -> IntArray:
    """An allowed individual number (III) per row whose last digit has the gender's parity."""
    out = np.zeros(len(years), dtype=np.int64)
    order = np.lexsort((male, years))
    keys = years[order] * 2 + male[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    for group in np.split(order, bounds):
        if group.size == 0:
            continue
        choices = _individual_choices(int(years[group[0]]), int(male[group[0]]))
        out[group] = choices[rng.integers(0, choices.size, size=group.size)]
    return out


@cache
def _individual_choices(year: int, parity: int) -> IntArray:
    """The individual numbers a birth year allows whose last digit has this parity."""
    allowed = np.flatnonzero(individual_allowed(year))
    choices = allowed[allowed % 2 == parity]
    if choices.size == 0:
        raise ValueError(f"no fødselsnummer series for birth year {year}")
    return readonly(choices)


def person_numbers(
    rng: np.random.Generator, birth: DateArray, male: BoolArray, d_number: BoolArray
) -> IntArray:
    """Distinct fnr (or D-numbers where ``d_number``) for these birth dates and genders.

    The 9th digit is odd for men and even for women; a D-number adds 4 to the first digit.
    """
    years, months, mday = _birth_parts(birth)
    day_field = mday + np.where(d_number, 40, 0)
    date_part = day_field * 10**7 + months * 10**5 + (years % 100) * 10**3

    def draw(rows: IntArray) -> tuple[IntArray, BoolArray]:
        individual = _individual_numbers(rng, years[rows], male[rows])
        return numbers_array(date_part[rows] + individual)

    return _fill(len(birth), draw, "person numbers")


def fh_numbers(rng: np.random.Generator, size: int) -> IntArray:
    """Distinct FH-numbers (first digit 8 or 9, classic check digits)."""

    def draw(rows: IntArray) -> tuple[IntArray, BoolArray]:
        prefixes = rng.integers(800_000_000, 1_000_000_000, size=rows.size, dtype=np.int64)
        return numbers_array(prefixes)

    return _fill(size, draw, "FH-numbers")


def orgnr_numbers(rng: np.random.Generator, size: int) -> IntArray:
    """Distinct valid organisation numbers (9 digits, first digit 8 or 9)."""

    def draw(rows: IntArray) -> tuple[IntArray, BoolArray]:
        base = rng.integers(80_000_000, 100_000_000, size=rows.size, dtype=np.int64)
        digits = (base[:, None] // 10 ** np.arange(7, -1, -1)) % 10
        check = (11 - (digits @ _ORGNR_WEIGHTS) % 11) % 11
        return base * 10 + check, check != 10

    return _fill(size, draw, "organisation numbers")


_LETTERS = np.frombuffer(b"ABCDEFGHJKLMNPRSTUVWXYZ", dtype=np.uint8)  # no I, O, Q


def _passport_draw(
    rng: np.random.Generator, pattern: IntArray, patterns: tuple[str, ...]
) -> pl.Series:
    width = max(len(p) for p in patterns)
    shape = (len(pattern), width)
    letters = _LETTERS[rng.integers(0, _LETTERS.size, size=shape)]
    digits = (rng.integers(0, 10, size=shape) + ord("0")).astype(np.uint8)
    template = np.zeros((len(patterns), width), dtype=np.uint8)
    for i, p in enumerate(patterns):
        template[i, : len(p)] = np.frombuffer(p.encode("ascii"), dtype=np.uint8)
    rows = template[pattern]
    codes = np.where(rows == ord("A"), letters, np.where(rows == ord("9"), digits, rows))
    text = np.ascontiguousarray(codes.astype(np.uint8)).view(f"S{width}").ravel()
    return pl.Series(text.astype(f"U{width}"), dtype=pl.String)


def passport_numbers(
    rng: np.random.Generator, pattern: IntArray, patterns: tuple[str, ...]
) -> pl.Series:
    """Distinct passport numbers; row ``i`` follows ``patterns[pattern[i]]`` (``A`` a letter,
    ``9`` a digit)."""
    numbers = (
        _passport_draw(rng, pattern, patterns) if len(pattern) else pl.Series([], dtype=pl.String)
    )
    for _ in range(_MAX_ROUNDS):
        repeats = np.flatnonzero(~numbers.is_first_distinct().to_numpy())
        if repeats.size == 0:
            return numbers
        numbers = numbers.scatter(repeats, _passport_draw(rng, pattern[repeats], patterns))
    raise RuntimeError("could not draw distinct passport numbers")  # pragma: no cover


def as_text(numbers: IntArray, width: int) -> pl.Series:
    """Numbers as zero-padded digit strings."""
    return pl.select(as_text_expr(pl.lit(pl.Series(numbers, dtype=pl.Int64)), width)).to_series()


def as_text_expr(numbers: pl.Expr, width: int) -> pl.Expr:
    """:func:`as_text` as an expression, to join a select the caller runs anyway."""
    return numbers.cast(pl.String).str.zfill(width)
