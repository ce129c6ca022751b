"""/_mock/requests, /_mock/health, /_mock/reset: a bounded journal with secrets redacted."""

from __future__ import annotations

import json

import pytest
from mock_helpers import INT_OSLO, PASSWORDS, SEARCH, TODAY, app_for, auth, day, rec

from washer.testing.asgi import asgi_client


def test_the_journal_records_api_calls_with_secrets_redacted() -> None:
    with asgi_client(app_for([rec()])) as client:
        headers = auth()
        client.post(SEARCH, json={"limit": 1}, params={"tjeneste": "INNREISE"}, headers=headers)
        # a password pasted into the body or query by mistake is masked too
        client.post(
            SEARCH,
            json={"note": headers["IntegrasjonPassord"]},
            params={"x": headers["IntegrasjonPassord"]},
            headers=headers,
        )
        entries = client.get("/_mock/requests").json()
    assert [e["status"] for e in entries] == [200, 200]
    first = entries[0]
    assert first["method"] == "POST" and first["path"] == SEARCH
    assert first["query"] == "tjeneste=INNREISE"
    assert first["body"] == {"limit": 1}
    assert first["headers"]["integrasjonid"] == headers["IntegrasjonId"]
    text = json.dumps(entries)
    assert headers["Authorization"].split()[1] not in text
    for password in PASSWORDS.values():
        assert password not in text
    assert first["headers"]["authorization"] == "[redacted]"
    assert first["headers"]["integrasjonpassord"] == "[redacted]"


def test_a_password_in_the_wrong_header_is_masked() -> None:
    """Swapped IntegrasjonId and IntegrasjonPassord (the 401 answer does not echo it either)."""
    password = PASSWORDS[INT_OSLO]
    swapped = {**auth(), "IntegrasjonId": password, "X-Note": f"pw={password}"}
    with asgi_client(app_for([rec()])) as client:
        assert client.post(SEARCH, json={}, headers=swapped).status_code == 401
        (entry,) = client.get("/_mock/requests").json()
    assert password not in json.dumps(entry)
    assert entry["headers"]["integrasjonid"] == "[redacted]"
    assert entry["headers"]["x-note"] == "pw=[redacted]"


@pytest.mark.parametrize(
    "content",
    [b'{"note": "\\ud800", "limit": 1}', b"[" * 5000 + b"]" * 5000],
    ids=["a lone surrogate", "nested too deep for Python's json"],
)
def test_a_body_json_cannot_carry_is_journalled_as_its_text(content: bytes) -> None:
    """``"\\ud800"`` is valid JSON but decodes to no UTF-8, and Python's json gives up on deep
    nesting: the entry keeps the body's text, and the journal can still be read."""
    with asgi_client(app_for([rec()])) as client:
        headers = {**auth(), "Content-Type": "application/json"}
        client.post(SEARCH, content=content, headers=headers)
        client.post(SEARCH, json={"limit": 2}, headers=auth())
        response = client.get("/_mock/requests")
    assert response.status_code == 200
    assert [e["body"] for e in response.json()] == [content.decode(), {"limit": 2}]


def test_the_journal_is_bounded_and_newest_last() -> None:
    with asgi_client(app_for([], journal_size=5)) as client:
        for limit in range(8):
            client.post(SEARCH, json={"limit": limit}, headers=auth())
        entries = client.get("/_mock/requests").json()
        assert [e["body"]["limit"] for e in entries] == [3, 4, 5, 6, 7]
        assert [e["body"]["limit"] for e in client.get("/_mock/requests?limit=2").json()] == [6, 7]


def test_control_paths_are_not_journalled_and_reset_clears() -> None:
    with asgi_client(app_for([])) as client:
        client.post(SEARCH, json={}, headers=auth())
        client.get("/_mock/health")
        client.get("/openapi.json")
        assert len(client.get("/_mock/requests").json()) == 1
        assert client.post("/_mock/reset").json() == {"status": "reset"}
        assert client.get("/_mock/requests").json() == []


def test_health_tells_what_is_served() -> None:
    records = [rec(a_date=day(-1)), rec(a_date=day(-20)), rec(a_date=day(0))]
    with asgi_client(app_for(records)) as client:
        client.post("/nowhere")
        health = client.get("/_mock/health").json()
    assert health["status"] == "ok"
    assert health["records"] == 3
    assert health["visible_records"] == 1
    assert health["today"] == TODAY.isoformat()
    assert health["visible_a_date"] == [day(-10), day(-1)]
    assert health["requests"] == 1
