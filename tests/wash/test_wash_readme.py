"""The README's wash section: its commands run as written, the summary it shows is what the
wash prints, and it documents every option."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from washer.cli import main
from washer.cli.wash import wash_command

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "extract-sample.csv"


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- wash -->")
    return text[start : text.index("<!-- ", start + 5)]


def _blocks(lang: str) -> list[str]:
    return [
        body for kind, body in re.findall(r"```(\w+)\n(.*?)```", section(), re.S) if kind == lang
    ]


def _commands(block: str) -> list[list[str]]:
    """The block's commands, continuation lines joined and comments left out."""
    joined = block.replace("\\\n", " ")
    return [shlex.split(line, comments=True) for line in joined.splitlines() if line.strip()]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory holding what the README's commands name: the rules, the fixtures, the
    sample as ``extract.csv``, split into ``day1.csv`` and ``day2.parquet``, and a messy
    generated ``messy.csv`` (Windows-1252, semicolons)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WASHER_KEY", raising=False)
    (tmp_path / "rules").symlink_to(ROOT / "rules")
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    shutil.copy(SAMPLE, "extract.csv")
    sample = pl.read_csv(SAMPLE, infer_schema=False)
    sample.head(1000).write_csv("day1.csv")
    sample.tail(1000).write_parquet("day2.parquet")
    generate = ["generate", "--rows", "300", "--reference-date", "2024-05-10", "--messy"]
    made = CliRunner().invoke(main, [*generate, "--out", "messy.csv"])
    assert made.exit_code == 0, made.output
    return tmp_path


def test_readme_wash_commands_run(workdir: Path) -> None:
    commands = _commands(_blocks("sh")[0])
    assert [c[:2] for c in commands][:2] == [["washer", "keygen"], ["washer", "wash"]]
    for command in commands:
        result = CliRunner().invoke(main, command[1:])
        assert result.exit_code == 0, (command, result.output)
        out = command[command.index("--out") + 1] if "--out" in command else None
        if out is not None:
            for source in command[2 : command.index("--rules")]:
                assert any(Path(out).glob(f"{Path(source).stem}.*")), (command, source)
            assert (Path(out) / "manifest.json").is_file()
    assert Path("audit.html").is_file()  # the pre-publication audit's report, as asked


def test_readme_summary_is_what_the_wash_prints(workdir: Path) -> None:
    summary = _blocks("text")[0]
    command = ["wash", "extract.csv", "--rules", "rules/innreise.toml"]
    command += ["--key-file", "fixtures/demo.key", "--reference-date", "2024-05-17"]
    result = CliRunner().invoke(main, [*command, "--out", "washed"])
    assert result.exit_code == 0, result.output
    assert result.stdout == summary


def test_readme_documents_every_wash_option() -> None:
    text = section()
    for param in wash_command.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--"):
                assert f"`{flag}" in text or f" {flag} " in text, flag
