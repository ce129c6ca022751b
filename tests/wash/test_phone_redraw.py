"""Phone fakes that read as an original id are redrawn as before, with the draws checked
against the run's numbers all at once."""

from __future__ import annotations

import hashlib
import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes.phones import fake_phones, national_numbers, normalize_phone
from washer.tables.collisions import (
    _TAIL,
    _TRIES,
    _nationals_among,
    _present,
    _replace,
    _with_tail,
    redraw_phones,
)

KEY = bytes(range(32))
PHONE_KEY = bytes(range(1, 33))


def _redraw_phones_reference(
    table: pl.DataFrame, originals: list[pl.Series], key: bytes
) -> pl.DataFrame:
    """redraw_phones as it was: a set of the clashing values, one search per draw."""
    national = table.with_columns(national_numbers(table["fake"]).alias("national"))
    present = national["national"].drop_nulls()
    clash = _present(present.unique(), originals)
    if not clash:
        return table
    hit = national.filter(pl.col("national").is_in(pl.Series(sorted(clash)).implode()))
    numbers = hit.with_columns(normalize_phone(hit["orig"]).fill_null(hit["orig"]).alias("n"))
    taken = [*originals, present, national_numbers(table["orig"]).drop_nulls()]
    drawn: set[str] = set()
    new: dict[str, str] = {}
    for (number,), group in sorted(numbers.group_by("n"), key=lambda g: str(g[0][0])):
        seed = hashlib.blake2b(str(number).encode(), key=key, digest_size=8).digest()
        rng = random.Random(int.from_bytes(seed, "big"))
        old = str(group["national"][0])
        for _ in range(_TRIES):
            candidate = _with_tail(old, "".join(rng.choice("0123456789") for _ in range(_TAIL)))
            if candidate in drawn or _present([candidate], taken):
                continue
            drawn.add(candidate)
            tail = candidate[-_TAIL:]
            for orig, fake in group.select("orig", "fake").iter_rows():
                new[orig] = _with_tail(fake, tail)
            break
    return _replace(table, "orig", new)


def _first_draw(number: str, national: str) -> str:
    seed = hashlib.blake2b(number.encode(), key=KEY, digest_size=8).digest()
    rng = random.Random(int.from_bytes(seed, "big"))
    return _with_tail(national, "".join(rng.choice("0123456789") for _ in range(_TAIL)))


_LAYOUTS = ("{}", "+47{}", "0047 {}", "+47 {} ", "{} (mobil)")


@st.composite
def phone_tables(draw: st.DrawFn) -> tuple[pl.DataFrame, list[pl.Series]]:
    """Distinct phones (some one number in several layouts) with their fakes, and original
    numbers that hold some of the fakes' national numbers."""
    numbers = draw(st.lists(st.integers(20_000_000, 99_999_999), min_size=1, max_size=12))
    written = {
        layout.format(n)
        for n in numbers
        for layout in draw(st.lists(st.sampled_from(_LAYOUTS), min_size=1, max_size=3))
    }
    written |= set(draw(st.lists(st.sampled_from(["+46701234567", "12345", "+4"]), max_size=2)))
    orig = pl.Series(sorted(written), dtype=pl.String)
    table = pl.DataFrame({"orig": orig, "fake": fake_phones(orig, PHONE_KEY)})
    nationals = national_numbers(table["fake"]).drop_nulls().unique().sort().to_list()
    clashing = draw(st.lists(st.sampled_from(nationals), max_size=4)) if nationals else []
    others = draw(st.lists(st.integers(100_000, 10**11).map(str), max_size=3))
    return table, [pl.Series(clashing + others, dtype=pl.String), pl.Series(["974760673"])]


@settings(max_examples=60, deadline=None)
@given(case=phone_tables())
def test_redraw_phones_equals_the_one_draw_at_a_time_version(
    case: tuple[pl.DataFrame, list[pl.Series]],
) -> None:
    table, originals = case
    assert redraw_phones(table, originals, KEY).equals(
        _redraw_phones_reference(table, originals, KEY)
    )


def test_a_draw_that_is_a_number_of_the_run_is_passed_over_as_before() -> None:
    orig = pl.Series(["+4791234567", "91234567", "+4722334455"])
    table = pl.DataFrame({"orig": orig, "fake": fake_phones(orig, PHONE_KEY)})
    nationals = national_numbers(table["fake"]).to_list()
    # The first number's fake clashes, and so does its first new draw.
    first = _first_draw("+4791234567", str(nationals[0]))
    originals = [pl.Series([nationals[0], nationals[2], first]), pl.Series([], dtype=pl.String)]
    out = redraw_phones(table, originals, KEY)
    assert out.equals(_redraw_phones_reference(table, originals, KEY))
    new = national_numbers(out["fake"]).to_list()
    assert new[0] == new[1]  # one number, one fake, whatever the layout
    assert not {first, nationals[0], nationals[2]} & set(new)


def test_no_clash_leaves_the_table_as_it_was() -> None:
    orig = pl.Series(["+4791234567"])
    table = pl.DataFrame({"orig": orig, "fake": fake_phones(orig, PHONE_KEY)})
    assert redraw_phones(table, [pl.Series(["12345678901"])], KEY).equals(table)
    assert redraw_phones(table, [], KEY).equals(table)


def _present_reference(values: list[str], among: list[pl.Series]) -> set[str]:
    wanted = pl.Series(values, dtype=pl.String).implode()
    return {v for series in among for v in series.filter(series.is_in(wanted)).to_list()}


_SHORT = st.text(alphabet="0123a", max_size=3)


@settings(max_examples=200)
@given(
    values=st.lists(_SHORT, max_size=20),
    among=st.lists(st.lists(st.none() | _SHORT, max_size=30), max_size=4),
)
def test_present_equals_the_set_of_values_found(
    values: list[str], among: list[list[str | None]]
) -> None:
    series = [pl.Series(a, dtype=pl.String) for a in among]
    expected = _present_reference(values, series) if values else set()
    assert _present(values, series) == expected
    assert _present(pl.Series(values, dtype=pl.String), series) == expected


# Phone numbers as written: digits, country codes, separators, a (0) trunk mark, other text.
# (A non-ASCII digit or space too: the phones parsed are picked by their last characters.)
_WRITTEN = st.text(alphabet="0123456789+ -./()ab\u2013\u0663\u00a0", max_size=16) | st.builds(
    "{}{}{}".format,
    st.sampled_from(["", "+47 ", "0047", "+46 (0)", "+4", "("]),
    st.integers(0, 10**10).map(str),
    st.sampled_from(["", " ", "(0)", ")", " mob"]),
)


@settings(max_examples=300)
@given(phones=st.lists(st.none() | _WRITTEN, max_size=20), data=st.data())
def test_nationals_among_are_the_wanted_national_numbers_of_the_phones(
    phones: list[str | None], data: st.DataObject
) -> None:
    series = pl.Series(phones, dtype=pl.String)
    nationals = national_numbers(series).drop_nulls().to_list()
    # Wanted: national numbers of the phones, their ends and others.
    pick = st.sampled_from(nationals) if nationals else st.nothing()
    wanted = data.draw(
        st.lists(pick | pick.map(lambda n: n[1:]) | st.integers(0, 10**9).map(str), max_size=8)
    )
    assert _nationals_among(series, wanted) == set(nationals) & set(wanted)
