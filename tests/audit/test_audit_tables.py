"""The audit's shared passes over a column give what separate passes give, value for value."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit._tables import as_table, prefetch
from washer.categories import Category

CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "Ja", "ja ", "Nei", "Bjørn", "Bj\u00c3\u00b8rn", "12B", "Å-ø  é"]),
    st.text(max_size=8),
)


def _sorted(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    return frame.sort(by, nulls_last=True)


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(CELLS, min_size=1, max_size=40),
    original=st.booleans(),
)
def test_counts_and_text_map_of_one_pass_equal_separate_passes(
    cells: list[str | None], original: bool
) -> None:
    frame = pl.DataFrame({"answer": cells}, schema={"answer": pl.String})
    categories = {"answer": Category.ATTRIBUTE}
    together = as_table("t", frame)
    prefetch([together] if original else [], [] if original else [together], categories)
    apart = as_table("t", frame)  # asked one by one: value counts, then the text map
    counts = apart.value_counts("answer")
    text = apart.normal_map("answer", "text")
    assert together.value_counts("answer").schema == counts.schema
    assert _sorted(together.value_counts("answer"), "v").equals(_sorted(counts, "v"))
    assert together.normal_map("answer", "text").schema == text.schema
    assert _sorted(together.normal_map("answer", "text"), "value").equals(_sorted(text, "value"))
