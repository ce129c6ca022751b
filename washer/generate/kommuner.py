"""Norway's 357 kommuner (SSB, 2024) with their population, shipped as ``data/kommuner.csv``.

Generated destinations are drawn with probability proportional to population, so a large
extract has about as many trips to Oslo as Oslo's share of the population. HDIR identifies a
kommune by its own internal code; here that code (``a_destination_id``) is the kommunenummer
as an integer without leading zeros (Oslo ``301``), and KS derives ``municipality_number`` by
zero-padding it to four digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np
import polars as pl

from washer.generate._random import IntArray

__all__ = [
    "Kommuner",
    "kommuner",
    "read_table",
]

RESOURCE = "kommuner.csv"

# Plausible postnummer ranges per fylke (first two digits of the kommunenummer). Each
# kommune gets its own slice of its fylke's range; the codes look right, they are not
# Posten's register.
_ZIP_RANGES: dict[str, tuple[int, int]] = {
    "03": (150, 1295),
    "11": (4000, 4399),
    "15": (6000, 6699),
    "18": (8000, 8999),
    "31": (1500, 1899),
    "32": (1300, 2099),
    "33": (3000, 3648),
    "34": (2200, 2995),
    "39": (3050, 3299),
    "40": (3650, 3999),
    "42": (4400, 4999),
    "46": (5000, 5999),
    "50": (7000, 7999),
    "55": (9000, 9499),
    "56": (9500, 9999),
}


@dataclass(frozen=True)
class Kommuner:
    """The kommune table as parallel columns, in kommunenummer order."""

    numbers: pl.Series  # "0301"
    hdir_ids: pl.Series  # "301"
    names: pl.Series
    population: IntArray
    zip_low: IntArray
    zip_span: IntArray

    def __len__(self) -> int:
        return len(self.numbers)

    def index_of(self, number: str) -> int:
        return int(np.flatnonzero((self.numbers == number).to_numpy())[0])


def read_table() -> pl.DataFrame:
    """The shipped table: ``kommunenummer``, ``name``, ``population``."""
    source = files("washer.data").joinpath(RESOURCE).read_bytes()
    return pl.read_csv(
        source,
        comment_prefix="#",
        schema={"kommunenummer": pl.String, "name": pl.String, "population": pl.Int64},
    )


@cache
def kommuner() -> Kommuner:
    table = read_table().sort("kommunenummer")
    numbers = table["kommunenummer"]
    fylker = [n[:2] for n in numbers.to_list()]
    zip_low = np.zeros(len(numbers), dtype=np.int64)
    zip_span = np.zeros(len(numbers), dtype=np.int64)
    for fylke, (low, high) in _ZIP_RANGES.items():
        members = [i for i, f in enumerate(fylker) if f == fylke]
        step = (high - low + 1) // max(len(members), 1)
        for rank, i in enumerate(members):
            zip_low[i] = low + rank * step
            zip_span[i] = max(step, 1)
    return Kommuner(
        numbers=numbers,
        hdir_ids=numbers.str.strip_chars_start("0"),
        names=table["name"],
        population=table["population"].to_numpy().astype(np.int64),
        zip_low=zip_low,
        zip_span=zip_span,
    )
