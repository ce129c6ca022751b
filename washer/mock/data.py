"""Read the records the mock serves: a washed file, a folder of them, or the demo dataset.

Any format ``washer wash`` writes is read: CSV (``,`` or ``;``, UTF-8 or Windows-1252), Parquet,
JSON Lines and JSON (an array of records). A folder means every such file in it, in name order,
except ``manifest.json``. Every column comes back as a string column; columns must be fields of
the spec's ``Innreiser`` record. Errors name the file and the column, never a value.
"""

from __future__ import annotations

import io
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

import polars as pl

from washer.errors import InputError
from washer.io.formats import Format
from washer.io.readers import read_csv_checked, unreadable
from washer.manifest import listed_outputs
from washer.schema import INNREISER_FIELDS

__all__ = [
    "DATA_SUFFIXES",
    "DEMO_RECORDS",
    "FILE_COLUMN",
    "RECORD_COLUMN",
    "RawRecords",
    "read_demo",
    "read_records",
    "records_from_frame",
]

DATA_SUFFIXES = (".csv", ".parquet", ".jsonl", ".ndjson", ".json")
DEMO_RECORDS = "demo/innreiser.jsonl"
"""The demo dataset, a resource of :mod:`washer.data`."""

FILE_COLUMN = "__file"
"""Index into :attr:`RawRecords.sources` of the file a record came from."""
RECORD_COLUMN = "__record"
"""1-based number of a record within its file (for error messages)."""


class RawRecords(NamedTuple):
    """Records as read: string columns plus :data:`FILE_COLUMN` and :data:`RECORD_COLUMN`."""

    frame: pl.DataFrame
    sources: list[str]


def _tagged(frame: pl.DataFrame, file_index: int) -> pl.DataFrame:
    return frame.with_columns(
        pl.lit(file_index, dtype=pl.UInt32).alias(FILE_COLUMN),
        pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).alias(RECORD_COLUMN),
    )


_KNOWN = frozenset(INNREISER_FIELDS)
_FORMATS: dict[str, Format] = {".csv": "csv", ".parquet": "parquet", ".json": "json"}


def _separator(head: bytes) -> str:
    line = head.split(b"\n", 1)[0]
    return max((",", ";", "\t"), key=lambda sep: line.count(sep.encode()))


def _read_csv(path: Path) -> pl.DataFrame:
    with path.open("rb") as handle:
        sep = _separator(handle.read(65_536))
    return read_csv_checked(path, sep)


def _as_strings(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as text; typed dates and times in the ISO forms the normaliser reads."""
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.String:
            exprs.append(col)
        elif isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            exprs.append(col.dt.to_string("%Y-%m-%dT%H:%M:%S%.f%:z"))
        elif isinstance(dtype, pl.Datetime):
            exprs.append(col.dt.to_string("%Y-%m-%dT%H:%M:%S%.f"))
        else:
            exprs.append(col.cast(pl.String))
    return frame.select(exprs)


def _read_file(path: Path) -> pl.DataFrame:
    suffix = path.suffix.lower()
    if path.exists() and path.stat().st_size == 0:
        raise InputError(f"{path}: holds no records (the file is empty)")
    try:
        if suffix == ".csv":
            frame = _read_csv(path)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        elif suffix in (".jsonl", ".ndjson"):
            frame = pl.read_ndjson(path, infer_schema_length=None)
        else:
            frame = pl.read_json(path, infer_schema_length=None)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (pl.exceptions.PolarsError, ValueError):
        # polars' own message may quote a row: say what is wrong and where in our words
        raise unreadable(path, _FORMATS.get(suffix, "jsonl")) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it as {suffix[1:]} ({type(exc).__name__})") from None
    frame = frame.rename({name: name.strip().lstrip("\ufeff") for name in frame.columns})
    for name in frame.columns:
        if name not in _KNOWN:
            raise InputError(f"{path}: column '{name}' is not a field of the Innreiser record")
    return _as_strings(frame)


def _data_files(folder: Path) -> list[Path]:
    """The folder's data files: those its manifest lists, where it has one (a folder washed
    into twice keeps older outputs beside them)."""
    listed = listed_outputs(folder)
    if listed is not None:
        return listed
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.is_file()
        and p.suffix.lower() in DATA_SUFFIXES
        and p.name != "manifest.json"
        and not p.name.startswith(".")
    ]
    if not found:
        kinds = ", ".join(DATA_SUFFIXES)
        raise InputError(f"{folder}: the folder holds no data file ({kinds})")
    return found


def read_records(path: Path) -> RawRecords:
    """All records of a washed file or folder, every column as a string column."""
    path = Path(path)
    if path.is_dir():
        paths = _data_files(path)
    elif path.exists():
        if path.suffix.lower() not in DATA_SUFFIXES:
            kinds = ", ".join(DATA_SUFFIXES)
            raise InputError(f"{path}: unknown data format (expected one of {kinds})")
        paths = [path]
    else:
        raise InputError(f"{path}: no such file or folder")
    frames = [_tagged(_read_file(p), i) for i, p in enumerate(paths)]
    frame = pl.concat(frames, how="diagonal") if len(frames) > 1 else frames[0]
    if frame.height == 0:
        raise InputError(f"{path}: holds no records")
    return RawRecords(frame, [str(p) for p in paths])


def records_from_frame(frame: pl.DataFrame, label: str = "records") -> RawRecords:
    """Records given as a polars frame (columns must be ``Innreiser`` fields)."""
    for name in frame.columns:
        if name not in _KNOWN:
            raise InputError(f"{label}: column '{name}' is not a field of the Innreiser record")
    return RawRecords(_tagged(_as_strings(frame), 0), [label])


def read_demo() -> RawRecords:
    """The demo dataset shipped with washer."""
    raw = files("washer.data").joinpath(DEMO_RECORDS).read_bytes()
    frame = pl.read_ndjson(io.BytesIO(raw), infer_schema_length=None)
    return RawRecords(_tagged(_as_strings(frame), 0), ["demo dataset"])
