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

__all__ = [
    "FORMATS",
    "format_of",
    "write_extract",
]

FORMATS = (".csv", ".parquet", ".jsonl", ".json")
MESSY_ENCODING = "cp1252"


def _csv(frame: pl.DataFrame, out: io.BufferedWriter, messy: bool) -> None:
    if messy:
        text = frame.write_csv(separator=";", line_terminator="\r\n")
        out.write(text.encode(MESSY_ENCODING, errors="replace"))
    else:
        frame.write_csv(out)


def _parquet(frame: pl.DataFrame, out: io.BufferedWriter, messy: bool) -> None:
    frame.write_parquet(out, statistics=False)


def _jsonl(frame: pl.DataFrame, out: io.BufferedWriter, messy: bool) -> None:
    frame.write_ndjson(out)


def _json(frame: pl.DataFrame, out: io.BufferedWriter, messy: bool) -> None:
    frame.write_json(out)


_WRITERS: dict[str, Callable[[pl.DataFrame, io.BufferedWriter, bool], None]] = {
    ".csv": _csv,
    ".parquet": _parquet,
    ".jsonl": _jsonl,
    ".json": _json,
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


def write_extract(
    frame: pl.DataFrame, path: str | os.PathLike[str], *, messy: bool = False
) -> Path:
    """Write ``frame`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    target = Path(path)
    write = _WRITERS[format_of(target)]
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(f"cannot write {target}: directory {directory} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            write(frame, out, messy)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror}") from None
        raise
    return target
