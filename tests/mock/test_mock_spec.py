"""/openapi.json: the published spec unchanged, plus auth schemes, 403, and this server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mock_helpers import app_for

from washer.mock.spec import SECURITY_SCHEMES
from washer.schema import load_spec
from washer.testing.asgi import asgi_client


def published_spec_path() -> Path | None:
    """The published spec next to the repository (``<repo>/../shared`` or one level up)."""
    repo = Path(__file__).resolve().parents[2]
    for base in (repo, *repo.parents[:2]):
        candidate = base / ".." / "shared" / "spec" / "innreise-api-v1.json"
        if candidate.exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def served() -> dict[str, Any]:
    with asgi_client(app_for([])) as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    served_spec: dict[str, Any] = response.json()
    return served_spec


def test_paths_and_schemas_are_the_published_ones(served: dict[str, Any]) -> None:
    published = load_spec()
    assert served["components"]["schemas"] == published["components"]["schemas"]
    assert served["paths"].keys() == published["paths"].keys()
    for path, item in published["paths"].items():
        for method, operation in item.items():
            mine = served["paths"][path][method]
            extra = {k: v for k, v in mine["responses"].items() if k != "403"}
            assert {**mine, "responses": extra} == operation


def test_the_shipped_spec_is_the_published_file() -> None:
    path = published_spec_path()
    if path is None:
        pytest.skip("the published spec (../shared/spec) is not next to this checkout")
    assert json.loads(path.read_text(encoding="utf-8")) == load_spec()


def test_the_three_auth_headers_are_required_security(served: dict[str, Any]) -> None:
    schemes = served["components"]["securitySchemes"]
    assert schemes == SECURITY_SCHEMES
    headers = {s.get("name") for s in schemes.values() if s["type"] == "apiKey"}
    assert headers == {"IntegrasjonId", "IntegrasjonPassord"}
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    assert served["security"] == [{name: [] for name in schemes}]


def test_every_operation_declares_403_with_an_error_message(served: dict[str, Any]) -> None:
    for item in served["paths"].values():
        for operation in item.values():
            forbidden = operation["responses"]["403"]
            schema = forbidden["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorMessage"}


def test_the_only_server_is_the_mock_itself(served: dict[str, Any]) -> None:
    assert served["servers"] == [{"url": "/", "description": "washer mock (this server)"}]
    assert "fiks.ks.no" not in json.dumps(served["servers"])


def test_swagger_ui_points_at_the_served_spec() -> None:
    with asgi_client(app_for([])) as client:
        page = client.get("/_mock/docs")
    assert page.status_code == 200
    assert "/openapi.json" in page.text
