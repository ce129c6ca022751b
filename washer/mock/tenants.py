"""Who may call the mock, and which kommuner each caller sees: the integrations file.

::

    [[organization]]
    id = "11111111-2222-4333-8444-555555555555"   # fiksOrgId
    name = "Oslo kommune"
    kommunenr = ["0301"]

    [[integration]]
    id = "0b6e3a52-7d4f-4e39-9a1c-3f5b2d8e6a10"     # IntegrasjonId
    password = "..."                                # IntegrasjonPassord
    organizations = ["11111111-2222-4333-8444-555555555555"]

Mistakes are reported as :class:`washer.errors.InputError` naming the file, the line and the key,
never the value (a password must not end up in a terminal or a CI log).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from washer.errors import InputError

__all__ = [
    "DEMO_INTEGRATIONS",
    "Integration",
    "Organization",
    "Tenants",
    "load_tenants",
    "parse_tenants",
]

DEMO_INTEGRATIONS = "demo/integrations.toml"
"""The demo integrations, a resource of :mod:`washer.data`."""

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_KOMMUNENR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Organization:
    """A Fiks organisation (``fiksOrgId``) and the kommuner whose records it may see."""

    id: str
    name: str
    kommunenr: frozenset[str]


@dataclass(frozen=True)
class Integration:
    """A Fiks integration: its id, its password, the organisations it may act for."""

    id: str
    password: str
    organizations: tuple[str, ...]

    def __repr__(self) -> str:  # never show the password, not even in a traceback
        return f"Integration(id={self.id!r}, organizations={self.organizations!r})"


@dataclass(frozen=True)
class Tenants:
    """Every organisation and integration of one integrations file, by (lower-case) id."""

    organizations: dict[str, Organization]
    integrations: dict[str, Integration]
    source: str
    logins: dict[tuple[str | None, str | None, str | None], tuple[Integration, float | None]] = (
        field(default_factory=dict, compare=False, repr=False)
    )
    """Auth headers accepted so far -> the integration and the token's ``exp`` (filled by
    :func:`washer.mock.auth.authenticate`)."""


class _Locator:
    """Finds the line of the n-th ``[[table]]`` and of a key inside it, for error messages."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = text.splitlines()

    def _table_line(self, table: str, index: int) -> int | None:
        header = re.compile(rf"\s*\[\[\s*{table}\s*\]\]")
        seen = -1
        for number, line in enumerate(self.lines, 1):
            if header.match(line):
                seen += 1
                if seen == index:
                    return number
        return None

    def where(self, table: str, index: int, key: str | None = None) -> str:
        start = self._table_line(table, index)
        if start is None:
            return self.source
        line = start
        if key is not None:
            for number in range(start + 1, len(self.lines) + 1):
                text = self.lines[number - 1].strip()
                if text.startswith("["):
                    break
                if re.match(rf"{re.escape(key)}\s*=", text):
                    line = number
                    break
        return f"{self.source}, line {line}"


def _error(loc: _Locator, table: str, index: int, key: str | None, problem: str) -> InputError:
    what = f"[[{table}]] #{index + 1}" + (f", key '{key}'" if key else "")
    return InputError(f"{loc.where(table, index, key)}: {what}: {problem}")


def _entries(data: dict[str, Any], table: str, loc: _Locator) -> list[dict[str, Any]]:
    entries = data.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError(f"{loc.source}: '{table}' must be written as [[{table}]] tables")
    return entries


def _check_keys(
    entry: dict[str, Any], allowed: dict[str, bool], loc: _Locator, table: str, i: int
) -> None:
    for key in entry:
        if key not in allowed:
            expected = ", ".join(sorted(allowed))
            raise _error(loc, table, i, key, f"unknown key (expected {expected})")
    for key, required in allowed.items():
        if required and key not in entry:
            raise _error(loc, table, i, None, f"missing key '{key}'")


def _uuid(value: Any, loc: _Locator, table: str, i: int, key: str) -> str:
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise _error(loc, table, i, key, "must be a UUID like 11111111-2222-4333-8444-555555555555")
    return value.lower()


def _string_list(value: Any, loc: _Locator, table: str, i: int, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
        raise _error(loc, table, i, key, "must be a non-empty list of strings")
    return list(value)


def _organizations(data: dict[str, Any], loc: _Locator) -> dict[str, Organization]:
    found: dict[str, Organization] = {}
    keys = {"id": True, "name": False, "kommunenr": True}
    for i, entry in enumerate(_entries(data, "organization", loc)):
        _check_keys(entry, keys, loc, "organization", i)
        org_id = _uuid(entry["id"], loc, "organization", i, "id")
        if org_id in found:
            raise _error(loc, "organization", i, "id", "the same id is given twice")
        name = entry.get("name", org_id)
        if not isinstance(name, str):
            raise _error(loc, "organization", i, "name", "must be a string")
        kommuner = _string_list(entry["kommunenr"], loc, "organization", i, "kommunenr")
        if not all(_KOMMUNENR.fullmatch(k) for k in kommuner):
            raise _error(loc, "organization", i, "kommunenr", "every item must be four digits")
        found[org_id] = Organization(org_id, name, frozenset(kommuner))
    return found


def _integrations(
    data: dict[str, Any], loc: _Locator, orgs: dict[str, Organization]
) -> dict[str, Integration]:
    found: dict[str, Integration] = {}
    keys = {"id": True, "password": True, "organizations": True}
    for i, entry in enumerate(_entries(data, "integration", loc)):
        _check_keys(entry, keys, loc, "integration", i)
        integration_id = _uuid(entry["id"], loc, "integration", i, "id")
        if integration_id in found:
            raise _error(loc, "integration", i, "id", "the same id is given twice")
        password = entry["password"]
        if not isinstance(password, str) or not password:
            raise _error(loc, "integration", i, "password", "must be a non-empty string")
        members = _string_list(entry["organizations"], loc, "integration", i, "organizations")
        org_ids = tuple(m.lower() for m in members)
        if not all(o in orgs for o in org_ids):
            problem = "names an organisation that no [[organization]] defines"
            raise _error(loc, "integration", i, "organizations", problem)
        found[integration_id] = Integration(integration_id, password, org_ids)
    return found


def parse_tenants(text: str, source: str) -> Tenants:
    """Parse the text of an integrations file; ``source`` names it in error messages."""
    loc = _Locator(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: not valid TOML: {exc}") from None
    for key in data:
        if key not in ("organization", "integration"):
            raise InputError(
                f"{source}: unknown top-level key '{key}' (expected [[organization]] and "
                "[[integration]] tables)"
            )
    orgs = _organizations(data, loc)
    integrations = _integrations(data, loc, orgs)
    if not integrations:
        raise InputError(f"{source}: no [[integration]] is defined, so nobody could call the mock")
    return Tenants(orgs, integrations, source)


def load_tenants(path: Path | None = None) -> Tenants:
    """Read an integrations file, or the demo integrations when ``path`` is None."""
    if path is None:
        text = files("washer.data").joinpath(DEMO_INTEGRATIONS).read_text(encoding="utf-8")
        return parse_tenants(text, "demo integrations")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such integrations file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: cannot read the integrations file ({type(exc).__name__})"
        ) from None
    return parse_tenants(text, str(path))
