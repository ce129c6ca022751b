"""The frozen pools (``washer/data/fake_pools.json``, built by ``tools/build_pools.py``).

Pools are loaded once. Names of all locales are concatenated into one series per kind, with
per-locale offsets and sizes, so a name is one ``gather`` at ``offset[locale] + seed % size``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Pool:
    """One kind of name over all locales: ``values[offsets[i] : offsets[i] + sizes[i]]``."""

    values: pl.Series
    offsets: I64
    sizes: I64


@dataclass(frozen=True)
class Pools:
    locales: tuple[str, ...]
    locale_cumweights: I64
    female: Pool
    male: Pool
    last: Pool
    last_female: Pool
    street_roots: pl.Series
    street_suffixes: pl.Series
    company_words: pl.Series
    company_forms: pl.Series
    town_names: pl.Series
    town_low: I64
    town_span: I64
    email_domains: pl.Series


def _pool(locales: list[dict[str, Any]], field: str) -> Pool:
    lists = [list(loc[field]) for loc in locales]
    sizes = np.array([len(x) for x in lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    values = pl.Series(field, [v for x in lists for v in x], dtype=pl.String)
    return Pool(values=values, offsets=offsets, sizes=sizes)


@lru_cache(maxsize=1)
def pools() -> Pools:
    raw = json.loads(files("washer.data").joinpath("fake_pools.json").read_text("utf-8"))
    locales = raw["locales"]
    towns = raw["towns"]
    return Pools(
        locales=tuple(loc["locale"] for loc in locales),
        locale_cumweights=np.cumsum([loc["weight"] for loc in locales]).astype(np.int64),
        female=_pool(locales, "female"),
        male=_pool(locales, "male"),
        last=_pool(locales, "last"),
        last_female=_pool(locales, "last_female"),
        street_roots=pl.Series(raw["street_roots"], dtype=pl.String),
        street_suffixes=pl.Series(raw["street_suffixes"], dtype=pl.String),
        company_words=pl.Series(raw["company_words"], dtype=pl.String),
        company_forms=pl.Series(raw["company_forms"], dtype=pl.String),
        town_names=pl.Series([t[0] for t in towns], dtype=pl.String),
        town_low=np.array([t[1] for t in towns], dtype=np.int64),
        town_span=np.array([t[2] - t[1] + 1 for t in towns], dtype=np.int64),
        email_domains=pl.Series(raw["email_domains"], dtype=pl.String),
    )
