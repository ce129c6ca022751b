"""An original passport written in other groups than its column's (``XK 471 1093`` for
``XK4711093``) is a leak wherever it stands."""

from __future__ import annotations

import polars as pl
import pytest
from audit_planting import plant
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.audit import audit_frames

SEPARATORS = ["", " ", "  ", "-", ".", "\u00a0", "\u2013"]
TEXT_COLUMNS = ["a_border_crossing_quarantine_assessment", "a_hotel_name", "a_travel_method_extra"]


def _passports(extract: pl.DataFrame) -> list[str]:
    ids = extract["p_unique_id"].drop_nulls().unique().sort()
    return ids.filter(ids.str.contains(r"^[A-Z]{1,3}[0-9]{5,}$")).to_list()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.data(),
    pick=st.integers(0, 1000),
    column=st.sampled_from(TEXT_COLUMNS),
    row=st.integers(0, 239),
    around=st.sampled_from(["{}", "pass {}", "nr: {}, takk", "({})"]),
)
def test_a_passport_written_in_any_groups_is_caught(
    extract: pl.DataFrame,
    washed: pl.DataFrame,
    data: st.DataObject,
    pick: int,
    column: str,
    row: int,
    around: str,
) -> None:
    passports = _passports(extract)
    value = passports[pick % len(passports)]
    cuts = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(value) - 1,
                              max_size=len(value) - 1))  # fmt: skip
    written = value[0] + "".join(cut + ch for cut, ch in zip(cuts, value[1:], strict=True))
    if data.draw(st.booleans()):
        written = written.lower()
    report = audit_frames([extract], [plant(washed, column, row, around.format(written))])
    found = [f for f in report.by_check("leak") if f.kind == "person_id" and f.column == column]
    assert found, written
    assert row + 1 in found[0].rows
    assert not report.ok


def test_a_clean_wash_with_passports_in_its_text_passes(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    """The washed passports, grouped oddly in text, are no original's."""
    fakes = washed.filter(pl.col("p_unique_id").str.contains(r"^[A-Z]{1,3}[0-9]{5,}$"))
    fake = str(fakes["p_unique_id"][0])
    written = f"{fake[:2]} {fake[2:5]} {fake[5:]}"
    report = audit_frames([extract], [plant(washed, TEXT_COLUMNS[0], 3, f"pass {written}")])
    assert report.ok, report.summary()


@pytest.mark.parametrize(("dot", "gap"), [(".", "-"), (".", " "), (".", "\u00a0"), ("/", " ")])
def test_an_id_written_with_its_year_in_full_is_caught(
    extract: pl.DataFrame, washed: pl.DataFrame, dot: str, gap: str
) -> None:
    """``01.01.1980-36735`` is the number ``01018036735``, its century no part of it."""
    ids = extract["p_unique_id"].drop_nulls().unique().sort()
    number = ids.filter(ids.str.contains(r"^[0-7][0-9][0-1][0-9]{8}$"))[0]
    century = "19" if int(number[4:6]) > 30 else "20"
    written = f"{number[:2]}{dot}{number[2:4]}{dot}{century}{number[4:6]}{gap}{number[6:]}"
    column = TEXT_COLUMNS[1]
    report = audit_frames([extract], [plant(washed, column, 7, f"fnr {written}")])
    found = [f for f in report.by_check("leak") if f.kind == "person_id" and f.column == column]
    assert found and 8 in found[0].rows, written


@pytest.mark.parametrize("before", ["pass", "Passnr", "nr"])
def test_a_passport_glued_to_the_word_before_it_is_caught(
    extract: pl.DataFrame, washed: pl.DataFrame, before: str
) -> None:
    value = _passports(extract)[0]
    column = TEXT_COLUMNS[2]
    report = audit_frames([extract], [plant(washed, column, 4, f"{before}{value}, ok")])
    found = [f for f in report.by_check("leak") if f.kind == "person_id" and f.column == column]
    assert found and 5 in found[0].rows
