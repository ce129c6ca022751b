"""Originals and a clean wash of them, built once per session (no real data anywhere)."""

from __future__ import annotations

import polars as pl
import pytest

from washer.testing.standin import stand_in_wash, synthetic_extract

ROWS = 240


@pytest.fixture(scope="session")
def extract() -> pl.DataFrame:
    return synthetic_extract(ROWS, seed=11)


@pytest.fixture(scope="session")
def washed(extract: pl.DataFrame) -> pl.DataFrame:
    return stand_in_wash(extract, seed=12)
