"""JSON arrays and JSON Lines as string columns, with errors that say what and where."""

from __future__ import annotations

import codecs
import json
import mmap
import re
import shutil
from pathlib import Path

import polars as pl

from washer.errors import InputError
from washer.io.formats import Format

_UTF8_BOM = codecs.BOM_UTF8


def json_error(path: Path, kind: Format) -> InputError:
    """Locate a JSON syntax error with the standard library (error path only)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return InputError(f"{path} is not UTF-8 JSON")
    if kind == "json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            return InputError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})")
        return InputError(f"{path} is not a JSON array of objects with string values")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            return InputError(f"{path}: line {number}: not valid JSON ({exc.msg})")
        if not isinstance(value, dict):
            return InputError(f"{path}: line {number}: not a JSON object")
    return InputError(f"{path} is not JSON Lines of objects with string values")


def read_json(path: Path, kind: Format) -> pl.DataFrame:
    try:
        if kind == "json":
            frame = pl.read_json(path, infer_schema_length=None)
        else:
            frame = pl.read_ndjson(json_lines_bytes(path), infer_schema_length=None)
    except Exception:  # polars raises several types for bad JSON; locate it ourselves
        raise json_error(path, kind) from None
    return as_strings(path, frame).select(key_order(path, frame.columns))


def starts_with_bom(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(_UTF8_BOM)) == _UTF8_BOM


def json_lines_bytes(path: Path) -> Path | bytes:
    """The file, or its bytes past a UTF-8 BOM: polars' JSON Lines reader refuses one (its
    JSON reader skips it), and Windows tools write one."""
    if not starts_with_bom(path):
        return path
    return path.read_bytes()[len(_UTF8_BOM) :]


def copy_without_bom(source: Path, target: Path) -> Path:
    with source.open("rb") as src, target.open("wb") as dst:
        src.seek(len(_UTF8_BOM))
        shutil.copyfileobj(src, dst, 1 << 24)
    return target


def key_order(path: Path, names: list[str]) -> list[str]:
    """Columns in the order their keys first appear in the file.

    polars' inferred JSON schema has no dependable order. ``"name":`` with a bare quote
    before the colon can only be a key (quotes inside strings are escaped), so the first
    such match of each name gives the order, without parsing the file again.
    """
    if path.stat().st_size == 0:
        return names
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        positions = {}
        for name in names:
            found = re.search(b'"' + re.escape(json.dumps(name)[1:-1].encode()) + rb'"\s*:', m)
            positions[name] = found.start() if found else len(m)
    return sorted(names, key=lambda n: (positions[n], n))


def as_strings(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    for name, dtype in frame.schema.items():
        if dtype.is_nested():
            raise InputError(f"{path}: column {name} holds nested values, not strings")
    return frame.with_columns(pl.all().cast(pl.String))


__all__ = [
    "as_strings",
    "copy_without_bom",
    "json_error",
    "json_lines_bytes",
    "key_order",
    "read_json",
    "starts_with_bom",
]
