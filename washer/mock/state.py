"""What one running mock holds: data index, tenants, clock, drills and journal."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from washer.mock._time import epoch_day, oslo_today
from washer.mock.build import build_index
from washer.mock.data import read_demo, read_records, records_from_frame
from washer.mock.drills import DrillConfig, Drills
from washer.mock.index import Index
from washer.mock.journal import Journal
from washer.mock.query import visible_days
from washer.mock.records import normalize
from washer.mock.tenants import Tenants, load_tenants

__all__ = ["MockState", "default_tenants", "load_index"]


def load_index(
    data: Path | str | pl.DataFrame | None = None,
    *,
    rebase_to: date | None = None,
    first_day: date | None = None,
    background: bool = True,
) -> Index:
    """Read, normalise and index a washed file or folder (the demo dataset when None), or
    records given as a polars frame.

    With ``rebase_to``, event dates move so the newest ``a_date`` is the day before it. With
    ``first_day``, records with an earlier ``a_date`` are not indexed (never served). With
    ``background`` False, a large dataset's layout waits for ``index.texts.encode_in_background()``.
    """
    started = time.perf_counter()
    if data is None:
        raw = read_demo()
    elif isinstance(data, pl.DataFrame):
        raw = records_from_frame(data)
    else:
        raw = read_records(Path(data))
    normalized = normalize(raw, rebase_to=rebase_to, first_day=first_day)
    index = build_index(normalized, background=background)
    index.loaded = raw.frame.height
    index.build_seconds = time.perf_counter() - started
    return index


@dataclass(eq=False)
class MockState:
    """Everything the request handlers share. ``today`` None means the real date."""

    index: Index
    tenants: Tenants
    today: date | None = None
    drills: Drills = field(default_factory=Drills)
    journal: Journal = field(default_factory=Journal)
    demo_credentials: bool = False
    started_at: float = field(default_factory=time.time)

    @classmethod
    def build(
        cls,
        index: Index,
        tenants: Tenants,
        *,
        today: date | None,
        drills: DrillConfig | None,
        journal_size: int,
        demo_credentials: bool,
    ) -> MockState:
        secrets = [i.password for i in tenants.integrations.values()]
        return cls(
            index=index,
            tenants=tenants,
            today=today,
            drills=Drills(drills),
            journal=Journal(journal_size, secrets),
            demo_credentials=demo_credentials,
        )

    def today_date(self) -> date:
        return self.today or oslo_today()

    def today_day(self) -> int:
        return epoch_day(self.today_date())

    def visible_count(self) -> int:
        lo, hi = self.index.day_range(*visible_days(self.today_day()))
        return hi - lo


def default_tenants(integrations: Path | str | None) -> tuple[Tenants, bool]:
    """The tenants of an integrations file, or the demo ones (and True) when None."""
    if integrations is None:
        return load_tenants(None), True
    return load_tenants(Path(integrations)), False
