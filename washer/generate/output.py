"""Write an extract in the format its file name asks for, never leaving half a file.

``.csv`` is UTF-8 with commas (missing values empty, empty strings as ``""``); with
``messy`` it is Windows-1252 with semicolons and CRLF, as real extracts arrive (letters
Windows-1252 lacks become ``?``). ``.parquet`` keeps every column a string; ``.jsonl`` has
one object per line and ``.json`` one array, missing values as ``null``.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

from washer.errors import OutputError

FORMATS = (".csv", ".parquet", ".jsonl", ".json")
MESSY_ENCODING = "cp1252"


def _csv(frame: pl.DataFrame, messy: bool) -> bytes:
    if not messy:
        return frame.write_csv().encode("utf-8")
    text = frame.write_csv(separator=";", line_terminator="\r\n")
    return text.encode(MESSY_ENCODING, errors="replace")


def _parquet(frame: pl.DataFrame, messy: bool) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, statistics=False)
    return buffer.getvalue()


def _jsonl(frame: pl.DataFrame, messy: bool) -> bytes:
    return frame.write_ndjson().encode("utf-8")


def _json(frame: pl.DataFrame, messy: bool) -> bytes:
    return frame.write_json().encode("utf-8")


_WRITERS: dict[str, Callable[[pl.DataFrame, bool], bytes]] = {
    ".csv": _csv, ".parquet": _parquet, ".jsonl": _jsonl, ".json": _json,
}


def format_of(path: Path) -> str:
    """The format suffix of ``path``, or :class:`OutputError` naming the ones supported."""
    suffix = path.suffix.lower()
    if suffix not in _WRITERS:
        raise OutputError(
            f"cannot write {path}: unknown format {suffix or '(no suffix)'!r}; "
            f"use one of {', '.join(FORMATS)}"
        )
    return suffix


def write_extract(frame: pl.DataFrame, path: str | os.PathLike[str], *,
                  messy: bool = False) -> Path:
    """Write ``frame`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    target = Path(path)
    data = _WRITERS[format_of(target)](frame, messy)
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(f"cannot write {target}: directory {directory} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.",
                                             suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    return target
