"""``washer mock``: options, the start-up summary, curl examples that work, clear errors."""

from __future__ import annotations

import re
import shlex
import socket
import threading
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from mock_helpers import TENANTS_TOML, write_jsonl

from washer.cli import main
from washer.mock import create_app
from washer.testing.asgi import asgi_client


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["mock", *args])


def test_mock_is_a_command_of_washer() -> None:
    assert "mock" in CliRunner().invoke(main, ["--help"]).output
    result = run("--help")
    assert result.exit_code == 0
    assert "--integrations" in result.output and "--fail-rate" in result.output


def _curl_to_request(command: str, token: str) -> tuple[str, str, dict[str, str], str]:
    words = shlex.split(command.replace("\\\n", " ").replace("$TOKEN", token))
    assert words[0] == "curl"
    method, url, headers, body = "GET", "", {}, ""
    i = 1
    while i < len(words):
        word = words[i]
        if word == "-X":
            method, i = words[i + 1], i + 2
        elif word == "-H":
            name, _, value = words[i + 1].partition(": ")
            headers[name] = value
            i += 2
        elif word == "-d":
            body, i = words[i + 1], i + 2
        elif word.startswith("-"):
            i += 1
        else:
            url, i = word, i + 1
    return method, url, headers, body


def test_the_printed_curl_examples_work_as_shown() -> None:
    result = run("--check", "--today", "2021-09-10", "--port", "8080")
    assert result.exit_code == 0, result.output
    token = re.search(r"TOKEN=(\S+)", result.output)
    assert token is not None
    commands = re.findall(r"(curl .*?-d '[^']*')", result.output, flags=re.S)
    assert len(commands) == 3
    app = create_app(today=date(2021, 9, 10))
    with asgi_client(app) as client:
        for command in commands:
            method, url, headers, body = _curl_to_request(command, token.group(1))
            assert url.startswith("http://127.0.0.1:8080/")
            response = client.request(
                method, url.removeprefix("http://127.0.0.1:8080"), headers=headers, content=body
            )
            assert response.status_code == 200, (command, response.text)
            assert response.json() not in ([], {"antall": 0})  # the demo data answers


def test_the_demo_summary_names_what_is_served() -> None:
    result = run("--check", "--today", "2021-09-10")
    assert "demo dataset" in result.output
    assert "a_date 2021-08-31 .. 2021-09-09" in result.output
    assert "signatures are not checked" in result.output
    assert "/openapi.json" in result.output


def test_passwords_of_a_real_integrations_file_are_never_printed(tmp_path: Path) -> None:
    tenants = tmp_path / "tenants.toml"
    tenants.write_text(TENANTS_TOML, encoding="utf-8")
    data = write_jsonl(
        tmp_path / "w.jsonl",
        [{"a_reference_code": "R1", "a_date": "2021-09-09", "municipality_number": "0301"}],
    )
    result = run(
        "--check", "--data", str(data), "--integrations", str(tenants), "--today", "2021-09-10"
    )
    assert result.exit_code == 0, result.output
    for password in ("oslo-hemmelig", "bergen-hemmelig", "lev-hemmelig"):
        assert password not in result.output
    assert "<IntegrasjonPassord>" in result.output
    assert "1 records with a_date" in result.output


def test_data_outside_the_window_gets_a_hint(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "w.jsonl", [{"a_reference_code": "R1", "a_date": "2021-01-01"}])
    result = CliRunner().invoke(
        main, ["mock", "--check", "--data", str(data), "--today", "2021-09-10"]
    )
    assert result.exit_code == 0
    assert "Warning: no record has an a_date in the served window" in result.output
    rebased = run("--check", "--data", str(data), "--today", "2021-09-10", "--rebase")
    assert "1 records with a_date" in rebased.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--data", "nowhere.csv"], "Error: nowhere.csv: no such file or folder\n"),
        (["--integrations", "nowhere.toml"], "Error: nowhere.toml: no such integrations file\n"),
    ],
)
def test_bad_inputs_are_one_error_line(args: list[str], expected: str) -> None:
    result = run("--check", *args)
    assert result.exit_code == 2
    assert result.output == expected


def test_a_broken_integrations_file_names_file_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(TENANTS_TOML.replace('kommunenr = ["0301"]', 'kommunenr = "0301"'))
    result = run("--check", "--integrations", str(path))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {path}, line 5: [[organization]] #1, key 'kommunenr': must be a non-empty list "
        "of strings\n"
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--fail-rate", "1.5"], "--fail-rate"),
        (["--fail-with", "boom"], "must be a status code 400-599, 'reset' or 'timeout'"),
        (["--today", "10.09.2021"], "--today"),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], fragment: str) -> None:
    result = run("--check", *args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output


def test_drills_are_announced(tmp_path: Path) -> None:
    result = run("--check", "--fail-rate", "0.1", "--seed", "3", "--fail-with", "503")
    assert "Drill: 10% of API requests fail with 503." in result.output


def _capture_serve(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, str, int, Any, Any]]:
    served: list[tuple[Any, str, int, Any, Any]] = []

    def serve(app: Any, host: str, port: int, access_log: bool, on_started: Any, sock: Any) -> None:
        served.append((app, host, port, on_started, sock))
        sock.close()

    monkeypatch.setattr("washer.mock.serve.serve", serve)
    return served


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_without_check_it_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    served = _capture_serve(monkeypatch)
    port = _free_port()
    result = run("--port", str(port), "--host", "127.0.0.1")
    assert result.exit_code == 0, result.output
    [(app, host, served_port, on_started, sock)] = served
    assert (host, served_port) == ("127.0.0.1", port)
    assert sock.family == socket.AF_INET  # bound to the port, as uvicorn would
    # a large dataset's layout starts once the server listens
    assert on_started == app.mock.index.texts.encode_in_background


def test_a_port_in_use_is_one_error_line_and_no_banner() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--port", str(port), "--today", "2021-09-10")
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{port} (")
    assert result.output.count("\n") == 1  # no banner for a server that never runs


def test_port_0_prints_the_port_it_got(monkeypatch: pytest.MonkeyPatch) -> None:
    served = _capture_serve(monkeypatch)
    result = run("--port", "0", "--today", "2021-09-10")
    assert result.exit_code == 0, result.output
    [(_, _, port, _, _)] = served
    assert port != 0
    assert f"API at http://127.0.0.1:{port}\n" in result.output
    assert ":0/" not in result.output  # the curl examples call the port it got


def test_an_ipv6_host_is_bracketed_in_the_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    served = _capture_serve(monkeypatch)
    result = run("--host", "::1", "--port", "0", "--today", "2021-09-10")
    if result.output.startswith("Error: cannot listen on ::1"):
        pytest.skip("IPv6 loopback is off on this machine")
    [(_, _, port, _, _)] = served
    assert f"API at http://[::1]:{port}\n" in result.output


def test_the_call_once_listening_waits_for_the_server() -> None:
    from washer.mock.serve import _when_started

    server = SimpleNamespace(started=False, should_exit=False)
    calls: list[str] = []
    waiter = threading.Thread(
        target=_when_started, args=(server, lambda: calls.append("go")), daemon=True
    )
    waiter.start()
    time.sleep(0.05)
    assert calls == []  # not listening yet
    server.started = True
    waiter.join(5)
    assert calls == ["go"]
    stopped = SimpleNamespace(started=False, should_exit=True)
    _when_started(stopped, lambda: calls.append("never"))  # the server stopped first
    assert calls == ["go"]
