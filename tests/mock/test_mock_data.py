"""Loading washed data: every format wash writes, folders, dates made spec-valid, clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mock_helpers import INNREISER, TODAY, day, frame, rec, write_jsonl

from washer.errors import InputError
from washer.mock import load_index
from washer.mock.data import read_records
from washer.mock.records import normalize


def served(index: Any) -> list[dict[str, Any]]:
    return [json.loads(text) for text in index.json_objects()]


RECORDS = [
    rec(p_first_name="Åse", a_updated="2021-09-08T10:00:00"),
    rec(p_first_name="Øystein", a_date=day(-2)),
]


def _write(path: Path, fmt: str) -> Path:
    df = frame(RECORDS)
    if fmt == "csv":
        df.write_csv(path)
    elif fmt == "csv;cp1252":
        path.write_bytes(df.write_csv(separator=";").encode("cp1252"))
    elif fmt == "parquet":
        df.write_parquet(path)
    elif fmt == "jsonl":
        write_jsonl(path, RECORDS)
    else:
        path.write_text(json.dumps(RECORDS), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "csv;cp1252", "parquet", "jsonl", "json"])
def test_every_format_loads_the_same_records(tmp_path: Path, fmt: str) -> None:
    suffix = fmt.split(";")[0]
    index = load_index(_write(tmp_path / f"washed.{suffix}", fmt))
    by_ref = {r["a_reference_code"]: r for r in served(index)}
    assert by_ref[RECORDS[0]["a_reference_code"]]["p_first_name"] == "Åse"
    assert by_ref[RECORDS[1]["a_reference_code"]]["p_first_name"] == "Øystein"
    assert by_ref[RECORDS[0]["a_reference_code"]]["a_updated"] == "2021-09-08T10:00:00+02:00"


def test_a_folder_is_every_data_file_in_it_but_the_manifest(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "part-1.jsonl", RECORDS[:1])
    frame(RECORDS[1:]).write_parquet(tmp_path / "part-2.parquet")
    (tmp_path / "manifest.json").write_text('{"files": ["part-1.jsonl"], "key": "fp"}')
    (tmp_path / "notes.txt").write_text("ignored")
    refs = sorted(r["a_reference_code"] for r in served(load_index(tmp_path)))
    assert refs == sorted(r["a_reference_code"] for r in RECORDS)


def test_typed_columns_are_served_as_spec_strings(tmp_path: Path) -> None:
    from datetime import date, datetime

    df = pl.DataFrame(
        {
            "a_reference_code": ["R1"],
            "a_date": [date(2021, 9, 9)],
            "a_updated": [datetime(2021, 9, 9, 12, 30)],
            "a_num_travelers": [3],
        }
    )
    df.write_parquet(tmp_path / "typed.parquet")
    [record] = served(load_index(tmp_path / "typed.parquet"))
    assert record == {
        "a_reference_code": "R1",
        "a_date": "2021-09-09",
        "a_updated": "2021-09-09T12:30:00+02:00",
        "a_num_travelers": "3",
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2021-09-04T22:05:37", "2021-09-04T22:05:37+02:00"),
        ("2021-01-04T22:05:37", "2021-01-04T22:05:37+01:00"),
        ("2021-09-04 22:05:37", "2021-09-04T22:05:37+02:00"),
        ("2021-09-04T22:05", "2021-09-04T22:05:00+02:00"),
        ("2021-09-04", "2021-09-04T00:00:00+02:00"),
        ("2021-09-04T20:05:37Z", "2021-09-04T22:05:37+02:00"),
        ("2021-09-04T22:05:37+02:00", "2021-09-04T22:05:37+02:00"),
        ("2021-09-04T22:05:37.250", "2021-09-04T22:05:37.250+02:00"),
        ("2021-03-28T02:30:00", "2021-03-28T03:30:00+02:00"),  # in the spring gap: an hour on
        ("2021-10-31T02:30:00", "2021-10-31T02:30:00+02:00"),  # ambiguous: the earlier one
        # In the repeated hour an explicit offset says which of the two it is.
        ("2021-10-31T02:30:00+02:00", "2021-10-31T02:30:00+02:00"),
        ("2021-10-31T02:30:00+01:00", "2021-10-31T02:30:00+01:00"),
        ("2021-10-31T01:30:00Z", "2021-10-31T02:30:00+01:00"),
        ("2021-10-31T00:30:00Z", "2021-10-31T02:30:00+02:00"),
        ("2021-10-31T02:30:00.5+01:00", "2021-10-31T02:30:00.500+01:00"),
    ],
)
def test_timestamps_become_rfc3339_in_norwegian_time(given: str, expected: str) -> None:
    [record] = served(load_index(frame([rec(p_follow_up_time=given)])))
    assert record["p_follow_up_time"] == expected
    assert INNREISER.is_valid(record)


def test_blank_values_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("a_reference_code,p_email,p_dnr,a_date\nR1,,,2021-09-09\n", encoding="utf-8")
    [record] = served(load_index(path))
    assert record == {"a_reference_code": "R1", "a_date": "2021-09-09"}


def test_rebase_moves_every_event_date_by_the_same_days() -> None:
    record = rec(
        a_date="2021-01-10",
        a_updated="2021-01-10T08:00:00",
        a_quarantine_reg_departure="2021-01-20",
        p_birth_date="1980-01-10",
    )
    [moved] = served(load_index(frame([record]), rebase_to=TODAY))
    assert moved["a_date"] == day(-1)  # the newest a_date is the day before
    assert moved["a_quarantine_reg_departure"] == day(9)  # ten days after a_date, as before
    assert moved["a_updated"] == f"{day(-1)}T08:00:00+02:00"  # wall-clock time kept
    assert moved["p_birth_date"] == "1980-01-10"  # not an event date


ERRORS = {
    "unknown column": ("a_reference_code,secret_col\nR1,x\n", "column 'secret_col'"),
    "bad date": (
        "a_reference_code,a_date\nR1,2021-02-30\nR2,31.12.2021\n",
        "column 'a_date', record 1 (and 1 more): not a date",
    ),
    "bad timestamp": (
        "a_reference_code,a_updated\nR1,2021-09-09T10:00:00\nR2,yesterday 10am\n",
        "column 'a_updated', record 2: not a timestamp",
    ),
    "no reference": (
        "a_reference_code,a_date\nR1,2021-09-09\n,2021-09-09\n",
        "record 2: a_reference_code is empty",
    ),
}


@pytest.mark.parametrize(("content", "expected"), ERRORS.values(), ids=ERRORS.keys())
def test_bad_data_is_an_input_error_naming_file_column_and_record(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "washed.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_index(path)
    assert str(info.value).startswith(f"{path}: ")
    assert expected in str(info.value)
    for value in ("2021-02-30", "31.12.2021", "yesterday", ",x"):
        assert value not in str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.csv", None, "no such file or folder"),
        ("data.xlsx", "x", "unknown data format"),
        ("empty.jsonl", "", "holds no records"),
        # these used to say only "cannot read it as json (ComputeError)"
        ("broken.json", "[{", "line 1: not valid JSON"),
        ("broken.jsonl", '{"a_date": "2021-09-09"}\n{', "line 2: not valid JSON"),
        ("broken.parquet", "PAR1 cut short", "is not a readable Parquet file"),
    ],
)
def test_unreadable_inputs_are_input_errors(
    tmp_path: Path, name: str, content: str | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=expected):
        read_records(path)


SHORT = "line 3 has 1 field, but the header has 2"  # a file cut off: polars pads it with nulls


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a_reference_code,a_date\nR1,2021-09-09\nR2\n", SHORT),
        ("a_reference_code,a_date\nR1,2021-09-09,x\n", "line 2 has 3 fields, but the header has 2"),
        ("a_date,a_date\n2021-09-09,2021-09-09\n", "column a_date appears twice in the header"),
    ],
)
def test_malformed_csv_names_the_line_or_the_header(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "washed.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_records(path)
    assert str(info.value) == f"{path}: {expected}"


def test_an_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(InputError, match="holds no data file"):
        read_records(tmp_path)


@settings(max_examples=30, deadline=None)
@given(
    texts=st.lists(
        st.text(st.characters(blacklist_categories=["Cs"]), max_size=30), min_size=1, max_size=5
    )
)
def test_any_text_value_round_trips_through_the_served_json(texts: list[str]) -> None:
    records = [rec(a_hotel_name=text) for text in texts]
    by_ref = {r["a_reference_code"]: r for r in served(load_index(frame(records)))}
    for record, text in zip(records, texts, strict=True):
        got = by_ref[record["a_reference_code"]].get("a_hotel_name")
        assert got == (text or None)


def test_normalize_keeps_the_record_count() -> None:
    from washer.mock.data import records_from_frame

    records = [rec() for _ in range(7)]
    assert normalize(records_from_frame(frame(records))).height == 7


OPTIONAL = ("p_first_name", "p_dnr", "a_hotel_name", "p_email", "a_num_travelers")


@settings(max_examples=50, deadline=None)
@given(
    present=st.lists(
        st.tuples(st.lists(st.sampled_from(OPTIONAL), unique=True), st.text(max_size=8)),
        min_size=1,
        max_size=12,
    )
)
def test_each_record_is_served_with_exactly_its_present_fields(
    present: list[tuple[list[str], str]],
) -> None:
    records = [rec(**{f: f"{value}|{f}" for f in fields}) for fields, value in present]
    by_ref = {r["a_reference_code"]: r for r in served(load_index(frame(records)))}
    assert len(by_ref) == len(records)
    for record in records:
        expected = {k: v for k, v in record.items() if v is not None}
        assert by_ref[record["a_reference_code"]] == expected


@pytest.mark.parametrize("first", ["2021-09-04T20:05:37Z", "2021-09-04T22:05:37"])
def test_a_column_may_mix_timestamp_forms(first: str) -> None:
    given = [
        first,
        "2021-09-04T22:05:37+02:00",
        "2021-09-04T22:05:37",
        "2021-09-04 22:05:37",
        "2021-09-04T20:05:37.000Z",
    ]
    records = [rec(a_updated=value) for value in given]
    served_times = {
        r["a_reference_code"]: r["a_updated"] for r in served(load_index(frame(records)))
    }
    assert {served_times[r["a_reference_code"]] for r in records} <= {"2021-09-04T22:05:37+02:00"}
