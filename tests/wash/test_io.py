"""Reading and writing extracts: detection, checks, exact errors, round trips."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from washer.errors import InputError, OutputError
from washer.io import FORMATS, CsvDialect, Staging, open_input, write_frame
from washer.io.formats import EXTENSIONS


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding", "bom", "delimiter", "terminator"),
    [
        (b"a,b\n1,2\n", "utf-8", False, ",", "\n"),
        (codecs.BOM_UTF8 + b"a;b\r\n1;2\r\n", "utf-8", True, ";", "\r\n"),
        ("a;b\r\nJørgen;Åse\r\n".encode("cp1252"), "cp1252", False, ";", "\r\n"),
        (b'a,"b;c"\n"x;y",2\n', "utf-8", False, ",", "\n"),
    ],
)
def test_csv_dialect_is_detected(
    tmp_path: Path, data: bytes, encoding: str, bom: bool, delimiter: str, terminator: str
) -> None:
    source = open_input(_write(tmp_path, "x.csv", data))
    assert source.format == "csv"
    assert source.dialect == CsvDialect(encoding, bom, delimiter, terminator)  # type: ignore[arg-type]
    assert source.lazy().collect().height == 1


def test_windows_1252_values_are_read_as_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.csv", "navn;by\r\nJørgen Østby;Tromsø\r\n".encode("cp1252"))
    frame = open_input(path).lazy().collect()
    assert frame.row(0) == ("Jørgen Østby", "Tromsø")


@pytest.mark.parametrize("stream", [False, True])
def test_encoding_is_decided_by_the_whole_file_not_its_head(tmp_path: Path, stream: bool) -> None:
    # The head (64 KiB) is plain ASCII; the Windows-1252 bytes come after it.
    ascii_rows = b"".join(b"Ola;Oslo\r\n" for _ in range(10_000))
    path = _write(
        tmp_path, "x.csv", b"navn;by\r\n" + ascii_rows + "Jørgen;Tromsø\r\n".encode("cp1252")
    )
    source = open_input(path)
    assert source.dialect is not None and source.dialect.encoding == "utf-8"  # the head's guess
    frame = source.lazy(stream=stream, work_dir=tmp_path / "work").collect()
    assert source.dialect.encoding == "cp1252"
    assert frame.row(-1) == ("Jørgen", "Tromsø")
    bad = _write(tmp_path, "y.csv", b"navn;by\r\n" + ascii_rows + b"\x81\x8d;\xc3\r\n")
    with pytest.raises(InputError, match=r"is neither UTF-8 nor Windows-1252 text$"):
        open_input(bad).lazy(stream=stream, work_dir=tmp_path / "work")


def test_everything_is_read_as_strings_and_empty_differs_from_missing(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.csv", b'a,b,c\n007,"",\n1.50,"x\n""y""",z\n')
    frame = open_input(path).lazy().collect()
    assert frame.schema == pl.Schema(dict.fromkeys("abc", pl.String))
    assert frame.rows() == [("007", "", None), ("1.50", 'x\n"y"', "z")]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("e.csv", b"", "{p} is empty"),
        ("w.csv", b"  \n\n", "{p} is empty"),
        (
            "bin.csv",
            bytes(range(256)) * 4,
            "{p} is not a CSV, JSON or Parquet file (it holds binary data)",
        ),
        (
            "u16.csv",
            "a,b\n".encode("utf-16"),
            "{p} is UTF-16 text; save it as UTF-8 or Windows-1252",
        ),
        (
            "short.csv",
            b"a,b,c\n1,2,3\n4,5\n6,7,8\n",
            "{p}: line 3 has 2 fields, but the header has 3",
        ),
        ("long.csv", b"a,b\n1,2\n3,4\n5,6,7\n", "{p}: line 4 has 3 fields, but the header has 2"),
        ("one.csv", b"a,b\n1\n", "{p}: line 2 has 1 field, but the header has 2"),
        ("blank.csv", b"a,b\n1,2\n\n3,4\n", "{p}: line 3 is blank"),
        (
            "quoted.csv",
            b'a,b\n"multi\nline",2\n3\n',
            "{p}: line 4 has 1 field, but the header has 2",
        ),
        ("header.csv", b"a,b\n", "{p} has a header but no rows"),
        ("dup.csv", b"a,b,a\n1,2,3\n", "{p}: columns 1 and 3 of the header have the same name"),
        (
            "dup2.csv",
            b"p_dnr,b,p_dnr\n1,2,3\n",
            "{p}: column p_dnr appears twice in the header",
        ),
        # no header: a record's D-number in p_unique_id and p_dnr must not be printed
        (
            "noheader.csv",
            b"0301-47-1-1,41036941713,Ola,41036941713\n0301-47-1-2,,Kari,\n",
            "{p}: columns 2 and 4 of the header have the same name",
        ),
        ("noname.csv", b"a,,c\n1,2,3\n", "{p}: column 2 of the header has no name"),
        ("bad.json", b'[{"a": "1"},\n {"a": }]', "{p}: line 2: not valid JSON (Expecting value)"),
        (
            "bad.jsonl",
            b'{"a": "1"}\n{"a": "2"\n',
            "{p}: line 2: not valid JSON (Expecting ',' delimiter)",
        ),
        ("list.jsonl", b'{"a": "1"}\n[1]\n', "{p}: line 2: not a JSON object"),
        ("nested.json", b'[{"a": {"b": "1"}}]', "{p}: column a holds nested values, not strings"),
        ("none.json", b"[]", "{p} has no records"),
        ("bad.parquet", b"PAR1 not really", "{p} is not a readable Parquet file"),
        ("cp.csv", b"a\n\x81\x8d\xc3\n", "{p} is neither UTF-8 nor Windows-1252 text"),
    ],
)
def test_bad_inputs_give_one_clear_error(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError) as info:
        open_input(path).lazy()  # opening reads the head; reading checks the rest
    assert str(info.value) == message.format(p=path)
    with pytest.raises(InputError) as info:
        open_input(path).lazy(stream=True, work_dir=tmp_path / "work")
    assert str(info.value) == message.format(p=path)
    with pytest.raises(InputError) as info:  # opened for a streamed run: checked by a scan
        open_input(path, stream=True).lazy(stream=True, work_dir=tmp_path / "work")
    assert str(info.value) == message.format(p=path)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("name", ["x.json", "x.jsonl"])
def test_json_with_a_utf8_bom_reads_as_without(tmp_path: Path, name: str, stream: bool) -> None:
    rows = [{"navn": "Jørgen", "by": "Tromsø"}, {"navn": "Åse", "by": None}]
    if name.endswith(".jsonl"):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in rows)
    else:
        text = json.dumps(rows, ensure_ascii=False)
    path = _write(tmp_path, name, codecs.BOM_UTF8 + text.encode())
    source = open_input(path)
    assert source.columns == ("navn", "by")
    frame = source.lazy(stream=stream, work_dir=tmp_path / "work").collect()
    assert frame.rows() == [("Jørgen", "Tromsø"), ("Åse", None)]
    assert path.read_bytes().startswith(codecs.BOM_UTF8)  # the input itself is only read


def test_missing_input_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"does not exist$"):
        open_input(tmp_path / "nope.csv")
    with pytest.raises(InputError, match=r"is a directory, not a file$"):
        open_input(tmp_path)


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(['"', ",", ";", "\n", "\r", " ", "ø"]),
    max_size=12,
)
_FRAME = st.lists(st.tuples(st.none() | _TEXT, st.none() | _TEXT), min_size=1, max_size=6).map(
    lambda rows: pl.DataFrame(rows, schema={"a": pl.String, "b": pl.String}, orient="row")
)


@pytest.mark.parametrize("fmt", FORMATS)
@given(frame=_FRAME)
@settings(max_examples=25, deadline=None)
def test_every_format_round_trips_values_exactly(
    tmp_path_factory: pytest.TempPathFactory, fmt: str, frame: pl.DataFrame
) -> None:
    if fmt in ("json", "jsonl"):
        assume(frame.select(pl.all().is_not_null().any()).row(0) != (False, False))
    tmp = tmp_path_factory.mktemp("rt")
    path = tmp / f"x{EXTENSIONS[fmt]}"  # type: ignore[index]
    write_frame(frame.lazy(), path, fmt, CsvDialect(), tmp)  # type: ignore[arg-type]
    back = open_input(path).lazy().collect()
    if fmt in ("json", "jsonl"):
        # fields without a value are left out of JSON; an all-null column disappears
        back = back.select([c for c in frame.columns if c in back.columns])
        frame = frame.select(back.columns)
    assert back.rows() == frame.rows()


@pytest.mark.parametrize(
    "dialect",
    [CsvDialect("utf-8", True, ";", "\r\n"), CsvDialect("cp1252", False, ";", "\r\n")],
)
def test_csv_is_written_in_the_inputs_dialect(tmp_path: Path, dialect: CsvDialect) -> None:
    frame = pl.DataFrame({"a": ["Jørgen", "x;y"], "b": ["Tromsø", None]})
    path = tmp_path / "x.csv"
    write_frame(frame.lazy(), path, "csv", dialect, tmp_path)
    source = open_input(path)
    assert source.dialect == dialect
    assert source.lazy().collect().rows() == frame.rows()


def test_windows_1252_output_folds_letters_it_cannot_hold(tmp_path: Path) -> None:
    frame = pl.DataFrame({"a": ["Łukasz Wąsik", "Jūratė Šimkūnė", "Ærlig Øst"]})
    path = tmp_path / "x.csv"
    write_frame(frame.lazy(), path, "csv", CsvDialect("cp1252"), tmp_path)
    assert path.read_bytes().decode("cp1252").splitlines()[1:] == [
        "Lukasz Wasik",
        "Jurate Šimkune",
        "Ærlig Øst",
    ]


def test_json_leaves_out_missing_fields_and_keeps_column_order(tmp_path: Path) -> None:
    frame = pl.DataFrame({"b": ["1", None], "a": ["x", "y"]})
    path = tmp_path / "x.json"
    write_frame(frame.lazy(), path, "json", CsvDialect(), tmp_path)
    text = path.read_text()
    assert json.loads(text) == [{"b": "1", "a": "x"}, {"a": "y"}]
    assert text.index('"b"') < text.index('"a"')


def test_staging_publishes_atomically_and_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with Staging(out) as stage:
        stage.path("x.csv").write_text("a\n1\n")
        assert not out.exists()
        stage.publish(["x.csv"])
    assert (out / "x.csv").read_text() == "a\n1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    with pytest.raises(RuntimeError), Staging(out) as stage:
        stage.path("y.csv").write_text("half")
        raise RuntimeError("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in out.iterdir()) == ["x.csv"]


def test_staging_refuses_a_file_as_output_directory(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    with pytest.raises(OutputError, match="exists and is not a directory"):
        Staging(tmp_path / "f")
    with pytest.raises(OutputError, match=r"parent directory of .* does not exist"):
        Staging(tmp_path / "no" / "out")


@pytest.mark.parametrize("name", ["x.json", "x.jsonl"])
def test_json_columns_keep_the_order_their_keys_first_appear_in(tmp_path: Path, name: str) -> None:
    records = [{"zeta": "1", "alpha": "2"}, {"mid": "3", "alpha": "4", "beta": None}]
    if name.endswith(".jsonl"):
        data = "\n".join(json.dumps(r) for r in records).encode()
    else:
        data = json.dumps(records).encode()
    source = open_input(_write(tmp_path, name, data))
    assert source.columns == ("zeta", "alpha", "mid", "beta")
    assert source.lazy().collect().columns == ["zeta", "alpha", "mid", "beta"]


def test_problems_after_the_first_64_kib_are_found(tmp_path: Path) -> None:
    body = b"a,b\n" + b"x,y\n" * 40_000
    latin = _write(tmp_path, "late.csv", body + "Ø,å\n".encode("cp1252"))
    source = open_input(latin)
    assert source.lazy().collect().row(-1) == ("Ø", "å")
    assert source.dialect is not None and source.dialect.encoding == "cp1252"
    binary = _write(tmp_path, "nul.csv", body + b"\x00\x01,2\n")
    with pytest.raises(InputError, match="holds binary data"):
        open_input(binary).lazy()
    short = _write(tmp_path, "short.csv", body + b"z\n")
    with pytest.raises(InputError, match=r"line 40002 has 1 field, but the header has 2$"):
        open_input(short).lazy()


_FIELD_TEXT = st.text(alphabet=st.sampled_from(list('ab ,;"\n')), max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(_FIELD_TEXT, min_size=3, max_size=3), min_size=1, max_size=8),
    short=st.integers(min_value=-1, max_value=7),
    delimiter=st.sampled_from([",", ";"]),
    terminator=st.sampled_from(["\n", "\r\n"]),
    cuts=st.lists(st.integers(min_value=1, max_value=400), max_size=6),
)
def test_fast_field_count_agrees_with_the_csv_module(
    rows: list[list[str]], short: int, delimiter: str, terminator: str, cuts: list[int]
) -> None:
    # The shape check counts separators outside quotes chunk by chunk; however the chunks
    # fall, it must say what a real CSV parser says.
    import csv
    import io

    import numpy as np

    from washer.io._csvscan import _FieldCount

    if 0 <= short < len(rows):
        rows[short] = rows[short][:-1]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=terminator).writerows(rows)
    data = buffer.getvalue().encode()
    parsed = list(csv.reader(io.StringIO(buffer.getvalue(), newline=""), delimiter=delimiter))
    expected = all(len(r) == 3 for r in parsed)
    count = _FieldCount(delimiter)
    edges = sorted({c for c in cuts if c < len(data)})
    for start, end in zip([0, *edges], [*edges, len(data)], strict=True):
        chunk = data[start:end]
        count.feed(chunk, np.frombuffer(chunk, dtype=np.uint8))
    assert count.shape_ok(3) == expected


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(
        st.sampled_from([b'"', b",", b";", b"\n", b"\r", b"a", b"\xc3\xa5"]), max_size=300
    ).map(b"".join),
    delimiter=st.sampled_from([",", ";"]),
    inside=st.sampled_from([0, 1]),
    cuts=st.lists(st.integers(min_value=1, max_value=300), max_size=6),
    window=st.sampled_from([1, 7, 64, 1 << 20]),
)
def test_field_count_counts_what_lies_outside_quotes(
    data: bytes, delimiter: str, inside: int, cuts: list[int], window: int
) -> None:
    # The counts must be those of splitting at every quote mark and dropping the inside
    # pieces, for any bytes and any chunking (a quoted field may start in an earlier chunk).
    from unittest import mock

    import numpy as np

    from washer.io import _csvscan
    from washer.io._csvscan import _FieldCount

    pieces = data.split(b'"')
    outside = b"".join(pieces[inside::2])
    count = _FieldCount(delimiter)
    count.inside = inside
    edges = sorted({c for c in cuts if c < len(data)})
    with mock.patch.object(_csvscan, "_WINDOW", window):  # windows within chunks too
        for start, end in zip([0, *edges], [*edges, len(data)], strict=True):
            chunk = data[start:end]
            count.feed(chunk, np.frombuffer(chunk, dtype=np.uint8))
    assert count.seps == outside.count(delimiter.encode())
    assert count.records == outside.count(b"\n")
    assert count.inside == (inside + len(pieces) - 1) & 1
