"""The file formats washer reads and writes, and the CSV dialect it detects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Format = Literal["csv", "json", "jsonl", "parquet"]
FORMATS: tuple[Format, ...] = get_args(Format)
EXTENSIONS: dict[Format, str] = {
    "csv": ".csv",
    "json": ".json",
    "jsonl": ".jsonl",
    "parquet": ".parquet",
}

Encoding = Literal["utf-8", "cp1252"]
ENCODINGS: tuple[Encoding, ...] = get_args(Encoding)
DELIMITERS: tuple[str, ...] = (",", ";")


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is spelled: washed CSV is written the way its input was read."""

    encoding: Encoding = "utf-8"
    bom: bool = False
    delimiter: str = ","
    line_terminator: str = "\n"

    def describe(self) -> str:
        bom = " with BOM" if self.bom else ""
        sep = "semicolon" if self.delimiter == ";" else "comma"
        return f"{self.encoding}{bom}, {sep}-separated"


def normalize_encoding(name: str) -> Encoding:
    """Accept the usual spellings of the two encodings washer supports."""
    key = name.strip().lower().replace("_", "-")
    if key in {"utf-8", "utf8", "utf-8-sig"}:
        return "utf-8"
    if key in {"cp1252", "windows-1252", "win-1252", "cp-1252"}:
        return "cp1252"
    raise ValueError(name)


__all__ = [
    "DELIMITERS",
    "ENCODINGS",
    "EXTENSIONS",
    "FORMATS",
    "CsvDialect",
    "Encoding",
    "Format",
    "normalize_encoding",
]
