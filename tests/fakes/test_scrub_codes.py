"""Ids written in other groups than their column's (``XK 471 1093`` for ``XK4711093``) get the
fake of the value, in the row's own text and as a value known from another row."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes import scrub_text

from ._helpers import KEY, series

# How people part the groups of a number: spaces, a no-break space, dots, dashes.
SEPARATORS = ["", " ", "  ", "\u00a0", "-", "\u2013", "."]


def id_mapper(ids: pl.Series) -> pl.Series:
    return ids.str.replace_many(list("0123456789"), list("1234567890"))


def email_fallback(emails: pl.Series) -> pl.Series:
    return pl.Series(["anon@example.org"] * len(emails), dtype=pl.String)


passports = st.tuples(
    st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ", min_size=1, max_size=3),
    st.text(alphabet="0123456789", min_size=5, max_size=7),
).map("".join)
# Malformed ids: ten digits (an 11-digit id is found by the detector); from 1, so no group of
# eight reads as a Norwegian phone number's first digit.
malformed = st.from_regex(r"1[0-9]{9}", fullmatch=True)


@st.composite
def grouped(draw: st.DrawFn, value: str) -> str:
    """``value`` with a separator (or none) at random cuts, each letter in either case."""
    out = []
    for i, ch in enumerate(value):
        if i and draw(st.booleans()):
            out.append(draw(st.sampled_from(SEPARATORS)))
        out.append(ch.lower() if draw(st.booleans()) else ch)
    return "".join(out)


def _scrub(texts: list[str], own: list[tuple[str, str]], known: list[tuple[str, str]]) -> list[str]:
    """``texts`` scrubbed; ``own[i]``: the (original, fake) of text ``i``'s row."""
    out = scrub_text(
        series(texts),
        own=[(series([o for o, _ in own]), series([f for _, f in own]))] if own else [],
        known=[(series([o for o, _ in known]), series([f for _, f in known]))] if known else [],
        id_mapper=id_mapper,
        phone_key=KEY,
        email_fallback=email_fallback,
    )
    return [str(t) for t in out.to_list()]


def _in_own_and_other_row(text: str, value: str, fake: str) -> list[str]:
    """``text`` scrubbed in the row of ``value`` and in a row of somebody else's, where the
    value is known from the run."""
    return _scrub(
        [text, text], own=[(value, fake), ("QQ000000", "QQ000001")], known=[(value, fake)]
    )


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


@settings(max_examples=150, deadline=None)
@given(data=st.data(), value=passports, prefix=st.sampled_from(["", "pass ", "nr: ", "(", "ID "]))
def test_a_passport_grouped_any_way_gets_its_fake_in_its_own_row_and_in_others(
    data: st.DataObject, value: str, prefix: str
) -> None:
    fake = "ZQ" + "0" * (len(value) - 2)
    written = data.draw(grouped(value))
    for out in _in_own_and_other_row(f"{prefix}{written}, takk", value, fake):
        assert out == f"{prefix}{fake}, takk", written


@settings(max_examples=150, deadline=None)
@given(data=st.data(), value=malformed)
def test_a_malformed_id_grouped_any_way_does_not_stay(data: st.DataObject, value: str) -> None:
    fake = "9" + value[1:][::-1]
    written = data.draw(grouped(value))
    for out in _in_own_and_other_row(f"id {written} ok", value, fake):
        # Groups that read as a phone number get a phone's fake; the id never stays.
        assert value not in _compact(out), written
        assert out != f"id {written} ok", written


def test_a_passport_in_several_layouts_gets_its_fake() -> None:
    layouts = ["XK 471 1093", "xk-471-1093", "XK 47 11 093", "X K 4711093", "XK\u00a0471\u20131093"]
    out = _scrub([f"pass {w}." for w in layouts], own=[], known=[("XK4711093", "AT8352800")])
    assert out == ["pass AT8352800."] * len(layouts)


def test_an_organisation_number_grouped_oddly_gets_its_fake() -> None:
    out = _scrub(["org 97 47 60 673", "org 9747 60673"], own=[], known=[("974760673", "974646315")])
    assert out == ["org 974646315", "org 974646315"]


def test_a_longer_run_of_digits_is_not_cut_to_a_shorter_id() -> None:
    """Only windows of whole groups are read: ``4711093`` is not found inside ``14711 0934``
    by cutting a group, and text without any known code comes back unchanged."""
    texts = ["XK 14711 0934", "rom 12 34 56 78 9", "XK 471 1094"]
    assert _scrub(texts, own=[], known=[("XK4711093", "AT8352800")]) == texts
