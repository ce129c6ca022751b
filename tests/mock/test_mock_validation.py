"""Requests are checked per the spec: a 400 ErrorMessage naming the field, never FastAPI's 422;
415 for a body not sent as JSON; OPTIONS answered with Allow, 405 with Allow for other undeclared
methods, HEAD like GET where GET is served; 404 for unknown paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_helpers import COUNT, ORG_OSLO, SEARCH, app_for, auth, error_message, rec

from washer.schema import load_spec
from washer.testing.asgi import asgi_client

VALID_TIME = "2021-09-04T22:05:37+02:00"
VALID_BODY = {SEARCH: b'{"kommunenr": ["0301"]}', COUNT: b'{"kommunenr": "0301"}'}


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


@pytest.mark.parametrize(
    "content_type",
    [
        None,  # a client that sends a body without saying what it is (curl -d, a bare POST)
        "text/plain",
        "text/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/octet-stream",
        "application/jsonx",
        "json",
        "",
    ],
)
@pytest.mark.parametrize("path", [SEARCH, COUNT])
def test_a_body_not_sent_as_json_is_415_with_accept(
    client: Any, path: str, content_type: str | None
) -> None:
    """Like the platform (Spring): the body's media type must be JSON, else 415 Unsupported
    Media Type with ``Accept: application/json``, after authentication."""
    headers = auth() if content_type is None else {**auth(), "Content-Type": content_type}
    response = client.post(path, content=VALID_BODY[path], headers=headers)
    assert "application/json" in error_message(response, 415)
    assert response.headers["accept"] == "application/json"
    assert response.headers["content-type"].startswith("application/json")
    error_message(client.post(path, content=b"{}", headers={"Content-Type": "text/plain"}), 401)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
        "application/problem+json",
    ],
)
@pytest.mark.parametrize("path", [SEARCH, COUNT])
def test_json_media_types_are_accepted(client: Any, path: str, content_type: str) -> None:
    headers = {**auth(), "Content-Type": content_type}
    response = client.post(path, content=VALID_BODY[path], headers=headers)
    assert response.status_code == 200, response.text


def test_no_body_and_no_content_type_is_400_body_missing(client: Any) -> None:
    """Spring reads a missing body before it asks for its media type."""
    assert "body" in error_message(client.post(SEARCH, headers=auth()), 400)


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


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", [SEARCH, COUNT])
def test_undeclared_methods_are_405_with_allow(client: Any, method: str, path: str) -> None:
    response = client.request(method, path, headers=auth())
    error_message(response, 405)
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("path", [SEARCH, COUNT])
def test_head_of_an_operation_is_405_without_a_body(client: Any, path: str) -> None:
    """HEAD is GET without the body; the operations have no GET."""
    response = client.head(path, headers=auth())
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.content == b""


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        (SEARCH, "POST, OPTIONS"),
        (COUNT, "POST, OPTIONS"),
        ("/openapi.json", "GET, HEAD, OPTIONS"),
        ("/_mock/health", "GET, HEAD, OPTIONS"),
        ("/_mock/reset", "POST, OPTIONS"),
    ],
)
def test_options_is_200_with_allow_and_no_body(client: Any, path: str, allow: str) -> None:
    """Without credentials, as a browser's preflight comes."""
    response = client.options(path)
    assert response.status_code == 200
    assert response.headers["allow"] == allow
    assert response.content == b""


@pytest.mark.parametrize("path", ["/openapi.json", "/_mock/health", "/_mock/requests"])
def test_head_is_get_without_the_body(client: Any, path: str) -> None:
    got = client.get(path)
    response = client.head(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == got.headers["content-type"]
    assert response.content == b""


def test_openapi_json_only_answers_get(client: Any) -> None:
    response = client.post("/openapi.json")
    error_message(response, 405)
    assert "GET" in response.headers["allow"]


_ALLOW_OF_A_GET_PATH = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from mock_helpers import app_for
from washer.testing.asgi import asgi_client
with asgi_client(app_for([])) as client:
    print(client.post("/openapi.json").headers["allow"])
"""


def test_allow_is_the_same_in_every_process() -> None:
    """FastAPI keeps a route's methods in a set, whose order changes with the hash seed."""
    for seed in "0123":
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _ALLOW_OF_A_GET_PATH],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.strip() == "GET, HEAD", seed


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


_ODD_ENDS = st.sampled_from(["", "", "\n", "\r\n", "\n\n", " ", "x"])
_ODD_DIGITS = st.sampled_from(["\u0663", "\uff11", "\u0e52", "a"])  # Arabic-Indic, fullwidth, Thai


def _near(valid: str) -> st.SearchStrategy[str]:
    """A valid value, perhaps with one character swapped for a Unicode digit or a letter, with
    perhaps a line break or another character before or after it; or any short string."""
    swapped = st.tuples(st.integers(0, len(valid) - 1), _ODD_DIGITS).map(
        lambda swap: valid[: swap[0]] + swap[1] + valid[swap[0] + 1 :]
    )
    core = st.one_of(st.just(valid), swapped)
    return st.one_of(
        st.tuples(_ODD_ENDS, core, _ODD_ENDS).map("".join),
        st.text(st.sampled_from([*"0123456789abcF-\n\u0663"]), max_size=12),
    )


def _oracle(schema: dict[str, Any]) -> jsonschema_rs.Draft4Validator:
    """The spec's own rule, read by a JSON Schema validator (ECMA-262 patterns)."""
    return jsonschema_rs.Draft4Validator({**schema, "components": load_spec()["components"]})


_SEARCH_RULE = _oracle({"$ref": "#/components/schemas/InnreiseRequest"})
_COUNT_RULE = _oracle({"$ref": "#/components/schemas/InnreiserAntallRequest"})
_FIKS_ORG_RULE = _oracle(load_spec()["paths"][SEARCH]["post"]["parameters"][0]["schema"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person_id=_near("01010112345"), kommunenr=_near("0301"), fiks_org=_near(ORG_OSLO))
def test_patterns_are_read_as_json_schema_reads_them(
    client: Any, person_id: str, kommunenr: str, fiks_org: str
) -> None:
    """A value the spec's pattern refuses is a 400; one it accepts never is (a trailing
    newline does not end the text, and only ASCII digits are digits)."""
    search = client.post(SEARCH, json={"personId": person_id}, headers=auth())
    assert (search.status_code == 400) != _SEARCH_RULE.is_valid({"personId": person_id})
    counted = client.post(COUNT, json={"kommunenr": kommunenr}, headers=auth())
    assert (counted.status_code == 400) != _COUNT_RULE.is_valid({"kommunenr": kommunenr})
    asked = client.post(SEARCH, json={}, params={"fiksOrg": fiks_org}, headers=auth())
    assert (asked.status_code == 400) != _FIKS_ORG_RULE.is_valid(fiks_org)
