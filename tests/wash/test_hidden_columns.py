"""Identifying columns a rule drops, empties or overwrites leave no original in free text.

A user who rules the traveller's name ``null`` (or ``drop``, or ``constant``) expects the name
gone everywhere: its originals in the texts of its own and other rows are replaced by a fake of
the right kind (the person's fake name), and the wash passes its own audit and publishes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from ._checks import leaks, read, wash_cli
from ._extract import make_extract

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = ROOT / "fixtures" / "demo.key"

HIDDEN = (
    "p_unique_id",
    "p_dnr",
    "p_fh_number",
    "p_first_name",
    "p_last_name",
    "p_phone",
    "p_email",
    "a_location_address",
    "a_employer_org_number",
    "a_employer_name",
    "a_employer_address",
    "a_employer_contact_person",
    "a_employer_contact_phone",
)


def _extract() -> pl.DataFrame:
    """A generated extract whose texts name every identifying value: the employer's in its
    own row, and the previous row's traveller in the next row."""
    frame = make_extract(rows=70, seed=8).frame
    employer = pl.format(
        "Arbeidsgiver {}, kontakt {}, orgnr {}, {}, tlf {}",
        *(
            pl.col(c)
            for c in (
                "a_employer_name",
                "a_employer_contact_person",
                "a_employer_org_number",
                "a_employer_address",
                "a_employer_contact_phone",
            )
        ),
    )
    other = pl.format(
        "Reiser med {} {} ({}), {}, {}, bor {}",
        *(
            pl.col(c).fill_null("").shift(1)
            for c in ("p_first_name", "p_last_name", "p_unique_id", "p_email")
        ),
        # (as digits: the scrub does not read a 3 + 5 grouping, 927 74257, in text at all)
        pl.col("p_phone").str.replace_all(" ", "").shift(1),
        pl.col("a_location_address").shift(1),
    )
    ids = pl.format("fh {} dnr {}", pl.col("p_fh_number"), pl.col("p_dnr")).shift(2)
    return frame.with_columns(
        employer.alias("a_quarantine_reg_departure_hotel"),
        other.alias("a_quarantine_reg_arrival_hotel"),
        ids.alias("a_border_crossing_quarantine_assessment"),
    )


def _rules(path: Path, columns: tuple[str, ...], rule: str) -> Path:
    text = RULES.read_text(encoding="utf-8")
    for column in columns:
        text, n = re.subn(rf"^{column} = .*$", f"{column} = {rule}", text, flags=re.M)
        assert n == 1, column
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "extract.csv"
    _extract().write_csv(path)
    return path


def _wash(extract: Path, rules: Path, out: Path) -> tuple[int, str, list[dict[str, object]]]:
    report = out.parent / "audit.json"
    code, output = wash_cli(extract, rules, out, KEY, "--audit-report", str(report))
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return code, output, findings


def _originals(extract: Path, columns: tuple[str, ...]) -> set[str]:
    frame = pl.read_csv(extract, infer_schema=False)
    return {v for c in columns for v in frame[c].drop_nulls().to_list() if len(v.strip()) > 2}


@pytest.mark.parametrize("rule", ['"null"', '"drop"', '{ transform = "constant", value = "-" }'])
@pytest.mark.parametrize("column", HIDDEN)
def test_a_hidden_identifying_column_leaves_no_original_and_passes_the_audit(
    extract: Path, tmp_path: Path, column: str, rule: str
) -> None:
    out = tmp_path / "out"
    code, output, findings = _wash(extract, _rules(tmp_path / "r.toml", (column,), rule), out)
    assert code == 0, (output, findings)
    washed = read(out / "extract.csv")
    assert leaks(_originals(extract, (column,)), washed) == []


def test_all_identifying_columns_null_publish_texts_without_originals(
    extract: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, output, findings = _wash(extract, _rules(tmp_path / "r.toml", HIDDEN, '"null"'), out)
    assert code == 0, (output, findings)
    washed = read(out / "extract.csv")
    assert leaks(_originals(extract, HIDDEN), washed) == []
    # The names were replaced by fakes, not deleted: each text still names somebody.
    texts = washed["a_quarantine_reg_arrival_hotel"].drop_nulls()
    assert texts.str.contains(r"^Reiser med\s+\S+\s+\S+").all()


TEXTS = (
    "a_travel_method_extra",
    "a_travel_method_extra2",
    "a_hotel_name",
    "a_quarantine_reg_arrival_hotel",
    "a_quarantine_reg_departure_hotel",
    "a_border_crossing_quarantine_assessment",
)


@pytest.fixture(scope="module")
def default_wash(extract: Path, tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    out = tmp_path_factory.mktemp("default") / "out"
    code, output, findings = _wash(extract, RULES, out)
    assert code == 0, (output, findings)
    return read(out / "extract.csv")


@pytest.mark.parametrize("rule", ['"null"', '"drop"', '{ transform = "constant", value = "-" }'])
@pytest.mark.parametrize("column", HIDDEN)
def test_a_hidden_columns_originals_get_in_text_the_fake_its_column_would_have(
    extract: Path, tmp_path: Path, default_wash: pl.DataFrame, column: str, rule: str
) -> None:
    # The stand-in is the column's own fake (the person's fake name, however its rows spell
    # the name; the employer's fake address for the employer's), so the texts read exactly as
    # when the column is washed.
    out = tmp_path / "out"
    code, output, findings = _wash(extract, _rules(tmp_path / "r.toml", (column,), rule), out)
    assert code == 0, (output, findings)
    washed = read(out / "extract.csv")
    assert washed.select(TEXTS).equals(default_wash.select(TEXTS))
