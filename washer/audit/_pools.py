"""The names the fake generator can produce: what counts as a common name, and its gender.

The pools are those of :mod:`washer.fakes` (frozen in ``washer/data/fake_pools.json``), so
what the audit calls common is exactly what the wash can produce.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import polars as pl

from washer.audit.normalise import text


@dataclass(frozen=True)
class NamePools:
    """Normalised name words the fake generator draws from, and the gender of first names."""

    words: frozenset[str]
    """Every word of every first and last name in the pools."""
    gender: Mapping[str, str]
    """First-name word -> ``"F"`` or ``"M"``, only for words used for one gender alone."""
    fake_words: frozenset[str] = frozenset()
    """Words of the fake company names, street names and towns the wash can write."""
    fake_streets: frozenset[str] = frozenset()
    """Whole street names (root and suffix) the fake address generator can write."""


def _names(provider: type, attribute: str) -> list[str]:
    value = getattr(provider, attribute, ())
    return [str(name) for name in value] if isinstance(value, Iterable) else []


def _normalised_words(names: list[str]) -> set[str]:
    if not names:
        return set()
    words = pl.DataFrame({"n": names}).select(text(pl.col("n")).str.split(" ").explode())
    return {w for w in words.to_series().drop_nulls().to_list() if w}


def pools_from(female: list[str], male: list[str], other: list[str]) -> NamePools:
    """Pools from raw name lists (female and male first names, other name words)."""
    f, m = _normalised_words(female), _normalised_words(male)
    gender = {w: "F" for w in f - m} | {w: "M" for w in m - f}
    return NamePools(words=frozenset(f | m | _normalised_words(other)), gender=gender)


@cache
def name_pools() -> NamePools:
    """The pools :mod:`washer.fakes` draws fake names from, so audit and wash agree exactly."""
    from washer.fakes._pools import pools

    frozen = pools()
    names = pools_from(
        frozen.female.values.to_list(),
        frozen.male.values.to_list(),
        frozen.last.values.to_list() + frozen.last_female.values.to_list(),
    )
    roots, suffixes = frozen.street_roots.to_list(), frozen.street_suffixes.to_list()
    streets = _normalised_words([f"{root}{suffix}" for root in roots for suffix in suffixes])
    places = [*roots, *frozen.company_words, *frozen.company_forms, *frozen.town_names]
    return NamePools(
        words=names.words,
        gender=names.gender,
        fake_words=frozenset(_normalised_words(places) | streets),
        fake_streets=frozenset(streets),
    )
