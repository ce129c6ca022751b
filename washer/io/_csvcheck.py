"""A CSV file's header and records checked, for every reader of CSV.

The wash's reader (:mod:`washer.io.readers`) parses the header with these and names a record
of the wrong width with :func:`ragged`; the audit and the mock, which take CSV as it comes,
read it with :func:`read_csv_checked`. Every problem is an :class:`~washer.errors.InputError`
naming the file and the line or column, never a value from the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from washer.errors import InputError
from washer.io._csvscan import find_ragged_record, records_have_header_width
from washer.schema import INNREISER_FIELDS

HEAD = 1 << 16
"""Bytes read to recognise a file and parse its header."""
UTF8_BOM = codecs.BOM_UTF8


def header_line(head: bytes) -> bytes:
    """The first line of ``head``, with its line end."""
    end = head.find(b"\n")
    return head if end < 0 else head[: end + 1]


def detect_delimiter(header: str) -> str:
    """Semicolon when the header has more of them than commas outside quotes, else comma."""
    outside = []
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    text = "".join(outside)
    return ";" if text.count(";") > text.count(",") else ","


def ragged(path: Path, line: int, fields: int, width: int) -> InputError:
    """The error for a record of ``fields`` fields at ``line`` where the header has ``width``."""
    if fields == 0:
        return InputError(f"{path}: line {line} is blank")
    noun = "field" if fields == 1 else "fields"
    return InputError(f"{path}: line {line} has {fields} {noun}, but the header has {width}")


def check_csv_header(path: Path, delimiter: str) -> tuple[str, ...]:
    """The names of a CSV file's header, for readers that parse CSV themselves (the audit,
    the mock): raises :class:`InputError` for binary content or a blank or repeated name,
    which polars would read as invented columns (``a_duplicated_0``)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD)
    if b"\x00" in head:
        raise InputError(f"{path} is not a CSV file (it holds binary data)")
    header = header_line(head.removeprefix(UTF8_BOM)).decode("utf-8", errors="replace")
    return parse_header(path, header, delimiter)


def check_csv_records(path: Path, delimiter: str, width: int) -> None:
    """Raise :class:`InputError` naming the first record without ``width`` fields.

    For readers that parse CSV themselves: polars refuses long records without saying where,
    and pads short ones with nulls.
    """
    if records_have_header_width(path, delimiter, width):
        return
    for encoding in ("utf-8", "cp1252"):
        try:
            bad = find_ragged_record(path, encoding, delimiter, width)
        except UnicodeDecodeError:
            continue  # not this encoding
        if bad is not None:
            raise ragged(path, *bad, width)
        return


def read_csv_checked(path: Path, delimiter: str) -> pl.DataFrame:
    r"""A CSV file as strings (UTF-8, else Windows-1252), for readers that take CSV as it comes
    (the audit, the mock), checked as the wash checks its inputs: binary content, a blank or
    repeated header name and a record of the wrong width are :class:`InputError`\ s naming
    the line or column."""
    width = len(check_csv_header(path, delimiter))
    # polars pads a short record with nulls (a file cut off mid-record would pass as whole)
    # and refuses a long one without saying where: every record is counted, beside the read.
    with ThreadPoolExecutor(max_workers=1) as pool:
        counted = pool.submit(check_csv_records, path, delimiter, width)
        try:
            frame = _read_csv_text(path, delimiter)
        except pl.exceptions.ComputeError:
            counted.result()  # a long record: say which
            raise
        counted.result()
    return frame


def _read_csv_text(path: Path, delimiter: str) -> pl.DataFrame:
    try:  # UTF-8 (a byte-order mark is fine) straight from the file
        return pl.read_csv(path, separator=delimiter, infer_schema=False)
    except pl.exceptions.ComputeError:
        pass  # not UTF-8 (or malformed): HDIR's older exports are Windows-1252
    text = path.read_bytes().decode("cp1252", errors="replace")
    return pl.read_csv(io.StringIO(text), separator=delimiter, infer_schema=False)


def parse_header(path: Path, header: str, delimiter: str) -> tuple[str, ...]:
    """The column names of a header line; a blank or repeated name is an error (by position)."""
    row = next(csv.reader([header.rstrip("\r\n")], delimiter=delimiter), [])
    names = tuple(name for name in row)
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if not name.strip():
            raise InputError(f"{path}: column {i} of the header has no name")
        if name in seen and name in INNREISER_FIELDS:
            raise InputError(f"{path}: column {name} appears twice in the header")
        if name in seen:
            # A file without a header has a record as its first line (a D-number in both
            # p_unique_id and p_dnr): name the positions, never what may be a value.
            raise InputError(
                f"{path}: columns {seen[name]} and {i} of the header have the same name"
            )
        seen[name] = i
    if not names:
        raise InputError(f"{path} has no header")
    return names


__all__ = [
    "HEAD",
    "UTF8_BOM",
    "check_csv_header",
    "check_csv_records",
    "detect_delimiter",
    "header_line",
    "parse_header",
    "ragged",
    "read_csv_checked",
]
