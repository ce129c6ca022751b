"""The lookup keys of values (washer.fakes._textkeys): the per-kind computation gives each
value the key of the plain rule (the first kind that applies, every kind computed for every
value), and the keys of distinct values line up with them."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes._fold import fold_expr
from washer.fakes._textkeys import CONTENT, MAX_WORDS, distinct_keys, value_keys
from washer.fakes.phones import normalize_phone


def reference_keys(values: pl.Series) -> pl.DataFrame:
    """Every kind's key computed for every value, the first that applies chosen."""
    frame = pl.DataFrame({"orig": values})
    numeric = ~(values.str.contains(r"[\p{L}@]").to_numpy())
    phone = pl.repeat(None, len(values), dtype=pl.String, eager=True)
    if numeric.any():
        idx = np.flatnonzero(numeric)
        phone = phone.scatter(idx, normalize_phone(values.gather(idx)))
    orig = pl.col("orig")
    digits = orig.str.replace_all(r"[\s.\-\u2010-\u2015\u2212]+", "")
    words = fold_expr(orig).str.extract_all(CONTENT)
    ntok = words.list.len()
    is_email = orig.str.contains("@")
    is_phone = pl.lit(phone).is_not_null() & ~orig.str.contains(r"\p{L}")
    is_id = digits.str.contains("^[0-9]{11}$")
    return frame.select(
        orig,
        pl.when(is_email)
        .then(pl.lit("E:") + orig.str.strip_chars().str.to_lowercase())
        .when(is_phone)
        .then(pl.lit("P:") + pl.lit(phone))
        .when(is_id)
        .then(pl.lit("I:") + digits)
        .when((ntok > 0) & (ntok <= MAX_WORDS))
        .then(pl.lit("T:") + words.list.join(" "))
        .alias("key"),
        pl.when(is_email | is_phone | is_id).then(0).otherwise(ntok).cast(pl.Int32).alias("ntok"),
    )


# Pieces of names, addresses, e-mails, phones and ids, glued at random.
PIECES = st.sampled_from(
    [
        "Anne", "MARIE", "Ødegård", "o\u0308", "Storgata", "12", "B", "-", " ", ".", "@",
        "example.com", "+47", "0047", "912", "34", "567", "(0)", "/", "01017012345",
        "010170 12345", "XK", "4711093", "ß", "Σ", "\u2212", "?", "\ufffd", "1", "2 3 4 5 6 7 8 9",
    ]
)  # fmt: skip
VALUES = st.lists(st.lists(PIECES, max_size=6).map("".join), max_size=40, unique=True)


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_distinct_keys_are_the_plain_rule(values: list[str]) -> None:
    series = pl.Series("v", values, dtype=pl.String)
    assert distinct_keys(series).equals(reference_keys(series))


@settings(max_examples=100, deadline=None)
@given(VALUES)
def test_value_keys_are_the_distinct_values_with_a_key(values: list[str]) -> None:
    series = pl.Series("v", [*values, *values[:3], None], dtype=pl.String)
    expected = reference_keys(pl.Series(values, dtype=pl.String)).filter(
        pl.col("key").is_not_null()
    )
    assert value_keys(series).sort("orig").equals(expected.sort("orig"))


def test_kinds() -> None:
    keys = distinct_keys(
        pl.Series(["A@B.no ", "+47 912 34 567", "010170 12345", "Storgata 12B", "---", "x" * 0])
    )
    assert keys["key"].to_list() == [
        "E:a@b.no",
        "P:+4791234567",
        "I:01017012345",
        "T:storgata 12 b",
        None,
        None,
    ]
    assert keys["ntok"].to_list() == [0, 0, 0, 3, 0, 0]
