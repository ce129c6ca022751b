"""Reports: JSON, HTML and terminal text; never an original value in any of them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest

import washer.audit
from washer.audit import AuditReport, audit_frames, render_html, write_report
from washer.categories import IDENTIFYING, Category, category_of
from washer.errors import OutputError


@pytest.fixture(scope="module")
def failing(extract: pl.DataFrame) -> AuditReport:
    return audit_frames([extract], [extract], original_names=["x.csv"], washed_names=["x.csv"])


def _identifying_values(extract: pl.DataFrame) -> set[str]:
    columns = [c for c in extract.columns if category_of(c) in IDENTIFYING | {Category.FREE_TEXT}]
    values = extract.select(columns).unpivot()["value"].drop_nulls().unique().to_list()
    words = {w for v in values for w in re.split(r"[\s,.;:()<>]+", v)}
    # Short fragments (a house number, "AS") may be a count or a word of any report.
    return {v for v in set(values) | words if (len(v) >= 5 and not v.isalpha()) or len(v) >= 7}


def test_no_original_value_in_any_report(extract: pl.DataFrame, failing: AuditReport) -> None:
    outputs = [failing.summary(), failing.to_json(), render_html(failing)]
    secrets = _identifying_values(extract)
    assert len(secrets) > 500
    for text in outputs:
        leaked = [s for s in secrets if s in text]
        assert not leaked, leaked[:3]


def test_json_report_is_complete(failing: AuditReport) -> None:
    data = json.loads(failing.to_json())
    assert data["ok"] is False
    assert set(data["summary"]) == {"leak", "validity", "coherence", "risk", "utility"}
    assert data["summary"]["leak"] == len(failing.by_check("leak")) > 0
    assert data["risk"]["washed"]["records"] == failing.files[1].rows
    first = data["findings"][0]
    assert set(first) == {"check", "kind", "file", "column", "count", "rows", "message"}


def test_html_is_self_contained_with_wellformed_charts(failing: AuditReport) -> None:
    page = render_html(failing)
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"(src|href)=", page)
    assert "FAILED" in page
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) >= 4  # leak counts, class sizes, distances, age, dates
    for chart in charts:
        ET.fromstring(chart)


def test_reports_are_written_by_suffix(tmp_path: Path, failing: AuditReport) -> None:
    write_report(failing, tmp_path / "a.json")
    write_report(failing, tmp_path / "a.HTML")
    assert json.loads((tmp_path / "a.json").read_text())["ok"] is False
    assert (tmp_path / "a.HTML").read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.HTML", "a.json"]
    with pytest.raises(OutputError, match=r"unknown report format \(name it .json or .html\)"):
        write_report(failing, tmp_path / "a.txt")


def test_summary_names_checks_and_status(failing: AuditReport, extract: pl.DataFrame) -> None:
    text = failing.summary()
    assert text.startswith("Audit FAILED")
    for title in ("Leaks:", "Validity:", "Coherence:", "Re-identification risk:", "Utility:"):
        assert title in text
    clean = audit_frames([extract], [extract.select("a_travel_method")])
    assert clean.summary().startswith("Audit PASSED")


def test_public_api_is_sorted_and_exported() -> None:
    names = washer.audit.__all__
    assert names == sorted(names)
    assert all(hasattr(washer.audit, n) for n in names)


def test_the_audit_is_deterministic(extract: pl.DataFrame, washed: pl.DataFrame) -> None:
    shuffled = extract.select(reversed(extract.columns))
    first = audit_frames([extract], [extract]).to_json()
    assert audit_frames([extract], [extract]).to_json() == first
    assert (
        audit_frames([shuffled], [extract]).findings == audit_frames([extract], [extract]).findings
    )


@pytest.fixture(scope="module")
def one_row_short(extract: pl.DataFrame) -> AuditReport:
    """A washed file one row shorter than its original: the row-by-row checks cannot pair
    its rows (a finding of the whole file, no column)."""
    short = extract.head(extract.height - 1)
    return audit_frames([extract], [short], original_names=["x.csv"], washed_names=["w.csv"])


def test_a_finding_of_a_whole_file_names_the_file_alone(one_row_short: AuditReport) -> None:
    [whole] = [f for f in one_row_short.findings if not f.column]
    assert whole.line().startswith("w.csv: ")
    assert ": :" not in whole.line()


def test_failures_count_their_problems_in_words(one_row_short: AuditReport) -> None:
    from washer.audit import require_clean
    from washer.errors import AuditFailure

    one = AuditReport(findings=[f for f in one_row_short.findings if not f.column][:1])
    with pytest.raises(AuditFailure, match=r"found 1 problem \("):
        require_clean(one)
