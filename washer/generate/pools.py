"""Name, street and company pools, drawn once from seeded Faker and shipped as package data.

Generation samples these pools with numpy and never calls Faker, so a seed gives the same
bytes on every machine and with every Faker version. ``python -m washer.generate.pools``
rebuilds ``washer/data/name_pools.json`` from the installed Faker (deterministically for a
given Faker version, which the file records); generated extracts change only when that file
is rebuilt and committed.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from washer.generate._random import IntArray
from washer.generate.countries import COUNTRIES

__all__ = [
    "Pool",
    "ascii_local_part",
    "build",
    "dumps",
    "name_pool",
    "norwegian",
]

RESOURCE = "name_pools.json"
POOL_SIZE = 150  # distinct values kept per list; Faker's own no_NO lists have about 100
_SEED = 20210101
_KINDS = ("female", "male", "last_female", "last_male")
_ATTEMPTS = 4000


def _distinct(draw: Callable[[], str], size: int = POOL_SIZE) -> list[str]:
    seen: dict[str, None] = {}
    for _ in range(_ATTEMPTS):
        value = " ".join(draw().split())
        if value:
            seen.setdefault(value, None)
        if len(seen) == size:
            break
    return list(seen)


def _lithuanian_gender(names: list[str], female: bool) -> list[str]:
    # lt_LT's lists are not split by gender: Lithuanian female first names end in -a or -ė
    return [n for n in names if n.endswith(("a", "ė")) == female]


def build() -> dict[str, Any]:
    """Draw fresh pools from the installed Faker (imported only here)."""
    import faker
    from faker import Faker

    locales: dict[str, dict[str, list[str]]] = {}
    for locale in sorted({c.locale for c in COUNTRIES}):
        fake = Faker(locale)
        fake.seed_instance(_SEED)
        if locale == "lt_LT":
            firsts = _distinct(fake.first_name, 2 * POOL_SIZE)
            female = _lithuanian_gender(firsts, True)[:POOL_SIZE]
            male = _lithuanian_gender(firsts, False)[:POOL_SIZE]
        else:
            female = _distinct(fake.first_name_female)
            male = _distinct(fake.first_name_male)
        locales[locale] = {
            "female": female,
            "male": male,
            "last_female": _distinct(fake.last_name_female),
            "last_male": _distinct(fake.last_name_male),
        }
    norwegian = Faker("no_NO")
    norwegian.seed_instance(_SEED)
    return {
        "faker_version": faker.VERSION,
        "seed": _SEED,
        "locales": locales,
        "streets": _distinct(norwegian.street_name, 400),
        "companies": _distinct(norwegian.company, 400),
    }


def dumps(pools: dict[str, Any]) -> str:
    return json.dumps(pools, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        files("washer.data").joinpath(RESOURCE).read_text(encoding="utf-8")
    )
    return data


_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "\u0131": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "œ": "oe",
        "Œ": "OE",
    }
)


def ascii_local_part(name: str) -> str:
    """A name as e-mail local-part material: lower-case ASCII letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in decomposed.lower() if c.isascii() and c.isalnum())


@dataclass(frozen=True)
class Pool:
    """One list per country of residence, flattened: sample with :meth:`draw`."""

    values: pl.Series
    ascii: pl.Series
    offsets: IntArray  # per country
    sizes: IntArray

    def draw(self, rng: np.random.Generator, country: IntArray) -> IntArray:
        """Indices into ``values``: a uniform pick from each row's country list."""
        picks = rng.integers(0, self.sizes[country], dtype=np.int64)
        return self.offsets[country] + picks


def _pool(lists: list[list[str]]) -> Pool:
    flat = [v for values in lists for v in values]
    sizes = np.array([len(v) for v in lists], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    return Pool(
        values=pl.Series(flat, dtype=pl.String),
        ascii=pl.Series([ascii_local_part(v) for v in flat], dtype=pl.String),
        offsets=offsets,
        sizes=sizes,
    )


@cache
def name_pool(kind: str) -> Pool:
    """The pool of ``female``, ``male``, ``last_female`` or ``last_male`` names by country."""
    if kind not in _KINDS:
        raise ValueError(f"unknown name kind {kind!r}")
    locales = _raw()["locales"]
    return _pool([locales[c.locale][kind] for c in COUNTRIES])


@cache
def norwegian(kind: str) -> pl.Series:
    """Norwegian ``streets`` or ``companies``."""
    return pl.Series(_raw()[kind], dtype=pl.String)


def main(argv: list[str]) -> int:
    """Rebuild the shipped pools: ``python -m washer.generate.pools [PATH]``."""
    target = Path(argv[0]) if argv else Path(str(files("washer.data").joinpath(RESOURCE)))
    target.write_text(dumps(build()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
