"""The wash end to end through the library, on generated extracts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from washer.dates import parse_dates
from washer.errors import AuditFailure
from washer.io import CsvDialect, write_frame
from washer.io.formats import EXTENSIONS, Format
from washer.keys import Key
from washer.rules import load_rules
from washer.wash import CUSTOM_CHECK, StagedRun, WashOptions, publish_unaudited, wash

from ._checks import (
    EVENT_COLUMNS,
    REFERENCE,
    fake_id_date,
    leaks,
    norm_id,
    read,
    wash_frames,
)
from ._extract import Extract, make_extract


@pytest.fixture(scope="module")
def extract() -> Extract:
    return make_extract(rows=120, seed=7)


UTF8 = CsvDialect()


def _write(
    frame: pl.DataFrame, path: Path, fmt: Format = "csv", dialect: CsvDialect = UTF8
) -> Path:
    write_frame(frame.lazy(), path, fmt, dialect, path.parent)
    return path


def _wash(inputs: list[Path], out: Path, rules: Path, key: Key, **kw: object) -> list[pl.DataFrame]:
    options = WashOptions(rules=rules, key=key, out_dir=out, reference_date=REFERENCE, **kw)  # type: ignore[arg-type]
    result = wash(inputs, options)
    return [read(p) for p in result.outputs]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_outputs_keep_row_and_column_order_and_manifest_describes_them(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key
) -> None:
    source = _write(extract.frame, tmp_path / "extract.csv")
    before = _sha(source)
    [washed] = _wash([source], tmp_path / "out", rules_path, key)
    assert washed.columns == extract.frame.columns
    assert washed.height == extract.frame.height
    # row order: kept columns line up row by row
    assert washed["a_destination_id"].to_list() == extract.frame["a_destination_id"].to_list()
    assert _sha(source) == before
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["key_fingerprint"] == key.fingerprint
    assert bytes(range(32)).hex() not in (tmp_path / "out" / "manifest.json").read_text()
    assert manifest["rules"]["sha256"] == _sha(rules_path)
    assert manifest["inputs"][0]["sha256"] == before
    assert manifest["inputs"][0]["rows"] == extract.frame.height
    assert manifest["outputs"][0]["sha256"] == _sha(tmp_path / "out" / "extract.csv")
    assert manifest["outputs"][0]["path"] == "extract.csv"
    assert manifest["rows"] == extract.frame.height
    assert manifest["audit"] == "passed"  # the default check before publishing is the audit
    newest = max(parse_dates_list(extract.frame["a_date"]))
    assert manifest["date_offset_days"] == (REFERENCE - dt.timedelta(days=1) - newest).days
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extract.csv", "out"]


def parse_dates_list(series: pl.Series) -> list[dt.date]:
    return [d for d in series.to_frame("t").select(parse_dates(pl.col("t")))["t"].to_list() if d]


@pytest.mark.parametrize(
    ("fmt_in", "dialect", "fmt_out"),
    [
        ("csv", CsvDialect("cp1252", False, ";", "\r\n"), None),
        ("csv", CsvDialect("utf-8", True, ",", "\n"), "parquet"),
        ("json", CsvDialect(), None),
        ("jsonl", CsvDialect(), "csv"),
        ("parquet", CsvDialect(), None),
        ("parquet", CsvDialect(), "json"),
    ],
)
def test_every_format_in_and_out_gives_the_same_wash(
    tmp_path: Path,
    extract: Extract,
    rules_path: Path,
    key: Key,
    fmt_in: Format,
    dialect: CsvDialect,
    fmt_out: Format | None,
) -> None:
    frame = extract.frame
    if dialect.encoding == "cp1252":  # such a file cannot hold every letter of the extract
        frame = frame.with_columns(pl.all().str.replace_all(r"[^\x00-\xff]", "x"))
    source = _write(frame, tmp_path / f"x{EXTENSIONS[fmt_in]}", fmt_in, dialect)
    [washed] = _wash([source], tmp_path / "out", rules_path, key, format=fmt_out)
    out = tmp_path / "out" / f"x{EXTENSIONS[fmt_out or fmt_in]}"
    assert out.exists()
    [expected] = wash_frames([frame], rules_path, key)
    if {fmt_in, fmt_out} & {"json", "jsonl"}:
        # JSON leaves out fields without a value, so column order is first appearance and an
        # all-empty column is absent
        assert set(washed.columns) <= set(expected.columns)
        expected = expected.select(washed.columns)
    if dialect.encoding == "cp1252" and fmt_out is None:
        # written back as Windows-1252, semicolons, CRLF; letters it lacks folded
        assert out.read_bytes().startswith(b"a_reference_code;p_unique_id;")
        assert out.read_bytes().count(b"\r\n") >= frame.height
        expected = pl.DataFrame(
            {c: [_fold_1252(v) for v in expected[c]] for c in expected.columns},
            schema=expected.schema,
        )
    assert washed.rows() == expected.rows()


def _fold_1252(value: str | None) -> str | None:
    if value is None:
        return None
    return value.encode("cp1252", errors="washer-fold").decode("cp1252")


def _person_rows(frame: pl.DataFrame, rows: list[int]) -> pl.DataFrame:
    return frame[rows]


def test_one_person_keeps_one_set_of_fakes_across_rows_and_files(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key
) -> None:
    frame = extract.frame
    first_half = frame[: frame.height // 2]
    second_half = frame[frame.height // 2 :]
    a = _write(first_half, tmp_path / "a.csv")
    b = _write(second_half, tmp_path / "b.parquet", "parquet")
    washed = pl.concat(_wash([a, b], tmp_path / "out", rules_path, key))
    [together] = wash_frames([frame], rules_path, key)
    assert washed.rows() == together.rows()  # two files wash exactly like one
    for person in extract.persons:
        rows = washed[person.rows]
        for column in ("p_first_name", "p_last_name", "p_email", "a_location_address"):
            values = set(rows[column].drop_nulls().to_list())
            assert len(values) <= 1, (column, values)
        assert len({norm_id(v) for v in rows["p_unique_id"].drop_nulls().to_list()}) <= 1
        births = set(parse_dates_list(rows["p_birth_date"]))
        assert len(births) == 1
        phones = {v[-8:] for v in rows["p_phone"].drop_nulls().str.replace_all(r"\D", "").to_list()}
        assert len(phones) == 1


def test_ids_fakes_are_valid_keep_kind_gender_and_birth_date(
    extract: Extract, rules_path: Path, key: Key
) -> None:
    from washer.ids import classify_series

    [washed] = wash_frames([extract.frame], rules_path, key)
    expected_kind = {
        "fnr": "synthetic_fnr",
        "dnr": "synthetic_dnr",
        "fh": "fh",
        "passport": "passport",
    }
    for column in ("p_unique_id", "p_dnr", "p_fh_number"):
        before = extract.frame[column]
        after = washed[column]
        kinds_before = classify_series(before).to_list()
        kinds_after = classify_series(after).to_list()
        for i, (kb, ka) in enumerate(zip(kinds_before, kinds_after, strict=True)):
            if kb == "empty":
                assert after[i] is None or not after[i].strip()
                continue
            assert ka == expected_kind.get(kb, ka), (column, kb, ka)
            if kb in ("fnr", "dnr"):
                fake = norm_id(after[i])
                orig = norm_id(before[i])
                assert fake is not None and orig is not None
                assert int(fake[8]) % 2 == int(orig[8]) % 2  # gender digit kept
                birth = parse_dates_list(washed["p_birth_date"][i : i + 1])
                assert birth == [fake_id_date(fake)]
                orig_birth = fake_id_date(orig)
                assert orig_birth is not None
                assert abs((birth[0] - orig_birth).days) <= 92


def test_equal_ids_stay_equal_and_different_people_never_share_a_fake(
    extract: Extract, rules_path: Path, key: Key
) -> None:
    [washed] = wash_frames([extract.frame], rules_path, key)
    mapping: dict[str, set[str]] = {}
    for column in ("p_unique_id", "p_dnr", "p_fh_number"):
        for orig, fake in zip(extract.frame[column], washed[column], strict=True):
            if norm_id(orig):
                mapping.setdefault(norm_id(orig), set()).add(norm_id(fake))  # type: ignore[arg-type]
    assert all(len(f) == 1 for f in mapping.values())  # a function of the original
    fakes = [next(iter(f)) for f in mapping.values()]
    assert len(set(fakes)) == len(fakes)  # injective
    same = [
        i
        for i, (u, d) in enumerate(
            zip(extract.frame["p_unique_id"], extract.frame["p_dnr"], strict=True)
        )
        if u and d and norm_id(u) == norm_id(d)
    ]
    assert same
    for i in same:
        assert norm_id(washed["p_unique_id"][i]) == norm_id(washed["p_dnr"][i])


def test_event_dates_move_by_one_offset_and_keep_their_spelling(
    extract: Extract, rules_path: Path, key: Key
) -> None:
    [washed] = wash_frames([extract.frame], rules_path, key)
    offsets = set()
    for column in EVENT_COLUMNS:
        for orig, new in zip(extract.frame[column], washed[column], strict=True):
            if orig is None:
                assert new is None
                continue
            d0 = parse_dates_list(pl.Series([orig]))
            d1 = parse_dates_list(pl.Series([new]))
            offsets.add((d1[0] - d0[0]).days)
            if orig[4:5] == "-":
                assert new[10:] == orig[10:]  # time, fraction and UTC offset kept
    assert len(offsets) == 1
    assert max(parse_dates_list(washed["a_date"])) == REFERENCE - dt.timedelta(days=1)


def test_kept_columns_are_byte_for_byte_unchanged(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key
) -> None:
    rules = load_rules(rules_path)
    kept = [c for c, r in rules.columns.items() if r.transform == "keep"]
    source = _write(extract.frame, tmp_path / "x.csv")
    [washed] = _wash([source], tmp_path / "out", rules_path, key)
    assert washed.select(kept).rows() == read(source).select(kept).rows()


def test_same_inputs_rules_and_key_give_identical_bytes_and_another_key_other_fakes(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key, other_key: Key
) -> None:
    source = _write(extract.frame, tmp_path / "x.csv")
    for out in ("one", "two"):
        _wash([source], tmp_path / out, rules_path, key)
    for name in ("x.csv", "manifest.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    [mine] = wash_frames([extract.frame], rules_path, key)
    [theirs] = wash_frames([extract.frame], rules_path, other_key)
    for column in ("p_unique_id", "p_first_name", "p_phone", "a_reference_code"):
        pairs = [(a, b) for a, b in zip(mine[column], theirs[column], strict=True) if a]
        differ = sum(a != b for a, b in pairs)
        assert differ > len(pairs) * 0.8, column


def test_no_original_identifying_value_remains(
    extract: Extract, rules_path: Path, key: Key
) -> None:
    [washed] = wash_frames([extract.frame], rules_path, key)
    assert leaks(extract.identifying_values(), washed) == []


def test_before_publish_hook_sees_staged_outputs_and_can_stop_publication(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key
) -> None:
    source = _write(extract.frame, tmp_path / "x.csv")
    seen: list[StagedRun] = []

    def refuse(run: StagedRun) -> None:
        seen.append(run)
        assert run.outputs[0].staged.exists()
        assert run.outputs[0].scan().collect().height == extract.frame.height
        assert not (tmp_path / "out").exists()
        raise AuditFailure("leak found")

    with pytest.raises(AuditFailure):
        _wash([source], tmp_path / "out", rules_path, key, before_publish=refuse)
    assert seen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_the_manifest_says_what_checked_the_output_before_publishing(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key
) -> None:
    source = _write(extract.frame, tmp_path / "x.csv")

    def custom(run: StagedRun) -> None:
        assert not (run.outputs[0].final.parent / "manifest.json").exists()

    hooks = {"skipped": publish_unaudited, CUSTOM_CHECK: custom}
    for said, hook in hooks.items():
        out = tmp_path / said
        _wash([source], out, rules_path, key, before_publish=hook)
        assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["audit"] == said


def test_streaming_and_in_memory_runs_write_the_same_bytes(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key
) -> None:
    source = _write(extract.frame, tmp_path / "x.csv", dialect=CsvDialect("cp1252", False, ";"))
    frame = extract.frame.with_columns(pl.all().str.replace_all(r"[^\x00-\xff]", "x"))
    source = _write(frame, tmp_path / "x.csv", dialect=CsvDialect("cp1252", False, ";"))
    _wash([source], tmp_path / "mem", rules_path, key, stream=False)
    _wash([source], tmp_path / "str", rules_path, key, stream=True)
    assert (tmp_path / "mem" / "x.csv").read_bytes() == (tmp_path / "str" / "x.csv").read_bytes()


@pytest.mark.parametrize(
    ("fmt", "stream"), [("csv", False), ("csv", True), ("jsonl", False), ("parquet", False)]
)
def test_washing_in_many_batches_writes_the_bytes_of_one_batch(
    tmp_path: Path,
    extract: Extract,
    rules_path: Path,
    key: Key,
    monkeypatch: pytest.MonkeyPatch,
    stream: bool,
    fmt: Format,
) -> None:
    import washer.wash as wash_module

    source = _write(extract.frame, tmp_path / f"x{EXTENSIONS[fmt]}", fmt)
    unaudited = {"stream": stream, "before_publish": publish_unaudited}
    _wash([source], tmp_path / "one", rules_path, key, **unaudited)
    monkeypatch.setattr(wash_module, "CHUNK_ROWS", 45)  # batches bound memory, nothing else
    _wash([source], tmp_path / "many", rules_path, key, **unaudited)
    name = f"x{EXTENSIONS[fmt]}"
    assert (tmp_path / "many" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


@pytest.mark.parametrize("stream", [False, True])
def test_a_batch_cut_by_its_free_text_writes_the_bytes_of_one_batch(
    tmp_path: Path,
    extract: Extract,
    rules_path: Path,
    key: Key,
    monkeypatch: pytest.MonkeyPatch,
    stream: bool,
) -> None:
    import washer.batching as batching

    # Long texts (case notes) mentioning other travellers: a batch is cut into many slices.
    names = pl.concat_str(pl.col("p_first_name"), pl.col("p_last_name"), separator=" ")
    note = pl.concat_str(pl.lit("notat " * 40), names.shift(3), pl.lit(" tlf "), pl.col("p_phone"))
    frame = extract.frame.with_columns(note.alias("a_border_crossing_quarantine_assessment"))
    source = _write(frame, tmp_path / "x.csv")
    unaudited = {"stream": stream, "before_publish": publish_unaudited}
    _wash([source], tmp_path / "one", rules_path, key, **unaudited)
    import washer.wash as wash_module

    monkeypatch.setattr(batching, "TEXT_BYTES", 2_000)  # a few rows of text per slice
    slices: list[int] = []

    def counted(batch: pl.DataFrame, columns: Sequence[str]) -> Iterator[pl.DataFrame]:
        parts = list(batching.text_bounded(batch, columns))
        slices.append(len(parts))
        return iter(parts)

    monkeypatch.setattr(wash_module, "text_bounded", counted)
    _wash([source], tmp_path / "many", rules_path, key, **unaudited)
    assert max(slices) > 1  # the wash did cut the batch by its text
    assert (tmp_path / "many" / "x.csv").read_bytes() == (tmp_path / "one" / "x.csv").read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_blank_cells_stay_blank_and_the_gated_wash_publishes(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key, fmt: Format
) -> None:
    # Padded exports write a missing value as spaces; such a cell holds nothing to wash
    # and nothing for the audit to refuse.
    blanks = [" ", "\t", "         "]
    rows = pl.int_range(pl.len()).is_in(list(range(len(blanks))))
    fill = pl.Series(blanks + [None] * (extract.frame.height - len(blanks)), dtype=pl.String)
    wanted = [c for c in extract.frame.columns if c not in ("a_date", "a_reference_code")]
    frame = extract.frame.with_columns(
        pl.when(rows).then(pl.lit(fill)).otherwise(pl.col(c)).alias(c) for c in wanted
    )
    source = _write(frame, tmp_path / f"x{EXTENSIONS[fmt]}", fmt)
    [washed] = _wash([source], tmp_path / "out", rules_path, key)
    for column in wanted:
        if column in washed.columns:
            assert washed[column][: len(blanks)].to_list() == blanks, column


def test_a_streamed_json_lines_input_is_scanned_not_read_whole(
    tmp_path: Path,
    extract: Extract,
    rules_path: Path,
    key: Key,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = _write(extract.frame, tmp_path / "x.jsonl", "jsonl")

    def run(out: str, stream: bool) -> None:
        # unaudited: the audit reads its inputs whole
        options = WashOptions(rules_path, key, tmp_path / out, REFERENCE, stream=stream)
        wash([source], replace(options, before_publish=publish_unaudited))

    run("mem", stream=False)

    def read_whole(*_args: object, **_kwargs: object) -> pl.DataFrame:
        raise AssertionError("a streamed input was read whole")

    monkeypatch.setattr(pl, "read_ndjson", read_whole)
    run("str", stream=True)
    streamed, in_memory = (tmp_path / out / "x.jsonl" for out in ("str", "mem"))
    assert streamed.read_bytes() == in_memory.read_bytes()


def test_reference_codes_keep_their_structure_and_stay_one_to_one(
    extract: Extract, rules_path: Path, key: Key
) -> None:
    [washed] = wash_frames([extract.frame], rules_path, key)
    pairs = list(zip(extract.frame["a_reference_code"], washed["a_reference_code"], strict=True))
    for orig, fake in pairs:
        assert orig is not None and fake is not None
        assert fake != orig
        assert fake.rsplit("-", 1)[0] == orig.rsplit("-", 1)[0]  # kommune, prefix, method
    assert len({f for _, f in pairs}) == len({o for o, _ in pairs})


@pytest.mark.parametrize("stream", [False, True])
def test_an_input_without_any_employer_field_washes_beside_one_with_them(
    tmp_path: Path, extract: Extract, rules_path: Path, key: Key, stream: bool
) -> None:
    # The API and JSON output leave out fields with no value: a day with no employer holds
    # no a_employer_* field at all, while another input of the run has them.
    employer = [c for c in extract.frame.columns if c.startswith("a_employer_")]
    half = extract.frame.height // 2
    first, second = extract.frame[:half], extract.frame[half:].drop(employer)
    a = _write(first, tmp_path / "a.csv")
    b = _write(second, tmp_path / "b.json", "json")
    washed = _wash([a, b], tmp_path / "out", rules_path, key, stream=stream)
    blank = extract.frame[half:].with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in employer
    )
    [_, together] = wash_frames([first, blank], rules_path, key)
    assert {"p_unique_id", "p_first_name", "a_date"} <= set(washed[1].columns)
    assert not set(employer) & set(washed[1].columns)
    assert washed[1].rows() == together.select(washed[1].columns).rows()
