"""Write washed frames in any supported format, the way the input was spelled.

Everything goes through polars sinks, so a streaming plan is written without being collected.
CSV keeps its dialect (encoding, BOM, delimiter, line ends); characters a Windows-1252 file
cannot hold (a fake Polish name, say) are folded to their closest Latin letters. JSON and
JSON Lines leave out a field that has no value (the API spec makes every field non-nullable),
keep the column order, and keep every value a string.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl

from washer.io.cp1252 import Utf8ToCp1252, cp1252_blocks
from washer.io.formats import CsvDialect, Format


def write_frame(
    frame: pl.LazyFrame,
    path: Path,
    fmt: Format,
    dialect: CsvDialect,
    work_dir: Path,
    *,
    streaming: bool = True,
) -> None:
    """Write ``frame`` to ``path`` (which must not be a final output name: see atomic.py).

    ``streaming`` sinks the plan batch by batch; otherwise it is collected with the
    in-memory engine first (faster when the rows fit in memory: joins become gathers).
    """
    target: pl.LazyFrame | pl.DataFrame = frame
    if not streaming:
        target = frame.collect(engine="in-memory")
    if fmt == "csv":
        _write_csv(target, path, dialect, work_dir)
    elif fmt == "parquet":
        if isinstance(target, pl.DataFrame):
            target.write_parquet(path, compression="zstd", statistics=True)
        else:
            target.sink_parquet(path, compression="zstd", statistics=True)
    elif fmt == "jsonl":
        _sink_text(_json_lines(target), path, "\n")
    else:
        _write_json_array(target, path, work_dir)


def _sink_text(frame: pl.LazyFrame | pl.DataFrame, path: Path, terminator: str) -> None:
    """Write a one-column frame of ready-made lines, unquoted."""
    options: dict[str, object] = {
        "include_header": False,
        "quote_style": "never",
        "line_terminator": terminator,
    }
    if isinstance(frame, pl.DataFrame):
        frame.write_csv(path, **options)  # type: ignore[call-overload]
    else:
        frame.sink_csv(path, check_extension=False, **options)  # type: ignore[call-overload]


def _write_csv(
    frame: pl.LazyFrame | pl.DataFrame, path: Path, dialect: CsvDialect, work_dir: Path
) -> None:
    target = path if dialect.encoding == "utf-8" else work_dir / (path.name + ".utf8")
    options: dict[str, object] = {
        "include_bom": dialect.bom and dialect.encoding == "utf-8",
        "separator": dialect.delimiter,
        "line_terminator": dialect.line_terminator,
        "quote_style": "necessary",
    }
    if isinstance(frame, pl.DataFrame):
        frame.write_csv(target, **options)  # type: ignore[call-overload]
    else:
        frame.sink_csv(target, check_extension=False, **options)  # type: ignore[call-overload]
    if target != path:
        _utf8_to_cp1252(target, path)
        target.unlink()


def _utf8_to_cp1252(source: Path, target: Path) -> None:
    converter = Utf8ToCp1252()
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(1 << 24):
            dst.write(converter.convert(chunk))
        dst.write(converter.finish())


def _json_lines(frame: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame | pl.DataFrame:
    """One JSON object per row as a single string column; null fields are left out."""
    fragments = [
        pl.when(pl.col(name).is_not_null()).then(
            pl.struct(pl.col(name)).struct.json_encode().str.strip_prefix("{").str.strip_suffix("}")
        )
        for name in frame.collect_schema().names()
    ]
    body = pl.concat_str(fragments, separator=",", ignore_nulls=True) if fragments else pl.lit("")
    return frame.select(pl.concat_str([pl.lit("{"), body.fill_null(""), pl.lit("}")]).alias("j"))


def _write_json_array(frame: pl.LazyFrame | pl.DataFrame, path: Path, work_dir: Path) -> None:
    part = work_dir / (path.name + ".part")
    _sink_text(_json_lines(frame), part, ",\n")
    with path.open("wb") as dst:
        dst.write(b"[\n")
        with part.open("rb") as src:
            shutil.copyfileobj(src, dst, 1 << 24)
        end = dst.tell()
        if end > 2:
            dst.seek(end - 2)  # drop the last row's ",\n"
            dst.truncate()
            dst.write(b"\n]\n")
        else:
            dst.seek(0)
            dst.truncate()
            dst.write(b"[]\n")
    part.unlink()


class _HashingFile:
    """A binary file that hashes what is written to it (so the output is not read again)."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("wb")
        self._digest = hashlib.sha256()
        self._written = 0

    def write(self, data: bytes | memoryview) -> int:
        self._digest.update(data)
        self._written += len(data)
        return self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def tell(self) -> int:
        return self._written

    def close(self) -> None:
        self._file.close()

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class ChunkWriter:
    """Write a file from consecutive chunks of rows (bounded memory for large outputs).

    CSV, JSON Lines and JSON arrays are appended chunk by chunk, byte-identical to writing
    the whole frame at once; Parquet cannot be appended to without pyarrow, so its chunks
    are kept and written at :meth:`close`. A chunk is written (and hashed) on a thread of
    its own while the caller washes the next one; at most one chunk waits to be written.
    """

    def __init__(self, path: Path, fmt: Format, dialect: CsvDialect) -> None:
        self.path = path
        self.fmt = fmt
        self.dialect = dialect
        self._handle = _HashingFile(path)
        self._first = True
        self._parquet: list[pl.DataFrame] = []
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending: Future[None] | None = None
        self._sha256: str | None = None

    def write(self, chunk: pl.DataFrame) -> None:
        self._wait()
        if self.fmt == "parquet":
            self._parquet.append(chunk)
        else:
            self._pending = self._pool.submit(self._write_now, chunk, self._first)
        self._first = False

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def _write_now(self, chunk: pl.DataFrame, first: bool) -> None:
        if self.fmt == "csv":
            self._write_csv(chunk, first)
        elif self.fmt == "jsonl":
            lines = _json_lines(chunk)
            assert isinstance(lines, pl.DataFrame)
            lines.write_csv(self._handle, include_header=False, quote_style="never")  # type: ignore[call-overload]
        else:
            self._write_json(chunk)

    def _write_csv(self, chunk: pl.DataFrame, first: bool) -> None:
        d = self.dialect
        options: dict[str, object] = {
            "include_header": first,
            "include_bom": first and d.bom and d.encoding == "utf-8",
            "separator": d.delimiter,
            "line_terminator": d.line_terminator,
            "quote_style": "necessary",
        }
        if d.encoding == "utf-8":
            chunk.write_csv(self._handle, **options)  # type: ignore[call-overload]
        else:
            utf8 = io.BytesIO()
            chunk.write_csv(utf8, **options)  # type: ignore[call-overload]
            for block in cp1252_blocks(utf8.getbuffer()):
                self._handle.write(block)

    def _write_json(self, chunk: pl.DataFrame) -> None:
        lines = _json_lines(chunk)
        assert isinstance(lines, pl.DataFrame)
        if lines.height == 0:
            return
        text = lines.write_csv(
            None, include_header=False, quote_style="never", line_terminator=",\n"
        )
        lead = b"[\n" if self._handle.tell() == 0 else b",\n"
        self._handle.write(lead + text[:-2].encode("utf-8"))

    def close(self) -> None:
        try:
            self._wait()
        finally:
            self._pool.shutdown()
            if self.fmt == "json":
                self._handle.write(b"\n]\n" if self._handle.tell() else b"[]\n")
            self._handle.close()
        if self.fmt == "parquet":
            frame = pl.concat(self._parquet) if self._parquet else pl.DataFrame()
            self._parquet = []
            frame.write_parquet(self.path, compression="zstd", statistics=True)

    @property
    def sha256(self) -> str:
        """The written file's SHA-256 (after :meth:`close`)."""
        if self._sha256 is None:
            if self.fmt == "parquet":
                digest = hashlib.sha256()
                with self.path.open("rb") as handle:
                    while block := handle.read(1 << 24):
                        digest.update(block)
                self._sha256 = digest.hexdigest()
            else:
                self._sha256 = self._handle.hexdigest()
        return self._sha256


__all__ = ["ChunkWriter", "write_frame"]
