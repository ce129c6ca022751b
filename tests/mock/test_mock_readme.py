"""The README's mock section works as shown."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

from washer.mock import create_app
from washer.mock.tenants import parse_tenants
from washer.testing.asgi import asgi_client

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- mock -->")
    end = text.index("<!--", start + 10)
    return text[start:end]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _section(), flags=re.S)


def test_the_curl_example_works_against_the_default_mock() -> None:
    [curl] = [b for b in _blocks("sh") if b.startswith("curl")]
    words = shlex.split(curl.replace("\\\n", " "))
    url = words[words.index("-X") + 2]
    headers = dict(words[i + 1].split(": ", 1) for i, w in enumerate(words) if w == "-H")
    body = words[words.index("-d") + 1]
    assert url.startswith("http://127.0.0.1:8080/")
    with asgi_client(create_app()) as client:
        response = client.post(
            url.removeprefix("http://127.0.0.1:8080"), headers=headers, content=body
        )
    assert response.status_code == 200, response.text
    assert len(response.json()) == 2


def test_the_integrations_file_example_is_valid() -> None:
    [toml] = _blocks("toml")
    tomllib.loads(toml)
    tenants = parse_tenants(toml, "README")
    assert len(tenants.integrations) == 1


def test_the_shown_options_exist() -> None:
    from click.testing import CliRunner

    from washer.cli import main

    help_text = CliRunner().invoke(main, ["mock", "--help"]).output
    for option in re.findall(r"`(--[a-z-]+)", _section()):
        assert option in help_text, option


def test_the_pytest_example_passes(tmp_path: Path) -> None:
    [example] = _blocks("python")
    [ini] = _blocks("ini")
    washed = tmp_path / "tests" / "washed"
    washed.mkdir(parents=True)
    (washed / "part-1.jsonl").write_text(
        '{"a_reference_code": "R1", "a_date": "2021-09-09", "municipality_number": "0301"}\n'
    )
    (tmp_path / "tests" / "integrations.toml").write_text(
        (Path(__file__).parents[2] / "washer" / "data" / "demo" / "integrations.toml").read_text()
    )
    ini_lines = [line for line in ini.splitlines() if "washer_mock_data" not in line]
    (tmp_path / "pytest.ini").write_text(
        "\n".join(ini_lines) + "\naddopts = --strict-markers\nfilterwarnings = error\n"
    )
    (tmp_path / "test_example.py").write_text(example)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
