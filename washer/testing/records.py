"""Hypothesis strategies for whole ``Innreiser`` records and extracts.

Each example is a real generated extract (:func:`washer.generate.generate_extract`) for a
drawn seed, size and reference date, so every invariant the generator guarantees holds for
every example: valid ids matching birth dates, codes from the spec, dates in the window.

>>> from hypothesis import given
>>> @given(innreise_frames(max_rows=20))
... def test_my_importer(frame): ...
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from washer.generate import FIRST_REFERENCE_DATE, LAST_REFERENCE_DATE, generate_extract

__all__ = ["innreise_frames", "innreise_records"]

MAX_ROWS = 10_000
DEFAULT_DATES = (dt.date(2021, 1, 15), dt.date(2022, 3, 1))
"""The register's own era; birth dates stay in the past, where python-stdnum accepts them."""

Record = dict[str, str | None]


def _check_date(name: str, value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidArgument(f"{name} must be a datetime.date, not {value!r}")
    if not FIRST_REFERENCE_DATE <= value <= LAST_REFERENCE_DATE:
        raise InvalidArgument(
            f"{name}={value} is not between {FIRST_REFERENCE_DATE} and {LAST_REFERENCE_DATE}"
        )


def _dates(
    reference_date: dt.date | None, min_reference_date: dt.date, max_reference_date: dt.date
) -> st.SearchStrategy[dt.date]:
    if reference_date is not None:
        _check_date("reference_date", reference_date)
        return st.just(reference_date)
    _check_date("min_reference_date", min_reference_date)
    _check_date("max_reference_date", max_reference_date)
    if min_reference_date > max_reference_date:
        raise InvalidArgument(
            f"min_reference_date={min_reference_date} is after "
            f"max_reference_date={max_reference_date}"
        )
    return st.dates(min_reference_date, max_reference_date)


def _check_flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name} must be True or False, not {value!r}")


def innreise_frames(
    *,
    min_rows: int = 1,
    max_rows: int = 50,
    reference_date: dt.date | None = None,
    min_reference_date: dt.date = DEFAULT_DATES[0],
    max_reference_date: dt.date = DEFAULT_DATES[1],
    messy: bool = False,
) -> st.SearchStrategy[pl.DataFrame]:
    """Generated extracts of ``min_rows`` to ``max_rows`` rows (55 string columns).

    ``reference_date`` fixes the extract's date; otherwise it is drawn between
    ``min_reference_date`` and ``max_reference_date``. ``messy`` adds real extracts' flaws.
    """
    for name, value in (("min_rows", min_rows), ("max_rows", max_rows)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidArgument(f"{name} must be an integer, not {value!r}")
    if not 0 <= min_rows <= max_rows <= MAX_ROWS:
        raise InvalidArgument(
            f"need 0 <= min_rows <= max_rows <= {MAX_ROWS}, got min_rows={min_rows}, "
            f"max_rows={max_rows}"
        )
    _check_flag("messy", messy)
    dates = _dates(reference_date, min_reference_date, max_reference_date)
    return st.builds(
        lambda rows, seed, day: generate_extract(rows, seed, day, messy=messy),
        st.integers(min_rows, max_rows),
        st.integers(0, 2**32 - 1),
        dates,
    )


def innreise_records(
    *,
    reference_date: dt.date | None = None,
    min_reference_date: dt.date = DEFAULT_DATES[0],
    max_reference_date: dt.date = DEFAULT_DATES[1],
    messy: bool = False,
) -> st.SearchStrategy[Record]:
    """Single ``Innreiser`` records as dicts of the 55 fields (``None`` where missing)."""
    frames = innreise_frames(
        min_rows=1,
        max_rows=1,
        reference_date=reference_date,
        min_reference_date=min_reference_date,
        max_reference_date=max_reference_date,
        messy=messy,
    )
    return frames.map(lambda frame: frame.row(0, named=True))
