"""``style = "realistic"`` ids: a wash that asks for them publishes, and its audit holds.

The audit learns from the rule file (the wash's own, or ``washer audit --rules``) which id
columns were asked to be realistic: there an fnr or D-number needs no synthetic mark, but an
original id is still a leak, and a real-form fake must never be another original of the run.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

from washer.generate import generate_extract
from washer.ids import classify
from washer.tables.collisions import redraw_real_form_ids
from washer.testing.strategies import d_numbers
from washer.testing.strategies import fodselsnummer as fnrs

from ._checks import fake_id_date, read, run_cli, wash_cli

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = ROOT / "fixtures" / "demo.key"
IDS = ("p_unique_id", "p_dnr", "p_fh_number")


def _realistic_rules(path: Path) -> Path:
    text = RULES.read_text(encoding="utf-8")
    for column in IDS:
        old = f'{column} = {{ transform = "person_id" }}'
        assert old in text
        new = f'{column} = {{ transform = "person_id", style = "realistic" }}'
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def _wash(extract: Path, rules: Path, out: Path, *more: str) -> tuple[int, str]:
    return wash_cli(extract, rules, out, KEY, *more)


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "extract.csv"
    generate_extract(600, seed=3, reference_date=dt.date(2021, 3, 31)).write_csv(path)
    return path


@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _realistic_rules(tmp_path_factory.mktemp("rules") / "realistic.toml")


@pytest.fixture(scope="module")
def washed(extract: Path, realistic: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("washed") / "out"
    code, output = _wash(extract, realistic, out)
    assert code == 0, output
    return out


def test_a_realistic_wash_publishes_real_form_ids_dated_like_the_birth_date(
    extract: Path, washed: Path
) -> None:
    original = pl.read_csv(extract, infer_schema=False)
    frame = read(washed / "extract.csv")
    numbers = frame.filter(pl.col("p_unique_id").str.contains(r"^[0-7]\d{10}$"))
    assert numbers.height > 100
    for fake, birth in numbers.select("p_unique_id", "p_birth_date").iter_rows():
        assert fodselsnummer.is_valid(fake), "a realistic fake passes python-stdnum"
        assert int(fake[2:4]) <= 12, "no synthetic mark"
        assert fake_id_date(fake) == dt.date.fromisoformat(birth)
    originals = set(original["p_unique_id"].drop_nulls()) | set(original["p_dnr"].drop_nulls())
    assert not originals & set(frame["p_unique_id"].drop_nulls())


def test_the_audit_accepts_realistic_ids_only_where_the_rules_asked_for_them(
    extract: Path, washed: Path, realistic: Path, tmp_path: Path
) -> None:
    code, output = run_cli(
        "audit", str(extract), "--washed", str(washed), "--rules", str(realistic)
    )
    assert code == 0, output
    # Without the rule file the audit cannot know: real-form numbers are refused.
    report = tmp_path / "r.json"
    code, _ = run_cli("audit", str(extract), "--washed", str(washed), "--report", str(report))
    assert code == 1
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert {f["column"] for f in findings if f["kind"] == "not_synthetic"} == {
        "p_unique_id",
        "p_dnr",
    }


def test_an_original_id_in_a_realistic_column_is_still_refused(
    extract: Path, washed: Path, realistic: Path, tmp_path: Path
) -> None:
    original = pl.read_csv(extract, infer_schema=False)
    frame = read(washed / "extract.csv")
    fnr_rows = original.with_row_index().filter(pl.col("p_unique_id").str.contains(r"^[0-3]"))
    row = int(fnr_rows["index"][3])
    planted = frame.with_columns(frame["p_unique_id"].scatter(row, original["p_unique_id"][row]))
    out = tmp_path / "washed"
    out.mkdir()
    planted.write_csv(out / "extract.csv")
    report = tmp_path / "r.json"
    code, _ = run_cli(
        "audit",
        str(extract),
        "--washed",
        str(out),
        "--rules",
        str(realistic),
        "--report",
        str(report),
    )
    assert code == 1
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert any(f["check"] == "leak" and f["column"] == "p_unique_id" for f in findings)


def test_a_realistic_fake_that_is_another_travellers_id_is_drawn_again(
    extract: Path, washed: Path, realistic: Path, tmp_path: Path
) -> None:
    # Make traveller B's fnr the realistic fake of traveller A's: the wash may not publish
    # that fake (it is B's real number); A gets another one, with the same date.
    original = pl.read_csv(extract, infer_schema=False)
    frame = read(washed / "extract.csv")
    fnr_rows = original.with_row_index().filter(
        pl.col("p_unique_id").str.contains(r"^[0-3]\d{10}$") & pl.col("p_dnr").is_null()
    )
    a = int(fnr_rows["index"][0])
    a_id, fake = original["p_unique_id"][a], frame["p_unique_id"][a]
    b_id = next(v for v in fnr_rows["p_unique_id"] if v != a_id)
    birth = str(fake_id_date(fake))
    changed = original.with_columns(
        pl.when(pl.col("p_unique_id") == b_id)
        .then(pl.lit(fake))
        .otherwise(pl.col("p_unique_id"))
        .alias("p_unique_id"),
        pl.when(pl.col("p_unique_id") == b_id)
        .then(pl.lit(birth))
        .otherwise(pl.col("p_birth_date"))
        .alias("p_birth_date"),
    )
    path = tmp_path / "extract.csv"
    changed.write_csv(path)
    code, output = _wash(path, realistic, tmp_path / "out")
    assert code == 0, output
    again = read(tmp_path / "out" / "extract.csv")
    new = again["p_unique_id"][a]
    assert new != fake and fodselsnummer.is_valid(new)
    assert fake_id_date(new) == fake_id_date(fake)
    assert int(new[8]) % 2 == int(fake[8]) % 2
    assert fake not in set(again["p_unique_id"].drop_nulls())


@settings(max_examples=60, deadline=None)
@given(
    numbers=st.lists(st.one_of(fnrs(), d_numbers()), min_size=2, max_size=12, unique=True),
    seed=st.integers(0, 2**32),
)
def test_redrawn_real_form_fakes_keep_date_gender_and_rule_and_avoid_every_id(
    numbers: list[str], seed: int
) -> None:
    # Every fake is another original (the worst case): all are drawn again.
    rng = random.Random(seed)
    fakes = numbers[1:] + numbers[:1]
    kinds = [classify(n) for n in numbers]
    table = pl.DataFrame({"norm": numbers, "kind": kinds, "fake": fakes})
    redrawn = redraw_real_form_ids(table, pl.Series([], dtype=pl.String), rng.randbytes(32))
    new = redrawn["fake"].to_list()
    assert len(set(new)) == len(new)
    assert not set(new) & set(numbers)
    for old, fake in zip(fakes, new, strict=True):
        assert fake[:6] == old[:6] and int(fake[8]) % 2 == int(old[8]) % 2
        assert classify(fake) == classify(old)
