"""Names in washed free text: what the audit calls a leak is what the wash replaces.

A part of a surname of several (``Sheehan`` of ``O'Sheehan``) is searched for when it names
someone alone (4 letters or more, no particle).
"""

from __future__ import annotations

import polars as pl
import pytest
from audit_planting import plant

from washer.audit import audit_frames
from washer.audit.report import Finding

TEXT = "a_travel_method_extra"


def _found(originals: pl.DataFrame, washed: pl.DataFrame, message: str) -> list[Finding]:
    report = audit_frames([originals], [washed])
    return [f for f in report.by_check("leak") if f.column == TEXT and message in f.message]


@pytest.mark.parametrize(
    ("surname", "written", "leak"),
    [
        ("O'Zorquavix", "Brittany Zorquavix", True),
        ("Zorquavix-Blimhov", "Kari Blimhov", True),
        ("Blimhov Zorquavix", "Per Zorquavix", True),
        ("van der Zorquavix", "hos Zorquavix", True),
        ("Zyq-Zorquavix", "hos Zyq", False),  # three letters of a double surname
        ("Della Zorquavix", "Della reiser", False),  # a particle
        ("Zyq", "hos Zyq", True),  # a whole surname: the wash replaces it, so it is searched
    ],
)
def test_a_part_of_a_surname_is_rare_when_it_names_someone_alone(
    extract: pl.DataFrame, washed: pl.DataFrame, surname: str, written: str, leak: bool
) -> None:
    named = plant(extract, "p_last_name", 0, surname)
    found = _found(named, plant(washed, TEXT, 7, written), "a rare original name")
    assert [f.rows for f in found] == ([(8,)] if leak else [])
