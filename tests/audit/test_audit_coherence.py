"""Validity and coherence: each broken property of a clean wash is reported where it is."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest
from audit_planting import plant

from washer.audit import audit_frames, name_pools
from washer.audit.report import Finding


def _found(extract: pl.DataFrame, washed: pl.DataFrame, check: str) -> dict[str, Finding]:
    report = audit_frames([extract], [washed])
    return {f.kind: f for f in report.by_check(check)}


def _row(frame: pl.DataFrame, condition: pl.Expr) -> int:
    return int(frame.with_row_index().filter(condition)["index"][0])


def test_a_real_form_id_is_not_synthetic(extract: pl.DataFrame, washed: pl.DataFrame) -> None:
    row = _row(washed, pl.col("p_unique_id").str.slice(2, 1) == "8")
    found = _found(extract, plant(washed, "p_unique_id", row, "15108695088"), "validity")
    assert found["not_synthetic"].rows == (row + 1,)


def test_a_wrong_check_digit_is_invalid(extract: pl.DataFrame, washed: pl.DataFrame) -> None:
    row = _row(washed, pl.col("p_unique_id").str.contains(r"^\d{11}$"))
    fake = washed["p_unique_id"][row]
    broken = fake[:10] + str((int(fake[10]) + 1) % 10)
    found = _found(extract, plant(washed, "p_unique_id", row, broken), "validity")
    assert found["check_digits"].rows == (row + 1,)


def test_the_id_date_must_be_the_birth_date(extract: pl.DataFrame, washed: pl.DataFrame) -> None:
    row = _row(washed, pl.col("p_unique_id").str.contains(r"^\d{11}$"))
    found = _found(extract, plant(washed, "p_birth_date", row, "1901-01-01"), "validity")
    assert found["id_date"].rows == (row + 1,)


@pytest.mark.parametrize("spelling", [" {iso}", "\t{iso}", "  {iso}T00:00:00", " {dotted}"])
def test_a_birth_date_after_blanks_is_read_as_written(
    extract: pl.DataFrame, washed: pl.DataFrame, spelling: str
) -> None:
    """The wash keeps a birth date's leading blanks; the audit read `` 1977-03-23`` as its
    first ten characters, `` 1977-03-2``, polars as 2 March, and refused a right wash."""
    dated = pl.col("p_unique_id").str.contains(r"^\d{11}$") & pl.col("p_birth_date").is_not_null()
    rows = washed.with_row_index().filter(dated)["index"].head(20).to_list()
    written = washed
    for row in rows:
        iso = washed["p_birth_date"][row]
        dotted = f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}"
        written = plant(written, "p_birth_date", row, spelling.format(iso=iso, dotted=dotted))
    assert "id_date" not in _found(extract, written, "validity")


def test_first_name_must_match_the_gender_digit(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    gender = name_pools().gender
    male = next(n for n in ("Ole", "Per", "Lars", "Knut") if gender.get(n.lower()) == "M")
    female_id = pl.col("p_unique_id").str.contains(r"^\d{11}$") & (
        pl.col("p_unique_id").str.slice(8, 1).cast(pl.Int32, strict=False) % 2 == 0
    )
    row = _row(washed, female_id & (pl.col("p_unique_id").str.slice(0, 1) <= "7"))
    found = _found(extract, plant(washed, "p_first_name", row, male), "validity")
    assert (row + 1) in found["gender"].rows


def test_reserved_email_domains_and_orgnr_check_digits(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    broken = plant(washed, "p_email", 0, "kari@gmail.com")
    row = _row(washed, pl.col("a_employer_org_number").is_not_null())
    broken = plant(broken, "a_employer_org_number", row, "123456789")
    found = _found(extract, broken, "validity")
    assert found["email_domain"].rows == (1,)
    assert found["orgnr_check_digit"].rows == (row + 1,)


def _repeated_person(extract: pl.DataFrame) -> list[int]:
    """The rows of the first person (by id) who has more than one row."""
    rows = extract.with_row_index().filter(pl.col("p_unique_id").is_not_null())
    groups = rows.group_by("p_unique_id").agg(pl.col("index").sort())
    groups = groups.filter(pl.col("index").list.len() > 1).sort(pl.col("index").list.first())
    return list(groups["index"][0].to_list())


def test_one_person_one_set_of_fakes(extract: pl.DataFrame, washed: pl.DataFrame) -> None:
    rows = _repeated_person(extract)
    found = _found(extract, plant(washed, "p_last_name", rows[-1], "Annetnavn"), "coherence")
    assert found["one_fake"].column == "p_last_name"
    assert set(found["one_fake"].rows) == {r + 1 for r in rows}


def test_two_persons_one_fake_id(extract: pl.DataFrame, washed: pl.DataFrame) -> None:
    ids = washed.with_row_index().filter(pl.col("p_unique_id").str.contains(r"^\d{11}$"))
    a, b = ids.unique("p_unique_id", keep="first").sort("index")["index"][:2].to_list()
    found = _found(extract, plant(washed, "p_unique_id", b, washed["p_unique_id"][a]), "coherence")
    assert b + 1 in found["shared_fake"].rows


def test_dnr_stays_equal_to_unique_id(extract: pl.DataFrame, washed: pl.DataFrame) -> None:
    row = _row(extract, pl.col("p_dnr") == pl.col("p_unique_id"))
    other = washed.filter(pl.col("p_dnr").is_not_null())["p_dnr"].unique().sort()
    replacement = next(v for v in other if v != washed["p_dnr"][row])
    found = _found(extract, plant(washed, "p_dnr", row, replacement), "coherence")
    assert found["ids_equal"].rows[0] == row + 1
    assert found["ids_equal"].column == "p_unique_id = p_dnr"


def test_an_id_column_emptied_by_its_rule_is_no_broken_equality(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    # p_unique_id ruled "null": its fakes are gone, p_dnr keeps its own; still, one wrong
    # p_dnr of a person must be found, and a wholly emptied p_dnr must not hide it.
    assert extract.filter(pl.col("p_dnr") == pl.col("p_unique_id")).height
    emptied = washed.with_columns(pl.lit(None, dtype=pl.String).alias("p_unique_id"))
    assert "ids_equal" not in _found(extract, emptied, "coherence")
    emptied = washed.with_columns(pl.lit(None, dtype=pl.String).alias("p_dnr"))
    assert "ids_equal" not in _found(extract, emptied, "coherence")
    row = _row(extract, pl.col("p_dnr") == pl.col("p_unique_id"))
    one_gone = washed.with_columns(washed["p_dnr"].scatter(row, None))
    assert _found(extract, one_gone, "coherence")["ids_equal"].rows == (row + 1,)


def test_employers_stay_told_apart_by_their_number_when_it_is_dropped(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    # Two employers of one name (different numbers) get two fake names: no finding, with the
    # number column washed or dropped; one employer with two fake names is still found.
    orgnrs = extract.filter(pl.col("a_employer_org_number").is_not_null())
    first, second = orgnrs["a_employer_org_number"].unique().sort()[:2]
    name = orgnrs.filter(pl.col("a_employer_org_number") == first)["a_employer_name"][0]
    same_name = extract.with_columns(
        pl.when(pl.col("a_employer_org_number") == second)
        .then(pl.lit(name))
        .otherwise(pl.col("a_employer_name"))
        .alias("a_employer_name")
    )
    for out in (washed, washed.drop("a_employer_org_number")):
        assert "one_fake" not in _found(same_name, out, "coherence")
    row = _row(extract, pl.col("a_employer_org_number") == first)
    others = extract.with_row_index().filter(
        (pl.col("a_employer_org_number") == first) & (pl.col("index") != row)
    )
    assert others.height
    broken = plant(washed.drop("a_employer_org_number"), "a_employer_name", row, "Annet Firma AS")
    assert (row + 1) in _found(extract, broken, "coherence")["one_fake"].rows


def test_a_fake_id_keeps_its_kind(extract: pl.DataFrame, washed: pl.DataFrame) -> None:
    row = _row(extract, pl.col("p_unique_id").str.slice(0, 1).is_in(["0", "1", "2", "3"]))
    found = _found(extract, plant(washed, "p_unique_id", row, "55888545750"), "coherence")
    assert found["id_kind"].rows == (row + 1,)


@pytest.mark.parametrize("change", [lambda f: f.head(-1), lambda f: pl.concat([f, f.head(1)])])
def test_rows_must_stay_one_to_one(
    extract: pl.DataFrame, washed: pl.DataFrame, change: Callable[[pl.DataFrame], pl.DataFrame]
) -> None:
    report = audit_frames([extract], [change(washed)])
    kinds = [f.kind for f in report.by_check("coherence")]
    assert kinds == ["row_count"]
    assert report.counts["row pairs compared"] == 0
