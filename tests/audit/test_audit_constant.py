"""Columns ruled ``constant``: the audit does not judge the placeholder as a fake, but an
original value in it is still a leak.

``AuditOptions.constant_columns`` (filled from the rule file, as ``realistic_ids`` is) lifts
the validity and coherence checks of those columns, never the leak checks.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.audit import AuditOptions, AuditReport, audit_frames, constant_columns
from washer.rules import load_rules
from washer.testing.standin import stand_in_wash, synthetic_extract

COLUMNS = ("p_unique_id", "p_dnr", "p_fh_number", "a_employer_org_number", "a_reference_code")
IDENTIFYING = (*COLUMNS, "p_phone", "p_email")
# A small extract of its own: hypothesis audits it once per example.
EXTRACT = synthetic_extract(120, seed=21)
WASHED = stand_in_wash(EXTRACT, seed=22)

placeholders = st.one_of(
    st.text(alphabet="0123456789X- ", min_size=1, max_size=12),
    st.from_regex(r"[0-9]{9}|[0-9]{11}", fullmatch=True),
)


def _audit(column: str, value: str, constant: frozenset[str]) -> AuditReport:
    washed = WASHED.with_columns(
        pl.when(pl.col(column).is_not_null()).then(pl.lit(value)).alias(column)
    )
    return audit_frames([EXTRACT], [washed], options=AuditOptions(constant_columns=constant))


def _originals() -> list[str]:
    return sorted({v for c in IDENTIFYING for v in EXTRACT[c].drop_nulls().to_list()})


def _checks_naming(report: AuditReport, column: str) -> set[str]:
    return {f.check for f in report.findings if column in f.column}


def test_the_extract_holds_every_column_checked() -> None:
    assert all(EXTRACT[c].drop_nulls().len() > 5 for c in COLUMNS)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column=st.sampled_from(COLUMNS), value=placeholders)
def test_a_constant_column_is_judged_only_for_leaks(column: str, value: str) -> None:
    report = _audit(column, value, frozenset({column}))
    assert _checks_naming(report, column) <= {"leak"}, report.summary()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column=st.sampled_from(COLUMNS), value=st.sampled_from(_originals()))
def test_a_placeholder_that_is_an_original_is_a_leak(column: str, value: str) -> None:
    # Of any identifying kind: a placeholder is read as text, not as what the column holds.
    report = _audit(column, value, frozenset({column}))
    assert any(f.check == "leak" and f.column == column for f in report.findings)
    assert not report.ok


def test_without_the_rules_a_placeholder_is_judged_as_a_fake() -> None:
    for column, value in (("p_unique_id", "12345678901"), ("a_employer_org_number", "123456789")):
        assert _checks_naming(_audit(column, value, frozenset({column})), column) == set()
        assert "validity" in _checks_naming(_audit(column, value, frozenset()), column)


def test_constant_columns_are_the_columns_ruled_constant(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    text = (root / "rules" / "innreise.toml").read_text(encoding="utf-8")
    text = text.replace(
        'p_dnr = { transform = "person_id" }', 'p_dnr = { transform = "constant", value = "X" }'
    ).replace('a_destination_id = "keep"', 'a_destination_id = "null"')
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    assert constant_columns(load_rules(path)) == {"p_dnr"}


def test_an_e_mail_placeholder_must_still_be_on_a_reserved_domain() -> None:
    # A placeholder address on a real domain could still reach somebody.
    assert "validity" in _checks_naming(
        _audit("p_email", "x@gmail.com", frozenset({"p_email"})), "p_email"
    )
    assert (
        _checks_naming(_audit("p_email", "x@example.com", frozenset({"p_email"})), "p_email")
        == set()
    )
