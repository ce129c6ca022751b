from __future__ import annotations

import pytest

from washer.ids import FakeIdMapper
from washer.keys import Key

KEY = Key(bytes.fromhex("5a" * 32))
OTHER_KEY = Key(bytes.fromhex("a5" * 32))


@pytest.fixture(scope="session")
def key() -> Key:
    return KEY


@pytest.fixture(scope="session")
def mapper() -> FakeIdMapper:
    return FakeIdMapper(KEY)


@pytest.fixture(scope="session")
def realistic() -> FakeIdMapper:
    return FakeIdMapper(KEY, style="realistic")


@pytest.fixture(scope="session")
def other_mapper() -> FakeIdMapper:
    return FakeIdMapper(OTHER_KEY)
