"""The two operations: filters, the 10-day window, paging, counting, the record's JSON."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from mock_helpers import (
    COUNT,
    INNREISER,
    INT_OSLO,
    SEARCH,
    auth,
    day,
    error_message,
    rec,
    refs,
)

from washer.schema import DATETIME_FIELDS


def search(client: Any, body: dict[str, Any], integration: str = INT_OSLO, **kw: Any) -> Any:
    return client.post(SEARCH, json=body, headers=auth(integration), **kw)


def antall(client: Any, body: dict[str, Any], integration: str = INT_OSLO) -> int:
    response = client.post(COUNT, json=body, headers=auth(integration))
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"antall"}
    value: int = response.json()["antall"]
    return value


def test_kommunenr_matches_municipality_or_hotel_municipality(client_for: Any) -> None:
    home = rec(municipality_number="0301")
    hotel = rec(municipality_number="4601", hotel_municipality_number="0301")
    elsewhere = rec(municipality_number="4601", hotel_municipality_number="5001")
    client = client_for([home, hotel, elsewhere])
    expected = [home["a_reference_code"], hotel["a_reference_code"]]
    assert refs(search(client, {"kommunenr": ["0301"]})) == expected
    assert refs(search(client, {})) == expected  # no kommunenr: all of the caller's kommuner


@pytest.mark.parametrize("field", ["p_unique_id", "p_dnr", "p_fh_number"])
def test_person_id_matches_each_id_field(client_for: Any, field: str) -> None:
    wanted = rec(**{field: "12345678901"})
    other = rec(p_unique_id="10987654321")
    client = client_for([wanted, other])
    assert refs(search(client, {"personId": "12345678901"})) == [wanted["a_reference_code"]]
    assert refs(search(client, {"personId": "99999999999"})) == []


def test_person_id_is_matched_exactly_not_as_a_prefix_or_passport(client_for: Any) -> None:
    client = client_for([rec(p_unique_id="123456789012"), rec(p_unique_id="PA1234567")])
    assert refs(search(client, {"personId": "12345678901"})) == []


@pytest.mark.parametrize("field", ["a_updated", "p_updated"])
def test_oppdatert_etter_on_timestamps(client_for: Any, field: str) -> None:
    # a_date the day before is older than both instants; only the timestamp decides
    old = rec(a_date=day(-3), **{field: f"{day(-2)}T10:00:00"})
    new = rec(a_date=day(-3), **{field: f"{day(-2)}T12:00:01"})
    client = client_for([old, new])
    # 12:00 in Norway (summer) is 10:00Z
    cutoff = f"{day(-2)}T10:00:00Z"
    assert refs(search(client, {"oppdatertEtter": cutoff})) == [new["a_reference_code"]]


def test_oppdatert_etter_on_a_date_is_after_the_day_starts(client_for: Any) -> None:
    yesterday = rec(a_date=day(-1))
    before = rec(a_date=day(-2))
    client = client_for([before, yesterday])
    midnight = f"{day(-1)}T00:00:00+02:00"
    just_before = f"{day(-2)}T23:59:59+02:00"
    assert refs(search(client, {"oppdatertEtter": midnight})) == []
    assert refs(search(client, {"oppdatertEtter": just_before})) == [yesterday["a_reference_code"]]


def test_only_the_ten_days_before_today_are_served_never_today(client_for: Any) -> None:
    records = [rec(a_date=day(offset)) for offset in (-11, -10, -5, -1, 0, 1)]
    client = client_for(records)
    served = refs(search(client, {}))
    assert served == [
        records[1]["a_reference_code"],
        records[2]["a_reference_code"],
        records[3]["a_reference_code"],
    ]
    assert antall(client, {"kommunenr": "0301"}) == 3


def test_records_without_a_date_are_never_served(client_for: Any) -> None:
    client = client_for([rec(a_date=None)])
    assert refs(search(client, {})) == []


def test_pages_follow_a_stable_order_and_cover_everything_once(client_for: Any) -> None:
    records = [rec(a_date=day(-1 - (i % 7))) for i in range(23)]
    client = client_for(records)
    everything = refs(search(client, {}))
    assert sorted(everything) == sorted(r["a_reference_code"] for r in records)
    assert everything == refs(search(client, {}))  # stable
    pages: list[str] = []
    for offset in range(0, 30, 5):
        pages += refs(search(client, {"limit": 5, "offset": offset}))
    assert pages == everything
    assert refs(search(client, {"offset": 20})) == everything[20:]
    assert refs(search(client, {"limit": 0})) == []


@pytest.mark.parametrize(("limit", "offset"), [(-5, 0), (3, -7), (2**31 - 1, 2**63 - 1)])
def test_odd_but_schema_valid_paging_is_clamped(client_for: Any, limit: int, offset: int) -> None:
    records = [rec() for _ in range(4)]
    client = client_for(records)
    everything = refs(search(client, {}))
    expected = everything[max(offset, 0) :][: max(limit, 0)]
    assert refs(search(client, {"limit": limit, "offset": offset})) == expected


def test_count_between_fra_and_til_dato_inclusive_by_norwegian_day(client_for: Any) -> None:
    records = [rec(a_date=day(offset)) for offset in (-9, -6, -6, -3, -1)]
    records.append(
        rec(a_date=day(-3), municipality_number="4601", hotel_municipality_number="0301")
    )
    client = client_for(records)
    assert antall(client, {"kommunenr": "0301"}) == 6
    # 23:30Z the day before is already day -6 in Norway (+02:00)
    fra = f"{day(-7)}T23:30:00Z"
    til = f"{day(-3)}T00:00:00+02:00"
    assert antall(client, {"kommunenr": "0301", "fraDato": fra, "tilDato": til}) == 4
    assert antall(client, {"kommunenr": "0301", "fraDato": f"{day(-2)}T00:00:00Z"}) == 1
    assert antall(client, {"kommunenr": "0301", "tilDato": f"{day(-9)}T12:00:00+02:00"}) == 1
    assert antall(client, {"kommunenr": "0301", "fraDato": til, "tilDato": fra}) == 0


def test_count_without_til_dato_counts_up_to_the_mocks_today(client_for: Any) -> None:
    """tilDato defaults to now on the day the mock lives on, even a day the real clock has not
    reached: the count agrees with the search."""
    ahead = date(2999, 1, 10)
    records = [rec(a_date=(ahead - timedelta(days=n)).isoformat()) for n in (1, 2, 5)]
    client = client_for(records, today=ahead)
    assert len(refs(search(client, {"kommunenr": ["0301"]}))) == 3
    assert antall(client, {"kommunenr": "0301"}) == 3
    assert antall(client, {"kommunenr": "0301", "tilDato": "2999-01-08T12:00:00+01:00"}) == 2


def test_records_are_spec_valid_and_absent_fields_are_left_out(client_for: Any) -> None:
    sparse = rec(a_updated="2021-09-05T22:05:37", p_email="", p_dnr=None)
    client = client_for([sparse])
    [served] = search(client, {}).json()
    assert INNREISER.is_valid(served), served
    assert "p_dnr" not in served and "p_email" not in served
    assert None not in served.values()
    assert served["a_updated"] == "2021-09-05T22:05:37+02:00"


def test_timestamps_get_the_norwegian_offset_of_their_season(client_for: Any) -> None:
    winter = rec(a_updated="2021-01-15T08:00:00", p_updated="2021-09-01T06:00:00Z")
    client = client_for([winter])
    [served] = search(client, {}).json()
    assert served["a_updated"] == "2021-01-15T08:00:00+01:00"
    assert served["p_updated"] == "2021-09-01T08:00:00+02:00"  # same instant, Norwegian time
    assert all(f not in served or served[f].endswith(("+01:00", "+02:00")) for f in DATETIME_FIELDS)


def test_the_empty_result_is_an_empty_array(client_for: Any) -> None:
    response = search(client_for([]), {})
    assert response.status_code == 200
    assert response.json() == []
    assert response.headers["content-type"] == "application/json"


def test_count_answers_the_spec_schema(client_for: Any) -> None:
    response = client_for([rec()]).post(COUNT, json={"kommunenr": "0301"}, headers=auth())
    assert response.json() == {"antall": 1}


def test_unknown_body_properties_are_ignored(client_for: Any) -> None:
    record = rec()
    client = client_for([record])
    assert refs(search(client, {"somethingElse": 1})) == [record["a_reference_code"]]


def test_bad_body_is_400_error_message(client_for: Any) -> None:
    message = error_message(search(client_for([]), {"limit": "ten"}), 400)
    assert "limit" in message
