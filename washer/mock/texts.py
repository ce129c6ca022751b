"""Each record's finished JSON object (UTF-8, absent fields left out), made once, laid out so
that a page of one kommune is one slice of memory.

*Entries* are the records of each kommune in serving order, kommune after kommune (a record of
two kommuner is an entry of both; records of no kommune come last). Their JSON objects are
written back to back, each followed by a comma, into a few large buffers (*chunks*, each
holding whole kommuner). A page of consecutive entries is then the bytes from its first
object's start to its last object's end, and the answer is ``[`` + that slice + ``]``: one
copy, no per-record work.

Encoding a million records takes longer than reading and indexing them, so large datasets are
laid out in the background after start-up: until then the mock encodes on demand the few
records a request needs.

Each object is one ``concat_str`` of per-field pieces ``,"name":"value"`` that are null when the
value is absent (so absent fields are left out, never ``null``). Values are copied as they are,
except in the columns of a chunk that hold a character JSON must escape (a quote, a backslash,
a control character): those go through polars' JSON encoder. ``a_reference_code`` comes first
and is never null, so the object always starts with ``{"a_reference_code"``.
"""

from __future__ import annotations

import io
import mmap
import threading
from collections.abc import Sequence
from typing import IO, cast

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.schema import INNREISER_FIELDS

__all__ = ["BACKGROUND_FROM", "CHUNK", "Texts", "encode", "encode_strings"]

BACKGROUND_FROM = 100_000
"""Datasets at least this large are laid out in the background."""
CHUNK = 65_536
"""Entries per chunk (a kommune with more gets a chunk of its own)."""

Entries = npt.NDArray[np.int64]


_MUST_ESCAPE = r'["\\\x00-\x1f]'


def _piece(name: str, first: bool, escape: bool) -> pl.Expr:
    """``,"name":"value"`` (``{"name":"value"`` for the first field), null when the value is.
    One flat ``concat_str`` each: nested ones would copy every value twice."""
    col = pl.col(name)
    start = "{" if first else ","
    if escape:
        encoded = pl.struct(col).struct.json_encode().str.slice(1).str.strip_suffix("}")
        return pl.concat_str([pl.lit(start), pl.when(col.is_not_null()).then(encoded)])
    return pl.concat_str([pl.lit(f'{start}"{name}":"'), col, pl.lit('"')])


def encode_strings(frame: pl.DataFrame) -> pl.Series:
    """The records of ``frame`` (the 55 fields, ``a_reference_code`` never null) as JSON
    objects, in the frame's order."""
    fields = INNREISER_FIELDS
    escape = frame.select(pl.col(f).str.contains(_MUST_ESCAPE).any() for f in fields).row(0)
    pieces = [
        _piece(f, i == 0, bool(e)) for i, (f, e) in enumerate(zip(fields, escape, strict=True))
    ]
    objects = pl.concat_str(pieces, ignore_nulls=True) + pl.lit("}")
    return frame.select(objects.alias("json")).to_series()


def encode(frame: pl.DataFrame) -> list[bytes]:
    """:func:`encode_strings` as a list of UTF-8 ``bytes``."""
    return encode_strings(frame).cast(pl.Binary).to_list()


_HUGE_PAGES = getattr(mmap, "MADV_HUGEPAGE", None)  # Linux only


def _csv(objects: pl.Series, target: IO[bytes]) -> None:
    objects.to_frame("json").write_csv(
        target, include_header=False, quote_style="never", line_terminator=","
    )


def _write(objects: pl.Series, size: int) -> memoryview:
    """The objects back to back, each followed by a comma (``size`` bytes in all): polars
    writes them as CSV lines with ``,`` for the line end and no quoting (JSON text holds no
    raw line breaks). On Linux into memory of its own that the kernel may back with huge
    pages: copying a page of 100 records out of a large dataset then costs a TLB miss or two
    instead of one per 4 KiB."""
    if _HUGE_PAGES is None or size == 0:
        buffer = io.BytesIO()
        _csv(objects, buffer)
        return memoryview(buffer.getvalue())
    memory = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    memory.madvise(_HUGE_PAGES)
    _csv(objects, cast(IO[bytes], memory))  # an mmap is a file to write to
    if memory.tell() != size:
        raise RuntimeError(f"washer mock: laid out {memory.tell()} bytes, expected {size}")
    return memoryview(memory)


class Texts:
    """The JSON objects of the entries, laid out in chunks; encoded on demand until then.

    ``frame``: the records (55 fields) in data order; ``entries``: each entry's position in
    ``frame``; ``breaks``: the entries a new chunk may start at (kommune boundaries);
    ``chunk_size``: entries per chunk (default :data:`CHUNK`), more when a kommune has more;
    ``row_entry``: for :meth:`rows_array`, an entry of each row (serving position).
    """

    def __init__(
        self,
        frame: pl.DataFrame,
        entries: Entries,
        breaks: Sequence[int],
        chunk_size: int | None = None,
        row_entry: Entries | None = None,
    ) -> None:
        self._frame: pl.DataFrame | None = frame.select(INNREISER_FIELDS)
        self._entries = entries
        self._row_entry = np.zeros(0, dtype=np.int64) if row_entry is None else row_entry
        # per row, once laid out: chunk, start, end side by side (one cache line per record)
        self._row_at = np.zeros((0, 3), dtype=np.int64)
        self._row_places = self._row_at.data
        self._chunks = self._plan(len(entries), breaks, chunk_size or CHUNK)
        self._cache: dict[int, bytes] = {}  # data position -> object, while not laid out
        self._views: list[memoryview] = []
        self._start = np.zeros(len(entries), dtype=np.int64)
        self._end = np.zeros(len(entries), dtype=np.int64)
        self._chunk_of = np.zeros(len(entries), dtype=np.int32)
        self._records = frame.height
        self._encoded = 0
        self.warm = len(entries) == 0
        self._thread: threading.Thread | None = None

    @staticmethod
    def _plan(count: int, breaks: Sequence[int], size: int) -> list[tuple[int, int]]:
        """Chunks as ``(first, stop)`` entries: whole kommuner, about ``size`` each."""
        chunks: list[tuple[int, int]] = []
        first = 0
        for cut in [*breaks, count]:
            if cut - first >= size or (cut == count and cut > first):
                chunks.append((first, cut))
                first = cut
        return chunks

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def encoded(self) -> int:
        """How many records the background has encoded so far (all, once warm)."""
        return self._records if self.warm else self._encoded

    # --- answers ---------------------------------------------------------------------------

    def span(self, first: int, stop: int) -> bytes:
        """The JSON array of entries ``first`` to ``stop - 1``, all of one kommune."""
        if stop <= first:
            return b"[]"
        if not self.warm:
            return self._array(self._cold(range(first, stop)))
        view = self._views[self._chunk_of.item(first)]
        return b"".join((b"[", view[self._start.item(first) : self._end.item(stop - 1)], b"]"))

    def array(self, entries: Entries) -> bytes:
        """The JSON array of the given entries, in that order."""
        if not len(entries):
            return b"[]"
        return self._array(self.objects(entries))

    def objects(self, entries: Entries) -> list[bytes | memoryview]:
        """The JSON objects of the given entries, in that order."""
        if not self.warm:
            return list(self._cold(entries.tolist()))
        views, chunk_of, start, end = self._views, self._chunk_of, self._start, self._end
        return [
            views[c][s:e]
            for c, s, e in zip(
                chunk_of[entries].tolist(),
                start[entries].tolist(),
                end[entries].tolist(),
                strict=True,
            )
        ]

    def rows_array(self, rows: Entries | list[int]) -> bytes:
        """The JSON array of the given rows (see ``row_entry``), in that order."""
        if not len(rows):
            return b"[]"
        if not self.warm:
            entries = self._row_entry[np.asarray(rows, dtype=np.int64)]
            return self._array(self._cold(entries.tolist()))
        views = self._views
        if not isinstance(rows, list):
            return self._array([views[c][s:e] for c, s, e in self._row_at[rows].tolist()])
        # a person's few records: item reads beat array operations
        at = self._row_places
        return self._array([views[at[r, 0]][at[r, 1] : at[r, 2]] for r in rows])

    @staticmethod
    def _array(parts: Sequence[bytes | memoryview]) -> bytes:
        if len(parts) == 1:
            return b"".join((b"[", parts[0], b"]"))
        return b"".join((b"[", b",".join(parts), b"]"))

    def _cold(self, entries: Sequence[int] | range) -> list[bytes]:
        """Objects encoded on demand (before the layout is done)."""
        positions = self._entries[np.asarray(entries, dtype=np.int64)].tolist()
        cache, frame = self._cache, self._frame
        missing = sorted({p for p in positions if p not in cache})
        if missing and frame is not None:
            cache.update(zip(missing, encode(frame[missing]), strict=True))
        return [cache[p] for p in positions]

    # --- the layout --------------------------------------------------------------------------

    def encode_all(self) -> None:
        """Encode every record (in data order: slices, no copies), then lay the entries out
        chunk by chunk; then drop the frame."""
        frame = self._frame
        if frame is None:
            return
        parts = []
        for first in range(0, frame.height, CHUNK):
            parts.append(encode_strings(frame.slice(first, CHUNK)))
            self._encoded = first + parts[-1].len()
        objects = pl.concat(parts, rechunk=False) if parts else pl.Series(dtype=pl.String)
        for number, (first, stop) in enumerate(self._chunks):
            chunk = objects.gather(self._entries[first:stop])
            lengths = chunk.str.len_bytes().to_numpy().astype(np.int64)
            ends = np.cumsum(lengths + 1) - 1  # each object is followed by a comma
            self._start[first:stop] = ends - lengths
            self._end[first:stop] = ends
            self._chunk_of[first:stop] = number
            self._views.append(_write(chunk, int(ends[-1]) + 1 if len(ends) else 0))
        first_entries = self._row_entry
        self._row_at = np.stack(
            [self._chunk_of[first_entries], self._start[first_entries], self._end[first_entries]],
            axis=1,
        ).astype(np.int64)
        self._row_places = self._row_at.data
        self.warm = True
        self._frame = None
        self._cache = {}

    def encode_in_background(self) -> None:
        """Start :meth:`encode_all` in a daemon thread (polars releases the GIL meanwhile)."""
        if self.warm or self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self.encode_all, name="washer-mock-encode", daemon=True
        )
        self._thread.start()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait for the background layout; True when every entry is laid out."""
        if self._thread is not None:
            self._thread.join(timeout_s)
        return self.warm
