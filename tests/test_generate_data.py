"""The generator's shipped data: kommuner, name pools, and the spec's code lists."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest

from washer.generate import codes
from washer.generate.countries import COUNTRIES
from washer.generate.kommuner import kommuner, read_table
from washer.schema import field_description


def test_kommuner_are_the_357_of_2024_with_oslo_largest() -> None:
    table = read_table()
    numbers = table["kommunenummer"].to_list()
    assert table.height == 357
    assert len(set(numbers)) == 357
    assert all(re.fullmatch(r"\d{4}", n) for n in numbers)
    assert (table["population"] > 0).all()
    largest = table.sort("population", descending=True).row(0, named=True)
    assert (largest["kommunenummer"], largest["name"]) == ("0301", "Oslo")
    # a few anchors of the 2024 division (Haram split from Ålesund, the 2024 fylker)
    by_number = dict(zip(numbers, table["name"].to_list(), strict=True))
    assert by_number["4601"] == "Bergen"
    assert by_number["1580"] == "Haram"
    assert by_number["1508"] == "Ålesund"
    assert {n[:2] for n in numbers} == {
        "03",
        "11",
        "15",
        "18",
        "31",
        "32",
        "33",
        "34",
        "39",
        "40",
        "42",
        "46",
        "50",
        "55",
        "56",
    }
    # Norway had about 5.55 million residents on 1 January 2024
    assert 5_400_000 < table["population"].sum() < 5_700_000


def test_kommune_table_names_its_source_and_year() -> None:
    text = files("washer.data").joinpath("kommuner.csv").read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines() if line.startswith("#"))
    assert "SSB" in header and "2024" in header


def test_hdir_ids_zero_pad_to_kommunenummer() -> None:
    table = kommuner()
    for hdir, number in zip(table.hdir_ids.to_list(), table.numbers.to_list(), strict=True):
        assert not hdir.startswith("0")
        assert hdir.zfill(4) == number


def _spec_codes(field: str) -> dict[str, str]:
    # an independent reading of the spec: "<i>code</i> - text" entries separated by <br>
    entries = field_description(field).split("<br>")
    found = {}
    for entry in entries:
        match = re.match(r"\s*<i>(\d+)</i> - (.*)", entry, re.DOTALL)
        if match:
            found[match.group(1)] = " ".join(match.group(2).split())
    return found


@pytest.mark.parametrize("level", range(4))
def test_level_codes_are_exactly_the_specs(level: int) -> None:
    field = codes.LEVEL_FIELDS[level]
    assert codes.LEVEL_CODES[level] == _spec_codes(field)
    assert len(codes.LEVEL_CODES[level]) == (2, 11, 32, 15)[level]


def test_documented_values_are_parsed_from_verdier_lists() -> None:
    assert codes.FOLLOW_UP == ("OK", "Ikke OK", "Ikke svar", "Ikke satt")
    assert codes.TRAVEL_METHODS == ("Fly", "Bil/Buss", "Yrkestransport", "Båt", "Tog", "Annet")
    assert codes.LEISURE == ("Ja", "Nei", None)
    assert codes.TRIP_NECESSARY == ("Ja", "Nei", None)


def test_a_field_without_codes_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match="p_phone"):
        codes.code_texts("p_phone")
    with pytest.raises(LookupError, match="p_phone"):
        codes.documented_values("p_phone")


def test_name_pools_cover_every_country_of_residence() -> None:
    pools = json.loads(files("washer.data").joinpath("name_pools.json").read_text("utf-8"))
    assert pools["faker_version"]
    for country in COUNTRIES:
        lists = pools["locales"][country.locale]
        for kind in ("female", "male", "last_female", "last_male"):
            assert len(lists[kind]) >= 30, (country.locale, kind)
            assert len(set(lists[kind])) == len(lists[kind])
    assert not set(pools["locales"]["no_NO"]["female"]) & set(pools["locales"]["no_NO"]["male"])
    assert len(pools["streets"]) >= 300 and len(pools["companies"]) >= 300


@pytest.mark.slow
def test_shipped_pools_are_a_fresh_build_for_their_faker_version() -> None:
    import faker

    from washer.generate import pools

    shipped = files("washer.data").joinpath("name_pools.json").read_text("utf-8")
    if json.loads(shipped)["faker_version"] != faker.VERSION:
        pytest.skip("pools were built with another Faker version")
    assert pools.dumps(pools.build()) == shipped


@pytest.mark.parametrize(
    "module",
    [
        "codes",
        "countries",
        "employers",
        "extract",
        "freetext",
        "identities",
        "kommuner",
        "messy",
        "output",
        "people",
        "pools",
        "travel",
        "trips",
    ],
)
def test_public_api_is_explicit_and_exists(module: str) -> None:
    import importlib

    imported = importlib.import_module(f"washer.generate.{module}")
    for name in imported.__all__:
        assert hasattr(imported, name), (module, name)
