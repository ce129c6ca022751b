"""Determinism, file formats by suffix, atomic writes, and the messy variant."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import polars as pl
import pytest
from stdnum.no import fodselsnummer

from washer.errors import OutputError
from washer.generate import generate_extract, write_extract
from washer.ids._checksum import is_valid_2032, is_valid_classic

REFERENCE = dt.date(2021, 3, 31)


@pytest.fixture(scope="module")
def extract() -> pl.DataFrame:
    return generate_extract(1500, seed=4, reference_date=REFERENCE)


def test_same_arguments_give_byte_identical_files(tmp_path: Path) -> None:
    for suffix in (".csv", ".parquet", ".jsonl", ".json"):
        first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        write_extract(generate_extract(700, seed=9, reference_date=REFERENCE), first)
        write_extract(generate_extract(700, seed=9, reference_date=REFERENCE), second)
        assert first.read_bytes() == second.read_bytes(), suffix


def test_other_seed_or_date_gives_another_extract() -> None:
    base = generate_extract(300, seed=9, reference_date=REFERENCE)
    assert not base.equals(generate_extract(300, seed=10, reference_date=REFERENCE))
    assert not base.equals(generate_extract(300, seed=9, reference_date=dt.date(2021, 4, 1)))


def test_exact_row_counts_including_zero() -> None:
    for rows in (0, 1, 2, 17):
        frame = generate_extract(rows, seed=1, reference_date=REFERENCE)
        assert frame.height == rows and frame.width == 55


def test_each_suffix_writes_its_format(tmp_path: Path, extract: pl.DataFrame) -> None:
    csv = write_extract(extract, tmp_path / "x.csv")
    assert pl.read_csv(csv, infer_schema=False).equals(extract)
    parquet = write_extract(extract, tmp_path / "x.parquet")
    assert pl.read_parquet(parquet).equals(extract)
    jsonl = write_extract(extract, tmp_path / "x.jsonl")
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == extract.height
    assert json.loads(lines[0]) == extract.row(0, named=True)  # missing values are null
    whole = write_extract(extract, tmp_path / "x.json")
    assert json.loads(whole.read_text(encoding="utf-8")) == extract.to_dicts()


def test_unknown_suffix_and_missing_directory_are_output_errors(
    tmp_path: Path, extract: pl.DataFrame
) -> None:
    with pytest.raises(OutputError, match=r"unknown format '\.txt'; use one of \.csv"):
        write_extract(extract, tmp_path / "x.txt")
    with pytest.raises(OutputError, match="does not exist"):
        write_extract(extract, tmp_path / "no" / "x.csv")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, extract: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.csv"
    target.write_text("old")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("washer.generate.output.os.replace", broken)
    with pytest.raises(OutputError, match="No space left on device"):
        write_extract(extract, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_messy_csv_is_windows_1252_with_semicolons(tmp_path: Path) -> None:
    frame = generate_extract(800, seed=4, reference_date=REFERENCE, messy=True)
    raw = write_extract(frame, tmp_path / "m.csv", messy=True).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # æøå are single Windows-1252 bytes
    text = raw.decode("cp1252")
    assert text.startswith("a_reference_code;p_unique_id;")
    assert "\r\n" in text
    back = pl.read_csv(io.StringIO(text), separator=";", infer_schema=False)
    assert back.columns == frame.columns and back.height == frame.height


def test_messy_values_have_the_flaws_of_real_extracts(extract: pl.DataFrame) -> None:
    messy = generate_extract(1500, seed=4, reference_date=REFERENCE, messy=True)
    ids = messy["p_unique_id"].drop_nulls().to_list()
    numeric = [i for i in ids if len(i) == 11 and i.isdigit()]
    bad = [i for i in numeric if not is_valid_2032(i)]
    assert bad and len(bad) < 0.03 * len(numeric)
    assert all(not fodselsnummer.is_valid(i) and not is_valid_classic(i) for i in bad)
    assert (messy == "").sum_horizontal().sum() > 0  # empty strings beside missing values
    names = messy["p_first_name"].to_list()
    assert any(n != n.strip() for n in names) and any(n.isupper() and len(n) > 1 for n in names)
    # the same person (same phone) spelled differently between rows
    spellings = messy.group_by("p_phone").agg(pl.col("p_first_name").n_unique())
    assert (spellings["p_first_name"] > 1).any()
    # the clean extract has none of this
    clean_ids = [
        i for i in extract["p_unique_id"].drop_nulls().to_list() if len(i) == 11 and i.isdigit()
    ]
    assert all(is_valid_classic(i) for i in clean_ids)
    assert (extract == "").sum_horizontal().sum() == 0
    assert all(n == n.strip() for n in extract["p_first_name"].to_list())


@pytest.mark.parametrize(
    ("rows", "seed", "day", "message"),
    [
        (-1, 0, REFERENCE, "rows"),
        (True, 0, REFERENCE, "rows"),
        (10**14, 0, REFERENCE, "rows must be an integer from 0 to 100000000"),
        (10, -1, REFERENCE, "seed"),
        (10, 0, dt.datetime(2021, 3, 31), "reference_date"),
        (10, 0, dt.date(2040, 1, 1), "reference_date"),
    ],
)
def test_bad_arguments_are_rejected_up_front(
    rows: int, seed: int, day: dt.date, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        generate_extract(rows, seed, day)
