"""Reading fake ids: the test vectors of docs/norwegian-ids.md and python-stdnum agree."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer, orgnr

from washer.audit._idcheck import analyse_ids, orgnr_valid
from washer.testing._standin_data import dated_ids

# number, form, classic, 2032, synthetic, birth date (published vectors)
VECTORS = [
    ("15088545610", "fnr", True, True, False, "1985-08-15"),
    ("01019070022", "fnr", True, True, False, "1890-01-01"),
    ("01015095012", "fnr", True, True, False, "1950-01-01"),
    ("55088545604", "dnr", True, True, False, "1985-08-15"),
    ("69020050071", "dnr", True, True, False, "2000-02-29"),
    ("15888545686", "fnr", True, True, True, "1985-08-15"),
    ("55888545750", "dnr", True, True, True, "1985-08-15"),
    ("81234567802", "fh", True, True, False, None),
    ("91234510024", "fh", True, True, False, None),
    ("02013299903", "fnr", False, True, False, "2032-01-02"),
    ("30108299939", "fnr", False, True, False, "1982-10-30"),
    ("20036914712", "fnr", False, False, False, "1969-03-20"),
    ("29020105729", "fnr", True, True, False, None),
]


@pytest.mark.parametrize(("number", "form", "classic", "v2032", "synthetic", "birth"), VECTORS)
def test_published_vectors(
    number: str, form: str, classic: bool, v2032: bool, synthetic: bool, birth: str | None
) -> None:
    row = analyse_ids(pl.Series([number])).row(0, named=True)
    assert (row["form"], row["classic"], row["valid"], row["synthetic"]) == (
        form,
        classic,
        v2032,
        synthetic,
    )
    if classic:
        assert row["birth_date"] == birth


def test_skatteetaten_synthetic_examples_are_synthetic() -> None:
    examples = [
        "17912099997",
        "29822099635",
        "05840399895",
        "12829499914",
        "57912075186",
        "69822075096",
        "45840375084",
        "52829400197",
    ]
    facts = analyse_ids(pl.Series(examples))
    assert facts["synthetic"].all() and facts["valid"].all() and facts["date_ok"].all()


def test_separators_and_junk() -> None:
    facts = analyse_ids(pl.Series(["150885 45610", "1508854561", "FA1234567", None, ""]))
    assert facts["numeric"].to_list() == [True, False, False, False, False]
    assert facts["form"].to_list()[1:] == [None, None, None, None]


@settings(deadline=None)
@given(st.from_regex(r"\A[0-7][0-9]{10}\Z"))
def test_whatever_stdnum_accepts_is_classic_valid(number: str) -> None:
    row = analyse_ids(pl.Series([number])).row(0, named=True)
    if fodselsnummer.is_valid(number):
        assert row["classic"] and row["valid"] and not row["synthetic"]
        h_number = int(number[2:4]) > 40  # month + 40: stdnum accepts it, a fake must not be one
        assert row["date_ok"] != h_number
        assert row["female"] == (fodselsnummer.get_gender(number) == "F")


@settings(deadline=None)
@given(st.from_regex(r"\A[0-9]{9}\Z"))
def test_orgnr_check_digit_agrees_with_stdnum(number: str) -> None:
    assert orgnr_valid(pl.Series([number]))[0] == orgnr.is_valid(number)


@settings(deadline=None)
@given(st.dates(), st.booleans(), st.booleans())
def test_synthetic_ids_carry_their_date_and_gender(date: object, female: bool, dnr: bool) -> None:
    birth = np.array([np.datetime64(str(date))])
    if not 1940 <= birth.astype("datetime64[Y]").astype(int)[0] + 1970 <= 2039:
        return
    number = dated_ids(
        np.random.default_rng(0), birth, np.array([female]), day_add=40 if dnr else 0, month_add=80
    )[0]
    row = analyse_ids(pl.Series([number])).row(0, named=True)
    assert row["synthetic"] and row["valid"] and row["form"] == ("dnr" if dnr else "fnr")
    assert row["birth_date"] == str(date) and row["female"] == female


@settings(deadline=None)
@given(st.from_regex(r"\A[0-7][0-9](0[1-9]|1[0-2]|8[1-9]|9[0-2])[0-9]{7}\Z"))
def test_synthetic_means_what_washer_ids_says(number: str) -> None:
    from washer.ids import classify_series

    row = analyse_ids(pl.Series([number])).row(0, named=True)
    kind = str(classify_series(pl.Series([number]))[0])
    assert (row["valid"] and row["synthetic"] and row["date_ok"]) == kind.startswith("synthetic")
    if kind in ("fnr", "dnr"):
        assert row["valid"] and not row["synthetic"] and row["form"] == kind
