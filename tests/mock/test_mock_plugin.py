"""The pytest plugin, as a vendor uses it: in a separate pytest run of a separate project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mock_helpers import TENANTS_TOML

VENDOR_TESTS = """
import httpx
import pytest

SEARCH = "/innreise/api/v1/hentInnreiser"


def refs(response):
    assert response.status_code == 200, response.text
    return [r["a_reference_code"] for r in response.json()]


def test_in_process_with_the_ini_dataset(washer_mock):
    assert refs(washer_mock.client.post(SEARCH, json={}, headers=washer_mock.headers())) == ["INI"]
    assert washer_mock.requests()[-1]["status"] == 200
    assert washer_mock.requests()[-1]["headers"]["integrasjonpassord"] == "[redacted]"


@pytest.mark.washer_mock(data="marker.jsonl")
def test_marker_picks_the_dataset(washer_mock):
    assert refs(washer_mock.client.post(SEARCH, json={}, headers=washer_mock.headers())) == [
        "MARKER"
    ]


@pytest.mark.parametrize(
    "washer_mock", [{"data": "param.jsonl", "integrations": "tenants.toml"}], indirect=True
)
def test_parametrisation_picks_dataset_and_integrations(washer_mock):
    headers = washer_mock.headers("Oslo kommune")
    assert refs(washer_mock.client.post(SEARCH, json={}, headers=headers)) == ["PARAM"]


@pytest.mark.washer_mock(data=None, rebase=True)
def test_demo_data_in_a_thread_server(washer_mock_server):
    assert washer_mock_server.url.startswith("http://127.0.0.1:")
    response = httpx.post(
        washer_mock_server.url + SEARCH, json={"limit": 2}, headers=washer_mock_server.headers()
    )
    assert len(refs(response)) == 2


@pytest.mark.washer_mock(data=None, rebase=True)
def test_vendor_with_two_organisations_must_name_one(washer_mock):
    headers = washer_mock.headers("Trondheim kommune")
    assert washer_mock.client.post(SEARCH, json={}, headers=headers).status_code == 400


@pytest.mark.washer_mock(fail_rate=1.0, fail_with="503")
def test_drills_by_marker(washer_mock):
    response = washer_mock.client.post(SEARCH, json={}, headers=washer_mock.headers())
    assert response.status_code == 503
"""


def _record(ref: str) -> str:
    return (
        json.dumps({"a_reference_code": ref, "a_date": "2021-09-09", "municipality_number": "0301"})
        + "\n"
    )


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_fixtures_marker_ini_and_parametrisation(tmp_path: Path) -> None:
    for name in ("ini", "marker", "param"):
        (tmp_path / f"{name}.jsonl").write_text(_record(name.upper()))
    tenants = TENANTS_TOML.replace("bbbbbbbb", "cccccccc")
    (tmp_path / "tenants.toml").write_text(tenants)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = --strict-markers\nfilterwarnings = error\n"
        "washer_mock_data = ini.jsonl\nwasher_mock_today = 2021-09-10\n"
    )
    (tmp_path / "test_vendor.py").write_text(VENDOR_TESTS)
    result = _pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 passed" in result.stdout


SUBDIRECTORY_TESTS = """
import pytest

SEARCH = "/innreise/api/v1/hentInnreiser"


def refs(washer_mock, who=None):
    response = washer_mock.client.post(SEARCH, json={}, headers=washer_mock.headers(who))
    assert response.status_code == 200, response.text
    return [r["a_reference_code"] for r in response.json()]


def test_ini(washer_mock):
    assert refs(washer_mock) == ["INI"]


@pytest.mark.washer_mock(data="tests/marker.jsonl")
def test_marker(washer_mock):
    assert refs(washer_mock) == ["MARKER"]


@pytest.mark.parametrize(
    "washer_mock",
    [{"data": "tests/param.jsonl", "integrations": "tests/tenants.toml"}],
    indirect=True,
)
def test_param(washer_mock):
    assert refs(washer_mock, "Oslo kommune") == ["PARAM"]
"""


def test_relative_paths_are_from_the_rootdir_when_run_from_a_subdirectory(
    tmp_path: Path,
) -> None:
    """The README's marker and ini show the same relative path: both mean the same file."""
    tests = tmp_path / "tests"
    tests.mkdir()
    for name in ("ini", "marker", "param"):
        (tests / f"{name}.jsonl").write_text(_record(name.upper()))
    (tests / "tenants.toml").write_text(TENANTS_TOML.replace("bbbbbbbb", "cccccccc"))
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nwasher_mock_data = tests/ini.jsonl\nwasher_mock_today = 2021-09-10\n"
    )
    (tests / "test_vendor.py").write_text(SUBDIRECTORY_TESTS)
    result = _pytest(tests)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_the_plugin_never_bothers_a_run_that_does_not_use_it(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = --strict-markers\nfilterwarnings = error\n"
    )
    (tmp_path / "test_plain.py").write_text("def test_plain():\n    assert True\n")
    result = _pytest(tmp_path, "-W", "error")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert "warning" not in result.stdout.lower()
    markers = _pytest(tmp_path, "--markers")
    assert "@pytest.mark.washer_mock(" in markers.stdout


def test_importing_the_plugin_loads_nothing_heavy() -> None:
    code = (
        "import sys, washer.testing.pytest_plugin\n"
        "heavy = [m for m in ('polars', 'fastapi', 'uvicorn', 'httpx', 'numpy') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
