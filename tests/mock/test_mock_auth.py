"""Authentication and tenants: as strict as production (the JWT signature aside)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mock_helpers import (
    COUNT,
    INT_BERGEN,
    INT_OSLO,
    INT_VENDOR,
    ORG_BERGEN,
    ORG_OSLO,
    ORG_TRONDHEIM,
    PASSWORDS,
    SEARCH,
    TENANTS,
    app_for,
    auth,
    error_message,
    rec,
    refs,
)

from washer.mock import auth as auth_module
from washer.mock import make_token
from washer.testing.asgi import asgi_client

TOKEN_INVALID = "Klarte ikke å validere access_token"
OSLO_REC = rec(municipality_number="0301", p_unique_id="11111111111")
BERGEN_REC = rec(municipality_number="4601", p_unique_id="11111111111")
TRONDHEIM_REC = rec(municipality_number="5055", hotel_municipality_number="5001")


@pytest.fixture(scope="module")
def client() -> Any:
    with asgi_client(app_for([OSLO_REC, BERGEN_REC, TRONDHEIM_REC])) as c:
        yield c


def _jwt(header: Any, claims: Any, signature: str = "") -> str:
    def seg(value: Any) -> str:
        raw = value if isinstance(value, bytes) else json.dumps(value).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{seg(header)}.{seg(claims)}.{signature}"


GOOD_HEADER = {"alg": "RS256", "kid": "x"}
BAD_TOKENS = {
    "not a jwt": "abc",
    "two segments": "a.b",
    "payload not json": _jwt(GOOD_HEADER, b"not json"),
    "payload a list": _jwt(GOOD_HEADER, ["ks:fiks"]),
    "header without alg": _jwt({"typ": "JWT"}, {"scope": "ks:fiks"}),
    "no scope": _jwt(GOOD_HEADER, {"exp": time.time() + 60}),
    "other scope": _jwt(GOOD_HEADER, {"scope": "ks:fiks:other"}),
    "scope as list": _jwt(GOOD_HEADER, {"scope": ["ks:fiks"]}),
    "expired": make_token(lifetime_s=-10),
    "exp not a number": _jwt(GOOD_HEADER, {"scope": "ks:fiks", "exp": "tomorrow"}),
    "exp long past": _jwt(GOOD_HEADER, {"scope": "ks:fiks", "exp": -(10**400)}),
    # not JSON numbers, though Python's json reads them
    "exp NaN": _jwt(GOOD_HEADER, {"scope": "ks:fiks", "exp": float("nan")}),
    "exp Infinity": _jwt(GOOD_HEADER, {"scope": "ks:fiks", "exp": float("inf")}),
}


@pytest.mark.parametrize("token", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_bad_tokens_are_401_klarte_ikke(client: Any, token: str) -> None:
    response = client.post(SEARCH, json={}, headers=auth(token=token))
    assert error_message(response, 401) == TOKEN_INVALID


@pytest.mark.parametrize(
    "authorization", [None, "Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", make_token()]
)
def test_missing_or_non_bearer_authorization_is_401(client: Any, authorization: str | None) -> None:
    headers = auth()
    del headers["Authorization"]
    if authorization is not None:
        headers["Authorization"] = authorization
    assert error_message(client.post(SEARCH, json={}, headers=headers), 401) == TOKEN_INVALID


@pytest.mark.parametrize(
    "token",
    [
        _jwt(GOOD_HEADER, {"scope": "openid ks:fiks other"}, "sig-not-checked"),
        _jwt({"alg": "none"}, {"scope": "ks:fiks"}),  # no exp: accepted
        _jwt(GOOD_HEADER, {"scope": "ks:fiks", "exp": 10**400}),  # beyond any float
        make_token(),
    ],
)
def test_any_well_formed_unexpired_token_with_the_scope_is_accepted(
    client: Any, token: str
) -> None:
    response = client.post(SEARCH, json={}, headers={**auth(), "Authorization": f"bearer {token}"})
    assert refs(response) == [OSLO_REC["a_reference_code"]]


def test_unknown_integration_and_wrong_password_get_the_same_answer(client: Any) -> None:
    unknown = {**auth(), "IntegrasjonId": "cccccccc-0000-4000-8000-000000000009"}
    wrong = {**auth(), "IntegrasjonPassord": "not-it"}
    m1 = error_message(client.post(SEARCH, json={}, headers=unknown), 401)
    m2 = error_message(client.post(SEARCH, json={}, headers=wrong), 401)
    assert m1 == f"Autentisering feilet for integrasjon med id {unknown['IntegrasjonId']}"
    assert m2 == f"Autentisering feilet for integrasjon med id {INT_OSLO}"
    assert m1.replace(unknown["IntegrasjonId"], "") == m2.replace(INT_OSLO, "")


@pytest.mark.parametrize("header", ["IntegrasjonId", "IntegrasjonPassord"])
def test_each_integration_header_is_required(client: Any, header: str) -> None:
    headers = auth()
    del headers[header]
    assert header in error_message(
        client.post(COUNT, json={"kommunenr": "0301"}, headers=headers), 401
    )


def test_another_integrations_password_does_not_work(client: Any) -> None:
    headers = {**auth(), "IntegrasjonPassord": PASSWORDS[INT_BERGEN]}
    error_message(client.post(SEARCH, json={}, headers=headers), 401)


@settings(max_examples=40, deadline=None)
@given(
    secret=st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=6).map(
        lambda t: f"pw~{t}"  # a marker no answer contains by chance
    )
)
def test_a_wrong_password_is_never_echoed(client: Any, secret: str) -> None:
    for integration in (INT_OSLO, "cccccccc-0000-4000-8000-000000000009"):
        headers = {**auth(), "IntegrasjonId": integration, "IntegrasjonPassord": secret}
        response = client.post(SEARCH, json={}, headers=headers)
        assert response.status_code == 401
        assert secret not in response.text
    # pasted into the id header by mistake: still not echoed
    response = client.post(SEARCH, json={}, headers={**auth(), "IntegrasjonId": secret})
    assert response.status_code == 401
    assert secret not in response.text


def test_passwords_are_compared_in_constant_time_even_for_unknown_ids(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = auth_module.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth_module.hmac, "compare_digest", spy)
    client.post(
        SEARCH,
        json={},
        headers={**auth(), "IntegrasjonId": "c" * 8 + "-0000-4000-8000-" + "0" * 12},
    )
    client.post(SEARCH, json={}, headers={**auth(), "IntegrasjonPassord": "wrong"})
    fresh = auth(token=make_token(lifetime_s=7 * 86_400 + 17))  # headers not accepted before
    client.post(SEARCH, json={}, headers=fresh)
    assert len(calls) == 3
    assert all(len(a) == len(b) for a, b in calls)  # digests: the length tells nothing either


def test_accepted_headers_are_remembered_only_while_the_token_lives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = asgi_client(app_for([OSLO_REC]))
    headers = auth(token=make_token(exp=time.time() + 60))
    assert refs(client.post(SEARCH, json={}, headers=headers)) == [OSLO_REC["a_reference_code"]]
    compared: list[bytes] = []
    monkeypatch.setattr(auth_module.hmac, "compare_digest", lambda a, b: compared.append(a))
    # the same headers again: accepted without checking the password again
    assert client.post(SEARCH, json={}, headers=headers).status_code == 200
    assert compared == []
    # another password with the same token and id: checked (and refused by the spy)
    other = {**headers, "IntegrasjonPassord": PASSWORDS[INT_OSLO] + "x"}
    assert client.post(SEARCH, json={}, headers=other).status_code == 401
    assert len(compared) == 1
    # once the token has expired, the remembered headers are refused like any others
    monkeypatch.setattr(auth_module.time, "time", lambda: 2**40)
    assert error_message(client.post(SEARCH, json={}, headers=headers), 401) == TOKEN_INVALID
    client.close()


def test_the_only_organisation_is_used_without_fiks_org(client: Any) -> None:
    assert refs(client.post(SEARCH, json={}, headers=auth(INT_BERGEN))) == [
        BERGEN_REC["a_reference_code"]
    ]


def test_fiks_org_picks_one_of_several_organisations(client: Any) -> None:
    for org, record in ((ORG_TRONDHEIM, TRONDHEIM_REC), (ORG_BERGEN, BERGEN_REC)):
        response = client.post(SEARCH, json={}, params={"fiksOrg": org}, headers=auth(INT_VENDOR))
        assert refs(response) == [record["a_reference_code"]]
    upper = client.post(
        SEARCH, json={}, params={"fiksOrg": ORG_BERGEN.upper()}, headers=auth(INT_VENDOR)
    )
    assert refs(upper) == [BERGEN_REC["a_reference_code"]]


def test_several_organisations_and_no_fiks_org_is_400_saying_so(client: Any) -> None:
    message = error_message(client.post(SEARCH, json={}, headers=auth(INT_VENDOR)), 400)
    assert "fiksOrg" in message and "flere organisasjoner" in message


@pytest.mark.parametrize(
    "fiks_org",
    [ORG_BERGEN, "dddddddd-0000-4000-8000-000000000000", f"x{ORG_OSLO}x"],
    ids=["another org", "unknown org", "unanchored pattern match"],
)
def test_an_organisation_not_yours_is_403(client: Any, fiks_org: str) -> None:
    response = client.post(SEARCH, json={}, params={"fiksOrg": fiks_org}, headers=auth())
    assert INT_OSLO in error_message(response, 403)


@pytest.mark.parametrize("path", [SEARCH, COUNT])
@pytest.mark.parametrize("kommune", ["4601", "5001", "9999", "abc", ""])
def test_asking_for_another_kommune_is_403(client: Any, path: str, kommune: str) -> None:
    body: dict[str, Any] = (
        {"kommunenr": ["0301", kommune]} if path == SEARCH else {"kommunenr": kommune}
    )
    response = client.post(path, json=body, headers=auth())
    if path == COUNT and not kommune.isdigit():
        error_message(response, 400)  # the count request's kommunenr has a pattern
    else:
        assert kommune in error_message(response, 403)


@settings(max_examples=60, deadline=None)
@given(
    kommune=st.one_of(
        st.text(min_size=1, max_size=4),
        st.tuples(st.text(max_size=3), st.characters(categories=["Cs"])).map("".join),
    )
)
def test_any_kommune_not_yours_is_a_403_naming_it(client: Any, kommune: str) -> None:
    """Search kommunenr items have no pattern: whatever string is asked for (a lone surrogate
    is valid JSON too), the answer is a 403 ErrorMessage quoting it, never a crash."""
    if kommune == "0301":
        return
    content = json.dumps({"kommunenr": [kommune]}).encode()  # ASCII, surrogates escaped
    headers = {**auth(), "Content-Type": "application/json"}
    assert kommune in error_message(client.post(SEARCH, content=content, headers=headers), 403)


def test_person_search_never_crosses_kommune_lines(client: Any) -> None:
    body = {"personId": "11111111111"}
    assert refs(client.post(SEARCH, json=body, headers=auth(INT_OSLO))) == [
        OSLO_REC["a_reference_code"]
    ]
    assert refs(client.post(SEARCH, json=body, headers=auth(INT_BERGEN))) == [
        BERGEN_REC["a_reference_code"]
    ]


def test_tenants_fixture_has_the_organisations_used_here() -> None:
    assert set(TENANTS.organizations) == {ORG_OSLO, ORG_BERGEN, ORG_TRONDHEIM}
