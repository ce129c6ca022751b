"""Re-identification risk (k-anonymity) and utility (total variation distance)."""

from __future__ import annotations

import random
from collections import Counter

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit import AuditOptions, audit_frames
from washer.audit.utility import tvd

QI = ("p_birth_date", "municipality_number", "p_country_of_residence")


def _records(classes: dict[tuple[str, str, str], int]) -> pl.DataFrame:
    rows = [key for key, size in classes.items() for _ in range(size)]
    return pl.DataFrame(rows, schema=list(QI), orient="row")


CLASSES = {
    ("1980-01-01", "0301", "Norge"): 6,
    ("1980-12-31", "0301", "Norge"): 0,  # same birth year as the first: merges into it
    ("1990-05-05", "4601", "Polen"): 2,
    ("2001-02-03", "5001", "Sverige"): 1,
}


def test_class_sizes_smallest_class_and_share_below_k() -> None:
    frame = _records(CLASSES | {("1980-12-31", "0301", "Norge"): 3})
    report = audit_frames([], [frame], options=AuditOptions(k=5, quasi_identifiers=QI))
    risk = report.risk
    assert risk is not None
    assert (risk.washed.records, risk.washed.classes, risk.washed.smallest) == (12, 3, 1)
    assert risk.washed.records_below_k == 3
    assert risk.washed.share_below_k == pytest.approx(3 / 12)
    assert dict(risk.washed.histogram) == {
        "1": 1,
        "2": 2,
        "3-4": 0,
        "5-9": 9,
        "10-19": 0,
        "20-49": 0,
        "50-99": 0,
        "100+": 0,
    }
    assert report.ok  # no threshold: measured, not enforced


def test_threshold_fails_the_audit_and_the_original_is_shown() -> None:
    frame = _records(CLASSES)
    strict = AuditOptions(k=2, max_share_below_k=0.05, quasi_identifiers=QI)
    report = audit_frames([frame], [frame], options=strict)
    assert report.risk is not None and report.risk.original == report.risk.washed
    assert [f.kind for f in report.by_check("risk")] == ["k_anonymity"]
    lenient = AuditOptions(k=2, max_share_below_k=0.2, quasi_identifiers=QI)
    assert not audit_frames([frame], [frame], options=lenient).by_check("risk")


def test_gender_digit_is_a_quasi_identifier() -> None:
    ids = pl.DataFrame({"p_unique_id": ["15888545686", "55888545750", "FA1234567"]})
    report = audit_frames([], [ids], options=AuditOptions(quasi_identifiers=("p_unique_id",)))
    assert report.risk is not None
    assert report.risk.washed.classes == 3  # F, M and unknown


SAMPLES = st.lists(st.sampled_from(["a", "b", "c", None]), min_size=1, max_size=40)


@settings(deadline=None)
@given(SAMPLES, SAMPLES)
def test_tvd_is_a_distance_between_0_and_1(a: list[str | None], b: list[str | None]) -> None:
    x, y = pl.Series(a, dtype=pl.String), pl.Series(b, dtype=pl.String)
    d = tvd(x, y)
    assert 0 <= d <= 1 + 1e-12
    assert d == pytest.approx(tvd(y, x))
    assert tvd(x, x) == 0
    assert tvd(x, x.sample(fraction=1.0, shuffle=True, seed=1)) == pytest.approx(0)


@settings(deadline=None)
@given(
    st.lists(st.integers(0, 60).map(str), min_size=1, max_size=300),
    st.lists(st.integers(0, 60).map(str), min_size=1, max_size=300),
    st.randoms(use_true_random=False),
)
def test_tvd_is_exactly_the_same_whatever_the_order_of_the_rows(
    a: list[str], b: list[str], rnd: random.Random
) -> None:
    # Reports are compared byte for byte between runs: the distance may not depend on the
    # order in which the counts happen to be added.
    shuffled_a, shuffled_b = a[:], b[:]
    rnd.shuffle(shuffled_a)
    rnd.shuffle(shuffled_b)
    got = tvd(pl.Series(shuffled_a), pl.Series(shuffled_b))
    assert got == tvd(pl.Series(a), pl.Series(b))
    counts_a, counts_b = Counter(a), Counter(b)
    apart = sum(abs(counts_a[v] * len(b) - counts_b[v] * len(a)) for v in {*a, *b})
    assert got == apart / (2 * len(a) * len(b))


def test_tvd_of_disjoint_values_is_one() -> None:
    assert tvd(pl.Series(["a", "a"]), pl.Series(["b"])) == 1


def test_utility_aligns_dates_by_the_run_offset(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    report = audit_frames([extract], [washed])
    by_column = {d.column: d for d in report.distances}
    assert by_column["a_date"].measure == "date" and by_column["a_date"].tvd == 0
    assert by_column["municipality_number"].tvd == 0
    assert by_column["p_birth_date"].measure == "age"
    moved = washed.with_columns(municipality_number=pl.lit("0301"))
    report = audit_frames([extract], [moved], options=AuditOptions(max_tvd=0.2))
    worst = {f.column for f in report.by_check("utility")}
    assert worst == {"municipality_number"}
    histograms = {h.title.split(":")[0] for h in report.histograms}
    assert {"a_date", "Age at the trip date (years)"} <= histograms
