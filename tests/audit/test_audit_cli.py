"""``washer audit``: exit codes 0 / 1 / 2, reports, and exact error messages."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from washer.cli import main


@pytest.fixture
def files(tmp_path: Path, extract: pl.DataFrame, washed: pl.DataFrame) -> tuple[Path, Path]:
    original = tmp_path / "extract.csv"
    extract.write_csv(original)
    out = tmp_path / "washed"
    out.mkdir()
    washed.write_parquet(out / "extract.parquet")
    return original, out


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_clean_wash_exits_0_and_writes_both_reports(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    original, out = files
    code, output = _run(
        str(original),
        "--washed",
        str(out),
        "--report",
        str(tmp_path / "r.json"),
        "--report",
        str(tmp_path / "r.html"),
    )
    assert code == 0, output
    assert output.startswith("Audit PASSED")
    assert json.loads((tmp_path / "r.json").read_text())["ok"] is True
    assert "<svg" in (tmp_path / "r.html").read_text()


def test_leaking_wash_exits_1(
    files: tuple[Path, Path], tmp_path: Path, extract: pl.DataFrame
) -> None:
    original, out = files
    extract.write_parquet(out / "extract.parquet")
    code, output = _run(str(original), "--washed", str(out), "--report", str(tmp_path / "r.json"))
    assert code == 1
    count = len(json.loads((tmp_path / "r.json").read_text())["findings"])
    assert output.splitlines()[-1] == f"Error: the audit found {count} problems; do not publish"


def test_risk_threshold_fails(files: tuple[Path, Path]) -> None:
    original, out = files
    code, output = _run(str(original), "--washed", str(out), "--min-k", "2")
    assert code == 1
    assert "k=2" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--washed", "{tmp}/nowhere"], "Error: {tmp}/nowhere is not a directory"),
        (
            ["--washed", "{tmp}/washed", "--report", "{tmp}/r.txt"],
            "Error: {tmp}/r.txt: unknown report format (name it .json or .html)",
        ),
        (
            ["--washed", "{tmp}/washed", "--report", "{tmp}/no/r.json"],
            "Error: {tmp}/no/r.json: directory {tmp}/no does not exist",
        ),
        (
            ["--washed", "{tmp}/washed", "--rules", "{tmp}/rules.toml"],
            "Error: {tmp}/rules.toml, line {zip_line}: columns.a_location_zip_code.category: "
            'must be one of "person_id", "first_name", "last_name", "birth_date", "phone", '
            '"email", "address", "orgnr", "employer_name", "contact_person", "reference_code", '
            '"free_text", "event_date", "attribute"',
        ),
    ],
)
def test_cannot_run_exits_2_with_one_error_line(
    files: tuple[Path, Path], tmp_path: Path, args: list[str], message: str
) -> None:
    original, _ = files
    _rules_with_zip_category(tmp_path / "rules.toml", "telephone")
    code, output = _run(str(original), *[a.format(tmp=tmp_path) for a in args])
    assert code == 2
    zip_line = _zip_line(tmp_path / "rules.toml")
    assert output.strip() == message.format(tmp=tmp_path, zip_line=zip_line)


def _rules_with_zip_category(path: Path, category: str) -> None:
    """The default wash rules, with the kept zip code declared to be of ``category``."""
    default = Path(__file__).resolve().parents[2] / "rules" / "innreise.toml"
    text = default.read_text(encoding="utf-8")
    old = 'a_location_zip_code = "keep"'
    assert old in text
    new = f'a_location_zip_code = {{ transform = "keep", category = "{category}" }}'
    path.write_text(text.replace(old, new), encoding="utf-8")


def _zip_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("a_location_zip_code"))


@pytest.mark.parametrize("target", ["original", "washed"])
def test_a_report_never_overwrites_a_file_it_audits(
    tmp_path: Path, extract: pl.DataFrame, washed: pl.DataFrame, target: str
) -> None:
    original = tmp_path / "extract.json"
    extract.write_json(original)
    out = tmp_path / "washed"
    out.mkdir()
    washed.write_json(out / "extract.json")
    victim = original if target == "original" else out / "extract.json"
    before = victim.read_bytes()
    code, output = _run(str(original), "--washed", str(out), "--report", str(victim))
    assert (code, output) == (2, f"Error: {victim} would overwrite the input {victim}\n")
    assert victim.read_bytes() == before


@pytest.mark.parametrize("layout", ["renamed", "two of one stem"])
def test_an_original_with_no_single_washed_file_fails(
    files: tuple[Path, Path], tmp_path: Path, washed: pl.DataFrame, layout: str
) -> None:
    original, out = files
    if layout == "renamed":
        (out / "extract.parquet").rename(out / "other.parquet")
    else:
        washed.write_csv(out / "extract.csv")
    report = tmp_path / "r.json"
    code, output = _run(str(original), "--washed", str(out), "--report", str(report))
    assert code == 1, output
    assert "Audit FAILED" in output
    found = json.loads(report.read_text())["findings"]
    assert [(f["kind"], f["file"]) for f in found if f["check"] == "coherence"] == [
        ("unpaired", "extract.csv")
    ]


def test_missing_original_exits_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = files
    code, output = _run(str(tmp_path / "gone.csv"), "--washed", str(out))
    assert (code, output.strip()) == (
        2,
        f"Error: {tmp_path / 'gone.csv'} does not exist or is not a file",
    )


def test_rules_categories_change_what_is_checked(files: tuple[Path, Path], tmp_path: Path) -> None:
    original, out = files
    assert _run(str(original), "--washed", str(out))[0] == 0
    # Declared identifying, the kept zip codes become leaks: each row keeps its own.
    _rules_with_zip_category(tmp_path / "rules.toml", "reference_code")
    code, output = _run(
        str(original), "--washed", str(out), "--rules", str(tmp_path / "rules.toml")
    )
    assert code == 1
    assert "a_location_zip_code: " in output
