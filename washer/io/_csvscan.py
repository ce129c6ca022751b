"""One pass over a CSV file's bytes: encoding, binary content and the shape of every record.

The pass is chunked numpy (bounded memory, no per-row Python). Its field count is a fast check
that trusts RFC 4180 quote parity: when the number of separators outside quotes equals
``(columns - 1) * records``, no record can be short (polars itself rejects long ones). Only
when that check fails does :func:`find_ragged_record` walk the records with :mod:`csv` to
name the first bad line, so the slow path runs only for files that are wrong (or odd).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from washer.io.formats import Encoding

CHUNK = 1 << 24
_QUOTE = ord('"')
_NEWLINE = ord("\n")
_CP1252_UNDEFINED = np.array([0x81, 0x8D, 0x8F, 0x90, 0x9D], dtype=np.uint8)


@dataclass(frozen=True)
class ScanResult:
    has_nul: bool
    encoding: Encoding | None  # None: neither UTF-8 nor Windows-1252
    shape_ok: bool  # every record has the header's number of fields (fast check)
    records: int  # header included
    sha256: str  # of the whole file (computed on the way: the bytes are read anyway)


def scan_csv_bytes(path: Path, delimiter: str, columns: int) -> ScanResult:
    sep = ord(delimiter)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    cp1252_ok = True
    has_nul = False
    inside = 0  # quote parity carried over from earlier chunks
    seps = records = 0
    last = b"\n"
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            a = np.frombuffer(chunk, dtype=np.uint8)
            if not has_nul and np.any(a == 0):
                has_nul = True
                break
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            if not utf8_ok and cp1252_ok and np.isin(a, _CP1252_UNDEFINED).any():
                cp1252_ok = False
            quotes = a == _QUOTE
            if inside == 0 and not quotes.any():
                seps += int(np.count_nonzero(a == sep))
                records += int(np.count_nonzero(a == _NEWLINE))
            else:
                idx = np.flatnonzero(quotes | (a == sep) | (a == _NEWLINE))
                vals = a[idx]
                isq = vals == _QUOTE
                parity = (np.cumsum(isq, dtype=np.int64) + inside) & 1
                outside = ~isq & (parity == 0)
                seps += int(np.count_nonzero(outside & (vals == sep)))
                records += int(np.count_nonzero(outside & (vals == _NEWLINE)))
                inside = (inside + int(np.count_nonzero(isq))) & 1
            last = chunk[-1:]
    if utf8_ok and not has_nul:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    if last != b"\n":
        records += 1
    encoding: Encoding | None = "utf-8" if utf8_ok else ("cp1252" if cp1252_ok else None)
    shape_ok = columns <= 1 or (inside == 0 and seps == (columns - 1) * records)
    return ScanResult(has_nul, encoding, shape_ok, records, digest.hexdigest())


def find_ragged_record(
    path: Path, encoding: Encoding, delimiter: str, columns: int
) -> tuple[int, int] | None:
    """The first record whose field count differs from ``columns``: (line, fields), or None."""
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open("r", encoding=codec, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        line = 1
        for row in reader:
            if len(row) != columns and not (columns == 1 and not row):
                return line, len(row)
            line = reader.line_num + 1
    return None


__all__ = ["ScanResult", "find_ragged_record", "scan_csv_bytes"]
