"""A placeholder written for an id (``0``, ``ukjent``, ``00000000000``) links no travellers.

Travellers who share one are told apart by their next key (another id, else name and birth
date): each gets fakes of their own and a birth date near their own. The placeholder is kept
as written, and the audit does not take it for a leak, an invalid fake or broken coherence,
so the wash publishes. A value that only looks like one (``0000000001``) is an id as before.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.audit import audit_frames
from washer.generate import generate_extract
from washer.ids.placeholder import WORDS
from washer.keys import Key

from ._checks import REFERENCE, read, wash_cli, wash_frames

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = Key(bytes(range(32)))
IDS = ("p_unique_id", "p_dnr", "p_fh_number")
TRAVELLERS = 5


def _extract() -> pl.DataFrame:
    """A generated extract whose first rows are of different travellers (distinct names and
    birth dates), each with one row and no id yet."""
    frame = generate_extract(150, seed=11, reference_date=REFERENCE)
    single = frame.group_by("p_unique_id").len().filter(pl.col("len") == 1)["p_unique_id"]
    alone = frame.filter(pl.col("p_unique_id").is_in(single.implode())).unique(
        ["p_first_name", "p_last_name"], keep="first", maintain_order=True
    )
    alone = alone.unique("p_birth_date", keep="first", maintain_order=True).head(TRAVELLERS)
    assert alone.height == TRAVELLERS
    rest = frame.filter(~pl.col("p_unique_id").is_in(alone["p_unique_id"].implode()))
    return pl.concat([alone, rest]).with_columns(
        pl.when(pl.int_range(pl.len()) < TRAVELLERS).then(None).otherwise(pl.col(c)).alias(c)
        for c in IDS
    )


EXTRACT = _extract()


def _with_ids(ids: list[str], column: str = "p_unique_id") -> pl.DataFrame:
    """:data:`EXTRACT` with ``ids`` written in ``column`` of its first rows."""
    written = pl.Series(ids + [None] * (EXTRACT.height - len(ids)), dtype=pl.String)
    return EXTRACT.with_columns(pl.coalesce(written, pl.col(column)).alias(column))


_GLUE = st.sampled_from(["", "", " ", ".", "-", "/"])


@st.composite
def _spelled(draw: st.DrawFn, core: str) -> str:
    """``core`` as a form may hold it: in any case, maybe with separators or punctuation."""
    out = draw(_GLUE)
    for char in core:
        out += draw(st.sampled_from([char.lower(), char.upper()])) + draw(_GLUE)
    return out


_cores = st.one_of(
    st.tuples(st.sampled_from(string.digits), st.sampled_from([1, 3, 11])).map(
        lambda t: t[0] * t[1]
    ),
    st.sampled_from(WORDS),
    st.sampled_from(["-", "?", "--", "*"]),
)


@st.composite
def _shared_placeholders(draw: st.DrawFn) -> list[str]:
    """One placeholder for every traveller: mostly the very same string, sometimes spelled
    another way."""
    core = draw(_cores)
    same = draw(_spelled(core)) if core[0].isalnum() else core
    return [
        draw(st.one_of(st.just(same), _spelled(core) if core[0].isalnum() else st.just(core)))
        for _ in range(TRAVELLERS)
    ]


def _birth(values: pl.Series) -> list[dt.date]:
    return [dt.date.fromisoformat(v[:10]) for v in values.to_list()]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placeholders=_shared_placeholders(), column=st.sampled_from(IDS))
def test_travellers_sharing_a_placeholder_get_fakes_of_their_own_and_it_is_kept(
    placeholders: list[str], column: str
) -> None:
    original = _with_ids(placeholders, column)
    (washed,) = wash_frames([original], RULES, KEY)
    mine, theirs = original.head(TRAVELLERS), washed.head(TRAVELLERS)
    # Kept byte for byte.
    assert theirs[column].to_list() == placeholders
    # Different people: different fake names, each birth date near its own.
    names = theirs.select(pl.concat_str("p_first_name", "p_last_name", separator=" "))
    assert names.n_unique() == TRAVELLERS
    births = zip(_birth(mine["p_birth_date"]), _birth(theirs["p_birth_date"]), strict=True)
    for before, after in births:
        assert abs((after - before).days) <= 92


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placeholders=_shared_placeholders())
def test_the_audit_finds_nothing_in_a_wash_that_kept_placeholders(placeholders: list[str]) -> None:
    original = _with_ids(placeholders)
    (washed,) = wash_frames([original], RULES, KEY)
    report = audit_frames([original], [washed])
    assert [(f.check, f.kind, f.column) for f in report.findings] == []


def test_a_placeholder_beside_another_id_is_linked_by_that_id() -> None:
    # Rows 0 and 1: "0" and the same D-number (one person); row 2: "0" and another D-number.
    dnrs = EXTRACT.filter(pl.col("p_dnr").is_not_null())["p_dnr"].unique().sort().head(2)
    assert dnrs.len() == 2
    original = _with_ids(["0", "0", "0"]).with_columns(
        pl.Series("p_dnr", [dnrs[0], dnrs[0], dnrs[1], *EXTRACT["p_dnr"][3:]], dtype=pl.String)
    )
    (washed,) = wash_frames([original], RULES, KEY)
    first = washed["p_first_name"].head(3).to_list()
    assert washed["p_unique_id"].head(3).to_list() == ["0", "0", "0"]
    assert first[0] == first[1] != first[2]
    fakes = washed["p_dnr"].head(3).to_list()
    assert fakes[0] == fakes[1] != fakes[2]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=st.one_of(
        st.sampled_from(["0000000001", "00000000010", "1111111112", "ukjent1", "NAN"]),
        st.tuples(st.sampled_from(string.digits), st.sampled_from(string.digits))
        .filter(lambda t: t[0] != t[1])
        .map(lambda t: t[0] * 10 + t[1]),
    )
)
def test_a_value_that_only_looks_like_a_placeholder_is_an_id_as_before(value: str) -> None:
    original = _with_ids([value, value])
    (washed,) = wash_frames([original], RULES, KEY)
    fakes = washed["p_unique_id"].head(2).to_list()
    assert fakes[0] == fakes[1] != value  # faked, and one person, as any id
    assert washed["p_first_name"][0] == washed["p_first_name"][1]


def test_the_wash_of_an_extract_with_placeholders_publishes(tmp_path: Path) -> None:
    placeholders = ["00000000000", "0", "ukjent", "N/A", "-"]
    extract, out = tmp_path / "extract.csv", tmp_path / "out"
    _with_ids(placeholders).write_csv(extract)
    code, output = wash_cli(extract, RULES, out, ROOT / "fixtures" / "demo.key")
    assert code == 0, output
    washed = read(out / "extract.csv")
    assert washed["p_unique_id"].head(TRAVELLERS).to_list() == placeholders


def _with_text(ids: list[str], text: str) -> pl.DataFrame:
    first = pl.int_range(pl.len()) < len(ids)
    return _with_ids(ids).with_columns(
        pl.when(first).then(pl.lit(text)).alias("a_travel_method_extra")
    )


@pytest.mark.parametrize("text", ["Ukjent id", "id: ukjent, pass: 0"])
def test_a_placeholder_leaves_the_rows_text_as_written(text: str) -> None:
    original = _with_text(["ukjent", "0"], text)
    (washed,) = wash_frames([original], RULES, KEY)
    assert washed["a_travel_method_extra"].head(2).to_list() == [text, text]
    # A placeholder kept in text is no leak either.
    report = audit_frames([original], [washed])
    assert [(f.check, f.kind, f.column) for f in report.findings] == []


def test_a_placeholder_number_also_written_in_text_is_no_leak() -> None:
    original = _with_text(["00000000000"], "pnr 00000000000")
    (washed,) = wash_frames([original], RULES, KEY)
    assert washed["p_unique_id"][0] == "00000000000"
    report = audit_frames([original], [washed])
    assert [(f.check, f.kind, f.column) for f in report.findings] == []


def test_namesakes_sharing_a_placeholder_are_two_people_to_the_audit_too() -> None:
    # Same name, different birth dates: two travellers, each with fakes of their own; the
    # audit must not call that one person with two sets of fakes.
    names = {c: pl.lit(EXTRACT[c][0]) for c in ("p_first_name", "p_last_name")}
    original = _with_ids(["ukjent", "ukjent"]).with_columns(
        pl.when(pl.int_range(pl.len()) < 2).then(value).otherwise(pl.col(c)).alias(c)
        for c, value in names.items()
    )
    (washed,) = wash_frames([original], RULES, KEY)
    assert washed["p_first_name"][0] != washed["p_first_name"][1]
    report = audit_frames([original], [washed])
    assert [(f.check, f.kind, f.column) for f in report.findings] == []
