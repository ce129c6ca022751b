"""The tables phase's shortcuts give what the longer ways gave.

* The entity rows: distinct rows first, hashed after (they were hashed per row, the hash part
  of the unique's key).
* Reference codes and keyed hashes are faked unsorted: their fakes depend on the set of
  originals, not their order, and the known pairs of an unsorted domain table are those of
  the sorted one.
"""

from __future__ import annotations

import hashlib
import random
from functools import partial

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.rules.model import EntitySpec
from washer.tables.mentioned import _mentioned
from washer.tables.nodes import key_hash
from washer.tables.projections import _col, _concat, _entity_rows, _values_query
from washer.transforms._base import IdMapper
from washer.transforms.codes import KeyedHash, ReferenceCode

from ._frames import some_inputs

_SPEC = EntitySpec("person", ids=("id",), names=("first", "last"), contacts=("phone",))
_COLUMNS = ["id", "first", "last", "phone", "address"]

_cells = st.one_of(st.none(), st.sampled_from(["", "a", "b", "Ola", "12 345", "ø"]))

_inputs = partial(some_inputs, _COLUMNS, _cells)


def _rows_hashed_per_row(frames: list[pl.LazyFrame], avails: list[frozenset[str]]) -> pl.DataFrame:
    """The entity rows as the query built them before: each input's rows hashed, then the
    unique of hash and values."""
    return _concat(
        [
            f.select(key_hash(_SPEC, a), *[_col(c, a).alias(c) for c in _COLUMNS])
            for f, a in zip(frames, avails, strict=True)
        ]
    ).collect()


@settings(max_examples=200, deadline=None)
@given(_inputs())
def test_entity_rows_hashed_after_the_unique_are_those_hashed_per_row(
    inputs: tuple[list[pl.LazyFrame], list[frozenset[str]]],
) -> None:
    frames, avails = inputs
    new = _entity_rows(_SPEC, _COLUMNS, frames, avails).collect()
    old = _rows_hashed_per_row(frames, avails)
    assert new.columns == old.columns
    assert new.schema == old.schema
    assert new.sort(pl.all(), nulls_last=True).equals(old.sort(pl.all(), nulls_last=True))


_codes = st.one_of(
    st.from_regex(r"[0-9]{4}-(\+?47|46|1)-[1-4]-[0-9]{1,7}", fullmatch=True),
    st.text(alphabet="0123456789-+ /.aZø", max_size=12),
)


class _Keys:
    """Run keys for the fakes of a value domain (no id mapper)."""

    def derive(self, purpose: str) -> bytes:
        return hashlib.sha256(purpose.encode()).digest()

    def id_mapper(self, style: str) -> IdMapper:
        raise NotImplementedError


@settings(max_examples=100, deadline=None)
@given(st.lists(_codes, unique=True, max_size=60), st.randoms(use_true_random=False))
def test_order_free_domains_fake_a_shuffle_as_they_fake_the_sorted(
    codes: list[str], rnd: random.Random
) -> None:
    shuffled = list(codes)
    rnd.shuffle(shuffled)
    for domain in (ReferenceCode._domain, KeyedHash._domain):
        assert domain.order_free
        ordered = pl.Series("orig", sorted(codes), dtype=pl.String)
        unsorted = pl.Series("orig", shuffled, dtype=pl.String)
        old = pl.DataFrame({"orig": ordered, "fake": domain.fake(_Keys(), ordered)})
        new = pl.DataFrame({"orig": unsorted, "fake": domain.fake(_Keys(), unsorted)})
        assert new.sort("orig").equals(old)


_words = st.sampled_from(["ab", "cd", "0301", "x", "47", "ø1", "zz9"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(_words, _words, _words), unique_by=lambda t: t[0] + " " + t[1], max_size=30),
    st.lists(_words, max_size=6),
    st.randoms(use_true_random=False),
)
def test_known_pairs_of_an_unsorted_domain_table_are_those_of_the_sorted(
    rows: list[tuple[str, str, str]], words: list[str], rnd: random.Random
) -> None:
    origs = [f"{a} {b}" for a, b, _ in rows]
    fakes = [f"{c}-{i}" for i, (_, _, c) in enumerate(rows)]
    table = pl.DataFrame(
        {"orig": origs, "fake": fakes}, schema={"orig": pl.String, "fake": pl.String}
    )
    order = list(range(table.height))
    rnd.shuffle(order)
    unsorted = table[order]
    tokens = pl.DataFrame({"token": sorted(set(words))}, schema={"token": pl.String})
    old = _mentioned(table.sort("orig"), tokens)
    new = _mentioned(unsorted, tokens, origs=unsorted["orig"])
    assert len(new) == len(old)
    for (o_new, f_new), (o_old, f_old) in zip(new, old, strict=True):
        assert o_new.equals(o_old)
        assert f_new.equals(f_old)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.sampled_from("abcdef")), max_size=8), max_size=3))
def test_values_in_row_order_stand_as_they_first_stand_in_the_inputs(
    columns: list[list[str | None]],
) -> None:
    """An order-free domain's table is read in row order (the row pass gathers its fakes in
    order): its distinct values come as they first stand, input by input, column by column."""
    frames = [
        pl.LazyFrame({"code": c, "other": c}, schema=dict.fromkeys(["code", "other"], pl.String))
        for c in columns
    ]
    avails = [frozenset({"code", "other"})] * len(frames)
    if not frames:
        return
    found = _values_query(["code", "other"], in_row_order=True)(frames, avails)
    assert found is not None
    expected = list(dict.fromkeys(v for c in columns for v in [*c, *c] if v is not None))
    assert found.collect()["orig"].to_list() == expected


_phones = st.one_of(
    st.from_regex(r"(\+47|0047|47)?[2-9][0-9]{7}", fullmatch=True),
    st.from_regex(r"(\+|00)(46|1|358|90) ?[1-9][0-9 ]{5,11}", fullmatch=True),
    st.text(alphabet="0123456789+ -/()abc", max_size=14),
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_phones, unique=True, max_size=40),
    st.lists(st.integers(0, 39), max_size=6),
    st.randoms(use_true_random=False),
)
def test_phone_fakes_and_redraws_of_a_shuffle_are_those_of_the_sorted(
    phones: list[str], clashing: list[int], rnd: random.Random
) -> None:
    """The phone domain is order-free: its fakes, and the redraws of fakes that read as an
    original id (some fakes' national numbers made originals here), do not depend on the
    order of the table."""
    from washer.fakes.phones import national_numbers
    from washer.tables.collisions import redraw_phones
    from washer.transforms.contact import Phone

    domain = Phone._domain
    assert domain.order_free
    ordered = pl.Series("orig", sorted(phones), dtype=pl.String)
    shuffled = list(phones)
    rnd.shuffle(shuffled)
    unsorted = pl.Series("orig", shuffled, dtype=pl.String)
    old = pl.DataFrame({"orig": ordered, "fake": domain.fake(_Keys(), ordered)})
    new = pl.DataFrame({"orig": unsorted, "fake": domain.fake(_Keys(), unsorted)})
    assert new.sort("orig").equals(old)
    nationals = national_numbers(old["fake"]).drop_nulls()
    numbers = [nationals.gather([i % len(nationals) for i in clashing])] if len(nationals) else []
    key = _Keys().derive("clash")
    redrawn_old = redraw_phones(old, numbers, key)
    redrawn_new = redraw_phones(new, numbers, key)
    assert redrawn_new.sort("orig").equals(redrawn_old)
