"""Failure drills: only when asked for, by header or start-up flag."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from mock_helpers import COUNT, SEARCH, app_for, auth, error_message, rec

from washer.mock import DrillConfig, MockConnectionReset
from washer.mock.serve import ServerThread
from washer.testing.asgi import asgi_client

BODY = {"kommunenr": "0301"}


def statuses(client: httpx.Client, n: int) -> list[int]:
    return [client.post(COUNT, json=BODY, headers=auth()).status_code for _ in range(n)]


def test_no_drill_by_default() -> None:
    with asgi_client(app_for([rec()])) as client:
        assert set(statuses(client, 30)) == {200}


@pytest.mark.parametrize("status", [400, 429, 500, 503, 599])
def test_x_mock_status_answers_that_status_with_an_error_message(status: int) -> None:
    with asgi_client(app_for([rec()])) as client:
        response = client.post(COUNT, json=BODY, headers={**auth(), "X-Mock-Status": str(status)})
        assert "drill" in error_message(response, status)


def test_x_mock_status_comes_before_authentication() -> None:
    with asgi_client(app_for([])) as client:
        error_message(client.post(SEARCH, json={}, headers={"X-Mock-Status": "503"}), 503)


def test_x_mock_delay_ms_delays_a_normal_answer() -> None:
    with asgi_client(app_for([rec()])) as client:
        started = time.perf_counter()
        response = client.post(COUNT, json=BODY, headers={**auth(), "X-Mock-Delay-Ms": "150"})
        assert time.perf_counter() - started >= 0.15
        assert response.json() == {"antall": 1}


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Mock-Status", "200"),
        ("X-Mock-Status", "abc"),
        ("X-Mock-Delay-Ms", "-1"),
        ("X-Mock-Delay-Ms", "60001"),
        ("X-Mock-Fault", "explode"),
    ],
)
def test_malformed_drill_headers_are_400(header: str, value: str) -> None:
    with asgi_client(app_for([])) as client:
        response = client.post(SEARCH, json={}, headers={**auth(), header: value})
        assert header in error_message(response, 400)


def test_reset_in_process_raises_connection_reset() -> None:
    with asgi_client(app_for([])) as client, pytest.raises(MockConnectionReset):
        client.post(SEARCH, json={}, headers={**auth(), "X-Mock-Fault": "reset"})


def test_reset_over_tcp_drops_the_connection_without_an_answer() -> None:
    with ServerThread(app_for([rec()])) as url, httpx.Client(base_url=url) as client:
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            client.post(SEARCH, json={}, headers={**auth(), "X-Mock-Fault": "reset"})
        # the server is fine afterwards
        assert client.post(COUNT, json=BODY, headers=auth()).json() == {"antall": 1}


def test_timeout_over_tcp_answers_nothing_until_the_client_gives_up() -> None:
    app = app_for([], drills=DrillConfig(fault_timeout_s=30))
    with ServerThread(app) as url, httpx.Client(base_url=url) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.post(SEARCH, json={}, headers={**auth(), "X-Mock-Fault": "timeout"}, timeout=0.3)
        assert client.post(SEARCH, json={}, headers=auth()).status_code == 200


def test_timeout_drops_the_connection_after_the_fault_timeout() -> None:
    app = app_for([], drills=DrillConfig(fault_timeout_s=0.2))
    with (
        ServerThread(app) as url,
        httpx.Client(base_url=url) as client,
        pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)),
    ):
        client.post(SEARCH, json={}, headers={**auth(), "X-Mock-Fault": "timeout"}, timeout=5)


def _pattern(config: DrillConfig, n: int = 60) -> list[int]:
    with asgi_client(app_for([rec()], drills=config)) as client:
        return statuses(client, n)


def test_fail_rate_is_reproducible_with_a_seed_and_roughly_the_share() -> None:
    config = DrillConfig(fail_rate=0.3, seed=7, fail_with="503")
    first = _pattern(config)
    assert first == _pattern(config)
    assert set(first) == {200, 503}
    assert 5 <= first.count(503) <= 35
    assert first != _pattern(DrillConfig(fail_rate=0.3, seed=8, fail_with="503"))


@pytest.mark.parametrize(("rate", "expected"), [(0.0, {200}), (1.0, {500})])
def test_fail_rate_bounds(rate: float, expected: set[int]) -> None:
    assert set(_pattern(DrillConfig(fail_rate=rate), 20)) == expected


def test_fail_rate_can_reset_connections() -> None:
    app = app_for([], drills=DrillConfig(fail_rate=1.0, fail_with="reset"))
    with asgi_client(app) as client, pytest.raises(MockConnectionReset):
        client.post(SEARCH, json={}, headers=auth())


def test_mock_reset_restarts_the_draws_and_control_paths_never_fail() -> None:
    app = app_for([rec()], drills=DrillConfig(fail_rate=0.5, seed=3))
    with asgi_client(app) as client:
        first = statuses(client, 20)
        for _ in range(10):
            assert client.get("/_mock/health").status_code == 200
            assert client.get("/openapi.json").status_code == 200
        assert client.post("/_mock/reset").status_code == 200
        assert statuses(client, 20) == first


@pytest.mark.parametrize(
    "kwargs",
    [{"fail_rate": 1.5}, {"fail_with": "200"}, {"fail_with": "boom"}, {"fault_timeout_s": -1}],
)
def test_bad_drill_config_is_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        DrillConfig(**kwargs)
