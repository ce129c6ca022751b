"""The README's identity-number section: its commands and code run as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from washer.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- ids -->")
    end = text.index("\n## ", start)
    return text[start:end]


def test_readme_ids_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```(sh|python)\n(.*?)```", section(), flags=re.S)
    assert [lang for lang, _ in blocks] == ["sh", "python"]
    runner = CliRunner()
    for lang, code in blocks:
        if lang == "sh":
            for line in code.strip().splitlines():
                args = shlex.split(line)
                assert args[0] == "washer"
                result = runner.invoke(main, args[1:])
                assert result.exit_code == 0, result.output
        else:
            exec(compile(code, "README.md", "exec"), {})
