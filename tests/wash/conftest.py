from __future__ import annotations

from pathlib import Path

import pytest

from washer.keys import Key

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"


@pytest.fixture
def key() -> Key:
    return Key(bytes(range(32)))


@pytest.fixture
def other_key() -> Key:
    return Key(bytes(range(1, 33)))


@pytest.fixture
def rules_path() -> Path:
    return RULES
