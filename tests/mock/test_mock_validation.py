"""Requests are checked per the spec: a 400 ErrorMessage naming the field, never FastAPI's 422;
405 with Allow for undeclared methods, 404 for unknown paths."""

from __future__ import annotations

from typing import Any

import pytest
from mock_helpers import COUNT, SEARCH, app_for, auth, error_message, rec

from washer.testing.asgi import asgi_client

VALID_TIME = "2021-09-04T22:05:37+02:00"


@pytest.fixture(scope="module")
def client() -> Any:
    with asgi_client(app_for([rec()])) as c:
        yield c


SEARCH_CASES = {
    "personId too short": ({"personId": "1234567890"}, "personId"),
    "personId letters": ({"personId": "1234567890a"}, "personId"),
    "personId a number": ({"personId": 12345678901}, "personId"),
    "personId null": ({"personId": None}, "personId"),
    "kommunenr a string": ({"kommunenr": "0301"}, "kommunenr"),
    "kommunenr numbers": ({"kommunenr": [301]}, "kommunenr"),
    "oppdatertEtter naive": ({"oppdatertEtter": "2021-09-04T22:05:37"}, "oppdatertEtter"),
    "oppdatertEtter a date": ({"oppdatertEtter": "2021-09-04"}, "oppdatertEtter"),
    "oppdatertEtter month 13": ({"oppdatertEtter": "2021-13-04T22:05:37Z"}, "oppdatertEtter"),
    "oppdatertEtter feb 30": ({"oppdatertEtter": "2021-02-30T22:05:37Z"}, "oppdatertEtter"),
    "limit a string": ({"limit": "10"}, "limit"),
    "limit a float": ({"limit": 1.5}, "limit"),
    "limit integral float": ({"limit": 10.0}, "limit"),
    "limit a boolean": ({"limit": True}, "limit"),
    "limit beyond int32": ({"limit": 2**31}, "limit"),
    "offset beyond int64": ({"offset": 2**63}, "offset"),
}


@pytest.mark.parametrize(("body", "field"), SEARCH_CASES.values(), ids=SEARCH_CASES.keys())
def test_bad_search_fields_are_400_naming_the_field(client: Any, body: Any, field: str) -> None:
    assert field in error_message(client.post(SEARCH, json=body, headers=auth()), 400)


COUNT_CASES = {
    "kommunenr missing": ({}, "kommunenr"),
    "kommunenr three digits": ({"kommunenr": "301"}, "kommunenr"),
    "kommunenr a list": ({"kommunenr": ["0301"]}, "kommunenr"),
    "fraDato naive": ({"kommunenr": "0301", "fraDato": "2021-09-01T00:00:00"}, "fraDato"),
    "tilDato garbage": ({"kommunenr": "0301", "tilDato": "yesterday"}, "tilDato"),
}


@pytest.mark.parametrize(("body", "field"), COUNT_CASES.values(), ids=COUNT_CASES.keys())
def test_bad_count_fields_are_400_naming_the_field(client: Any, body: Any, field: str) -> None:
    assert field in error_message(client.post(COUNT, json=body, headers=auth()), 400)


@pytest.mark.parametrize(
    "content", [b"", b"not json", b"[]", b"null", b'"text"', b"{" * 100_000], ids=repr
)
@pytest.mark.parametrize("path", [SEARCH, COUNT])
def test_body_must_be_a_json_object(client: Any, path: str, content: bytes) -> None:
    headers = {**auth(), "Content-Type": "application/json"}
    assert "body" in error_message(client.post(path, content=content, headers=headers), 400)


def test_body_must_be_sent_as_json(client: Any) -> None:
    headers = {**auth(), "Content-Type": "text/plain"}
    response = client.post(SEARCH, content=b"{}", headers=headers)
    assert "application/json" in error_message(response, 400)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"fiksOrg": "not-a-uuid"}, "fiksOrg"),
        ({"tjeneste": "ANNET"}, "tjeneste"),
        ({"tjeneste": "innreise"}, "tjeneste"),
        ([("tjeneste", "INNREISE"), ("tjeneste", "INNREISE")], "tjeneste"),
    ],
)
def test_bad_query_parameters_are_400(client: Any, params: Any, field: str) -> None:
    response = client.post(SEARCH, json={}, params=params, headers=auth())
    assert field in error_message(response, 400)


@pytest.mark.parametrize("tjeneste", ["INNREISE", "INNREISEOPPFOLGING"])
def test_both_tjenester_are_accepted(client: Any, tjeneste: str) -> None:
    response = client.post(SEARCH, json={}, params={"tjeneste": tjeneste}, headers=auth())
    assert response.status_code == 200


@pytest.mark.parametrize(
    "when",
    [
        VALID_TIME,
        "2021-09-04t20:05:37z",
        "2021-09-04T20:05:37.123456789Z",
        "2016-12-31T23:59:60Z",
        "0000-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
    ],
)
def test_every_rfc3339_time_is_accepted(client: Any, when: str) -> None:
    assert client.post(SEARCH, json={"oppdatertEtter": when}, headers=auth()).status_code == 200
    body = {"kommunenr": "0301", "fraDato": when, "tilDato": when}
    assert client.post(COUNT, json=body, headers=auth()).status_code == 200


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize("path", [SEARCH, COUNT])
def test_undeclared_methods_are_405_with_allow(client: Any, method: str, path: str) -> None:
    response = client.request(method, path, headers=auth())
    error_message(response, 405)
    assert response.headers["allow"] == "POST"


def test_openapi_json_only_answers_get(client: Any) -> None:
    response = client.post("/openapi.json")
    error_message(response, 405)
    assert "GET" in response.headers["allow"]


@pytest.mark.parametrize(
    "path", ["/", "/innreise/api/v1/hentInnreiser/", "/innreise/api/v2/hentInnreiser", "/docs"]
)
def test_unknown_paths_are_404(client: Any, path: str) -> None:
    error_message(client.post(path, json={}, headers=auth()), 404)


def test_authentication_comes_before_validation(client: Any) -> None:
    response = client.post(SEARCH, json={"limit": "x"}, headers={})
    error_message(response, 401)


def test_an_oversized_body_is_400(client: Any) -> None:
    from washer.mock.operations import MAX_BODY

    content = b'{"personId": "' + b"1" * MAX_BODY + b'"}'
    headers = {**auth(), "Content-Type": "application/json"}
    assert "for stor" in error_message(client.post(SEARCH, content=content, headers=headers), 400)


def test_an_internal_failure_is_a_500_error_message(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise ZeroDivisionError

    monkeypatch.setattr("washer.mock.operations.select", broken)
    message = error_message(client.post(SEARCH, json={}, headers=auth()), 500)
    assert message == "Systemfeil i washer mock (ZeroDivisionError)"
