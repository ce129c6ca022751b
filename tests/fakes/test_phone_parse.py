"""The phone parser's fast paths give what the plain one gave, on any string."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes._bytes import ValueBytes
from washer.fakes._digits import digits_of
from washer.fakes.phones import (
    _CC_BY_PREFIX,
    _SEPARATORS,
    _parsed,
    national_numbers,
    normalize_phone,
    phone_parts,
)


def _parsed_reference(s: pl.Series, default_country: str) -> pl.DataFrame:
    """The parser as it was before its fast paths (one plain pass over every value)."""
    clean = pl.col("v").str.strip_chars().str.replace_all("(0)", "", literal=True)
    frame = pl.DataFrame({"v": s}).select(clean.str.replace_all(_SEPARATORS, "").alias("t"))
    t = pl.col("t")
    n = t.str.len_chars()
    national: pl.Expr
    if default_country == "47":
        national = (
            pl.when((n == 8) & t.str.contains("^[2-9]"))
            .then(pl.lit("47") + t)
            .when((n == 10) & t.str.contains("^47[2-9]"))
            .then(t)
        )
    else:
        national = pl.when(n.is_between(6, 12)).then(
            pl.lit(default_country) + t.str.strip_prefix("0")
        )
    intl = (
        pl.when(t.str.starts_with("+"))
        .then(t.str.slice(1))
        .when(t.str.starts_with("00"))
        .then(t.str.slice(2))
        .otherwise(national)
    )
    intl_ok = pl.when(t.str.contains(r"^(\+|00)?[0-9]+$")).then(intl)
    cc = pl.col("intl").str.slice(0, 3).replace_strict(_CC_BY_PREFIX, default=None)
    frame = frame.select(intl_ok.alias("intl")).with_columns(cc.alias("cc"))
    frame = frame.with_columns(pl.col("intl").str.slice(pl.col("cc").str.len_chars()).alias("nat"))
    nat = pl.col("nat")
    nlen = nat.str.len_chars()
    valid = (
        pl.col("intl").str.contains("^[1-9]")
        & nlen.is_between(4, 14)
        & ((pl.col("cc").str.len_chars() + nlen) <= 15)
        & ((pl.col("cc") != "47") | (nlen == 8))
    )
    return frame.select(
        pl.when(valid).then(pl.col("cc")).alias("cc"),
        pl.when(valid).then(nat).alias("national"),
    )


# Digits (ASCII and not), the prefixes, every kind of separator, a trunk mark, letters.
_SEPARATOR_PIECES = ["(0)", "(", ")", " ", "\u00a0", "-", ".", "/", "\u2013", "\u2212", "\t"]
_PIECES = st.sampled_from(
    [
        *"0123456789",
        *_SEPARATOR_PIECES,
        "+",
        "00",
        "47",
        "+47",
        "0047",
        "a",
        "X",
        "\u0663",
        "\u00e6",
    ]
)


@st.composite
def phone_like(draw: st.DrawFn) -> str | None:
    """Mostly strings built from a phone number's pieces; sometimes any text, or none."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return None
    if kind == 1:
        return draw(st.text(max_size=20))
    return "".join(draw(st.lists(_PIECES, max_size=18)))


@settings(max_examples=300)
@given(
    values=st.lists(phone_like(), max_size=40),
    country=st.sampled_from(["47", "46", "1", "358", "7"]),
)
def test_parsed_equals_the_plain_parser(values: list[str | None], country: str) -> None:
    s = pl.Series(values, dtype=pl.String)
    before = s.clone()
    assert _parsed(s, country).equals(_parsed_reference(s, country))
    assert s.equals(before)  # the input is not rewritten in place


def test_parsed_on_the_layouts_of_one_number() -> None:
    values = ["+47 912 34 567", "0047 (0)91234567", " 4791234567 ", "912-34-567", "+4", "+"]
    s = pl.Series([*values, "00", "0091234567", "4701234567", "+0047", "", None])
    assert _parsed(s, "47").equals(_parsed_reference(s, "47"))


@settings(max_examples=300)
@given(values=st.lists(st.one_of(st.none(), phone_like(), st.text(max_size=12)), max_size=40))
def test_digits_of_equals_removing_every_non_digit(values: list[str | None]) -> None:
    s = pl.Series(values, dtype=pl.String)
    before = s.clone()
    assert digits_of(s).equals(s.str.replace_all(r"\D", ""))
    assert s.equals(before)


@settings(max_examples=300)
@given(
    values=st.lists(phone_like(), max_size=40),
    repeats=st.integers(1, 3),
    country=st.sampled_from(["47", "46", "358"]),
)
def test_phone_parts_equal_normalize_and_national(
    values: list[str | None], repeats: int, country: str
) -> None:
    # Repeated values too: normalize_phone then works per distinct value.
    s = pl.Series(values * repeats, dtype=pl.String)
    parts = phone_parts(s, default_country=country)
    assert parts["normalised"].equals(
        normalize_phone(s, default_country=country), check_names=False
    )
    assert parts["national"].equals(national_numbers(s, default_country=country), check_names=False)
    assert parts.height == len(s)


@st.composite
def plain_number(draw: st.DrawFn) -> str | None:
    """ASCII digits after at most a ``+`` (what the byte reader takes), often shaped like a
    number with its country code or ``00``; sometimes null or empty."""
    kind = draw(st.integers(0, 12))
    if kind == 0:
        return None
    if kind == 1:
        return draw(st.sampled_from(["", "+", "00", "+0", "47", "+47"]))
    lead = draw(st.sampled_from(["", "+", "00", "47", "+47", "0047", "+1", "+358", "+0"]))
    first = draw(st.sampled_from("0123456789"))  # of the digits after the lead
    more = draw(st.integers(0, 15))  # so every length (8 and 10 above all) is drawn
    return lead + first + draw(st.text(alphabet="0123456789", min_size=more, max_size=more))


@settings(max_examples=300)
@given(
    values=st.lists(plain_number(), max_size=40),
    others=st.lists(phone_like(), max_size=3),
    at=st.integers(0, 40),
)
def test_plain_numbers_parse_as_the_plain_parser(
    values: list[str | None], others: list[str | None], at: int
) -> None:
    # Every value read from its bytes, or those mixed with values of any other shape.
    for mixed in (values, [*values[:at], *others, *values[at:]]):
        s = pl.Series(mixed, dtype=pl.String)
        assert _parsed(s, "47").equals(_parsed_reference(s, "47"))


def test_plain_numbers_of_every_kind_parse_as_the_plain_parser() -> None:
    values = ["12345678", "23456789", "4712345678", "4723456789", "+4723456789", "0047123"]
    edges = ["", "+", "00", "+0", "+00", "0012", "+1", "+12", "+123", "+4712345678901", None]
    for mixed in (values + edges, [*values, "-23456789", *edges]):
        s = pl.Series(mixed, dtype=pl.String)
        assert _parsed(s, "47").equals(_parsed_reference(s, "47"))


@given(values=st.lists(st.none() | st.text(max_size=6), max_size=8), k=st.integers(0, 7))
def test_value_bytes_at_reads_each_values_byte(values: list[str | None], k: int) -> None:
    data = ValueBytes(pl.Series(values, dtype=pl.String))
    raw = [(v or "").encode("utf-8") for v in values]
    assert data.at(k).tolist() == [b[k] if k < len(b) else -1 for b in raw]
    assert data.at(k).dtype == np.int64
