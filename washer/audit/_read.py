"""Read extracts and washed output as all-string frames, for the audit.

CSV tolerates a UTF-8 byte-order mark, cp1252 text and ``;`` or tab separators; parquet, JSON
Lines and JSON (an array of objects, also with mixed value types) are read as they are, chosen
by suffix. Every column becomes a string so that originals and washed output compare cell by
cell whatever the format.

Not :func:`washer.io.open_input`: the wash's reader knows comma and semicolon only (a
tab-separated file becomes one column) and hashes every input for its manifest, a pass over
the whole file that the audit does not need.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from washer.errors import InputError
from washer.io.formats import Format
from washer.io.readers import read_csv_checked, unreadable
from washer.manifest import listed_outputs

SUFFIXES = (".csv", ".parquet", ".jsonl", ".ndjson", ".json")
"""File suffixes the audit reads (``manifest.json`` in a washed directory is not data)."""
MANIFEST = "manifest.json"
_FORMATS: dict[str, Format] = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep])


def _read_csv(path: Path) -> pl.DataFrame:
    with path.open("rb") as head:
        start = head.read(65536)
    if not start.strip():
        raise InputError(f"{path} is empty")
    separator = _separator(start.split(b"\n", 1)[0].decode("utf-8", errors="replace"))
    return read_csv_checked(path, separator)


def _strings(frame: pl.DataFrame, path: Path) -> pl.DataFrame:
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    if nested:
        raise InputError(f"{path}: column {nested[0]} holds nested values, not text")
    return frame.with_columns(pl.all().cast(pl.String))


def _read_json(path: Path) -> pl.DataFrame:
    with path.open("rb") as head:
        start = head.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start and not start.startswith(b"["):
        raise InputError(f"{path}: expected a JSON array of objects")
    try:
        return _strings(pl.read_json(path, infer_schema_length=None), path)
    except pl.exceptions.PolarsError:
        pass  # mixed value types in a column: read it with the json module instead
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path} is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise InputError(f"{path}: expected a JSON array of objects")
    if not data:
        raise InputError(f"{path} holds no records")
    columns: dict[str, None] = {}
    for row in data:
        columns.update(dict.fromkeys(row))
    # Values are kept as text exactly as written (numbers included).
    table = {
        name: [None if row.get(name) is None else _cell(row[name]) for row in data]
        for name in columns
    }
    return pl.DataFrame(table, schema=dict.fromkeys(columns, pl.String))


def _cell(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def read_table(path: Path) -> pl.DataFrame:
    """One file as a frame of string columns; raises :class:`InputError` naming the file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: unsupported format (use {', '.join(SUFFIXES)})")
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file")
    try:
        if suffix == ".csv":
            frame = _read_csv(path)
        elif suffix == ".parquet":
            frame = _strings(pl.read_parquet(path), path)
        elif suffix == ".json":
            frame = _read_json(path)
        else:
            if path.stat().st_size == 0:
                raise InputError(f"{path} is empty")
            frame = _strings(pl.read_ndjson(path, infer_schema_length=None), path)
    except pl.exceptions.PolarsError:
        raise unreadable(path, _FORMATS[suffix]) from None
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror})") from None
    if frame.width == 0:
        raise InputError(f"{path} has no columns")
    return frame


def washed_files(directory: Path) -> list[Path]:
    """The data files in a washed directory (sorted, without ``manifest.json``): those its
    manifest lists, where it has one (older outputs may lie beside them)."""
    if not directory.is_dir():
        raise InputError(f"{directory} is not a directory")
    listed = listed_outputs(directory)
    if listed is not None:
        return listed
    files = sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in SUFFIXES and p.name != MANIFEST
    )
    if not files:
        raise InputError(f"{directory} holds no washed files ({', '.join(SUFFIXES)})")
    return files
