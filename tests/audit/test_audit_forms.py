"""Forms of an original the red team planted and the audit missed: a phone written with a slash
or brackets (``912/34567``, ``(912) 34 567``), an id written ``150885/45610`` and a street with
``nr.`` before its number. The audit reads them as the scrub does."""

from __future__ import annotations

import polars as pl
from audit_planting import original_value, plant
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from washer.audit import audit_frames

COLUMN = "a_hotel_name"
PHONE_FORMS = ["{a}/{r}", "{h}/{t}", "({a}) {b} {c}", "({a}){r}"]


def _caught(extract: pl.DataFrame, washed: pl.DataFrame, kind: str, cell: str) -> bool:
    findings = audit_frames([extract], [plant(washed, COLUMN, 17, cell)]).findings
    leaks = [f for f in findings if f.check == "leak" and f.column == COLUMN]
    return any(f.kind == kind and 18 in f.rows for f in leaks)


_SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(pick=st.integers(0, 1000), form=st.sampled_from(PHONE_FORMS))
def test_a_phone_written_with_a_slash_or_brackets_is_caught(
    extract: pl.DataFrame, washed: pl.DataFrame, pick: int, form: str
) -> None:
    n = "".join(c for c in original_value(extract, "phone", pick) if c.isdigit())[-8:]
    written = form.format(a=n[:3], r=n[3:], b=n[3:5], c=n[5:], h=n[:4], t=n[4:])
    assert _caught(extract, washed, "phone", f"Merk: ring {written} ok"), written


@_SETTINGS
@given(pick=st.integers(0, 1000), gap=st.sampled_from(["/", " / "]))
def test_an_id_written_date_slash_serial_is_caught(
    extract: pl.DataFrame, washed: pl.DataFrame, pick: int, gap: str
) -> None:
    value = original_value(extract, "person_id", pick)
    assert _caught(extract, washed, "person_id", f"Merk: {value[:6]}{gap}{value[6:]} ok")


@_SETTINGS
@given(pick=st.integers(0, 1000), word=st.sampled_from(["nr.", "nr", "Nr.", "no.", "NR"]))
def test_a_street_with_nr_before_its_number_is_caught_where_the_street_is(
    extract: pl.DataFrame, washed: pl.DataFrame, pick: int, word: str
) -> None:
    street, number = original_value(extract, "address", pick).rsplit(" ", 1)
    # an address the fakes could spell, or one shared by many, is not searched for at all
    assume(_caught(extract, washed, "address", f"Bor i {street} {number} ok"))
    assert _caught(extract, washed, "address", f"Bor i {street} {word} {number} ok")
