"""At scale: one original phone number in one free-text cell of a million rows is found."""

from __future__ import annotations

import polars as pl
import pytest

from washer.audit import audit_frames
from washer.testing.standin import stand_in_wash, synthetic_extract


@pytest.mark.slow
def test_one_phone_in_a_million_rows() -> None:
    extract = synthetic_extract(1_000_000, seed=5)
    washed = stand_in_wash(extract, seed=6)
    phone = extract.filter(pl.col("p_phone").str.starts_with("+47"))["p_phone"][3]
    column = washed["a_hotel_name"].scatter(654_321, f"Gjest ringte fra {phone} i går")
    report = audit_frames([extract], [washed.with_columns(column.alias("a_hotel_name"))])
    assert [(f.kind, f.column, f.rows) for f in report.findings] == [
        ("phone", "a_hotel_name", (654_322,))
    ]
