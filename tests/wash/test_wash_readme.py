"""The README's wash section: its commands run as written, the summary it shows is what the
wash prints, and it documents every option."""

from __future__ import annotations

import csv
import io
import re
import shlex
import shutil
from collections.abc import Callable
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
    (tmp_path / "rules").mkdir()  # the README's examples write rules/mine.toml beside it
    (tmp_path / "rules" / "innreise.toml").symlink_to(ROOT / "rules" / "innreise.toml")
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


def _ragged(path: str, line: int, missing: int) -> None:
    """``path`` with ``missing`` fields cut off the end of its (1-based) ``line``."""
    lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    fields = next(csv.reader([lines[line - 1]]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields[:-missing])
    lines[line - 1] = out.getvalue()
    Path(path).write_text("".join(lines), encoding="utf-8")


def _mistyped_rules() -> None:
    """``rules/mine.toml``: the default rules with the phone transform misspelled."""
    text = Path("rules/innreise.toml").read_text(encoding="utf-8")
    rule = 'p_phone = { transform = "phone" }'
    assert text.count(rule) == 1
    Path("rules/mine.toml").write_text(text.replace(rule, rule.replace('phone"', 'fone"')))


def _with_shoe_size(path: str) -> None:
    """``path``: the sample with a column no rule names."""
    sample = pl.read_csv(SAMPLE, infer_schema=False)
    sample.with_columns(pl.lit("42").alias("p_shoe_size")).write_csv(path)


def _input_in_out_dir() -> None:
    Path("in").mkdir()
    shutil.copy(SAMPLE, "in/extract.csv")


def test_readme_errors_are_what_the_wash_prints(workdir: Path) -> None:
    key = ["--key-file", "fixtures/demo.key"]
    rules = ["--rules", "rules/innreise.toml"]
    cases: list[tuple[Callable[[], None], list[str]]] = [
        (lambda: _ragged("extract.csv", 1742, 2), ["extract.csv", *rules, *key, "--out", "w"]),
        (lambda: _with_shoe_size("extract.csv"), ["extract.csv", *rules, *key, "--out", "w"]),
        (_mistyped_rules, ["day1.csv", "--rules", "rules/mine.toml", *key, "--out", "w"]),
        (lambda: None, ["day1.csv", *rules, "--out", "w"]),
        (_input_in_out_dir, ["in/extract.csv", *rules, *key, "--out", "in"]),
    ]
    shown = _blocks("text")[1].splitlines()
    assert len(shown) == len(cases)
    for (make, args), line in zip(cases, shown, strict=True):
        make()
        result = CliRunner().invoke(main, ["wash", *args])
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.strip() == line, args


def test_readme_python_example_runs(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = CliRunner().invoke(main, ["keygen", "washer.key"])
    assert made.exit_code == 0, made.output
    (code,) = _blocks("python")
    exec(compile(code, "README.md", "exec"), {})
    rows, persons = capsys.readouterr().out.split()[:2]
    assert (rows, persons) == ("2000", "1079")
    assert Path("washed/extract.csv").is_file()
