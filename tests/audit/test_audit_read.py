"""Reading extracts: encodings, separators and formats, as strings; clear errors otherwise."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from washer.audit._read import read_table, washed_files
from washer.errors import InputError

EXPECTED = {"p_first_name": ["Bjørn", "Åse"], "p_phone": ["0047 912", None]}


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("p_first_name,p_phone\nBjørn,0047 912\nÅse,\n", "utf-8"),
        ("\ufeffp_first_name;p_phone\nBjørn;0047 912\nÅse;\n", "utf-8"),
        ("p_first_name;p_phone\r\nBjørn;0047 912\r\nÅse;\r\n", "cp1252"),
        ("p_first_name\tp_phone\nBjørn\t0047 912\nÅse\t\n", "utf-8"),
    ],
)
def test_csv_dialects(tmp_path: Path, raw: str, encoding: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(raw.encode(encoding))
    frame = read_table(path)
    assert frame.to_dict(as_series=False) == EXPECTED


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "json"])
def test_other_formats_are_read_as_strings(tmp_path: Path, fmt: str) -> None:
    frame = pl.DataFrame({"p_first_name": ["Bjørn", "Åse"], "a_num_travelers": [1, None]})
    path = tmp_path / f"x.{fmt}"
    {"parquet": frame.write_parquet, "jsonl": frame.write_ndjson, "json": frame.write_json}[fmt](
        path
    )
    read = read_table(path)
    assert read.schema == {"p_first_name": pl.String, "a_num_travelers": pl.String}
    assert read["a_num_travelers"].to_list() == ["1", None]


def test_json_with_mixed_value_types(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[{"a": "0301", "b": 1}, {"a": 301, "b": "x"}, {"c": true}]')
    assert read_table(path).to_dict(as_series=False) == {
        "a": ["0301", "301", None],
        "b": ["1", "x", None],
        "c": [None, None, "true"],
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", "", "{p} is empty"),
        ("x.json", "{}", "{p}: expected a JSON array of objects"),
        ("x.json", "[", "{p} is not valid JSON (JSONDecodeError)"),
        # these used to say only "cannot read {p} (ComputeError)"
        ("x.jsonl", '{"a": "1"}\n{"a": \n', "{p}: line 2: not valid JSON (Expecting value)"),
        ("x.parquet", "PAR1 cut short", "{p} is not a readable Parquet file"),
        ("x.xlsx", "a", "{p}: unsupported format (use .csv, .parquet, .jsonl, .ndjson, .json)"),
    ],
)
def test_unreadable_inputs(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError) as info:
        read_table(path)
    assert str(info.value) == message.format(p=path)


@pytest.mark.parametrize(
    ("raw", "encoding", "message"),
    [
        # a truncated record used to be padded with nulls and audited as if whole
        ("a,b\n1,2\n3\n", "utf-8", "{p}: line 3 has 1 field, but the header has 2"),
        # a short record in the middle was padded too
        ("a,b\n1,2\n3\n4,5\n", "utf-8", "{p}: line 3 has 1 field, but the header has 2"),
        ("a;b\r\nÅse;1\r\nBjørn\r\n", "cp1252", "{p}: line 3 has 1 field, but the header has 2"),
        ("a\tb\n1\t2\n3\t4\t5\n", "utf-8", "{p}: line 3 has 3 fields, but the header has 2"),
        ('a,b\n"x\ny",1\n3\n', "utf-8", "{p}: line 4 has 1 field, but the header has 2"),
        # a repeated name used to be read as an invented column (a_duplicated_0)
        ("a,b,a\n1,2,3\n", "utf-8", "{p}: columns 1 and 3 of the header have the same name"),
        ("a,,b\n1,2,3\n", "utf-8", "{p}: column 2 of the header has no name"),
        ("a,b\n\x00\x01,2\n", "utf-8", "{p} is not a CSV file (it holds binary data)"),
    ],
)
def test_malformed_csv_is_named_with_its_line(
    tmp_path: Path, raw: str, encoding: str, message: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(raw.encode(encoding))
    with pytest.raises(InputError) as info:
        read_table(path)
    assert str(info.value) == message.format(p=path)


def test_washed_directory_skips_the_manifest(tmp_path: Path) -> None:
    for name in ("b.csv", "a.parquet", "manifest.json", "notes.txt"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in washed_files(tmp_path)] == ["a.parquet", "b.csv"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="holds no washed files"):
        washed_files(empty)
