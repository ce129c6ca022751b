"""A ``constant`` rule on an id, organisation-number or reference-code column publishes.

The user asked for one placeholder in the column: it is no fake, so the audit's validity and
coherence checks (check digits, synthetic mark, kind of id, one fake per original) do not judge
it; the audit learns which columns are constant from the rule file (the wash's own, or
``washer audit --rules``). A placeholder that equals an original of the run is still a leak.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import polars as pl
import pytest

from washer.generate import generate_extract

from ._checks import read, run_cli, wash_cli

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = ROOT / "fixtures" / "demo.key"

# Placeholders that no check of a fake accepts: letters, wrong check digits, an FH-number's
# first digit with wrong check digits, a birth date that is no id's date.
PLACEHOLDERS = (
    ("p_unique_id", "XXXXXXXXXXX"),
    ("p_dnr", "12345678901"),
    ("p_fh_number", "99999999999"),
    ("a_employer_org_number", "123456789"),
    ("a_reference_code", "XXXX"),
    ("p_birth_date", "1900-01-01"),
)


def _constant_rules(path: Path, column: str, value: str) -> Path:
    text = RULES.read_text(encoding="utf-8")
    rule = f'{column} = {{ transform = "constant", value = "{value}" }}'
    text, n = re.subn(rf"^{column} = .*$", rule, text, flags=re.M)
    assert n == 1, column
    path.write_text(text, encoding="utf-8")
    return path


def _findings(report: Path) -> list[dict[str, object]]:
    findings: list[dict[str, object]] = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return findings


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "extract.csv"
    generate_extract(300, seed=5, reference_date=dt.date(2021, 3, 31)).write_csv(path)
    return path


@pytest.mark.parametrize(("column", "value"), PLACEHOLDERS)
def test_a_constant_column_publishes_the_placeholder_and_the_audit_agrees(
    extract: Path, tmp_path: Path, column: str, value: str
) -> None:
    rules = _constant_rules(tmp_path / "rules.toml", column, value)
    out = tmp_path / "out"
    code, output = wash_cli(extract, rules, out, KEY)
    assert code == 0, output
    original = pl.read_csv(extract, infer_schema=False)[column].drop_nulls()
    washed = read(out / "extract.csv")[column].drop_nulls()
    assert original.len() > 20
    assert washed.len() == original.len()
    assert (washed == value).all()
    # The standalone audit with the wash's rule file agrees ...
    code, output = run_cli("audit", str(extract), "--washed", str(out), "--rules", str(rules))
    assert code == 0, output
    # ... and without it cannot know the placeholder was asked for: as before, it refuses.
    report = tmp_path / "r.json"
    code, _ = run_cli("audit", str(extract), "--washed", str(out), "--report", str(report))
    assert code == 1
    findings = _findings(report)
    assert findings
    assert all(f["check"] in ("validity", "coherence") for f in findings)
    assert all(column in str(f["column"]) for f in findings)


def _an_original(extract: Path, column: str, pattern: str) -> str:
    values = pl.read_csv(extract, infer_schema=False)[column].drop_nulls().unique().sort()
    return str(values.filter(values.str.contains(pattern))[3])


@pytest.mark.parametrize(
    ("column", "source", "pattern"),
    [
        ("p_unique_id", "p_unique_id", r"^[0-3]\d{10}$"),
        ("p_dnr", "p_unique_id", r"^[0-3]\d{10}$"),  # somebody's fnr, in another column
        ("a_employer_org_number", "a_employer_org_number", r"^\d{9}$"),
        # somebody's phone number as Norway writes it (no +47), in an id column
        ("p_fh_number", "p_phone", r"^\+47\d{8}$"),
    ],
)
def test_a_placeholder_that_is_an_original_is_a_leak_and_nothing_is_published(
    extract: Path, tmp_path: Path, column: str, source: str, pattern: str
) -> None:
    original = _an_original(extract, source, pattern).removeprefix("+47")
    rules = _constant_rules(tmp_path / "rules.toml", column, original)
    out, report = tmp_path / "out", tmp_path / "audit.json"
    code, output = wash_cli(extract, rules, out, KEY, "--audit-report", str(report))
    assert code == 1
    assert not out.exists()
    assert output.splitlines()[-1].startswith("Error: the audit found ")
    assert "nothing was published" in output
    assert original not in output
    leaks = [f for f in _findings(report) if f["check"] == "leak" and f["column"] == column]
    assert leaks
