"""``washer generate`` in-process, and the committed fixtures that cannot drift."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from washer.cli import generate as cli_generate
from washer.cli import main
from washer.generate import generate_extract

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["generate", *args])
    return result.exit_code, result.output


def test_generate_writes_the_extract_and_says_where(tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    code, output = _run(
        "--rows", "300", "--seed", "5", "--reference-date", "2021-03-31", "--out", str(out)
    )
    assert code == 0, output
    assert output == f"Wrote 300 rows to {out} (seed 5, reference date 2021-03-31).\n"
    expected = generate_extract(300, seed=5, reference_date=dt.date(2021, 3, 31))
    assert pl.read_parquet(out).equals(expected)


def test_unknown_suffix_is_one_error_line_and_nothing_written(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    code, output = _run("--rows", "3", "--reference-date", "2021-03-31", "--out", str(out))
    assert code == 2
    assert output == (
        f"Error: cannot write {out}: unknown format '.txt'; "
        "use one of .csv, .parquet, .jsonl, .json\n"
    )
    assert not out.exists()


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "x.csv"
    code, output = _run("--rows", "3", "--reference-date", "2021-03-31", "--out", str(out))
    assert code == 2
    assert output == f"Error: cannot write {out}: directory {out.parent} does not exist\n"


def test_reference_date_outside_the_supported_range(tmp_path: Path) -> None:
    code, output = _run(
        "--rows", "3", "--reference-date", "2040-01-01", "--out", str(tmp_path / "x.csv")
    )
    assert code == 2
    assert output.endswith(
        "Error: Invalid value for '--reference-date': "
        "2040-01-01 is not between 1950-01-01 and 2039-12-31.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--rows", "-1", "--reference-date", "2021-03-31"],
            "Error: Invalid value for '--rows': -1 is not in the range 0<=x<=100000000.",
        ),
        (
            ["--rows", "3", "--reference-date", "31.03.2021"],
            "Error: Invalid value for '--reference-date': '31.03.2021' does not match the format "
            "'%Y-%m-%d'.",
        ),
        (["--rows", "3"], "Error: Missing option '--reference-date'."),
        (
            ["--rows", "10000000000000000000", "--reference-date", "2021-03-31"],
            "Error: Invalid value for '--rows': 10000000000000000000 is not in the range "
            "0<=x<=100000000.",
        ),
    ],
)
def test_bad_options_are_click_errors(tmp_path: Path, args: list[str], message: str) -> None:
    code, output = _run(*args, "--out", str(tmp_path / "x.csv"))
    assert code == 2
    assert output.endswith(message + "\n")
    assert not (tmp_path / "x.csv").exists()


def test_running_out_of_memory_is_one_error_line_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(cli_generate, "generate_extract", no_memory)
    out = tmp_path / "x.csv"
    code, output = _run("--rows", "90000000", "--reference-date", "2021-03-31", "--out", str(out))
    assert code == 2
    assert output == (
        f"Error: cannot write {out}: not enough memory for 90000000 rows "
        "(about 2.5 GB per million); ask for fewer rows\n"
    )
    assert list(tmp_path.iterdir()) == []


def _fixture_commands() -> list[list[str]]:
    """The ``washer generate`` lines of the Makefile's ``fixtures`` target."""
    lines = (ROOT / "Makefile").read_text().split("\nfixtures:", 1)[1].split("\n\n", 1)[0]
    return [
        shlex.split(line.strip())[2:] for line in lines.splitlines() if "washer generate" in line
    ]


def test_the_readme_shows_the_fixture_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for args in _fixture_commands():
        assert "washer generate " + shlex.join(args) in readme


@pytest.mark.parametrize("name", ["extract-sample.csv", "extract-sample-messy.csv"])
def test_committed_fixtures_equal_a_fresh_generation(tmp_path: Path, name: str) -> None:
    commands = [c for c in _fixture_commands() if c[-1] == f"fixtures/{name}"]
    assert len(commands) == 1
    args = [*commands[0][:-1], str(tmp_path / name)]
    code, output = _run(*args)
    assert code == 0, output
    assert (tmp_path / name).read_bytes() == (ROOT / "fixtures" / name).read_bytes()
