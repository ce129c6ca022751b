"""The run tables' fakes beside the rows: joins by a value's hash give the string join's rows."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer import _joins
from washer import beside as beside_module
from washer.beside import HelperJoin, _run_start, beside, one_chunk

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
def test_the_hashed_gather_is_the_string_join(values: list[str | None], keys: set[str]) -> None:
    rows, join = _case(values, sorted(keys))
    table = join.table.collect().rename({"orig": "v"})
    joined = rows.join(table, on="v", how="left", maintain_order="left")
    gathered = _joins.hashed_left_gather(rows, table, "v")
    assert gathered is not None
    assert gathered.equals(joined.select(table.drop("v").columns))


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


_U64 = st.integers(0, 2**64 - 1) | st.integers(0, 40) | st.integers(2**64 - 40, 2**64 - 1)


@given(st.lists(_U64, max_size=60), st.lists(_U64, max_size=60), st.data())
def test_a_key_index_finds_each_key_where_the_table_has_it(
    table: list[int], keys: list[int], data: st.DataObject
) -> None:
    # Keys spread over 64 bits (hashes), crowded near 0 and near the top (clashing slots,
    # slots wrapping round the end), missing and absent keys: the index finds what a dict
    # finds, or is not built (keys equal or not spread).
    present = data.draw(st.lists(st.booleans(), min_size=len(table), max_size=len(table)))
    index = _joins.KeyIndex.of(np.array(table, dtype=np.uint64), np.array(present, dtype=bool))
    kept = [k for k, p in zip(table, present, strict=True) if p]
    if len(set(kept)) < len(kept):
        assert index is None
    if index is None:
        return
    rows = {k: i for i, (k, p) in enumerate(zip(table, present, strict=True)) if p}
    asked = keys + table
    wanted = [k % 3 != 0 for k in asked]
    found = index.find(np.array(asked, dtype=np.uint64), np.array(wanted, dtype=bool))
    expected = [rows.get(k, -1) if w else -1 for k, w in zip(asked, wanted, strict=True)]
    assert found.tolist() == expected


def test_a_run_table_is_indexed_once() -> None:
    table = pl.DataFrame({"orig": ["a", "b", None, "c"], "fake": ["1", "2", "3", "4"]})
    first = _joins.table_index(table, "orig", hashed=True)
    assert first is not None and _joins.table_index(table, "orig", hashed=True) is first
    keys = pl.Series("orig", ["c", None, "x", "a", "b"])
    at = _joins.indexed_positions(keys, table["orig"], first, hashed=True)
    assert at is not None and at.to_list() == [3, None, None, 0, 1]


@given(st.lists(st.sets(_VALUES, max_size=4), min_size=1, max_size=4))
def test_a_run_table_in_pieces_is_made_one_chunk_once_with_its_rows(
    pieces: list[set[str]],
) -> None:
    # A run table built in pieces (columns of several chunks) is gathered from in one chunk
    # per column: the same rows in the same order, made once while the table lives.
    frames = [pl.DataFrame({"orig": sorted(p)}, schema={"orig": pl.String}) for p in pieces]
    table = pl.concat(frames, rechunk=False).with_columns(fake=pl.lit("fake-") + pl.col("orig"))
    once = one_chunk(table)
    assert all(column.n_chunks() == 1 for column in once.iter_columns())
    assert once.equals(table) and one_chunk(table) is once


@settings(max_examples=50)
@given(st.lists(st.none() | _VALUES, max_size=40), st.lists(st.sets(_VALUES), max_size=3))
def test_fakes_from_a_table_in_pieces_are_the_string_join_s(
    values: list[str | None], pieces: list[set[str]]
) -> None:
    rows = pl.DataFrame({"v": values}, schema={"v": pl.String})
    # Distinct keys over the pieces (a run table's keys are).
    seen: set[str] = set()
    frames = []
    for p in [set(), *pieces]:
        frames.append(pl.DataFrame({"orig": sorted(p - seen)}, schema={"orig": pl.String}))
        seen |= p
    table = pl.concat(frames, rechunk=False).with_columns(fake=pl.lit("fake-") + pl.col("orig"))
    piecewise = one_chunk(table)
    join = HelperJoin(pl.col("v"), "v", piecewise.lazy(), "orig", False, "t", piecewise)
    assert beside([join], rows).equals(_expected(rows, table))


@given(
    st.lists(st.text(max_size=3), unique=True, min_size=1, max_size=30),
    st.data(),
)
def test_rows_holding_a_run_of_the_table_s_keys_get_the_string_join_s_fakes(
    keys: list[str], data: st.DataObject
) -> None:
    # Trip codes: each batch of rows holds a run of the table's keys in order, which is
    # found by its first key and proved; rows that are no such run (a key changed, two
    # swapped, a null, a key not in the table) are looked up one by one.
    start = data.draw(st.integers(0, len(keys) - 1))
    values: list[str | None] = list(keys[start : data.draw(st.integers(start + 1, len(keys)))])
    change = data.draw(st.sampled_from(["none", "other", "swap", "null"]))
    at = data.draw(st.integers(0, len(values) - 1))
    if change == "other":
        values[at] = data.draw(st.sampled_from([*keys, "not a key"]))
    elif change == "swap":
        values[at], values[-1] = values[-1], values[at]
    elif change == "null":
        values[at] = None
    rows, join = _case(values, keys)
    table = join.table.collect()
    join = HelperJoin(pl.col("v"), "v", join.table, "orig", False, "t", table)
    first = keys.index(values[0]) if values[0] in keys else -1
    run = first if first >= 0 and keys[first : first + len(values)] == values else None
    with pytest.MonkeyPatch.context() as patch:
        # A probe shorter than most runs: the proof over all rows is what tells them.
        patch.setattr(beside_module, "_PROBE", 2)
        assert _run_start(join, table, rows["v"].alias("orig")) == run
        assert change != "none" or run == start
        assert beside([join], rows).equals(_expected(rows, table))
