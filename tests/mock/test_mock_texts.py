"""Records' JSON objects: the same whether encoded on demand, laid out up front or in the
background, and whether read one by one or as a slice of a kommune's records."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mock_helpers import SEARCH, app_for, auth, frame, rec

from washer.mock import texts as texts_module
from washer.mock.data import records_from_frame
from washer.mock.records import normalize
from washer.mock.texts import Texts, encode
from washer.testing.asgi import asgi_client

RECORDS = [rec(p_first_name=f"N{i}", p_dnr=None if i % 3 else "12345678901") for i in range(40)]
FRAME = normalize(records_from_frame(frame(RECORDS)))  # all 55 fields, as served
# entries as the index makes them: some records twice (two kommuner), in another order
ENTRIES = np.array([*range(39, -1, -1), *range(0, 40, 3)], dtype=np.int64)
BREAKS = [0, 10, 25, 40]


def _expected(i: int) -> dict[str, str]:
    return {k: v for k, v in RECORDS[i].items() if v is not None}


def _check(texts: Texts) -> None:
    """Every way of reading gives the records of the entries asked for."""
    for first, stop in [(0, 10), (3, 9), (10, 25), (25, 40), (41, 54), (7, 7)]:  # in a kommune
        expected = [_expected(int(p)) for p in ENTRIES[first:stop]]
        assert json.loads(texts.span(first, stop)) == expected
    picked = np.array([53, 0, 12, 40, 12], dtype=np.int64)
    expected = [_expected(int(p)) for p in ENTRIES[picked]]
    assert json.loads(texts.array(picked)) == expected
    assert [json.loads(bytes(o)) for o in texts.objects(picked)] == expected
    assert texts.array(picked[:0]) == b"[]"


@pytest.mark.parametrize("own_memory", [True, False])  # False: as where mmap cannot help
def test_on_demand_then_laid_out_give_the_same_objects(
    own_memory: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not own_memory:
        monkeypatch.setattr(texts_module, "_HUGE_PAGES", None)
    texts = Texts(FRAME, ENTRIES, BREAKS, chunk_size=12)  # several chunks, kommuner kept whole
    assert not texts.warm and texts.encoded == 0
    _check(texts)
    texts.encode_all()
    assert texts.warm and texts.encoded == len(RECORDS)
    _check(texts)


def test_chunks_hold_whole_kommuner_of_about_the_chunk_size() -> None:
    chunks = Texts._plan(54, BREAKS, 12)
    assert chunks == [(0, 25), (25, 40), (40, 54)]  # 10 < 12 entries: the next kommune too
    assert Texts._plan(54, BREAKS, 1000) == [(0, 54)]
    assert Texts._plan(54, BREAKS, 1) == [(0, 10), (10, 25), (25, 40), (40, 54)]


def test_encode_keeps_the_frame_order_whatever_the_shapes() -> None:
    assert [json.loads(t) for t in encode(FRAME)] == [_expected(i) for i in range(40)]


# values that could break a layout of objects separated by commas, or the cut of nulls
_TEXT = st.lists(
    st.sampled_from(['"', "\\", ",", "\n", "\t", "\x00", "æ", "😀", "a", ":", "{", "}", "null"]),
    max_size=8,
).map("".join)


@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(
        st.tuples(_TEXT, st.none() | _TEXT, st.none() | _TEXT), min_size=1, max_size=12
    ),
    chunk=st.integers(1, 5),
)
def test_any_text_survives_the_layout(
    values: list[tuple[str, str | None, str | None]], chunk: int
) -> None:
    records = [
        rec(p_first_name=first, p_email=email, a_hotel_name=hotel) for first, email, hotel in values
    ]
    expected = [{k: v for k, v in r.items() if v} for r in records]  # empty: absent
    normalized = normalize(records_from_frame(frame(records)))
    entries = np.arange(len(records), dtype=np.int64)
    texts = Texts(normalized, entries, list(range(0, len(records), 2)), chunk_size=chunk)
    assert json.loads(texts.span(0, len(records))) == expected  # on demand
    texts.encode_all()
    for first in range(0, len(records), 2):  # kommune boundaries: a span never crosses them
        assert json.loads(texts.span(first, min(first + 2, len(records)))) == expected[first:][:2]
    assert json.loads(texts.array(entries[::-1].copy())) == expected[::-1]


def test_large_datasets_are_encoded_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("washer.mock.build.BACKGROUND_FROM", 10)
    monkeypatch.setattr(texts_module, "CHUNK", 8)
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


def test_a_large_dataset_can_wait_to_be_laid_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("washer.mock.build.BACKGROUND_FROM", 10)
    app = app_for(RECORDS, warm_up=False)
    texts = app.mock.index.texts
    with asgi_client(app) as client:
        cold = client.post(SEARCH, json={"limit": 15}, headers=auth()).json()
        assert not texts.warm  # nothing started it
        texts.encode_in_background()
        assert texts.wait(30)
        assert client.post(SEARCH, json={"limit": 15}, headers=auth()).json() == cold
