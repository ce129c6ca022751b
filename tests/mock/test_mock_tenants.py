"""The integrations file: parsed into organisations and integrations, or a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from mock_helpers import INT_VENDOR, ORG_BERGEN, ORG_TRONDHEIM, TENANTS_TOML

from washer.errors import InputError
from washer.mock.tenants import load_tenants, parse_tenants


def test_the_test_file_parses() -> None:
    tenants = parse_tenants(TENANTS_TOML, "t.toml")
    vendor = tenants.integrations[INT_VENDOR]
    assert vendor.organizations == (ORG_BERGEN, ORG_TRONDHEIM)
    assert tenants.organizations[ORG_TRONDHEIM].kommunenr == {"5001", "5055"}
    assert "lev-hemmelig" not in repr(vendor)


def test_the_demo_integrations_parse_with_a_vendor_serving_two_orgs() -> None:
    tenants = load_tenants(None)
    assert len(tenants.organizations) >= 2
    assert any(len(i.organizations) > 1 for i in tenants.integrations.values())
    kommuner = {k for o in tenants.organizations.values() for k in o.kommunenr}
    assert {"0301", "4601"} <= kommuner


ORG = '[[organization]]\nid = "11111111-2222-4333-8444-555555555555"\nkommunenr = ["0301"]\n'
INTEGRATION = (
    '[[integration]]\nid = "0b6e3a52-7d4f-4e39-9a1c-3f5b2d8e6a10"\npassword = "Hemmelig-123"\n'
    'organizations = ["11111111-2222-4333-8444-555555555555"]\n'
)
CASES = {
    "toml syntax": (ORG + "kommunenr = [\n", "f.toml: not valid TOML"),
    "unknown top-level key": (
        "foo = 1\n" + ORG + INTEGRATION,
        "f.toml: unknown top-level key 'foo'",
    ),
    "no integration": (ORG, "f.toml: no [[integration]] is defined"),
    "bad org id": (
        ORG.replace("11111111-2222", "xx") + INTEGRATION,
        "f.toml, line 2: [[organization]] #1, key 'id': must be a UUID",
    ),
    "bad kommunenr": (
        ORG.replace('"0301"', '"301"') + INTEGRATION,
        "f.toml, line 3: [[organization]] #1, key 'kommunenr': every item must be four digits",
    ),
    "missing password": (
        ORG + INTEGRATION.replace('password = "Hemmelig-123"\n', ""),
        "f.toml, line 4: [[integration]] #1: missing key 'password'",
    ),
    "password not a string": (
        ORG + INTEGRATION.replace('"Hemmelig-123"', "123"),
        "f.toml, line 6: [[integration]] #1, key 'password': must be a non-empty string",
    ),
    "unknown key": (
        ORG + INTEGRATION + 'pasword = "Hemmelig-123"\n',
        "f.toml, line 8: [[integration]] #1, key 'pasword': unknown key",
    ),
    "unknown organisation": (
        ORG + INTEGRATION.replace('organizations = ["1111', 'organizations = ["2111'),
        "f.toml, line 7: [[integration]] #1, key 'organizations': names an "
        "organisation that no [[organization]] defines",
    ),
    "duplicate integration": (
        ORG + INTEGRATION + INTEGRATION,
        "f.toml, line 9: [[integration]] #2, key 'id': the same id is given twice",
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_mistakes_name_file_line_and_key_but_never_the_password(text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        parse_tenants(text, "f.toml")
    assert str(info.value).startswith(expected)
    assert "Hemmelig-123" not in str(info.value)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such integrations file"):
        load_tenants(tmp_path / "nope.toml")
