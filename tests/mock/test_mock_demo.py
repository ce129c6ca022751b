"""The demo dataset: synthetic, spec-shaped, and always fresh when served."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

from mock_helpers import INNREISER

from washer.ids._checksum import is_valid_classic
from washer.mock import create_app, load_tenants
from washer.mock.demo import build_demo_records
from washer.mock.query import search
from washer.mock.validate import SearchRequest
from washer.schema import INNREISER_FIELDS

SHIPPED = [
    json.loads(line)
    for line in files("washer.data").joinpath("demo/innreiser.jsonl").read_text().splitlines()
]


def test_the_builder_is_deterministic() -> None:
    assert build_demo_records(20) == build_demo_records(20)
    assert build_demo_records(20) != build_demo_records(20, seed=1)


def test_shipped_records_are_spec_records_in_field_order() -> None:
    assert len(SHIPPED) >= 100
    for record in SHIPPED:
        assert list(record) == [f for f in INNREISER_FIELDS if f in record]
        assert "a_reference_code" in record


def test_person_numbers_are_synthetic_and_mail_goes_nowhere() -> None:
    for record in SHIPPED:
        for field in ("p_unique_id", "p_dnr"):
            value = record.get(field, "")
            if len(value) == 11 and value.isdigit():
                assert int(value[2:4]) > 80, "Tenor synthetic numbers have month + 80"
                assert is_valid_classic(value)
        if "p_email" in record:
            assert record["p_email"].endswith("@example.com")


def test_every_demo_organisation_sees_records_on_any_day() -> None:
    today = date(2030, 6, 1)
    app = create_app(today=today)
    tenants = load_tenants(None)
    for org in tenants.organizations.values():
        request = SearchRequest(None, (), None, None, 0)
        rows = search(app.mock.index, request, org, app.mock.today_day())
        assert len(rows) > 0, org.name


def test_served_demo_records_validate_against_the_schema() -> None:
    app = create_app()
    for text in app.mock.index.json_objects():
        assert INNREISER.is_valid(json.loads(text))


def test_some_demo_people_travel_to_two_kommuner() -> None:
    kommuner: dict[str, set[str]] = {}
    for record in SHIPPED:
        kommuner.setdefault(record["p_unique_id"], set()).add(record["municipality_number"])
    assert any(len(k) > 1 for k in kommuner.values())


def test_the_public_api_is_explicit_and_importable() -> None:
    import importlib
    import pkgutil

    import washer.mock

    assert list(washer.mock.__all__) == sorted(washer.mock.__all__)
    for name in washer.mock.__all__:
        assert getattr(washer.mock, name) is not None
    for module in pkgutil.iter_modules(washer.mock.__path__):
        imported = importlib.import_module(f"washer.mock.{module.name}")
        assert hasattr(imported, "__all__"), module.name
        for name in imported.__all__:
            assert hasattr(imported, name), (module.name, name)
