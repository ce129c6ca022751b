"""Open an input extract: recognise its format, check it, and read every value as a string
(JSON reading in :mod:`washer.io._json`; a CSV header's and records' checks in
:mod:`washer.io._csvcheck`).

Formats are recognised by content, not by name: Parquet by its magic bytes, JSON by a leading
``[`` (an array of objects) or ``{`` (JSON Lines), anything else is CSV. CSV encoding (UTF-8
with or without BOM, else Windows-1252) and delimiter (comma or semicolon) are detected.
Every problem is an :class:`~washer.errors.InputError` naming the file and, where it helps,
the line; messages never quote a value from the file.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from washer.errors import InputError
from washer.io._csvcheck import (
    HEAD,
    UTF8_BOM,
    check_csv_header,
    check_csv_records,
    detect_delimiter,
    header_line,
    parse_header,
    ragged,
    read_csv_checked,
)
from washer.io._csvscan import (
    ScanResult,
    find_ragged_record,
    records_have_header_width,
    scan_csv_bytes,
)
from washer.io._json import (
    as_strings,
    copy_without_bom,
    json_error,
    key_order,
    read_json,
    starts_with_bom,
)
from washer.io.formats import CsvDialect, Encoding, Format

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass
class InputSource:
    """A recognised input file. :meth:`lazy` checks it fully and gives its rows as strings.

    Opening reads only the head (format, header, dialect); the full check (encoding, binary
    content, record shape, hash) runs with the read, so a file is not read twice for it.
    """

    path: Path
    format: Format
    columns: tuple[str, ...]
    dialect: CsvDialect | None = None
    _frame: pl.DataFrame | None = field(default=None, repr=False)
    _sha256: str | None = field(default=None, repr=False)

    @property
    def sha256(self) -> str:
        """SHA-256 of the file's bytes (for the manifest)."""
        if self._sha256 is None:
            self._sha256 = file_sha256(self.path)
        return self._sha256

    def lazy(self, *, stream: bool = False, work_dir: Path | None = None) -> pl.LazyFrame:
        """The rows as a LazyFrame: a scan of the file when ``stream``, else read once."""
        if not stream:
            if self._frame is None:
                self._frame = _read(self)
            return self._frame.lazy()
        return _scan(self, work_dir)

    def release(self) -> None:
        """Forget the rows read into memory."""
        self._frame = None


def open_input(path: Path, *, stream: bool = False) -> InputSource:
    """Recognise and check ``path``; raises :class:`InputError` for anything unusable.

    ``stream``: the rows will be scanned (``lazy(stream=True)``), so a JSON Lines file is
    checked by a scan rather than read whole here.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEAD)
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror}") from None
    if size == 0:
        raise InputError(f"{path} is empty")
    if head[:4] == b"PAR1":
        return _open_parquet(path)
    if head.startswith(_UTF16_BOMS):
        raise InputError(f"{path} is UTF-16 text; save it as UTF-8 or Windows-1252")
    if b"\x00" in head:
        raise InputError(f"{path} is not a CSV, JSON or Parquet file (it holds binary data)")
    text_head = head.removeprefix(UTF8_BOM).lstrip()
    if not text_head:
        if size <= len(head):
            raise InputError(f"{path} is empty")
        raise InputError(f"{path} starts with blank space, not a header or JSON")
    if text_head[:1] == b"[":
        return _open_json(path, "json")
    if text_head[:1] == b"{":
        if stream and not starts_with_bom(path):  # polars scans no BOM: read it whole
            return _open_json_lines_scanned(path)
        return _open_json(path, "jsonl")
    return _open_csv(path, head)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            digest.update(chunk)
    return digest.hexdigest()


# --- CSV ------------------------------------------------------------------------------------


def _open_csv(path: Path, head: bytes) -> InputSource:
    bom = head.startswith(UTF8_BOM)
    raw_header = header_line(head.removeprefix(UTF8_BOM))
    # The head decides the encoding for now; the read confirms it (see _read_csv).
    try:
        head.decode("utf-8")
        encoding: Encoding = "utf-8"
    except UnicodeDecodeError as exc:
        encoding = "utf-8" if exc.start >= len(head) - 3 else "cp1252"
    header_text = raw_header.decode(encoding, errors="replace")
    delimiter = detect_delimiter(header_text)
    columns = parse_header(path, header_text, delimiter)
    terminator = "\r\n" if raw_header.endswith(b"\r\n") else "\n"
    dialect = CsvDialect(encoding, bom, delimiter, terminator)
    return InputSource(path, "csv", columns, dialect)


def _check_scan(source: InputSource, scan: ScanResult) -> None:
    path = source.path
    if scan.has_nul:
        raise InputError(f"{path} is not a CSV, JSON or Parquet file (it holds binary data)")
    if scan.encoding is None:
        raise InputError(f"{path} is neither UTF-8 nor Windows-1252 text")
    assert source.dialect is not None
    source.dialect = replace(source.dialect, encoding=scan.encoding)
    source._sha256 = scan.sha256


def _check_shape(source: InputSource, fast_ok: bool | None = None) -> None:
    """Raise for the first record whose field count is wrong, if the fast check finds one
    (``fast_ok``: its result, when a scan already ran it)."""
    assert source.dialect is not None
    path, dialect, width = source.path, source.dialect, len(source.columns)
    if fast_ok is None:
        fast_ok = records_have_header_width(path, dialect.delimiter, width)
    if fast_ok:
        return
    bad = find_ragged_record(path, dialect.encoding, dialect.delimiter, width)
    if bad is None:
        return
    raise ragged(path, *bad, width)


def _read_csv(source: InputSource) -> pl.DataFrame:
    """Read a CSV once, checking it on the way.

    One pass over the bytes (hash, binary content, field count, and the encoding unless
    polars reads the file as UTF-8, which it validates) runs in a thread beside polars' read
    (hashing and numpy release the GIL). A short record shows as a null in the last column,
    so the count is consulted only when that column has nulls; polars itself refuses long
    records.
    """
    assert source.dialect is not None
    path, width = source.path, len(source.columns)
    delimiter = source.dialect.delimiter
    utf8 = source.dialect.encoding == "utf-8"
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(scan_csv_bytes, path, delimiter, width, count=True, utf8_known=utf8)
        frame: pl.DataFrame | None = None
        try:
            if utf8:
                frame = pl.read_csv(path, **_csv_options(source))  # type: ignore[arg-type]
        except pl.exceptions.ComputeError as exc:
            if "more fields" in str(exc):
                _check_shape(source)
                raise InputError(f"{path} has a record with more fields than its header") from None
            if "utf-8" not in str(exc):
                raise InputError(f"{path} cannot be read as CSV") from None
        scan = pending.result()
        if utf8 and frame is None:
            # Not UTF-8 after all (past the head): the encoding pass decides what it is.
            scan = replace(
                scan_csv_bytes(path, delimiter, width, count=False), shape_ok=scan.shape_ok
            )
        _check_scan(source, scan)
    if frame is None:
        if source.dialect.encoding != "cp1252":  # pragma: no cover - decided by the scan
            raise InputError(f"{path} cannot be read as CSV")
        frame = pl.read_csv(io.BytesIO(_transcoded(source)), **_csv_options(source))  # type: ignore[arg-type]
        source.columns = tuple(frame.columns)
    if frame.height == 0:
        raise InputError(f"{path} has a header but no rows")
    if width > 1 and frame[frame.columns[-1]].null_count():
        _check_shape(source, scan.shape_ok)
    return frame


def _csv_options(source: InputSource) -> dict[str, object]:
    assert source.dialect is not None
    return {
        "separator": source.dialect.delimiter,
        "has_header": True,
        "infer_schema": False,
        "quote_char": '"',
        "truncate_ragged_lines": False,
    }


def _transcoded(source: InputSource) -> bytes:
    raw = source.path.read_bytes()
    return raw.decode("cp1252").encode("utf-8")


def unreadable(path: Path, fmt: Format) -> InputError:
    """The error for a file polars could not read, for readers that call polars themselves
    (the audit, the mock): what is wrong and where, never polars' own message (it may quote
    a value)."""
    if fmt in ("json", "jsonl"):
        return json_error(path, fmt)
    if fmt == "parquet":
        return InputError(f"{path} is not a readable Parquet file")
    return InputError(f"{path} cannot be read as CSV")


# --- JSON -----------------------------------------------------------------------------------


def _open_json(path: Path, kind: Format) -> InputSource:
    frame = read_json(path, kind)
    if frame.height == 0:
        raise InputError(f"{path} has no records")
    if frame.width == 0:
        raise InputError(f"{path} has no fields")
    return InputSource(path, kind, tuple(frame.columns), None, frame)


def _open_json_lines_scanned(path: Path) -> InputSource:
    """What :func:`_open_json` checks, from a scan: the file is parsed, not held."""
    try:
        scan = pl.scan_ndjson(path, infer_schema_length=None)
        schema = scan.collect_schema()
        rows = scan.select(pl.len()).collect(engine="streaming").item()
    except Exception:  # polars raises several types for bad JSON; locate it ourselves
        raise json_error(path, "jsonl") from None
    for name, dtype in schema.items():
        if dtype.is_nested():
            raise InputError(f"{path}: column {name} holds nested values, not strings")
    if rows == 0:
        raise InputError(f"{path} has no records")
    if not schema:
        raise InputError(f"{path} has no fields")
    return InputSource(path, "jsonl", tuple(key_order(path, list(schema))), None)


# --- Parquet --------------------------------------------------------------------------------


def _open_parquet(path: Path) -> InputSource:
    try:
        schema = pl.read_parquet_schema(path)
        rows = pl.scan_parquet(path).select(pl.len()).collect().item()
    except Exception:
        raise InputError(f"{path} is not a readable Parquet file") from None
    for name, dtype in schema.items():
        if dtype.is_nested():
            raise InputError(f"{path}: column {name} holds nested values, not strings")
    if not schema or rows == 0:
        raise InputError(f"{path} has no rows")
    return InputSource(path, "parquet", tuple(schema), None)


# --- shared ---------------------------------------------------------------------------------


def _read(source: InputSource) -> pl.DataFrame:
    path = source.path
    try:
        if source.format == "csv":
            return _read_csv(source)
        if source.format == "parquet":
            return as_strings(path, pl.read_parquet(path))
        return read_json(path, source.format)
    except InputError:
        raise
    except Exception:
        raise InputError(f"{path} cannot be read as {source.format}") from None


def blame_unreadable(sources: Sequence[InputSource], frames: Sequence[pl.LazyFrame]) -> None:
    """After polars failed on streamed inputs: raise an :class:`InputError` for the first
    input whose scan polars cannot read on its own (a scan is parsed only when collected, so
    a malformed record past the checks shows only then); return if every input reads."""
    for source, frame in zip(sources, frames, strict=True):
        try:
            frame.select(pl.all().null_count()).collect(engine="streaming")
        except pl.exceptions.PolarsError:
            label = "CSV" if source.format == "csv" else source.format
            raise InputError(f"{source.path} cannot be read as {label}") from None


def _scan(source: InputSource, work_dir: Path | None) -> pl.LazyFrame:
    path = source.path
    if source.format == "csv":
        assert source.dialect is not None
        scan = scan_csv_bytes(path, source.dialect.delimiter, len(source.columns), count=True)
        _check_scan(source, scan)
        if not scan.shape_ok:
            _check_shape(source)
        if scan.records is not None and scan.records <= 1:
            raise InputError(f"{path} has a header but no rows")
        target = path
        if source.dialect.encoding == "cp1252":
            target = _transcode_file(path, _work_path(work_dir, path, ".utf8.csv"))
        return pl.scan_csv(target, **_csv_options(source)).select(pl.all())  # type: ignore[arg-type]
    if source.format == "parquet":
        return pl.scan_parquet(path).select(pl.all().cast(pl.String))
    if source.format == "jsonl":
        if starts_with_bom(path):
            path = copy_without_bom(path, _work_path(work_dir, path, ".jsonl"))
        return pl.scan_ndjson(path, infer_schema_length=None).select(
            [pl.col(c).cast(pl.String) for c in source.columns]
        )
    return source.lazy(stream=False)  # a JSON array cannot be streamed


def _work_path(work_dir: Path | None, path: Path, suffix: str) -> Path:
    if work_dir is None:
        raise InputError(f"{path}: streaming it needs a work directory (it is rewritten first)")
    work_dir.mkdir(parents=True, exist_ok=True)
    candidate = work_dir / f"{path.stem}{suffix}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = work_dir / f"{path.stem}-{n}{suffix}"
    return candidate


def _transcode_file(source: Path, target: Path) -> Path:
    """Windows-1252 to UTF-8 in chunks (a single-byte encoding: any cut is a character edge)."""
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(1 << 24):
            dst.write(chunk.decode("cp1252").encode("utf-8"))
    return target


__all__ = [
    "InputSource",
    "blame_unreadable",
    "check_csv_header",
    "check_csv_records",
    "file_sha256",
    "open_input",
    "read_csv_checked",
    "unreadable",
]
