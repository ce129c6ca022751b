import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from washer import __version__
from washer.cli import main
from washer.keys import ENV_VAR, Key


def test_version_and_help() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("audit", "generate", "keygen", "mock", "rules", "wash"):
        assert f"  {command} " in result.output
    result = runner.invoke(main, ["nosuch"])
    assert result.exit_code == 2
    assert "No such command 'nosuch'" in result.output


def test_a_command_loads_only_what_it_needs() -> None:
    # The mock starts faster when the CLI does not import the audit and the wash with it.
    import subprocess
    import sys

    probe = (
        "import sys; from washer.cli import main; main.get_command(None, 'mock'); "
        "print(sorted(m for m in ('washer.audit', 'washer.wash', 'washer.generate') "
        "if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_keygen_writes_private_key_and_never_prints_it(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    result = CliRunner().invoke(main, ["keygen", str(path)])
    assert result.exit_code == 0, result.output
    secret = path.read_text().strip()
    assert len(secret) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert secret not in result.output
    assert Key.from_file(path).fingerprint in result.output


def test_keygen_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    path.write_text("precious")
    result = CliRunner().invoke(main, ["keygen", str(path)])
    assert result.exit_code != 0
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    assert path.read_text() == "precious"


def test_key_from_env_and_file_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "k.key"
    CliRunner().invoke(main, ["keygen", str(path)])
    monkeypatch.setenv(ENV_VAR, path.read_text())
    assert Key.resolve(None) == Key.from_file(path)
    assert Key.resolve(path).derive("a") != Key.resolve(path).derive("b")


@pytest.mark.parametrize("content", ["", "xyz", "00" * 31, "zz" * 32])
def test_malformed_key_is_a_clear_error_without_the_content(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.key"
    path.write_text(content)
    with pytest.raises(Exception) as info:
        Key.from_file(path)
    assert str(path) in str(info.value)
    if content:
        assert content not in str(info.value)


def test_missing_key_names_both_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(Exception, match="--key-file"):
        Key.resolve(None)


def test_python_dash_m_runs() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "washer", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in out.stdout
