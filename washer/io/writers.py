"""Write washed frames in any supported format, the way the input was spelled.

Everything goes through polars sinks, so a streaming plan is written without being collected.
CSV keeps its dialect (encoding, BOM, delimiter, line ends); characters a Windows-1252 file
cannot hold (a fake Polish name, say) are folded to their closest Latin letters. JSON and
JSON Lines leave out a field that has no value (the API spec makes every field non-nullable),
keep the column order, and keep every value a string.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

import polars as pl

from washer.io.cp1252 import Utf8ToCp1252
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


def _sink_text(frame: pl.LazyFrame | pl.DataFrame, path: Path | IO[bytes], terminator: str) -> None:
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


HASH_BLOCK = 1 << 18  # read back in blocks that stay in the CPU's cache while hashed


class _AppendedFile:
    """An output file written at its end, hashed by reading back what was appended.

    polars writes a chunk straight to the file's descriptor (a real file, not a Python
    object it would hand each block to), and the bytes are then hashed from the page cache:
    cheaper than passing every block through Python. ``keep`` bytes at the end may stay
    unhashed, for a JSON array whose last separator is replaced at the end.
    """

    def __init__(self, path: Path) -> None:
        self.file = path.open("wb", buffering=0)
        try:
            self._reader = path.open("rb", buffering=0)
        except BaseException:
            self.file.close()
            raise
        self._digest = hashlib.sha256()
        self._hashed = 0
        self._block = bytearray(HASH_BLOCK)

    def size(self) -> int:
        return os.fstat(self.file.fileno()).st_size

    def write(self, data: bytes | memoryview) -> None:
        view = memoryview(data).cast("B")
        while view:
            view = view[self.file.write(view) or 0 :]

    def cut(self, size: int) -> None:
        """Drop the bytes after ``size`` (not hashed yet)."""
        assert size >= self._hashed
        self.file.truncate(size)
        self.file.seek(size)

    def hash_written(self, keep: int = 0) -> None:
        """Hash what was appended since, all but the last ``keep`` bytes."""
        view = memoryview(self._block)
        todo = self.size() - keep - self._hashed
        while todo > 0:
            got = self._reader.readinto(view[: min(todo, len(view))]) or 0
            if got == 0:
                raise OSError(f"{self.file.name} is shorter than written")
            self._digest.update(view[:got])
            self._hashed += got
            todo -= got

    def close(self) -> None:
        try:
            self.file.close()
        finally:
            self._reader.close()

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class _Cp1252Sink:
    """Where polars writes a chunk's UTF-8 CSV: encoded as Windows-1252 block by block (a
    sequence cut between two blocks is carried over), so the chunk is never held whole."""

    def __init__(self, out: _AppendedFile) -> None:
        self._out = out
        self._converter = Utf8ToCp1252()

    def write(self, data: bytes | memoryview) -> int:
        for block in self._converter.blocks(data):
            self._out.write(block)
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        self._out.write(self._converter.finish())


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
        self._out = _AppendedFile(path)
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
        try:
            self._write_chunk(chunk, first)
        except BaseException as error:
            # polars' frames in the traceback hold the write's plan, which holds a copy of
            # the file's descriptor: let it go now, not whenever the traceback is collected.
            traceback.clear_frames(error.__traceback__)
            raise

    def _write_chunk(self, chunk: pl.DataFrame, first: bool) -> None:
        if self.fmt == "csv":
            self._write_csv(chunk, first)
            self._out.hash_written()
        elif self.fmt == "jsonl":
            _sink_text(_json_lines(chunk), self._out.file, "\n")
            self._out.hash_written()
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
            chunk.write_csv(self._out.file, **options)  # type: ignore[call-overload]
        else:
            sink = _Cp1252Sink(self._out)
            chunk.write_csv(sink, **options)  # type: ignore[call-overload]
            sink.finish()

    def _write_json(self, chunk: pl.DataFrame) -> None:
        """Each row ends in a comma and a line end; the last row's are replaced by the
        closing bracket at :meth:`close`, so those two bytes are not hashed yet."""
        if chunk.height == 0:
            return
        if self._out.size() == 0:
            self._out.write(b"[\n")
        _sink_text(_json_lines(chunk), self._out.file, ",\n")
        self._out.hash_written(keep=2)

    def close(self) -> None:
        try:
            self._wait()
            if self.fmt == "json":
                self._close_json_array()
        finally:
            self._pool.shutdown()
            self._out.close()
        if self.fmt == "parquet":
            frame = pl.concat(self._parquet) if self._parquet else pl.DataFrame()
            self._parquet = []
            frame.write_parquet(self.path, compression="zstd", statistics=True)

    def _close_json_array(self) -> None:
        size = self._out.size()
        if size:
            self._out.cut(size - 2)  # the last row's ",\n"
            self._out.write(b"\n]\n")
        else:
            self._out.write(b"[]\n")
        self._out.hash_written()

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
                self._sha256 = self._out.hexdigest()
        return self._sha256


__all__ = ["ChunkWriter", "write_frame"]
