"""Passport fakes: the patterns read from the values' bytes give what the regex reading gives."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.ids._domains import _map_passports_by_pattern, map_passports
from washer.ids.feistel import FeistelKey

KEY = FeistelKey(b"p" * 32)
PASSPORTS = st.text(alphabet="ABCXYZ0123456789", min_size=5, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(PASSPORTS, max_size=40))
def test_map_passports_is_the_pattern_reading(values: list[str]) -> None:
    """Normalised passports (capital letters and digits, as the mapper gives them)."""
    series = pl.Series(values, dtype=pl.String)
    got = map_passports(KEY, series)
    expected = _map_passports_by_pattern(KEY, series)
    assert got.dtype == pl.String
    assert got.name == expected.name
    assert got.to_list() == expected.to_list()


def test_repeated_patterns_and_values() -> None:
    values = pl.Series(["AB1234567", "AB1234567", "12345678", "A99AA9999", "AB7654321"])
    assert map_passports(KEY, values).equals(_map_passports_by_pattern(KEY, values))
