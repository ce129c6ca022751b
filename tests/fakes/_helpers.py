"""Shared test inputs for washer.fakes: keys, strategies and independent reference checks."""

from __future__ import annotations

import re
import unicodedata

import polars as pl
from hypothesis import strategies as st

from washer.fakes._pools import pools

KEY = bytes.fromhex("5a" * 32)
OTHER_KEY = bytes.fromhex("a5" * 32)

seeds = st.integers(min_value=0, max_value=2**64 - 1)
keys = st.binary(min_size=16, max_size=64)


def fold_word(text: str) -> str:
    """An independent folding (Python's unicodedata) to check washer's polars one against."""
    special = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l"}
    out = []
    for ch in text.lower():
        ch = special.get(ch, ch)
        out.append(
            "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        )
    return "".join(out)


def words_of(text: str) -> list[str]:
    """Folded letter runs of a text: the words a name could be."""
    return re.findall(r"[^\W\d_]+", fold_word(text))


def digits_of(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def pool_set(field: str) -> frozenset[str]:
    return frozenset(getattr(pools(), field).values.to_list())


FEMALE = pool_set("female")
MALE = pool_set("male")
FIRST_NAMES = sorted(FEMALE | MALE)
LAST_NAMES = sorted(pool_set("last") | pool_set("last_female"))


@st.composite
def norwegian_phones(draw: st.DrawFn) -> str:
    """8 digits starting 2-9 (mobile 4/9 or landline)."""
    first = draw(st.sampled_from("23456789"))
    return first + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7)))


def phone_layouts(national: str) -> list[str]:
    """The three layouts the wash issue names as one phone, the grouped national ones, the
    country code in brackets or with the trunk zero in brackets, and groups parted by a
    no-break space (a word processor's), two spaces or an en dash."""
    n = national
    return [
        f"+47 {n[:3]} {n[3:5]} {n[5:]}",
        f"0047{n}",
        n,
        f"{n[:3]} {n[3:5]} {n[5:]}",
        f"{n[:2]} {n[2:5]} {n[5:]}",
        f"+47 (0){n[:3]} {n[3:5]} {n[5:]}",
        f"(+47) {n}",
        f"+47\u00a0{n[:3]}\u00a0{n[3:5]}\u00a0{n[5:]}",
        f"{n[:3]}  {n[3:5]}  {n[5:]}",
        f"{n[:3]}\u2013{n[3:5]}\u2013{n[5:]}",
    ]


PHONE_LAYOUTS = 10


def series(values: list[str | None]) -> pl.Series:
    return pl.Series(values, dtype=pl.String)
