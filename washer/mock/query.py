"""The two operations over the index, for one organisation on one day.

Time works like production: KS imports the last 10 days every night, so on ``today`` only
records with ``a_date`` from ``today - 10`` to ``today - 1`` exist; today's never do.
Tenancy: a caller sees only records of its organisation's kommuner, whatever it asks for.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from washer.mock._time import oslo_day
from washer.mock.errors import ApiError
from washer.mock.index import Index, Rows
from washer.mock.tenants import Organization
from washer.mock.validate import CountRequest, SearchRequest

__all__ = ["WINDOW_DAYS", "Selection", "count", "search", "select", "visible_days"]

WINDOW_DAYS = 10


def visible_days(today_day: int) -> tuple[int, int]:
    """First and last ``a_date`` served on ``today`` (days since 1970-01-01, inclusive)."""
    return today_day - WINDOW_DAYS, today_day - 1


def _kommuner(asked: tuple[str, ...] | list[str], org: Organization) -> frozenset[str]:
    """The kommuner to search: those asked for (each must be the organisation's), else all."""
    for kommune in asked:
        if kommune not in org.kommunenr:
            raise ApiError(
                403, f"Organisasjon {org.id} har ikke tilgang til innreiser for kommunenr {kommune}"
            )
    return frozenset(asked) if asked else org.kommunenr


class Selection(NamedTuple):
    """Rows answering a search; when ``kommune`` is set, they are
    ``index.by_kommune[kommune][start : start + len(rows)]`` (one slice of its records)."""

    rows: Rows | list[int]
    kommune: str | None = None
    start: int = 0


def select(index: Index, request: SearchRequest, org: Organization, today_day: int) -> Selection:
    """Rows answering ``hentInnreiser``, in serving order, after ``offset``/``limit``."""
    kommuner = _kommuner(request.kommunenr, org)
    lo, hi = index.day_range(*visible_days(today_day))
    after = request.updated_after_us
    kommune = None
    first = 0
    rows: Rows | list[int]
    if request.person_id is not None:  # a few rows: a list
        rows = index.person_rows_in(request.person_id, kommuner, lo, hi)
        if after is not None:
            updated = index.updated_us
            rows = [r for r in rows if updated.item(r) > after]
    else:
        first, stop = index.kommune_window(kommuner, lo, hi)
        rows = index.kommune_rows(kommuner)[first:stop]
        if after is not None:
            rows = rows[index.updated_us[rows] > after]
        elif len(kommuner) == 1:
            (kommune,) = kommuner
    start = min(request.offset, len(rows))  # offsets can exceed what numpy can index
    end = len(rows) if request.limit is None else min(start + request.limit, len(rows))
    return Selection(rows[start:end], kommune, first + start)


def search(index: Index, request: SearchRequest, org: Organization, today_day: int) -> Rows:
    """Rows answering ``hentInnreiser``, in serving order, after ``offset``/``limit``."""
    return np.asarray(select(index, request, org, today_day).rows, dtype=np.int64)


def count(index: Index, request: CountRequest, org: Organization, today_day: int) -> int:
    """``hentAntallInnreiser``: records of the kommune with ``a_date`` from ``fraDato`` to
    ``tilDato`` (Norwegian calendar days, both included; defaults: the beginning of time, now).
    "Now" is a moment of the mock's ``today``, later than any record served, so no bound (the
    real clock would be one when ``today`` lies ahead of it)."""
    kommuner = _kommuner([request.kommunenr], org)
    first, last = visible_days(today_day)
    if request.from_us is not None:
        first = max(first, oslo_day(request.from_us))
    if request.to_us is not None:
        last = min(last, oslo_day(request.to_us))
    if first > last:
        return 0
    start, stop = index.kommune_window(kommuner, *index.day_range(first, last))
    return stop - start
