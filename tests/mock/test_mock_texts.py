"""Records' JSON objects: the same whether encoded up front, on demand or in the background."""

from __future__ import annotations

import json

import pytest
from mock_helpers import SEARCH, app_for, auth, frame, rec

from washer.mock import texts as texts_module
from washer.mock.data import records_from_frame
from washer.mock.records import normalize
from washer.mock.texts import Texts, encode
from washer.testing.asgi import asgi_client

RECORDS = [rec(p_first_name=f"N{i}", p_dnr=None if i % 3 else "12345678901") for i in range(40)]
FRAME = normalize(records_from_frame(frame(RECORDS)))  # all 55 fields, as served


def _expected(i: int) -> dict[str, str]:
    return {k: v for k, v in RECORDS[i].items() if v is not None}


def test_on_demand_then_all_give_the_same_objects() -> None:
    texts = Texts(FRAME)
    assert not texts.warm and texts.encoded == 0
    assert [json.loads(t) for t in texts.get([7, 2])] == [_expected(7), _expected(2)]
    texts.encode_all()
    assert texts.warm and texts.encoded == len(RECORDS)
    assert [json.loads(t) for t in texts.get(list(range(40)))] == [_expected(i) for i in range(40)]
    assert texts.get([]) == []


def test_encode_keeps_the_frame_order_whatever_the_shapes() -> None:
    assert [json.loads(t) for t in encode(FRAME)] == [_expected(i) for i in range(40)]


def test_large_datasets_are_encoded_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("washer.mock.index.BACKGROUND_FROM", 10)
    monkeypatch.setattr(texts_module, "_CHUNK", 8)
    app = app_for(RECORDS)
    with asgi_client(app) as client:
        first = client.post(SEARCH, json={}, headers=auth()).json()  # maybe before it is done
        assert app.mock.index.texts.wait(30)
        health = client.get("/_mock/health").json()
        assert health["warm"] is True and health["encoded_records"] == len(RECORDS)
        assert client.post(SEARCH, json={}, headers=auth()).json() == first
    assert sorted(first, key=lambda r: r["p_first_name"]) == sorted(
        (_expected(i) for i in range(40)), key=lambda r: r["p_first_name"]
    )
