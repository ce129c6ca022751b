"""The ``Innreiser`` record of the Fiks innreise API, read from the spec shipped in the package.

The published OpenAPI spec is data: :func:`load_spec` returns a fresh copy of it, and the
field order there is the canonical column order of every extract.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

SPEC_RESOURCE = "innreise-api-v1.json"


@cache
def _spec_text() -> str:
    return files("washer.data").joinpath(SPEC_RESOURCE).read_text(encoding="utf-8")


def load_spec() -> dict[str, Any]:
    """Return a fresh, mutable copy of the published Fiks innreise OpenAPI spec."""
    spec: dict[str, Any] = json.loads(_spec_text())
    return spec


def _innreiser_properties() -> dict[str, Any]:
    props: dict[str, Any] = load_spec()["components"]["schemas"]["Innreiser"]["properties"]
    return props


INNREISER_FIELDS: tuple[str, ...] = tuple(_innreiser_properties())
"""The 55 ``Innreiser`` fields, in the spec's order."""

DATE_FIELDS: frozenset[str] = frozenset(
    name for name, prop in _innreiser_properties().items() if prop.get("format") == "date"
)
"""Fields the spec types as ``format: date`` (``YYYY-MM-DD``)."""

DATETIME_FIELDS: frozenset[str] = frozenset(
    name for name, prop in _innreiser_properties().items() if prop.get("format") == "date-time"
)
"""Fields the spec types as ``format: date-time`` (RFC 3339 with an offset)."""


def field_description(name: str) -> str:
    """The spec's description of an ``Innreiser`` field."""
    desc: str = _innreiser_properties()[name].get("description", "")
    return desc
