"""The wash on extracts from ``washer generate`` (production-shaped, messy)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from washer.cli import main
from washer.dates import parse_dates
from washer.generate import generate_extract
from washer.ids import classify_series
from washer.keys import Key
from washer.testing.records import innreise_frames

from ._checks import leaks, norm_id, read, wash_frames

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = Key(bytes(range(32)))
# Values no fake pool can produce by chance: any of them in the output is a leak.
UNIQUE_COLUMNS = (
    "p_unique_id",
    "p_dnr",
    "p_fh_number",
    "p_phone",
    "p_email",
    "a_employer_org_number",
    "a_employer_contact_phone",
)
# Words a realistic fake may share with some other person's original: checked per row.
OWN_COLUMNS = (
    "p_first_name",
    "p_last_name",
    "a_location_address",
    "a_employer_name",
    "a_employer_contact_person",
    "a_employer_address",
)


@pytest.fixture(scope="module")
def messy() -> tuple[pl.DataFrame, pl.DataFrame]:
    frame = generate_extract(400, 11, dt.date(2021, 3, 31), messy=True)
    [washed] = wash_frames([frame], RULES, KEY)
    return frame, washed


def _norm(value: str | None) -> str:
    return re.sub(r"\s+", " ", (value or "").strip().casefold())


def _own_leaks(frame: pl.DataFrame, washed: pl.DataFrame) -> list[tuple[int, str]]:
    """A row's own name, address or employer kept in its column, or its full name, address
    or employer anywhere in the row. (A single common first name may well be part of some
    fake elsewhere: realistic fakes come from real name lists.)"""
    found = []
    for i, (before, after) in enumerate(
        zip(frame.iter_rows(named=True), washed.iter_rows(named=True), strict=True)
    ):
        text = " | ".join(_norm(v) for v in after.values() if v)
        for column in OWN_COLUMNS:
            if _norm(before[column]) and _norm(before[column]) == _norm(after[column]):
                found.append((i, column))
        full = _norm(f"{before['p_first_name'] or ''} {before['p_last_name'] or ''}")
        wholes = [("full name", full)] + [(c, _norm(before[c])) for c in OWN_COLUMNS[2:]]
        for what, value in wholes:
            if len(value) > 4 and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text):
                found.append((i, what))
    return found


def test_no_id_phone_email_or_orgnr_survives_anywhere(
    messy: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    frame, washed = messy
    values = {v for c in UNIQUE_COLUMNS for v in frame[c].drop_nulls().to_list() if v.strip()}
    assert values
    assert leaks(values, washed) == []


def test_no_row_keeps_its_own_names_or_addresses(
    messy: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    frame, washed = messy
    assert _own_leaks(frame, washed) == []


def test_one_person_one_set_of_fakes_despite_respelled_names(
    messy: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    frame, washed = messy
    both = pl.concat(
        [frame.select(pl.col("p_unique_id").alias("orig_id")), washed], how="horizontal"
    ).with_columns(
        pl.col("orig_id").map_elements(norm_id, return_dtype=pl.String).alias("person"),
        parse_dates(pl.col("p_birth_date")).alias("birth"),
    )
    groups = (
        both.drop_nulls("person")
        .group_by("person")
        .agg(
            pl.col("p_first_name", "p_last_name", "birth", "p_email", "a_location_address")
            .drop_nulls()
            .n_unique()
        )
    )
    repeated = both.drop_nulls("person").group_by("person").len().filter(pl.col("len") > 1)
    assert repeated.height > 10  # the extract has travellers with several trips
    for column in ("p_first_name", "p_last_name", "birth", "p_email", "a_location_address"):
        assert groups[column].max() == 1, column


def test_fake_ids_are_synthetic_numbers_of_the_same_kind(
    messy: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    frame, washed = messy
    expected = {"fnr": "synthetic_fnr", "dnr": "synthetic_dnr", "fh": "fh", "passport": "passport"}
    for column in ("p_unique_id", "p_dnr", "p_fh_number"):
        kinds = zip(classify_series(frame[column]), classify_series(washed[column]), strict=True)
        for before, after in kinds:
            if before in expected:
                assert after == expected[before], column


def test_the_messy_sample_fixture_washes_into_its_own_dialect(tmp_path: Path) -> None:
    source = ROOT / "fixtures" / "extract-sample-messy.csv"
    result = CliRunner().invoke(
        main,
        [
            "wash",
            str(source),
            "--rules",
            str(RULES),
            "--key-file",
            str(ROOT / "fixtures/demo.key"),
            "--out",
            str(tmp_path / "out"),
            "--reference-date",
            "2024-05-17",
            "--no-audit",  # the audit has its own test below
        ],
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "extract-sample-messy.csv"
    raw = out.read_bytes()
    assert raw.startswith(b"a_reference_code;p_unique_id;")
    assert raw.count(b"\r\n") == 2001
    raw.decode("cp1252")
    washed = read(out)
    original = read(source)
    assert washed.columns == original.columns
    assert washed["a_destination_id"].to_list() == original["a_destination_id"].to_list()


@given(frame=innreise_frames(min_rows=5, max_rows=40, messy=True))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_extracts_lose_every_unique_identifier(frame: pl.DataFrame) -> None:
    [washed] = wash_frames([frame], RULES, KEY)
    values = {v for c in UNIQUE_COLUMNS for v in frame[c].drop_nulls().to_list() if v.strip()}
    assert leaks(values, washed) == []
    assert _own_leaks(frame, washed) == []


def test_messy_sample_passes_the_audit(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "wash",
            str(ROOT / "fixtures" / "extract-sample-messy.csv"),
            "--rules",
            str(RULES),
            "--key-file",
            str(ROOT / "fixtures/demo.key"),
            "--out",
            str(tmp_path / "out"),
            "--reference-date",
            "2024-05-17",
        ],
    )
    assert result.exit_code == 0, result.output
