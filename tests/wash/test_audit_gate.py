"""The wash audits its output before publishing it, and refuses to publish leaks."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from washer.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "extract-sample.csv"
RULES = ROOT / "rules" / "innreise.toml"
KEY = ROOT / "fixtures" / "demo.key"


def _leaky_rules(path: Path) -> Path:
    """The default rules, except that phone numbers are kept as they are."""
    text = RULES.read_text(encoding="utf-8")
    old = 'p_phone = { transform = "phone" }'
    assert old in text
    path.write_text(text.replace(old, 'p_phone = "keep"'), encoding="utf-8")
    return path


def _wash(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["wash", str(SAMPLE), "--key-file", str(KEY), "--reference-date", "2026-11-27", *args]
    )
    return result.exit_code, result.output


def test_leaking_output_is_not_published(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = _wash("--rules", str(_leaky_rules(tmp_path / "r.toml")), "--out", str(out))
    assert code == 1
    assert output.strip().splitlines()[-1].startswith("Error: the audit found ")
    assert "nothing was published" in output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["r.toml"]  # no staging left behind


def test_audit_report_says_where_without_values(tmp_path: Path) -> None:
    report = tmp_path / "audit.json"
    code, _ = _wash(
        "--rules",
        str(_leaky_rules(tmp_path / "r.toml")),
        "--out",
        str(tmp_path / "out"),
        "--audit-report",
        str(report),
    )
    assert code == 1
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert {f["column"] for f in findings if f["check"] == "leak"} == {"p_phone"}
    phones = pl.read_csv(SAMPLE, infer_schema=False)["p_phone"].drop_nulls()
    text = report.read_text(encoding="utf-8")
    assert not any(phone in text for phone in phones)


def test_clean_wash_is_published_after_the_audit(tmp_path: Path) -> None:
    code, output = _wash("--rules", str(RULES), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert (tmp_path / "out" / "extract-sample.csv").exists()


def test_no_audit_publishes_and_says_so_loudly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = _wash(
        "--rules", str(_leaky_rules(tmp_path / "r.toml")), "--out", str(out), "--no-audit"
    )
    assert code == 0
    assert "WARNING: --no-audit" in output
    assert (out / "extract-sample.csv").exists()


@pytest.mark.parametrize("bad", ["report.txt", "missing-dir/report.json"])
def test_bad_audit_report_path_fails_before_washing(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "out"
    code, output = _wash(
        "--rules", str(RULES), "--out", str(out), "--audit-report", str(tmp_path / bad)
    )
    assert code == 2
    assert output.startswith("Error: ")
    assert not out.exists()


def test_the_audit_reuses_the_inputs_read_for_the_wash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading an input again for the audit would hold two copies of it at the peak.
    from washer.io import readers

    reads: list[Path] = []
    real_read = readers._read

    def counting(source: readers.InputSource) -> pl.DataFrame:
        reads.append(source.path)
        return real_read(source)

    monkeypatch.setattr(readers, "_read", counting)
    code, output = _wash("--rules", str(RULES), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert reads.count(SAMPLE) == 1
