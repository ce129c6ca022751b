"""Normal forms: spellings of one value compare equal, different values do not."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit import normalise as norm


def _apply(fn: object, value: str) -> object:
    return pl.DataFrame({"v": [value]}).select(fn(pl.col("v"))).item()  # type: ignore[operator]


@pytest.mark.parametrize(
    "spelling",
    [
        "+47 912 34 567",
        "004791234567",
        "91234567",
        "+4791234567",
        "4791234567",
        " 912 34 567 ",
        "0047 912-34-567",
    ],
)
def test_phone_formats_are_one_number(spelling: str) -> None:
    assert _apply(norm.phone, spelling) == "4791234567"


def test_foreign_phone_keeps_its_country_code() -> None:
    assert _apply(norm.phone, "+46 70 123 45 67") == _apply(norm.phone, "0046701234567")
    assert _apply(norm.phone, "+46 70 123 45 67") != _apply(norm.phone, "70 12 34 56")
    assert _apply(norm.phone, "+44 (0)20 7946 0958") == _apply(norm.phone, "00442079460958")


def test_too_short_is_not_a_phone() -> None:
    assert _apply(norm.phone, "1234567") is None


NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåéüABCÆØÅ", min_size=1, max_size=12)


@settings(deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=4))
def test_case_accents_spacing_and_mojibake_do_not_matter(words: list[str]) -> None:
    value = " ".join(words)
    reference = _apply(norm.text, value)
    assert _apply(norm.text, value.upper()) == reference
    assert _apply(norm.text, "  " + "   ".join(words) + " ") == reference
    assert _apply(norm.text, value.encode("utf-8").decode("cp1252")) == reference


@pytest.mark.parametrize("letter", list("æøåÆØÅéüö"))
def test_utf8_read_as_cp1252_is_repaired(letter: str) -> None:
    name = f"Bj{letter}rnsen"
    mangled = name.encode("utf-8").decode("cp1252")
    assert mangled != name
    assert _apply(norm.text, mangled) == _apply(norm.text, name)


@settings(deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_fast_path_agrees_with_text(value: str) -> None:
    assert _apply(norm.ascii_text, value) == _apply(norm.text, value)


@settings(deadline=None)
@given(st.lists(st.text(max_size=20), max_size=30))
def test_text_values_keeps_order_and_agrees_with_text(values: list[str]) -> None:
    series = pl.Series(values, dtype=pl.String)
    expected = pl.DataFrame({"v": series}).select(norm.text(pl.col("v")))["v"].to_list()
    assert norm.text_values(series).to_list() == expected


def test_letters_and_digits_split_so_house_numbers_agree() -> None:
    assert _apply(norm.text, "Storgata 12B") == _apply(norm.text, "storgata 12 b")
    assert _apply(norm.text, "Storgata 12B") != _apply(norm.text, "Storgata 12")


def test_digit_runs_skip_dates_and_keep_spaced_numbers() -> None:
    runs = _apply(norm.digit_runs, "2021-09-04T22:05:37+02:00 ring 912 34 567, fnr 150885 45610")
    assert runs.to_list() == ["912 34 567", "150885 45610"]  # type: ignore[attr-defined]


def test_emails_are_found_inside_text_in_lower_case() -> None:
    found = _apply(norm.emails, "Send til Ola.N@Example.COM, takk")
    assert found.to_list() == ["ola.n@example.com"]  # type: ignore[attr-defined]


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="aZ09 -./_\t@(", max_size=16))
def test_ascii_fast_path_splits_letters_digits_and_separators_as_text_does(value: str) -> None:
    """Dense in what the fast path splits on: letter/digit borders and separators."""
    assert _apply(norm.ascii_text, value) == _apply(norm.text, value)
