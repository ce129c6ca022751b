"""Names in washed free text: what the audit calls a leak is what the wash replaces.

A part of a surname of several (``Sheehan`` of ``O'Sheehan``) is searched for when it names
someone alone (4 letters or more, no particle); a row's own first and last name are a leak
when written together as a full name, not when a long text holds each somewhere.
"""

from __future__ import annotations

import polars as pl
import pytest
from audit_planting import plant
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from washer.audit import audit_frames
from washer.audit.report import Finding

TEXT = "a_travel_method_extra"
OWN_ROW = "the original first and last name of its own row"


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


def _row_with_names(extract: pl.DataFrame, pick: int) -> int:
    both = extract.with_row_index().filter(
        pl.col("p_first_name").str.contains(r"^\p{L}+$"),
        pl.col("p_last_name").str.contains(r"^\p{L}+$"),
    )
    return int(both["index"][pick % both.height])


_FORMS = (
    "Reiser med {f} {l}",
    "{l}, {f} ringte",
    "navn: {F} {L}",
    "{l} {f}",
    "{f} K. {l} tlf",
    "mail {fl}.{ll}@epost.no",
    "{f}\n{l}",
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pick=st.integers(0, 10_000), form=st.sampled_from(_FORMS))
def test_a_missed_own_full_name_is_found_in_every_form_the_scrub_reads(
    extract: pl.DataFrame, washed: pl.DataFrame, pick: int, form: str
) -> None:
    row = _row_with_names(extract, pick)
    first, last = extract["p_first_name"][row], extract["p_last_name"][row]
    cell = form.format(
        f=first, l=last, F=first.upper(), L=last.upper(), fl=first.lower(), ll=last.lower()
    )
    found = _found(extract, plant(washed, TEXT, row, cell), OWN_ROW)
    assert [f.rows for f in found] == [(row + 1,)], cell


_FILLER = st.lists(st.sampled_from(["ring", "grensen", "hotell", "mandag", "tlf"]), min_size=1)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pick=st.integers(0, 10_000), between=_FILLER, other=st.sampled_from(["Ellen", "Stine"]))
def test_own_first_and_last_name_far_apart_in_a_text_are_chance(
    extract: pl.DataFrame, washed: pl.DataFrame, pick: int, between: list[str], other: str
) -> None:
    # How a long text's fakes for other people fall: "... Helge ... Ellen Andersen ..." in the
    # row of a Helge Andersen whose own fakes are different.
    row = _row_with_names(extract, pick)
    first, last = extract["p_first_name"][row], extract["p_last_name"][row]
    assume(other != first)
    cell = f"pasient {first} {' '.join(between)} {other} {last} tlf"
    assert not _found(extract, plant(washed, TEXT, row, cell), OWN_ROW), cell
