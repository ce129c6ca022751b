"""The README's rule-file and generate sections: their commands and code run as written, and
the rule-file excerpt is what `rules/innreise.toml` says."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from washer.cli import main

ROOT = Path(__file__).resolve().parents[1]


def section(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"<!-- {name} -->")
    return text[start : text.index("<!-- ", start + 5)]


def blocks(name: str, lang: str) -> list[str]:
    found = re.findall(r"```(\w+)\n(.*?)```", section(name), re.S)
    return [body for kind, body in found if kind == lang]


def commands(name: str) -> list[list[str]]:
    """The ``washer`` command lines of a section's shell blocks."""
    lines = "\n".join(blocks(name, "sh")).replace("\\\n", " ").splitlines()
    return [shlex.split(line, comments=True) for line in lines if line.startswith("washer ")]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").symlink_to(ROOT / "rules")
    (tmp_path / "fixtures").mkdir()
    for fixture in (ROOT / "fixtures").iterdir():
        (tmp_path / "fixtures" / fixture.name).symlink_to(fixture)
    return tmp_path


def _run(command: list[str]) -> str:
    result = CliRunner().invoke(main, command[1:])
    assert result.exit_code == 0, (command, result.output)
    return result.output


def test_rule_file_commands_run(workdir: Path) -> None:
    lines = commands("rules")
    assert [c[:3] for c in lines] == [
        ["washer", "rules", "check"],
        ["washer", "rules", "transforms"],
    ]
    for command in lines:
        _run(command)


def test_rule_file_excerpt_is_the_default_rules() -> None:
    (excerpt,) = blocks("rules", "toml")
    shown = tomllib.loads(excerpt)
    rules = tomllib.loads((ROOT / "rules" / "innreise.toml").read_text(encoding="utf-8"))
    assert shown["version"] == rules["version"]
    for table in ("dates", "person", "employer"):
        assert shown[table] == {k: rules[table][k] for k in shown[table]}, table

    def whole(rule: Any) -> Any:
        """A rule in its table form (a string is the transform's name alone)."""
        return {"transform": rule} if isinstance(rule, str) else rule

    for column, rule in shown["columns"].items():
        assert whole(rule) == whole(rules["columns"][column]), column


def test_generate_commands_and_code_run(workdir: Path) -> None:
    lines = commands("generate")
    assert len(lines) >= 3
    for command in lines:
        if command[-1].startswith("fixtures/"):
            # The committed fixtures' own lines (tests/test_generate_cli.py regenerates them):
            # written here to a file of the same name, not over the fixture.
            command = [*command[:-1], Path(command[-1]).name]
        _run(command)
        assert Path(command[-1]).stat().st_size > 0
    (code,) = blocks("generate", "python")
    exec(compile(code, "README.md", "exec"), {})
    assert Path("extract.jsonl").stat().st_size > 0


def test_layout_names_every_package_and_nothing_that_is_gone() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = text[text.index("```text\nwasher/\n") :].split("```", 2)[1]
    shown = set(re.findall(r"^  (\w+/|\w+\.py)", layout, re.M))
    packages = {
        f"{p.parent.name}/"
        for p in (ROOT / "washer").glob("*/__init__.py")
        if p.parent.name != "data"
    }
    assert packages <= shown
    assert all((ROOT / "washer" / name).exists() for name in shown)
