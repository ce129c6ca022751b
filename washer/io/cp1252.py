"""Encode polars' UTF-8 output as Windows-1252, folding the letters it lacks.

``text.encode("cp1252", errors=FOLD_ERRORS)`` is exact but costs a Python codec pass over
every character. :func:`utf8_to_cp1252` gives the same bytes from UTF-8 bytes with numpy:
ASCII passes through, each multi-byte sequence is decoded to its code point and looked up,
and only the distinct code points Windows-1252 lacks are folded by the codec itself.
"""

from __future__ import annotations

import codecs
import functools
import unicodedata
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

FOLD_ERRORS = "washer-fold"
_SPECIAL = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "\u0131": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"}
)


def _fold(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.encode("cp1252", errors="replace").decode("cp1252"), error.end


codecs.register_error(FOLD_ERRORS, _fold)

_Bytes = npt.NDArray[np.uint8]
_Ints = npt.NDArray[np.int64]


def _byte_table() -> tuple[_Bytes, npt.NDArray[np.bool_]]:
    """The cp1252 byte of each BMP code point, and whether it has one."""
    byte = np.zeros(1 << 16, np.uint8)
    known = np.zeros(1 << 16, np.bool_)
    for value in range(256):
        try:
            char = bytes([value]).decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no character
            continue
        byte[ord(char)] = value
        known[ord(char)] = True
    return byte, known


_BYTE, _KNOWN = _byte_table()


BLOCK = 1 << 20  # the temporary arrays of a block stay in the CPU's cache


def utf8_to_cp1252(data: bytes | memoryview) -> bytes:
    """``data.decode("utf-8").encode("cp1252", errors=FOLD_ERRORS)`` for valid UTF-8."""
    return b"".join(cp1252_blocks(data))


def cp1252_blocks(data: bytes | memoryview) -> Iterator[bytes | memoryview]:
    """The cp1252 encoding of valid UTF-8 ``data``, block by block (ASCII ones as views).

    The codec folds each maximal run of characters cp1252 lacks at once; folding them one
    by one gives the same text (the decomposition is per character, and the marks that
    canonical ordering may move are all dropped), so each distinct one is folded once.
    """
    view = memoryview(data).cast("B")
    raw = np.frombuffer(view, np.uint8)
    start = 0
    while start < raw.size:
        end = _sequence_start(raw, start + BLOCK)
        yield _encode_block(view[start:end], raw[start:end])
        start = end


def _sequence_start(raw: _Bytes, at: int) -> int:
    """``at`` or the start of the sequence after the one it falls in (never a cut one)."""
    while at < raw.size and int(raw[at]) & 0xC0 == 0x80:
        at += 1
    return min(at, raw.size)


def _encode_block(view: memoryview, raw: _Bytes) -> bytes | memoryview:
    high = np.flatnonzero(raw >= 0x80)
    if high.size == 0:
        return view
    lead = raw[high] >= 0xC0
    starts = high[lead]
    single = _single_bytes(_decode(raw, starts))
    if single is None:  # a fold of no or several bytes (rare): the codec does this block
        return bytes(view).decode("utf-8").encode("cp1252", errors=FOLD_ERRORS)
    keep = np.ones(raw.size, np.bool_)
    keep[high] = False
    keep[starts] = True
    out = raw[keep]
    # A sequence's byte moved left by the continuation bytes dropped before it.
    out[starts - np.flatnonzero(lead) + np.arange(starts.size)] = single
    return out.tobytes()


def _decode(raw: _Bytes, starts: _Ints) -> _Ints:
    """The code point of each multi-byte sequence starting at ``starts`` (valid UTF-8)."""
    lead = raw[starts].astype(np.int64)
    points = (lead & 0x1F) << 6 | (raw[starts + 1] & 0x3F)
    longer = np.flatnonzero(lead >= 0xE0)
    if longer.size:
        at = starts[longer]
        size = 3 + (lead[longer] >= 0xF0)
        last = raw.size - 1
        wide = lead[longer] & (0x7F >> size)
        for offset in (1, 2, 3):
            follow = raw[np.minimum(at + offset, last)].astype(np.int64) & 0x3F
            wide = np.where(size > offset, wide << 6 | follow, wide)
        points[longer] = wide
    return points


def _single_bytes(points: _Ints) -> _Bytes | None:
    """Each code point's cp1252 byte or one-byte fold; None if a fold is not one byte."""
    bmp = np.minimum(points, (1 << 16) - 1)
    out = _BYTE[bmp]
    known = _KNOWN[bmp] & (points < (1 << 16))
    if known.all():
        return out
    lacking = np.flatnonzero(~known)
    distinct, which = np.unique(points[lacking], return_inverse=True)
    folds = [_fold_of(point) for point in distinct.tolist()]
    if any(len(folded) != 1 for folded in folds):
        return None
    out[lacking] = np.frombuffer(b"".join(folds), np.uint8)[which]
    return out


@functools.lru_cache(maxsize=4096)
def _fold_of(point: int) -> bytes:
    return chr(point).encode("cp1252", errors=FOLD_ERRORS)


class Utf8ToCp1252:
    """Convert a stream of UTF-8 blocks, carrying a sequence cut at a block's end."""

    def __init__(self) -> None:
        self._tail = b""

    def convert(self, block: bytes | memoryview) -> bytes:
        return b"".join(self.blocks(block))

    def blocks(self, block: bytes | memoryview) -> Iterator[bytes | memoryview]:
        """:meth:`convert`'s bytes as :func:`cp1252_blocks` gives them (not joined)."""
        data = self._tail + block
        cut = _complete_length(data)
        self._tail = data[cut:]
        return cp1252_blocks(memoryview(data)[:cut])

    def finish(self) -> bytes:
        """The last bytes; a cut sequence left at the end is invalid UTF-8."""
        tail, self._tail = self._tail, b""
        return tail.decode("utf-8").encode("cp1252", errors=FOLD_ERRORS)


def _complete_length(data: bytes) -> int:
    """The length of ``data`` without a multi-byte sequence its end cuts short."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:
            size = 2 + (byte >= 0xE0) + (byte >= 0xF0)
            return len(data) if back >= size else len(data) - back
    return len(data)


__all__ = ["FOLD_ERRORS", "Utf8ToCp1252", "cp1252_blocks", "utf8_to_cp1252"]
