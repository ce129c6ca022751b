"""The run tables' fakes beside the rows: joins by a value's hash give the string join's rows."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer import _joins
from washer.beside import HelperJoin, beside

_VALUES = st.sampled_from(["", "a", "b", "ab", "ba", "ukjent", "0", "91234567", "Å", "a b"])


def _expected(rows: pl.DataFrame, table: pl.DataFrame) -> pl.DataFrame:
    joined = rows.join(table, left_on="v", right_on="orig", how="left", maintain_order="left")
    return joined.select("v", "fake")


def _case(values: list[str | None], keys: list[str]) -> tuple[pl.DataFrame, HelperJoin]:
    rows = pl.DataFrame({"v": values}, schema={"v": pl.String})
    table = pl.DataFrame(
        {"orig": keys, "fake": [f"fake-{k}" for k in keys]},
        schema={"orig": pl.String, "fake": pl.String},
    )
    return rows, HelperJoin(pl.col("v"), "v", table.lazy(), "orig", False)


@given(st.lists(st.none() | _VALUES, max_size=40), st.sets(_VALUES, max_size=8))
def test_the_fakes_beside_the_rows_are_the_string_join_s(
    values: list[str | None], keys: set[str]
) -> None:
    rows, join = _case(values, sorted(keys))
    assert beside([join], rows).equals(_expected(rows, join.table.collect()))


@settings(max_examples=50)
@given(st.lists(st.none() | _VALUES, max_size=40), st.sets(_VALUES, max_size=8))
def test_values_sharing_a_hash_still_get_their_own_fakes(
    values: list[str | None], keys: set[str]
) -> None:
    # A hash of the length alone: "ab" and "ba" clash, so do the table's keys among
    # themselves; the joins proven wrong fall back to the string join.
    rows, join = _case(values, sorted(keys))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_joins, "value_hash", lambda v: v.str.len_bytes().cast(pl.UInt64))
        washed = beside([join], rows)
    assert washed.equals(_expected(rows, join.table.collect()))


@given(st.lists(st.none() | _VALUES, max_size=40), st.sets(_VALUES, max_size=8))
def test_a_computed_key_gets_the_string_join_s_fakes(
    values: list[str | None], keys: set[str]
) -> None:
    # An entity's key is computed from the row (a hash); its join keeps the key beside the
    # fakes, as the string join gives them.
    rows, join = _case(values, sorted(keys))
    hashed = pl.col("v").hash(seed=0)
    table = join.table.collect().select(pl.col("orig").hash(seed=0).alias("h"), "fake")
    computed = HelperJoin(hashed, "h", table.lazy(), "h", True)
    expected = rows.with_columns(hashed.alias("h")).join(
        table, on="h", how="left", maintain_order="left"
    )
    assert beside([computed], rows).equals(expected)


@given(st.lists(st.none() | _VALUES, max_size=40), st.sets(_VALUES, max_size=8))
def test_the_hashed_gather_is_the_proven_hashed_join(
    values: list[str | None], keys: set[str]
) -> None:
    rows, join = _case(values, sorted(keys))
    table = join.table.collect().rename({"orig": "v"})
    joined = _joins.proven(_joins.hashed_left_join(rows.lazy(), table.lazy(), "v").collect(), "v")
    gathered = _joins.hashed_left_gather(rows, table, "v")
    assert joined is not None and gathered is not None
    assert gathered.equals(joined.drop("v"))


@settings(max_examples=50)
@given(
    st.lists(st.tuples(st.none() | _VALUES, st.none() | _VALUES), max_size=40),
    st.sets(_VALUES, max_size=8),
    st.booleans(),
)
def test_columns_looking_in_one_table_get_their_own_fakes(
    values: list[tuple[str | None, str | None]], keys: set[str], clash: bool
) -> None:
    # Two columns' values are found in their shared table together; with hashes that clash
    # the joins fall back one by one.
    rows = pl.DataFrame(values, schema={"v": pl.String, "w": pl.String}, orient="row")
    table = pl.DataFrame(
        {"orig": sorted(keys), "fake": [f"fake-{k}" for k in sorted(keys)]},
        schema={"orig": pl.String, "fake": pl.String},
    )
    joins = [
        HelperJoin(pl.col(c), c, table.lazy().rename({"fake": f"f_{c}"}), "orig", False, "t")
        for c in ("v", "w")
    ]
    expected = rows
    for c in ("v", "w"):
        fakes = table.rename({"orig": c, "fake": f"f_{c}"})
        expected = expected.join(fakes, on=c, how="left", maintain_order="left")
    with pytest.MonkeyPatch.context() as patch:
        if clash:
            patch.setattr(_joins, "value_hash", lambda v: v.str.len_bytes().cast(pl.UInt64))
        washed = beside(joins, rows)
    assert washed.equals(expected)
