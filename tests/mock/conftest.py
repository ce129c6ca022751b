"""Fixtures for the mock's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mock_helpers import app_for

from washer.testing.asgi import asgi_client


@pytest.fixture
def client_for() -> Iterator[Any]:
    """``client_for(records, **create_app_kwargs)`` -> an in-process httpx client."""
    clients: list[httpx.Client] = []

    def make(records: list[dict[str, str | None]], **kwargs: Any) -> httpx.Client:
        client = asgi_client(app_for(records, **kwargs))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
