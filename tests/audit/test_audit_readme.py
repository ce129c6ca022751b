"""The README's audit section: its commands run as written and it documents every option."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from washer.cli import main
from washer.cli.audit import audit

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- audit -->")
    return text[start : text.index("<!-- ", start + 5)]


def test_readme_audit_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    rules = README.parent / "rules"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").symlink_to(rules)
    extract.write_csv("extract.csv")
    Path("washed").mkdir()
    washed.write_parquet("washed/extract.parquet")
    blocks = re.findall(r"```(\w+)\n(.*?)```", section(), flags=re.S)
    assert [lang for lang, _ in blocks] == ["sh", "text"]
    commands = blocks[0][1].strip().splitlines()
    commands += re.findall(r"`(washer audit [^`]*--rules[^`]*)`", section())
    assert len(commands) == 2
    for line in commands:
        result = CliRunner().invoke(main, shlex.split(line)[1:])
        assert result.exit_code == 0, result.output
    assert Path("audit.html").is_file() and Path("audit.json").is_file()


def test_readme_documents_every_option() -> None:
    text = section()
    for param in audit.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--"):
                assert f"`{flag}" in text, flag


def test_readme_audit_summary_is_what_the_audit_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = README.parent
    monkeypatch.chdir(tmp_path)
    shutil.copy(root / "fixtures" / "extract-sample.csv", "extract.csv")
    rules, key = root / "rules" / "innreise.toml", root / "fixtures" / "demo.key"
    wash = ["wash", "extract.csv", "--rules", str(rules), "--key-file", str(key)]
    washed = CliRunner().invoke(main, [*wash, "--reference-date", "2024-05-17", "--out", "washed"])
    assert washed.exit_code == 0, washed.output
    blocks = dict(re.findall(r"```(\w+)\n(.*?)```", section(), flags=re.S))
    result = CliRunner().invoke(main, shlex.split(blocks["sh"])[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == blocks["text"]
