"""Property: for any dataset and request, the mock answers what a naive filter over the records
says it should (window, tenancy, kommune, person, oppdatertEtter, order, paging, count)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_helpers import COUNT, INT_OSLO, INT_VENDOR, ORG_TRONDHEIM, SEARCH, TENANTS, TODAY, auth

from washer.mock import create_app
from washer.testing.asgi import asgi_client

OSLO = ZoneInfo("Europe/Oslo")
KOMMUNER = ("0301", "4601", "5001", "5055")
IDS = ("01010000001", "02020000002", "03030000003")
CALLERS = {  # integration, fiksOrg -> kommuner it may see
    (INT_OSLO, None): {"0301"},
    (INT_VENDOR, ORG_TRONDHEIM): {"5001", "5055"},
}


@st.composite
def records(draw: st.DrawFn) -> list[dict[str, Any]]:
    found = []
    for i in range(draw(st.integers(0, 14))):
        a_date = TODAY + timedelta(days=draw(st.integers(-13, 1)))
        found.append(
            {
                "a_reference_code": f"R{i:03d}",
                "a_date": a_date.isoformat(),
                "municipality_number": draw(st.sampled_from((*KOMMUNER, None))),
                "hotel_municipality_number": draw(st.sampled_from(("0301", "5001", None, None))),
                "p_unique_id": draw(st.sampled_from((*IDS, "PA0000001", None))),
                "p_dnr": draw(st.sampled_from((*IDS, None, None))),
                "p_fh_number": draw(st.sampled_from((*IDS, None, None))),
                "a_updated": draw(st.one_of(st.none(), _stamp(a_date))),
                "p_updated": draw(st.one_of(st.none(), _stamp(a_date))),
            }
        )
    return found


def _stamp(around: Any) -> st.SearchStrategy[str]:
    base = datetime.combine(around, datetime.min.time())
    return st.integers(-3 * 1440, 3 * 1440).map(
        lambda m: (base + timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%S")
    )


def _instant_text(draw: st.DrawFn) -> str:
    moment = datetime.combine(TODAY, datetime.min.time()) + timedelta(
        minutes=draw(st.integers(-14 * 1440, 2 * 1440))
    )
    offset = draw(st.sampled_from(("Z", "+02:00", "-05:30")))
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + offset


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _local(naive: str) -> datetime:
    return datetime.fromisoformat(naive).replace(tzinfo=OSLO)


def _visible(r: dict[str, Any]) -> bool:
    days = (TODAY - datetime.fromisoformat(r["a_date"]).date()).days
    return 1 <= days <= 10


def _in(r: dict[str, Any], kommuner: set[str]) -> bool:
    return r["municipality_number"] in kommuner or r["hotel_municipality_number"] in kommuner


def expected_search(data: list[dict[str, Any]], body: dict[str, Any], mine: set[str]) -> list[str]:
    kommuner = set(body.get("kommunenr") or mine)
    rows = sorted(data, key=lambda r: r["a_date"])  # stable: ties keep the data's order
    rows = [r for r in rows if _visible(r) and _in(r, kommuner)]
    if "personId" in body:
        pid = body["personId"]
        rows = [r for r in rows if pid in (r["p_unique_id"], r["p_dnr"], r["p_fh_number"])]
    if "oppdatertEtter" in body:
        cutoff = _instant(body["oppdatertEtter"])
        rows = [
            r
            for r in rows
            if _local(r["a_date"] + "T00:00:00") > cutoff
            or (r["a_updated"] and _local(r["a_updated"]) > cutoff)
            or (r["p_updated"] and _local(r["p_updated"]) > cutoff)
        ]
    offset = max(body.get("offset", 0), 0)
    rows = rows[offset:]
    if "limit" in body:
        rows = rows[: max(body["limit"], 0)]
    return [r["a_reference_code"] for r in rows]


@st.composite
def search_bodies(draw: st.DrawFn, mine: set[str], data: list[dict[str, Any]]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if draw(st.booleans()):
        body["kommunenr"] = draw(st.lists(st.sampled_from(sorted(mine)), max_size=2))
    if draw(st.booleans()):
        body["personId"] = draw(st.sampled_from(IDS))
    # often exactly one of the records' own times (all in +02:00 around TODAY): "after" is strict
    own = [r[f] for r in data for f in ("a_updated", "p_updated") if r[f]]
    own += [r["a_date"] + "T00:00:00" for r in data]
    if draw(st.booleans()):
        if own and draw(st.booleans()):
            body["oppdatertEtter"] = draw(st.sampled_from(own)) + "+02:00"
        else:
            body["oppdatertEtter"] = _instant_text(draw)
    if draw(st.booleans()):
        body["limit"] = draw(st.integers(-2, 6))
    if draw(st.booleans()):
        body["offset"] = draw(st.integers(-2, 8))
    return body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=records(), caller=st.sampled_from(sorted(CALLERS, key=str)), choice=st.data())
def test_search_and_count_agree_with_a_naive_filter(
    data: list[dict[str, Any]], caller: tuple[str, str | None], choice: st.DataObject
) -> None:
    check_against_naive_filter(data, caller, choice)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=records(), caller=st.sampled_from(sorted(CALLERS, key=str)), choice=st.data())
def test_search_and_count_agree_with_a_naive_filter_at_length(
    data: list[dict[str, Any]], caller: tuple[str, str | None], choice: st.DataObject
) -> None:
    check_against_naive_filter(data, caller, choice)


def check_against_naive_filter(
    data: list[dict[str, Any]], caller: tuple[str, str | None], choice: st.DataObject
) -> None:
    import polars as pl

    from washer.schema import INNREISER_FIELDS

    columns = [f for f in INNREISER_FIELDS if f in (data[0] if data else {"a_reference_code": 1})]
    frame = pl.DataFrame(
        {c: [r[c] for r in data] for c in columns}, schema={c: pl.String for c in columns}
    )
    integration, fiks_org = caller
    mine = CALLERS[caller]
    params = {"fiksOrg": fiks_org} if fiks_org else {}
    body = choice.draw(search_bodies(mine, data))
    with asgi_client(create_app(frame, today=TODAY, tenants=TENANTS)) as client:
        response = client.post(SEARCH, json=body, params=params, headers=auth(integration))
        assert response.status_code == 200, response.text
        got = [r["a_reference_code"] for r in response.json()]
        assert got == expected_search(data, body, mine)
        kommune = choice.draw(st.sampled_from(sorted(mine)))
        counted = client.post(
            COUNT, json={"kommunenr": kommune}, params=params, headers=auth(integration)
        )
        assert counted.json() == {
            "antall": len(expected_search(data, {"kommunenr": [kommune]}, mine))
        }
