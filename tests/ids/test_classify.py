"""Classification: one value and whole columns agree, and agree with the kind modules."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.ids import IdKind, classify, classify_series, dnr, fh, fnr, hnr, passport, synthetic
from washer.testing import strategies as ids_st

BY_KIND = {
    IdKind.FNR: ids_st.fodselsnummer(),
    IdKind.DNR: ids_st.d_numbers(),
    IdKind.HNR: ids_st.h_numbers(),
    IdKind.SYNTHETIC_FNR: ids_st.synthetic_numbers(kind="fnr"),
    IdKind.SYNTHETIC_DNR: ids_st.synthetic_numbers(kind="dnr"),
    IdKind.FH: ids_st.fh_numbers(),
    IdKind.PASSPORT: ids_st.passport_numbers(),
    IdKind.MALFORMED: ids_st.malformed_ids(),
}
ANY_KIND = st.sampled_from(list(BY_KIND)).flatmap(
    lambda kind: BY_KIND[kind].map(lambda v: (kind, v))
)
NOISE = st.sampled_from(["", " ", "-", ".", "\u00a0", "\t"])


@st.composite
def spelled(draw: st.DrawFn, value: str) -> str:
    """The value with separators sprinkled in and letters in either case."""
    out = [draw(NOISE)]
    for char in value:
        out.append(char.lower() if draw(st.booleans()) else char)
        out.append(draw(NOISE))
    return "".join(out)


@settings(deadline=None, max_examples=50)
@given(pair=ANY_KIND)
def test_strategies_give_their_kind(pair: tuple[IdKind, str]) -> None:
    kind, value = pair
    assert classify(value) == kind


@settings(deadline=None, max_examples=50)
@given(pairs=st.lists(ANY_KIND, max_size=30), data=st.data())
def test_series_agrees_with_scalar(pairs: list[tuple[IdKind, str]], data: st.DataObject) -> None:
    values: list[str | None] = [data.draw(spelled(v)) for _, v in pairs]
    values += [data.draw(st.text(max_size=14)) for _ in range(5)]
    values.append(None)
    got = classify_series(pl.Series(values, dtype=pl.String))
    assert got.name == "kind"
    assert got.to_list() == [str(classify(v)) for v in values]
    assert [str(k) for k, _ in pairs] == got.to_list()[: len(pairs)]


@settings(deadline=None, max_examples=50)
@given(value=st.one_of(*BY_KIND.values(), st.text(max_size=14)))
def test_classification_agrees_with_kind_modules(value: str) -> None:
    kind = classify(value)
    modules = {
        IdKind.FNR: fnr,
        IdKind.DNR: dnr,
        IdKind.HNR: hnr,
        IdKind.FH: fh,
        IdKind.PASSPORT: passport,
    }
    for k, module in modules.items():
        assert module.is_valid(value) == (kind == k)
    assert synthetic.is_valid(value) == (kind in (IdKind.SYNTHETIC_FNR, IdKind.SYNTHETIC_DNR))


@settings(deadline=None, max_examples=50)
@given(
    number=st.one_of(
        ids_st.fodselsnummer(rule="2032"),
        ids_st.d_numbers(rule="2032"),
        ids_st.synthetic_numbers(rule="2032"),
    )
)
def test_2032_rule_numbers_are_their_kind(number: str) -> None:
    assert classify(number) not in (IdKind.MALFORMED, IdKind.PASSPORT)


def test_empty_values() -> None:
    values = [None, "", "  ", " - . "]
    assert classify_series(pl.Series(values, dtype=pl.String)).to_list() == ["empty"] * 4
    assert all(classify(v) == IdKind.EMPTY for v in values)


def test_empty_column() -> None:
    assert classify_series(pl.Series([], dtype=pl.String)).to_list() == []
