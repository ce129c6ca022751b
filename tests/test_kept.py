"""What is derived from a run table is built once per table and tag, and let go with it."""

from __future__ import annotations

import gc

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from washer import _kept
from washer._kept import kept


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=12))
def test_each_tag_of_a_table_is_built_once_while_the_table_lives(tags: list[str]) -> None:
    table = pl.DataFrame({"x": [1, 2]})
    other = pl.DataFrame({"x": [1, 2]})  # equal, but another table
    built: list[str] = []

    def build(tag: str) -> str:
        built.append(tag)
        return f"{tag}-{len(built)}"

    got = [kept(table, tag, lambda t=tag: build(t)) for tag in tags]  # type: ignore[misc]
    assert built == list(dict.fromkeys(tags))  # once per tag, in first-use order
    assert all(value.startswith(tag) for value, tag in zip(got, tags, strict=True))
    kept(other, tags[0], lambda: build(tags[0]))
    assert built[-1] == tags[0] and len(built) == len(set(tags)) + 1
    key = (id(table), tags[0])
    assert key in _kept._KEPT
    del table
    gc.collect()
    assert key not in _kept._KEPT  # nothing outlives its table
