"""A file written chunk by chunk is byte for byte the whole frame written at once, and its
SHA-256 is that of those bytes; nothing but the output is left beside it."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import itertools
import os
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.io import write_frame
from washer.io.cp1252 import FOLD_ERRORS
from washer.io.formats import CsvDialect
from washer.io.writers import ChunkWriter

# Separators, quotes and line ends (quoted fields), empty strings (quoted, unlike nulls),
# letters Windows-1252 has, lacks (folded) or folds to several letters, and a multi-byte
# character on every side of a cut.
_TEXT = st.text(
    st.one_of(
        st.sampled_from(list(',;"\r\n aZ0æøÅ€Šł\u0301ﬁ½😀')),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=12,
)
_DIALECTS = st.one_of(
    st.builds(
        CsvDialect,
        st.just("utf-8"),
        st.booleans(),
        st.sampled_from([",", ";"]),
        st.sampled_from(["\n", "\r\n"]),
    ),
    st.builds(
        CsvDialect,
        st.just("cp1252"),
        st.just(False),
        st.sampled_from([",", ";"]),
        st.sampled_from(["\n", "\r\n"]),
    ),
)


@st.composite
def _frames(draw: st.DrawFn) -> pl.DataFrame:
    rows = draw(st.integers(0, 12))
    texts = st.lists(st.none() | _TEXT, min_size=rows, max_size=rows)
    numbers = st.lists(st.none() | st.integers(-(10**6), 10**6), min_size=rows, max_size=rows)
    return pl.DataFrame(
        {"a;b": draw(texts), "n": draw(numbers), "t": draw(texts)},
        schema={"a;b": pl.String, "n": pl.Int64, "t": pl.String},
    )


@st.composite
def _chunked(draw: st.DrawFn) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """A frame and consecutive slices of it (empty ones too) that together are the frame."""
    frame = draw(_frames())
    cuts = sorted(draw(st.lists(st.integers(0, frame.height), max_size=4)))
    bounds = [0, *cuts, frame.height]
    return frame, [frame.slice(a, b - a) for a, b in itertools.pairwise(bounds)]


def _write_chunks(path: Path, fmt: str, dialect: CsvDialect, chunks: list[pl.DataFrame]) -> str:
    writer = ChunkWriter(path, fmt, dialect)  # type: ignore[arg-type]
    try:
        for chunk in chunks:
            writer.write(chunk)
    finally:
        writer.close()
    return writer.sha256


def _csv_at_once(frame: pl.DataFrame, dialect: CsvDialect) -> bytes:
    text = frame.write_csv(
        None, separator=dialect.delimiter, line_terminator=dialect.line_terminator
    )
    if dialect.encoding == "cp1252":
        return text.encode("cp1252", errors=FOLD_ERRORS)
    return (codecs.BOM_UTF8 if dialect.bom else b"") + text.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(chunked=_chunked(), dialect=_DIALECTS)
def test_csv_in_chunks_is_the_whole_frame_written_at_once(
    tmp_path_factory: pytest.TempPathFactory,
    chunked: tuple[pl.DataFrame, list[pl.DataFrame]],
    dialect: CsvDialect,
) -> None:
    frame, chunks = chunked
    path = tmp_path_factory.mktemp("csv") / "x.csv"
    sha = _write_chunks(path, "csv", dialect, chunks)
    written = path.read_bytes()
    assert written == _csv_at_once(frame, dialect)
    assert sha == hashlib.sha256(written).hexdigest()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
@settings(max_examples=60, deadline=None)
@given(chunked=_chunked())
def test_other_formats_in_chunks_are_the_whole_frame_written_at_once(
    tmp_path_factory: pytest.TempPathFactory,
    fmt: str,
    chunked: tuple[pl.DataFrame, list[pl.DataFrame]],
) -> None:
    frame, chunks = chunked
    tmp = tmp_path_factory.mktemp(fmt)
    sha = _write_chunks(tmp / "chunked", fmt, CsvDialect(), chunks)
    write_frame(frame.lazy(), tmp / "whole", fmt, CsvDialect(), tmp, streaming=False)  # type: ignore[arg-type]
    written = (tmp / "chunked").read_bytes()
    if fmt == "parquet":  # its bytes are polars' own; what is read back must be the frame
        assert pl.read_parquet(tmp / "chunked").equals(frame)
    else:
        assert written == (tmp / "whole").read_bytes()
    assert sha == hashlib.sha256(written).hexdigest()


def _open_files(directory: Path) -> list[str]:
    """The files in ``directory`` this process has open."""
    links = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own descriptor is gone
            links.append(os.readlink(f"/proc/self/fd/{fd}"))
    return [link for link in links if link.startswith(str(directory))]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="counts open files on Linux")
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_only_the_output_is_left_and_nothing_open(tmp_path: Path, fmt: str, encoding: str) -> None:
    ok = pl.DataFrame({"a": ["x", "y"]})
    _write_chunks(tmp_path / "ok", fmt, CsvDialect(encoding), [ok, ok])  # type: ignore[arg-type]
    assert [p.name for p in tmp_path.iterdir()] == ["ok"]
    assert _open_files(tmp_path) == []

    # A chunk polars cannot write (Python objects) fails the next write or the close.
    bad = pl.DataFrame({"a": [object(), object()]}, schema={"a": pl.Object})
    with pytest.raises(pl.exceptions.PolarsError):
        _write_chunks(tmp_path / "bad", fmt, CsvDialect(encoding), [ok, bad, ok])  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "ok"]
    assert _open_files(tmp_path) == []
