"""Trip ids: structure kept, serial permuted, injective, never unchanged."""

from __future__ import annotations

import re
from unittest.mock import patch

import numpy as np
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from washer.fakes import fake_reference_codes, reference
from washer.fakes.reference import STRUCTURED, _serials

from ._helpers import KEY, OTHER_KEY, keys

seps = st.sampled_from(["-", "_", "/", ".", " ", " - "])


@st.composite
def trip_ids(draw: st.DrawFn) -> str:
    kommune = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    cc = draw(st.sampled_from(["47", "46", "+48", "370", "1"]))
    method = draw(st.sampled_from("1234"))
    serial = draw(st.from_regex(r"[0-9]{1,12}", fullmatch=True))
    sep = draw(seps)
    return sep.join([kommune, cc, method, serial])


def pattern(code: str) -> str:
    return re.sub("[a-z]", "a", re.sub("[A-Z]", "A", re.sub("[0-9]", "9", code)))


@given(code=trip_ids(), key=keys)
def test_structured_ids_keep_the_first_three_elements(code: str, key: bytes) -> None:
    fake = fake_reference_codes(pl.Series([code]), key)[0]
    serial = re.search("[0-9]+$", code).group()  # type: ignore[union-attr]
    head = code[: -len(serial)]
    assert fake != code
    assert fake.startswith(head)
    assert len(fake) == len(code) and fake[len(head) :].isdigit()


@given(code=st.text(max_size=25), key=keys)
def test_other_codes_keep_their_pattern(code: str, key: bytes) -> None:
    fake = fake_reference_codes(pl.Series([code]), key)[0]
    assert pattern(fake) == pattern(code)
    if re.search("[0-9A-Za-z]", code):
        assert fake != code


def test_injective_on_a_large_sample() -> None:
    rng = np.random.default_rng(3)
    serials = np.unique(rng.integers(0, 10**7, 200_000))
    codes = [f"0301-47-1-{s:07d}" for s in serials] + [f"REF{s:07d}x" for s in serials[:50_000]]
    s = pl.Series(codes)
    out = fake_reference_codes(s, KEY)
    assert out.n_unique() == len(codes)
    assert not (out == s).any()
    assert out[: len(serials)].str.starts_with("0301-47-1-").all()


@given(values=st.lists(st.one_of(st.none(), trip_ids()), max_size=20))
def test_value_based_keyed_and_null_preserving(values: list[str | None]) -> None:
    s = pl.Series(values, dtype=pl.String)
    out = fake_reference_codes(s, KEY)
    assert out.is_null().to_list() == s.is_null().to_list()
    assert fake_reference_codes(s.reverse(), KEY).reverse().to_list() == out.to_list()
    other = fake_reference_codes(s, OTHER_KEY)
    distinct = {v for v in values if v is not None and len(v.rsplit("-", 1)[-1]) > 3}
    if len(distinct) > 4:
        assert (out != other).sum() > 0


def test_no_fake_is_another_trips_code() -> None:
    serials = np.random.default_rng(5).choice(10_000, 4_000, replace=False)
    codes = pl.Series([f"5001-47-2-{n:04d}" for n in serials] + ["A1-b2", "A1-b3", "B7-x9"])
    fakes = fake_reference_codes(codes, KEY)
    assert fakes.n_unique() == len(codes)
    assert not fakes.is_in(codes.implode()).any()


def _regex_serials(s: pl.Series) -> tuple[list[int], list[int]]:
    """The serial lengths as two regex searches read them, and the serials (cut and cast)
    of those of at most 18 digits: the former implementation."""
    shape = STRUCTURED.replace("?P<head>", "").replace("?P<serial>", "")
    found = s.to_frame("s").select(
        pl.when(pl.col("s").str.contains(shape))
        .then(pl.col("s").str.len_bytes() - pl.col("s").str.find("[0-9]+$"))
        .fill_null(0)
        .alias("n")
    )
    lengths = [int(v) for v in found["n"]]
    serials = [
        int(code[-n:]) if 0 < n <= 18 and code is not None else 0
        for code, n in zip(s.to_list(), lengths, strict=True)
    ]
    return lengths, serials


# Codes near the shape: digits, separators (ASCII, multi-byte, "+", newline), letters.
near_codes = st.one_of(
    st.none(),
    trip_ids(),
    st.text(alphabet="0123456789-+ /._\nø€aZ", max_size=24),
    st.lists(
        st.one_of(st.from_regex(r"[0-9]{1,20}", fullmatch=True), st.sampled_from(["-", "+", "ø"])),
        max_size=9,
    ).map("".join),
)


@given(st.lists(near_codes, max_size=40), st.sampled_from([1, 3, 1 << 14]))
def test_serials_read_the_bytes_as_the_regexes_and_casts_do(
    values: list[str | None], slice_size: int
) -> None:
    s = pl.Series(values, dtype=pl.String)
    with patch.object(reference, "_SLICE", slice_size):
        lengths, serials = _serials(s)
        assert (lengths.tolist(), serials.tolist()) == _regex_serials(s)
