"""A batch is cut by its free text into consecutive slices within the budget."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import washer.batching as batching
from washer.batching import chunk_slices, text_bounded

_texts = st.lists(st.one_of(st.none(), st.text(max_size=40)), min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(texts=_texts, other=st.data(), budget=st.integers(1, 120))
def test_slices_cover_the_rows_in_order_within_the_budget(
    texts: list[str | None], other: st.DataObject, budget: int
) -> None:
    notes = other.draw(
        st.lists(
            st.one_of(st.none(), st.text(max_size=20)), min_size=len(texts), max_size=len(texts)
        )
    )
    batch = pl.DataFrame(
        {"row": range(len(texts)), "t": texts, "u": notes, "kept": ["x" * 50] * len(texts)},
        schema={"row": pl.Int64, "t": pl.String, "u": pl.String, "kept": pl.String},
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batching, "TEXT_BYTES", budget)
        slices = list(text_bounded(batch, ["t", "u", "not_a_column"]))
    assert pl.concat(slices).equals(batch)  # every row once, in order
    assert all(s.height > 0 for s in slices)
    sizes = [
        s.select(pl.sum_horizontal(pl.col("t", "u").str.len_bytes().fill_null(0)).sum()).item()
        for s in slices
    ]
    for part in slices:
        rest = part.slice(1).select(
            pl.sum_horizontal(pl.col("t", "u").str.len_bytes().fill_null(0)).sum()
        )
        assert rest.item() <= budget or part.height == 1  # at most the budget after its first row
    total = sum(sizes)
    assert len(slices) <= max(1, -(-total // budget))  # no more slices than budgets filled
    if total <= budget:
        assert len(slices) == 1


def test_a_batch_without_text_columns_is_one_slice() -> None:
    batch = pl.DataFrame({"kept": ["x" * 100] * 10})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batching, "TEXT_BYTES", 1)
        assert [s.height for s in text_bounded(batch, ["t"])] == [10]


@settings(max_examples=300, deadline=None)
@given(height=st.integers(0, 5000), chunk=st.integers(1, 900), tail=st.integers(1, 300))
def test_chunks_cover_the_rows_in_order_with_a_small_last_one(
    height: int, chunk: int, tail: int
) -> None:
    slices = chunk_slices(height, chunk, tail)
    starts = [start for start, _ in slices]
    ends = [start + length for start, length in slices]
    assert starts == [0, *ends[:-1]] and ends[-1] == height  # every row once, in order
    assert all(0 < length <= chunk for _, length in slices) or slices == [(0, 0)]
    if height >= 4:  # the last chunk is washed alone, and is small
        assert slices[-1][1] <= min(tail, chunk, height // 4)
        assert len(slices) == 1 + -(-(height - slices[-1][1]) // chunk)
