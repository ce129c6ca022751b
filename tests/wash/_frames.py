"""A hypothesis strategy of small inputs for the tables phase's projection tests."""

from __future__ import annotations

import polars as pl
from hypothesis import strategies as st

Inputs = tuple[list[pl.LazyFrame], list[frozenset[str]]]


def some_inputs(
    columns: list[str], cells: st.SearchStrategy[str | None]
) -> st.SearchStrategy[Inputs]:
    """One to three inputs, each with some of ``columns`` (rows repeat often), and the columns
    each has."""

    @st.composite
    def inputs(draw: st.DrawFn) -> Inputs:
        frames, avails = [], []
        for _ in range(draw(st.integers(1, 3))):
            present = draw(st.lists(st.sampled_from(columns), unique=True, max_size=len(columns)))
            height = draw(st.integers(0, 12))
            data = {c: draw(st.lists(cells, min_size=height, max_size=height)) for c in present}
            frames.append(pl.DataFrame(data, schema=dict.fromkeys(present, pl.String)).lazy())
            avails.append(frozenset(present))
        return frames, avails

    return inputs()
