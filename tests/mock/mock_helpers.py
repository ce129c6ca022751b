"""Helpers for the mock's tests: small datasets with known records, test tenants."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import polars as pl

from washer.mock import MockApp, create_app, make_token
from washer.mock.tenants import parse_tenants
from washer.schema import INNREISER_FIELDS, load_spec

TODAY = date(2021, 9, 10)
SEARCH = "/innreise/api/v1/hentInnreiser"
COUNT = "/innreise/api/v1/hentAntallInnreiser"

ORG_OSLO = "aaaaaaaa-0000-4000-8000-000000000001"
ORG_BERGEN = "aaaaaaaa-0000-4000-8000-000000000002"
ORG_TRONDHEIM = "aaaaaaaa-0000-4000-8000-000000000003"
INT_OSLO = "bbbbbbbb-0000-4000-8000-000000000001"
INT_BERGEN = "bbbbbbbb-0000-4000-8000-000000000002"
INT_VENDOR = "bbbbbbbb-0000-4000-8000-000000000003"
PASSWORDS = {INT_OSLO: "oslo-hemmelig", INT_BERGEN: "bergen-hemmelig", INT_VENDOR: "lev-hemmelig"}

TENANTS_TOML = f"""
[[organization]]
id = "{ORG_OSLO}"
name = "Oslo kommune"
kommunenr = ["0301"]

[[organization]]
id = "{ORG_BERGEN}"
name = "Bergen kommune"
kommunenr = ["4601"]

[[organization]]
id = "{ORG_TRONDHEIM}"
name = "Trondheim kommune"
kommunenr = ["5001", "5055"]

[[integration]]
id = "{INT_OSLO}"
password = "{PASSWORDS[INT_OSLO]}"
organizations = ["{ORG_OSLO}"]

[[integration]]
id = "{INT_BERGEN}"
password = "{PASSWORDS[INT_BERGEN]}"
organizations = ["{ORG_BERGEN}"]

[[integration]]
id = "{INT_VENDOR}"
password = "{PASSWORDS[INT_VENDOR]}"
organizations = ["{ORG_BERGEN}", "{ORG_TRONDHEIM}"]
"""
TENANTS = parse_tenants(TENANTS_TOML, "test tenants")


def day(offset: int) -> str:
    """``TODAY + offset`` days as YYYY-MM-DD."""
    return (TODAY + timedelta(days=offset)).isoformat()


_serial = iter(range(10**9))


def rec(**fields: str | None) -> dict[str, str | None]:
    """A record with a fresh a_reference_code, yesterday's a_date, in Oslo, plus ``fields``."""
    base: dict[str, str | None] = {
        "a_reference_code": f"REF-{next(_serial):06d}",
        "a_date": day(-1),
        "municipality_number": "0301",
    }
    base.update(fields)
    return base


def frame(records: list[dict[str, str | None]]) -> pl.DataFrame:
    columns = [f for f in INNREISER_FIELDS if any(f in r for r in records)] or ["a_reference_code"]
    return pl.DataFrame(
        {c: [r.get(c) for r in records] for c in columns}, schema={c: pl.String for c in columns}
    )


def app_for(records: list[dict[str, str | None]], **kwargs: Any) -> MockApp:
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("tenants", TENANTS)
    return create_app(frame(records), **kwargs)


def auth(integration: str = INT_OSLO, *, token: str | None = None) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token or make_token()}",
        "IntegrasjonId": integration,
        "IntegrasjonPassord": PASSWORDS[integration],
    }


def refs(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["a_reference_code"] for r in response.json()]


def error_message(response: httpx.Response, status: int) -> str:
    """Assert an ErrorMessage answer with ``status``; return its message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert ERROR_MESSAGE.is_valid(body), body
    assert body["status"] == status
    assert body["path"] == response.request.url.path
    message: str = body["message"]
    return message


def _validator(name: str) -> jsonschema_rs.Draft4Validator:
    components = load_spec()["components"]
    return jsonschema_rs.Draft4Validator(
        {"$ref": f"#/components/schemas/{name}", "components": components}, validate_formats=True
    )


INNREISER = _validator("Innreiser")
ERROR_MESSAGE = _validator("ErrorMessage")


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
