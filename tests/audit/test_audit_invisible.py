"""An original cut by an invisible character (a soft hyphen, a zero-width space, a direction
mark pasted with it) is still an original: the audit sees it as a reader does."""

from __future__ import annotations

import polars as pl
from audit_planting import original_value, plant
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.audit import audit_frames

INVISIBLES = ["\u00ad", "\u200b", "\u200e", "\u202c", "\u2060", "\ufeff"]


def _value(extract: pl.DataFrame, kind: str, pick: int) -> str:
    if kind == "orgnr":
        orgnrs = extract["a_employer_org_number"].drop_nulls().unique().sort()
        return str(orgnrs[pick % orgnrs.len()])
    value = original_value(extract, kind, pick)
    return "".join(c for c in value if c.isdigit())[-8:] if kind == "phone" else value


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(("person_id", "phone", "orgnr", "name")),
    pick=st.integers(0, 1000),
    mark=st.sampled_from(INVISIBLES),
    at=st.integers(1, 7),
)
def test_an_original_cut_by_an_invisible_character_is_caught(
    extract: pl.DataFrame, washed: pl.DataFrame, kind: str, pick: int, mark: str, at: int
) -> None:
    value = _value(extract, kind, pick)
    at = min(at, len(value) - 1)
    cell = f"Merk: {value[:at]}{mark}{value[at:]} ok"
    findings = audit_frames([extract], [plant(washed, "a_hotel_name", 17, cell)]).findings
    leaks = [f for f in findings if f.check == "leak" and f.column == "a_hotel_name"]
    assert any(f.kind == kind and 18 in f.rows for f in leaks), repr(cell)
