"""The names the fake generator can produce: what counts as a common name, and its gender.

Stand-in until the fake-name pools of ``washer.fakes`` land: the pools are read from Faker's
person providers of the locales travellers to Norway mostly come from, plus the name pools
shipped with ``washer.generate``. The lead points :func:`name_pools` at the wash's own pools
so the audit and the fake generator agree exactly.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import polars as pl

from washer.audit.normalise import text

LOCALES = (
    "no_NO",
    "sv_SE",
    "da_DK",
    "fi_FI",
    "is_IS",
    "de_DE",
    "nl_NL",
    "pl_PL",
    "lt_LT",
    "lv_LV",
    "et_EE",
    "cs_CZ",
    "sk_SK",
    "hu_HU",
    "ro_RO",
    "bg_BG",
    "hr_HR",
    "sl_SI",
    "uk_UA",
    "ru_RU",
    "en_GB",
    "en_US",
    "fr_FR",
    "es_ES",
    "it_IT",
    "pt_PT",
    "tr_TR",
)


@dataclass(frozen=True)
class NamePools:
    """Normalised name words the fake generator draws from, and the gender of first names."""

    words: frozenset[str]
    """Every word of every first and last name in the pools."""
    gender: Mapping[str, str]
    """First-name word -> ``"F"`` or ``"M"``, only for words used for one gender alone."""


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
    """The default pools (Faker's person names for :data:`LOCALES`), built once."""
    female: list[str] = []
    male: list[str] = []
    other: list[str] = []
    for locale in LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:  # pragma: no cover - depends on the installed Faker
            continue
        female += _names(provider, "first_names_female")
        male += _names(provider, "first_names_male")
        for attribute in ("first_names", "last_names", "last_names_female", "last_names_male"):
            other += _names(provider, attribute)
    try:  # the generator's shipped pools, when present, are fake names too
        from washer.generate.pools import name_pool

        female += name_pool("female").values.to_list()
        male += name_pool("male").values.to_list()
        other += name_pool("last_female").values.to_list() + name_pool("last_male").values.to_list()
    except ImportError:  # pragma: no cover - washer.generate is part of the package
        pass
    return pools_from(female, male, other)
